#include "call/vad.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace carevoice::call {
namespace {

std::vector<std::int16_t> Tone(double amplitude, double hz, int frames) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(frames) * kVadFrameSamples);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::int16_t>(amplitude * 32767 * std::sin(2 * M_PI * hz * i / 16000.0));
  }
  return out;
}

std::vector<std::int16_t> Noise(double amplitude, int frames, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0, amplitude * 32767);
  std::vector<std::int16_t> out(static_cast<std::size_t>(frames) * kVadFrameSamples);
  for (auto& s : out) s = static_cast<std::int16_t>(std::clamp(n(rng), -32767.0, 32767.0));
  return out;
}

int SpeechFrames(EnergyVad& vad, const std::vector<std::int16_t>& audio) {
  int n = 0;
  for (std::size_t i = 0; i + kVadFrameSamples <= audio.size(); i += kVadFrameSamples) {
    n += vad.IsSpeech(std::span<const std::int16_t>(audio.data() + i, kVadFrameSamples)) ? 1 : 0;
  }
  return n;
}

TEST(EnergyVadTest, SilenceIsNotSpeech) {
  EnergyVad vad;
  EXPECT_EQ(SpeechFrames(vad, std::vector<std::int16_t>(16000, 0)), 0);
}

TEST(EnergyVadTest, VoicedToneAfterQuietLineIsSpeech) {
  EnergyVad vad;
  EXPECT_EQ(SpeechFrames(vad, Noise(0.001, 50)), 0);
  // A 200 Hz voiced sound at -20 dBFS: every frame is speech.
  EXPECT_GE(SpeechFrames(vad, Tone(0.1, 200, 30)), 29);
}

TEST(EnergyVadTest, SteadyHissIsNotSpeechOnceLearned) {
  EnergyVad vad;
  SpeechFrames(vad, Noise(0.003, 300));  // 3 s of line noise: the floor follows it.
  EXPECT_LE(SpeechFrames(vad, Noise(0.003, 100, 7)), 2);
  EXPECT_GE(SpeechFrames(vad, Tone(0.2, 180, 20)), 19);
}

TEST(EnergyVadTest, SpeechDoesNotRaiseTheFloorQuickly) {
  EnergyVad vad;
  SpeechFrames(vad, Noise(0.001, 50));
  // Two seconds of continuous speech are still speech at the end.
  const auto speech = Tone(0.1, 220, 200);
  const std::vector<std::int16_t> tail(speech.end() - 10 * kVadFrameSamples, speech.end());
  SpeechFrames(vad, std::vector<std::int16_t>(speech.begin(), speech.end() - tail.size()));
  EXPECT_EQ(SpeechFrames(vad, tail), 10);
}

}  // namespace
}  // namespace carevoice::call
