#pragma once

// Bridges coroutines on the I/O threads to blocking work on the worker pool.

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace carevoice::core {

// Counts the RunBlocking work queued or running on a pool (the worker-pool queue-depth metric).
// An Asio service of the pool's execution context: any thread_pool has one, created on first use.
class PendingWork final : public boost::asio::execution_context::service {
 public:
  // Asio's service-id idiom; its constructor does not throw.
  static inline boost::asio::execution_context::id id;  // NOLINT(cert-err58-cpp)
  explicit PendingWork(boost::asio::execution_context& context) : service(context) {}
  std::atomic<std::int64_t> count{0};

 private:
  void shutdown() override {}
};

// Returns the RunBlocking work items queued or running on `pool`.
inline std::int64_t PendingWorkOf(boost::asio::thread_pool& pool) {
  return boost::asio::use_service<PendingWork>(pool).count.load(std::memory_order_relaxed);
}

// Returns an awaitable that runs `fn()` on `pool` and resumes the awaiting coroutine on its own
// executor with the result. Use for SQLite, bcrypt, TTS/STT and model inference.
// REQUIRES: `fn` returns a non-void, movable value and does not throw (return errors as values);
// it may be moved to another thread. `pool` outlives the operation.
//
// Deliberately not a coroutine itself: `fn` is owned by the posted operation, never by a
// coroutine frame. GCC 12.2 destroys class-type temporaries inside a `co_await` expression twice
// when they own resources, so callers either capture by reference (the awaiting frame outlives
// the operation) or pass a named callable with std::move: never a lambda that owns strings,
// written inside the co_await.
template <class Fn>
auto RunBlocking(boost::asio::thread_pool& pool, Fn fn) {
  using R = std::invoke_result_t<Fn&>;
  static_assert(!std::is_void_v<R>, "RunBlocking needs a value (return a Result<void>)");
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(R)>(
      [&pool](auto handler, Fn f) {
        auto resume_on = boost::asio::get_associated_executor(handler);
        std::atomic<std::int64_t>& pending = boost::asio::use_service<PendingWork>(pool).count;
        pending.fetch_add(1, std::memory_order_relaxed);
        boost::asio::post(
            pool, [h = std::move(handler), f = std::move(f), resume_on, &pending]() mutable {
              R result = f();
              pending.fetch_sub(1, std::memory_order_relaxed);
              boost::asio::post(resume_on, [h = std::move(h), r = std::move(result)]() mutable {
                std::move(h)(std::move(r));
              });
            });
      },
      boost::asio::use_awaitable, std::move(fn));
}

}  // namespace carevoice::core
