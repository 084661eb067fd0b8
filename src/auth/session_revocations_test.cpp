#include "auth/session_revocations.hpp"

#include <gtest/gtest.h>

namespace carevoice::auth {
namespace {

TEST(SessionRevocationsTest, RevokedSessionsAndUnboundCutoffs) {
  auto r = MakeInMemorySessionRevocations();
  EXPECT_FALSE(r->IsRevoked("u1", "s1", 100));
  r->RevokeSession("s1", 5000);
  EXPECT_TRUE(r->IsRevoked("u1", "s1", 100));
  EXPECT_FALSE(r->IsRevoked("u1", "s2", 100));
  EXPECT_FALSE(r->IsRevoked("u1", "", 100));  // A token without a sid is not a session.
  r->RevokeUnboundTokens("u1", 200, 6000);
  EXPECT_TRUE(r->IsRevoked("u1", "", 200));
  EXPECT_FALSE(r->IsRevoked("u1", "", 201));  // Issued after the cutoff.
  EXPECT_FALSE(r->IsRevoked("u2", "", 100));
  EXPECT_FALSE(r->IsRevoked("u1", "s3", 100));  // Sids are judged by the session set only.
  EXPECT_EQ(r->Size(), 2u);
  r->Prune(5000);  // s1's tokens have all expired.
  EXPECT_FALSE(r->IsRevoked("u1", "s1", 100));
  EXPECT_TRUE(r->IsRevoked("u1", "", 100));
  r->Prune(6000);
  EXPECT_EQ(r->Size(), 0u);
}

}  // namespace
}  // namespace carevoice::auth
