#include "voice/flite/flite_tts.hpp"

extern "C" {
#include <flite/flite.h>
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
}

#include <array>
#include <mutex>
#include <string>

#include "voice/speech_text.hpp"

namespace carevoice::voice {
namespace {

struct FliteVoice {
  const char* id;
  const char* name;
  const char* gender;
  cst_voice* (*reg)(const char*);
};

constexpr std::array<FliteVoice, 4> kVoices{{
    {"slt", "SLT (US English, female)", "female", &register_cmu_us_slt},
    {"awb", "AWB (Scottish English, male)", "male", &register_cmu_us_awb},
    {"rms", "RMS (US English, male)", "male", &register_cmu_us_rms},
    {"kal", "KAL (US English, male, diphone)", "male", &register_cmu_us_kal},
}};

// Flite knows ASCII; other bytes become spaces (accents are not spoken by English voices).
std::string AsciiOnly(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) >= 0x80 || (static_cast<unsigned char>(c) < 0x20)) c = ' ';
  }
  return out;
}

class FliteTts final : public Tts {
 public:
  FliteTts() {
    flite_init();
    for (std::size_t i = 0; i < kVoices.size(); ++i) voices_[i] = kVoices[i].reg(nullptr);
  }

  core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                      const PcmSink& sink) override {
    std::size_t index = 0;
    for (std::size_t i = 0; i < kVoices.size(); ++i) {
      if (voice == kVoices[i].id || voice == std::string("flite:") + kVoices[i].id) index = i;
    }
    if (voices_[index] == nullptr)
      return core::Error::Unavailable("The Flite voice failed to load");
    for (const std::string& sentence : SplitSentences(text)) {
      const std::string spoken = AsciiOnly(NormalizeForSpeech(sentence));
      Pcm pcm;
      {
        std::lock_guard lock(mu_[index]);
        cst_wave* wave = flite_text_to_wave(spoken.c_str(), voices_[index]);
        if (wave == nullptr) return core::Error::Unavailable("Flite could not synthesise");
        pcm.sample_rate = wave->sample_rate;
        pcm.channels = wave->num_channels > 0 ? wave->num_channels : 1;
        pcm.samples.assign(wave->samples, wave->samples + wave->num_samples * pcm.channels);
        delete_wave(wave);
      }
      if (pcm.samples.empty()) continue;
      if (!sink(pcm)) break;
    }
    return {};
  }

  std::vector<VoiceInfo> Voices() const override {
    std::vector<VoiceInfo> out;
    for (std::size_t i = 0; i < kVoices.size(); ++i) {
      if (voices_[i] == nullptr) continue;
      out.push_back(VoiceInfo{kVoices[i].id, kVoices[i].name, "flite", "en-US", kVoices[i].gender});
    }
    return out;
  }

 private:
  std::array<cst_voice*, kVoices.size()> voices_{};
  std::array<std::mutex, kVoices.size()> mu_;
};

}  // namespace

std::unique_ptr<Tts> MakeFliteTts() { return std::make_unique<FliteTts>(); }

}  // namespace carevoice::voice
