// GET /metrics: the Prometheus text exposition of core::Metrics plus the worker pools' queue
// depth and the process figures (resident memory, open and maximum file descriptors, CPU time).
// Registered only when METRICS_TOKEN is set; the caller must present it as a bearer token
// (compared in constant time), else 401. Not a JWT route: monitoring has no user.

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "core/blocking.hpp"
#include "core/strings.hpp"
#include "http/server.hpp"

namespace carevoice::api {
namespace {

// Returns the process figures from /proc and getrusage/getrlimit; -1 where unknown.
core::MetricsSnapshotInputs ProcessFigures() {
  core::MetricsSnapshotInputs in;
  std::ifstream statm("/proc/self/statm");
  long long size_pages = 0;
  long long resident_pages = 0;
  if (statm >> size_pages >> resident_pages) {
    in.resident_memory_bytes = resident_pages * sysconf(_SC_PAGESIZE);
  }
  std::error_code ec;
  std::int64_t fds = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++fds;
  }
  if (!ec) in.open_fds = fds > 0 ? fds - 1 : 0;  // Minus the iterator's own descriptor.
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    in.max_fds = static_cast<std::int64_t>(limit.rlim_cur);
  }
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    in.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  }
  return in;
}

HandlerResult Metrics(ApiDeps& deps, http::RequestContext& ctx) {
  const std::string_view token = http::BearerToken(ctx.Header("Authorization"));
  if (token.empty() || !core::ConstantTimeEquals(token, deps.config.metrics_token)) {
    core::Error e = core::Error::Unauthorized("A valid METRICS_TOKEN bearer token is required");
    http::Response res = Fail(ctx, e);
    res.set(boost::beast::http::field::www_authenticate, "Bearer");
    co_return res;
  }
  core::MetricsSnapshotInputs inputs = ProcessFigures();
  for (const auto& [name, pool] : deps.pools) {
    if (pool != nullptr) inputs.pool_pending.emplace_back(name, core::PendingWorkOf(*pool));
  }
  http::Response res{boost::beast::http::status::ok, ctx.request->version()};
  res.set(boost::beast::http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
  res.set(boost::beast::http::field::cache_control, "no-store");
  res.body() = deps.metrics->Render(inputs);
  if (deps.voice_metrics != nullptr) deps.voice_metrics->Render(res.body());
  res.keep_alive(ctx.request->keep_alive());
  co_return res;
}

}  // namespace

void RegisterMetricsRoute(http::Router& router, ApiDeps& deps) {
  if (deps.metrics == nullptr || deps.config.metrics_token.empty()) return;
  router.Add(http::Verb::get, "/metrics", Bind(deps, &Metrics), {.requires_auth = false});
}

}  // namespace carevoice::api
