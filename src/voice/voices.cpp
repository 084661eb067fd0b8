#include "voice/voices.hpp"

#include "core/strings.hpp"

namespace carevoice::voice {
namespace {

class VoiceRouter final : public Tts {
 public:
  VoiceRouter(std::unique_ptr<Tts> primary, std::unique_ptr<Tts> espeak,
              std::unique_ptr<Tts> openai)
      : primary_(std::move(primary)), espeak_(std::move(espeak)), openai_(std::move(openai)) {}

  core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                      const PcmSink& sink) override {
    if (espeak_ && core::StartsWith(voice, "espeak:")) {
      return espeak_->SynthesizeStream(text, voice, sink);
    }
    if (openai_ && core::StartsWith(voice, "openai:")) {
      auto r = openai_->SynthesizeStream(text, voice, sink);
      if (r) return r;
      // The endpoint failed: speak with the local default rather than not at all.
    }
    return primary_->SynthesizeStream(text, voice, sink);
  }

  std::vector<VoiceInfo> Voices() const override {
    std::vector<VoiceInfo> out = primary_->Voices();
    for (const Tts* t : {espeak_.get(), openai_.get()}) {
      if (t == nullptr) continue;
      auto more = t->Voices();
      out.insert(out.end(), more.begin(), more.end());
    }
    return out;
  }

 private:
  std::unique_ptr<Tts> primary_, espeak_, openai_;
};

class FallbackStt final : public Stt {
 public:
  FallbackStt(std::unique_ptr<Stt> primary, std::unique_ptr<Stt> fallback)
      : primary_(std::move(primary)), fallback_(std::move(fallback)) {}
  core::Result<std::unique_ptr<SttStream>> Start(const SttBias& bias) override {
    return fallback_->Start(bias);
  }
  core::Result<std::string> Transcribe(const Audio& audio, const SttBias& bias) override {
    auto text = primary_->Transcribe(audio, bias);
    if (text || text.error().kind != core::ErrorKind::kUnavailable) return text;
    return fallback_->Transcribe(audio, bias);
  }

 private:
  std::unique_ptr<Stt> primary_, fallback_;
};

}  // namespace

std::unique_ptr<Stt> MakeFallbackStt(std::unique_ptr<Stt> primary, std::unique_ptr<Stt> fallback) {
  return std::make_unique<FallbackStt>(std::move(primary), std::move(fallback));
}

std::unique_ptr<Tts> MakeVoiceRouter(std::unique_ptr<Tts> primary, std::unique_ptr<Tts> espeak,
                                     std::unique_ptr<Tts> openai) {
  return std::make_unique<VoiceRouter>(std::move(primary), std::move(espeak), std::move(openai));
}

}  // namespace carevoice::voice
