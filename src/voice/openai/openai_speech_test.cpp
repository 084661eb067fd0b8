// The OpenAI-compatible speech adapters against a local HTTP listener: what they send (path,
// auth, JSON body / multipart) and what they make of the answers.

#include "voice/openai/openai_speech.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "voice/pcm.hpp"

namespace carevoice::voice {
namespace {

// Answers every request with `status` and `body`; records the requests (head + body).
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~Listener() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  void Answer(int status, std::string body) {
    std::lock_guard lock(mu_);
    status_ = status;
    body_ = std::move(body);
  }
  std::vector<std::string> Requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void Serve() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string request;
      char buf[8192];
      std::size_t need = std::string::npos;
      while (need == std::string::npos || request.size() < need) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
        const auto end = request.find("\r\n\r\n");
        if (end != std::string::npos && need == std::string::npos) {
          const auto cl = request.find("Content-Length: ");
          need = end + 4 +
                 (cl == std::string::npos || cl > end ? 0 : std::stoul(request.substr(cl + 16)));
        }
      }
      std::string answer;
      {
        std::lock_guard lock(mu_);
        requests_.push_back(request);
        answer = "HTTP/1.1 " + std::to_string(status_) +
                 " X\r\nContent-Length: " + std::to_string(body_.size()) +
                 "\r\nConnection: close\r\n\r\n" + body_;
      }
      for (std::size_t at = 0; at < answer.size();) {
        const ssize_t n = ::write(c, answer.data() + at, answer.size() - at);
        if (n <= 0) break;
        at += static_cast<std::size_t>(n);
      }
      ::close(c);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  int status_ = 200;
  std::string body_;
  std::vector<std::string> requests_;
};

OpenAiSpeechConfig ConfigFor(const Listener& l) {
  OpenAiSpeechConfig c;
  c.api_key = "sk-test";
  c.base_url = l.BaseUrl();
  c.total_timeout = std::chrono::milliseconds(5000);
  return c;
}

TEST(OpenAiSpeechTest, TtsPostsOneRequestPerSentenceAndStreamsWav) {
  Listener l;
  Pcm pcm;
  pcm.sample_rate = 24000;
  pcm.samples.assign(2400, 100);
  l.Answer(200, EncodeWav(pcm));
  auto tts = MakeOpenAiTts(ConfigFor(l));
  int chunks = 0;
  ASSERT_TRUE(tts->SynthesizeStream("It costs $25. Thanks!", "openai:nova", [&](const Pcm& p) {
    EXPECT_EQ(p.sample_rate, 24000);
    ++chunks;
    return true;
  }));
  EXPECT_EQ(chunks, 2);
  const auto requests = l.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].rfind("POST /v1/audio/speech HTTP/1.1", 0), 0u) << requests[0];
  EXPECT_NE(requests[0].find("Authorization: Bearer sk-test"), std::string::npos);
  EXPECT_NE(requests[0].find(R"("input":"It costs twenty-five dollars.")"), std::string::npos);
  EXPECT_NE(requests[0].find(R"("voice":"nova")"), std::string::npos);
  EXPECT_NE(requests[0].find(R"("response_format":"wav")"), std::string::npos);
  EXPECT_EQ(tts->Voices().front().id, "openai:alloy");
  l.Answer(500, "{}");
  auto failed = tts->SynthesizePcm("Hello.", "openai:nova");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, core::ErrorKind::kUnavailable);
}

TEST(OpenAiSpeechTest, SttPostsMultipartWavAndReadsText) {
  Listener l;
  l.Answer(200, R"({"text":"where is my order"})");
  auto stt = MakeOpenAiStt(ConfigFor(l));
  Pcm pcm;
  pcm.sample_rate = 8000;
  pcm.samples.assign(800, 100);
  auto text = stt->Transcribe(Audio{EncodeWav(pcm), "audio/wav"});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(*text, "where is my order");
  const auto requests = l.Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].rfind("POST /v1/audio/transcriptions HTTP/1.1", 0), 0u);
  EXPECT_NE(requests[0].find("multipart/form-data"), std::string::npos);
  EXPECT_NE(requests[0].find("name=\"model\"\r\n\r\nwhisper-1"), std::string::npos);
  EXPECT_NE(requests[0].find("RIFF"), std::string::npos);
  l.Answer(200, "not json");
  EXPECT_FALSE(stt->Transcribe(Audio{EncodeWav(pcm), "audio/wav"}));
  EXPECT_FALSE(stt->Start());
}

}  // namespace
}  // namespace carevoice::voice
