#pragma once

// Live voice-call figures for GET /metrics (appended after core::Metrics' text): calls, barge-ins
// and per-turn latencies. Lock-free; created by the wiring, updated by call/. Thread-safe.

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/metrics.hpp"

namespace carevoice::core {

// The latencies of a live call's turn: end of speech → first reply audio byte, end of speech →
// end-of-turn decision (the silence hangover), decision → final transcript, the engine's reply,
// and the first sentence's synthesis.
enum class VoiceStage { kVoiceToVoice, kDecision, kStt, kReply, kTts };
inline constexpr std::size_t kVoiceStages = 5;

class VoiceMetrics {
 public:
  void Observe(VoiceStage stage, std::chrono::nanoseconds elapsed) {
    stages_[static_cast<std::size_t>(stage)].Observe(elapsed);
  }
  void CallStarted() {
    calls_.fetch_add(1, std::memory_order_relaxed);
    active_.fetch_add(1, std::memory_order_relaxed);
  }
  void CallEnded() { active_.fetch_sub(1, std::memory_order_relaxed); }
  void BargeIn() { barge_ins_.fetch_add(1, std::memory_order_relaxed); }

  // Appends the Prometheus text of these figures to `out`.
  void Render(std::string& out) const;

 private:
  std::array<LatencyHistogram, kVoiceStages> stages_;
  std::atomic<std::uint64_t> calls_{0};
  std::atomic<std::int64_t> active_{0};
  std::atomic<std::uint64_t> barge_ins_{0};
};

}  // namespace carevoice::core
