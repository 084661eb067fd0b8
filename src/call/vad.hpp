#pragma once

// Voice activity detection for live calls: an energy + zero-crossing detector with an adaptive
// noise floor, on 10 ms frames of 16 kHz PCM16. Pure; no I/O; one instance per call.
//
// Why not libwebrtc-audio-processing (Debian's 0.3): its VoiceDetection is a likelihood switch
// over the same kind of energy features, it needs the whole AudioProcessing pipeline (10 ms
// AudioFrame plumbing, C++ ABI of a 2016 snapshot) and it gives no speech-onset latency we could
// tune for barge-in. This detector's decisions are deterministic and unit-tested, and costs about
// 40 ns per sample.

#include <cstdint>
#include <span>

namespace carevoice::call {

inline constexpr int kVadFrameSamples = 160;  // 10 ms at 16 kHz.

struct VadConfig {
  // A frame is speech when its level is this far above the noise floor...
  double snr_db = 11.0;
  // ...and above this absolute level (dBFS): quiet lines never trigger.
  double min_level_dbfs = -48.0;
  // Frames whose zero-crossing rate is above this and whose level is within 20 dB of the floor
  // are noise (hiss), not speech.
  double max_noise_zcr = 0.45;
};

class EnergyVad {
 public:
  explicit EnergyVad(VadConfig config = {}) : config_(config) {}

  // Classifies one 10 ms frame (REQUIRES: kVadFrameSamples samples). Returns true for speech.
  bool IsSpeech(std::span<const std::int16_t> frame);

  // The current noise floor estimate (dBFS).
  double NoiseFloorDbfs() const { return floor_db_; }

 private:
  VadConfig config_;
  double floor_db_ = -60.0;
  int frames_ = 0;
};

}  // namespace carevoice::call
