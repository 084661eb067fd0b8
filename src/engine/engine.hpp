#pragma once

// The conversation pipeline and the one application service for conversations: the only place
// where a customer message becomes an answer, and the only writer of conversations. REST
// handlers, Socket.IO events, audio uploads and voice calls all call this interface; none of
// them touches the Store's conversations directly. Messages of one conversation are processed
// strictly in order, and every change is published, once committed, on EngineDeps::events.
//
// Authorisation: every call takes the acting Actor. A conversation the actor may not see is
// kNotFound, indistinguishable from a missing one. Staff (visitor_id empty) see their own
// conversations (admins: any); a visitor sees only conversations whose visitor_id is theirs.

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "core/time.hpp"
#include "engine/conversation_locks.hpp"
#include "engine/events.hpp"
#include "store/store.hpp"
#include "voice/audio_check.hpp"
#include "voice/audio_store.hpp"
#include "voice/tts.hpp"

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace carevoice::nlu {
class Nlu;
}  // namespace carevoice::nlu
namespace carevoice::llm {
class Responder;
}  // namespace carevoice::llm

namespace carevoice::engine {

// Who is acting. Admins may act on any user's conversation.
struct Actor {
  // The user acted for. For a visitor: the id of the agent's owner, who owns the conversation.
  std::string user_id;
  bool is_admin = false;
  // Non-empty: the actor is this anonymous visitor (a customer of a published agent). A visitor
  // sees only conversations with this visitor_id, and cannot post as a human, take over, hand
  // back, update, delete, signal staff typing or list the owner's conversations (kNotFound).
  std::string visitor_id = {};
};

struct StartOptions {
  std::optional<std::string> agent_id;
  bool is_call_simulator = false;  // Uses the demo agent "Sigma".
  bool is_test = false;            // An agent test chat: kept, listed, left out of the stats.
  std::optional<std::string> title;
  std::optional<core::Agent> ad_hoc_agent;  // Socket.IO agentInfo: an unsaved agent.
  bool want_audio = false;                  // Synthesise the welcome line.
};

struct Started {
  core::Conversation conversation;
  core::Message welcome;
  core::Agent agent;  // The agent answering (demo, saved or ad hoc).
  std::optional<voice::Audio> welcome_audio;
};

struct MessageOptions {
  std::string audio_url;  // Set on the stored user message (voice uploads).
  // Synthesise the reply. Its URL is stored with the reply; the audio is made after the reply is
  // committed, outside the conversation's lock, and published as kSpeech (per sentence) and
  // kReplyAudio; the Turn is returned once the file is written.
  bool want_audio = false;
  // Called once, on the caller's executor, as soon as the user message is durably stored
  // (committed: it survives a crash), before the reply exists. Not called when the message is
  // refused (validation, not found) or cannot be stored. Optional.
  std::function<void(const core::Message&)> on_persisted;
};

// A voice message (REST upload or Socket.IO user_audio).
struct AudioMessage {
  std::string bytes;       // The file as received.
  voice::AudioType type;   // As detected from the bytes (voice::DetectUploadedAudio).
  std::string transcript;  // "" = transcribe it with the Stt port.
  // Called once, on the caller's executor, with the transcript before the turn runs. Optional.
  std::function<void(const std::string&)> on_transcript;
};

struct Turn {
  core::Message user_message;
  std::optional<core::Message> reply;  // Empty when escalated and a human has taken over.
  core::Conversation conversation;     // After the turn (title, status, analytics).
  core::Agent agent;
  std::optional<voice::Audio> audio;
  bool escalated_now = false;  // This turn triggered escalation.
};

struct AudioTurn {
  Turn turn;
  std::string transcript;
  std::string audio_url;  // The stored upload.
};

// One turn of a live voice call (call/): its latencies and whether the reply was cut short.
struct VoiceTurnRecord {
  std::string reply_id;           // The assistant message spoken ("" when none).
  double voice_to_voice_ms = -1;  // End of the customer's speech → first reply audio byte sent.
  double decision_ms = -1;        // End of speech → end-of-turn decision (the silence hangover).
  double stt_ms = -1;             // End-of-turn decision → final transcript.
  double reply_ms = -1;           // Engine turn (NLU, reply, store).
  double tts_ms = -1;             // Synthesis of the first sentence.
  bool truncated = false;         // Barge-in: only `played_text` was heard.
  std::string played_text;        // With truncated: the sentences (or part) actually played.
  double played_ms = -1;          // With truncated: audio played before the barge-in.
};

// Returns the conversation's voice-call record ({turns: [...the last 50], totals}) kept in its
// engine state, or nullopt when it never had a voice call. Pure.
std::optional<std::string> VoiceRecordJson(const core::Conversation& conversation);

struct ConversationWithMessages {
  core::Conversation conversation;
  std::vector<core::Message> messages;  // In the order they were appended.
};

struct Deleted {
  core::Conversation conversation;      // Its last state.
  std::vector<std::string> audio_urls;  // Non-empty audio URLs of its messages (to remove).
};

struct Reanalyzed {
  int total = 0;    // Conversations looked at.
  int updated = 0;  // Conversations whose analytics sentiment changed.
};

class Engine {
 public:
  virtual ~Engine() = default;

  // Creates a conversation with its welcome message. A visitor's conversation gets their
  // visitor_id and belongs to actor.user_id (the agent's owner). Publishes kConversationStarted.
  virtual boost::asio::awaitable<core::Result<Started>> StartConversation(Actor actor,
                                                                          StartOptions options) = 0;

  // The single pipeline entry point: persist the user message (then options.on_persisted), NLU,
  // escalation, respond, speech, persist the reply and the analytics in one transaction. Its cost
  // does not grow with the conversation (a bounded window of recent messages, incremental
  // analytics). Publishes kMessage(user), kTyping(true, "assistant"), kToken..., kMessage(reply),
  // kEscalated (if it escalates now), kConversationUpdated, kTyping(false); kTyping(false) also
  // after an error once the user message is stored.
  virtual boost::asio::awaitable<core::Result<Turn>> HandleUserMessage(Actor actor,
                                                                       std::string conversation_id,
                                                                       std::string content,
                                                                       MessageOptions options) = 0;

  // A voice message: checks access, stores the file in the owner's audio folder (413
  // STORAGE_QUOTA_EXCEEDED over the quota), transcribes it when no transcript is given (422
  // TRANSCRIPT_REQUIRED without an Stt port; 415 UNSUPPORTED_AUDIO_CODEC for a container this
  // build cannot decode; 422 NO_SPEECH when nothing is recognised), calls
  // audio.on_transcript, then runs HandleUserMessage with the file's URL on the user message.
  // The file is removed again when no turn results.
  virtual boost::asio::awaitable<core::Result<AudioTurn>> HandleUserAudio(
      Actor actor, std::string conversation_id, AudioMessage audio, MessageOptions options) = 0;

  // A human (the owner or an admin) answers; the conversation becomes (or stays) escalated and
  // no bot reply follows. Publishes kMessage(human), kConversationUpdated.
  virtual boost::asio::awaitable<core::Result<core::Message>> PostHumanMessage(
      Actor actor, std::string conversation_id, std::string content) = 0;

  // Ends the conversation: duration, sentiment, satisfaction and title; status "completed".
  // Publishes kConversationUpdated.
  virtual boost::asio::awaitable<core::Result<core::Conversation>> EndConversation(
      Actor actor, std::string conversation_id) = 0;

  // Returns the conversation and all its messages.
  virtual boost::asio::awaitable<core::Result<ConversationWithMessages>> GetConversation(
      Actor actor, std::string conversation_id) = 0;

  // Returns the actor's conversations, newest first (a visitor: only theirs).
  virtual boost::asio::awaitable<core::Result<std::vector<core::Conversation>>> ListConversations(
      Actor actor, store::ListOptions options) = 0;

  // The same with every conversation's messages (the old backend's whole documents).
  virtual boost::asio::awaitable<core::Result<std::vector<ConversationWithMessages>>>
  ListConversationsWithMessages(Actor actor, store::ListOptions options) = 0;

  // Returns the visitor's conversations with agent `agent_id`, newest first. kNotFound unless
  // the actor is a visitor.
  virtual boost::asio::awaitable<core::Result<std::vector<core::Conversation>>>
  ListVisitorConversations(Actor actor, std::string agent_id) = 0;

  // Sets the title and/or status (REQUIRES: already validated; a title chosen here is never
  // replaced by an automatic one). With neither, returns the conversation unchanged. Publishes
  // kConversationUpdated when something was set.
  virtual boost::asio::awaitable<core::Result<core::Conversation>> UpdateConversation(
      Actor actor, std::string conversation_id, std::optional<std::string> title,
      std::optional<core::ConversationStatus> status) = 0;

  // Deletes the conversation and its messages. Publishes kConversationDeleted.
  virtual boost::asio::awaitable<core::Result<Deleted>> DeleteConversation(
      Actor actor, std::string conversation_id) = 0;

  // A human takes the conversation (status "escalated": the bot stays silent). Publishes
  // kConversationUpdated.
  virtual boost::asio::awaitable<core::Result<core::Conversation>> TakeOver(
      Actor actor, std::string conversation_id) = 0;

  // The human hands it back (status "active": the bot answers again). Publishes
  // kConversationUpdated.
  virtual boost::asio::awaitable<core::Result<core::Conversation>> HandBack(
      Actor actor, std::string conversation_id) = 0;

  // A staff member starts or stops typing: publishes kTyping{typing, text "human"}. Checks
  // access; no database read when the conversation is in the engine's cache.
  virtual boost::asio::awaitable<core::Result<void>> SetTyping(Actor actor,
                                                               std::string conversation_id,
                                                               bool typing) = 0;

  // Re-runs the NLU over the user messages of every conversation of actor.user_id and updates
  // each conversation's analytics (sentiment, satisfaction). Publishes kConversationUpdated for
  // each conversation whose sentiment changed.
  virtual boost::asio::awaitable<core::Result<Reanalyzed>> ReanalyzeSentiment(Actor actor) = 0;

  // Appends `record` to the conversation's voice-call record (bounded: the last 50 turns, plus
  // running totals). Checks access like GetConversation. No event is published.
  virtual boost::asio::awaitable<core::Result<void>> RecordVoiceTurn(Actor actor,
                                                                     std::string conversation_id,
                                                                     VoiceTurnRecord record) = 0;

  // What speech recognition should expect in the conversation: the words of the agent that
  // answers it (voice::AgentSttBias; a live call's domain biasing). Checks access like
  // GetConversation.
  virtual boost::asio::awaitable<core::Result<voice::SttBias>> SpeechBias(
      Actor actor, std::string conversation_id) = 0;

  // GET /api/conversations/stats/user/:userId over the conversations matching `filter`.
  // kForbidden for another user unless admin.
  virtual boost::asio::awaitable<core::Result<core::UserStats>> GetUserStats(
      Actor actor, std::string user_id, store::StatsFilter filter) = 0;
};

struct EngineDeps {
  store::Store* store = nullptr;             // REQUIRED
  nlu::Nlu* nlu = nullptr;                   // REQUIRED
  llm::Responder* responder = nullptr;       // REQUIRED
  voice::Tts* tts = nullptr;                 // Optional: no speech when null.
  voice::Stt* stt = nullptr;                 // Optional: voice messages need a transcript.
  voice::AudioStore* audio_store = nullptr;  // Optional: no speech and no uploads when null.
  EventSink* events = nullptr;               // Optional: the app passes its EventFeed.
  // Optional: turns, escalations and per-stage latencies (nlu, responder, tts, stt, store).
  core::Metrics* metrics = nullptr;
  boost::asio::thread_pool* pool = nullptr;  // REQUIRED: blocking work runs here.
  const core::Clock* clock = nullptr;        // REQUIRED
  double company_min_confidence = 0.5;       // A conversation's company: first detection >= this.
  // Recent messages kept per conversation for the responder and the escalation policy.
  int window_messages = 20;
  // Conversations kept in memory (conversation, dialogue state, window); 0 = none. The engine
  // must then be the only writer of conversations in the database (one process).
  std::size_t cached_conversations = 10'000;
  // Optional: a lock shared by several processes, taken after the local one around every
  // conversation write. A grant after another process's writes drops the cached conversation.
  ConversationLocks* conversation_locks = nullptr;
};

// REQUIRES: every REQUIRED dependency outlives the engine.
std::unique_ptr<Engine> MakeEngine(const EngineDeps& deps);

// Inserts or refreshes the built-in demo agents (Sigma and the company personas). Idempotent.
core::Result<void> SeedDemoAgents(store::Store& store, const core::Clock& clock);

// The agent that answers conversations created without one.
core::Agent DefaultAgent();

}  // namespace carevoice::engine
