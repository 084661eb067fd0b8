#include "voice/flite/flite_tts.hpp"

extern "C" {
#include <flite/flite.h>
// Flite's voice registration functions (C names).
// NOLINTBEGIN(readability-identifier-naming)
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
// NOLINTEND(readability-identifier-naming)
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

// Streamed audio comes in pieces of at least this many samples (20 ms at 16 kHz).
constexpr int kStreamChunkSamples = 320;

constexpr std::array<FliteVoice, 4> kVoices{{
    {"slt", "SLT (US English, female)", "female", &register_cmu_us_slt},
    {"awb", "AWB (Scottish English, male)", "male", &register_cmu_us_awb},
    {"rms", "RMS (US English, male)", "male", &register_cmu_us_rms},
    {"kal", "KAL (US English, male, diphone)", "male", &register_cmu_us_kal},
}};

// Flite's streaming callback context: the sink, and how much of the wave it has been given.
struct Streaming {
  const PcmSink* sink;
  int sent = 0;  // Samples handed to the sink.
  bool stopped = false;
};

// Hands the wave's new samples to the sink as Flite makes them (its clustergen voices call this
// every min_buffsize samples while synthesising; the first audio of a sentence then exists
// long before the sentence is done).
int OnAudio(const cst_wave* w, int start, int size, int /*last*/, cst_audio_streaming_info* asi) {
  auto* s = static_cast<Streaming*>(asi->userdata);
  if (s->stopped) return CST_AUDIO_STREAM_STOP;
  if (size <= 0 || start != s->sent) return CST_AUDIO_STREAM_CONT;
  Pcm pcm;
  pcm.sample_rate = w->sample_rate;
  pcm.channels = 1;
  pcm.samples.assign(w->samples + start, w->samples + start + size);
  s->sent += size;
  if (!(*s->sink)(pcm)) {
    s->stopped = true;
    return CST_AUDIO_STREAM_STOP;
  }
  return CST_AUDIO_STREAM_CONT;
}

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
    cst_voice* v = voices_[index];
    for (const std::string& sentence : SplitSentences(text)) {
      const std::string spoken = AsciiOnly(NormalizeForSpeech(sentence));
      Streaming streaming{&sink};
      Pcm rest;  // What the voice made without streaming it (diphone voices do not stream).
      {
        std::lock_guard lock(mu_[index]);
        // The voice's streaming callback (a feature of the shared voice, hence under the lock;
        // the value owns the info and frees it when removed).
        cst_audio_streaming_info* asi = new_audio_streaming_info();
        asi->asc = &OnAudio;
        asi->min_buffsize = kStreamChunkSamples;
        asi->userdata = &streaming;
        feat_set(v->features, "streaming_info", audio_streaming_info_val(asi));
        cst_wave* wave = flite_text_to_wave(spoken.c_str(), v);
        feat_remove(v->features, "streaming_info");
        if (wave == nullptr) return core::Error::Unavailable("Flite could not synthesise");
        rest.sample_rate = wave->sample_rate;
        rest.channels = wave->num_channels > 0 ? wave->num_channels : 1;
        if (rest.channels == 1 && wave->num_samples > streaming.sent) {
          rest.samples.assign(wave->samples + streaming.sent, wave->samples + wave->num_samples);
        } else if (streaming.sent == 0) {
          rest.samples.assign(
              wave->samples,
              wave->samples + static_cast<std::ptrdiff_t>(wave->num_samples) * rest.channels);
        }
        delete_wave(wave);
      }
      if (streaming.stopped) break;
      if (!rest.samples.empty() && !sink(rest)) break;
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
