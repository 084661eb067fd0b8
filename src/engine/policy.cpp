#include "engine/policy.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <type_traits>

#include "core/strings.hpp"
#include "llm/handoff.hpp"
#include "nlu/sentiment.hpp"

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

// Returns true iff one of `phrases` occurs in `text` at word boundaries (ContainsPhrase).
bool ContainsAnyPhrase(std::string_view text, std::span<const std::string_view> phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](std::string_view p) { return ContainsPhrase(text, p); });
}

bool IsNegative(const core::Message& m) {
  if (!m.metadata) return false;
  return m.metadata->sentiment == "negative" || m.metadata->sentiment == "urgent";
}

// Returns true iff `m` tells of a fault or a snag and asks the business about it ("my old hard
// drive died, can you get the photos back off it?", "dropped my laptop and the screen cracked, how
// much to fix it", "he's gonna miss a few, do we just lose those or can he catch up another
// day"), with no sign of anger at the business: its negative words are the fault's, so it does not
// count towards two negative turns in a row (at a repair shop every message tells of one). Anger,
// a wait, a repeat or a threat still counts.
bool AsksToSeeToAFault(const core::Message& m) {
  const std::string t = core::ToLowerAscii(core::ReadText(m));
  static constexpr std::array<std::string_view, 24> kAsks = {
      "can you", "can u", "could you", "could u", "do you", "do u", "are you able", "how much",
      "what do i do", "what should i do", "is there", "will you", "would you", "what's the charge",
      "whats the charge", "can someone",
      // Whether an insurance covers it ("his teeth are not so good ... is this covered").
      "is this covered", "is it covered", "is that covered", "are we covered", "am i covered",
      "is he covered", "is she covered", "are they covered"};
  // Or asks what the customer may do ("can i watch from somewhere", "do we just lose those").
  static constexpr std::array<std::string_view, 9> kAsksMay = {
      "can i", "can we", "can he", "can she", "do we", "do i", "will i", "would i", "or can"};
  if (!ContainsAnyPhrase(t, kAsks) && !ContainsAnyPhrase(t, kAsksMay)) return false;
  static constexpr std::array<std::string_view, 26> kAnger = {
      "ridiculous", "unacceptable", "disgusting", "useless",    "rubbish",   "worst",  "joke",
      "appalling",  "terrible",     "awful",      "fed up",     "sick of",   "still",  "again",
      "nobody",     "no one",       "never",      "complain",   "complaint", "refund", "waiting",
      "waited",     "weeks",        "your fault", "you've had", "you broke"};
  const bool angry = ContainsAnyPhrase(t, kAnger);
  const std::string_view raw = m.content;
  const bool shouts = raw.find("!!") != std::string_view::npos;
  return !angry && !shouts;
}

// Returns true iff `m` names someone, or a way of reaching them: the model's request for a
// person needs one ("can i just bank transfer it" is read as one at 0.81 for "transfer").
bool NamesSomeoneToReach(const core::Message& m) {
  const std::string t = llm::WithoutOwnRole(core::ReadText(m));
  static constexpr std::array<std::string_view, 31> kSomeone = {
      "someone",   "somebody", "anyone",        "anybody", "person",      "people",   "human",
      "agent",     "staff",    "manager",       "team",    "rep",         "operator", "supervisor",
      "real",      "live",     "talk",          "speak",   "call",        "phone",    "ring",
      "chat",      "contact",  "reach",         "connect", "transfer me", "put me",   "pass me",
      "in charge", "boss",     "representative"};
  return ContainsAnyPhrase(t, kSomeone);
}

}  // namespace

bool AsksForHuman(std::string_view text) {
  const std::string t = llm::WithoutOwnRole(text);
  static constexpr std::array<std::string_view, 13> kPeople = {
      "human",          "person",          "agent",        "representative", "rep",
      "manager",        "supervisor",      "someone real", "in charge",      "boss",
      "someone senior", "somebody senior", "higher up"};
  // (Also someone of them to call back: "I want someone in charge to ring me back TODAY".)
  static constexpr std::array<std::string_view, 22> kAsks = {
      "talk to",        "speak to",       "speak with",      "talk with",       "connect me",
      "transfer me",    "put me through", "get me",          "i want a",        "i need a",
      "let me talk",    "can i talk",     "i want the",      "i want your",     "i demand",
      "i want someone", "i need someone", "i want somebody", "i need somebody", "call me back",
      "ring me back",   "phone me back"};
  const bool asks = ContainsAnyPhrase(t, kAsks);
  // Anyone at all to call back ("i want someone to call me back TODAY").
  static constexpr std::array<std::string_view, 3> kCallBack = {"call me back", "ring me back",
                                                                "phone me back"};
  if (ContainsAnyPhrase(t, kCallBack) &&
      (ContainsPhrase(t, "someone") || ContainsPhrase(t, "somebody"))) {
    return true;
  }
  // Someone who can actually sort it out, demanded ("get me someone who can actually sort it out
  // NOW"); not someone sent out ("can you get me someone out today" books a visit).
  // So is someone got at once ("get me someone NOW", "get someone here asap"), not out to a job
  // on a day ("get me someone out today").
  static constexpr std::array<std::string_view, 8> kDemanded = {
      "someone who can actually", "somebody who can actually", "get me someone now",
      "get me somebody now",      "get me someone right now",  "get someone here now",
      "get me someone asap",      "get someone here asap"};
  if (ContainsAnyPhrase(t, kDemanded)) return true;
  for (auto p : kPeople) {
    if (!ContainsPhrase(t, p)) continue;
    if (asks) return true;
    // Short standalone requests: "human please", "agent!", "representative".
    if (core::Utf8Length(core::TrimAscii(t)) <= p.size() + 10) return true;
  }
  // Someone of the business's staff, named by their trade, to talk to ("I'd like to speak to a
  // mechanic", "can I talk to the vet", "put me through to someone"): only with a verb of
  // talking or of passing the call on, since "I need an engineer" or "get me a technician" may be
  // a booking.
  static constexpr std::array<std::string_view, 7> kTalk = {
      "talk to", "speak to", "speak with", "talk with", "put me through", "transfer me", "pass me"};
  static constexpr std::array<std::string_view, 23> kStaff = {
      "someone",    "somebody",   "mechanic",  "technician",      "engineer", "advisor",
      "adviser",    "specialist", "owner",     "receptionist",    "doctor",   "dentist",
      "nurse",      "pharmacist", "vet",       "stylist",         "groomer",  "optician",
      "consultant", "operator",   "colleague", "member of staff", "whoever"};
  const bool talks = ContainsAnyPhrase(t, kTalk);
  // (One of them or several: "one of the nurses".)
  if (talks && std::any_of(kStaff.begin(), kStaff.end(), [&](std::string_view p) {
        return ContainsPhrase(t, p) || ContainsPhrase(t, std::string(p) + "s");
      })) {
    return true;
  }
  return ContainsPhrase(t, "real person") || ContainsPhrase(t, "live agent") ||
         ContainsPhrase(t, "human being") || ContainsPhrase(t, "customer service representative");
}

EscalationReason DecideEscalation(const std::vector<core::Message>& history,
                                  const core::Message& latest) {
  if (latest.metadata && latest.metadata->sentiment == "urgent") return EscalationReason::kUrgent;
  // The model's request for a person counts when it is sure of it: "looking for someone to
  // clean my flat" (0.45) asks for a cleaner, "can I have a natter with someone about my
  // situation" (0.65) for a consultation, "can I speak to someone" (0.95) for a person.
  constexpr double kSureOfAPerson = 0.7;
  if (AsksForHuman(core::ReadText(latest)) ||
      (latest.metadata && latest.metadata->fine_intent == "contact_human_agent" &&
       latest.metadata->confidence >= kSureOfAPerson && NamesSomeoneToReach(latest))) {
    return EscalationReason::kHumanRequested;
  }
  if (llm::AcceptsOffer(core::ReadText(latest))) {
    // "yes" to the assistant's offer of a person hands over.
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (it->role == core::MessageRole::kUser) break;
      if (it->role == core::MessageRole::kAssistant && llm::OffersHandoff(it->content)) {
        return EscalationReason::kHumanRequested;
      }
    }
  }
  const auto counts = [](const core::Message& m) { return IsNegative(m) && !AsksToSeeToAFault(m); };
  if (counts(latest)) {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (it->role != core::MessageRole::kUser) continue;
      if (counts(*it)) return EscalationReason::kRepeatedNegative;
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
    if (m.role == core::MessageRole::kUser) {
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
    if (m.role != core::MessageRole::kUser || !m.metadata) continue;
    if (!m.metadata->company.empty() && m.metadata->company_confidence >= min_confidence) {
      return m.metadata->company;
    }
  }
  return "";
}

namespace {

std::string_view KnownLabel(const core::Message& m) {
  if (!m.metadata) return "neutral";
  const std::string& label = m.metadata->sentiment;
  return label == "positive"   ? "positive"
         : label == "negative" ? "negative"
         : label == "urgent"   ? "urgent"
                               : "neutral";
}

}  // namespace

void RunningAnalytics::Add(const core::Message& message) {
  ++messages_;
  last_at_ = message.timestamp;
  if (message.role == core::MessageRole::kAssistant || message.role == core::MessageRole::kHuman) {
    if (user_messages_ > 0) answered_ = ever_answered_ = true;
    return;
  }
  if (message.role != core::MessageRole::kUser) return;
  thanked_ = ever_answered_ && message.metadata && message.metadata->fine_intent == kThanksIntent;
  answered_ = false;
  const std::string_view label = KnownLabel(message);
  const double score = message.metadata ? message.metadata->sentiment_score : 0.0;
  if (user_messages_ == 0) {
    first_user_at_ = message.timestamp;
    first_label_ = std::string(label);
  }
  ++user_messages_;
  weighted_ = score + nlu::kRecencyDecay * weighted_;
  total_ = 1.0 + nlu::kRecencyDecay * total_;
  prev_label_ = std::move(last_label_);
  last_label_ = std::string(label);
  last_score_ = score;
}

std::int64_t RunningAnalytics::DurationSeconds() const { return DurationSeconds(0); }

std::int64_t RunningAnalytics::DurationSeconds(core::TimeMs ended_at) const {
  if (user_messages_ == 0) return 0;
  const core::TimeMs diff = std::max(last_at_, ended_at) - first_user_at_;
  if (diff <= 0) return 0;
  return static_cast<std::int64_t>(std::llround(static_cast<double>(diff) / 1000.0));
}

double RunningAnalytics::ResolvedSatisfaction(bool escalated, bool ended) const {
  const double value = Satisfaction();
  if (thanked_) return std::max(value, 4.5);
  if (escalated) return std::min(value, 2.5);
  if (ended && (user_messages_ == 0 || !answered_)) return std::min(value, 2.0);
  return value;
}

// Mirrors nlu::AggregateSentiment.
std::string RunningAnalytics::Sentiment() const {
  if (user_messages_ == 0) return "neutral";
  if (last_label_ == "urgent") return "urgent";
  if (user_messages_ >= 2 && prev_label_ == "urgent" && last_label_ != "positive") return "urgent";
  const double score = weighted_ / total_;
  if (score >= nlu::kConversationThreshold) return "positive";
  if (score <= -nlu::kConversationThreshold) return "negative";
  return "neutral";
}

// Mirrors nlu::SatisfactionFromTrajectory.
double RunningAnalytics::Satisfaction() const {
  if (user_messages_ == 0) return 3.0;
  double value = 3.0 + nlu::kSatisfactionLastWeight * last_score_ +
                 nlu::kSatisfactionMeanWeight * (weighted_ / total_);
  const bool bad_start = first_label_ == "negative" || first_label_ == "urgent";
  if (user_messages_ >= 2 && bad_start && last_label_ == "positive") {
    value += nlu::kSatisfactionRecoveryBonus;
  }
  if (last_label_ == "negative") value = std::min(value, 2.5);
  if (last_label_ == "urgent") value = std::min(value, 1.5);
  value = std::clamp(value, 1.0, 5.0);
  return std::round(value * 10.0) / 10.0;
}

std::string RunningAnalytics::ToJson() const {
  boost::json::object o;
  o["n"] = messages_;
  o["u"] = user_messages_;
  o["fu"] = first_user_at_;
  o["la"] = last_at_;
  o["w"] = weighted_;
  o["t"] = total_;
  o["ls"] = last_score_;
  o["f"] = first_label_;
  o["p"] = prev_label_;
  o["l"] = last_label_;
  o["a"] = answered_;
  o["ea"] = ever_answered_;
  o["k"] = thanked_;
  return boost::json::serialize(o);
}

std::optional<RunningAnalytics> RunningAnalytics::FromJson(std::string_view json) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const boost::json::object& o = v.get_object();
  RunningAnalytics r;
  auto integer = [&](std::string_view key, auto& out) {
    const auto* f = o.if_contains(key);
    if (f == nullptr || !f->is_int64()) return false;
    out = static_cast<std::remove_reference_t<decltype(out)>>(f->get_int64());
    return true;
  };
  auto real = [&](std::string_view key, double& out) {
    const auto* f = o.if_contains(key);
    if (f == nullptr || !f->is_number()) return false;
    out = f->to_number<double>();
    return true;
  };
  auto text = [&](std::string_view key, std::string& out) {
    const auto* f = o.if_contains(key);
    if (f == nullptr || !f->is_string()) return false;
    out = std::string(f->get_string());
    return true;
  };
  if (!integer("n", r.messages_) || !integer("u", r.user_messages_) ||
      !integer("fu", r.first_user_at_) || !integer("la", r.last_at_) || !real("w", r.weighted_) ||
      !real("t", r.total_) || !real("ls", r.last_score_) || !text("f", r.first_label_) ||
      !text("p", r.prev_label_) || !text("l", r.last_label_)) {
    return std::nullopt;
  }
  // Added later: a state stored before them reads as false.
  auto flag = [&](std::string_view key, bool& out) {
    const auto* f = o.if_contains(key);
    out = f != nullptr && f->is_bool() && f->get_bool();
  };
  flag("a", r.answered_);
  flag("ea", r.ever_answered_);
  flag("k", r.thanked_);
  return r;
}

}  // namespace carevoice::engine
