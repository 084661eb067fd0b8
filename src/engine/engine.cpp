#include "engine/engine.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
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
#include "voice/audio_file.hpp"

namespace carevoice::engine {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using core::Error;
using core::Result;

constexpr std::size_t kMaxContentChars = 10000;
constexpr std::size_t kMaxTitleChars = 200;

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
  return s;
}

// Returns the trimmed content, or a 400 with per-field details.
Result<std::string> ValidateContent(std::string_view content) {
  const std::string_view trimmed = core::TrimAscii(content);
  if (trimmed.empty()) {
    return Error::Validation("Message content is required",
                             json::object{{"content", "Message content is required"}});
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

int CountUserMessages(const std::vector<core::Message>& messages) {
  int n = 0;
  for (const auto& m : messages) n += m.role == "user" ? 1 : 0;
  return n;
}

class EngineImpl final : public Engine {
 public:
  explicit EngineImpl(const EngineDeps& deps) : deps_(deps), demo_agents_(DemoAgents()) {}

  asio::awaitable<Result<Started>> StartConversation(Actor actor, StartOptions options) override {
    if (options.agent_id && !core::IsObjectId(*options.agent_id)) {
      co_return Error::NotFound("Agent not found");
    }
    std::optional<std::string> title;
    if (options.title) {
      const std::string_view t = core::TrimAscii(*options.title);
      if (!t.empty()) {
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
    if (started && deps_.events != nullptr) {
      deps_.events->OnConversationUpdated(started->conversation);
    }
    co_return started;
  }

  asio::awaitable<Result<Turn>> HandleUserMessage(Actor actor, std::string conversation_id,
                                                  std::string content,
                                                  MessageOptions options) override {
    auto text = ValidateContent(content);
    if (!text) co_return text.error();
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound("Conversation not found");

    auto guard = co_await locks_.Lock(conversation_id);
    auto executor = co_await asio::this_coro::executor;
    const std::string owner = actor.is_admin ? std::string() : actor.user_id;

    // 1-2. Load, analyse and durably store the user message (metadata stored
    // with it).
    struct Loaded {
      core::Conversation conversation;
      core::Agent agent;
      State state;
      std::vector<core::Message> history;  // Before the turn; then the new messages are appended.
      core::Message user_message;
    };
    auto loaded = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<Loaded> {
      auto conv = deps_.store->GetConversation(conversation_id, owner);
      if (!conv) return conv.error();
      Loaded l;
      l.conversation = std::move(*conv);
      l.state = StateFromJson(l.conversation.state_json);
      l.agent = ResolveAgent(l.conversation, l.state);
      auto history = deps_.store->ListMessages(conversation_id, owner);
      if (!history) return history.error();
      l.history = std::move(*history);
      core::Message& m = l.user_message;
      m.id = core::NewObjectId();
      m.conversation_id = conversation_id;
      m.role = "user";
      m.content = *text;
      m.timestamp = deps_.clock->NowMs();
      m.audio_url = options.audio_url;
      m.metadata = deps_.nlu->Analyze(m.content, &l.agent);
      if (auto r = deps_.store->AppendMessage(m, owner); !r) return r.error();
      return l;
    });
    if (!loaded) co_return loaded.error();
    Loaded& l = *loaded;
    Emit([&](EventSink& e) { e.OnTyping(l.conversation, true); });

    Turn turn;
    turn.user_message = l.user_message;
    turn.agent = l.agent;

    const bool human_has_it = l.conversation.status == "escalated";
    EscalationReason reason = EscalationReason::kNone;
    std::optional<llm::ResponderReply> reply;
    if (!human_has_it) reason = DecideEscalation(l.history, l.user_message);
    l.history.push_back(l.user_message);  // From here on: every message, the new one last.
    if (!human_has_it) {
      if (reason != EscalationReason::kNone) {
        llm::ResponderReply r;
        r.text = std::string(HandoffText(reason));
        r.state_json = l.state.responder;
        r.source = "escalation";
        r.offered_human = true;
        reply = std::move(r);
      } else {
        // 3. The responder (streaming tokens to the event sink on the I/O
        // executor).
        auto conv_ptr = std::make_shared<const core::Conversation>(l.conversation);
        llm::TokenSink sink;
        if (deps_.events != nullptr) {
          sink = [executor, conv_ptr, events = deps_.events](std::string_view chunk) {
            asio::post(executor, [conv_ptr, events, s = std::string(chunk)] {
              events->OnToken(*conv_ptr, s);
            });
          };
        }
        auto responded = co_await core::RunBlocking(*deps_.pool, [&]() {
          llm::ResponderRequest req;
          req.agent = &l.agent;
          req.history = &l.history;
          req.analysis = *l.user_message.metadata;
          req.state_json = l.state.responder;
          return deps_.responder->Respond(req, sink);
        });
        if (!responded) {
          Emit([&](EventSink& e) { e.OnTyping(l.conversation, false); });
          co_return responded.error();
        }
        reply = std::move(*responded);
      }
    }

    // 4-6. Speech, the stored reply, analytics.
    auto finished = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<Turn> {
      std::vector<core::Message>& all = l.history;  // Every message, the new ones last.
      if (reply) {
        core::Message r;
        r.id = core::NewObjectId();
        r.conversation_id = conversation_id;
        r.role = "assistant";
        r.content = reply->text;
        r.timestamp = deps_.clock->NowMs();
        r.metadata = l.user_message.metadata;
        if (options.want_audio) {
          if (auto audio = Speak(r.content, l.agent, r.id); audio) {
            r.audio_url = audio->second;
            turn.audio = std::move(audio->first);
          }
        }
        if (auto a = deps_.store->AppendMessage(r, owner); !a) return a.error();
        all.push_back(r);
        turn.reply = std::move(r);
        l.state.responder = reply->state_json;
      }
      store::ConversationPatch patch;
      patch.analytics = ComputeAnalytics(all);
      patch.state_json = StateToJson(l.state);
      if (l.conversation.company.empty()) {
        if (auto company = FirstConfidentCompany(all, deps_.company_min_confidence);
            !company.empty()) {
          patch.company = company;
        }
      }
      const int user_turns = CountUserMessages(all);
      if (l.state.auto_title && (user_turns == 1 || user_turns == 3)) {
        patch.title = deps_.nlu->MakeTitle(all);
      }
      if (reason != EscalationReason::kNone) {
        patch.status = "escalated";
      } else if (l.conversation.status == "completed" || l.conversation.status == "archived") {
        patch.status = "active";  // The customer came back.
      }
      auto updated =
          deps_.store->UpdateConversation(conversation_id, owner, patch, deps_.clock->NowMs());
      if (!updated) return updated.error();
      turn.conversation = std::move(*updated);
      return std::move(turn);
    });
    if (!finished) {
      Emit([&](EventSink& e) { e.OnTyping(l.conversation, false); });
      co_return finished.error();
    }
    finished->escalated_now = reason != EscalationReason::kNone;

    // 7. Events.
    Emit([&](EventSink& e) {
      if (finished->reply) e.OnReply(finished->conversation, *finished->reply);
      if (reason != EscalationReason::kNone) {
        e.OnEscalation(finished->conversation, EscalationReasonName(reason));
      }
      e.OnConversationUpdated(finished->conversation);
      e.OnTyping(finished->conversation, false);
    });
    co_return finished;
  }

  asio::awaitable<Result<core::Message>> PostHumanMessage(Actor actor, std::string conversation_id,
                                                          std::string content) override {
    auto text = ValidateContent(content);
    if (!text) co_return text.error();
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound("Conversation not found");
    auto guard = co_await locks_.Lock(conversation_id);
    const std::string owner = actor.is_admin ? std::string() : actor.user_id;
    core::Conversation conversation;
    auto posted = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<core::Message> {
      auto conv = deps_.store->GetConversation(conversation_id, owner);
      if (!conv) return conv.error();
      core::Message m;
      m.id = core::NewObjectId();
      m.conversation_id = conversation_id;
      m.role = "human";
      m.content = *text;
      m.timestamp = deps_.clock->NowMs();
      if (auto r = deps_.store->AppendMessage(m, owner); !r) return r.error();
      auto messages = deps_.store->ListMessages(conversation_id, owner);
      if (!messages) return messages.error();
      store::ConversationPatch patch;
      patch.analytics = ComputeAnalytics(*messages);
      // A human answering takes the conversation over until it is handed
      // back.
      patch.status = "escalated";
      auto updated =
          deps_.store->UpdateConversation(conversation_id, owner, patch, deps_.clock->NowMs());
      if (!updated) return updated.error();
      conversation = std::move(*updated);
      return m;
    });
    if (posted) {
      Emit([&](EventSink& e) {
        e.OnReply(conversation, *posted);
        e.OnConversationUpdated(conversation);
      });
    }
    co_return posted;
  }

  asio::awaitable<Result<core::Conversation>> EndConversation(
      Actor actor, std::string conversation_id) override {
    if (!core::IsObjectId(conversation_id)) co_return Error::NotFound("Conversation not found");
    auto guard = co_await locks_.Lock(conversation_id);
    const std::string owner = actor.is_admin ? std::string() : actor.user_id;
    auto ended = co_await core::RunBlocking(*deps_.pool, [&]() -> Result<core::Conversation> {
      auto conv = deps_.store->GetConversation(conversation_id, owner);
      if (!conv) return conv.error();
      auto messages = deps_.store->ListMessages(conversation_id, owner);
      if (!messages) return messages.error();
      const State state = StateFromJson(conv->state_json);
      store::ConversationPatch patch;
      patch.analytics = ComputeAnalytics(*messages);
      patch.status = "completed";
      patch.ended_at = deps_.clock->NowMs();
      if (state.auto_title && CountUserMessages(*messages) > 0) {
        patch.title = deps_.nlu->MakeTitle(*messages);
      }
      return deps_.store->UpdateConversation(conversation_id, owner, patch, deps_.clock->NowMs());
    });
    if (ended) {
      Emit([&](EventSink& e) { e.OnConversationUpdated(*ended); });
    }
    co_return ended;
  }

 private:
  template <class Fn>
  void Emit(Fn&& fn) {
    if (deps_.events != nullptr) fn(*deps_.events);
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

  core::Analytics ComputeAnalytics(const std::vector<core::Message>& messages) const {
    core::Analytics a;
    a.duration = ConversationDurationSeconds(messages);
    a.message_count = static_cast<int>(messages.size());
    a.sentiment = deps_.nlu->ConversationSentiment(messages);
    a.satisfaction = deps_.nlu->EstimateSatisfaction(messages);
    return a;
  }

  // Blocking. Synthesises `text` and writes it under audio_dir. Returns the
  // audio and its URL, or nullopt when speech is unavailable or fails (the text
  // reply still goes out).
  std::optional<std::pair<voice::Audio, std::string>> Speak(const std::string& text,
                                                            const core::Agent& agent,
                                                            const std::string& id) {
    if (deps_.tts == nullptr) return std::nullopt;
    auto audio = deps_.tts->Synthesize(text, agent.voice);
    if (!audio) return std::nullopt;
    std::string ext = voice::AudioExtensionForMimeType(audio->mime_type);
    if (ext.empty()) ext = "wav";
    const std::string file = id + "." + ext;
    if (!deps_.audio_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(deps_.audio_dir, ec);
      std::ofstream out(std::filesystem::path(deps_.audio_dir) / file, std::ios::binary);
      out.write(audio->bytes.data(), static_cast<std::streamsize>(audio->bytes.size()));
      if (!out) return std::nullopt;
    }
    return std::make_pair(std::move(*audio), deps_.audio_url_prefix + file);
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
    conv.agent_id = agent.id;
    conv.is_call_simulator = options.is_call_simulator;
    conv.company = agent.company;
    conv.status = "active";
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
    conv.state_json = StateToJson(state);
    if (auto r = deps_.store->CreateConversation(conv); !r) return r.error();

    Started started;
    core::Message& welcome = started.welcome;
    welcome.id = core::NewObjectId();
    welcome.conversation_id = conv.id;
    welcome.role = "assistant";
    welcome.content = deps_.responder->Welcome(agent);
    welcome.timestamp = now;
    if (options.want_audio) {
      if (auto audio = Speak(welcome.content, agent, welcome.id); audio) {
        welcome.audio_url = audio->second;
        started.welcome_audio = std::move(audio->first);
      }
    }
    if (auto r = deps_.store->AppendMessage(welcome, actor.user_id); !r) return r.error();
    auto stored = deps_.store->GetConversation(conv.id, actor.user_id);
    started.conversation = stored ? std::move(*stored) : conv;
    started.agent = std::move(agent);
    return started;
  }

  EngineDeps deps_;
  std::vector<core::Agent> demo_agents_;
  KeyedMutex locks_;
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

}  // namespace carevoice::engine
