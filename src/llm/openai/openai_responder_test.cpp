#include "llm/openai/openai_responder.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/strings.hpp"

namespace carevoice::llm {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// One scripted HTTP response of the fake OpenAI server.
struct Scripted {
  int status = 200;
  std::vector<std::string> headers;     // Extra "Name: value" lines.
  std::vector<std::string> sse_chunks;  // 200: sent as HTTP chunks, each flushed.
  std::string body;                     // Non-SSE responses.
  std::chrono::milliseconds delay{0};   // Before the status line.
  bool drop_mid_stream = false;         // Close without the final chunk.
};

struct Received {
  std::string request_line;
  std::string headers;
  std::string body;
};

std::string Delta(const std::string& content) {
  boost::json::object delta{{"content", content}};
  boost::json::object choice{{"index", 0}, {"delta", delta}, {"finish_reason", nullptr}};
  boost::json::object chunk{
      {"id", "c1"}, {"object", "chat.completion.chunk"}, {"choices", boost::json::array{choice}}};
  return "data: " + boost::json::serialize(chunk) + "\n\n";
}

Scripted Stream(const std::vector<std::string>& deltas) {
  Scripted s;
  s.sse_chunks.push_back(": ping\n\n");
  for (const auto& d : deltas) s.sse_chunks.push_back(Delta(d));
  s.sse_chunks.push_back(
      "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
  s.sse_chunks.push_back("data: [DONE]\n\n");
  return s;
}

Scripted Error(int status, std::vector<std::string> headers = {}) {
  Scripted s;
  s.status = status;
  s.headers = std::move(headers);
  s.body = R"({"error":{"message":"scripted failure","type":"server_error"}})";
  return s;
}

// A minimal HTTP/1.1 server on 127.0.0.1:0 speaking the OpenAI wire format from a script.
class FakeOpenAi {
 public:
  FakeOpenAi() : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }
  ~FakeOpenAi() {
    stop_ = true;
    try {  // Wake the blocking accept.
      asio::io_context io;
      tcp::socket s(io);
      s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    } catch (...) {
    }
    accept_thread_.join();
    for (auto& t : handlers_) t.join();
  }

  void Push(Scripted s) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(s));
  }
  std::vector<Received> received() {
    std::lock_guard lock(mu_);
    return received_;
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }

 private:
  void AcceptLoop() {
    while (!stop_) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) break;
      handlers_.emplace_back([this, s = std::move(socket)]() mutable { Handle(std::move(s)); });
    }
  }

  void Handle(tcp::socket socket) {
    boost::system::error_code ec;
    asio::streambuf buf;
    asio::read_until(socket, buf, "\r\n\r\n", ec);
    if (ec) return;
    std::string data(asio::buffers_begin(buf.data()), asio::buffers_end(buf.data()));
    const std::size_t head_end = data.find("\r\n\r\n") + 4;
    Received r;
    r.request_line = data.substr(0, data.find("\r\n"));
    r.headers = data.substr(0, head_end);
    std::size_t length = 0;
    const std::string lower = core::ToLowerAscii(r.headers);
    if (auto p = lower.find("content-length:"); p != std::string::npos) {
      length = std::stoul(lower.substr(p + 15));
    }
    r.body = data.substr(head_end);
    if (r.body.size() < length) {
      std::string rest(length - r.body.size(), '\0');
      asio::read(socket, asio::buffer(rest), ec);
      r.body += rest;
    }
    Scripted s;
    {
      std::lock_guard lock(mu_);
      received_.push_back(r);
      if (!script_.empty()) {
        s = script_.front();
        script_.pop_front();
      } else {
        s = Error(500);
      }
    }
    for (auto waited = 0ms; waited < s.delay && !stop_; waited += 10ms) {
      std::this_thread::sleep_for(10ms);
    }
    std::string head =
        "HTTP/1.1 " + std::to_string(s.status) + " Scripted\r\nConnection: close\r\n";
    for (const auto& h : s.headers) head += h + "\r\n";
    if (s.status == 200 && !s.sse_chunks.empty()) {
      head += "Content-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
      asio::write(socket, asio::buffer(head), ec);
      for (const auto& c : s.sse_chunks) {
        std::ostringstream chunk;
        chunk << std::hex << c.size() << "\r\n" << c << "\r\n";
        asio::write(socket, asio::buffer(chunk.str()), ec);
        std::this_thread::sleep_for(2ms);
      }
      if (s.drop_mid_stream) {
        socket.shutdown(tcp::socket::shutdown_both, ec);
        socket.close(ec);
        return;
      }
      asio::write(socket, asio::buffer(std::string("0\r\n\r\n")), ec);
    } else {
      head += "Content-Type: application/json\r\nContent-Length: " + std::to_string(s.body.size()) +
              "\r\n\r\n" + s.body;
      asio::write(socket, asio::buffer(head), ec);
    }
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread accept_thread_;
  std::vector<std::thread> handlers_;  // Only touched by the accept thread until join.
  std::mutex mu_;
  std::deque<Scripted> script_;
  std::vector<Received> received_;
};

// A fallback that answers with a fixed text and counts calls.
class FakeFallback final : public Responder {
 public:
  explicit FakeFallback(int* calls) : calls_(calls) {}
  core::Result<ResponderReply> Respond(const ResponderRequest&,
                                       const TokenSink& on_token) override {
    ++*calls_;
    if (on_token) on_token("Local answer.");
    ResponderReply reply;
    reply.text = "Local answer.";
    reply.state_json = "{}";
    reply.source = "local";
    reply.offered_human = true;
    return reply;
  }
  std::string Welcome(const core::Agent& agent) override { return "Welcome from " + agent.name; }

 private:
  int* calls_;
};

constexpr const char* kKey = "sk-test-SECRET-123";

class OpenAiResponderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    agent_.name = "Ava";
    agent_.company = "Acme";
    agent_.company_info = "Acme sells anvils.";
    agent_.settings.max_tokens = 123;
    agent_.settings.temperature = 0.25;
    agent_.knowledge = {{"Refund policy?", "Refunds within 30 days."}};
    core::Message system;
    system.role = core::MessageRole::kSystem;
    system.content = "Stored legacy system prompt";
    history_.push_back(system);
    for (int i = 0; i < 30; ++i) {
      core::Message m;
      m.role = i % 2 == 0 ? core::MessageRole::kUser : core::MessageRole::kAssistant;
      m.content = "Turn " + std::to_string(i) + " " + std::string(200, 'z');
      history_.push_back(m);
    }
    core::Message last;
    last.role = core::MessageRole::kUser;
    last.content = "What is your refund policy for order #5566?";
    history_.push_back(last);

    log_sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    previous_logger_ = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", log_sink_));
  }
  void TearDown() override {
    spdlog::set_default_logger(previous_logger_);
    // The API key is never logged.
    EXPECT_EQ(log_.str().find(kKey), std::string::npos) << log_.str();
  }

  std::unique_ptr<Responder> Make(int max_retries = 2, std::chrono::milliseconds timeout = 1500ms) {
    OpenAiConfig config;
    config.api_key = kKey;
    config.base_url = server_.base_url();
    config.model = "test-model";
    config.connect_timeout = 500ms;
    config.total_timeout = timeout;
    config.max_retries = max_retries;
    config.initial_backoff = 10ms;
    config.max_backoff = 40ms;
    config.history_token_budget = 300;
    config.sleep = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
    return MakeOpenAiResponder(std::move(config), std::make_unique<FakeFallback>(&fallback_calls_));
  }

  core::Result<ResponderReply> Ask(Responder& responder) {
    ResponderRequest request;
    request.agent = &agent_;
    request.history = &history_;
    chunks_.clear();
    return responder.Respond(request, [this](std::string_view c) { chunks_.emplace_back(c); });
  }

  FakeOpenAi server_;
  core::Agent agent_;
  std::vector<core::Message> history_;
  std::vector<std::string> chunks_;
  std::vector<std::chrono::milliseconds> sleeps_;
  int fallback_calls_ = 0;
  std::ostringstream log_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> log_sink_;
  std::shared_ptr<spdlog::logger> previous_logger_;
};

TEST_F(OpenAiResponderTest, StreamsDeltasAndSendsAWellFormedRequest) {
  server_.Push(Stream({"Refunds are ", "accepted within ", "30 days."}));
  auto responder = Make();
  auto reply = Ask(*responder);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->source, "openai");
  EXPECT_EQ(reply->text, "Refunds are accepted within 30 days.");
  EXPECT_EQ(chunks_, (std::vector<std::string>{"Refunds are ", "accepted within ", "30 days."}));
  EXPECT_FALSE(reply->offered_human);
  EXPECT_NE(reply->state_json.find("#5566"), std::string::npos);  // Slot remembered.
  EXPECT_EQ(fallback_calls_, 0);

  const auto received = server_.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].request_line, "POST /v1/chat/completions HTTP/1.1");
  EXPECT_NE(received[0].headers.find(std::string("Authorization: Bearer ") + kKey),
            std::string::npos);
  const auto body = boost::json::parse(received[0].body).as_object();
  EXPECT_EQ(body.at("model").as_string(), "test-model");
  EXPECT_TRUE(body.at("stream").as_bool());
  EXPECT_EQ(body.at("max_tokens").as_int64(), 123);
  EXPECT_DOUBLE_EQ(body.at("temperature").as_double(), 0.25);
  const auto& messages = body.at("messages").as_array();
  int systems = 0;
  int tokens = 0;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i].as_object();
    if (m.at("role").as_string() == "system") {
      ++systems;
      EXPECT_EQ(i, 0u);
      const std::string content(m.at("content").as_string());
      EXPECT_NE(content.find("Ava"), std::string::npos);
      EXPECT_NE(content.find("Refunds within 30 days."), std::string::npos);
      EXPECT_EQ(content.find("Stored legacy system prompt"), std::string::npos);
    } else {
      tokens += static_cast<int>(m.at("content").as_string().size() + 3) / 4 + 4;
    }
  }
  EXPECT_EQ(systems, 1);
  EXPECT_LE(tokens, 300);          // History trimmed to the budget...
  EXPECT_GT(messages.size(), 2u);  // ...but not to nothing,
  EXPECT_LT(messages.size(), history_.size());
  EXPECT_EQ(messages.back().at("content").as_string(),  // and the last user message is kept.
            "What is your refund policy for order #5566?");
}

TEST_F(OpenAiResponderTest, RetriesAfter500ThenSucceeds) {
  server_.Push(Error(500));
  server_.Push(Error(503));
  server_.Push(Stream({"Hello!"}));
  auto responder = Make(2);
  auto reply = Ask(*responder);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->source, "openai");
  EXPECT_EQ(reply->text, "Hello!");
  EXPECT_EQ(server_.received().size(), 3u);
  ASSERT_EQ(sleeps_.size(), 2u);
  EXPECT_GE(sleeps_[0], 5ms);  // Backoff with jitter: [0.5, 1] x 10 ms...
  EXPECT_LE(sleeps_[0], 10ms);
  EXPECT_GE(sleeps_[1], 10ms);  // ...then [0.5, 1] x 20 ms.
  EXPECT_LE(sleeps_[1], 20ms);
  EXPECT_EQ(fallback_calls_, 0);
}

TEST_F(OpenAiResponderTest, HonoursRetryAfterOn429) {
  server_.Push(Error(429, {"Retry-After: 1"}));
  server_.Push(Stream({"Back again."}));
  auto responder = Make(1);
  auto reply = Ask(*responder);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->text, "Back again.");
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_EQ(sleeps_[0], 1000ms);
}

TEST_F(OpenAiResponderTest, Unauthorized401FallsBackWithoutRetry) {
  server_.Push(Error(401));
  auto responder = Make(3);
  auto reply = Ask(*responder);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->source, "local-fallback");
  EXPECT_EQ(reply->text, "Local answer.");
  EXPECT_EQ(chunks_, std::vector<std::string>{"Local answer."});
  EXPECT_EQ(server_.received().size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(fallback_calls_, 1);
  EXPECT_NE(log_.str().find("HTTP 401"), std::string::npos) << log_.str();
  EXPECT_NE(log_.str().find("fall"), std::string::npos) << log_.str();
}

TEST_F(OpenAiResponderTest, RetriesExhaustedFallBack) {
  for (int i = 0; i < 3; ++i) server_.Push(Error(502));
  auto responder = Make(2);
  auto reply = Ask(*responder);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->source, "local-fallback");
  EXPECT_EQ(server_.received().size(), 3u);
  EXPECT_EQ(sleeps_.size(), 2u);
}

TEST_F(OpenAiResponderTest, SlowResponseTimesOutAndFallsBack) {
  Scripted slow = Stream({"too late"});
  slow.delay = 1500ms;
  server_.Push(slow);
  auto responder = Make(0, 300ms);
  const auto start = std::chrono::steady_clock::now();
  auto reply = Ask(*responder);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->source, "local-fallback");
  EXPECT_LT(elapsed, 1200ms);
  EXPECT_NE(log_.str().find("transport error"), std::string::npos) << log_.str();
}

TEST_F(OpenAiResponderTest, DroppedMidStreamKeepsPartialTextAndDoesNotRetry) {
  Scripted s;
  s.sse_chunks = {Delta("Part one, "), Delta("part two")};
  s.drop_mid_stream = true;
  server_.Push(s);
  server_.Push(Stream({"should never be requested"}));
  auto responder = Make(2);
  auto reply = Ask(*responder);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->source, "openai");
  EXPECT_EQ(reply->text.rfind("Part one, part two", 0), 0u) << reply->text;
  EXPECT_NE(reply->text.find("cut off"), std::string::npos);
  EXPECT_EQ(server_.received().size(), 1u);
  EXPECT_TRUE(sleeps_.empty());
  EXPECT_EQ(fallback_calls_, 0);
  std::string assembled;
  for (const auto& c : chunks_) assembled += c;
  EXPECT_EQ(assembled, reply->text);
}

TEST_F(OpenAiResponderTest, ConnectionRefusedRetriesThenFallsBack) {
  unsigned short closed_port = 0;
  {
    asio::io_context io;
    tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    closed_port = a.local_endpoint().port();
  }
  OpenAiConfig config;
  config.base_url = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1/";
  config.max_retries = 2;
  config.connect_timeout = 300ms;
  config.total_timeout = 500ms;
  config.initial_backoff = 1ms;
  config.sleep = [this](std::chrono::milliseconds d) { sleeps_.push_back(d); };
  auto responder = MakeOpenAiResponder(config, std::make_unique<FakeFallback>(&fallback_calls_));
  auto reply = Ask(*responder);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->source, "local-fallback");
  EXPECT_EQ(sleeps_.size(), 2u);
  EXPECT_EQ(fallback_calls_, 1);
}

TEST_F(OpenAiResponderTest, NoFallbackReturnsUnavailable) {
  server_.Push(Error(401));
  OpenAiConfig config;
  config.base_url = server_.base_url();
  auto responder = MakeOpenAiResponder(config, nullptr);
  auto reply = Ask(*responder);
  ASSERT_FALSE(reply.has_value());
  EXPECT_EQ(reply.error().kind, core::ErrorKind::kUnavailable);
}

TEST_F(OpenAiResponderTest, WelcomeComesFromFallback) {
  auto responder = Make();
  EXPECT_EQ(responder->Welcome(agent_), "Welcome from Ava");
  EXPECT_TRUE(server_.received().empty());
}

}  // namespace
}  // namespace carevoice::llm
