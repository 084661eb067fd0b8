#include "engine/engine.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "core/ids.hpp"
#include "llm/responder.hpp"
#include "nlu/nlu.hpp"
#include "store/store.hpp"

namespace carevoice::engine {
namespace {

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
      if (it->role == "user" && it->metadata) return it->metadata->sentiment;
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
    const std::string text = "reply to: " + request.history->back().content;
    if (on_token) {
      on_token("reply to: ");
      on_token(request.history->back().content);
    }
    llm::ResponderReply r;
    r.text = text;
    r.state_json = request.state_json + "|" + request.history->back().content;
    r.source = "fake";
    return r;
  }
  std::string Welcome(const core::Agent& agent) override { return "Welcome from " + agent.name; }

 private:
  std::mutex mu_;
  std::mt19937 rng_{42};
  int delay_ms_ = 0;
};

class RecordingSink final : public EventSink {
 public:
  void OnTyping(const core::Conversation& /*c*/, bool typing) override {
    Add(typing ? "typing:on" : "typing:off");
  }
  void OnToken(const core::Conversation& /*c*/, std::string_view /*chunk*/) override {
    Add("token");
  }
  void OnReply(const core::Conversation& /*c*/, const core::Message& m) override {
    Add("reply:" + m.role);
  }
  void OnEscalation(const core::Conversation& /*c*/, std::string_view reason) override {
    Add("escalation:" + std::string(reason));
  }
  std::vector<std::string> Events() {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  void Add(std::string e) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(e));
  }
  std::mutex mu_;
  std::vector<std::string> events_;
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
    EngineDeps deps;
    deps.store = store_.get();
    deps.nlu = &nlu_;
    deps.responder = &responder_;
    deps.events = &sink_;
    deps.pool = &pool_;
    deps.clock = &clock_;
    engine_ = MakeEngine(deps);
    alice_.user_id = MakeUser("alice@example.com");
    bob_.user_id = MakeUser("bob@example.com");
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
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
  EXPECT_EQ((*messages)[0].role, "assistant");
  EXPECT_EQ(started->conversation.status, "active");
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
  EXPECT_EQ((*messages)[1].role, "user");
  EXPECT_EQ((*messages)[1].content, "is netflix down?");
  ASSERT_TRUE((*messages)[1].metadata);
  EXPECT_EQ((*messages)[1].metadata->intent, "question");
  EXPECT_EQ((*messages)[2].role, "assistant");
  auto conv = store_->GetConversation(id, alice_.user_id);
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv->company,
            "netflix");  // ...so the first confident detection sets it.
  EXPECT_EQ(conv->title, "Title After 3");
  EXPECT_EQ(conv->analytics.message_count, 3);
  EXPECT_DOUBLE_EQ(conv->analytics.satisfaction, 4);
  const auto events = sink_.Events();
  EXPECT_NE(std::find(events.begin(), events.end(), "token"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "reply:assistant"), events.end());
  EXPECT_EQ(events.back(), "typing:off");
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
    EXPECT_EQ(user.role, "user");
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
    EXPECT_EQ(user.role, "user");
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
  EXPECT_EQ(turn->conversation.status, "escalated");
  ASSERT_TRUE(turn->reply);
  EXPECT_NE(turn->reply->content.find("human agent will join"), std::string::npos);
  const auto events = sink_.Events();
  EXPECT_NE(std::find(events.begin(), events.end(), "escalation:urgent"), events.end());

  auto next = Run(engine_->HandleUserMessage(alice_, id, "hello? anyone?", {}));
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->reply.has_value());
  EXPECT_FALSE(next->escalated_now);

  auto human = Run(engine_->PostHumanMessage(alice_, id, "Hi, this is Sam from support."));
  ASSERT_TRUE(human);
  EXPECT_EQ(human->role, "human");
  auto foreign = Run(engine_->PostHumanMessage(bob_, id, "I am not the owner"));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, core::ErrorKind::kNotFound);

  // Handing back to the bot.
  store::ConversationPatch patch;
  patch.status = "active";
  ASSERT_TRUE(store_->UpdateConversation(id, alice_.user_id, patch, clock_.NowMs()));
  auto after = Run(engine_->HandleUserMessage(alice_, id, "thanks, one more question", {}));
  ASSERT_TRUE(after);
  ASSERT_TRUE(after->reply);
  EXPECT_EQ(after->reply->content, "reply to: thanks, one more question");
}

TEST_F(EngineTest, HumanRequestAndRepeatedNegativesEscalate) {
  const std::string a = StartChat(alice_);
  auto asked = Run(engine_->HandleUserMessage(alice_, a, "I want to talk to a human", {}));
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->conversation.status, "escalated");

  const std::string b = StartChat(alice_);
  auto first = Run(engine_->HandleUserMessage(alice_, b, "this is bad", {}));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->conversation.status, "active");
  auto second = Run(engine_->HandleUserMessage(alice_, b, "still awful", {}));
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->escalated_now);
  EXPECT_EQ(second->conversation.status, "escalated");
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
  auto ended = Run(engine_->EndConversation(alice_, id));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, "completed");
  EXPECT_EQ(ended->analytics.duration, 42);
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

}  // namespace
}  // namespace carevoice::engine
