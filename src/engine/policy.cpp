#include "engine/policy.hpp"

#include <array>
#include <cmath>

#include "core/strings.hpp"
#include "llm/handoff.hpp"

namespace carevoice::engine {
namespace {

bool IsWordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\''; }

// Returns true iff `phrase` occurs in `text` at word boundaries. Both lower-case.
bool ContainsPhrase(std::string_view text, std::string_view phrase) {
  std::size_t pos = 0;
  while ((pos = text.find(phrase, pos)) != std::string_view::npos) {
    const bool left_ok = pos == 0 || !IsWordChar(text[pos - 1]);
    const std::size_t end = pos + phrase.size();
    const bool right_ok = end >= text.size() || !IsWordChar(text[end]);
    if (left_ok && right_ok) return true;
    ++pos;
  }
  return false;
}

bool IsNegative(const core::Message& m) {
  if (!m.metadata) return false;
  return m.metadata->sentiment == "negative" || m.metadata->sentiment == "urgent";
}

}  // namespace

bool AsksForHuman(std::string_view text) {
  const std::string t = core::ToLowerAscii(text);
  static constexpr std::array<std::string_view, 8> kPeople = {
      "human", "person", "agent", "representative", "rep", "manager", "supervisor", "someone real"};
  static constexpr std::array<std::string_view, 12> kAsks = {
      "talk to",        "speak to", "speak with", "talk with", "connect me",  "transfer me",
      "put me through", "get me",   "i want a",   "i need a",  "let me talk", "can i talk"};
  bool asks = false;
  for (auto a : kAsks) {
    if (ContainsPhrase(t, a)) {
      asks = true;
      break;
    }
  }
  for (auto p : kPeople) {
    if (!ContainsPhrase(t, p)) continue;
    if (asks) return true;
    // Short standalone requests: "human please", "agent!", "representative".
    if (core::Utf8Length(core::TrimAscii(t)) <= p.size() + 10) return true;
  }
  return ContainsPhrase(t, "real person") || ContainsPhrase(t, "live agent") ||
         ContainsPhrase(t, "human being") || ContainsPhrase(t, "customer service representative");
}

EscalationReason DecideEscalation(const std::vector<core::Message>& history,
                                  const core::Message& latest) {
  if (latest.metadata && latest.metadata->sentiment == "urgent") return EscalationReason::kUrgent;
  if (AsksForHuman(latest.content) ||
      (latest.metadata && latest.metadata->fine_intent == "contact_human_agent")) {
    return EscalationReason::kHumanRequested;
  }
  if (llm::AcceptsOffer(latest.content)) {
    // "yes" to the assistant's offer of a person hands over.
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (it->role == "user") break;
      if (it->role == "assistant" && llm::OffersHandoff(it->content)) {
        return EscalationReason::kHumanRequested;
      }
    }
  }
  if (IsNegative(latest)) {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (it->role != "user") continue;
      if (IsNegative(*it)) return EscalationReason::kRepeatedNegative;
      break;
    }
  }
  return EscalationReason::kNone;
}

const char* EscalationReasonName(EscalationReason reason) {
  switch (reason) {
    case EscalationReason::kUrgent:
      return "urgent";
    case EscalationReason::kRepeatedNegative:
      return "repeated_negative";
    case EscalationReason::kHumanRequested:
      return "human_requested";
    case EscalationReason::kNone:
      return "none";
  }
  return "none";
}

std::int64_t ConversationDurationSeconds(const std::vector<core::Message>& messages) {
  const core::Message* first_user = nullptr;
  for (const auto& m : messages) {
    if (m.role == "user") {
      first_user = &m;
      break;
    }
  }
  if (first_user == nullptr || messages.empty()) return 0;
  const core::TimeMs diff = messages.back().timestamp - first_user->timestamp;
  if (diff <= 0) return 0;
  return static_cast<std::int64_t>(std::llround(static_cast<double>(diff) / 1000.0));
}

std::string FirstConfidentCompany(const std::vector<core::Message>& messages,
                                  double min_confidence) {
  for (const auto& m : messages) {
    if (m.role != "user" || !m.metadata) continue;
    if (!m.metadata->company.empty() && m.metadata->company_confidence >= min_confidence) {
      return m.metadata->company;
    }
  }
  return "";
}

}  // namespace carevoice::engine
