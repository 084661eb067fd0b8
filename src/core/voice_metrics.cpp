#include "core/voice_metrics.hpp"

#include <fmt/format.h>

#include <iterator>
#include <string_view>

namespace carevoice::core {

void VoiceMetrics::Render(std::string& out) const {
  auto it = std::back_inserter(out);
  fmt::format_to(it,
                 "# HELP carevoice_voice_calls_total Live voice calls started (WebSocket or "
                 "Twilio).\n# TYPE carevoice_voice_calls_total counter\n"
                 "carevoice_voice_calls_total {}\n",
                 calls_.load(std::memory_order_relaxed));
  fmt::format_to(it,
                 "# HELP carevoice_voice_active_calls Live voice calls open now.\n"
                 "# TYPE carevoice_voice_active_calls gauge\ncarevoice_voice_active_calls {}\n",
                 active_.load(std::memory_order_relaxed));
  fmt::format_to(it,
                 "# HELP carevoice_voice_barge_ins_total Replies interrupted by the caller's "
                 "speech (barge-in).\n# TYPE carevoice_voice_barge_ins_total counter\n"
                 "carevoice_voice_barge_ins_total {}\n",
                 barge_ins_.load(std::memory_order_relaxed));
  out +=
      "# HELP carevoice_voice_turn_duration_seconds Live-call turn latencies: voice_to_voice (end "
      "of speech to first reply audio byte), decision (silence hangover), stt, reply, tts (first "
      "sentence).\n# TYPE carevoice_voice_turn_duration_seconds histogram\n";
  static constexpr std::array<std::string_view, kVoiceStages> kNames = {
      "voice_to_voice", "decision", "stt", "reply", "tts"};
  for (std::size_t i = 0; i < kVoiceStages; ++i) {
    stages_[i].Render(out, "carevoice_voice_turn_duration_seconds",
                      fmt::format("stage=\"{}\"", kNames[i]));
  }
}

}  // namespace carevoice::core
