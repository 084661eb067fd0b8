#pragma once

// Pure conversation policies of the engine: escalation triggers and analytics. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"

namespace carevoice::engine {

// Returns true iff `text` explicitly asks for a person ("let me talk to a human", "speak to a
// manager", "real person please", "representative").
bool AsksForHuman(std::string_view text);

enum class EscalationReason { kNone, kUrgent, kRepeatedNegative, kHumanRequested };

// Returns why the conversation must be handed to a human after the user message `latest`
// (already analysed), given the earlier messages `history` (oldest first, without `latest`):
// urgent sentiment; two negative (or urgent) user turns in a row; an explicit request for a
// person (by text or by the fine intent "contact_human_agent"); or a plain "yes"
// (llm::AcceptsOffer) to the assistant's last message when it offered a person
// (llm::OffersHandoff).
EscalationReason DecideEscalation(const std::vector<core::Message>& history,
                                  const core::Message& latest);

// Returns a stable machine-readable name: "urgent", "repeated_negative", "human_requested".
const char* EscalationReasonName(EscalationReason reason);

// Returns the conversation duration in seconds as the old API computed it: the last message's
// time minus the first user message's time, rounded; 0 with no user message.
std::int64_t ConversationDurationSeconds(const std::vector<core::Message>& messages);

// Returns the first company detected in user messages with confidence >= `min_confidence`, or "".
std::string FirstConfidentCompany(const std::vector<core::Message>& messages,
                                  double min_confidence);

// The analytics of a conversation kept as running state, updated one message at a time, so that
// a turn never re-reads or re-analyses the history. After Add(m) for every message in append
// order, the accessors equal the full recomputation over those messages:
// ConversationDurationSeconds, nlu::AggregateSentiment and nlu::SatisfactionFromTrajectory of the
// user messages' metadata (a missing or unknown label counts as neutral).
class RunningAnalytics {
 public:
  void Add(const core::Message& message);

  int messages() const { return messages_; }
  int user_messages() const { return user_messages_; }
  std::int64_t DurationSeconds() const;
  // Duration up to the end of the conversation: to `ended_at` (0 = not ended) when it is later than
  // the last message.
  std::int64_t DurationSeconds(core::TimeMs ended_at) const;
  std::string Sentiment() const;
  double Satisfaction() const;
  // Satisfaction with the outcome of the conversation, not only its sentiment (issue 12 item 7):
  // answered and then thanked: at least 4.5; else escalated to a person: at most 2.5; else ended
  // (`ended`) with the customer's last message unanswered, or without a customer message
  // (abandoned): at most 2.0; otherwise Satisfaction().
  double ResolvedSatisfaction(bool escalated, bool ended) const;
  // Whether the last user message thanked after an earlier answer, and whether it got a reply.
  bool thanked() const { return thanked_; }
  bool answered() const { return answered_; }

  // A compact JSON object, and back; FromJson returns nullopt for anything malformed.
  std::string ToJson() const;
  static std::optional<RunningAnalytics> FromJson(std::string_view json);

 private:
  int messages_ = 0;
  int user_messages_ = 0;
  core::TimeMs first_user_at_ = 0;  // Meaningful when user_messages_ > 0.
  core::TimeMs last_at_ = 0;        // The last added message's timestamp.
  double weighted_ = 0;             // Sum of decay^age x score over user messages.
  double total_ = 0;                // Sum of decay^age.
  double last_score_ = 0;
  std::string first_label_;  // Labels of the first, second-to-last and last user messages.
  std::string prev_label_;
  std::string last_label_;
  bool answered_ = false;       // A reply (assistant or human) follows the last user message.
  bool ever_answered_ = false;  // Some user message got a reply.
  bool thanked_ = false;        // The last user message is thanks after an answer.
};

// The fine intent of a message that thanks.
inline constexpr std::string_view kThanksIntent = "thanks";

}  // namespace carevoice::engine
