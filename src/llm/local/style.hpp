#pragma once

// The agent's voice: wording per responseStyle (formal|casual|friendly|professional) and a few
// personality traits read from the free-text personality ("empathetic", "enthusiastic",
// "concise", ...). Formal wording uses no contractions.

#include <string>
#include <string_view>

#include "core/domain.hpp"

namespace carevoice::llm::local {

enum class Phrase {
  kAck,              // "Certainly." / "Sure thing!"
  kApology,          // "I'm sorry for the trouble."
  kEmpathy,          // "I understand how frustrating this must be."
  kUrgent,           // "I understand this is urgent."
  kAskOrder,         // Ask for the order number.
  kAskEmail,         // Ask for the account e-mail.
  kAnythingElse,     // Closing question.
  kThanksReply,      // Reply to thanks.
  kGoodbye,          // Farewell; "{company}" is replaced.
  kGreeting,         // Welcome; "{name}", "{company}" replaced.
  kNoKnowledge,      // Honest "I don't have that information".
  kNoKnowledgeBare,  // The same without an apology, after one ("I don't have info on that one.").
  kOfferHuman,       // Offer to connect a person.
  kConnectHuman,     // "I'll connect you with a member of our team."
  kHereIs,           // Lead-in before a knowledge answer.
};

enum class Style { kFormal, kCasual, kFriendly, kProfessional };

struct Voice {
  Style style = Style::kProfessional;
  bool empathetic = false;  // personality mentions empathy, warmth, patience, care
  bool upbeat = false;      // enthusiastic, energetic, cheerful, motivational
  bool concise = false;     // concise, direct, brief, efficient
  std::string name;         // The agent's name ("" -> "your assistant").
  std::string company;      // The company ("" -> "our company").

  // Returns the voice of `agent`.
  static Voice Of(const core::Agent& agent);

  // Returns the wording of `phrase` in this voice, with {name} and {company} filled in.
  std::string Say(Phrase phrase) const;
};

}  // namespace carevoice::llm::local
