#pragma once

// The Responder port: produces the agent's reply to the latest user message. Adapters:
// local/ (built-in, knowledge-grounded, default) and openai/ (any OpenAI-compatible endpoint,
// streaming, falling back to local on failure).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"

namespace carevoice::llm {

struct ResponderRequest {
  const core::Agent* agent = nullptr;                   // REQUIRED non-null.
  const std::vector<core::Message>* history = nullptr;  // REQUIRED; oldest first; ends with the
                                                        // user message being answered.
  core::MessageMetadata analysis;                       // The NLU result of the last user message.
  std::string state_json;  // Dialogue state from the previous turn ("" = fresh).
};

struct ResponderReply {
  std::string text;
  std::string state_json;      // Dialogue state to store for the next turn.
  std::string source;          // "local" | "openai" | "local-fallback"
  bool offered_human = false;  // The reply offers a person (a question; nothing happened yet).
  // The reply says the conversation is being handed to a person now. REQUIRES of the caller:
  // set the conversation to `escalated` and emit the hand-off (escalation) event, exactly as for
  // an engine-decided escalation. A responder sets it only when the customer accepted an offer
  // the engine did not recognise, or an agent instruction demands it.
  bool handoff = false;
  // What the reply states from the agent's knowledge, its sentences as said ("" when it states
  // none, or the responder does not tell). The engine puts it before an urgent hand-off: "If you
  // smell gas, leave the property and call 0800 111 999." is not held back for the person.
  std::string answer;
};

// Receives reply text chunks as they are produced, in order. Called on the responder's thread.
using TokenSink = std::function<void(std::string_view chunk)>;

class Responder {
 public:
  virtual ~Responder() = default;
  // Blocking: run it on the worker pool. `on_token` may be empty. Never throws.
  virtual core::Result<ResponderReply> Respond(const ResponderRequest& request,
                                               const TokenSink& on_token) = 0;
  // Returns the agent's welcome line for a new conversation.
  virtual std::string Welcome(const core::Agent& agent) = 0;
  // True when Respond runs in-process in about a millisecond (no network, no model server). The
  // engine then stores a turn's user message and reply in one commit; before a slow responder it
  // commits (and acknowledges) the user message first, so that nobody waits for the model.
  virtual bool IsImmediate() const { return false; }
};

}  // namespace carevoice::llm
