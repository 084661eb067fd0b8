#include "voice/openai/openai_speech.hpp"

#include <boost/json.hpp>

#include <array>

#include "core/strings.hpp"
#include "net/http_client.hpp"
#include "voice/resampler.hpp"
#include "voice/speech_text.hpp"

namespace carevoice::voice {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxAnswer = std::size_t{64} * 1024 * 1024;
constexpr std::array<const char*, 6> kVoices{"alloy", "echo", "fable", "onyx", "nova", "shimmer"};

std::string Endpoint(std::string base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path);
}

// One blocking POST (net::Send). `file` set: a multipart body with the file part and `fields`;
// otherwise `json_body` as application/json. Anything but HTTP 200 is kUnavailable.
core::Result<net::HttpResponse> Post(
    const OpenAiSpeechConfig& config, const std::string& url, const std::string& json_body,
    const std::string* file, const std::vector<std::pair<std::string, std::string>>& fields) {
  net::HttpRequest request;
  request.url = url;
  if (!config.api_key.empty()) request.headers.push_back("Authorization: Bearer " + config.api_key);
  if (file != nullptr) {
    request.form.push_back(net::FormPart{"file", *file, "audio.wav", "audio/wav"});
    for (const auto& [name, value] : fields) request.form.push_back(net::FormPart{name, value});
  } else {
    request.headers.emplace_back("Content-Type: application/json");
    request.body = json_body;
  }
  request.connect_timeout = config.connect_timeout;
  request.total_timeout = config.total_timeout;
  request.max_body_bytes = kMaxAnswer;
  auto answer = net::Send(request);
  if (!answer) return core::Error::Unavailable("speech endpoint: " + answer.error().message);
  if (answer->status != 200) {
    return core::Error::Unavailable("speech endpoint: HTTP " + std::to_string(answer->status));
  }
  return answer;
}

class OpenAiTts final : public Tts {
 public:
  explicit OpenAiTts(OpenAiSpeechConfig config)
      : config_(std::move(config)), url_(Endpoint(config_.base_url, "/audio/speech")) {}

  core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                      const PcmSink& sink) override {
    std::string name = core::StartsWith(voice, "openai:") ? std::string(voice.substr(7)) : "";
    if (name.empty()) name = kVoices[0];
    for (const std::string& sentence : SplitSentences(text)) {
      const std::string body = json::serialize(json::object{{"model", config_.tts_model},
                                                            {"input", NormalizeForSpeech(sentence)},
                                                            {"voice", name},
                                                            {"response_format", "wav"}});
      auto answer = Post(config_, url_, body, nullptr, {});
      if (!answer) return answer.error();
      auto pcm = DecodeWav(answer->body);
      if (!pcm) return core::Error::Unavailable("speech endpoint: the answer is not WAV");
      if (!sink(*pcm)) break;
    }
    return {};
  }

  std::vector<VoiceInfo> Voices() const override {
    std::vector<VoiceInfo> out;
    out.reserve(kVoices.size());
    for (const char* v : kVoices) {
      out.push_back(VoiceInfo{std::string("openai:") + v, std::string(v) + " (OpenAI-compatible)",
                              "openai", "en", ""});
    }
    return out;
  }

 private:
  const OpenAiSpeechConfig config_;
  const std::string url_;
};

class OpenAiStt final : public Stt {
 public:
  explicit OpenAiStt(OpenAiSpeechConfig config)
      : config_(std::move(config)), url_(Endpoint(config_.base_url, "/audio/transcriptions")) {}

  core::Result<std::unique_ptr<SttStream>> Start(const SttBias& /*bias*/) override {
    return core::Error::Unavailable("The OpenAI-compatible recogniser takes whole files");
  }

  core::Result<std::string> Transcribe(const Audio& audio, const SttBias& /*bias*/) override {
    auto pcm = DecodeAudio(audio.bytes, audio.mime_type);
    if (!pcm) return pcm.error();
    const std::string wav = EncodeWav(ToSpeechFormat(*pcm));
    auto answer =
        Post(config_, url_, "", &wav, {{"model", config_.stt_model}, {"response_format", "json"}});
    if (!answer) return answer.error();
    boost::system::error_code ec;
    const json::value v = json::parse(answer->body, ec);
    const json::value* text = (!ec && v.is_object()) ? v.get_object().if_contains("text") : nullptr;
    if (text == nullptr || !text->is_string()) {
      return core::Error::Unavailable("speech endpoint: no text in the answer");
    }
    return std::string(text->get_string());
  }

 private:
  const OpenAiSpeechConfig config_;
  const std::string url_;
};

}  // namespace

std::unique_ptr<Tts> MakeOpenAiTts(OpenAiSpeechConfig config) {
  return std::make_unique<OpenAiTts>(std::move(config));
}

std::unique_ptr<Stt> MakeOpenAiStt(OpenAiSpeechConfig config) {
  return std::make_unique<OpenAiStt>(std::move(config));
}

}  // namespace carevoice::voice
