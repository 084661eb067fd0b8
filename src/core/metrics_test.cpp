#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace carevoice::core {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(MetricsTest, HttpRequestsByRouteAndStatusWithCumulativeHistograms) {
  Metrics m({"GET /api/agents", "POST /api/auth/login"});
  m.ObserveHttp(0, 200, microseconds(300));
  m.ObserveHttp(0, 200, milliseconds(3));
  m.ObserveHttp(1, 429, milliseconds(20));
  m.ObserveHttp(static_cast<std::size_t>(-1), 404, microseconds(100));
  const std::string text = m.Render({});
  EXPECT_TRUE(Has(text, "# TYPE carevoice_http_requests_total counter"));
  EXPECT_TRUE(Has(
      text, R"(carevoice_http_requests_total{method="GET",route="/api/agents",status="200"} 2)"));
  EXPECT_TRUE(Has(
      text,
      R"(carevoice_http_requests_total{method="POST",route="/api/auth/login",status="429"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(carevoice_http_requests_total{method="-",route="unmatched",status="404"} 1)"));
  EXPECT_TRUE(Has(
      text,
      R"(carevoice_http_request_duration_seconds_bucket{method="GET",route="/api/agents",le="0.0005"} 1)"));
  EXPECT_TRUE(Has(
      text,
      R"(carevoice_http_request_duration_seconds_bucket{method="GET",route="/api/agents",le="0.005"} 2)"));
  EXPECT_TRUE(Has(
      text,
      R"(carevoice_http_request_duration_seconds_bucket{method="GET",route="/api/agents",le="+Inf"} 2)"));
  EXPECT_TRUE(
      Has(text,
          R"(carevoice_http_request_duration_seconds_count{method="GET",route="/api/agents"} 2)"));
  EXPECT_TRUE(Has(text, "carevoice_rate_limit_rejections_total 1"));  // The 429.
  EXPECT_EQ(text.back(), '\n');
}

TEST(MetricsTest, TurnsStagesGaugesAndProcessFigures) {
  Metrics m;
  m.ObserveStage(TurnStage::kNlu, microseconds(700));
  m.TurnCompleted();
  m.Escalated();
  m.DatabaseError();
  m.ConnectionOpened();
  m.ConnectionOpened();
  m.ConnectionClosed();
  MetricsSnapshotInputs in;
  in.pool_pending = {{"worker", 3}};
  in.resident_memory_bytes = 1234;
  const std::string text = m.Render(in);
  EXPECT_TRUE(Has(text, R"(carevoice_engine_stage_duration_seconds_count{stage="nlu"} 1)"));
  EXPECT_TRUE(
      Has(text, R"(carevoice_engine_stage_duration_seconds_bucket{stage="nlu",le="0.001"} 1)"));
  EXPECT_TRUE(Has(text, R"(carevoice_engine_stage_duration_seconds_count{stage="tts"} 0)"));
  EXPECT_TRUE(Has(text, "carevoice_engine_turns_total 1"));
  EXPECT_TRUE(Has(text, "carevoice_escalations_total 1"));
  EXPECT_TRUE(Has(text, "carevoice_database_errors_total 1"));
  EXPECT_TRUE(Has(text, "carevoice_http_open_connections 1"));
  EXPECT_TRUE(Has(text, R"(carevoice_worker_pool_queue_depth{pool="worker"} 3)"));
  EXPECT_TRUE(Has(text, "process_resident_memory_bytes 1234"));
  EXPECT_EQ(text.find("process_open_fds"), std::string::npos);  // Unknown: omitted.
}

}  // namespace
}  // namespace carevoice::core
