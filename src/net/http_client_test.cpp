#include "net/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <tuple>
#include <utility>

namespace carevoice::net {
namespace {

// Returns a TCP socket bound to 127.0.0.1 on a free port, and the port.
std::pair<int, int> BindLoopback() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return {fd, ntohs(addr.sin_port)};
}

// Serves one connection on 127.0.0.1: reads the request (headers + Content-Length body), records
// it, and writes `answer` verbatim.
class OneShotServer {
 public:
  explicit OneShotServer(std::string answer) : answer_(std::move(answer)) {
    std::tie(fd_, port_) = BindLoopback();
    ::listen(fd_, 1);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneShotServer() {
    thread_.join();
    ::close(fd_);
  }
  std::string Url(const std::string& path = "/x") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  const std::string& Request() const { return request_; }  // After the call returned.

 private:
  void Serve() {
    const int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    char buf[4096];
    std::size_t need = std::string::npos;
    while (request_.size() < need) {
      const ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      request_.append(buf, static_cast<std::size_t>(n));
      const std::size_t end = request_.find("\r\n\r\n");
      if (end != std::string::npos && need == std::string::npos) {
        std::size_t length = 0;
        const std::size_t cl = request_.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) length = std::stoul(request_.substr(cl + 16));
        need = end + 4 + length;
      }
    }
    (void)::write(c, answer_.data(), answer_.size());
    ::close(c);
  }

  std::string answer_;
  int fd_ = -1;
  int port_ = 0;
  std::string request_;
  std::thread thread_;
};

std::string Answer(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) +
         " X\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nRetry-After: 3\r\nConnection: close\r\n\r\n" + body;
}

TEST(HttpClientTest, PostsTheBodyAndHeadersAndReturnsTheAnswer) {
  OneShotServer server(Answer(200, R"({"ok":true})"));
  HttpRequest request;
  request.url = server.Url("/twirp/x");
  request.headers = {"Content-Type: application/json", "Authorization: Bearer t"};
  request.body = R"({"name":"r"})";
  std::string retry_after;
  request.on_header = [&](std::string_view line) {
    if (line.starts_with("Retry-After:")) retry_after = std::string(line);
  };
  auto r = Send(request);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"ok":true})");
  EXPECT_EQ(retry_after, "Retry-After: 3");
  EXPECT_TRUE(server.Request().starts_with("POST /twirp/x HTTP/1.1\r\n")) << server.Request();
  EXPECT_NE(server.Request().find("Authorization: Bearer t\r\n"), std::string::npos);
  EXPECT_TRUE(server.Request().ends_with("\r\n\r\n{\"name\":\"r\"}"));
  EXPECT_EQ(server.Request().find("Expect:"), std::string::npos);  // No 100-continue dance.
}

TEST(HttpClientTest, AnErrorStatusIsAnAnswerNotAFailure) {
  OneShotServer server(Answer(404, R"({"code":"not_found"})"));
  HttpRequest request;
  request.method = "DELETE";
  request.url = server.Url();
  auto r = Send(request);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"code":"not_found"})");
  EXPECT_TRUE(server.Request().starts_with("DELETE /x HTTP/1.1")) << server.Request();
}

TEST(HttpClientTest, StreamsTheBodyToOnBodyWithTheStatus) {
  OneShotServer server(Answer(200, "data: a\n\ndata: b\n\n"));
  HttpRequest request;
  request.url = server.Url();
  std::string seen;
  long status = 0;
  request.on_body = [&](long s, std::string_view chunk) {
    status = s;
    seen.append(chunk);
    return true;
  };
  auto r = Send(request);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(status, 200);
  EXPECT_EQ(seen, "data: a\n\ndata: b\n\n");
  EXPECT_TRUE(r->body.empty());
}

TEST(HttpClientTest, MultipartFormsCarryTheirParts) {
  OneShotServer server(Answer(200, "{}"));
  HttpRequest request;
  request.url = server.Url();
  request.form = {FormPart{"file", "RIFFdata", "audio.wav", "audio/wav"},
                  FormPart{"model", "whisper-1"}};
  ASSERT_TRUE(Send(request).has_value());
  const std::string& sent = server.Request();
  EXPECT_NE(sent.find("Content-Type: multipart/form-data; boundary="), std::string::npos);
  EXPECT_NE(sent.find("name=\"file\"; filename=\"audio.wav\""), std::string::npos);
  EXPECT_NE(sent.find("Content-Type: audio/wav\r\n\r\nRIFFdata"), std::string::npos);
  EXPECT_NE(sent.find("name=\"model\"\r\n\r\nwhisper-1"), std::string::npos);
}

TEST(HttpClientTest, OversizedBodiesAndUnreachableServersAreUnavailable) {
  {
    OneShotServer server(Answer(200, std::string(5000, 'x')));
    HttpRequest request;
    request.url = server.Url();
    request.max_body_bytes = 1000;
    auto r = Send(request);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(r.error().code, "UPSTREAM_UNAVAILABLE");
  }
  // A port nobody listens on (bound, never listening: connection refused).
  const auto [fd, port] = BindLoopback();
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  request.connect_timeout = std::chrono::milliseconds(2000);
  auto r = Send(request);
  ::close(fd);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "UPSTREAM_UNAVAILABLE");
  EXPECT_NE(r.error().message.find("transport error"), std::string::npos) << r.error().message;
  // Only http and https.
  request.url = "file:///etc/passwd";
  EXPECT_FALSE(Send(request).has_value());
}

}  // namespace
}  // namespace carevoice::net
