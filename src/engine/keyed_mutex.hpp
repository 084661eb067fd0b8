#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace carevoice::engine {

// An asynchronous mutex per string key: coroutines that lock the same key run their critical
// sections one at a time, in the order they asked (FIFO). Different keys never wait for each
// other. Thread-safe. Memory is held only for keys currently locked.
class KeyedMutex {
 public:
  class Guard {
   public:
    Guard(KeyedMutex* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    Guard(Guard&& other) noexcept : owner_(other.owner_), key_(std::move(other.key_)) {
      other.owner_ = nullptr;
    }
    Guard& operator=(Guard&&) = delete;
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { Release(); }
    // Unlocks now (idempotent).
    void Release() {
      if (owner_ != nullptr) owner_->Unlock(key_);
      owner_ = nullptr;
    }

   private:
    KeyedMutex* owner_;
    std::string key_;
  };

  // Waits until `key` is free, then returns a guard that frees it when destroyed.
  boost::asio::awaitable<Guard> Lock(std::string key);

  // Returns how many keys are currently locked (for tests).
  std::size_t LockedKeys() const;

 private:
  struct Waiter {
    boost::asio::any_io_executor executor;  // Where the waiting coroutine resumes.
    boost::asio::any_completion_handler<void()> handler;
  };
  struct Waiters {
    std::deque<Waiter> queue;
  };
  void Unlock(const std::string& key);

  mutable std::mutex mu_;
  std::unordered_map<std::string, Waiters> locked_;
};

}  // namespace carevoice::engine
