#pragma once

// The domain types shared by every module. Plain data: no I/O, no JSON. Ids are 24-hex
// ObjectId-like strings (core/ids.hpp); times are TimeMs (core/time.hpp).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.hpp"

namespace carevoice::core {

// Closed sets are enums inside the process; their wire and column spellings are the old
// backend's strings, converted only at the edges (wire codecs, store rows, imports) with Name()
// and the Parse functions, which return nullopt for anything else.
enum class UserRole : std::uint8_t { kUser, kAdmin };
enum class MessageRole : std::uint8_t { kUser, kAssistant, kSystem, kHuman };
enum class ConversationStatus : std::uint8_t { kActive, kCompleted, kArchived, kEscalated };
// The statuses' spellings in enum order: the one list behind Name, Parse and the "must be one
// of" messages.
inline constexpr std::array<std::string_view, 4> kConversationStatusNames{"active", "completed",
                                                                          "archived", "escalated"};
// An agent's responseStyle values: the one list behind the API's validation and the dialogue
// evaluation's.
inline constexpr std::array<std::string_view, 4> kResponseStyleNames{"formal", "casual", "friendly",
                                                                     "professional"};

std::string_view Name(UserRole role);
std::string_view Name(MessageRole role);
std::string_view Name(ConversationStatus status);
std::optional<UserRole> ParseUserRole(std::string_view text);
std::optional<MessageRole> ParseMessageRole(std::string_view text);
std::optional<ConversationStatus> ParseConversationStatus(std::string_view text);

struct User {
  std::string id;
  std::string name;
  std::string email;          // Lower-cased and trimmed.
  std::string password_hash;  // bcrypt "$2a$/$2b$..." — never serialised to clients.
  std::string avatar;         // Empty = none.
  UserRole role = UserRole::kUser;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct AgentSettings {
  int max_tokens = 150;
  double temperature = 0.7;
};

struct KnowledgeItem {
  std::string question;
  std::string answer;
};

// A per-agent custom intent, learned from examples (Rasa-style).
struct CustomIntent {
  CustomIntent() = default;
  CustomIntent(std::string intent_name, std::vector<std::string> intent_examples,
               std::string intent_reply = {}, std::string intent_action = {})
      : name(std::move(intent_name)),
        examples(std::move(intent_examples)),
        reply(std::move(intent_reply)),
        action(std::move(intent_action)) {}

  std::string name;
  std::vector<std::string> examples;
  std::string reply;   // What the built-in responder says when the intent matches; "" = none.
  std::string action;  // "" (none) or "escalate": hand the conversation to a person.
};

struct Agent {
  std::string id;
  std::string user_id;  // Owner. Empty for built-in demo agents.
  std::string name;
  std::string company;
  std::string personality;
  std::string system_prompt;
  std::string response_style = "professional";  // formal|casual|friendly|professional
  AgentSettings settings;
  std::string company_info;          // Free-text knowledge; the old API's `companyInfo`.
  std::vector<std::string> prompts;  // The old API's `prompts[]`: extra knowledge lines.
  std::vector<KnowledgeItem> knowledge;
  std::vector<CustomIntent> intents;
  std::string voice;   // TTS voice name; empty = default.
  std::string avatar;  // Empty = none.
  bool is_demo = false;
  // Publishing (store: PublishAgent...): while `published`, anonymous visitors reach the agent
  // with `widget_key` ("wk_" + 32 base64url characters; "" = never published).
  bool published = false;
  std::string widget_key;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// What the NLU found in one message.
struct MessageMetadata {
  std::string sentiment;  // positive|negative|neutral|urgent
  double sentiment_score = 0;
  std::string intent;                // question|support|purchase|cancellation|general
  std::vector<std::string> intents;  // Coarse intents, primary first.
  std::string fine_intent;           // e.g. "cancel_order"; may be empty.
  std::string custom_intent;         // The agent's own intent name, if one matched.
  double confidence = 0;
  std::string company;            // Empty = none detected.
  double company_confidence = 0;  // In [0, 1]; 0 when no company was detected.
  // The message as analysed, its misspelt words corrected (nlu/spelling.hpp: "pamyent" ->
  // "payment"); empty when nothing was corrected. The responder and the escalation policy read
  // it (ReadText). Not stored: the message keeps what the customer wrote.
  std::string text = {};
};

struct Message {
  std::string id;
  std::string conversation_id;
  MessageRole role = MessageRole::kUser;
  std::string content;
  TimeMs timestamp = 0;
  std::string audio_url;  // Empty = none.
  std::optional<MessageMetadata> metadata;
};

// The text of customer message `m` as the NLU read it: corrected, else as written.
inline const std::string& ReadText(const Message& m) {
  return m.metadata && !m.metadata->text.empty() ? m.metadata->text : m.content;
}

struct Analytics {
  std::int64_t duration = 0;  // Seconds.
  int message_count = 0;
  std::string sentiment = "neutral";
  double satisfaction = 0;  // 1..5; 0 = not estimated yet.
};

struct Conversation {
  std::string id;
  std::string title;
  std::string user_id;
  std::string agent_id;  // Empty = none.
  std::string company;
  ConversationStatus status = ConversationStatus::kActive;
  Analytics analytics;
  bool is_call_simulator = false;
  // An agent test chat (POST /api/agents/:id/test): listed like any conversation, but left out of
  // the stats.
  bool is_test = false;
  std::string state_json;  // Engine-owned dialogue state (slots); opaque to other modules.
  // The anonymous visitor (a customer of a published agent) who talks in this conversation;
  // empty for a staff conversation. The conversation still belongs to user_id (the owner).
  std::string visitor_id;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  TimeMs ended_at = 0;  // 0 = not ended.
};

// A label and how many times it occurs.
struct NameCount {
  std::string name;
  int count = 0;
  bool operator==(const NameCount&) const = default;
};

// The per-user aggregate of GET /api/conversations/stats/user/:userId.
struct UserStats {
  int total_calls = 0;
  double average_duration = 0;  // Seconds.
  TimeMs last_activity = 0;     // 0 = none.
  int positive = 0;
  int negative = 0;
  int neutral = 0;
  int urgent = 0;
  int total_messages = 0;
  std::vector<std::string> companies;
  // Added for the dashboard (issue 15), over the same conversations:
  int escalated = 0;                      // Status escalated now, or a human ever replied.
  int rated = 0;                          // Conversations with a satisfaction estimate (> 0).
  double average_satisfaction = 0;        // Mean of those estimates; 0 when rated == 0.
  std::vector<NameCount> company_counts;  // Same order as `companies`.
  std::vector<NameCount> top_intents;     // Coarse intents of user messages, most frequent first.
  std::vector<NameCount> per_day;         // "YYYY-MM-DD" (in the filter's offset), oldest first.
  std::array<int, 24> hours{};            // User messages per hour of day (filter's offset).
};

}  // namespace carevoice::core
