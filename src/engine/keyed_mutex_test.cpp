#include "engine/keyed_mutex.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace carevoice::engine {
namespace {

namespace asio = boost::asio;

TEST(KeyedMutexTest, SameKeyRunsOneAtATimeInArrivalOrder) {
  asio::io_context io;
  KeyedMutex mutex;
  std::vector<int> order;
  int inside = 0;
  int max_inside = 0;
  for (int i = 0; i < 8; ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          auto guard = co_await mutex.Lock("conv");
          ++inside;
          max_inside = std::max(max_inside, inside);
          asio::steady_timer t(io, std::chrono::milliseconds(8 - i));
          co_await t.async_wait(asio::use_awaitable);
          order.push_back(i);
          --inside;
        },
        asio::detached);
  }
  io.run();
  EXPECT_EQ(max_inside, 1);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(mutex.LockedKeys(), 0u);
}

TEST(KeyedMutexTest, DifferentKeysDoNotWait) {
  asio::io_context io;
  KeyedMutex mutex;
  std::vector<std::string> done;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto guard = co_await mutex.Lock("a");
        asio::steady_timer t(io, std::chrono::milliseconds(30));
        co_await t.async_wait(asio::use_awaitable);
        done.push_back("a");
      },
      asio::detached);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto guard = co_await mutex.Lock("b");
        done.push_back("b");
        co_return;
      },
      asio::detached);
  io.run();
  EXPECT_EQ(done, (std::vector<std::string>{"b", "a"}));
}

TEST(KeyedMutexTest, WorksAcrossThreads) {
  asio::io_context io;
  KeyedMutex mutex;
  std::atomic<int> inside{0};
  std::atomic<int> violations{0};
  std::atomic<int> count{0};
  for (int i = 0; i < 200; ++i) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto guard = co_await mutex.Lock("k");
          if (inside.fetch_add(1) != 0) violations.fetch_add(1);
          asio::steady_timer t(io, std::chrono::microseconds(50));
          co_await t.async_wait(asio::use_awaitable);
          inside.fetch_sub(1);
          count.fetch_add(1);
        },
        asio::detached);
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { io.run(); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(count.load(), 200);
  EXPECT_EQ(violations.load(), 0);
}

}  // namespace
}  // namespace carevoice::engine
