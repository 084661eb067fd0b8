#include "core/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace carevoice::core {
namespace {

constexpr std::array<std::string_view, kTurnStages> kStageNames = {"nlu", "responder", "tts", "stt",
                                                                   "store"};

// Escapes a label value: backslash, double quote and newline.
std::string EscapeLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void Header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void Sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  if (labels.empty()) {
    fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
  } else {
    fmt::format_to(std::back_inserter(out), "{}{{{}}} {}\n", name, labels, value);
  }
}

void Sample(std::string& out, std::string_view name, std::string_view labels, std::uint64_t value) {
  if (labels.empty()) {
    fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
  } else {
    fmt::format_to(std::back_inserter(out), "{}{{{}}} {}\n", name, labels, value);
  }
}

void Counter(std::string& out, std::string_view name, std::string_view help,
             const std::atomic<std::uint64_t>& value) {
  Header(out, name, "counter", help);
  Sample(out, name, "", value.load(std::memory_order_relaxed));
}

}  // namespace

void LatencyHistogram::Observe(std::chrono::nanoseconds elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const auto it = std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds);
  if (it != kLatencyBuckets.end()) {
    buckets_[static_cast<std::size_t>(it - kLatencyBuckets.begin())].fetch_add(
        1, std::memory_order_relaxed);
  }
  sum_ns_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(0, elapsed.count())),
                    std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void LatencyHistogram::Render(std::string& out, std::string_view name,
                              std::string_view labels) const {
  // Read the count first: concurrent observations may make buckets run ahead of it, so the
  // +Inf bucket is max(count, cumulative) to keep the series monotonic.
  const std::uint64_t count = count_.load(std::memory_order_relaxed);
  const std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    fmt::format_to(std::back_inserter(out), "{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep,
                   kLatencyBuckets[i], cumulative);
  }
  const std::uint64_t total = std::max(count, cumulative);
  fmt::format_to(std::back_inserter(out), "{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep,
                 total);
  const double sum = static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9;
  Sample(out, std::string(name) + "_sum", labels, sum);
  Sample(out, std::string(name) + "_count", labels, total);
}

Metrics::Metrics(std::vector<std::string> routes) { SetRoutes(std::move(routes)); }

void Metrics::SetRoutes(std::vector<std::string> routes) {
  routes_.clear();
  routes.emplace_back("- unmatched");
  for (const std::string& route : routes) {
    auto r = std::make_unique<Route>();
    const std::size_t space = route.find(' ');
    r->method = route.substr(0, space);
    r->pattern = space == std::string::npos ? "" : route.substr(space + 1);
    routes_.push_back(std::move(r));
  }
}

void Metrics::ObserveHttp(std::size_t route_index, unsigned status,
                          std::chrono::nanoseconds elapsed) {
  Route& route = *routes_[std::min(route_index, routes_.size() - 1)];
  route.by_status[status < 600 ? status : 599].fetch_add(1, std::memory_order_relaxed);
  route.latency.Observe(elapsed);
  if (status == 429) RateLimited();
}

void Metrics::ObserveStage(TurnStage stage, std::chrono::nanoseconds elapsed) {
  stages_[static_cast<std::size_t>(stage)].Observe(elapsed);
}

std::string Metrics::Render(const MetricsSnapshotInputs& inputs) const {
  std::string out;
  out.reserve(16 * 1024);
  std::vector<std::string> labels;
  labels.reserve(routes_.size());
  for (const auto& route : routes_) {
    labels.push_back(fmt::format("method=\"{}\",route=\"{}\"", EscapeLabel(route->method),
                                 EscapeLabel(route->pattern)));
  }

  Header(out, "carevoice_http_requests_total", "counter",
         "HTTP requests answered, by route pattern, method and status.");
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    for (std::size_t status = 100; status < 600; ++status) {
      const std::uint64_t n = routes_[i]->by_status[status].load(std::memory_order_relaxed);
      if (n == 0) continue;
      Sample(out, "carevoice_http_requests_total",
             fmt::format("{},status=\"{}\"", labels[i], status), n);
    }
  }
  Header(out, "carevoice_http_request_duration_seconds", "histogram",
         "Time from the request's first byte to the response written, by route.");
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i]->latency.Count() == 0) continue;
    routes_[i]->latency.Render(out, "carevoice_http_request_duration_seconds", labels[i]);
  }
  Header(out, "carevoice_http_open_connections", "gauge",
         "HTTP connections open now (upgraded WebSockets included).");
  Sample(out, "carevoice_http_open_connections", "",
         static_cast<double>(open_connections_.load(std::memory_order_relaxed)));

  Counter(out, "carevoice_engine_turns_total", "Conversation turns completed by the engine.",
          turns_);
  Counter(out, "carevoice_engine_turn_failures_total", "Conversation turns that ended in an error.",
          turn_failures_);
  Header(out, "carevoice_engine_stage_duration_seconds", "histogram",
         "Time spent in each stage of a turn (nlu, responder, tts, stt, store).");
  for (std::size_t i = 0; i < kTurnStages; ++i) {
    stages_[i].Render(out, "carevoice_engine_stage_duration_seconds",
                      fmt::format("stage=\"{}\"", kStageNames[i]));
  }
  Counter(out, "carevoice_escalations_total", "Conversations escalated to a human.", escalations_);
  Counter(out, "carevoice_rate_limit_rejections_total",
          "Requests refused by a rate limit (HTTP 429).", rate_limited_);
  Counter(out, "carevoice_database_errors_total",
          "Database operations that failed for a reason other than the request's own data.",
          db_errors_);
  if (!inputs.pool_pending.empty()) {
    Header(out, "carevoice_worker_pool_queue_depth", "gauge",
           "Work items queued or running on each worker pool.");
    for (const auto& [pool, pending] : inputs.pool_pending) {
      Sample(out, "carevoice_worker_pool_queue_depth",
             fmt::format("pool=\"{}\"", EscapeLabel(pool)), static_cast<double>(pending));
    }
  }
  const auto process_gauge = [&out](std::string_view name, std::string_view type,
                                    std::string_view help, double value) {
    if (value < 0) return;
    Header(out, name, type, help);
    Sample(out, name, "", value);
  };
  process_gauge("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
                static_cast<double>(inputs.resident_memory_bytes));
  process_gauge("process_open_fds", "gauge", "Number of open file descriptors.",
                static_cast<double>(inputs.open_fds));
  process_gauge("process_max_fds", "gauge", "Maximum number of open file descriptors.",
                static_cast<double>(inputs.max_fds));
  process_gauge("process_start_time_seconds", "gauge",
                "Start time of the process since unix epoch in seconds.",
                inputs.start_time_seconds);
  process_gauge("process_cpu_seconds_total", "counter",
                "Total user and system CPU time spent in seconds.", inputs.cpu_seconds);
  return out;
}

}  // namespace carevoice::core
