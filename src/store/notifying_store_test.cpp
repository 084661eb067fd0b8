#include "store/notifying_store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/ids.hpp"

namespace carevoice::store {
namespace {

TEST(NotifyingStoreTest, ReportsTheOwnerAfterEveryCommittedConversationWrite) {
  auto opened = OpenStore("sqlite::memory:");
  ASSERT_TRUE(opened) << opened.error().message;
  std::vector<std::string> changed;
  auto store =
      MakeNotifyingStore(std::move(*opened), [&](const std::string& u) { changed.push_back(u); });
  core::User user;
  user.id = core::NewObjectId();
  user.name = "Ann";
  user.email = "ann@example.com";
  user.password_hash = "$2b$10$x";
  ASSERT_TRUE(store->CreateUser(user));
  EXPECT_TRUE(changed.empty());

  core::Conversation c;
  c.id = core::NewObjectId();
  c.user_id = user.id;
  c.title = "t";
  ASSERT_TRUE(store->CreateConversation(c));
  core::Message m;
  m.id = core::NewObjectId();
  m.conversation_id = c.id;
  m.role = "user";
  m.content = "hi";
  ASSERT_TRUE(store->AppendMessage(m, ""));  // As an admin: the owner is still reported.
  ConversationPatch patch;
  patch.title = "new";
  ASSERT_TRUE(store->UpdateConversation(c.id, user.id, patch, 1));
  ASSERT_TRUE(store->DeleteConversation(c.id, user.id));
  EXPECT_EQ(changed, (std::vector<std::string>(4, user.id)));

  // A failed write reports nothing.
  EXPECT_FALSE(store->DeleteConversation(c.id, user.id));
  EXPECT_EQ(changed.size(), 4u);
}

}  // namespace
}  // namespace carevoice::store
