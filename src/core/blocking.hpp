#pragma once

// Bridges coroutines on the I/O threads to blocking work on the worker pool.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <type_traits>
#include <utility>

namespace carevoice::core {

// Runs `fn()` on `pool` and resumes the calling coroutine on its own executor with the result.
// Use for SQLite, bcrypt, TTS/STT and model inference. REQUIRES: `fn` does not throw across the
// boundary (return errors as values); it may be moved to another thread.
template <class Fn>
auto RunBlocking(boost::asio::thread_pool& pool, Fn fn)
    -> boost::asio::awaitable<std::invoke_result_t<Fn&>> {
  using R = std::invoke_result_t<Fn&>;
  co_return co_await boost::asio::co_spawn(
      pool.get_executor(),
      [f = std::move(fn)]() mutable -> boost::asio::awaitable<R> { co_return f(); },
      boost::asio::use_awaitable);
}

}  // namespace carevoice::core
