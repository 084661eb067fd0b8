#include "api/list_cache.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace carevoice::api {
namespace {

TEST(ConversationListCacheTest, ServesOnlyWhileTheUsersVersionIsCurrent) {
  ConversationListCache cache;
  const std::uint64_t v = cache.Version("u1");
  cache.Put("u1", "u1|all", v, "[1]");
  ASSERT_EQ(cache.Get("u1", "u1|all"), std::optional<std::string>("[1]"));
  cache.Invalidate("u2");  // Another user's change leaves u1's entry alone.
  EXPECT_EQ(cache.Get("u1", "u1|all"), std::optional<std::string>("[1]"));
  cache.Invalidate("u1");
  EXPECT_FALSE(cache.Get("u1", "u1|all").has_value());
}

TEST(ConversationListCacheTest, ABodyReadBeforeAWriteIsNeverCached) {
  ConversationListCache cache;
  const std::uint64_t read_at = cache.Version("u1");  // Reader starts...
  cache.Invalidate("u1");                             // ...a write commits...
  cache.Put("u1", "k", read_at, "[stale]");           // ...the reader's body is stale.
  EXPECT_FALSE(cache.Get("u1", "k").has_value());
}

TEST(ConversationListCacheTest, ChangeEventsInvalidateTheOwnerButTypingAndTokensDoNot) {
  ConversationListCache cache;
  auto conversation = std::make_shared<core::Conversation>();
  conversation->user_id = "u1";
  cache.Put("u1", "k", cache.Version("u1"), "[1]");
  engine::Event event;
  event.conversation = conversation;
  for (auto type : {engine::EventType::kTyping, engine::EventType::kToken}) {
    event.type = type;
    cache.OnEvent(event);
    EXPECT_TRUE(cache.Get("u1", "k").has_value());
  }
  for (auto type : {engine::EventType::kConversationStarted, engine::EventType::kMessage,
                    engine::EventType::kEscalated, engine::EventType::kConversationUpdated,
                    engine::EventType::kConversationDeleted}) {
    cache.Put("u1", "k", cache.Version("u1"), "[1]");
    event.type = type;
    cache.OnEvent(event);
    EXPECT_FALSE(cache.Get("u1", "k").has_value()) << engine::EventTypeName(type);
  }
}

TEST(ConversationListCacheTest, BoundedSize) {
  ConversationListCache cache(3);
  for (int i = 0; i < 10; ++i) {
    const std::string key = "u|" + std::to_string(i);
    cache.Put("u", key, cache.Version("u"), "[]");
    EXPECT_TRUE(cache.Get("u", key).has_value());
  }
  int kept = 0;
  for (int i = 0; i < 10; ++i) kept += cache.Get("u", "u|" + std::to_string(i)).has_value();
  EXPECT_LE(kept, 3);
}

}  // namespace
}  // namespace carevoice::api
