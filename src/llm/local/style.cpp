#include "llm/local/style.hpp"

#include <array>

#include "core/strings.hpp"
#include "llm/local/text.hpp"

namespace carevoice::llm::local {
namespace {

// Columns: formal, casual, friendly, professional.
using Row = std::array<std::string_view, 4>;

Row Wording(Phrase phrase) {
  switch (phrase) {
    case Phrase::kAck:
      return {"Certainly.", "Sure thing!", "Of course, I'd be happy to help!",
              "Certainly, I can help with that."};
    case Phrase::kApology:
      return {"I sincerely apologise for the inconvenience.", "Ugh, sorry about that!",
              "I'm so sorry about that!", "I'm sorry for the trouble."};
    case Phrase::kEmpathy:
      return {"I understand how frustrating this must be.", "I totally get how annoying that is.",
              "I completely understand how frustrating this must be.",
              "I understand how frustrating this must be."};
    case Phrase::kUrgent:
      return {"I understand that this is urgent.", "Got it, this is urgent.",
              "I understand this is urgent, so let's move quickly.",
              "I understand this is urgent."};
    case Phrase::kAskOrder:
      return {"Could you please provide your order number?", "What's your order number?",
              "Could you share your order number so I can take a look?",
              "Could you share your order number?"};
    case Phrase::kAskEmail:
      return {"Could you please provide the email address associated with your account?",
              "What's the email on your account?",
              "Could you share the email address on your account?",
              "Could you share the email address associated with your account?"};
    case Phrase::kAnythingElse:
      return {"Is there anything further I may assist you with?", "Anything else I can do for you?",
              "Is there anything else I can help you with today?",
              "Is there anything else I can help you with?"};
    case Phrase::kThanksReply:
      return {"You are most welcome.", "No problem, glad to help!", "You're very welcome!",
              "You're welcome."};
    case Phrase::kGoodbye:
      return {"Thank you for contacting {company}. Good day.",
              "Thanks for stopping by. Catch you later!",
              "Thanks so much for chatting with {company}. Take care!",
              "Thank you for contacting {company}. Have a great day."};
    case Phrase::kGreeting:
      return {"Good day. I am {name} from {company}. How may I assist you today?",
              "Hey! I'm {name} from {company}. What can I help you with?",
              "Hi there! I'm {name} from {company}. How can I help you today?",
              "Hello, I'm {name} from {company}. How can I help you today?"};
    case Phrase::kNoKnowledge:
      return {"I am afraid I do not have that information.", "Hmm, I don't have info on that one.",
              "I'm sorry, I don't have details about that in my notes.",
              "I'm sorry, I don't have information about that."};
    case Phrase::kNoKnowledgeBare:
      return {"I do not have that information.", "I don't have info on that one.",
              "I don't have details about that in my notes.",
              "I don't have information about that."};
    case Phrase::kOfferHuman:
      return {"Would you like me to connect you with a member of our team?",
              "Want me to get a real person from the team to help?",
              "One of our team members would be happy to help. Would you like me to connect you "
              "with them?",
              "Would you like me to connect you with a member of our team who can help?"};
    case Phrase::kConnectHuman:
      return {"Certainly. I will connect you with a member of the {company} team.",
              "Sure, I'll get you a real person from the {company} team.",
              "Of course! I'll connect you with one of our {company} team members.",
              "Of course. I'll connect you with a member of the {company} team."};
    case Phrase::kHereIs:
      return {"Here is what I can tell you:", "Here's the deal:", "Here's what I can tell you:",
              "Here's what I can tell you:"};
  }
  return {"", "", "", ""};
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos;
       pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

}  // namespace

Voice Voice::Of(const core::Agent& agent) {
  Voice voice;
  const std::string style = core::ToLowerAscii(core::TrimAscii(agent.response_style));
  if (style == "formal") {
    voice.style = Style::kFormal;
  } else if (style == "casual") {
    voice.style = Style::kCasual;
  } else if (style == "friendly") {
    voice.style = Style::kFriendly;
  }
  const std::string personality = core::ToLowerAscii(agent.personality);
  auto mentions = [&](std::initializer_list<std::string_view> stems) {
    for (std::string_view stem : stems) {
      if (personality.find(stem) != std::string::npos) return true;
    }
    return false;
  };
  voice.empathetic = mentions({"empath", "caring", "warm", "compassion", "patient", "kind"});
  voice.upbeat = mentions({"enthusias", "energetic", "cheerful", "upbeat", "motivat", "bubbly"});
  voice.concise = mentions({"concise", "direct", "brief", "efficient", "to the point"});
  voice.name = std::string(core::TrimAscii(agent.name));
  voice.company = std::string(core::TrimAscii(agent.company));
  return voice;
}

std::string Voice::Say(Phrase phrase) const {
  std::string text(Wording(phrase)[static_cast<std::size_t>(style)]);
  ReplaceAll(text, "{name}", name.empty() ? "your assistant" : name);
  if (company.empty()) {
    ReplaceAll(text, "the {company} team", "our team");
    ReplaceAll(text, "our {company} team", "our team");
    ReplaceAll(text, "{company}", "us");
  } else {
    ReplaceAll(text, "{company}", company);
    // A name that ends in a full stop ("The Scoop Van Co.") ends the sentence too.
    if (company.back() == '.') ReplaceAll(text, company + ".", company);
  }
  if (company.empty() && phrase == Phrase::kGreeting) ReplaceAll(text, " from us", "");
  return text;
}

}  // namespace carevoice::llm::local
