// The Store contract: every case here runs against every adapter (see store_contract.hpp).

#include "store/store_contract.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.hpp"

namespace carevoice::store {
namespace {

TEST_P(StoreContractTest, UserRoundTripsByIdAndEmail) {
  core::User u = MakeUser("ada@example.com");
  u.avatar = "/public/avatars/a.png";
  u.role = core::UserRole::kAdmin;
  ASSERT_TRUE(store_->CreateUser(u));

  Result<core::User> by_id = store_->GetUserById(u.id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->email, "ada@example.com");
  EXPECT_EQ(by_id->password_hash, u.password_hash);
  EXPECT_EQ(by_id->avatar, u.avatar);
  EXPECT_EQ(by_id->role, core::UserRole::kAdmin);
  EXPECT_EQ(by_id->created_at, kT0);

  Result<core::User> by_email = store_->GetUserByEmail("ada@example.com");
  ASSERT_TRUE(by_email);
  EXPECT_EQ(by_email->id, u.id);

  EXPECT_EQ(store_->GetUserById(core::NewObjectId()).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->GetUserByEmail("nobody@example.com").error().kind, core::ErrorKind::kNotFound);
}

TEST_P(StoreContractTest, DuplicateEmailIsConflictEvenInOtherCase) {
  ASSERT_TRUE(store_->CreateUser(MakeUser("ada@example.com")));
  Result<void> again = store_->CreateUser(MakeUser("ada@example.com"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(again.error().message, "User already exists with this email");
  Result<void> upper = store_->CreateUser(MakeUser("ADA@example.com"));
  ASSERT_FALSE(upper);
  EXPECT_EQ(upper.error().kind, core::ErrorKind::kConflict);
}

TEST_P(StoreContractTest, UpdateUserReplacesFieldsAndDetectsConflicts) {
  core::User a = MakeUser("a@example.com");
  core::User b = MakeUser("b@example.com");
  ASSERT_TRUE(store_->CreateUser(a));
  ASSERT_TRUE(store_->CreateUser(b));

  a.name = "Ada Lovelace";
  a.email = "lovelace@example.com";
  a.updated_at = kT0 + 5;
  ASSERT_TRUE(store_->UpdateUser(a));
  Result<core::User> got = store_->GetUserByEmail("lovelace@example.com");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Ada Lovelace");
  EXPECT_EQ(got->updated_at, kT0 + 5);
  EXPECT_EQ(got->created_at, kT0);

  a.email = "b@example.com";
  Result<void> clash = store_->UpdateUser(a);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, core::ErrorKind::kConflict);

  core::User ghost = MakeUser("ghost@example.com");
  EXPECT_EQ(store_->UpdateUser(ghost).error().kind, core::ErrorKind::kNotFound);
}

// --- Refresh tokens ---

RefreshToken MakeToken(const std::string& user_id, const std::string& family) {
  RefreshToken t;
  t.token_hash = core::RandomHex(32);
  t.user_id = user_id;
  t.family_id = family;
  t.created_at = kT0;
  t.expires_at = kT0 + 1000;
  return t;
}

TEST_P(StoreContractTest, RefreshTokenRotationMarksOldUsedAndRejectsReuse) {
  const std::string user = NewUser("a@example.com");
  RefreshToken first = MakeToken(user, "fam1");
  ASSERT_TRUE(store_->InsertRefreshToken(first));
  EXPECT_EQ(store_->InsertRefreshToken(first).error().kind, core::ErrorKind::kConflict);

  RefreshToken second = MakeToken(user, "fam1");
  ASSERT_TRUE(store_->RotateRefreshToken(first.token_hash, second));

  Result<RefreshToken> old_token = store_->GetRefreshToken(first.token_hash);
  ASSERT_TRUE(old_token);
  EXPECT_TRUE(old_token->used);
  EXPECT_FALSE(old_token->revoked);
  Result<RefreshToken> new_token = store_->GetRefreshToken(second.token_hash);
  ASSERT_TRUE(new_token);
  EXPECT_FALSE(new_token->used);
  EXPECT_EQ(new_token->family_id, "fam1");
  EXPECT_EQ(new_token->expires_at, kT0 + 1000);

  // Replaying the used token fails and inserts nothing.
  RefreshToken third = MakeToken(user, "fam1");
  Result<void> replay = store_->RotateRefreshToken(first.token_hash, third);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().kind, core::ErrorKind::kUnauthorized);
  EXPECT_EQ(store_->GetRefreshToken(third.token_hash).error().kind, core::ErrorKind::kNotFound);

  // Unknown token: same answer.
  EXPECT_EQ(store_->RotateRefreshToken("nope", third).error().kind, core::ErrorKind::kUnauthorized);
}

TEST_P(StoreContractTest, RevokeFamilyRevokesOnlyThatFamily) {
  const std::string user = NewUser("a@example.com");
  RefreshToken a = MakeToken(user, "fam1");
  RefreshToken b = MakeToken(user, "fam1");
  RefreshToken other = MakeToken(user, "fam2");
  ASSERT_TRUE(store_->InsertRefreshToken(a));
  ASSERT_TRUE(store_->InsertRefreshToken(b));
  ASSERT_TRUE(store_->InsertRefreshToken(other));
  ASSERT_TRUE(store_->RevokeRefreshFamily("fam1"));
  EXPECT_TRUE(store_->GetRefreshToken(a.token_hash)->revoked);
  EXPECT_TRUE(store_->GetRefreshToken(b.token_hash)->revoked);
  EXPECT_FALSE(store_->GetRefreshToken(other.token_hash)->revoked);
  EXPECT_EQ(store_->RotateRefreshToken(b.token_hash, MakeToken(user, "fam1")).error().kind,
            core::ErrorKind::kUnauthorized);
  EXPECT_TRUE(store_->RevokeRefreshFamily("no-such-family"));
}

TEST_P(StoreContractTest, ConcurrentRotationsOfOneTokenHaveExactlyOneWinner) {
  const std::string user = NewUser("a@example.com");
  RefreshToken first = MakeToken(user, "fam");
  ASSERT_TRUE(store_->InsertRefreshToken(first));
  std::atomic<int> wins{0};
  std::atomic<int> unauthorized{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      Result<void> r = store_->RotateRefreshToken(first.token_hash, MakeToken(user, "fam"));
      if (r) {
        ++wins;
      } else if (r.error().kind == core::ErrorKind::kUnauthorized) {
        ++unauthorized;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(unauthorized.load(), 7);
}

// --- Agents ---

TEST_P(StoreContractTest, AgentRoundTripsEveryField) {
  const std::string user = NewUser("a@example.com");
  core::Agent a = MakeAgent(user);
  a.personality = "warm";
  a.system_prompt = "You are Sam.";
  a.response_style = "friendly";
  a.settings = {321, 0.25};
  a.company_info = "Acme sells anvils.";
  a.prompts = {"Be brief", "Say “thanks” — always", ""};
  a.knowledge = {{"When are you open?", "9–5, Mon–Fri"}, {"Q\"uote", "A\\slash\nnewline"}};
  a.intents = {
      {"track_order", {"where is my order", "track package"}, "It is on its way.", "escalate"},
      {"empty", {}}};
  a.voice = "slt";
  a.avatar = "/public/avatars/sam.png";
  ASSERT_TRUE(store_->CreateAgent(a));

  Result<core::Agent> got = store_->GetAgent(a.id, user);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->user_id, user);
  EXPECT_EQ(got->name, "Sam");
  EXPECT_EQ(got->company, "Acme");
  EXPECT_EQ(got->personality, "warm");
  EXPECT_EQ(got->system_prompt, "You are Sam.");
  EXPECT_EQ(got->response_style, "friendly");
  EXPECT_EQ(got->settings.max_tokens, 321);
  EXPECT_DOUBLE_EQ(got->settings.temperature, 0.25);
  EXPECT_EQ(got->company_info, a.company_info);
  EXPECT_EQ(got->prompts, a.prompts);
  ASSERT_EQ(got->knowledge.size(), 2u);
  EXPECT_EQ(got->knowledge[0].answer, "9–5, Mon–Fri");
  EXPECT_EQ(got->knowledge[1].question, "Q\"uote");
  EXPECT_EQ(got->knowledge[1].answer, "A\\slash\nnewline");
  ASSERT_EQ(got->intents.size(), 2u);
  EXPECT_EQ(got->intents[0].name, "track_order");
  EXPECT_EQ(got->intents[0].examples, a.intents[0].examples);
  EXPECT_TRUE(got->intents[1].examples.empty());
  EXPECT_EQ(got->intents[0].reply, "It is on its way.");
  EXPECT_EQ(got->intents[0].action, "escalate");
  EXPECT_TRUE(got->intents[1].reply.empty());
  EXPECT_EQ(got->voice, "slt");
  EXPECT_EQ(got->avatar, a.avatar);
  EXPECT_FALSE(got->is_demo);
}

TEST_P(StoreContractTest, AgentsAreScopedToTheirOwnerButDemoAgentsAreShared) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  core::Agent mine = MakeAgent(alice);
  core::Agent demo = MakeAgent("");
  demo.is_demo = true;
  demo.name = "Sigma";
  ASSERT_TRUE(store_->CreateAgent(mine));
  ASSERT_TRUE(store_->CreateAgent(demo));

  EXPECT_TRUE(store_->GetAgent(mine.id, alice));
  EXPECT_EQ(store_->GetAgent(mine.id, bob).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->GetAgent(mine.id, "").error().kind, core::ErrorKind::kNotFound);
  Result<core::Agent> demo_for_bob = store_->GetAgent(demo.id, bob);
  ASSERT_TRUE(demo_for_bob);
  EXPECT_TRUE(demo_for_bob->is_demo);

  Result<std::vector<core::Agent>> demos = store_->ListDemoAgents();
  ASSERT_TRUE(demos);
  ASSERT_EQ(demos->size(), 1u);
  EXPECT_EQ((*demos)[0].name, "Sigma");

  // Bob cannot change or delete Alice's agent.
  core::Agent hijack = mine;
  hijack.user_id = bob;
  hijack.name = "Pwned";
  EXPECT_EQ(store_->UpdateAgent(hijack).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->DeleteAgent(mine.id, bob).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->GetAgent(mine.id, alice)->name, "Sam");
}

TEST_P(StoreContractTest, ListAgentsIsNewestFirstAndExcludesOthersAndDemos) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  core::Agent old_agent = MakeAgent(alice, kT0);
  core::Agent new_agent = MakeAgent(alice, kT0 + 10);
  core::Agent bobs = MakeAgent(bob, kT0 + 5);
  core::Agent demo = MakeAgent("", kT0 + 20);
  demo.is_demo = true;
  for (const core::Agent* a : {&old_agent, &new_agent, &bobs, &demo}) {
    ASSERT_TRUE(store_->CreateAgent(*a));
  }
  Result<std::vector<core::Agent>> list = store_->ListAgents(alice);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, new_agent.id);
  EXPECT_EQ((*list)[1].id, old_agent.id);
  EXPECT_TRUE(store_->ListAgents("")->empty());
}

TEST_P(StoreContractTest, UpdateAgentReplacesFieldsButKeepsCreation) {
  const std::string alice = NewUser("alice@example.com");
  core::Agent a = MakeAgent(alice);
  a.prompts = {"one"};
  ASSERT_TRUE(store_->CreateAgent(a));
  // Read first (a store may keep it), then changed: the next read sees the change at once.
  ASSERT_EQ(store_->GetAgent(a.id, alice)->prompts, (std::vector<std::string>{"one"}));
  const std::string bob = NewUser("bob@example.com");
  EXPECT_EQ(store_->GetAgent(a.id, bob).error().kind, core::ErrorKind::kNotFound);
  a.name = "Samantha";
  a.prompts = {"two", "three"};
  a.settings.temperature = 1.5;
  a.created_at = 0;  // Ignored.
  a.updated_at = kT0 + 99;
  ASSERT_TRUE(store_->UpdateAgent(a));
  Result<core::Agent> got = store_->GetAgent(a.id, alice);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Samantha");
  EXPECT_EQ(got->prompts, (std::vector<std::string>{"two", "three"}));
  EXPECT_DOUBLE_EQ(got->settings.temperature, 1.5);
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(got->updated_at, kT0 + 99);

  ASSERT_TRUE(store_->DeleteAgent(a.id, alice));
  EXPECT_EQ(store_->GetAgent(a.id, alice).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->DeleteAgent(a.id, alice).error().kind, core::ErrorKind::kNotFound);
}

TEST_P(StoreContractTest, ConversationRoundTripsAndIsScopedToOwner) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  core::Conversation c = MakeConversation(alice);
  c.agent_id = core::NewObjectId();
  c.company = "netflix";
  c.status = core::ConversationStatus::kEscalated;
  c.analytics = {42, 3, "urgent", 2.5};
  c.is_call_simulator = true;
  c.state_json = R"({"slot":"order"})";
  c.ended_at = kT0 + 42'000;
  ASSERT_TRUE(store_->CreateConversation(c));
  EXPECT_EQ(store_->CreateConversation(c).error().kind, core::ErrorKind::kConflict);

  Result<core::Conversation> got = store_->GetConversation(c.id, alice);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->agent_id, c.agent_id);
  EXPECT_EQ(got->company, "netflix");
  EXPECT_EQ(got->status, core::ConversationStatus::kEscalated);
  EXPECT_EQ(got->analytics.duration, 42);
  EXPECT_EQ(got->analytics.message_count, 3);
  EXPECT_EQ(got->analytics.sentiment, "urgent");
  EXPECT_DOUBLE_EQ(got->analytics.satisfaction, 2.5);
  EXPECT_TRUE(got->is_call_simulator);
  EXPECT_EQ(got->state_json, c.state_json);
  EXPECT_EQ(got->ended_at, kT0 + 42'000);

  EXPECT_EQ(store_->GetConversation(c.id, bob).error().kind, core::ErrorKind::kNotFound);
  EXPECT_TRUE(store_->GetConversation(c.id, ""));  // Admin: any owner.
  EXPECT_EQ(store_->DeleteConversation(c.id, bob).error().kind, core::ErrorKind::kNotFound);
  EXPECT_TRUE(store_->GetConversation(c.id, alice));
}

TEST_P(StoreContractTest, ListConversationsNewestFirstWithFilterAndPaging) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  const std::string agent = core::NewObjectId();
  std::vector<std::string> ids;  // In creation order.
  for (int i = 0; i < 5; ++i) {
    core::Conversation c = MakeConversation(alice, kT0 + static_cast<core::TimeMs>(i) * 1000);
    if (i % 2 == 0) c.agent_id = agent;
    ids.push_back(c.id);
    ASSERT_TRUE(store_->CreateConversation(c));
  }
  // Same created_at as the newest: ties are broken by id, descending.
  core::Conversation tie = MakeConversation(alice, kT0 + 4000);
  ASSERT_TRUE(store_->CreateConversation(tie));
  ASSERT_TRUE(store_->CreateConversation(MakeConversation(bob, kT0 + 9000)));

  Result<std::vector<core::Conversation>> all = store_->ListConversations(alice, {});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 6u);
  const std::string& first_tie = std::max(tie.id, ids[4]);
  const std::string& second_tie = std::min(tie.id, ids[4]);
  EXPECT_EQ((*all)[0].id, first_tie);
  EXPECT_EQ((*all)[1].id, second_tie);
  EXPECT_EQ((*all)[2].id, ids[3]);
  EXPECT_EQ((*all)[5].id, ids[0]);

  ListOptions by_agent;
  by_agent.agent_id = agent;
  Result<std::vector<core::Conversation>> filtered = store_->ListConversations(alice, by_agent);
  ASSERT_TRUE(filtered);
  ASSERT_EQ(filtered->size(), 3u);
  EXPECT_EQ((*filtered)[0].id, ids[4]);
  EXPECT_EQ((*filtered)[2].id, ids[0]);

  ListOptions page;
  page.limit = 2;
  page.offset = 2;
  Result<std::vector<core::Conversation>> paged = store_->ListConversations(alice, page);
  ASSERT_TRUE(paged);
  ASSERT_EQ(paged->size(), 2u);
  EXPECT_EQ((*paged)[0].id, ids[3]);
  EXPECT_EQ((*paged)[1].id, ids[2]);

  ListOptions silly;  // Out-of-range paging is clamped, not an error.
  silly.limit = 0;
  silly.offset = -5;
  Result<std::vector<core::Conversation>> clamped = store_->ListConversations(alice, silly);
  ASSERT_TRUE(clamped);
  EXPECT_EQ(clamped->size(), 1u);
}

TEST_P(StoreContractTest, UpdateConversationAppliesOnlySetFields) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  c.company = "acme";
  ASSERT_TRUE(store_->CreateConversation(c));
  ASSERT_TRUE(store_->AppendMessage(MakeMessage(c.id, "hi"), alice));

  ConversationPatch patch;
  patch.title = "Refund Request";
  patch.status = core::ConversationStatus::kCompleted;
  patch.analytics = core::Analytics{61, 999, "negative", 2};
  patch.ended_at = kT0 + 61'000;
  Result<core::Conversation> updated = store_->UpdateConversation(c.id, alice, patch, kT0 + 70'000);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->title, "Refund Request");
  EXPECT_EQ(updated->status, core::ConversationStatus::kCompleted);
  EXPECT_EQ(updated->company, "acme");  // Unset: unchanged.
  EXPECT_EQ(updated->analytics.duration, 61);
  EXPECT_EQ(updated->analytics.message_count, 1);  // Owned by AppendMessage.
  EXPECT_EQ(updated->analytics.sentiment, "negative");
  EXPECT_EQ(updated->ended_at, kT0 + 61'000);
  EXPECT_EQ(updated->updated_at, kT0 + 70'000);
  EXPECT_EQ(updated->created_at, kT0);

  Result<core::Conversation> reread = store_->GetConversation(c.id, alice);
  ASSERT_TRUE(reread);
  EXPECT_EQ(reread->title, "Refund Request");
  EXPECT_EQ(reread->updated_at, kT0 + 70'000);

  ConversationPatch empty_title;
  empty_title.title = "";  // Set to empty is a real change, not "unset".
  EXPECT_EQ(store_->UpdateConversation(c.id, "", empty_title, kT0 + 80'000)->title, "");
}

TEST_P(StoreContractTest, UpdateConversationRejectsStrangersAndBadStatus) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  ConversationPatch patch;
  patch.title = "Hijacked";
  EXPECT_EQ(store_->UpdateConversation(c.id, bob, patch, kT0).error().kind,
            core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->UpdateConversation(core::NewObjectId(), alice, patch, kT0).error().kind,
            core::ErrorKind::kNotFound);
  Result<core::Conversation> got = store_->GetConversation(c.id, alice);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->title, "Chat");
  EXPECT_EQ(got->status, core::ConversationStatus::kActive);
}

// --- Messages ---

TEST_P(StoreContractTest, MessagesKeepAppendOrderAndMetadata) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));

  // Same timestamp for all: the order must still be the append order.
  core::Message system = MakeMessage(c.id, "You are Sam.", kT0 + 5, core::MessageRole::kSystem);
  core::Message user = MakeMessage(c.id, "My order is late!", kT0 + 5);
  user.audio_url = "/public/audio/u.wav";
  user.metadata =
      core::MessageMetadata{"urgent",      -0.8,         "support", {"support", "question"},
                            "track_order", "late_order", 0.91,      "amazon"};
  core::Message reply = MakeMessage(c.id, "I'm on it — 🚚", kT0 + 5, core::MessageRole::kAssistant);
  for (const core::Message* m : {&system, &user, &reply}) {
    ASSERT_TRUE(store_->AppendMessage(*m, alice));
  }

  Result<std::vector<core::Message>> list = store_->ListMessages(c.id, alice);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, system.id);
  EXPECT_EQ((*list)[1].id, user.id);
  EXPECT_EQ((*list)[2].id, reply.id);
  EXPECT_EQ((*list)[2].content, "I'm on it — 🚚");
  EXPECT_FALSE((*list)[0].metadata.has_value());
  const core::Message& u = (*list)[1];
  EXPECT_EQ(u.conversation_id, c.id);
  EXPECT_EQ(u.role, core::MessageRole::kUser);
  EXPECT_EQ(u.audio_url, "/public/audio/u.wav");
  ASSERT_TRUE(u.metadata.has_value());
  EXPECT_EQ(u.metadata->sentiment, "urgent");
  EXPECT_DOUBLE_EQ(u.metadata->sentiment_score, -0.8);
  EXPECT_EQ(u.metadata->intent, "support");
  EXPECT_EQ(u.metadata->intents, (std::vector<std::string>{"support", "question"}));
  EXPECT_EQ(u.metadata->fine_intent, "track_order");
  EXPECT_EQ(u.metadata->custom_intent, "late_order");
  EXPECT_DOUBLE_EQ(u.metadata->confidence, 0.91);
  EXPECT_EQ(u.metadata->company, "amazon");

  Result<core::Conversation> conv = store_->GetConversation(c.id, alice);
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv->analytics.message_count, 3);
  EXPECT_EQ(conv->updated_at, kT0 + 5);
}

TEST_P(StoreContractTest, AppendMessageBumpsUpdatedAtNeverBackwards) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice, kT0 + 100);
  ASSERT_TRUE(store_->CreateConversation(c));
  ASSERT_TRUE(store_->AppendMessage(MakeMessage(c.id, "late", kT0 + 500), ""));  // Any owner.
  ASSERT_TRUE(store_->AppendMessage(MakeMessage(c.id, "skewed clock", kT0 + 200), alice));
  EXPECT_EQ(store_->GetConversation(c.id, alice)->updated_at, kT0 + 500);
}

TEST_P(StoreContractTest, AppendMessageToStrangersConversationStoresNothing) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  Result<void> r = store_->AppendMessage(MakeMessage(c.id, "spam"), bob);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->AppendMessage(MakeMessage(core::NewObjectId(), "x"), alice).error().kind,
            core::ErrorKind::kNotFound);
  EXPECT_TRUE(store_->ListMessages(c.id, alice)->empty());
  EXPECT_EQ(store_->ListMessages(c.id, bob).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->GetConversation(c.id, alice)->analytics.message_count, 0);
}

TEST_P(StoreContractTest, FailedAppendRollsBackTheCountBump) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  core::Message m = MakeMessage(c.id, "hello");
  ASSERT_TRUE(store_->AppendMessage(m, alice));
  EXPECT_EQ(store_->AppendMessage(m, alice).error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(store_->GetConversation(c.id, alice)->analytics.message_count, 1);
  EXPECT_EQ(store_->ListMessages(c.id, alice)->size(), 1u);
}

TEST_P(StoreContractTest, VisitorConversationsAreListedPerVisitorAndAgentNewestFirst) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  const std::string agent = core::NewObjectId();
  const std::string other_agent = core::NewObjectId();
  std::vector<std::string> v1_ids;
  for (int i = 0; i < 3; ++i) {
    core::Conversation c = MakeConversation(alice, kT0 + i);
    c.agent_id = agent;
    c.visitor_id = "v1";
    ASSERT_TRUE(store_->CreateConversation(c));
    v1_ids.push_back(c.id);
  }
  core::Conversation other_visitor = MakeConversation(alice, kT0 + 10);
  other_visitor.agent_id = agent;
  other_visitor.visitor_id = "v2";
  core::Conversation other_agent_conv = MakeConversation(alice, kT0 + 11);
  other_agent_conv.agent_id = other_agent;
  other_agent_conv.visitor_id = "v1";
  core::Conversation staff = MakeConversation(alice, kT0 + 12);
  staff.agent_id = agent;
  core::Conversation bobs = MakeConversation(bob, kT0 + 13);
  bobs.agent_id = agent;
  bobs.visitor_id = "v1";
  for (const auto* c : {&other_visitor, &other_agent_conv, &staff, &bobs}) {
    ASSERT_TRUE(store_->CreateConversation(*c));
  }
  auto read = store_->GetConversation(v1_ids[0], alice);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->visitor_id, "v1");
  EXPECT_EQ(store_->GetConversation(staff.id, alice)->visitor_id, "");

  ListOptions opts;
  opts.agent_id = agent;
  auto listed = store_->ListVisitorConversations(alice, "v1", opts);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].id, v1_ids[2]);
  EXPECT_EQ((*listed)[2].id, v1_ids[0]);
  auto any_agent = store_->ListVisitorConversations(alice, "v1", ListOptions{});
  ASSERT_TRUE(any_agent);
  EXPECT_EQ(any_agent->size(), 4u);
  EXPECT_TRUE(store_->ListVisitorConversations(alice, "", ListOptions{})->empty());
  // The owner's list has every conversation, the visitors' ones included.
  EXPECT_EQ(store_->ListConversations(alice, ListOptions{})->size(), 6u);
}

TEST_P(StoreContractTest, ListRecentMessagesReturnsTheLastOnesOldestFirst) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(store_->AppendMessage(MakeMessage(c.id, "m" + std::to_string(i)), alice));
  }
  auto recent = store_->ListRecentMessages(c.id, alice, 5);
  ASSERT_TRUE(recent);
  ASSERT_EQ(recent->size(), 5u);
  EXPECT_EQ((*recent)[0].content, "m25");
  EXPECT_EQ((*recent)[4].content, "m29");
  EXPECT_EQ(store_->ListRecentMessages(c.id, alice, 100)->size(), 30u);
  EXPECT_EQ(store_->ListRecentMessages(c.id, NewUser("bob@example.com"), 5).error().kind,
            core::ErrorKind::kNotFound);
}

TEST_P(StoreContractTest, AppendAndUpdateIsAllOrNothing) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  ConversationPatch patch;
  patch.title = "After";
  patch.state_json = "{\"x\":1}";
  const core::Message first = MakeMessage(c.id, "reply", kT0 + 5, core::MessageRole::kAssistant);
  auto updated = store_->AppendAndUpdate({first}, c.id, alice, patch, kT0 + 9);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->title, "After");
  EXPECT_EQ(updated->analytics.message_count, 1);
  EXPECT_EQ(updated->updated_at, kT0 + 9);

  // A duplicate message id fails the whole transaction: nothing of it is applied.
  ConversationPatch later;
  later.title = "Never";
  const core::Message fresh = MakeMessage(c.id, "new", kT0 + 6, core::MessageRole::kAssistant);
  auto failed = store_->AppendAndUpdate({fresh, first}, c.id, alice, later, kT0 + 10);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, core::ErrorKind::kConflict);
  auto after = store_->GetConversation(c.id, alice);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->title, "After");
  EXPECT_EQ(after->analytics.message_count, 1);
  EXPECT_EQ(store_->ListMessages(c.id, alice)->size(), 1u);
  // Another owner's conversation: kNotFound, nothing stored.
  const std::string bob = NewUser("bob@example.com");
  EXPECT_EQ(store_->AppendAndUpdate({fresh}, c.id, bob, later, kT0).error().kind,
            core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->ListMessages(c.id, alice)->size(), 1u);
}

// The fencing token of several processes' conversation lock: a write with a token lower than
// one already written is refused (kConflict, LOCK_LOST) and changes nothing; 0 is never fenced.
TEST_P(StoreContractTest, FencedWritesRefuseAnOlderToken) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  ConversationPatch newer;
  newer.title = "By holder 20";
  newer.fence = 20;
  const core::Message first = MakeMessage(c.id, "first", kT0 + 1);
  ASSERT_TRUE(store_->AppendAndUpdate({first}, c.id, alice, newer, kT0 + 2));

  // The holder before it (token 19) comes back late: neither its message nor its patch lands.
  ConversationPatch older;
  older.title = "By holder 19";
  older.state_json = "{\"stale\":true}";
  older.fence = 19;
  const core::Message late = MakeMessage(c.id, "late", kT0 + 3);
  auto refused = store_->AppendAndUpdate({late}, c.id, alice, older, kT0 + 4);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(refused.error().code, "LOCK_LOST");
  auto alone = store_->UpdateConversation(c.id, alice, older, kT0 + 4);
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().code, "LOCK_LOST");
  auto after = store_->GetConversation(c.id, alice);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->title, "By holder 20");
  EXPECT_EQ(after->analytics.message_count, 1);
  EXPECT_EQ(after->updated_at, kT0 + 2);
  ASSERT_EQ(store_->ListMessages(c.id, alice)->size(), 1u);

  // The same token again (a lease reused for the next turn) and a newer one are written; an
  // unfenced write (no lock service) always is and lowers nothing.
  newer.title = "Holder 20 again";
  ASSERT_TRUE(store_->UpdateConversation(c.id, alice, newer, kT0 + 5));
  ConversationPatch unfenced;
  unfenced.title = "Unfenced";
  ASSERT_TRUE(store_->UpdateConversation(c.id, alice, unfenced, kT0 + 6));
  older.fence = 20;
  older.title = "By holder 20, after the unfenced write";
  auto still = store_->UpdateConversation(c.id, alice, older, kT0 + 7);
  ASSERT_TRUE(still) << still.error().message;
  EXPECT_EQ(still->title, "By holder 20, after the unfenced write");
  older.fence = 19;
  EXPECT_EQ(store_->UpdateConversation(c.id, alice, older, kT0 + 8).error().code, "LOCK_LOST");
  ConversationPatch next;
  next.fence = 21;
  next.title = "By holder 21";
  ASSERT_TRUE(store_->UpdateConversation(c.id, alice, next, kT0 + 9));
  newer.title = "Holder 20, late";
  EXPECT_EQ(store_->UpdateConversation(c.id, alice, newer, kT0 + 10).error().code, "LOCK_LOST");

  // A missing or stranger's conversation is still kNotFound, fenced or not.
  const std::string bob = NewUser("bob@example.com");
  EXPECT_EQ(store_->UpdateConversation(c.id, bob, next, kT0 + 11).error().kind,
            core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->UpdateConversation(core::NewObjectId(), alice, next, kT0 + 11).error().kind,
            core::ErrorKind::kNotFound);
}

TEST_P(StoreContractTest, DeleteConversationRemovesItsMessages) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  core::Message m = MakeMessage(c.id, "hello");
  ASSERT_TRUE(store_->AppendMessage(m, alice));
  ASSERT_TRUE(store_->DeleteConversation(c.id, alice));
  EXPECT_EQ(store_->GetConversation(c.id, alice).error().kind, core::ErrorKind::kNotFound);
  EXPECT_EQ(store_->ListMessages(c.id, alice).error().kind, core::ErrorKind::kNotFound);
  // Recreating the id finds no orphaned messages, and the old message id is free again.
  ASSERT_TRUE(store_->CreateConversation(c));
  EXPECT_TRUE(store_->ListMessages(c.id, alice)->empty());
  EXPECT_TRUE(store_->AppendMessage(m, alice));
}

// --- Analytics ---

TEST_P(StoreContractTest, UserStatsAggregateOnlyTheUsersConversations) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  struct Spec {
    const char* sentiment;
    const char* company;
    std::int64_t duration;
  };
  const std::vector<Spec> specs = {{"positive", "Netflix", 10},
                                   {"negative", "amazon", 20},
                                   {"urgent", "netflix", 30},
                                   {"weird.", "general", 0},
                                   {"neutral", "", 5}};
  core::TimeMs t = kT0;
  for (const Spec& s : specs) {
    core::Conversation c = MakeConversation(alice, t += 1000);
    c.analytics.sentiment = s.sentiment;
    c.analytics.duration = s.duration;
    c.company = s.company;
    ASSERT_TRUE(store_->CreateConversation(c));
    ASSERT_TRUE(
        store_->AppendMessage(MakeMessage(c.id, "sys", t, core::MessageRole::kSystem), alice));
    ASSERT_TRUE(store_->AppendMessage(MakeMessage(c.id, "hi", t + 1), alice));
    ASSERT_TRUE(store_->AppendMessage(
        MakeMessage(c.id, "hello", t + 2, core::MessageRole::kAssistant), alice));
  }
  core::Conversation bobs = MakeConversation(bob, kT0 + 99'000);
  bobs.analytics.sentiment = "positive";
  bobs.company = "uber";
  ASSERT_TRUE(store_->CreateConversation(bobs));
  ASSERT_TRUE(store_->AppendMessage(MakeMessage(bobs.id, "yo", kT0 + 99'000), bob));

  Result<core::UserStats> stats = store_->GetUserStats(alice, {});
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->total_calls, 5);
  EXPECT_DOUBLE_EQ(stats->average_duration, 13.0);
  EXPECT_EQ(stats->last_activity, kT0 + 5000 + 2);
  EXPECT_EQ(stats->positive, 1);
  EXPECT_EQ(stats->negative, 1);
  EXPECT_EQ(stats->urgent, 1);
  EXPECT_EQ(stats->neutral, 2);          // "neutral" and the unknown "weird.".
  EXPECT_EQ(stats->total_messages, 10);  // System messages are not counted.
  EXPECT_EQ(stats->companies, (std::vector<std::string>{"netflix", "amazon"}));

  Result<core::UserStats> none = store_->GetUserStats(core::NewObjectId(), {});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total_calls, 0);
  EXPECT_EQ(none->average_duration, 0);
  EXPECT_EQ(none->last_activity, 0);
  EXPECT_EQ(none->total_messages, 0);
  EXPECT_TRUE(none->companies.empty());
}

// 2024-05-01T00:00:00Z, a midnight to place conversations on days and hours.
constexpr core::TimeMs kMay1 = 1'714'521'600'000;
constexpr core::TimeMs kHourMs = 3'600'000;
constexpr core::TimeMs kDayMs = 24 * kHourMs;

core::Message UserMessageWithIntent(const std::string& conversation_id, core::TimeMs t,
                                    const std::string& intent) {
  core::Message m = MakeMessage(conversation_id, "text", t);
  m.metadata = core::MessageMetadata{};
  m.metadata->intent = intent;
  return m;
}

TEST_P(StoreContractTest, UserStatsFilterLeaveOutTestsAndReportDashboardFigures) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  const std::string agent_a = core::NewObjectId();
  const std::string agent_b = core::NewObjectId();
  // May 1 10:00 (agent A, escalated, satisfaction 2), May 1 23:30 (agent B, a human replied,
  // satisfaction 5), May 3 09:00 (agent A, not rated), and an agent test on May 1 (left out).
  auto add = [&](const std::string& user, core::TimeMs t, const std::string& agent,
                 core::ConversationStatus status, double satisfaction, bool is_test) {
    core::Conversation c = MakeConversation(user, t);
    c.agent_id = agent;
    c.status = status;
    c.analytics.satisfaction = satisfaction;
    c.analytics.duration = 60;
    c.is_test = is_test;
    EXPECT_TRUE(store_->CreateConversation(c));
    return c.id;
  };
  const std::string c1 =
      add(alice, kMay1 + 10 * kHourMs, agent_a, core::ConversationStatus::kEscalated, 2, false);
  const std::string c2 = add(alice, kMay1 + 23 * kHourMs + 1'800'000, agent_b,
                             core::ConversationStatus::kActive, 5, false);
  const std::string c3 = add(alice, kMay1 + 2 * kDayMs + 9 * kHourMs, agent_a,
                             core::ConversationStatus::kActive, 0, false);
  const std::string test =
      add(alice, kMay1 + 11 * kHourMs, agent_a, core::ConversationStatus::kActive, 1, true);
  add(bob, kMay1 + 10 * kHourMs, agent_a, core::ConversationStatus::kEscalated, 1, false);
  ASSERT_TRUE(
      store_->AppendMessage(UserMessageWithIntent(c1, kMay1 + 10 * kHourMs, "support"), alice));
  ASSERT_TRUE(
      store_->AppendMessage(UserMessageWithIntent(c1, kMay1 + 10 * kHourMs + 5, "support"), alice));
  ASSERT_TRUE(store_->AppendMessage(
      UserMessageWithIntent(c2, kMay1 + 23 * kHourMs + 1'800'000, "purchase"), alice));
  ASSERT_TRUE(store_->AppendMessage(
      MakeMessage(c2, "a person", kMay1 + 23 * kHourMs + 1'900'000, core::MessageRole::kHuman),
      alice));
  ASSERT_TRUE(store_->AppendMessage(
      UserMessageWithIntent(c3, kMay1 + 2 * kDayMs + 9 * kHourMs, "question"), alice));
  ASSERT_TRUE(store_->AppendMessage(
      UserMessageWithIntent(test, kMay1 + 11 * kHourMs, "cancellation"), alice));

  Result<core::UserStats> all = store_->GetUserStats(alice, {});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total_calls, 3);  // The agent test is left out.
  EXPECT_EQ(all->total_messages, 5);
  EXPECT_EQ(all->escalated, 2);  // c1 by status, c2 by the human reply.
  EXPECT_EQ(all->rated, 2);
  EXPECT_DOUBLE_EQ(all->average_satisfaction, 3.5);
  EXPECT_EQ(all->top_intents,
            (std::vector<core::NameCount>{{"support", 2}, {"purchase", 1}, {"question", 1}}));
  EXPECT_EQ(all->per_day, (std::vector<core::NameCount>{{"2024-05-01", 2}, {"2024-05-03", 1}}));
  std::array<int, 24> hours{};
  hours[10] = 2;
  hours[23] = 1;
  hours[9] = 1;
  EXPECT_EQ(all->hours, hours);

  // At UTC+02:00 the 23:30 conversation falls on May 2, at 01h.
  StatsFilter tz;
  tz.tz_offset_minutes = 120;
  Result<core::UserStats> shifted = store_->GetUserStats(alice, tz);
  ASSERT_TRUE(shifted);
  EXPECT_EQ(shifted->per_day, (std::vector<core::NameCount>{
                                  {"2024-05-01", 1}, {"2024-05-02", 1}, {"2024-05-03", 1}}));
  EXPECT_EQ(shifted->hours[12], 2);
  EXPECT_EQ(shifted->hours[1], 1);
  EXPECT_EQ(shifted->hours[11], 1);

  // [May 1, May 2): c1 and c2 only; `to` is exclusive.
  StatsFilter range;
  range.from = kMay1;
  range.to = kMay1 + kDayMs;
  Result<core::UserStats> day = store_->GetUserStats(alice, range);
  ASSERT_TRUE(day);
  EXPECT_EQ(day->total_calls, 2);
  EXPECT_EQ(day->total_messages, 4);
  range.to = kMay1 + 10 * kHourMs;  // c1 starts exactly at `to`: out.
  EXPECT_EQ(store_->GetUserStats(alice, range)->total_calls, 0);

  StatsFilter by_agent;
  by_agent.agent_id = agent_a;
  Result<core::UserStats> a = store_->GetUserStats(alice, by_agent);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->total_calls, 2);
  EXPECT_EQ(a->escalated, 1);
  EXPECT_EQ(a->top_intents, (std::vector<core::NameCount>{{"support", 2}, {"question", 1}}));
  by_agent.from = kMay1 + kDayMs;
  EXPECT_EQ(store_->GetUserStats(alice, by_agent)->total_calls, 1);

  // Another user's agent (or any unknown one) gives zeros, never that user's data.
  StatsFilter foreign;
  foreign.agent_id = core::NewObjectId();
  Result<core::UserStats> none = store_->GetUserStats(bob, foreign);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total_calls, 0);
  EXPECT_EQ(none->rated, 0);
  EXPECT_TRUE(none->per_day.empty());
  EXPECT_EQ(none->hours, (std::array<int, 24>{}));
}

TEST_P(StoreContractTest, ListConversationsFiltersInSql) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  auto add = [&](const std::string& user, core::TimeMs t, const std::string& title,
                 core::ConversationStatus status, const std::string& sentiment,
                 const std::string& company) {
    core::Conversation c = MakeConversation(user, t);
    c.title = title;
    c.status = status;
    c.analytics.sentiment = sentiment;
    c.company = company;
    EXPECT_TRUE(store_->CreateConversation(c));
    return c.id;
  };
  const std::string refund = add(alice, kT0 + 1, "Refund please",
                                 core::ConversationStatus::kEscalated, "negative", "Acme");
  const std::string promo =
      add(alice, kT0 + 2, "100% off?", core::ConversationStatus::kActive, "positive", "acme");
  const std::string odd =
      add(alice, kT0 + 3, "Chat", core::ConversationStatus::kCompleted, "weird", "Globex");
  add(bob, kT0 + 4, "Refund please", core::ConversationStatus::kEscalated, "negative", "Acme");
  ASSERT_TRUE(store_->AppendMessage(MakeMessage(odd, "My ORDER_42 never came"), alice));
  ASSERT_TRUE(store_->AppendMessage(MakeMessage(promo, "is it free"), alice));

  auto ids = [&](const ListOptions& opts) {
    std::vector<std::string> out;
    Result<std::vector<core::Conversation>> list = store_->ListConversations(alice, opts);
    EXPECT_TRUE(list);
    if (list) {
      for (const core::Conversation& c : *list) out.push_back(c.id);
    }
    return out;
  };
  using Ids = std::vector<std::string>;
  ListOptions o;
  EXPECT_EQ(ids(o), (Ids{odd, promo, refund}));
  o.status = core::ConversationStatus::kEscalated;
  EXPECT_EQ(ids(o), (Ids{refund}));  // Bob's escalated one never shows.
  o = {};
  o.sentiment = "neutral";  // An unknown sentiment counts as neutral, as in the stats.
  EXPECT_EQ(ids(o), (Ids{odd}));
  o.sentiment = "positive";
  EXPECT_EQ(ids(o), (Ids{promo}));
  o = {};
  o.company = "ACME";
  EXPECT_EQ(ids(o), (Ids{promo, refund}));
  o = {};
  o.query = "refund";  // Title, case-insensitively.
  EXPECT_EQ(ids(o), (Ids{refund}));
  o.query = "order_42";  // Message text; '_' is literal.
  EXPECT_EQ(ids(o), (Ids{odd}));
  o.query = "order%42";
  EXPECT_TRUE(ids(o).empty());
  o.query = "100%";  // '%' is literal.
  EXPECT_EQ(ids(o), (Ids{promo}));
  o.query = "FREE";
  o.company = "acme";
  o.status = core::ConversationStatus::kActive;
  EXPECT_EQ(ids(o), (Ids{promo}));
  o = {};
  o.company = "acme";
  o.limit = 1;
  o.offset = 1;
  EXPECT_EQ(ids(o), (Ids{refund}));
}

TEST_P(StoreContractTest, TestConversationFlagRoundTrips) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  c.is_test = true;
  ASSERT_TRUE(store_->CreateConversation(c));
  EXPECT_TRUE(store_->GetConversation(c.id, alice)->is_test);
  EXPECT_TRUE(store_->ListConversations(alice, {})->at(0).is_test);
}

// --- Durability, migrations, concurrency ---

TEST_P(StoreContractTest, DataSurvivesReopen) {
  const std::string alice = NewUser("alice@example.com");
  core::Conversation c = MakeConversation(alice);
  ASSERT_TRUE(store_->CreateConversation(c));
  ASSERT_TRUE(store_->AppendMessage(MakeMessage(c.id, "persist me"), alice));
  store_.reset();
  store_ = Reopen();
  ASSERT_NE(store_, nullptr);
  Result<std::vector<core::Message>> list = store_->ListMessages(c.id, alice);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].content, "persist me");
}

// Concurrent turns (AppendAndUpdate) where some fail: each keeps its own outcome. (On SQLite
// concurrent writes share one transaction, each under a savepoint: a failing one must undo only
// itself, and a success is reported only once committed.)
TEST_P(StoreContractTest, ConcurrentTurnsKeepEachOutcomeWhenSomeFail) {
  const std::string alice = NewUser("alice@example.com");
  const std::string bob = NewUser("bob@example.com");
  constexpr int kThreads = 6;
  constexpr int kPerThread = 60;
  std::vector<std::string> conversations;
  for (int i = 0; i < kThreads; ++i) {
    core::Conversation c = MakeConversation(alice);
    ASSERT_TRUE(store_->CreateConversation(c));
    conversations.push_back(c.id);
  }
  std::atomic<int> wrong{0};
  std::vector<int> succeeded(kThreads, 0);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      bool dup_stored = false;
      for (int i = 0; i < kPerThread; ++i) {
        // Every third turn is Bob's attempt at Alice's conversation, and every fifth repeats a
        // message id already stored: both must fail alone, storing nothing.
        const bool stranger = i % 3 == 1;
        const bool duplicate = i % 5 == 4;
        core::Message user = MakeMessage(conversations[t], "q" + std::to_string(i), kT0 + i);
        const core::Message reply = MakeMessage(conversations[t], "a" + std::to_string(i), kT0 + i,
                                                core::MessageRole::kAssistant);
        if (duplicate) user.id = "dup" + std::to_string(t);
        ConversationPatch patch;
        patch.title = "turn " + std::to_string(i);
        auto r = store_->AppendAndUpdate({user, reply}, conversations[t], stranger ? bob : alice,
                                         patch, kT0 + i);
        const bool should_fail = stranger || (duplicate && dup_stored);
        if (static_cast<bool>(r) == should_fail) ++wrong;
        if (r && duplicate) dup_stored = true;
        if (r) {
          ++succeeded[t];
          if (r->analytics.message_count != 2 * succeeded[t] || r->title != *patch.title) ++wrong;
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  for (int t = 0; t < kThreads; ++t) {
    Result<std::vector<core::Message>> list = store_->ListMessages(conversations[t], alice);
    ASSERT_TRUE(list);
    EXPECT_EQ(static_cast<int>(list->size()), 2 * succeeded[t]);
    EXPECT_EQ(store_->GetConversation(conversations[t], alice)->analytics.message_count,
              2 * succeeded[t]);
    // Append order is kept within the conversation: q, a, q, a...
    for (std::size_t k = 0; k < list->size(); ++k) {
      EXPECT_EQ((*list)[k].role,
                k % 2 == 0 ? core::MessageRole::kUser : core::MessageRole::kAssistant);
    }
  }
}

TEST_P(StoreContractTest, ConcurrentWritersAndReadersLoseNothing) {
  const std::string alice = NewUser("alice@example.com");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 100;
  std::vector<std::string> conversations;
  for (int i = 0; i < kThreads; ++i) {
    core::Conversation c = MakeConversation(alice);
    ASSERT_TRUE(store_->CreateConversation(c));
    conversations.push_back(c.id);
  }
  const std::string shared = conversations[0];
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Half into the thread's own conversation, half into one shared by all.
        const std::string& target = (i % 2 == 0) ? conversations[t] : shared;
        if (!store_->AppendMessage(MakeMessage(target, std::to_string(i)), alice)) ++failures;
      }
    });
  }
  std::thread reader([&] {
    while (!done.load()) {
      Result<std::vector<core::Message>> list = store_->ListMessages(shared, alice);
      Result<core::UserStats> stats = store_->GetUserStats(alice, {});
      if (!list || !stats) ++failures;
    }
  });
  for (std::thread& th : threads) th.join();
  done = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0);

  int total = 0;
  for (const std::string& id : conversations) {
    Result<std::vector<core::Message>> list = store_->ListMessages(id, alice);
    ASSERT_TRUE(list);
    EXPECT_EQ(store_->GetConversation(id, alice)->analytics.message_count,
              static_cast<int>(list->size()));
    total += static_cast<int>(list->size());
  }
  EXPECT_EQ(total, kThreads * kPerThread);
  EXPECT_EQ(store_->GetUserStats(alice, {})->total_messages, kThreads * kPerThread);
}

TEST_P(StoreContractTest, PublishingNewAgentsAreUnpublishedWithoutKey) {
  const core::Agent agent = NewAgent(owner_);
  Result<core::Agent> read = store_->GetAgent(agent.id, owner_);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->published);
  EXPECT_EQ(read->widget_key, "");
  EXPECT_FALSE(store_->GetAgentByWidgetKey(""));
}

TEST_P(StoreContractTest, PublishingPublishIsIdempotentAndTheKeyFindsThePublishedAgent) {
  const core::Agent agent = NewAgent(owner_);
  Result<core::Agent> published = store_->PublishAgent(agent.id, owner_, "wk_first");
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_TRUE(published->published);
  EXPECT_EQ(published->widget_key, "wk_first");
  EXPECT_EQ(published->name, "Sam");

  // Publishing again keeps the existing key.
  Result<core::Agent> again = store_->PublishAgent(agent.id, owner_, "wk_second");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->widget_key, "wk_first");

  Result<core::Agent> found = store_->GetAgentByWidgetKey("wk_first");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, agent.id);
  EXPECT_EQ(found->user_id, owner_);
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_second"));
  // GetAgent and ListAgents see the publishing columns too.
  EXPECT_TRUE(store_->GetAgent(agent.id, owner_)->published);
  EXPECT_EQ(store_->ListAgents(owner_)->front().widget_key, "wk_first");
}

TEST_P(StoreContractTest, PublishingUnpublishStopsTheKeyAtOnceAndRepublishRestoresIt) {
  const core::Agent agent = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_k1"));
  Result<core::Agent> unpublished = store_->UnpublishAgent(agent.id, owner_);
  ASSERT_TRUE(unpublished);
  EXPECT_FALSE(unpublished->published);
  Result<core::Agent> gone = store_->GetAgentByWidgetKey("wk_k1");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().kind, core::ErrorKind::kNotFound);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_k2"));
  EXPECT_TRUE(store_->GetAgentByWidgetKey("wk_k1"));
}

TEST_P(StoreContractTest, PublishingRotateReplacesTheKeyAtOnce) {
  const core::Agent agent = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_old"));
  Result<core::Agent> rotated = store_->RotateAgentWidgetKey(agent.id, owner_, "wk_new");
  ASSERT_TRUE(rotated);
  EXPECT_EQ(rotated->widget_key, "wk_new");
  EXPECT_TRUE(rotated->published);
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_old"));
  EXPECT_EQ(store_->GetAgentByWidgetKey("wk_new")->id, agent.id);
}

TEST_P(StoreContractTest, PublishingOtherOwnersDemoAgentsAndUnknownIdsAreNotFound) {
  const core::Agent agent = NewAgent(owner_);
  const core::Agent demo = NewAgent("", /*demo=*/true);
  const std::string stranger = core::NewObjectId();
  for (const Result<core::Agent>& r :
       {store_->PublishAgent(agent.id, stranger, "wk_x"),
        store_->UnpublishAgent(agent.id, stranger),
        store_->RotateAgentWidgetKey(agent.id, stranger, "wk_x"),
        store_->PublishAgent(demo.id, "", "wk_demo"), store_->PublishAgent(demo.id, owner_, "wk_d"),
        store_->PublishAgent(core::NewObjectId(), owner_, "wk_y")}) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, core::ErrorKind::kNotFound);
  }
  EXPECT_FALSE(store_->GetAgent(agent.id, owner_)->published);
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_x"));
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_demo"));
}

TEST_P(StoreContractTest, PublishingWidgetKeysAreUnique) {
  const core::Agent a = NewAgent(owner_);
  const core::Agent b = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(a.id, owner_, "wk_same"));
  Result<core::Agent> clash = store_->PublishAgent(b.id, owner_, "wk_same");
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().kind, core::ErrorKind::kConflict);
  EXPECT_FALSE(store_->GetAgent(b.id, owner_)->published);  // All or nothing.
}

TEST_P(StoreContractTest, PublishingDeletingAnAgentRetiresItsKey) {
  const core::Agent agent = NewAgent(owner_);
  ASSERT_TRUE(store_->PublishAgent(agent.id, owner_, "wk_del"));
  ASSERT_TRUE(store_->DeleteAgent(agent.id, owner_));
  EXPECT_FALSE(store_->GetAgentByWidgetKey("wk_del"));
}

}  // namespace
}  // namespace carevoice::store
