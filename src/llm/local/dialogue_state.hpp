#pragma once

// The dialogue state the responders keep between turns (ResponderRequest::state_json): slots
// the customer has given and the question the agent is waiting on. Serialised as a small JSON
// object; unknown or malformed input parses as a fresh state.

#include <optional>
#include <string>
#include <string_view>

namespace carevoice::llm::local {

struct DialogueState {
  std::string order_number;  // Normalised: "#12345" or "A1B2C3" (upper-case).
  std::string email;         // Lower-case.
  std::string phone;         // Digits, with a leading "+" if given.
  std::string name;
  std::string awaiting;       // The slot the agent asked for: "" | "order_number" | "email".
  std::string pending_topic;  // What the slot is for: "refund" | "cancel" | "track" | ...
  std::string last_topic;
  // The knowledge passage (index into KnowledgeIndex::passages()) of the last answer, and the
  // customer message it answered: the context of a short follow-up ("How much is it?").
  int last_entry = -1;
  std::string last_question;
  std::string language;  // The customer's language when it is not English ("es", "fr", ...).
  int turns = 0;
  int unanswered = 0;  // Consecutive turns the knowledge had no answer for.

  // Returns the state as a JSON object string.
  std::string ToJson() const;
  // Returns the parsed state; a fresh state for "" or malformed input.
  static DialogueState FromJson(std::string_view json);
};

// Returns the order number in `text`, normalised: "#12345", "order 12345", "order no. 12345",
// "order number is A1B2C3", "#A1B2-C3D4", a bare mixed code such as "A1B2C3". When
// `expecting` is true (the agent asked for it) a bare 4-20 digit number is accepted too.
std::optional<std::string> ExtractOrderNumber(std::string_view text, bool expecting);
// Returns the first e-mail address in `text`, lower-cased.
std::optional<std::string> ExtractEmail(std::string_view text);
// Returns the first phone number (10-15 digits, separators allowed) in `text`.
std::optional<std::string> ExtractPhone(std::string_view text);
// Returns the name in "my name is X", "I'm X (speaking|here)", "this is X", "call me X".
std::optional<std::string> ExtractName(std::string_view text);

// Updates the slots of `state` from customer message `text`. Returns true iff any slot changed.
bool UpdateSlots(DialogueState& state, std::string_view text);

}  // namespace carevoice::llm::local
