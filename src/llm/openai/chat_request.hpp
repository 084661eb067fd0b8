#pragma once

// Builds OpenAI-compatible /chat/completions requests from an agent and a conversation, and
// reads the streamed chunks back. Pure functions.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "llm/local/dialogue_state.hpp"

namespace carevoice::llm::openai {

// Returns the approximate token count of `text` (about four characters a token).
int ApproxTokens(std::string_view text);

// Returns the system prompt for `agent`: identity (name, company), personality, response style,
// the agent's own systemPrompt, companyInfo, prompts[], knowledge Q&A and the grounding rules,
// plus the customer details already known from `state`. When the knowledge is larger than
// `knowledge_token_budget`, the items most relevant to `question` are kept.
std::string BuildSystemPrompt(const core::Agent& agent, const local::DialogueState& state,
                              std::string_view question, int knowledge_token_budget);

struct ChatMessage {
  std::string role;  // "user" | "assistant"
  std::string content;
};

// Returns the newest messages of `history` that fit `token_budget` (ApproxTokens(content) + 4
// each), oldest first. System messages are dropped (the system prompt is sent once, by the
// caller); "human" (a human agent's) messages become "assistant". The last user message is
// always kept, even if it alone exceeds the budget.
std::vector<ChatMessage> FitHistory(const std::vector<core::Message>& history, int token_budget);

// Returns the JSON body: {model, messages:[system, ...history], stream:true, max_tokens,
// temperature}.
std::string BuildRequestBody(std::string_view model, std::string_view system_prompt,
                             const std::vector<ChatMessage>& history, int max_tokens,
                             double temperature);

// One parsed "data:" event of a streamed completion.
struct StreamEvent {
  bool done = false;                 // "[DONE]" or a finish_reason.
  std::string content;               // The content delta; may be empty.
  std::optional<std::string> error;  // An {"error":{...}} event or malformed JSON.
};
StreamEvent ParseStreamEvent(std::string_view data);

// Returns the assistant content of a non-streamed completion body, or nullopt.
std::optional<std::string> ParseCompletionBody(std::string_view body);

// Returns the error message of an OpenAI-style error body ({"error":{"message":...}}), or "".
std::string ParseErrorMessage(std::string_view body);

}  // namespace carevoice::llm::openai
