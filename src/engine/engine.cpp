#include "engine/engine.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/blocking.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "engine/demo_agents.hpp"
#include "engine/keyed_mutex.hpp"
#include "engine/policy.hpp"
#include "llm/responder.hpp"
#include "nlu/nlu.hpp"
#include "store/store.hpp"
#include "voice/mp3.hpp"
#include "voice/resampler.hpp"
#include "voice/stt_bias.hpp"

namespace carevoice::engine {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using core::Error;
using core::Result;

constexpr std::size_t kMaxContentChars = 10000;
constexpr std::size_t kMaxTitleChars = 200;
constexpr const char* kConversationNotFound = "Conversation not found";

constexpr std::string_view kHandoffUrgent =
    "I understand this is urgent. I'm bringing in a member of our team right "
    "now: a human agent "
    "will join this conversation shortly and has your full history, so you "
    "won't need to repeat "
    "yourself.";
constexpr std::string_view kHandoffNegative =
    "I'm sorry this has been so frustrating. I'm handing your conversation to "
    "a member of our "
    "team: a human agent will join shortly and will see everything you've told "
    "me.";
constexpr std::string_view kHandoffRequested =
    "Of course. I'm connecting you with a member of our team: a human agent "
    "will join this "
    "conversation shortly.";

// Engine-owned dialogue state kept in Conversation::state_json.
struct State {
  std::string responder;              // The responder's opaque state.
  std::optional<core::Agent> ad_hoc;  // Socket.IO agentInfo (not saved as an agent).
  bool auto_title = true;             // The title was not chosen by the user.
  // The incremental analytics; nullopt for a conversation stored before they existed.
  std::optional<RunningAnalytics> running;
  // Live voice calls: {turns: [...], turnCount, truncatedReplies}; null = never a call.
  json::value voice;
};

std::string StateToJson(const State& s) {
  json::object o;
  o["responder"] = s.responder;
  o["autoTitle"] = s.auto_title;
  if (s.ad_hoc) {
    json::array prompts;
    for (const auto& p : s.ad_hoc->prompts) prompts.emplace_back(p);
    o["adHocAgent"] = json::object{{"name", s.ad_hoc->name},
                                   {"company", s.ad_hoc->company},
                                   {"personality", s.ad_hoc->personality},
                                   {"companyInfo", s.ad_hoc->company_info},
                                   {"responseStyle", s.ad_hoc->response_style},
                                   {"prompts", std::move(prompts)}};
  }
  if (s.running) o["analytics"] = s.running->ToJson();
  if (!s.voice.is_null()) o["voice"] = s.voice;
  return json::serialize(o);
}

std::string StringField(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return (v != nullptr && v->is_string()) ? std::string(v->get_string()) : std::string();
}

State StateFromJson(const std::string& text) {
  State s;
  if (text.empty()) return s;
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return s;
  const auto& o = v.get_object();
  s.responder = StringField(o, "responder");
  if (const auto* t = o.if_contains("autoTitle"); t != nullptr && t->is_bool()) {
    s.auto_title = t->get_bool();
  }
  if (const auto* a = o.if_contains("adHocAgent"); a != nullptr && a->is_object()) {
    const auto& ao = a->get_object();
    core::Agent agent = DefaultAgent();
    agent.name = StringField(ao, "name");
    agent.company = StringField(ao, "company");
    agent.personality = StringField(ao, "personality");
    agent.company_info = StringField(ao, "companyInfo");
    if (auto style = StringField(ao, "responseStyle"); !style.empty()) agent.response_style = style;
    if (const auto* p = ao.if_contains("prompts"); p != nullptr && p->is_array()) {
      for (const auto& item : p->get_array()) {
        if (item.is_string()) agent.prompts.emplace_back(item.get_string());
      }
    }
    s.ad_hoc = std::move(agent);
  }
  if (std::string analytics = StringField(o, "analytics"); !analytics.empty()) {
    s.running = RunningAnalytics::FromJson(analytics);
  }
  if (const auto* voice = o.if_contains("voice"); voice != nullptr && voice->is_object()) {
    s.voice = *voice;
  }
  return s;
}

constexpr std::size_t kVoiceTurnsKept = 50;

// Appends `r` to the voice record `voice` (null or an object).
void AddVoiceTurn(json::value& voice, const VoiceTurnRecord& r) {
  if (!voice.is_object()) {
    voice = json::object{{"turns", json::array{}}, {"turnCount", 0}, {"truncatedReplies", 0}};
  }
  json::object& o = voice.get_object();
  json::object turn;
  if (!r.reply_id.empty()) turn["replyId"] = r.reply_id;
  const auto put = [&turn](std::string_view key, double ms) {
    if (ms >= 0) turn[key] = std::round(ms * 10) / 10;
  };
  put("voiceToVoiceMs", r.voice_to_voice_ms);
  put("decisionMs", r.decision_ms);
  put("sttMs", r.stt_ms);
  put("replyMs", r.reply_ms);
  put("ttsMs", r.tts_ms);
  turn["truncated"] = r.truncated;
  if (r.truncated) {
    turn["playedText"] = r.played_text;
    put("playedMs", r.played_ms);
  }
  if (!o["turns"].is_array()) o["turns"] = json::array{};
  json::array& turns = o["turns"].get_array();
  turns.push_back(std::move(turn));
  if (turns.size() > kVoiceTurnsKept) turns.erase(turns.begin());
  const auto bump = [&o](std::string_view key) {
    const json::value* v = o.if_contains(key);
    o[key] = (v != nullptr && v->is_int64() ? v->get_int64() : 0) + 1;
  };
  bump("turnCount");
  if (r.truncated) bump("truncatedReplies");
}

// Returns the content without unsafe controls (core::StripUnsafeControls), trimmed, or a 400 with
// per-field details: also for content with no visible character.
Result<std::string> ValidateContent(std::string_view content) {
  const std::string cleaned = core::StripUnsafeControls(content);
  const std::string_view trimmed = core::TrimAscii(cleaned);
  if (trimmed.empty()) {
    return Error::Validation("Message content is required",
                             json::object{{"content", "Message content is required"}});
  }
  if (!core::HasVisibleText(trimmed)) {
    return Error::Validation(
        "Message content must contain visible text",
        json::object{{"content", "Message content must contain visible text"}});
  }
  if (!core::IsValidUtf8(trimmed)) {
    return Error::Validation("Message content must be valid UTF-8",
                             json::object{{"content", "Message content must be valid UTF-8"}});
  }
  if (core::Utf8Length(trimmed) > kMaxContentChars) {
    return Error::Validation(
        "Message content cannot exceed 10000 characters",
        json::object{{"content", "Message content cannot exceed 10000 characters"}});
  }
  return std::string(trimmed);
}

std::string_view HandoffText(EscalationReason reason) {
  switch (reason) {
    case EscalationReason::kUrgent:
      return kHandoffUrgent;
    case EscalationReason::kRepeatedNegative:
      return kHandoffNegative;
    default:
      return kHandoffRequested;
  }
}

// The analytics of a conversation whose status will be `status` and that ended at `ended_at`
// (0 = open): duration to its end, satisfaction by its outcome.
core::Analytics AnalyticsOf(const RunningAnalytics& running, core::ConversationStatus status,
                            core::TimeMs ended_at) {
  core::Analytics a;
  a.duration = running.DurationSeconds(ended_at);
  a.message_count = running.messages();
  a.sentiment = running.Sentiment();
  a.satisfaction =
      running.ResolvedSatisfaction(status == core::ConversationStatus::kEscalated, ended_at != 0);
  return a;
}

// Returns true iff `actor` may see `conversation`.
bool Visible(const Actor& actor, const core::Conversation& conversation) {
  if (!actor.visitor_id.empty()) {
    return conversation.user_id == actor.user_id && conversation.visitor_id == actor.visitor_id;
  }
  return actor.is_admin || conversation.user_id == actor.user_id;
}

// A conversation as the engine keeps it between turns. Immutable once shared: a writer (holding
// the conversation's lock) builds a new one and replaces it.
struct Hot {
  core::Conversation conversation;    // As committed.
  State state;                        // state.running is always set.
  std::vector<core::Message> window;  // The most recent messages, oldest first.
};
using HotPtr = std::shared_ptr<const Hot>;

// A bounded map of hot conversations. Thread-safe. Entries are loaded and replaced only by the
// holder of the conversation's lock, so an entry is never older than the last commit.
class HotCache {
 public:
  explicit HotCache(std::size_t capacity) : capacity_(capacity) {}
  HotPtr Get(const std::string& id) const {
    std::lock_guard lock(mu_);
    const auto it = map_.find(id);
    return it == map_.end() ? nullptr : it->second;
  }
  void Put(const std::string& id, HotPtr hot) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mu_);
    if (map_.size() >= capacity_ && map_.find(id) == map_.end()) map_.erase(map_.begin());
    map_[id] = std::move(hot);
  }
  void Erase(const std::string& id) {
    std::lock_guard lock(mu_);
    map_.erase(id);
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, HotPtr> map_;  // Guarded by mu_.
};

void PushBounded(std::vector<core::Message>& window, core::Message message, int max) {
  window.push_back(std::move(message));
  const auto keep = static_cast<std::size_t>(std::max(max, 1));
  if (window.size() > keep) {
    window.erase(window.begin(), window.end() - static_cast<std::ptrdiff_t>(keep));
  }
}

// A conversation's local lock and, with several processes, its shared lock (released first).
class ConversationGuard {
 public:
  explicit ConversationGuard(KeyedMutex::Guard local) : local_(std::move(local)) {}
  ConversationGuard(ConversationGuard&& other) noexcept
      : local_(std::move(other.local_)),
        shared_(std::exchange(other.shared_, nullptr)),
        id_(std::move(other.id_)),
        token_(other.token_) {}
  ConversationGuard& operator=(ConversationGuard&&) = delete;
  ConversationGuard(const ConversationGuard&) = delete;
  ConversationGuard& operator=(const ConversationGuard&) = delete;
  ~ConversationGuard() { Release(); }

  // The shared lock's fencing token for the store's writes (ConversationPatch::fence); 0 while
  // only the local lock is held.
  std::uint64_t Fence() const { return shared_ != nullptr ? token_ : 0; }

  void Hold(ConversationLocks* shared, std::string id, std::uint64_t token) {
    shared_ = shared;
    id_ = std::move(id);
    token_ = token;
  }
  // Gives up the shared lock alone (a fenced write found it lost), keeping the local one.
  void ReleaseShared() {
    if (shared_ != nullptr) shared_->Release(id_, token_);
    shared_ = nullptr;
  }
  // Unlocks now (idempotent).
  void Release() {
    ReleaseShared();
    local_.Release();
  }

 private:
  KeyedMutex::Guard local_;
  ConversationLocks* shared_ = nullptr;
  std::string id_;
  std::uint64_t token_ = 0;
};

class EngineImpl final : public Engine {
 public:
  explicit EngineImpl(const EngineDeps& deps)
      : deps_(deps), demo_agents_(DemoAgents()), hot_(deps.cached_conversations) {}

  asio::awaitable<Result<Started>> StartConversation(Actor actor, StartOptions options) override {
    if (options.agent_id && !core::IsObjectId(*options.agent_id)) {
      co_return Error::NotFound("Agent not found");
    }
    std::optional<std::string> title;
    if (options.title) {
      const std::string cleaned_title = core::StripUnsafeControls(*options.title);
      const std::string_view t = core::TrimAscii(cleaned_title);
      if (!t.empty() && core::HasVisibleText(t)) {
        if (!core::IsValidUtf8(t) || core::Utf8Length(t) > kMaxTitleChars) {
          co_return Error::Validation(
              "Title cannot exceed 200 characters",
              json::object{{"title", "Title cannot exceed 200 characters"}});
        }
        title = std::string(t);
      }
    }
    auto started = co_await core::RunBlocking(
        *deps_.pool, [&]() -> Result<Started> { return StartBlocking(actor, options, title); });
    if (started) {
      Event e = MakeEvent(EventType::kConversationStarted, started->conversation);
      e.message = std::make_shared<const core::Message>(started->welcome);
      if (started->welcome_audio) {
        e.audio = std::make_shared<const voice::Audio>(*started->welcome_audio);
      }
      Publish(e);
    }
    co_return started;
  }

  asio::awaitable<Result<Turn>> HandleUserMessage(Actor actor, std::string conversation_id,
                                                  std::string content,
                                                  MessageOptions options) override {
    auto text = ValidateContent(content);
    if (!text) co_return text.error();
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound(kConversationNotFound);

    // The local lock here; the shared one (several processes) is tried first thing in the turn's
    // hop to the worker pool (one hop, not two), and waited for only when another process has it.
    auto guard = co_await LockLocal(conversation_id);
    bool shared_pending = deps_.conversation_locks != nullptr;

    // 1-6, in one hop to the worker pool (a turn waits for no other thread between its steps):
    // load (from the cache: no history read) and analyse the user message; the responder; the
    // messages, the analytics and the state committed. Before a slow responder (a model server)
    // the user message is committed and acknowledged first; with an immediate one (the built-in
    // responder) the whole turn is one commit, and the ack, the user message's event and the
    // buffered reply tokens follow it. Events are published from the worker, in order
    // (subscribers are thread-safe and non-blocking).
    EscalationReason reason = EscalationReason::kNone;
    std::shared_ptr<const core::Conversation> conversation;  // Set once the user message is stored.
    auto run_turn = [&]() -> Result<Turn> {
      auto loaded = LoadVisible(actor, conversation_id);
      if (!loaded) return loaded.error();
      Hot hot = **loaded;  // A private copy: the cache keeps the committed one.
      Turn turn;
      turn.agent = ResolveAgent(hot.conversation, hot.state);
      core::Message& m = turn.user_message;
      m.id = core::NewObjectId();
      m.conversation_id = conversation_id;
      m.role = core::MessageRole::kUser;
      m.content = *text;
      m.timestamp = deps_.clock->NowMs();
      m.audio_url = options.audio_url;
      {
        const core::StageTimer timer(deps_.metrics, core::TurnStage::kNlu);
        m.metadata = deps_.nlu->Analyze(m.content, &turn.agent);
      }
      const bool human_has_it = hot.conversation.status == core::ConversationStatus::kEscalated;
      if (!human_has_it) reason = DecideEscalation(hot.window, m);
      const bool respond = !human_has_it && reason == EscalationReason::kNone;
      const bool commit_first = respond && !deps_.responder->IsImmediate();
      // The user message is stored, acknowledged and announced.
      auto persisted = [&]() {
        if (options.on_persisted) options.on_persisted(m);
        conversation = std::make_shared<const core::Conversation>(hot.conversation);
        Publish(MessageEvent(conversation, m));
        Publish(TypingEvent(conversation, true, "assistant"));
      };
      auto store_alone = [&]() -> Result<void> {
        const core::StageTimer timer(deps_.metrics, core::TurnStage::kStore);
        Result<void> stored;
        if (guard.Fence() == 0) {
          stored = deps_.store->AppendMessage(m, hot.conversation.user_id);
        } else {
          store::ConversationPatch fenced;  // The message alone, fenced.
          fenced.fence = guard.Fence();
          auto written = deps_.store->AppendAndUpdate(
              {m}, conversation_id, hot.conversation.user_id, fenced, deps_.clock->NowMs());
          if (!written) stored = written.error();
        }
        if (!stored) hot_.Erase(conversation_id);  // Reloaded from the store on the next call.
        return stored;
      };
      if (commit_first) {
        if (auto r = store_alone(); !r) return r.error();
      }
      Apply(hot, m);
      if (commit_first) persisted();  // The cache is stale until the second commit.

      std::optional<llm::ResponderReply> reply;
      std::vector<std::string> held_tokens;  // An immediate responder's, until the commit.
      auto publish_token = [this, &conversation](std::string chunk) {
        Event e = MakeEvent(EventType::kToken, conversation);
        e.text = std::move(chunk);
        Publish(e);
      };
      // The responder's request: the agent, the window (with this message) and its state.
      llm::ResponderRequest req;
      req.agent = &turn.agent;
      req.history = &hot.window;
      req.analysis = *m.metadata;
      req.state_json = hot.state.responder;
      if (!human_has_it && !respond) {
        llm::ResponderReply r;
        r.text = std::string(HandoffText(reason));
        // An urgent message is handed over at once, but what the agent's knowledge says about
        // it is not held back ("If you smell gas, leave the property and call ..."): the
        // built-in responder's answer, which takes about a millisecond, comes first. A model
        // server is not waited for.
        if (reason == EscalationReason::kUrgent && deps_.responder->IsImmediate()) {
          const core::StageTimer timer(deps_.metrics, core::TurnStage::kResponder);
          if (auto said = deps_.responder->Respond(req, {}); said && !said->answer.empty()) {
            r.text = said->answer + " " + r.text;
          }
        }
        r.state_json = hot.state.responder;
        r.source = "escalation";
        r.offered_human = true;
        reply = std::move(r);
      } else if (respond) {
        // Tokens are published before the reply's kMessage.
        llm::TokenSink sink;
        if (deps_.events != nullptr) {
          sink = [&held_tokens, &publish_token, commit_first](std::string_view chunk) {
            if (commit_first) {
              publish_token(std::string(chunk));
            } else {
              held_tokens.emplace_back(chunk);
            }
          };
        }
        const core::StageTimer timer(deps_.metrics, core::TurnStage::kResponder);
        auto responded = deps_.responder->Respond(req, sink);
        if (!responded) {
          hot_.Erase(conversation_id);  // Reloaded (and re-derived) on the next call.
          // The customer's message is kept (and acknowledged) even without a reply.
          if (!commit_first) {
            if (auto r = store_alone(); !r) return r.error();
            persisted();
          }
          return responded.error();
        }
        reply = std::move(*responded);
        // A reply that says a person is taking over is kept: the conversation escalates with
        // it, so the promise is true and the inbox is told.
        if (reply->handoff) reason = EscalationReason::kHumanRequested;
      }
      std::vector<core::Message> appended;
      if (!commit_first) appended.push_back(m);
      if (reply) {
        core::Message r;
        r.id = core::NewObjectId();
        r.conversation_id = conversation_id;
        r.role = core::MessageRole::kAssistant;
        r.content = reply->text;
        r.timestamp = deps_.clock->NowMs();
        r.metadata = m.metadata;
        // The URL is decided (and stored) now; the file is written after the commit.
        if (options.want_audio && CanSpeak()) {
          r.audio_url = deps_.audio_store->UrlFor(hot.conversation.user_id, r.id, "mp3");
        }
        Apply(hot, r);
        hot.state.responder = reply->state_json;
        appended.push_back(r);
        turn.reply = std::move(r);
      }
      store::ConversationPatch patch;
      patch.fence = guard.Fence();
      patch.state_json = StateToJson(hot.state);
      if (hot.conversation.company.empty()) {
        const auto& meta = *m.metadata;
        if (!meta.company.empty() && meta.company_confidence >= deps_.company_min_confidence) {
          patch.company = meta.company;
        }
      }
      const int user_turns = hot.state.running->user_messages();
      if (hot.state.auto_title && (user_turns == 1 || user_turns == 3)) {
        patch.title = deps_.nlu->MakeTitle(hot.window);
      }
      if (reason != EscalationReason::kNone) {
        patch.status = core::ConversationStatus::kEscalated;
      } else if (hot.conversation.status == core::ConversationStatus::kCompleted ||
                 hot.conversation.status == core::ConversationStatus::kArchived) {
        patch.status = core::ConversationStatus::kActive;  // The customer came back.
      }
      // A turn keeps the conversation open: satisfaction by the outcome so far.
      patch.analytics =
          AnalyticsOf(*hot.state.running, patch.status.value_or(hot.conversation.status), 0);
      Result<core::Conversation> updated = [&] {
        const core::StageTimer timer(deps_.metrics, core::TurnStage::kStore);
        return deps_.store->AppendAndUpdate(appended, conversation_id, hot.conversation.user_id,
                                            patch, deps_.clock->NowMs());
      }();
      if (!updated) {
        hot_.Erase(conversation_id);
        return updated.error();
      }
      if (!commit_first) {
        persisted();
        for (std::string& chunk : held_tokens) publish_token(std::move(chunk));
      }
      hot.conversation = *updated;
      hot_.Put(conversation_id, std::make_shared<const Hot>(std::move(hot)));
      turn.conversation = std::move(*updated);
      return turn;
    };
    std::optional<Result<Turn>> outcome;
    int lost = 0;
    while (!outcome) {
      outcome = co_await core::RunBlocking(*deps_.pool, [&]() -> std::optional<Result<Turn>> {
        if (shared_pending && !TryShared(guard, conversation_id)) return std::nullopt;
        return run_turn();
      });
      if (!outcome) {  // Another process has the conversation: wait for it, then run the turn.
        co_await WaitShared(guard, conversation_id);
        shared_pending = false;
        continue;
      }
      // The store refused the commit: the shared lock was lost (held past its TTL on a loaded
      // machine while another process wrote). Nothing of the turn was stored or announced, so it
      // runs again under a fresh lock, on the conversation as the other process left it.
      if (!*outcome && outcome->error().code == "LOCK_LOST" && !conversation && ++lost <= 3) {
        guard.ReleaseShared();
        shared_pending = deps_.conversation_locks != nullptr;
        reason = EscalationReason::kNone;
        outcome.reset();
      }
    }
    Result<Turn>& finished = *outcome;
    if (!finished) {
      if (deps_.metrics != nullptr) deps_.metrics->TurnFailed();
      if (conversation) Publish(TypingEvent(conversation, false, "assistant"));
      co_return finished.error();
    }
    finished->escalated_now = reason != EscalationReason::kNone;
    if (deps_.metrics != nullptr) {
      deps_.metrics->TurnCompleted();
      if (finished->escalated_now) deps_.metrics->Escalated();
    }

    // 7. Events.
    auto after = std::make_shared<const core::Conversation>(finished->conversation);
    const bool speak = finished->reply && !finished->reply->audio_url.empty();
    if (finished->reply) {
      Event e = MessageEvent(after, *finished->reply);
      e.audio_pending = speak;
      Publish(e);
    }
    if (finished->escalated_now) {
      Event e = MakeEvent(EventType::kEscalated, after);
      e.text = EscalationReasonName(reason);
      Publish(e);
    }
    Publish(MakeEvent(EventType::kConversationUpdated, after));
    Publish(TypingEvent(after, false, "assistant"));

    // 8. Speech, outside the lock: the next message of this conversation does not wait for it.
    if (speak) {
      guard.Release();
      const core::Message& reply_message = *finished->reply;
      const core::Agent& agent = finished->agent;
      auto audio = co_await core::RunBlocking(*deps_.pool, [&] {
        return Speak(reply_message, agent, finished->conversation.user_id, after);
      });
      Event e = MessageEvent(after, reply_message);
      e.type = EventType::kReplyAudio;
      if (audio) {
        e.audio = std::make_shared<const voice::Audio>(*audio);
        finished->audio = std::move(*audio);
      }
      Publish(e);
    }
    co_return finished;
  }

  asio::awaitable<Result<AudioTurn>> HandleUserAudio(Actor actor, std::string conversation_id,
                                                     AudioMessage audio,
                                                     MessageOptions options) override {
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound(kConversationNotFound);
    std::string transcript(core::TrimAscii(audio.transcript));
    if (transcript.empty() && deps_.stt == nullptr) {
      co_return Error{core::ErrorKind::kUnprocessable,
                      "Transcript required: speech recognition is not enabled",
                      "TRANSCRIPT_REQUIRED", nullptr, 0};
    }
    if (deps_.audio_store == nullptr) co_return Error::Unavailable("Audio storage is not enabled");
    voice::SttBias bias;  // The answering agent's words, for the recogniser.
    auto saved = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<std::string> {
      auto conversation = deps_.store->GetConversation(conversation_id, "");
      if (!conversation) return NotFoundAs(conversation.error());
      if (!Visible(actor, *conversation)) return Error::NotFound(kConversationNotFound);
      if (transcript.empty()) {
        bias = SpeechBiasOf(*conversation);
      }
      return deps_.audio_store->Save(conversation->user_id, audio.bytes, audio.type.extension);
    });
    if (!saved) co_return saved.error();
    const std::string url = *saved;
    auto remove = [this, &url] {
      return core::RunBlocking(*deps_.pool, [this, &url] {
        deps_.audio_store->Remove(url);
        return true;
      });
    };
    if (transcript.empty()) {
      auto heard = co_await core::RunBlocking(*deps_.pool, [&] {
        const core::StageTimer timer(deps_.metrics, core::TurnStage::kStt);
        return deps_.stt->Transcribe(voice::Audio{audio.bytes, audio.type.mime_type}, bias);
      });
      if (heard) transcript = std::string(core::TrimAscii(*heard));
      if (!heard || transcript.empty()) {
        co_await remove();
        if (!heard) co_return heard.error();
        co_return Error{core::ErrorKind::kUnprocessable, "No speech was recognised in the audio",
                        "NO_SPEECH", nullptr, 0};
      }
    }
    if (audio.on_transcript) audio.on_transcript(transcript);
    options.audio_url = url;
    auto turn = co_await HandleUserMessage(actor, conversation_id, transcript, options);
    if (!turn) {
      co_await remove();
      co_return turn.error();
    }
    co_return AudioTurn{std::move(*turn), transcript, url};
  }

  asio::awaitable<Result<core::Message>> PostHumanMessage(Actor actor, std::string conversation_id,
                                                          std::string content) override {
    auto text = ValidateContent(content);
    if (!text) co_return text.error();
    if (!actor.visitor_id.empty() || !core::IsObjectId(conversation_id)) {
      co_return Error::NotFound(kConversationNotFound);
    }
    auto guard = co_await LockConversation(conversation_id);
    core::Conversation conversation;
    auto posted = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<core::Message> {
      auto loaded = LoadVisible(actor, conversation_id);
      if (!loaded) return loaded.error();
      Hot hot = **loaded;
      core::Message m;
      m.id = core::NewObjectId();
      m.conversation_id = conversation_id;
      m.role = core::MessageRole::kHuman;
      m.content = *text;
      m.timestamp = deps_.clock->NowMs();
      Apply(hot, m);
      store::ConversationPatch patch;
      patch.fence = guard.Fence();
      // A human answering takes the conversation over until it is handed back.
      patch.status = core::ConversationStatus::kEscalated;
      patch.analytics = AnalyticsOf(*hot.state.running, *patch.status, 0);
      patch.state_json = StateToJson(hot.state);
      auto updated = Commit(hot, {m}, patch);
      if (!updated) return updated.error();
      conversation = std::move(*updated);
      return m;
    });
    if (posted) {
      auto after = std::make_shared<const core::Conversation>(conversation);
      Publish(MessageEvent(after, *posted));
      Publish(MakeEvent(EventType::kConversationUpdated, after));
    }
    co_return posted;
  }

  asio::awaitable<Result<core::Conversation>> EndConversation(
      Actor actor, std::string conversation_id) override {
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound(kConversationNotFound);
    auto guard = co_await LockConversation(conversation_id);
    auto ended = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<core::Conversation> {
      auto loaded = LoadVisible(actor, conversation_id);
      if (!loaded) return loaded.error();
      Hot hot = **loaded;
      store::ConversationPatch patch;
      patch.fence = guard.Fence();
      patch.status = core::ConversationStatus::kCompleted;
      patch.ended_at = deps_.clock->NowMs();
      // Duration runs to the end; an escalated conversation keeps that outcome when it ends.
      patch.analytics = AnalyticsOf(*hot.state.running, hot.conversation.status, *patch.ended_at);
      if (hot.state.auto_title && hot.state.running->user_messages() > 0) {
        // Ending is not a turn: the title may read the whole conversation once.
        auto messages = deps_.store->ListMessages(conversation_id, "");
        if (!messages) return messages.error();
        patch.title = deps_.nlu->MakeTitle(*messages);
      }
      return Commit(hot, {}, patch);
    });
    if (ended) Publish(MakeEvent(EventType::kConversationUpdated, *ended));
    co_return ended;
  }

  asio::awaitable<Result<ConversationWithMessages>> GetConversation(
      Actor actor, std::string conversation_id) override {
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound(kConversationNotFound);
    co_return co_await core::RunBlocking(*deps_.pool, [&]() -> Result<ConversationWithMessages> {
      auto conversation = deps_.store->GetConversation(conversation_id, "");
      if (!conversation) return NotFoundAs(conversation.error());
      if (!Visible(actor, *conversation)) return Error::NotFound(kConversationNotFound);
      auto messages = deps_.store->ListMessages(conversation_id, "");
      if (!messages) return NotFoundAs(messages.error());
      return ConversationWithMessages{std::move(*conversation), std::move(*messages)};
    });
  }

  asio::awaitable<Result<std::vector<core::Conversation>>> ListConversations(
      Actor actor, store::ListOptions options) override {
    co_return co_await core::RunBlocking(*deps_.pool, [&] { return ListBlocking(actor, options); });
  }

  asio::awaitable<Result<std::vector<ConversationWithMessages>>> ListConversationsWithMessages(
      Actor actor, store::ListOptions options) override {
    co_return co_await core::RunBlocking(
        *deps_.pool, [&]() -> Result<std::vector<ConversationWithMessages>> {
          auto listed = ListBlocking(actor, options);
          if (!listed) return listed.error();
          std::vector<ConversationWithMessages> out;
          out.reserve(listed->size());
          for (core::Conversation& c : *listed) {
            auto messages = deps_.store->ListMessages(c.id, c.user_id);
            if (!messages) {
              if (messages.error().kind == core::ErrorKind::kNotFound) continue;  // Just deleted.
              return messages.error();
            }
            out.push_back(ConversationWithMessages{std::move(c), std::move(*messages)});
          }
          return out;
        });
  }

  asio::awaitable<Result<std::vector<core::Conversation>>> ListVisitorConversations(
      Actor actor, std::string agent_id) override {
    if (actor.visitor_id.empty()) co_return Error::NotFound(kConversationNotFound);
    store::ListOptions options;
    options.agent_id = agent_id;
    options.limit = 1000;
    co_return co_await core::RunBlocking(*deps_.pool, [&] { return ListBlocking(actor, options); });
  }

  asio::awaitable<Result<core::Conversation>> UpdateConversation(
      Actor actor, std::string conversation_id, std::optional<std::string> title,
      std::optional<core::ConversationStatus> status) override {
    if (!actor.visitor_id.empty() || !core::IsObjectId(conversation_id)) {
      co_return Error::NotFound(kConversationNotFound);
    }
    auto guard = co_await LockConversation(conversation_id);
    auto updated = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<core::Conversation> {
      auto loaded = LoadVisible(actor, conversation_id);
      if (!loaded) return loaded.error();
      if (!title && !status) return (*loaded)->conversation;
      Hot hot = **loaded;
      store::ConversationPatch patch;
      patch.fence = guard.Fence();
      patch.title = title;
      patch.status = status;
      if (title && hot.state.auto_title) {
        hot.state.auto_title = false;  // The user chose it: no automatic title replaces it.
        patch.state_json = StateToJson(hot.state);
      }
      return Commit(hot, {}, patch);
    });
    if (updated && (title || status)) {
      Publish(MakeEvent(EventType::kConversationUpdated, *updated));
    }
    co_return updated;
  }

  asio::awaitable<Result<Deleted>> DeleteConversation(Actor actor,
                                                      std::string conversation_id) override {
    if (!actor.visitor_id.empty() || !core::IsObjectId(conversation_id)) {
      co_return Error::NotFound(kConversationNotFound);
    }
    auto guard = co_await LockConversation(conversation_id);
    auto deleted = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<Deleted> {
      auto conversation = deps_.store->GetConversation(conversation_id, "");
      if (!conversation) return NotFoundAs(conversation.error());
      if (!Visible(actor, *conversation)) return Error::NotFound(kConversationNotFound);
      auto messages = deps_.store->ListMessages(conversation_id, "");
      if (!messages) return NotFoundAs(messages.error());
      hot_.Erase(conversation_id);
      if (auto r = deps_.store->DeleteConversation(conversation_id, conversation->user_id); !r) {
        return NotFoundAs(r.error());
      }
      Deleted d;
      d.conversation = std::move(*conversation);
      for (const core::Message& m : *messages) {
        if (m.audio_url.empty()) continue;
        d.audio_urls.push_back(m.audio_url);
        if (deps_.audio_store != nullptr) deps_.audio_store->Remove(m.audio_url);
      }
      return d;
    });
    if (deleted) Publish(MakeEvent(EventType::kConversationDeleted, deleted->conversation));
    co_return deleted;
  }

  asio::awaitable<Result<core::Conversation>> TakeOver(Actor actor,
                                                       std::string conversation_id) override {
    const std::optional<std::string> no_title;
    const std::optional<core::ConversationStatus> status = core::ConversationStatus::kEscalated;
    co_return co_await UpdateConversation(actor, conversation_id, no_title, status);
  }

  asio::awaitable<Result<voice::SttBias>> SpeechBias(Actor actor,
                                                     std::string conversation_id) override {
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound(kConversationNotFound);
    co_return co_await core::RunBlocking(*deps_.pool, [&]() -> Result<voice::SttBias> {
      auto conversation = deps_.store->GetConversation(conversation_id, "");
      if (!conversation) return NotFoundAs(conversation.error());
      if (!Visible(actor, *conversation)) return Error::NotFound(kConversationNotFound);
      return SpeechBiasOf(*conversation);
    });
  }

  asio::awaitable<Result<void>> RecordVoiceTurn(Actor actor, std::string conversation_id,
                                                VoiceTurnRecord record) override {
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound(kConversationNotFound);
    auto guard = co_await LockConversation(conversation_id);
    auto updated = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<core::Conversation> {
      auto loaded = LoadVisible(actor, conversation_id);
      if (!loaded) return loaded.error();
      Hot hot = **loaded;
      AddVoiceTurn(hot.state.voice, record);
      store::ConversationPatch patch;
      patch.fence = guard.Fence();
      patch.state_json = StateToJson(hot.state);
      return Commit(hot, {}, patch);
    });
    if (!updated) co_return updated.error();
    co_return Result<void>{};
  }

  asio::awaitable<Result<core::Conversation>> HandBack(Actor actor,
                                                       std::string conversation_id) override {
    const std::optional<std::string> no_title;
    const std::optional<core::ConversationStatus> status = core::ConversationStatus::kActive;
    co_return co_await UpdateConversation(actor, conversation_id, no_title, status);
  }

  asio::awaitable<Result<void>> SetTyping(Actor actor, std::string conversation_id,
                                          bool typing) override {
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound(kConversationNotFound);
    HotPtr hot = hot_.Get(conversation_id);
    if (hot == nullptr) {  // Not cached: load it under the lock, which caches it.
      auto guard = co_await LockConversation(conversation_id);
      auto loaded = co_await core::RunBlocking(
          *deps_.pool, [&]() -> Result<HotPtr> { return LoadVisible(actor, conversation_id); });
      if (!loaded) co_return loaded.error();
      hot = *loaded;
    }
    if (!Visible(actor, hot->conversation)) co_return Error::NotFound(kConversationNotFound);
    Publish(TypingEvent(std::make_shared<const core::Conversation>(hot->conversation), typing,
                        actor.visitor_id.empty() ? "human" : "customer"));
    co_return Result<void>{};
  }

  asio::awaitable<Result<Reanalyzed>> ReanalyzeSentiment(Actor actor) override {
    if (!actor.visitor_id.empty()) co_return Error::NotFound(kConversationNotFound);
    Reanalyzed result;
    store::ListOptions page;
    page.limit = 1000;
    for (;;) {
      auto listed = co_await core::RunBlocking(
          *deps_.pool, [&] { return deps_.store->ListConversations(actor.user_id, page); });
      if (!listed) co_return listed.error();
      for (const core::Conversation& c : *listed) {
        const std::string& id = c.id;
        auto guard = co_await LockConversation(id);
        auto changed = co_await core::RunBlocking(
            *deps_.pool, [&]() -> Result<std::optional<core::Conversation>> {
              return ReanalyzeBlocking(id, guard.Fence());
            });
        if (!changed) {
          if (changed.error().kind == core::ErrorKind::kNotFound) continue;  // Just deleted.
          co_return changed.error();
        }
        ++result.total;
        if (*changed) {
          ++result.updated;
          Publish(MakeEvent(EventType::kConversationUpdated, **changed));
        }
      }
      if (static_cast<int>(listed->size()) < page.limit) break;
      page.offset += page.limit;
    }
    co_return result;
  }

  asio::awaitable<Result<core::UserStats>> GetUserStats(Actor actor, std::string user_id,
                                                        store::StatsFilter filter) override {
    if (!actor.visitor_id.empty()) co_return Error::NotFound("User not found");
    if (user_id != actor.user_id && !actor.is_admin) {
      co_return Error::Forbidden("Unauthorized to access other user stats");
    }
    co_return co_await core::RunBlocking(
        *deps_.pool, [&] { return deps_.store->GetUserStats(user_id, filter); });
  }

 private:
  static Event MakeEvent(EventType type, std::shared_ptr<const core::Conversation> conversation) {
    Event e;
    e.type = type;
    e.conversation = std::move(conversation);
    return e;
  }
  static Event MakeEvent(EventType type, const core::Conversation& conversation) {
    return MakeEvent(type, std::make_shared<const core::Conversation>(conversation));
  }
  static Event MessageEvent(std::shared_ptr<const core::Conversation> conversation,
                            const core::Message& message) {
    Event e = MakeEvent(EventType::kMessage, std::move(conversation));
    e.message = std::make_shared<const core::Message>(message);
    return e;
  }
  static Event TypingEvent(std::shared_ptr<const core::Conversation> conversation, bool typing,
                           std::string_view who) {
    Event e = MakeEvent(EventType::kTyping, std::move(conversation));
    e.typing = typing;
    e.text = std::string(who);
    return e;
  }
  void Publish(const Event& event) {
    if (deps_.events != nullptr) deps_.events->OnEvent(event);
  }

  // A store error as the callers' contract words it: kNotFound says "Conversation not found".
  static Error NotFoundAs(Error error) {
    if (error.kind == core::ErrorKind::kNotFound) return Error::NotFound(kConversationNotFound);
    return error;
  }

  // Blocking; REQUIRES the conversation's lock. Returns the cached conversation, or loads it:
  // the conversation, its recent window and its running analytics (re-derived from the whole
  // history once when they are missing or do not cover every stored message, e.g. after a crash
  // between a turn's two commits), and caches it.
  Result<HotPtr> Load(const std::string& id) {
    if (HotPtr cached = hot_.Get(id)) return cached;
    auto conversation = deps_.store->GetConversation(id, "");
    if (!conversation) return NotFoundAs(conversation.error());
    Hot hot;
    hot.state = StateFromJson(conversation->state_json);
    const bool covered = hot.state.running.has_value() &&
                         hot.state.running->messages() == conversation->analytics.message_count;
    if (covered) {
      auto window = deps_.store->ListRecentMessages(id, "", deps_.window_messages);
      if (!window) return NotFoundAs(window.error());
      hot.window = std::move(*window);
    } else {
      auto all = deps_.store->ListMessages(id, "");
      if (!all) return NotFoundAs(all.error());
      RunningAnalytics running;
      for (const core::Message& m : *all) running.Add(m);
      hot.state.running = running;
      for (core::Message& m : *all) PushBounded(hot.window, std::move(m), deps_.window_messages);
    }
    hot.conversation = std::move(*conversation);
    auto ptr = std::make_shared<const Hot>(std::move(hot));
    hot_.Put(id, ptr);
    return ptr;
  }

  // Load, then kNotFound unless `actor` may see the conversation.
  Result<HotPtr> LoadVisible(const Actor& actor, const std::string& id) {
    auto hot = Load(id);
    if (!hot) return hot.error();
    if (!Visible(actor, (*hot)->conversation)) return Error::NotFound(kConversationNotFound);
    return hot;
  }

  // Applies a stored message to the in-memory state (not to the database).
  void Apply(Hot& hot, const core::Message& message) const {
    hot.state.running->Add(message);
    hot.conversation.analytics.message_count += 1;
    hot.conversation.updated_at = std::max(hot.conversation.updated_at, message.timestamp);
    PushBounded(hot.window, message, deps_.window_messages);
  }

  // Blocking; REQUIRES the lock. Appends `messages` and applies `patch` in one transaction, then
  // caches the result (`hot` already has the messages applied) or, on failure, forgets it.
  Result<core::Conversation> Commit(Hot& hot, const std::vector<core::Message>& messages,
                                    const store::ConversationPatch& patch) {
    const std::string id = hot.conversation.id;
    auto updated = deps_.store->AppendAndUpdate(messages, id, hot.conversation.user_id, patch,
                                                deps_.clock->NowMs());
    if (!updated) {
      hot_.Erase(id);
      return NotFoundAs(updated.error());
    }
    hot.conversation = *updated;
    hot_.Put(id, std::make_shared<const Hot>(hot));
    return updated;
  }

  Result<std::vector<core::Conversation>> ListBlocking(const Actor& actor,
                                                       const store::ListOptions& options) {
    if (!actor.visitor_id.empty()) {
      return deps_.store->ListVisitorConversations(actor.user_id, actor.visitor_id, options);
    }
    return deps_.store->ListConversations(actor.user_id, options);
  }

  // Blocking; REQUIRES the lock. Re-analyses the user messages of conversation `id` and stores
  // the new analytics. Returns the conversation if its sentiment changed, else nullopt.
  Result<std::optional<core::Conversation>> ReanalyzeBlocking(const std::string& id,
                                                              std::uint64_t fence) {
    auto conversation = deps_.store->GetConversation(id, "");
    if (!conversation) return conversation.error();
    auto messages = deps_.store->ListMessages(id, "");
    if (!messages) return messages.error();
    State state = StateFromJson(conversation->state_json);
    const core::Agent agent = ResolveAgent(*conversation, state);
    RunningAnalytics running;
    for (core::Message& m : *messages) {
      if (m.role == core::MessageRole::kUser) m.metadata = deps_.nlu->Analyze(m.content, &agent);
      running.Add(m);
    }
    state.running = running;
    store::ConversationPatch patch;
    patch.fence = fence;
    patch.analytics = AnalyticsOf(running, conversation->status, conversation->ended_at);
    patch.state_json = StateToJson(state);
    hot_.Erase(id);
    auto updated =
        deps_.store->UpdateConversation(id, conversation->user_id, patch, conversation->updated_at);
    if (!updated) return updated.error();
    if (updated->analytics.sentiment == conversation->analytics.sentiment) {
      return std::optional<core::Conversation>();
    }
    return std::optional<core::Conversation>(std::move(*updated));
  }

  const core::Agent* Sigma() const {
    for (const auto& a : demo_agents_) {
      if (a.name == "Sigma") return &a;
    }
    return nullptr;
  }

  // Blocking. Returns the agent that answers `conv`.
  core::Agent ResolveAgent(const core::Conversation& conv, const State& state) {
    if (state.ad_hoc) return *state.ad_hoc;
    if (!conv.agent_id.empty()) {
      auto agent = deps_.store->GetAgent(conv.agent_id, conv.user_id);
      if (agent) return std::move(*agent);
    }
    if (conv.is_call_simulator) {
      if (const auto* sigma = Sigma()) return *sigma;
    }
    return DefaultAgent();
  }

  // Blocking. What speech recognition should expect in `conv`: its answering agent's words.
  voice::SttBias SpeechBiasOf(const core::Conversation& conv) {
    return voice::AgentSttBias(ResolveAgent(conv, StateFromJson(conv.state_json)));
  }

  bool CanSpeak() const { return deps_.tts != nullptr && deps_.audio_store != nullptr; }

  // Blocking. Synthesises `message` with the agent's voice sentence by sentence, publishing each
  // sentence (WAV) as kSpeech when `conversation` is set, and stores the whole reply as MP3 at
  // message.audio_url (<owner>/<message id>.mp3). Returns the MP3, or nullopt when synthesis or
  // storage fails (quota included): the text reply stands without audio.
  std::optional<voice::Audio> Speak(const core::Message& message, const core::Agent& agent,
                                    const std::string& owner,
                                    const std::shared_ptr<const core::Conversation>& conversation) {
    if (!CanSpeak()) return std::nullopt;
    const core::StageTimer timer(deps_.metrics, core::TurnStage::kTts);
    voice::Pcm all;
    int sequence = 0;
    auto spoken =
        deps_.tts->SynthesizeStream(message.content, agent.voice, [&](const voice::Pcm& chunk) {
          if (sequence == 0) {
            all.sample_rate = chunk.sample_rate;
            all.channels = 1;
          }
          const voice::Pcm mono = voice::ToMonoRate(chunk, all.sample_rate);
          all.samples.insert(all.samples.end(), mono.samples.begin(), mono.samples.end());
          if (conversation != nullptr) {
            Event e = MessageEvent(conversation, message);
            e.type = EventType::kSpeech;
            e.sequence = sequence;
            e.audio = std::make_shared<const voice::Audio>(
                voice::Audio{voice::EncodeWav(mono), "audio/wav"});
            Publish(e);
          }
          ++sequence;
          return true;
        });
    if (!spoken || all.samples.empty()) return std::nullopt;
    auto mp3 = voice::EncodeMp3(all);
    if (!mp3) return std::nullopt;
    auto saved = deps_.audio_store->Save(owner, *mp3, "mp3", message.id);
    if (!saved) return std::nullopt;
    return voice::Audio{std::move(*mp3), "audio/mpeg"};
  }

  Result<Started> StartBlocking(const Actor& actor, const StartOptions& options,
                                const std::optional<std::string>& title) {
    State state;
    core::Agent agent;
    if (options.is_call_simulator) {
      const auto* sigma = Sigma();
      agent = sigma != nullptr ? *sigma : DefaultAgent();
    } else if (options.agent_id) {
      auto found = deps_.store->GetAgent(*options.agent_id, actor.user_id);
      if (!found) {
        if (found.error().kind == core::ErrorKind::kNotFound) {
          return Error::NotFound("Agent not found");
        }
        return found.error();
      }
      agent = std::move(*found);
    } else if (options.ad_hoc_agent) {
      agent = *options.ad_hoc_agent;
      state.ad_hoc = agent;
    } else {
      agent = DefaultAgent();
    }
    const core::TimeMs now = deps_.clock->NowMs();
    core::Conversation conv;
    conv.id = core::NewObjectId();
    conv.user_id = actor.user_id;
    conv.visitor_id = actor.visitor_id;
    conv.agent_id = agent.id;
    conv.is_call_simulator = options.is_call_simulator;
    conv.is_test = options.is_test;
    conv.company = agent.company;
    conv.status = core::ConversationStatus::kActive;
    state.auto_title = !title.has_value();
    if (title) {
      conv.title = *title;
    } else if (options.is_call_simulator) {
      conv.title = "Demo Call";
    } else {
      conv.title = "Chat with " + (agent.name.empty() ? std::string("Support") : agent.name);
    }
    conv.created_at = now;
    conv.updated_at = now;
    conv.analytics.satisfaction = 3;

    Started started;
    core::Message& welcome = started.welcome;
    welcome.id = core::NewObjectId();
    welcome.conversation_id = conv.id;
    welcome.role = core::MessageRole::kAssistant;
    welcome.content = deps_.responder->Welcome(agent);
    welcome.timestamp = now;
    const bool speak = options.want_audio && CanSpeak();
    if (speak) welcome.audio_url = deps_.audio_store->UrlFor(actor.user_id, welcome.id, "mp3");
    RunningAnalytics running;
    running.Add(welcome);
    state.running = running;
    conv.state_json = StateToJson(state);
    if (auto r = deps_.store->CreateConversation(conv); !r) return r.error();
    if (auto r = deps_.store->AppendMessage(welcome, actor.user_id); !r) return r.error();
    conv.analytics.message_count = 1;
    Hot hot;
    hot.conversation = conv;
    hot.state = std::move(state);
    hot.window.push_back(welcome);
    hot_.Put(conv.id, std::make_shared<const Hot>(std::move(hot)));
    // The welcome is short and the conversation is new (nobody waits on its lock): spoken here,
    // after it is stored.
    if (speak) started.welcome_audio = Speak(welcome, agent, actor.user_id, nullptr);
    started.conversation = std::move(conv);
    started.agent = std::move(agent);
    return started;
  }

  // The conversation's local lock, then (several processes) its shared lock: polled with a short
  // back-off while another process holds it; skipped while the lock service is unreachable.
  // Whatever this process cached about the conversation is dropped unless it wrote last.
  asio::awaitable<ConversationGuard> LockConversation(const std::string& id) {
    auto guard = co_await LockLocal(id);
    if (deps_.conversation_locks == nullptr) co_return std::move(guard);
    const bool acquired =
        co_await core::RunBlocking(*deps_.pool, [&] { return TryShared(guard, id); });
    if (!acquired) co_await WaitShared(guard, id);
    co_return std::move(guard);
  }

  asio::awaitable<ConversationGuard> LockLocal(const std::string& id) {
    auto local = co_await locks_.Lock(id);
    co_return ConversationGuard(std::move(local));
  }

  // One attempt at the shared lock (blocking: on the worker pool). False: another process has
  // it. True: held by `guard`, or the lock service is unreachable (the local lock alone).
  bool TryShared(ConversationGuard& guard, const std::string& id) {
    ConversationLocks* shared = deps_.conversation_locks;
    if (shared == nullptr) return true;
    const auto attempt = shared->TryAcquire(id);
    if (attempt.state == ConversationLocks::State::kBusy) return false;
    if (attempt.state == ConversationLocks::State::kAcquired) guard.Hold(shared, id, attempt.token);
    if (attempt.foreign_writer) hot_.Erase(id);
    return true;
  }

  // Polls the shared lock with a short back-off until TryShared succeeds.
  asio::awaitable<void> WaitShared(ConversationGuard& guard, const std::string& id) {
    auto delay = std::chrono::milliseconds(1);
    for (;;) {
      const auto executor = co_await asio::this_coro::executor;
      asio::steady_timer timer(executor, delay);
      co_await timer.async_wait(asio::use_awaitable);
      delay = std::min(delay * 2, std::chrono::milliseconds(20));
      if (co_await core::RunBlocking(*deps_.pool, [&] { return TryShared(guard, id); })) co_return;
    }
  }

  EngineDeps deps_;
  std::vector<core::Agent> demo_agents_;
  KeyedMutex locks_;
  HotCache hot_;
};

}  // namespace

core::Agent DefaultAgent() {
  core::Agent a;
  a.name = "Ava";
  a.company = "";
  a.personality = "warm, patient and concise";
  a.response_style = "friendly";
  a.company_info = "";
  return a;
}

std::unique_ptr<Engine> MakeEngine(const EngineDeps& deps) {
  return std::make_unique<EngineImpl>(deps);
}

Result<void> SeedDemoAgents(store::Store& store, const core::Clock& clock) {
  const core::TimeMs now = clock.NowMs();
  for (core::Agent agent : DemoAgents()) {
    auto existing = store.GetAgent(agent.id, "");
    if (existing) {
      agent.created_at = existing->created_at;
      agent.updated_at = existing->updated_at;
      if (auto r = store.UpdateAgent(agent); !r) return r.error();
      continue;
    }
    if (existing.error().kind != core::ErrorKind::kNotFound) return existing.error();
    agent.created_at = now;
    agent.updated_at = now;
    if (auto r = store.CreateAgent(agent); !r) return r.error();
  }
  return {};
}

std::optional<std::string> VoiceRecordJson(const core::Conversation& conversation) {
  const State state = StateFromJson(conversation.state_json);
  if (!state.voice.is_object()) return std::nullopt;
  return json::serialize(state.voice);
}

}  // namespace carevoice::engine
