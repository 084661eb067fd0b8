#include "call/ws_channel.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace carevoice::call {
namespace {
namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

WsChannel::WsChannel(WebSocket& ws)
    : ws_(ws),
      executor_(ws.get_executor()),
      wake_(executor_, std::chrono::steady_clock::time_point::max()) {}

void WsChannel::SendText(std::string text) {
  if (Closing()) return;
  queued_bytes_ += text.size();
  queue_.push_back(Item{false, std::move(text)});
  if (queued_bytes_ > kMaxQueuedBytes) {
    Abort();
    return;
  }
  wake_.cancel();
}

void WsChannel::SendBinary(std::string bytes) {
  if (Closing()) return;
  queued_bytes_ += bytes.size();
  queue_.push_back(Item{true, std::move(bytes)});
  if (queued_bytes_ > kMaxQueuedBytes) {
    Abort();
    return;
  }
  wake_.cancel();
}

void WsChannel::SendJson(const boost::json::object& message) {
  SendText(boost::json::serialize(message));
}

void WsChannel::Refuse(std::string_view code, std::string_view message) {
  SendJson(boost::json::object{{"type", "error"}, {"code", code}, {"message", message}});
  Close(websocket::close_code::policy_error);
}

void WsChannel::Close(websocket::close_code code) {
  if (Closing()) return;
  closing_ = true;
  close_code_ = code;
  wake_.cancel();
}

void WsChannel::Abort() {
  aborted_ = true;
  wake_.cancel();
}

void WsChannel::Shutdown() {
  asio::post(executor_,
             [self = shared_from_this()] { self->Close(websocket::close_code::going_away); });
}

asio::awaitable<void> WsChannel::WriteLoop() {
  auto self = shared_from_this();
  for (;;) {
    while (!queue_.empty() && !aborted_) {
      Item item = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= item.data.size();
      ws_.binary(item.binary);
      auto [ec, n] = co_await ws_.async_write(asio::buffer(item.data), kNoThrow);
      if (ec) aborted_ = true;
    }
    if (aborted_) co_return;
    if (closing_) break;
    wake_.expires_at(std::chrono::steady_clock::time_point::max());
    co_await wake_.async_wait(kNoThrow);
  }
  co_await ws_.async_close(close_code_, kNoThrow);
}

}  // namespace carevoice::call
