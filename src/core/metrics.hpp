#pragma once

// Process metrics for GET /metrics, in the Prometheus text exposition format (version 0.0.4).
// Hot-path updates are lock-free (relaxed atomics, fixed arrays indexed by route and status);
// only Render takes a lock-free snapshot of them. The registry is created by the wiring and
// passed by pointer to the components that update it (no global). Thread-safe. Pure: no I/O
// (process RSS and open files are read by the caller and passed to Render).

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace carevoice::core {

// Latency buckets (seconds) of every histogram: 0.5 ms .. 10 s.
inline constexpr std::array<double, 14> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

class LatencyHistogram {
 public:
  void Observe(std::chrono::nanoseconds elapsed);
  // Appends the _bucket, _sum and _count lines of `name` with `labels` ("" or `a="b",c="d"`).
  void Render(std::string& out, std::string_view name, std::string_view labels) const;
  std::uint64_t Count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size()> buckets_{};  // Not cumulative.
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_ns_{0};
};

// The stages of an engine turn.
enum class TurnStage { kNlu, kResponder, kTts, kStt, kStore };
inline constexpr std::size_t kTurnStages = 5;

// Values read when rendering (queue depth, process figures); -1 = unknown (omitted).
struct MetricsSnapshotInputs {
  // Work items queued or running per worker pool (core::PendingWorkOf), by pool name.
  std::vector<std::pair<std::string, std::int64_t>> pool_pending;
  std::int64_t resident_memory_bytes = -1;
  std::int64_t open_fds = -1;
  std::int64_t max_fds = -1;
  double start_time_seconds = -1;
  double cpu_seconds = -1;
};

class Metrics {
 public:
  // `routes`: "METHOD pattern" of every route, in the router's registration order (their
  // indexes are the route indexes of ObserveHttp).
  explicit Metrics(std::vector<std::string> routes = {});
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Replaces the route table. REQUIRES: no ObserveHttp is running (call before serving).
  void SetRoutes(std::vector<std::string> routes);

  // One answered HTTP request. `route_index` >= the route count (e.g. SIZE_MAX) = unmatched.
  void ObserveHttp(std::size_t route_index, unsigned status, std::chrono::nanoseconds elapsed);
  void ConnectionOpened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  std::int64_t OpenConnections() const { return open_connections_.load(std::memory_order_relaxed); }

  void ObserveStage(TurnStage stage, std::chrono::nanoseconds elapsed);
  void TurnCompleted() { turns_.fetch_add(1, std::memory_order_relaxed); }
  void TurnFailed() { turn_failures_.fetch_add(1, std::memory_order_relaxed); }
  void Escalated() { escalations_.fetch_add(1, std::memory_order_relaxed); }
  void RateLimited() { rate_limited_.fetch_add(1, std::memory_order_relaxed); }
  void DatabaseError() { db_errors_.fetch_add(1, std::memory_order_relaxed); }

  // Returns the whole exposition text (every line ends with '\n').
  std::string Render(const MetricsSnapshotInputs& inputs) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::array<std::atomic<std::uint64_t>, 600> by_status{};  // Index = status (100..599).
    LatencyHistogram latency;
  };

  std::vector<std::unique_ptr<Route>> routes_;  // The last one is "unmatched".
  std::atomic<std::int64_t> open_connections_{0};
  std::array<LatencyHistogram, kTurnStages> stages_;
  std::atomic<std::uint64_t> turns_{0};
  std::atomic<std::uint64_t> turn_failures_{0};
  std::atomic<std::uint64_t> escalations_{0};
  std::atomic<std::uint64_t> rate_limited_{0};
  std::atomic<std::uint64_t> db_errors_{0};
};

// Measures from construction to destruction into `metrics` (null = nothing).
class StageTimer {
 public:
  StageTimer(Metrics* metrics, TurnStage stage)
      : metrics_(metrics), stage_(stage), start_(std::chrono::steady_clock::now()) {}
  ~StageTimer() {
    if (metrics_ != nullptr)
      metrics_->ObserveStage(stage_, std::chrono::steady_clock::now() - start_);
  }
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;

 private:
  Metrics* metrics_;
  TurnStage stage_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace carevoice::core
