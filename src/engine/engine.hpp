#pragma once

// The conversation pipeline: the one place where a customer message becomes an answer.
// REST POST /messages, Socket.IO user_message, audio uploads and voice calls all call
// Engine::HandleUserMessage. Messages of one conversation are processed strictly in order.

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "voice/tts.hpp"

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace carevoice::store {
class Store;
}  // namespace carevoice::store
namespace carevoice::nlu {
class Nlu;
}  // namespace carevoice::nlu
namespace carevoice::llm {
class Responder;
}  // namespace carevoice::llm

namespace carevoice::engine {

// Receives pipeline events (Socket.IO rooms, later). Called from I/O threads; must not block.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnTyping(const core::Conversation& /*conversation*/, bool /*typing*/) {}
  virtual void OnToken(const core::Conversation& /*conversation*/, std::string_view /*chunk*/) {}
  virtual void OnReply(const core::Conversation& /*conversation*/, const core::Message& /*reply*/) {
  }
  virtual void OnEscalation(const core::Conversation& /*conversation*/,
                            std::string_view /*reason*/) {}
  virtual void OnConversationUpdated(const core::Conversation& /*conversation*/) {}
};

// Who is acting. Admins may act on any user's conversation.
struct Actor {
  std::string user_id;
  bool is_admin = false;
};

struct StartOptions {
  std::optional<std::string> agent_id;
  bool is_call_simulator = false;  // Uses the demo agent "Sigma".
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
  std::string audio_url;    // Set on the stored user message (voice uploads).
  bool want_audio = false;  // Synthesise the reply.
};

struct Turn {
  core::Message user_message;
  std::optional<core::Message> reply;  // Empty when escalated and a human has taken over.
  core::Conversation conversation;     // After the turn (title, status, analytics).
  core::Agent agent;
  std::optional<voice::Audio> audio;
  bool escalated_now = false;  // This turn triggered escalation.
};

class Engine {
 public:
  virtual ~Engine() = default;

  // Creates a conversation with its welcome message.
  virtual boost::asio::awaitable<core::Result<Started>> StartConversation(Actor actor,
                                                                          StartOptions options) = 0;

  // The single pipeline entry point: persist the user message, NLU, respond, speech, persist the
  // reply, update analytics, emit events. kNotFound for another user's conversation.
  virtual boost::asio::awaitable<core::Result<Turn>> HandleUserMessage(Actor actor,
                                                                       std::string conversation_id,
                                                                       std::string content,
                                                                       MessageOptions options) = 0;

  // A human (the owner or an admin) answers in an escalated conversation; no bot reply follows.
  virtual boost::asio::awaitable<core::Result<core::Message>> PostHumanMessage(
      Actor actor, std::string conversation_id, std::string content) = 0;

  // Ends the conversation: duration, sentiment, satisfaction and title; status "completed".
  virtual boost::asio::awaitable<core::Result<core::Conversation>> EndConversation(
      Actor actor, std::string conversation_id) = 0;
};

struct EngineDeps {
  store::Store* store = nullptr;             // REQUIRED
  nlu::Nlu* nlu = nullptr;                   // REQUIRED
  llm::Responder* responder = nullptr;       // REQUIRED
  voice::Tts* tts = nullptr;                 // Optional: no speech when null.
  EventSink* events = nullptr;               // Optional.
  boost::asio::thread_pool* pool = nullptr;  // REQUIRED: blocking work runs here.
  const core::Clock* clock = nullptr;        // REQUIRED
  std::string audio_dir;                     // Where synthesised replies are written.
  std::string audio_url_prefix = "/public/audio/";
  double company_min_confidence = 0.5;  // A conversation's company: first detection >= this.
};

// REQUIRES: every REQUIRED dependency outlives the engine.
std::unique_ptr<Engine> MakeEngine(const EngineDeps& deps);

// Inserts or refreshes the built-in demo agents (Sigma and the company personas). Idempotent.
core::Result<void> SeedDemoAgents(store::Store& store, const core::Clock& clock);

// The agent that answers conversations created without one.
core::Agent DefaultAgent();

}  // namespace carevoice::engine
