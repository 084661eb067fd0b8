// The cost of session revocation on every authenticated request (issue 14): verifying a staff
// access token without a revocation store, and with the in-memory store holding many revoked
// sessions and users. The difference is what revocation adds per request.
//
//   build/bin/token_verifier_benchmark

#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "auth/session_revocations.hpp"
#include "auth/token_verifier.hpp"
#include "core/domain.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace carevoice::auth {
namespace {

constexpr core::TimeMs kNow = 1'760'000'000'000;
constexpr core::TimeMs kDay = 86'400'000;

core::User BenchUser() {
  core::User user;
  user.id = core::NewObjectId();
  user.email = "bench@example.com";
  return user;
}

// Verifies one valid token with a session id, again and again.
void Verify(benchmark::State& state, const SessionRevocations* revocations) {
  const core::ManualClock clock(kNow);
  TokenConfig config;
  config.jwt_secret = "benchmark-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
  const TokenVerifier verifier(clock, config, revocations);
  const std::string token = verifier.IssueAccessToken(BenchUser(), core::NewObjectId());
  for (auto _ : state) {
    auto principal = verifier.VerifyAccessToken(token);
    if (!principal) state.SkipWithError("the token did not verify");
    benchmark::DoNotOptimize(principal);
  }
}

void BM_VerifyAccessTokenNoRevocationStore(benchmark::State& state) { Verify(state, nullptr); }
BENCHMARK(BM_VerifyAccessTokenNoRevocationStore);

// range(0) revoked sessions and as many users with revoked unbound tokens.
void BM_VerifyAccessTokenWithRevocations(benchmark::State& state) {
  const std::unique_ptr<SessionRevocations> revocations = MakeInMemorySessionRevocations();
  for (int64_t i = 0; i < state.range(0); ++i) {
    revocations->RevokeSession(core::NewObjectId(), kNow + kDay);
    revocations->RevokeUnboundTokens(core::NewObjectId(), kNow / 1000, kNow + kDay);
  }
  Verify(state, revocations.get());
}
BENCHMARK(BM_VerifyAccessTokenWithRevocations)->Arg(0)->Arg(10'000)->Arg(100'000);

}  // namespace
}  // namespace carevoice::auth

BENCHMARK_MAIN();
