#include "call/vad.hpp"

#include <algorithm>
#include <cmath>

namespace carevoice::call {

bool EnergyVad::IsSpeech(std::span<const std::int16_t> frame) {
  if (frame.empty()) return false;
  double energy = 0;
  int crossings = 0;
  for (std::size_t i = 0; i < frame.size(); ++i) {
    const double s = frame[i] / 32768.0;
    energy += s * s;
    if (i > 0 && ((frame[i] >= 0) != (frame[i - 1] >= 0))) ++crossings;
  }
  const double level_db = 10.0 * std::log10(energy / static_cast<double>(frame.size()) + 1e-10);
  const double zcr = static_cast<double>(crossings) / static_cast<double>(frame.size());
  ++frames_;
  // The floor follows quieter frames quickly and louder ones slowly (about 3 dB/s), so speech
  // does not raise it but a noisier line does, eventually.
  if (level_db < floor_db_) {
    floor_db_ = 0.8 * floor_db_ + 0.2 * level_db;
  } else {
    floor_db_ += std::min(level_db - floor_db_, frames_ < 20 ? 1.0 : 0.03);
  }
  floor_db_ = std::clamp(floor_db_, -90.0, -20.0);
  if (level_db < config_.min_level_dbfs) return false;
  if (level_db < floor_db_ + config_.snr_db) return false;
  if (zcr > config_.max_noise_zcr && level_db < floor_db_ + 20.0) return false;
  return true;
}

}  // namespace carevoice::call
