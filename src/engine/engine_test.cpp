#include "engine/engine.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "core/ids.hpp"
#include "engine/conversation_locks.hpp"
#include "engine/policy.hpp"
#include "llm/responder.hpp"
#include "nlu/nlu.hpp"
#include "nlu/sentiment.hpp"
#include "store/open_store.hpp"
#include "store/store.hpp"

namespace carevoice::engine {
namespace {

const store::StatsFilter kNoFilter{};  // A named value: see the GCC note in api/route_util.hpp.

namespace asio = boost::asio;

// Unit-test fakes of the NLU and the responder: the engine is tested for what
// it does with their answers, not for their quality.
class FakeNlu final : public nlu::Nlu {
 public:
  core::MessageMetadata Analyze(std::string_view text,
                                const core::Agent* /*agent*/) const override {
    core::MessageMetadata md;
    const std::string t(text);
    md.sentiment = t.find("URGENT") != std::string::npos ? "urgent"
                   : (t.find("bad") != std::string::npos || t.find("awful") != std::string::npos)
                       ? "negative"
                       : "neutral";
    md.sentiment_score = md.sentiment == "urgent" ? -0.9 : md.sentiment == "negative" ? -0.6 : 0.1;
    if (t.find("great") != std::string::npos) {
      md.sentiment = "positive";
      md.sentiment_score = 0.8;
    }
    md.intent = "question";
    md.intents = {"question"};
    md.confidence = 0.8;
    if (t.find("netflix") != std::string::npos) {
      md.company = "netflix";
      md.company_confidence = 0.9;
    }
    return md;
  }
  std::string ConversationSentiment(const std::vector<core::Message>& messages) const override {
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
      if (it->role == core::MessageRole::kUser && it->metadata) return it->metadata->sentiment;
    }
    return "neutral";
  }
  double EstimateSatisfaction(const std::vector<core::Message>& /*messages*/) const override {
    return 4;
  }
  std::string MakeTitle(const std::vector<core::Message>& messages) const override {
    return "Title After " + std::to_string(messages.size());
  }
};

class FakeResponder final : public llm::Responder {
 public:
  core::Result<llm::ResponderReply> Respond(const llm::ResponderRequest& request,
                                            const llm::TokenSink& on_token) override {
    {
      std::lock_guard lock(mu_);
      std::uniform_int_distribution<int> d(0, 3);
      delay_ms_ = d(rng_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms_));
    max_history_ = std::max<std::size_t>(max_history_, request.history->size());
    if (request.history->back().content.find("FAIL") != std::string::npos) {
      return core::Error::Unavailable("The model is down");
    }
    std::string text = "reply to: " + request.history->back().content;
    const bool offers = request.history->back().content.find("OFFER") != std::string::npos;
    if (offers)
      text = "I can't do that. Would you like me to connect you with a member of our team?";
    if (on_token) {
      on_token("reply to: ");
      on_token(request.history->back().content);
    }
    llm::ResponderReply r;
    r.text = text;
    r.state_json = request.state_json + "|" + request.history->back().content;
    r.source = "fake";
    r.offered_human = offers;
    // As the built-in responder does for a custom intent with action "escalate".
    r.handoff = request.history->back().content.find("HANDOFF") != std::string::npos;
    // As the built-in responder does when its reply states something from the knowledge.
    if (request.history->back().content.find("ANSWER") != std::string::npos) {
      r.answer = "Leave the property now.";
    }
    return r;
  }
  std::string Welcome(const core::Agent& agent) override { return "Welcome from " + agent.name; }
  bool IsImmediate() const override { return immediate_; }
  std::atomic<std::size_t> max_history_{0};
  bool immediate_ = false;  // As the built-in responder: the turn is one commit.

 private:
  std::mutex mu_;
  std::mt19937 rng_{42};
  int delay_ms_ = 0;
};

// Records every published event, in order, as "type[:detail]", plus the events themselves.
class RecordingSink final : public EventSink {
 public:
  void OnEvent(const Event& e) override {
    std::string name(EventTypeName(e.type));
    switch (e.type) {
      case EventType::kMessage:
        name += ":" + std::string(core::Name(e.message->role));
        break;
      case EventType::kTyping:
        name = std::string(e.typing ? "typing:on:" : "typing:off:") + e.text;
        break;
      case EventType::kEscalated:
        name += ":" + e.text;
        break;
      default:
        break;
    }
    std::lock_guard lock(mu_);
    names_.push_back(std::move(name));
    events_.push_back(e);
  }
  std::vector<std::string> Events() {
    std::lock_guard lock(mu_);
    return names_;
  }
  std::vector<Event> Full() {
    std::lock_guard lock(mu_);
    return events_;
  }
  void Clear() {
    std::lock_guard lock(mu_);
    names_.clear();
    events_.clear();
  }

 private:
  std::mutex mu_;
  std::vector<std::string> names_;
  std::vector<Event> events_;
};

class EngineTest : public ::testing::Test {
 public:  // Shared with the free helpers below.
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("cv_engine_test_" + core::RandomHex(6));
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenStore("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(SeedDemoAgents(*store_, clock_));
    engine_ = MakeEngine(Deps());
    alice_.user_id = MakeUser("alice@example.com");
    bob_.user_id = MakeUser("bob@example.com");
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  EngineDeps Deps() {
    EngineDeps deps;
    deps.store = store_.get();
    deps.nlu = &nlu_;
    deps.responder = &responder_;
    deps.events = &sink_;
    deps.pool = &pool_;
    deps.clock = &clock_;
    return deps;
  }

  std::string MakeUser(const std::string& email) {
    core::User u;
    u.id = core::NewObjectId();
    u.name = email;
    u.email = email;
    u.password_hash = "$2b$10$x";
    u.created_at = u.updated_at = clock_.NowMs();
    EXPECT_TRUE(store_->CreateUser(u));
    return u.id;
  }

  // Runs one engine coroutine to completion on `io_`.
  template <class T>
  T Run(asio::awaitable<T> aw) {
    auto fut = asio::co_spawn(io_, std::move(aw), asio::use_future);
    io_.restart();
    io_.run();
    return fut.get();
  }

  std::string StartChat(const Actor& actor) {
    auto started = Run(engine_->StartConversation(actor, StartOptions{}));
    EXPECT_TRUE(started) << (started ? "" : started.error().message);
    return started ? started->conversation.id : std::string();
  }

  std::filesystem::path dir_;
  core::ManualClock clock_{1'700'000'000'000};
  asio::io_context io_;
  asio::thread_pool pool_{2};
  FakeNlu nlu_;
  FakeResponder responder_;
  RecordingSink sink_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Engine> engine_;
  Actor alice_;
  Actor bob_;
};

TEST_F(EngineTest, StartStoresTheWelcomeMessage) {
  StartOptions opts;
  opts.is_call_simulator = true;
  auto started = Run(engine_->StartConversation(alice_, opts));
  ASSERT_TRUE(started);
  EXPECT_EQ(started->agent.name, "Sigma");
  EXPECT_EQ(started->welcome.content, "Welcome from Sigma");
  auto messages = store_->ListMessages(started->conversation.id, alice_.user_id);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].role, core::MessageRole::kAssistant);
  EXPECT_EQ(started->conversation.status, core::ConversationStatus::kActive);
}

TEST_F(EngineTest, StartWithAnotherUsersAgentIsNotFound) {
  core::Agent a;
  a.id = core::NewObjectId();
  a.user_id = alice_.user_id;
  a.name = "Nia";
  a.company = "Acme";
  ASSERT_TRUE(store_->CreateAgent(a));
  StartOptions opts;
  opts.agent_id = a.id;
  auto as_bob = Run(engine_->StartConversation(bob_, opts));
  ASSERT_FALSE(as_bob);
  EXPECT_EQ(as_bob.error().kind, core::ErrorKind::kNotFound);
  auto as_alice = Run(engine_->StartConversation(alice_, opts));
  ASSERT_TRUE(as_alice);
  EXPECT_EQ(as_alice->conversation.agent_id, a.id);
  EXPECT_EQ(as_alice->conversation.title, "Chat with Nia");
}

TEST_F(EngineTest, PipelineStoresUserMessageWithMetadataThenReply) {
  const std::string id = StartChat(alice_);
  clock_.Advance(5'000);
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "  is netflix down?  ", {}));
  ASSERT_TRUE(turn) << turn.error().message;
  ASSERT_TRUE(turn->reply);
  EXPECT_EQ(turn->reply->content, "reply to: is netflix down?");
  // The default agent has no company, so the first confident detection sets it.
  EXPECT_EQ(turn->conversation.company, "netflix");
  auto messages = store_->ListMessages(id, alice_.user_id);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ((*messages)[1].role, core::MessageRole::kUser);
  EXPECT_EQ((*messages)[1].content, "is netflix down?");
  ASSERT_TRUE((*messages)[1].metadata);
  EXPECT_EQ((*messages)[1].metadata->intent, "question");
  EXPECT_EQ((*messages)[2].role, core::MessageRole::kAssistant);
  auto conv = store_->GetConversation(id, alice_.user_id);
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv->company,
            "netflix");  // ...so the first confident detection sets it.
  EXPECT_EQ(conv->title, "Title After 3");
  EXPECT_EQ(conv->analytics.message_count, 3);
  // One neutral user message (score 0.1): 3 + 1.5 x 0.1 + 0.5 x 0.1 = 3.2.
  EXPECT_DOUBLE_EQ(conv->analytics.satisfaction, 3.2);
  EXPECT_EQ(sink_.Events(),
            (std::vector<std::string>{"conversation_started", "message:user", "typing:on:assistant",
                                      "token", "token", "message:assistant", "conversation_updated",
                                      "typing:off:assistant"}));
}

// The shared lock (several processes): busy twice (another process has it), then granted. The
// turn waits on a timer, runs once it holds the lock, and releases it with its fencing token.
class FakeSharedLocks final : public ConversationLocks {
 public:
  Attempt TryAcquire(const std::string&) override {
    std::lock_guard lock(mu_);
    Attempt a;
    if (++attempts_ <= 2) {
      a.state = State::kBusy;
      return a;
    }
    a.state = State::kAcquired;
    a.token = 41 + static_cast<std::uint64_t>(attempts_);
    a.foreign_writer = false;
    return a;
  }
  void Release(const std::string&, std::uint64_t token) override {
    std::lock_guard lock(mu_);
    released_.push_back(token);
  }
  int attempts() {
    std::lock_guard lock(mu_);
    return attempts_;
  }
  std::vector<std::uint64_t> released() {
    std::lock_guard lock(mu_);
    return released_;
  }

 private:
  std::mutex mu_;
  int attempts_ = 0;
  std::vector<std::uint64_t> released_;
};

TEST_F(EngineTest, ATurnWaitsForTheSharedLockAndReleasesItsToken) {
  FakeSharedLocks shared;
  EngineDeps deps = Deps();
  deps.conversation_locks = &shared;
  engine_ = MakeEngine(deps);
  const std::string id = StartChat(alice_);
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "is netflix down?", {}));
  ASSERT_TRUE(turn) << turn.error().message;
  ASSERT_TRUE(turn->reply);
  EXPECT_EQ(shared.attempts(), 3);
  EXPECT_EQ(shared.released(), (std::vector<std::uint64_t>{44}));
  auto messages = store_->ListMessages(id, alice_.user_id);
  ASSERT_TRUE(messages);
  EXPECT_EQ(messages->size(), 3u);
  // The next turn gets the lock at once (one attempt) and releases it too.
  auto again = Run(engine_->HandleUserMessage(alice_, id, "thanks", {}));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(shared.attempts(), 4);
  EXPECT_EQ(shared.released(), (std::vector<std::uint64_t>{44, 45}));

  // A newer holder (another process, token 47) wrote meanwhile: this process's next turn, under
  // its older token 46, is refused by the store (nothing stored) and runs again under a fresh
  // token (47), on the conversation as the other process left it.
  store::ConversationPatch newer;
  newer.fence = 47;
  newer.status = core::ConversationStatus::kEscalated;  // A person took it over there.
  ASSERT_TRUE(store_->UpdateConversation(id, alice_.user_id, newer, 1));
  auto retried = Run(engine_->HandleUserMessage(alice_, id, "and my order?", {}));
  ASSERT_TRUE(retried) << retried.error().message;
  EXPECT_FALSE(retried->reply);  // The bot stays silent in a conversation a person has.
  EXPECT_EQ(retried->conversation.status, core::ConversationStatus::kEscalated);
  EXPECT_EQ(shared.attempts(), 6);
  EXPECT_EQ(shared.released(), (std::vector<std::uint64_t>{44, 45, 46, 47}));
  EXPECT_EQ(store_->ListMessages(id, alice_.user_id)->size(), 6u);

  // Refused every time (tokens 48-51 all older than 1000): LOCK_LOST, and still nothing stored.
  newer.fence = 1000;
  ASSERT_TRUE(store_->UpdateConversation(id, alice_.user_id, newer, 2));
  auto late = Run(engine_->HandleUserMessage(alice_, id, "hello again", {}));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, core::ErrorKind::kConflict);
  EXPECT_EQ(late.error().code, "LOCK_LOST");
  EXPECT_EQ(shared.attempts(), 10);
  EXPECT_EQ(store_->ListMessages(id, alice_.user_id)->size(), 6u);
}

TEST_F(EngineTest, RejectsEmptyOversizedAndForeignMessages) {
  const std::string id = StartChat(alice_);
  auto empty = Run(engine_->HandleUserMessage(alice_, id, "   ", {}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, core::ErrorKind::kBadRequest);
  auto huge = Run(engine_->HandleUserMessage(alice_, id, std::string(10'001, 'a'), {}));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().kind, core::ErrorKind::kBadRequest);
  auto foreign = Run(engine_->HandleUserMessage(bob_, id, "hello", {}));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, core::ErrorKind::kNotFound);
  auto unknown = Run(engine_->HandleUserMessage(alice_, core::NewObjectId(), "hello", {}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, core::ErrorKind::kNotFound);
  auto messages = store_->ListMessages(id, alice_.user_id);
  ASSERT_TRUE(messages);
  EXPECT_EQ(messages->size(), 1u);  // Only the welcome: nothing was stored.
}

// Spawns `n` concurrent HandleUserMessage calls on one conversation and runs `io_` on
// `io_threads` threads until all are done. Returns the stored messages.
std::vector<core::Message> SendConcurrently(EngineTest& t, const std::string& id, int n,
                                            int io_threads);

TEST_F(EngineTest, MessagesOfOneConversationAreProcessedInArrivalOrder) {
  // One I/O thread: the calls reach the engine in spawn order; the responder still runs on the
  // two-thread worker pool with random delays, so only the per-conversation lock keeps order.
  const std::string id = StartChat(alice_);
  const auto messages = SendConcurrently(*this, id, 12, 1);
  ASSERT_EQ(messages.size(), 25u);
  for (int i = 0; i < 12; ++i) {
    const auto& user = messages[1 + 2 * i];
    const auto& reply = messages[2 + 2 * i];
    EXPECT_EQ(user.role, core::MessageRole::kUser);
    EXPECT_EQ(user.content, "message " + std::to_string(i));
    EXPECT_EQ(reply.content, "reply to: message " + std::to_string(i));
  }
}

TEST_F(EngineTest, ConcurrentTurnsNeverInterleaveAcrossIoThreads) {
  // Two I/O threads: arrival order is up to the scheduler, but each turn is atomic: every user
  // message is immediately followed by its own reply, and nothing is lost.
  const std::string id = StartChat(alice_);
  const auto messages = SendConcurrently(*this, id, 12, 2);
  ASSERT_EQ(messages.size(), 25u);
  std::set<std::string> seen;
  for (int i = 0; i < 12; ++i) {
    const auto& user = messages[1 + 2 * i];
    const auto& reply = messages[2 + 2 * i];
    EXPECT_EQ(user.role, core::MessageRole::kUser);
    EXPECT_EQ(reply.content, "reply to: " + user.content);
    seen.insert(user.content);
  }
  EXPECT_EQ(seen.size(), 12u);
}

std::vector<core::Message> SendConcurrently(EngineTest& t, const std::string& id, int n,
                                            int io_threads) {
  std::vector<std::future<core::Result<Turn>>> futures;
  for (int i = 0; i < n; ++i) {
    futures.push_back(asio::co_spawn(
        t.io_, t.engine_->HandleUserMessage(t.alice_, id, "message " + std::to_string(i), {}),
        asio::use_future));
  }
  t.io_.restart();
  std::vector<std::thread> threads;
  for (int k = 0; k < io_threads; ++k) threads.emplace_back([&t] { t.io_.run(); });
  for (auto& th : threads) th.join();
  for (auto& f : futures) EXPECT_TRUE(f.get());
  auto messages = t.store_->ListMessages(id, t.alice_.user_id);
  EXPECT_TRUE(messages);
  return messages ? *messages : std::vector<core::Message>{};
}

TEST_F(EngineTest, UrgentMessageEscalatesAndBotStopsReplying) {
  const std::string id = StartChat(alice_);
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "URGENT my account was hacked", {}));
  ASSERT_TRUE(turn);
  EXPECT_TRUE(turn->escalated_now);
  EXPECT_EQ(turn->conversation.status, core::ConversationStatus::kEscalated);
  ASSERT_TRUE(turn->reply);
  EXPECT_NE(turn->reply->content.find("human agent will join"), std::string::npos);
  const auto events = sink_.Events();
  EXPECT_NE(std::find(events.begin(), events.end(), "escalated:urgent"), events.end());

  auto next = Run(engine_->HandleUserMessage(alice_, id, "hello? anyone?", {}));
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->reply.has_value());
  EXPECT_FALSE(next->escalated_now);

  auto human = Run(engine_->PostHumanMessage(alice_, id, "Hi, this is Sam from support."));
  ASSERT_TRUE(human);
  EXPECT_EQ(human->role, core::MessageRole::kHuman);
  auto foreign = Run(engine_->PostHumanMessage(bob_, id, "I am not the owner"));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, core::ErrorKind::kNotFound);

  // Handing back to the bot.
  auto back = Run(engine_->HandBack(alice_, id));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, core::ConversationStatus::kActive);
  auto after = Run(engine_->HandleUserMessage(alice_, id, "thanks, one more question", {}));
  ASSERT_TRUE(after);
  ASSERT_TRUE(after->reply);
  EXPECT_EQ(after->reply->content, "reply to: thanks, one more question");
}

TEST_F(EngineTest, AnUrgentHandoffKeepsWhatTheKnowledgeSaysFirst) {
  // With a model server the hand-off is not held up: the plain hand-off text.
  const std::string slow = StartChat(alice_);
  auto plain = Run(engine_->HandleUserMessage(alice_, slow, "URGENT ANSWER I smell gas", {}));
  ASSERT_TRUE(plain && plain->reply);
  EXPECT_TRUE(plain->escalated_now);
  EXPECT_EQ(plain->reply->content.find("Leave the property"), std::string::npos);
  // The built-in responder's answer comes before the hand-off, which still happens.
  responder_.immediate_ = true;
  const std::string id = StartChat(alice_);
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "URGENT ANSWER I smell gas", {}));
  ASSERT_TRUE(turn && turn->reply);
  EXPECT_TRUE(turn->escalated_now);
  EXPECT_EQ(turn->conversation.status, core::ConversationStatus::kEscalated);
  EXPECT_EQ(turn->reply->content.find("Leave the property now. "), 0u) << turn->reply->content;
  EXPECT_NE(turn->reply->content.find("human agent will join"), std::string::npos);
  // No answer from the knowledge: the hand-off text alone.
  const std::string other = StartChat(alice_);
  auto bare = Run(engine_->HandleUserMessage(alice_, other, "URGENT my account was hacked", {}));
  ASSERT_TRUE(bare && bare->reply);
  EXPECT_EQ(bare->reply->content.find("I understand this is urgent"), 0u);
}

TEST_F(EngineTest, HumanRequestAndRepeatedNegativesEscalate) {
  const std::string a = StartChat(alice_);
  auto asked = Run(engine_->HandleUserMessage(alice_, a, "I want to talk to a human", {}));
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->conversation.status, core::ConversationStatus::kEscalated);

  const std::string b = StartChat(alice_);
  auto first = Run(engine_->HandleUserMessage(alice_, b, "this is bad", {}));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->conversation.status, core::ConversationStatus::kActive);
  auto second = Run(engine_->HandleUserMessage(alice_, b, "still awful", {}));
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->escalated_now);
  EXPECT_EQ(second->conversation.status, core::ConversationStatus::kEscalated);
}

TEST_F(EngineTest, AHandoffReplyAndAYesToAnOfferEscalateWithTheEvent) {
  // The responder hands over (ResponderReply::handoff): the reply is kept, the conversation is
  // escalated and the inbox is told.
  const std::string a = StartChat(alice_);
  auto handed = Run(engine_->HandleUserMessage(alice_, a, "HANDOFF legal threat", {}));
  ASSERT_TRUE(handed);
  EXPECT_TRUE(handed->escalated_now);
  EXPECT_EQ(handed->conversation.status, core::ConversationStatus::kEscalated);
  ASSERT_TRUE(handed->reply);
  EXPECT_EQ(handed->reply->content, "reply to: HANDOFF legal threat");
  auto events = sink_.Events();
  EXPECT_NE(std::find(events.begin(), events.end(), "escalated:human_requested"), events.end());

  // An offer alone changes nothing; "yes" to it hands over.
  sink_.Clear();
  const std::string b = StartChat(alice_);
  auto offered = Run(engine_->HandleUserMessage(alice_, b, "OFFER me something", {}));
  ASSERT_TRUE(offered);
  EXPECT_FALSE(offered->escalated_now);
  EXPECT_EQ(offered->conversation.status, core::ConversationStatus::kActive);
  auto yes = Run(engine_->HandleUserMessage(alice_, b, "yes please", {}));
  ASSERT_TRUE(yes);
  EXPECT_TRUE(yes->escalated_now);
  EXPECT_EQ(yes->conversation.status, core::ConversationStatus::kEscalated);
  events = sink_.Events();
  EXPECT_EQ(std::count(events.begin(), events.end(), "escalated:human_requested"), 1);
}

TEST_F(EngineTest, AgentTestChatsAreKeptButNotCounted) {
  const std::string real = StartChat(alice_);
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, real, "hello there", {})));
  StartOptions test;
  test.title = "Agent test";
  test.is_test = true;
  auto started = Run(engine_->StartConversation(alice_, test));
  ASSERT_TRUE(started);
  EXPECT_TRUE(started->conversation.is_test);
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, started->conversation.id, "hi", {})));
  EXPECT_TRUE(store_->GetConversation(started->conversation.id, "")->is_test);
  auto stats = Run(engine_->GetUserStats(alice_, alice_.user_id, kNoFilter));
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->total_calls, 1);
  EXPECT_EQ(stats->total_messages, 3);  // The real chat's welcome, message and reply.
}

TEST_F(EngineTest, AdminMayAnswerAnyConversation) {
  const std::string id = StartChat(alice_);
  Actor admin{bob_.user_id, true};
  auto posted = Run(engine_->PostHumanMessage(admin, id, "Admin here"));
  ASSERT_TRUE(posted) << posted.error().message;
}

TEST_F(EngineTest, EndComputesDurationSentimentAndCompletes) {
  const std::string id = StartChat(alice_);
  clock_.Advance(1'000);
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, id, "hello there", {})));
  clock_.Advance(42'000);
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, id, "this is bad", {})));
  EXPECT_EQ(store_->GetConversation(id, "")->analytics.duration, 42);
  clock_.Advance(18'000);  // Ended 18 s after the last message: the duration runs to the end.
  auto ended = Run(engine_->EndConversation(alice_, id));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, core::ConversationStatus::kCompleted);
  EXPECT_EQ(ended->analytics.duration, 60);
  EXPECT_EQ(ended->analytics.sentiment, "negative");
  EXPECT_GT(ended->ended_at, 0);
  EXPECT_FALSE(Run(engine_->EndConversation(bob_, id)));
}

TEST_F(EngineTest, ResponderStateCarriesAcrossTurns) {
  const std::string id = StartChat(alice_);
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, id, "order 123", {})));
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, id, "where is it", {})));
  auto conv = store_->GetConversation(id, alice_.user_id);
  ASSERT_TRUE(conv);
  EXPECT_NE(conv->state_json.find("|order 123|where is it"), std::string::npos);
}

TEST_F(EngineTest, EveryOperationPublishesItsEventsInOrder) {
  const std::string id = StartChat(alice_);
  {
    const auto full = sink_.Full();
    ASSERT_EQ(full.size(), 1u);
    EXPECT_EQ(full[0].type, EventType::kConversationStarted);
    ASSERT_TRUE(full[0].message);
    EXPECT_EQ(full[0].message->content, "Welcome from Ava");
    EXPECT_EQ(full[0].conversation->id, id);
  }
  sink_.Clear();
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, id, "URGENT help", {})));
  EXPECT_EQ(sink_.Events(),
            (std::vector<std::string>{"message:user", "typing:on:assistant", "message:assistant",
                                      "escalated:urgent", "conversation_updated",
                                      "typing:off:assistant"}));
  EXPECT_EQ(sink_.Full()[4].conversation->status, core::ConversationStatus::kEscalated);
  sink_.Clear();
  ASSERT_TRUE(Run(engine_->PostHumanMessage(alice_, id, "Sam here")));
  ASSERT_TRUE(Run(engine_->SetTyping(alice_, id, true)));
  ASSERT_TRUE(Run(engine_->HandBack(alice_, id)));
  ASSERT_TRUE(Run(engine_->TakeOver(alice_, id)));
  const std::optional<std::string> title = "Renamed";
  const std::optional<core::ConversationStatus> no_status;
  ASSERT_TRUE(Run(engine_->UpdateConversation(alice_, id, title, no_status)));
  ASSERT_TRUE(Run(engine_->EndConversation(alice_, id)));
  auto deleted = Run(engine_->DeleteConversation(alice_, id));
  ASSERT_TRUE(deleted);
  EXPECT_EQ(sink_.Events(),
            (std::vector<std::string>{"message:human", "conversation_updated", "typing:on:human",
                                      "conversation_updated", "conversation_updated",
                                      "conversation_updated", "conversation_updated",
                                      "conversation_deleted"}));
  const auto full = sink_.Full();
  EXPECT_EQ(full[3].conversation->status, core::ConversationStatus::kActive);
  EXPECT_EQ(full[4].conversation->status, core::ConversationStatus::kEscalated);
  EXPECT_EQ(full[5].conversation->title, "Renamed");
  EXPECT_EQ(full[6].conversation->status, core::ConversationStatus::kCompleted);
  EXPECT_EQ(full[6].conversation->title, "Renamed");  // A chosen title is kept at the end.
  EXPECT_EQ(full[7].conversation->id, id);
  EXPECT_FALSE(Run(engine_->GetConversation(alice_, id)));
}

TEST_F(EngineTest, AnErrorAfterTheUserMessageStillStopsTyping) {
  const std::string id = StartChat(alice_);
  sink_.Clear();
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "please FAIL", {}));
  ASSERT_FALSE(turn);
  EXPECT_EQ(turn.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_EQ(sink_.Events(), (std::vector<std::string>{"message:user", "typing:on:assistant",
                                                      "typing:off:assistant"}));
  // The stored user message is kept, and the next turn works.
  auto next = Run(engine_->HandleUserMessage(alice_, id, "hello again", {}));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->conversation.analytics.message_count, 4);
}

TEST_F(EngineTest, TakeOverSilencesTheBotAndHandBackRestoresIt) {
  const std::string id = StartChat(alice_);
  auto taken = Run(engine_->TakeOver(alice_, id));
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->status, core::ConversationStatus::kEscalated);
  auto silent = Run(engine_->HandleUserMessage(alice_, id, "hello?", {}));
  ASSERT_TRUE(silent);
  EXPECT_FALSE(silent->reply.has_value());
  EXPECT_FALSE(Run(engine_->TakeOver(bob_, id)));
  EXPECT_FALSE(Run(engine_->HandBack(bob_, id)));
  ASSERT_TRUE(Run(engine_->HandBack(alice_, id)));
  auto answered = Run(engine_->HandleUserMessage(alice_, id, "still there?", {}));
  ASSERT_TRUE(answered);
  ASSERT_TRUE(answered->reply.has_value());
  EXPECT_EQ(answered->reply->content, "reply to: still there?");
}

TEST_F(EngineTest, OnPersistedRunsOnceTheUserMessageIsStoredAndBeforeTheReply) {
  const std::string id = StartChat(alice_);
  sink_.Clear();
  int calls = 0;
  bool stored_before = false;
  bool reply_before = false;
  MessageOptions options;
  options.on_persisted = [&](const core::Message& m) {
    ++calls;
    auto messages = store_->ListMessages(id, alice_.user_id);
    stored_before = messages && messages->back().id == m.id && m.content == "hi there";
    const auto events = sink_.Events();
    reply_before = std::find(events.begin(), events.end(), "message:assistant") != events.end();
  };
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "hi there", options));
  ASSERT_TRUE(turn);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(stored_before);
  EXPECT_FALSE(reply_before);
  // Refused messages never call it.
  Run(engine_->HandleUserMessage(bob_, id, "hi there", options));
  Run(engine_->HandleUserMessage(alice_, id, "  ", options));
  EXPECT_EQ(calls, 1);
}

TEST_F(EngineTest, AnImmediateResponderCommitsTheTurnOnceThenAcksAndPublishesInOrder) {
  responder_.immediate_ = true;
  const std::string id = StartChat(alice_);
  sink_.Clear();
  int calls = 0;
  std::size_t stored_at_ack = 0;
  MessageOptions options;
  options.on_persisted = [&](const core::Message& m) {
    ++calls;
    auto messages = store_->ListMessages(id, alice_.user_id);
    // The user message and the reply were committed together, before the ack.
    if (messages && messages->size() >= 2 && (*messages)[messages->size() - 2].id == m.id) {
      stored_at_ack = messages->size();
    }
  };
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "hi there", options));
  ASSERT_TRUE(turn);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(stored_at_ack, 3u);  // Welcome, user, reply.
  // The buffered tokens come after the user message, before the reply.
  EXPECT_EQ(sink_.Events(),
            (std::vector<std::string>{"message:user", "typing:on:assistant", "token", "token",
                                      "message:assistant", "conversation_updated",
                                      "typing:off:assistant"}));
  std::string streamed;
  for (const Event& e : sink_.Full()) {
    if (e.type == EventType::kToken) streamed += e.text;
  }
  EXPECT_EQ(streamed, "reply to: hi there");

  // A responder failure keeps (and acknowledges) the customer's message.
  sink_.Clear();
  auto failed = Run(engine_->HandleUserMessage(alice_, id, "please FAIL", options));
  ASSERT_FALSE(failed);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(sink_.Events(), (std::vector<std::string>{"message:user", "typing:on:assistant",
                                                      "typing:off:assistant"}));
  auto next = Run(engine_->HandleUserMessage(alice_, id, "hello again", {}));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->conversation.analytics.message_count, 6);
}

TEST_F(EngineTest, VisitorsSeeOnlyTheirOwnConversations) {
  core::Agent agent;
  agent.id = core::NewObjectId();
  agent.user_id = alice_.user_id;
  agent.name = "Nia";
  ASSERT_TRUE(store_->CreateAgent(agent));
  const Actor v1{alice_.user_id, false, "visitor-1"};
  const Actor v2{alice_.user_id, false, "visitor-2"};
  const Actor bob_as_v1{bob_.user_id, false, "visitor-1"};
  StartOptions opts;
  opts.agent_id = agent.id;
  auto started = Run(engine_->StartConversation(v1, opts));
  ASSERT_TRUE(started);
  const std::string id = started->conversation.id;
  EXPECT_EQ(started->conversation.visitor_id, "visitor-1");
  EXPECT_EQ(started->conversation.user_id, alice_.user_id);
  const std::string staff_id = StartChat(alice_);

  ASSERT_TRUE(Run(engine_->HandleUserMessage(v1, id, "hello", {})));
  ASSERT_TRUE(Run(engine_->GetConversation(v1, id)));
  for (const Actor* other : {&v2, &bob_as_v1}) {
    auto turn = Run(engine_->HandleUserMessage(*other, id, "hello", {}));
    ASSERT_FALSE(turn);
    EXPECT_EQ(turn.error().kind, core::ErrorKind::kNotFound);
    EXPECT_FALSE(Run(engine_->GetConversation(*other, id)));
    EXPECT_FALSE(Run(engine_->EndConversation(*other, id)));
  }
  // A visitor cannot reach the owner's staff conversation, nor act as staff on their own.
  EXPECT_FALSE(Run(engine_->GetConversation(v1, staff_id)));
  EXPECT_FALSE(Run(engine_->HandleUserMessage(v1, staff_id, "hello", {})));
  EXPECT_FALSE(Run(engine_->PostHumanMessage(v1, id, "I am staff")));
  EXPECT_FALSE(Run(engine_->TakeOver(v1, id)));
  EXPECT_FALSE(Run(engine_->HandBack(v1, id)));
  // A visitor's typing on their own conversation is the customer typing; on another's, refused.
  EXPECT_TRUE(Run(engine_->SetTyping(v1, id, true)));
  EXPECT_FALSE(Run(engine_->SetTyping(v2, id, true)));
  EXPECT_FALSE(Run(engine_->SetTyping(v1, staff_id, true)));
  EXPECT_FALSE(Run(engine_->DeleteConversation(v1, id)));
  const std::optional<std::string> title = "x";
  const std::optional<core::ConversationStatus> no_status;
  EXPECT_FALSE(Run(engine_->UpdateConversation(v1, id, title, no_status)));
  EXPECT_FALSE(Run(engine_->ReanalyzeSentiment(v1)));

  // Lists: the visitor's own, with that agent; the owner sees everything.
  ASSERT_TRUE(Run(engine_->StartConversation(v2, opts)));
  auto mine = Run(engine_->ListVisitorConversations(v1, agent.id));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].id, id);
  auto other_agent = Run(engine_->ListVisitorConversations(v1, core::NewObjectId()));
  ASSERT_TRUE(other_agent);
  EXPECT_TRUE(other_agent->empty());
  EXPECT_FALSE(Run(engine_->ListVisitorConversations(alice_, agent.id)));
  auto listed = Run(engine_->ListConversations(v1, store::ListOptions{}));
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
  auto owner = Run(engine_->ListConversations(alice_, store::ListOptions{}));
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->size(), 3u);
  auto documents = Run(engine_->ListConversationsWithMessages(alice_, store::ListOptions{}));
  ASSERT_TRUE(documents);
  ASSERT_EQ(documents->size(), 3u);
  for (const auto& d : *documents) EXPECT_FALSE(d.messages.empty());
  auto visitor_documents = Run(engine_->ListConversationsWithMessages(v1, store::ListOptions{}));
  ASSERT_TRUE(visitor_documents);
  EXPECT_EQ(visitor_documents->size(), 1u);
  // ...and in the owner's stats; a visitor reads no stats.
  auto stats = Run(engine_->GetUserStats(alice_, alice_.user_id, kNoFilter));
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->total_calls, 3);
  EXPECT_FALSE(Run(engine_->GetUserStats(v1, alice_.user_id, kNoFilter)));
  // The owner answers the visitor as a human.
  ASSERT_TRUE(Run(engine_->PostHumanMessage(alice_, id, "Hi, Sam here")));
  auto seen = Run(engine_->GetConversation(v1, id));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->messages.back().role, core::MessageRole::kHuman);
}

// The analytics of a long conversation equal a full recomputation over the stored messages.
TEST_F(EngineTest, IncrementalAnalyticsMatchTheFullRecomputation) {
  const std::string id = StartChat(alice_);
  std::mt19937 rng(7);
  const std::vector<std::string> texts = {"hello",           "this is bad", "awful again",
                                          "great thanks",    "URGENT now",  "ok",
                                          "netflix question"};
  for (int i = 0; i < 80; ++i) {
    clock_.Advance(std::uniform_int_distribution<int>(1, 90'000)(rng));
    const std::string& text = texts[std::uniform_int_distribution<std::size_t>(0, 6)(rng)];
    if (i % 9 == 4) {
      ASSERT_TRUE(Run(engine_->PostHumanMessage(alice_, id, "human " + text)));
    } else if (i % 9 == 5) {
      ASSERT_TRUE(Run(engine_->HandBack(alice_, id)));
    } else {
      ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, id, text, {})));
    }
    if (i % 20 == 19) engine_ = MakeEngine(Deps());  // A cold cache: state from the database.
  }
  auto conv = store_->GetConversation(id, alice_.user_id);
  auto messages = store_->ListMessages(id, alice_.user_id);
  ASSERT_TRUE(conv && messages);
  std::vector<nlu::ScoredMessage> trajectory;
  for (const auto& m : *messages) {
    if (m.role == core::MessageRole::kUser)
      trajectory.push_back({m.metadata->sentiment, m.metadata->sentiment_score});
  }
  EXPECT_EQ(conv->analytics.message_count, static_cast<int>(messages->size()));
  EXPECT_EQ(conv->analytics.sentiment, nlu::AggregateSentiment(trajectory));
  // Satisfaction: the trajectory's, then the outcome (RunningAnalytics::ResolvedSatisfaction).
  RunningAnalytics full;
  for (const auto& m : *messages) full.Add(m);
  EXPECT_DOUBLE_EQ(full.Satisfaction(), nlu::SatisfactionFromTrajectory(trajectory));
  EXPECT_DOUBLE_EQ(
      conv->analytics.satisfaction,
      full.ResolvedSatisfaction(conv->status == core::ConversationStatus::kEscalated, false));
  EXPECT_EQ(conv->analytics.duration, ConversationDurationSeconds(*messages));
  // The responder saw a bounded window, never the whole history.
  EXPECT_LE(responder_.max_history_.load(), 20u);
  EXPECT_GT(messages->size(), 100u);
}

TEST_F(EngineTest, AConversationWithoutRunningAnalyticsIsDerivedOnceFromItsHistory) {
  const std::string id = StartChat(alice_);
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, id, "this is bad", {})));
  // As stored by an older build: no running analytics in the state.
  store::ConversationPatch patch;
  patch.state_json = R"({"responder":"","autoTitle":true})";
  ASSERT_TRUE(store_->UpdateConversation(id, alice_.user_id, patch, clock_.NowMs()));
  engine_ = MakeEngine(Deps());
  auto turn = Run(engine_->HandleUserMessage(alice_, id, "awful again", {}));
  ASSERT_TRUE(turn);
  EXPECT_TRUE(turn->escalated_now);  // The earlier negative turn was seen.
  EXPECT_EQ(turn->conversation.analytics.sentiment, "negative");
  EXPECT_EQ(turn->conversation.analytics.message_count, 5);
}

TEST_F(EngineTest, ReanalyzeUpdatesStaleSentiments) {
  const std::string a = StartChat(alice_);
  const std::string b = StartChat(alice_);
  StartChat(bob_);
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, a, "this is bad", {})));
  ASSERT_TRUE(Run(engine_->HandleUserMessage(alice_, b, "hello", {})));
  core::Analytics stale;
  stale.sentiment = "positive";
  store::ConversationPatch patch;
  patch.analytics = stale;
  ASSERT_TRUE(store_->UpdateConversation(a, alice_.user_id, patch, clock_.NowMs()));
  sink_.Clear();
  auto done = Run(engine_->ReanalyzeSentiment(alice_));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->total, 2);
  EXPECT_EQ(done->updated, 1);
  EXPECT_EQ(sink_.Events(), std::vector<std::string>{"conversation_updated"});
  auto conv = store_->GetConversation(a, alice_.user_id);
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv->analytics.sentiment, "negative");
}

TEST_F(EngineTest, StatsAreTheCallersOwn) {
  StartChat(alice_);
  auto own = Run(engine_->GetUserStats(alice_, alice_.user_id, kNoFilter));
  ASSERT_TRUE(own);
  EXPECT_EQ(own->total_calls, 1);
  auto other = Run(engine_->GetUserStats(bob_, alice_.user_id, kNoFilter));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().kind, core::ErrorKind::kForbidden);
}

}  // namespace
}  // namespace carevoice::engine
