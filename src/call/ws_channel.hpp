#pragma once

// A WebSocket carrying one call: the connection's reader is the caller's code; writes go through
// a bounded queue drained by WriteLoop, and Close sends the close frame after what is queued.
// Used on the connection's strand only, except Shutdown (any thread).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/object.hpp>

#include <deque>
#include <memory>
#include <string>

namespace carevoice::call {

using WebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream&>;

class WsChannel : public std::enable_shared_from_this<WsChannel> {
 public:
  // Bytes queued at most; beyond it the client is not reading and the connection is dropped.
  static constexpr std::size_t kMaxQueuedBytes = std::size_t{4} * 1024 * 1024;

  explicit WsChannel(WebSocket& ws);

  void SendText(std::string text);
  void SendBinary(std::string bytes);
  void SendJson(const boost::json::object& message);
  // An {type: "error", code, message} message, then Close(policy_error).
  void Refuse(std::string_view code, std::string_view message);
  // Closes with `code` once the queue is sent. Idempotent.
  void Close(boost::beast::websocket::close_code code);
  // The reader is done (peer closed or failed): WriteLoop returns without writing more.
  void Abort();
  bool Closing() const { return closing_ || aborted_; }
  // From any thread: closes with going_away (server shutdown).
  void Shutdown();

  // Runs until the channel is closed or aborted.
  boost::asio::awaitable<void> WriteLoop();

 private:
  struct Item {
    bool binary;
    std::string data;
  };
  WebSocket& ws_;
  boost::asio::any_io_executor executor_;  // The connection's strand (kept for Shutdown).
  boost::asio::steady_timer wake_;
  std::deque<Item> queue_;
  std::size_t queued_bytes_ = 0;
  bool closing_ = false;
  bool aborted_ = false;
  boost::beast::websocket::close_code close_code_ = boost::beast::websocket::close_code::normal;
};

}  // namespace carevoice::call
