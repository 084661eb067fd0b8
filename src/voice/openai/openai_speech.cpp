#include "voice/openai/openai_speech.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>

#include <array>

#include "core/strings.hpp"
#include "voice/resampler.hpp"
#include "voice/speech_text.hpp"

namespace carevoice::voice {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxAnswer = 64u * 1024 * 1024;
constexpr std::array<const char*, 6> kVoices{"alloy", "echo", "fable", "onyx", "nova", "shimmer"};

struct Answer {
  long status = 0;
  std::string body;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * count > kMaxAnswer) return 0;  // Aborts the transfer.
  body->append(data, size * count);
  return size * count;
}

std::string Endpoint(std::string base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path);
}

// One blocking POST. `mime` set: a multipart body with the file part and `fields`; otherwise
// `json_body` as application/json.
core::Result<Answer> Post(const OpenAiSpeechConfig& config, const std::string& url,
                          const std::string& json_body, const std::string* file,
                          const std::vector<std::pair<std::string, std::string>>& fields) {
  CURL* handle = curl_easy_init();
  if (handle == nullptr) return core::Error::Unavailable("speech endpoint: no HTTP client");
  Answer answer;
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Expect:");
  const std::string auth = "Authorization: Bearer " + config.api_key;
  if (!config.api_key.empty()) headers = curl_slist_append(headers, auth.c_str());
  curl_mime* mime = nullptr;
  if (file != nullptr) {
    mime = curl_mime_init(handle);
    curl_mimepart* part = curl_mime_addpart(mime);
    curl_mime_name(part, "file");
    curl_mime_filename(part, "audio.wav");
    curl_mime_type(part, "audio/wav");
    curl_mime_data(part, file->data(), file->size());
    for (const auto& [name, value] : fields) {
      part = curl_mime_addpart(mime);
      curl_mime_name(part, name.c_str());
      curl_mime_data(part, value.data(), value.size());
    }
    curl_easy_setopt(handle, CURLOPT_MIMEPOST, mime);
  } else {
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, json_body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(json_body.size()));
  }
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(config.total_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "CareVoice/0.1");
  const CURLcode code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_slist_free_all(headers);
  if (mime != nullptr) curl_mime_free(mime);
  curl_easy_cleanup(handle);
  if (code != CURLE_OK) {
    return core::Error::Unavailable(std::string("speech endpoint: ") + curl_easy_strerror(code));
  }
  if (answer.status != 200) {
    return core::Error::Unavailable("speech endpoint: HTTP " + std::to_string(answer.status));
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

  core::Result<std::unique_ptr<SttStream>> Start() override {
    return core::Error::Unavailable("The OpenAI-compatible recogniser takes whole files");
  }

  core::Result<std::string> Transcribe(const Audio& audio) override {
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
  curl_global_init(CURL_GLOBAL_DEFAULT);  // Reference-counted; idempotent.
  return std::make_unique<OpenAiTts>(std::move(config));
}

std::unique_ptr<Stt> MakeOpenAiStt(OpenAiSpeechConfig config) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  return std::make_unique<OpenAiStt>(std::move(config));
}

}  // namespace carevoice::voice
