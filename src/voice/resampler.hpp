#pragma once

// Sample-rate conversion (libspeexdsp) and down-mixing to the recognisers' 16 kHz mono.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "voice/pcm.hpp"

namespace carevoice::voice {

inline constexpr int kSpeechRate = 16000;

// A streaming mono resampler: feed chunks, get the converted samples of each. Not thread-safe.
class Resampler {
 public:
  // REQUIRES: 0 < in_rate, out_rate <= 768000. `quality` 0..10 (speex; 3 = VoIP default).
  Resampler(int in_rate, int out_rate, int quality = 4);
  ~Resampler();
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  // Returns the converted samples of `mono` (the filter's delay carries over between calls).
  std::vector<std::int16_t> Process(std::span<const std::int16_t> mono);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Averages interleaved channels into one.
std::vector<std::int16_t> DownmixToMono(const Pcm& pcm);

// Returns `pcm` as 16 kHz mono (down-mixed, then resampled when the rate differs).
Pcm ToSpeechFormat(const Pcm& pcm);

// Returns `pcm` resampled to `rate` Hz mono.
Pcm ToMonoRate(const Pcm& pcm, int rate);

}  // namespace carevoice::voice
