#pragma once

// The hand-off contract between the responders and the engine. A responder never says that a
// person is taking over unless ResponderReply::handoff is set; otherwise it only *offers* one,
// with a closing question that OffersHandoff recognises. The engine escalates when the customer
// accepts that offer (AcceptsOffer on the next user message). Pure functions, thread-safe.

#include <string>
#include <string_view>

namespace carevoice::llm {

// Returns true iff assistant message `text` ends by offering to bring in a person ("Would you
// like me to connect you with a member of our team?", "... pass order #123 to our team?", or the
// same offer in Spanish, French, German, Portuguese or Italian).
bool OffersHandoff(std::string_view text);

// Returns true iff customer message `text` is a plain acceptance ("yes", "yes please", "ok do
// it", "sí", "oui", "ja", "sim"): short, affirmative, not negated and not a question.
bool AcceptsOffer(std::string_view text);

// Returns `text` in lower case without what the customer says of their own role ("I'm a property
// manager at a letting agency", "as an estate agent", "im the office supervisor"): a manager,
// agent, rep or supervisor named so is who is writing, no person asked for.
std::string WithoutOwnRole(std::string_view text);

}  // namespace carevoice::llm
