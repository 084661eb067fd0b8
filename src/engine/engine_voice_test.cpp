// The engine's voice paths with fake engines: spoken replies (stored URL, events in order, the
// conversation's lock released before synthesis) and voice messages (stored, transcribed,
// answered; removed again when refused).

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>
#include <mutex>
#include <utility>

#include "core/ids.hpp"
#include "engine/engine.hpp"
#include "llm/responder.hpp"
#include "nlu/nlu.hpp"
#include "store/open_store.hpp"
#include "store/store.hpp"
#include "voice/pcm.hpp"

namespace carevoice::engine {
namespace {

namespace asio = boost::asio;

class PlainNlu final : public nlu::Nlu {
 public:
  core::MessageMetadata Analyze(std::string_view, const core::Agent*) const override {
    core::MessageMetadata md;
    md.sentiment = "neutral";
    md.intent = "question";
    md.intents = {"question"};
    return md;
  }
  std::string ConversationSentiment(const std::vector<core::Message>&) const override {
    return "neutral";
  }
  double EstimateSatisfaction(const std::vector<core::Message>&) const override { return 3; }
  std::string MakeTitle(const std::vector<core::Message>&) const override { return "T"; }
};

class EchoResponder final : public llm::Responder {
 public:
  core::Result<llm::ResponderReply> Respond(const llm::ResponderRequest& request,
                                            const llm::TokenSink&) override {
    llm::ResponderReply r;
    r.text = "First sentence. Second sentence about " + request.history->back().content + ".";
    r.source = "fake";
    return r;
  }
  std::string Welcome(const core::Agent&) override { return "Hello."; }
};

// One 100 ms tone per sentence; records the voice asked for.
class ToneTts final : public voice::Tts {
 public:
  core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                      const voice::PcmSink& sink) override {
    {
      std::lock_guard lock(mu_);
      voices_.emplace_back(voice);
    }
    if (text.find("FAILSPEECH") != std::string_view::npos) {
      return core::Error::Unavailable("synthesis down");
    }
    for (std::size_t at = text.find('.'); at != std::string_view::npos;
         at = text.find('.', at + 1)) {
      voice::Pcm pcm;
      pcm.sample_rate = 16000;
      pcm.samples.assign(1600, 1000);
      if (!sink(pcm)) break;
    }
    return {};
  }
  std::vector<voice::VoiceInfo> Voices() const override {
    return {{"tone", "Tone", "fake", "en", ""}};
  }
  std::vector<std::string> voices() {
    std::lock_guard lock(mu_);
    return voices_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> voices_;
};

// Hears "what you said" in any WAV, nothing in a silent one.
class FakeStt final : public voice::Stt {
 public:
  core::Result<std::unique_ptr<voice::SttStream>> Start(const voice::SttBias& /*bias*/) override {
    return core::Error::Unavailable("not streaming");
  }
  core::Result<std::string> Transcribe(const voice::Audio& audio,
                                       const voice::SttBias& /*bias*/) override {
    auto pcm = voice::DecodeWav(audio.bytes);
    if (!pcm) return pcm.error();
    for (std::int16_t s : pcm->samples) {
      if (s != 0) return std::string("what you said");
    }
    return std::string();
  }
};

class Sink final : public EventSink {
 public:
  void OnEvent(const Event& e) override {
    std::lock_guard lock(mu_);
    events.push_back(e);
  }
  std::vector<Event> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(events, {});
  }
  std::mutex mu_;
  std::vector<Event> events;
};

class EngineVoiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("cv_engine_voice_" + core::RandomHex(6));
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenStore("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(opened);
    store_ = std::move(*opened);
    ASSERT_TRUE(SeedDemoAgents(*store_, clock_));
    audio_store_ = std::make_unique<voice::AudioStore>(
        voice::AudioStoreConfig{(dir_ / "audio").string(), 0, "/public/audio/"});
    EngineDeps deps;
    deps.store = store_.get();
    deps.nlu = &nlu_;
    deps.responder = &responder_;
    deps.tts = &tts_;
    deps.stt = &stt_;
    deps.audio_store = audio_store_.get();
    deps.events = &sink_;
    deps.pool = &pool_;
    deps.clock = &clock_;
    engine_ = MakeEngine(deps);
    core::User u;
    u.id = core::NewObjectId();
    u.name = "a";
    u.email = "a@example.com";
    u.password_hash = "$2b$10$x";
    ASSERT_TRUE(store_->CreateUser(u));
    actor_.user_id = u.id;
  }
  void TearDown() override {
    engine_.reset();
    store_.reset();
    pool_.join();
    std::filesystem::remove_all(dir_);
  }
  template <class T>
  T Run(asio::awaitable<T> aw) {
    auto fut = asio::co_spawn(io_, std::move(aw), asio::use_future);
    io_.restart();
    io_.run();
    return fut.get();
  }
  std::filesystem::path FileOf(const std::string& url) {
    return dir_ / "audio" / url.substr(std::string("/public/audio/").size());
  }
  std::string Start(bool want_audio = false) {
    StartOptions options;
    options.want_audio = want_audio;
    auto started = Run(engine_->StartConversation(actor_, options));
    EXPECT_TRUE(started);
    return started->conversation.id;
  }

  std::filesystem::path dir_;
  core::ManualClock clock_{1'700'000'000'000};
  asio::io_context io_;
  asio::thread_pool pool_{2};
  PlainNlu nlu_;
  EchoResponder responder_;
  ToneTts tts_;
  FakeStt stt_;
  Sink sink_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<voice::AudioStore> audio_store_;
  std::unique_ptr<Engine> engine_;
  Actor actor_;
};

TEST_F(EngineVoiceTest, SpokenReplyIsStoredAfterTheTextWithEventsInOrder) {
  const std::string id = Start();
  sink_.Take();
  MessageOptions options;
  options.want_audio = true;
  auto turn = Run(engine_->HandleUserMessage(actor_, id, "refunds", options));
  ASSERT_TRUE(turn) << turn.error().message;
  ASSERT_TRUE(turn->reply);
  const std::string url = turn->reply->audio_url;
  EXPECT_EQ(url, "/public/audio/" + actor_.user_id + "/" + turn->reply->id + ".mp3");
  ASSERT_TRUE(turn->audio);
  EXPECT_EQ(turn->audio->mime_type, "audio/mpeg");
  ASSERT_TRUE(std::filesystem::exists(FileOf(url)));
  EXPECT_EQ(std::filesystem::file_size(FileOf(url)), turn->audio->bytes.size());
  // The stored reply names the file.
  auto messages = store_->ListMessages(id, actor_.user_id);
  ASSERT_TRUE(messages);
  EXPECT_EQ(messages->back().audio_url, url);
  // kMessage(reply, audio pending) ... kSpeech 0, kSpeech 1, kReplyAudio (with the MP3).
  std::vector<std::string> order;
  for (const Event& e : sink_.Take()) {
    if (e.type == EventType::kMessage && e.message->role == core::MessageRole::kAssistant) {
      EXPECT_TRUE(e.audio_pending);
      order.push_back("reply");
    } else if (e.type == EventType::kSpeech) {
      EXPECT_EQ(e.audio->mime_type, "audio/wav");
      order.push_back("speech" + std::to_string(e.sequence));
    } else if (e.type == EventType::kReplyAudio) {
      ASSERT_NE(e.audio, nullptr);
      EXPECT_EQ(e.audio->bytes, turn->audio->bytes);
      order.push_back("audio");
    }
  }
  EXPECT_EQ(order, (std::vector<std::string>{"reply", "speech0", "speech1", "audio"}));
  // Without wantAudio: no URL, no speech, an ai_response-ready kMessage.
  auto plain = Run(engine_->HandleUserMessage(actor_, id, "again", MessageOptions{}));
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->reply->audio_url.empty());
  for (const Event& e : sink_.Take()) {
    EXPECT_NE(e.type, EventType::kSpeech);
    EXPECT_FALSE(e.audio_pending);
  }
  // Deleting the conversation deletes its audio.
  ASSERT_TRUE(Run(engine_->DeleteConversation(actor_, id)));
  EXPECT_FALSE(std::filesystem::exists(FileOf(url)));
}

TEST_F(EngineVoiceTest, WelcomeIsSpokenWithTheAgentsVoice) {
  StartOptions options;
  options.want_audio = true;
  options.is_call_simulator = true;
  auto started = Run(engine_->StartConversation(actor_, options));
  ASSERT_TRUE(started);
  ASSERT_TRUE(started->welcome_audio);
  EXPECT_TRUE(std::filesystem::exists(FileOf(started->welcome.audio_url)));
  EXPECT_EQ(tts_.voices().back(), started->agent.voice);
}

TEST_F(EngineVoiceTest, FailedSynthesisLeavesTheTextReply) {
  const std::string id = Start();
  MessageOptions options;
  options.want_audio = true;
  auto turn = Run(engine_->HandleUserMessage(actor_, id, "FAILSPEECH", options));
  ASSERT_TRUE(turn);
  ASSERT_TRUE(turn->reply);
  EXPECT_FALSE(turn->audio);
  bool reply_audio_event = false;
  for (const Event& e : sink_.Take()) {
    if (e.type == EventType::kReplyAudio) {
      reply_audio_event = true;
      EXPECT_EQ(e.audio, nullptr);
    }
  }
  EXPECT_TRUE(reply_audio_event);  // ai_response still goes out.
}

TEST_F(EngineVoiceTest, VoiceMessageIsStoredTranscribedAndAnswered) {
  const std::string id = Start();
  voice::Pcm tone;
  tone.samples.assign(1600, 500);
  AudioMessage audio;
  audio.bytes = voice::EncodeWav(tone);
  audio.type = {"wav", "audio/wav"};
  std::string heard;
  audio.on_transcript = [&heard](const std::string& t) { heard = t; };
  auto done = Run(engine_->HandleUserAudio(actor_, id, audio, MessageOptions{}));
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->transcript, "what you said");
  EXPECT_EQ(heard, "what you said");
  EXPECT_EQ(done->turn.user_message.content, "what you said");
  EXPECT_EQ(done->turn.user_message.audio_url, done->audio_url);
  EXPECT_TRUE(std::filesystem::exists(FileOf(done->audio_url)));

  // Silence: 422 NO_SPEECH, the file removed again.
  voice::Pcm silence;
  silence.samples.assign(1600, 0);
  audio.bytes = voice::EncodeWav(silence);
  const std::uint64_t used = audio_store_->UsedBytes(actor_.user_id);
  auto none = Run(engine_->HandleUserAudio(actor_, id, audio, MessageOptions{}));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "NO_SPEECH");
  EXPECT_EQ(audio_store_->UsedBytes(actor_.user_id), used);
  // Another user's conversation: not found, nothing stored.
  Actor other;
  other.user_id = core::NewObjectId();
  auto hidden = Run(engine_->HandleUserAudio(other, id, audio, MessageOptions{}));
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().kind, core::ErrorKind::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "audio" / other.user_id));
}

}  // namespace
}  // namespace carevoice::engine
