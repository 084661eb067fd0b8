#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace carevoice::core {
namespace {

TEST(IdsTest, ObjectIdIsTwentyFourHexAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewObjectId();
    EXPECT_TRUE(IsObjectId(id)) << id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
}

TEST(IdsTest, ObjectIdsAreTimeOrderedWithinProcess) {
  const std::string a = NewObjectId();
  const std::string b = NewObjectId();
  EXPECT_LE(a.substr(0, 8), b.substr(0, 8));
  EXPECT_LT(a, b);  // Same second and prefix: the counter orders them.
}

TEST(IdsTest, IsObjectIdRejectsMalformed) {
  EXPECT_FALSE(IsObjectId(""));
  EXPECT_FALSE(IsObjectId("123"));
  EXPECT_FALSE(IsObjectId("zzzzzzzzzzzzzzzzzzzzzzzz"));
  EXPECT_FALSE(IsObjectId("0123456789abcdef012345678"));
  EXPECT_TRUE(IsObjectId("0123456789ABCDEF01234567"));
}

TEST(IdsTest, RandomTokensHaveRequestedLength) {
  EXPECT_EQ(RandomHex(16).size(), 32u);
  EXPECT_EQ(RandomBase64Url(32).size(), 43u);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

}  // namespace
}  // namespace carevoice::core
