#include "engine/keyed_mutex.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <utility>

namespace carevoice::engine {

namespace asio = boost::asio;

asio::awaitable<KeyedMutex::Guard> KeyedMutex::Lock(std::string key) {
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  co_await asio::async_initiate<decltype(asio::use_awaitable), void()>(
      [this, &key, &executor](auto handler) {
        std::unique_lock lock(mu_);
        auto [it, inserted] = locked_.try_emplace(key);
        if (inserted) {
          lock.unlock();
          asio::post(executor, [h = std::move(handler)]() mutable { std::move(h)(); });
          return;
        }
        it->second.queue.push_back(
            Waiter{executor, asio::any_completion_handler<void()>(std::move(handler))});
      },
      asio::use_awaitable);
  co_return Guard(this, std::move(key));
}

void KeyedMutex::Unlock(const std::string& key) {
  std::unique_lock lock(mu_);
  auto it = locked_.find(key);
  if (it == locked_.end()) return;
  if (it->second.queue.empty()) {
    locked_.erase(it);
    return;
  }
  Waiter next = std::move(it->second.queue.front());
  it->second.queue.pop_front();
  lock.unlock();
  asio::post(next.executor, [h = std::move(next.handler)]() mutable { std::move(h)(); });
}

std::size_t KeyedMutex::LockedKeys() const {
  std::lock_guard lock(mu_);
  return locked_.size();
}

}  // namespace carevoice::engine
