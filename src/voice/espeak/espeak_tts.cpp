#include "voice/espeak/espeak_tts.hpp"

#include <espeak-ng/speak_lib.h>

#include <cstring>
#include <mutex>
#include <set>
#include <string>

#include "core/strings.hpp"
#include "voice/speech_text.hpp"

namespace carevoice::voice {
namespace {

constexpr std::string_view kPrefix = "espeak:";

int OnSamples(short* wav, int count, espeak_EVENT* events) {
  if (wav != nullptr && count > 0 && events != nullptr && events->user_data != nullptr) {
    auto* out = static_cast<std::vector<std::int16_t>*>(events->user_data);
    out->insert(out->end(), wav, wav + count);
  }
  return 0;
}

class EspeakTts final : public Tts {
 public:
  explicit EspeakTts(int rate) : rate_(rate) {
    espeak_SetSynthCallback(&OnSamples);
    const espeak_VOICE** list = espeak_ListVoices(nullptr);
    std::set<std::string> seen;
    for (int i = 0; list != nullptr && list[i] != nullptr; ++i) {
      const espeak_VOICE* v = list[i];
      // `languages`: (priority byte, language, NUL)*, then a NUL. The first one names the voice.
      if (v->languages == nullptr || v->languages[0] == 0) continue;
      const std::string language(v->languages + 1);
      if (language.empty() || !seen.insert(language).second) continue;
      VoiceInfo info;
      info.id = std::string(kPrefix) + language;
      info.name = std::string(v->name != nullptr ? v->name : language) + " (espeak-ng)";
      info.engine = "espeak-ng";
      info.language = language;
      info.gender = v->gender == 1 ? "male" : v->gender == 2 ? "female" : "";
      voices_.push_back(std::move(info));
    }
  }

  core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                      const PcmSink& sink) override {
    std::string language = "en";
    if (core::StartsWith(voice, kPrefix)) language = std::string(voice.substr(kPrefix.size()));
    const bool english = core::StartsWith(language, "en");
    for (const std::string& sentence : SplitSentences(text)) {
      const std::string spoken = english ? NormalizeForSpeech(sentence) : sentence;
      Pcm pcm;
      pcm.sample_rate = rate_;
      {
        std::lock_guard lock(mu_);
        espeak_VOICE spec;
        std::memset(&spec, 0, sizeof spec);
        spec.languages = language.c_str();
        if (espeak_SetVoiceByProperties(&spec) != EE_OK && espeak_SetVoiceByName("en") != EE_OK) {
          return core::Error::Unavailable("espeak-ng has no voice for " + language);
        }
        const espeak_ERROR r = espeak_Synth(spoken.c_str(), spoken.size() + 1, 0, POS_CHARACTER, 0,
                                            espeakCHARS_UTF8, nullptr, &pcm.samples);
        if (r != EE_OK) return core::Error::Unavailable("espeak-ng could not synthesise");
      }
      if (pcm.samples.empty()) continue;
      if (!sink(pcm)) break;
    }
    return {};
  }

  std::vector<VoiceInfo> Voices() const override { return voices_; }

 private:
  const int rate_;
  std::mutex mu_;
  std::vector<VoiceInfo> voices_;
};

}  // namespace

std::unique_ptr<Tts> MakeEspeakTts() {
  const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
  if (rate <= 0) return nullptr;
  return std::make_unique<EspeakTts>(rate);
}

}  // namespace carevoice::voice
