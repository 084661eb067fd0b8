#pragma once

// Pure conversation policies of the engine: escalation triggers and analytics. No I/O.

#include <cstdint>
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

}  // namespace carevoice::engine
