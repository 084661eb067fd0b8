#include "core/domain.hpp"

#include <gtest/gtest.h>

namespace carevoice::core {
namespace {

TEST(DomainTest, EnumsReadAndWriteTheOldBackendsSpellings) {
  for (auto role :
       {MessageRole::kUser, MessageRole::kAssistant, MessageRole::kSystem, MessageRole::kHuman}) {
    EXPECT_EQ(ParseMessageRole(Name(role)), role);
  }
  for (auto status : {ConversationStatus::kActive, ConversationStatus::kCompleted,
                      ConversationStatus::kArchived, ConversationStatus::kEscalated}) {
    EXPECT_EQ(ParseConversationStatus(Name(status)), status);
  }
  EXPECT_EQ(Name(MessageRole::kAssistant), "assistant");
  EXPECT_EQ(Name(ConversationStatus::kEscalated), "escalated");
  EXPECT_EQ(Name(UserRole::kAdmin), "admin");
  EXPECT_EQ(ParseUserRole("user"), UserRole::kUser);
  EXPECT_EQ(ParseUserRole("admin"), UserRole::kAdmin);
}

TEST(DomainTest, AnythingElseIsNotParsed) {
  EXPECT_FALSE(ParseUserRole("root"));
  EXPECT_FALSE(ParseUserRole("Admin"));  // Exact spellings only.
  EXPECT_FALSE(ParseMessageRole("robot"));
  EXPECT_FALSE(ParseMessageRole(""));
  EXPECT_FALSE(ParseConversationStatus("deleted"));
  EXPECT_FALSE(ParseConversationStatus("escalated "));
}

}  // namespace
}  // namespace carevoice::core
