#include "llm/local/local_responder.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/strings.hpp"
#include "llm/handoff.hpp"
#include "llm/local/ages.hpp"
#include "llm/local/dialogue_state.hpp"
#include "llm/local/knowledge_index.hpp"
#include "llm/local/language.hpp"
#include "llm/local/related_words.hpp"
#include "llm/local/style.hpp"
#include "llm/local/text.hpp"
#include "llm/local/wordnet_related.hpp"

namespace carevoice::llm {
namespace {

using local::ContainsAnyWord;
using local::DialogueState;
using local::Hit;
using local::KnowledgeIndex;
using local::Phrase;
using local::QueryTerm;
using local::Voice;

// Puts first, keeping their order, the hits whose passage `holds` among those covered nearly
// as well as the best (the age or time of day the message gives picks the passage whose bracket
// holds it, but not one the part covers by much less than the best).
template <typename Holds>
void PutFirstAmongTheNearlyAsCovered(std::vector<Hit>& hits, Holds holds) {
  if (hits.empty()) return;
  constexpr double kNearlyAsWell = 0.9;
  const double best = hits.front().coverage;
  std::stable_partition(hits.begin(), hits.end(), [&](const Hit& hit) {
    return holds(*hit.passage) && hit.coverage >= kNearlyAsWell * best;
  });
}

enum class Topic {
  kQuestion,  // Anything else: answered from the knowledge.
  kGreeting,
  kThanks,
  kGoodbye,
  kChitchat,
  kBotCheck,  // "Are you a bot?"
  kHuman,
  kComplaint,
  kRefund,
  kReturn,
  kCancel,
  kTrack,
  kChangeOrder,
  kInvoice,
  kAccount,
  kPayment,
  kPurchase,
  kHours,               // Opening/support hours.
  kCancelSubscription,  // Only as a pending topic: a plan/membership cancellation.
};

constexpr std::array kTopicNames = {"question",
                                    "greeting",
                                    "thanks",
                                    "goodbye",
                                    "chitchat",
                                    "botcheck",
                                    "human",
                                    "complaint",
                                    "refund",
                                    "return",
                                    "cancel",
                                    "track",
                                    "change_order",
                                    "invoice",
                                    "account",
                                    "payment",
                                    "purchase",
                                    "hours",
                                    "cancel_subscription"};

std::string_view TopicName(Topic t) { return kTopicNames[static_cast<std::size_t>(t)]; }

Topic TopicFromName(std::string_view name) {
  for (std::size_t i = 0; i < kTopicNames.size(); ++i) {
    if (kTopicNames[i] == name) return static_cast<Topic>(i);
  }
  return Topic::kQuestion;
}

// The noun used in replies: "refund", "return", "cancellation", ...
std::string_view RequestNoun(Topic t) {
  switch (t) {
    case Topic::kRefund:
      return "refund";
    case Topic::kReturn:
      return "return";
    case Topic::kCancel:
    case Topic::kCancelSubscription:
      return "cancellation";
    case Topic::kChangeOrder:
      return "order change";
    case Topic::kInvoice:
      return "invoice";
    default:
      return "request";
  }
}

struct Cues {
  std::string lower;  // The message, lower-cased.
  // The message with a comma before each unpunctuated question (MarkUnpunctuatedQuestions).
  std::string marked;
  bool greeting_only = false;
  bool thanks = false;
  bool goodbye = false;
  bool complaint = false;
  bool hypothetical = false;  // Asks what would happen ("what if it gets ruined").
  bool urgent = false;
  bool yes = false;
  bool no = false;
  // A clause opens as a question, with or without its question mark ("hi, I run a cafe. do you
  // do visits for businesses").
  bool asks = false;
  bool policy_question = false;     // Asks about a policy rather than making a request.
  bool subscription = false;        // About a plan/membership rather than an order.
  bool lacks_order_number = false;  // "I don't have my order number".
  bool asks_cheapest = false;       // Asks for the cheapest ("whats the cheapest one u have").
};

bool HasAny(const std::string& lower, std::initializer_list<std::string_view> words) {
  return ContainsAnyWord(lower, std::vector<std::string_view>(words));
}

bool HasSubstring(const std::string& lower, std::initializer_list<std::string_view> parts) {
  return std::any_of(parts.begin(), parts.end(),
                     [&](std::string_view p) { return lower.find(p) != std::string::npos; });
}

// Returns true iff `word` (lower case) is one a question opens with ("can", "is", "what", ...).
bool OpensAQuestion(std::string_view word) {
  static constexpr std::array<std::string_view, 28> kQuestionWords = {
      "how",     "what", "when",  "where", "which", "who",   "why",    "can",  "could", "is",
      "are",     "do",   "does",  "will",  "would", "whats", "what's", "hows", "how's", "wheres",
      "where's", "whos", "who's", "wat",   "wot",   "wats",  "wots",   "wich"};
  return std::find(kQuestionWords.begin(), kQuestionWords.end(), word) != kQuestionWords.end();
}

// Returns the index of the first of `words` after at most `most` words that lead into what
// follows ("also", "and", "oh", "so", ...), or of the last word when all of them lead in.
std::size_t AfterLeadIn(const std::vector<std::string>& words, std::size_t most) {
  static constexpr std::array<std::string_view, 9> kLeadIns = {
      "also", "and", "oh", "ok", "okay", "so", "but", "plus", "right"};
  std::size_t at = 0;
  while (at < most && at + 1 < words.size() &&
         std::ranges::find(kLeadIns, words[at]) != kLeadIns.end()) {
    ++at;
  }
  return at;
}

// Returns true iff `text` opens with `word`, after any lead-in ("and", "but", "so", "ok") or none.
bool OpensWith(std::string_view text, std::string_view word) {
  const std::vector<std::string> words = local::Tokenize(text);
  const std::size_t at = AfterLeadIn(words, words.size());
  return at < words.size() && words[at] == word;
}

// Returns true iff `text` opens as a question does ("can you ...", "is there ...", "what ..."),
// with or without its question mark.
bool OpensAsAQuestion(std::string_view text) {
  const std::vector<std::string> words = local::Tokenize(text);
  return !words.empty() && OpensAQuestion(words.front());
}

// The spans of time `text` states: rates ("£5 per 15 minutes", "every 6 months") and durations
// ("takes about 20 minutes", "within 2 working days").
struct TimeSpans {
  int rates = 0;
  int durations = 0;
};

TimeSpans CountTimeSpans(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kUnits = {"minute", "min",   "hour", "day",
                                                             "week",   "month", "year"};
  const std::vector<std::string> words = local::Tokenize(text);
  TimeSpans spans;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i].empty() || std::isdigit(static_cast<unsigned char>(words[i][0])) == 0) continue;
    std::string_view unit = words[i + 1];
    if (unit.ends_with('s')) unit.remove_suffix(1);
    if (std::find(kUnits.begin(), kUnits.end(), unit) == kUnits.end()) continue;
    if (i > 0 && (words[i - 1] == "per" || words[i - 1] == "every")) {
      ++spans.rates;
    } else {
      ++spans.durations;
    }
  }
  return spans;
}

// Returns true iff every span of time `text` states is a rate, none a duration.
bool OnlyRatesOfTime(std::string_view text) {
  const TimeSpans spans = CountTimeSpans(text);
  return spans.rates > 0 && spans.durations == 0;
}

// Returns true iff `text` opens as a question after a word or two that lead into it ("also can
// you dye ...", "oh and do you ...").
bool OpensAsAQuestionAfterLeadIn(std::string_view text) {
  const std::vector<std::string> words = local::Tokenize(text);
  std::size_t at = AfterLeadIn(words, 2);
  // So does one after "just wondering" ("just wondering what days u actually deliver on").
  if (at + 2 < words.size() && words[at] == "just" &&
      (words[at + 1] == "wondering" || words[at + 1] == "wonderin")) {
    at += 2;
  }
  // "do a sea swim most days" does something; "do you ..." asks.
  if (at + 1 < words.size() && (words[at] == "do" || words[at] == "does") &&
      (words[at + 1] == "a" || words[at + 1] == "an")) {
    return false;
  }
  return at < words.size() && OpensAQuestion(words[at]);
}

// The clauses of `text` (between commas, full stops and question marks) that open as a question
// ("that on, what are they roughly price wise": "what are they roughly price wise").
std::vector<std::string_view> QuestionClauses(std::string_view text) {
  std::vector<std::string_view> clauses;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(",.!?;", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view clause = text.substr(start, end - start);
    if (OpensAsAQuestionAfterLeadIn(clause)) clauses.push_back(clause);
    start = end + 1;
  }
  return clauses;
}

// Returns true iff `text` ends with the words of a question ("and the deposit is how much",
// "saw u do a recall thing whats involved", not "no clue how long the house will take to sell").
bool EndsAsAQuestion(std::string_view text) {
  const std::vector<std::string> words = local::Tokenize(text);
  if (words.size() < 2) return false;
  const std::string& before = words[words.size() - 2];
  return (before == "how" && (words.back() == "much" || words.back() == "long" ||
                              words.back() == "many" || words.back() == "often")) ||
         (words.back() == "involved" &&
          (before == "whats" || before == "what's" || before == "wats" || before == "wots"));
}

// Returns where in `text`, from `from` and before `before`, the first " so " stands that a
// question follows ("my husband works all week so could someone come on a saturday"), or npos.
std::size_t SoBeforeAQuestion(std::string_view text, std::size_t from, std::size_t before) {
  for (std::size_t at = text.find(" so ", from); at != std::string_view::npos && at < before;
       at = text.find(" so ", at + 1)) {
    if (OpensAsAQuestion(text.substr(at + 4))) return at;
  }
  return std::string_view::npos;
}

// Returns true iff `text` has a question mark or a clause that opens as a question.
bool AsksInAClause(std::string_view text) {
  return text.find('?') != std::string_view::npos || !QuestionClauses(text).empty();
}

// Returns true iff `lower` speaks of when the business is open or can be reached.
bool SpeaksOfOpeningHours(const std::string& lower) {
  return HasAny(lower, {"hours", "opening times", "open on", "are you open", "when do you open",
                        "when do you close", "what time", "available on", "closed on",
                        "when can i call", "when can i contact", "when can i reach",
                        "support hours", "when are you available", "what days"});
}

// "do i get charged", "will we still be charged", "would i still have to pay": whether something
// is charged for.
const std::regex& ChargedQuestion() {
  static const std::regex kCharged(
      R"(\b(do|will|would|does) (i|we|she|he|they) (still )?((get|be) charged|(have to )?pay)\b)");
  return kCharged;
}

Cues ReadCues(std::string_view text, const core::MessageMetadata& analysis) {
  Cues c;
  c.lower = core::ToLowerAscii(text);
  const std::string& l = c.lower;
  const std::vector<std::string> content = local::Terms(text);
  // (With whether anyone is there: "hiya, anyone about?", "hello, is anybody around".)
  static const std::vector<std::string_view> kGreetWords = {
      "hi",      "hello", "hey",     "hiya",      "howdy", "morning", "afternoon", "evening",
      "good",    "there", "yo",      "greetings", "sup",   "team",    "folks",     "anyone",
      "anybody", "about", "around",  "is",        "are",   "you",     "guys",      "everyone",
      "u",       "ya",    "alright", "mate",      "love",  "pal"};
  const std::vector<std::string> tokens = local::Tokenize(text);
  c.greeting_only =
      !tokens.empty() &&
      HasAny(l, {"hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon",
                 "good evening", "yo", "greetings", "alright mate", "alright there", "alright love",
                 "alright pal"}) &&
      std::all_of(tokens.begin(), tokens.end(), [](const std::string& t) {
        return std::find(kGreetWords.begin(), kGreetWords.end(), t) != kGreetWords.end();
      });
  c.thanks = HasAny(l, {"thanks", "thank you", "thx", "ty", "appreciate it", "cheers",
                        "much appreciated", "thank u", "ta", "really helpful", "very helpful",
                        "so helpful", "thats helpful", "that's helpful",
                        // An English message may thank in another language ("perfect, merci
                        // beaucoup, see u on saturday"; alone, such a word is that language).
                        "merci", "gracias", "danke", "grazie", "obrigado", "obrigada"});
  c.goodbye = HasAny(l, {"bye", "goodbye", "good bye", "see you", "see ya", "see u", "that's all",
                         "thats all", "that is all", "have a good day", "have a nice day",
                         "have a great day", "take care", "talk later"}) ||
              // "later!" alone, not "a week later".
              (HasAny(l, {"later"}) && tokens.size() <= 3);
  // The model's complaint counts where the message reads as displeased: a short neutral question
  // ("and a lock?"), or a neutral request put as one without its question mark ("could you do a
  // service at the same time"), that the model happens to place there is none.
  // (A later clause may ask: "I need a van on saturday ..., what have you got".)
  // (Or without its comma: "... in ages can you help me", MarkUnpunctuatedQuestions.)
  c.marked = local::MarkUnpunctuatedQuestions(text);
  const std::string& marked = c.marked;
  // (Or after a full stop: "I run a cafe in town. do you do regular visits"; "ta. oh also does
  // my car insurance cover me".)
  c.asks = text.find('?') != std::string_view::npos || OpensAsAQuestionAfterLeadIn(text);
  for (std::size_t mark = marked.find_first_of(",.!;"); !c.asks && mark != std::string::npos;
       mark = marked.find_first_of(",.!;", mark + 1)) {
    c.asks = OpensAsAQuestionAfterLeadIn(std::string_view{marked}.substr(mark + 1));
  }
  // So does a clause after "and" or "so" ("... through it is that something you'd do and what
  // would it cost", "my husband works all week so could someone come on a saturday", typed
  // without punctuation): "and" leads into it, and "so" ends what comes before.
  for (std::size_t at = c.lower.find(" and "); !c.asks && at != std::string::npos;
       at = c.lower.find(" and ", at + 1)) {
    c.asks = OpensAsAQuestionAfterLeadIn(std::string_view{c.lower}.substr(at + 1));
  }
  c.asks =
      c.asks || SoBeforeAQuestion(c.lower, 0, std::string_view::npos) != std::string_view::npos;
  c.asks_cheapest = HasAny(c.lower, {"cheapest", "lowest price", "least expensive"});
  // So does a request put to the business after a clause of when ("once its fixed can u check
  // its still ok to swim in").
  c.asks = c.asks || HasAny(c.lower, {"can u", "can you", "could u", "could you"});
  // A message that asks is no farewell: "when we come in to see you?" asks where to park.
  if (c.asks) c.goodbye = false;
  // Nor is a question about what would happen ("what if it gets ruined", "... and what happens
  // if i have to cancel", "if we have to pull out what happens to the money") a complaint.
  c.hypothetical =
      l.starts_with("what if") ||
      HasAny(l, {" what if ", "what happens if", "what would happen if", "what's the deal if",
                 "whats the deal if", "what is the deal if"}) ||
      (HasAny(l, {"if"}) && HasAny(l, {"what happens", "what would happen", "what will happen"}));
  // A worry told in a message the NLU reads as neutral ("I must admit I'm a little nervous about
  // having scaffolding against the house") is apprehension to answer, no complaint.
  const bool worried =
      HasAny(l, {"nervous", "worried", "anxious", "apprehensive", "scared", "afraid"});
  c.complaint =
      (analysis.fine_intent == "complaint" && !c.hypothetical &&
       ((analysis.sentiment != "neutral" && analysis.sentiment != "positive") ||
        (!c.asks && !worried))) ||
      // (Not in a message the NLU reads as pleased: "thank u so much, ur being really kind at a
      // horrible time".)
      (analysis.sentiment != "positive" &&
       HasAny(l, {"terrible",     "horrible",    "awful",      "worst",        "unacceptable",
                  "ridiculous",   "furious",     "angry",      "disappointed", "disgusted",
                  "useless",      "pathetic",    "complaint",  "complain",     "rude",
                  "scam",         "fed up",      "sick of",    "not happy",    "unhappy",
                  "poor service", "bad service", "frustrated", "frustrating",  "joke"}));
  // The NLU's verdict when there is one ("the breeder said get her insured asap" passes on
  // advice); the words alone otherwise.
  c.urgent = analysis.sentiment.empty() ? HasAny(l, {"urgent", "urgently", "asap", "immediately",
                                                     "emergency", "right now", "right away"})
                                        : analysis.sentiment == "urgent";
  c.yes =
      HasAny(l, {"yes", "yeah", "yep", "yup", "sure", "please do", "go ahead", "ok", "okay",
                 "do it", "correct", "that's right", "absolutely", "definitely", "yes please"}) &&
      content.size() <= 4;
  c.no = HasAny(l, {"no", "nope", "nah", "not now", "never mind", "nevermind", "don't", "do not",
                    "no thanks"}) &&
         content.size() <= 4;
  c.policy_question =
      analysis.fine_intent == "check_refund_policy" ||
      analysis.fine_intent == "check_cancellation_fee" ||
      HasAny(l, {"policy", "policies", "how long", "how many days", "eligible", "window",
                 "can i get", "do you offer", "do you give", "is there a fee", "how does",
                 "how do refunds", "what happens", "allowed", "can i return", "can i cancel",
                 // ... or how late it may be done ("whats the latest we can cancel").
                 "the latest", "how late", "deadline", "how much notice",
                 // ... or whether one is tied in ("is there a min contract or can i just cancel
                 // wen i want").
                 "can i just cancel", "can we just cancel", "cancel whenever", "cancel any time",
                 "cancel anytime", "min contract", "minimum contract", "minimum term"}) ||
      // Whether something is charged for ("if i skip the next one, do i get charged for that").
      std::regex_search(l, ChargedQuestion());
  c.subscription = HasAny(
      l, {"subscription", "membership", "plan", "prime", "account", "applecare", "service", "trial",
          "premium", "standard", "basic", "renewal", "auto-renew", "icloud", "music"});
  c.lacks_order_number =
      HasSubstring(l, {"don't have", "dont have", "do not have", "don't know", "dont know", "lost",
                       "can't find", "cant find", "no order number", "not sure"});
  return c;
}

// Scores each task topic from the NLU analysis and from keywords; returns the best.
// Sets *lexical to whether the words of the message (not only the NLU) support the topic.
Topic DetectTopic(const Cues& c, const core::MessageMetadata& analysis, bool* lexical) {
  std::array<double, kTopicNames.size()> score{};
  std::array<double, kTopicNames.size()> from_words{};
  bool nlu_part = true;
  auto add = [&](Topic t, double s) {
    score[static_cast<std::size_t>(t)] += s;
    if (!nlu_part) from_words[static_cast<std::size_t>(t)] += s;
  };
  const std::string& l = c.lower;

  // 1. The NLU's fine intent (Bitext).
  static const std::vector<std::pair<std::string_view, Topic>> kFine = {
      {"cancel_order", Topic::kCancel},
      {"change_order", Topic::kChangeOrder},
      {"change_shipping_address", Topic::kChangeOrder},
      {"check_cancellation_fee", Topic::kCancel},
      {"check_invoice", Topic::kInvoice},
      {"get_invoice", Topic::kInvoice},
      {"check_payment_methods", Topic::kQuestion},
      {"check_refund_policy", Topic::kRefund},
      {"get_refund", Topic::kRefund},
      {"track_refund", Topic::kRefund},
      {"complaint", Topic::kComplaint},
      {"contact_human_agent", Topic::kHuman},
      {"contact_customer_service", Topic::kHuman},
      {"create_account", Topic::kAccount},
      {"delete_account", Topic::kAccount},
      {"edit_account", Topic::kAccount},
      {"switch_account", Topic::kAccount},
      {"recover_password", Topic::kAccount},
      {"registration_problems", Topic::kAccount},
      {"delivery_options", Topic::kQuestion},
      {"delivery_period", Topic::kQuestion},
      {"track_order", Topic::kTrack},
      {"payment_issue", Topic::kPayment},
      {"place_order", Topic::kPurchase},
  };
  // Greeting, thanks, goodbye and chit-chat come from their own word cues only: the model calls
  // many short questions ("Do you sell handbags?") chit-chat.
  for (const auto& [name, topic] : kFine) {
    // The model's complaint only where the cues read one (ReadCues: not "and a lock?").
    if (analysis.fine_intent == name && (topic != Topic::kComplaint || c.complaint)) {
      add(topic, 1.5 + std::clamp(analysis.confidence, 0.0, 1.0) * 0.5);
    }
  }
  // 2. The coarse intent nudges.
  if (analysis.intent == "cancellation") {
    add(Topic::kCancel, 0.4);
    add(Topic::kRefund, 0.4);
  } else if (analysis.intent == "purchase") {
    add(Topic::kPurchase, 0.6);
  }
  nlu_part = false;

  // 3. Keywords (the NLU may be wrong).
  if (HasAny(l, {"refund", "refunds", "refunded", "money back", "reimburse", "reimbursement",
                 "chargeback"})) {
    add(Topic::kRefund, 2.5);
  }
  if (HasAny(l, {"return", "returns", "returning", "send back", "send it back", "exchange"})) {
    add(Topic::kReturn, 2.2);
  }
  if (HasAny(l,
             {"cancel", "cancellation", "cancelled", "canceled", "cancelling", "unsubscribe",
              "terminate", "end my subscription", "end my membership", "stop my subscription"})) {
    add(Topic::kCancel, 2.6);
  }
  if (HasAny(l, {"track",
                 "tracking",
                 "where is my",
                 "where's my",
                 "wheres my",
                 "order status",
                 "status of my order",
                 "hasn't arrived",
                 "hasnt arrived",
                 "has not arrived",
                 "not arrived",
                 "didn't arrive",
                 "didnt arrive",
                 "haven't received",
                 "havent received",
                 "not received",
                 "still waiting",
                 "not delivered",
                 "never arrived",
                 "never came",
                 "delayed",
                 "running late",
                 "supposed to come",
                 "supposed to arrive",
                 "should have arrived",
                 "should have come",
                 "still not here",
                 "not here yet",
                 "where is it"}) ||
      // Late is a delivery running late, not how late one can stay or a late club or
      // cancellation ("how late can they stay": the late club, no order to track).
      (HasAny(l, {"late"}) &&
       !HasAny(l, {"how late", "open late", "late pick", "late club", "late check", "late cancel",
                   "late night", "late booking", "late bookings"}))) {
    add(Topic::kTrack, 2.3);
  }
  if ((HasAny(l, {"change", "modify", "update", "edit", "add", "remove"}) &&
       HasAny(l, {"my order", "the order", "address", "delivery address", "shipping address"})) ||
      HasAny(l, {"wrong address", "add to my order", "remove from my order"})) {
    add(Topic::kChangeOrder, 2.8);
  }
  if (HasAny(l, {"invoice", "receipt"})) add(Topic::kInvoice, 2.0);
  if (HasAny(l, {"password",
                 "log in",
                 "login",
                 "sign in",
                 "signin",
                 "locked out",
                 "locked",
                 "can't access",
                 "cant access",
                 "cannot access",
                 "reset",
                 "2fa",
                 "verification code",
                 "register",
                 "sign up",
                 "signup",
                 "create an account",
                 "delete my account",
                 "username",
                 "apple id",
                 "hacked"})) {
    add(Topic::kAccount, 2.4);
  }
  if (HasAny(l, {"charged twice", "double charged", "overcharged", "card declined", "declined",
                 "payment failed", "payment didn't go through", "billing", "charged",
                 "unauthorized charge", "payment issue", "payment problem"})) {
    add(Topic::kPayment, 2.4);
  }
  if (HasAny(l, {"buy", "purchase", "order a", "order an", "order some", "place an order",
                 "want to order", "like to order", "upgrade", "sign me up", "i'll take",
                 "ill take"})) {
    add(Topic::kPurchase, 1.6);
  }
  if (SpeaksOfOpeningHours(l)) add(Topic::kHours, 2.0);
  // (Not the customer's own manager: "ill run it past my manager and get back to you".)
  // (Nor the customer's own role: "I'm a property manager at a letting agency".)
  const std::string asked_of = WithoutOwnRole(l);
  if (HasAny(asked_of, {"human", "real person", "live agent", "an agent", "a person",
                        "representative", "speak to someone", "talk to someone",
                        "speak with someone", "talk to a", "speak to a", "supervisor",
                        "customer service number", "call me back", "someone real"}) ||
      (HasAny(asked_of, {"manager"}) &&
       !HasAny(asked_of, {"my manager", "our manager", "my line manager"}))) {
    add(Topic::kHuman, 3.0);
  }
  if (HasAny(l,
             {"are you a bot", "are you a robot", "are you human", "are you real", "are you an ai",
              "is this a bot", "am i talking to a bot", "who are you", "what are you", "your name",
              "who am i talking to", "who am i speaking to", "who is this"})) {
    add(Topic::kBotCheck, 3.2);
  }
  if (HasAny(l, {"how are you", "how's it going", "hows it going", "how are things", "what's up",
                 "whats up", "how you doing", "nice to meet you"})) {
    add(Topic::kChitchat, 2.0);
  }
  if (c.complaint) add(Topic::kComplaint, 1.2);
  if (c.greeting_only) add(Topic::kGreeting, 3.0);

  // A policy question is a question about the topic, not a request; a subscription cancel is
  // not an order cancel (handled in the reply). Thanks/goodbye only win without a task.
  std::size_t best = 0;
  for (std::size_t i = 1; i < score.size(); ++i) {
    if (score[i] > score[best]) best = i;
  }
  *lexical = false;
  if (score[best] < 1.0) {
    *lexical = c.goodbye || c.thanks;
    if (c.goodbye) return Topic::kGoodbye;
    if (c.thanks) return Topic::kThanks;
    return Topic::kQuestion;
  }
  const auto topic = static_cast<Topic>(best);
  *lexical = from_words[best] > 0;
  if ((topic == Topic::kThanks || topic == Topic::kGreeting || topic == Topic::kChitchat) &&
      c.goodbye) {
    return Topic::kGoodbye;
  }
  return topic;
}

// Key terms a policy passage for `topic` must contain, and the hint added to the query.
struct Hint {
  std::string_view query;
  std::vector<std::string> keys;  // Stemmed index terms.
};

Hint HintFor(Topic topic) {
  switch (topic) {
    case Topic::kRefund:
      return {"refund policy", local::Terms("refund")};
    case Topic::kReturn:
      return {"return policy", local::Terms("return refund")};
    case Topic::kCancel:
      return {"cancel order", local::Terms("cancel")};
    case Topic::kCancelSubscription:
      return {"cancel subscription plan", local::Terms("subscription account")};
    case Topic::kTrack:
      return {"track order delivery status", local::Terms("track deliver late")};
    case Topic::kChangeOrder:
      return {"change modify order address", local::Terms("change modify address edit")};
    case Topic::kInvoice:
      return {"invoice receipt", local::Terms("invoice receipt")};
    case Topic::kAccount:
      return {"password account login", local::Terms("password login account sign verification")};
    case Topic::kPayment:
      return {"payment charge billing", local::Terms("pay charge")};
    case Topic::kHuman:
    case Topic::kHours:
      return {"support team available open hours", local::Terms("hour open available support")};
    default:
      return {"", {}};
  }
}

struct Reply {
  std::vector<std::string> parts;
  bool offered_human = false;
  bool handoff = false;

  void Add(std::string s) {
    if (!s.empty()) parts.push_back(std::move(s));
  }
  std::string Text() const {
    std::string text;
    for (const std::string& p : parts) {
      if (!text.empty()) text += ' ';
      text += p;
    }
    return text;
  }
};

std::string EnsureSentence(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  if (!s.empty() && s.back() != '.' && s.back() != '!' && s.back() != '?') s += '.';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

// What the built-in responder honours of the agent's instructions: the systemPrompt and the
// instruction-like prompts[] lines (see IsInstruction). Anything else in them needs an LLM.
struct Instructions {
  bool concise = false;                // "Be concise", "keep answers short/brief".
  std::vector<std::string> avoid;      // Index terms of "never mention X", "avoid X", ...
  std::vector<std::string> human_for;  // Index terms of "always offer a human for X", ...
};

// Returns the index terms of the text after the first of `markers` in lower-case `line`, or {}.
std::vector<std::string> TermsAfter(const std::string& line,
                                    std::initializer_list<std::string_view> markers) {
  for (std::string_view marker : markers) {
    const std::size_t pos = line.find(marker);
    if (pos != std::string::npos) return local::Terms(line.substr(pos + marker.size()));
  }
  return {};
}

Instructions ReadInstructions(const core::Agent& agent) {
  Instructions out;
  std::vector<std::string> lines = local::SplitSentences(agent.system_prompt);
  for (const std::string& prompt : agent.prompts) {
    for (std::string& sentence : local::SplitSentences(prompt)) {
      if (local::IsInstruction(sentence)) lines.push_back(std::move(sentence));
    }
  }
  for (const std::string& raw : lines) {
    const std::string line = core::ToLowerAscii(raw);
    if (ContainsAnyWord(line, {"concise", "brief", "short", "succinct", "to the point"})) {
      out.concise = true;
    }
    for (std::string& t : TermsAfter(
             line, {"never mention ", "never talk about ", "never discuss ", "don't mention ",
                    "dont mention ", "do not mention ", "don't talk about ", "do not talk about ",
                    "do not discuss ", "don't discuss ", "avoid talking about ",
                    "avoid mentioning ", "avoid discussing ", "avoid the topic of ", "avoid "})) {
      out.avoid.push_back(std::move(t));
    }
    for (std::string& t : TermsAfter(
             line, {"offer a human for ", "offer a person for ", "offer a human when ",
                    "offer a person when ", "escalate when ", "escalate if ", "escalate for ",
                    "connect to a human for ", "hand over for ", "hand over when "})) {
      out.human_for.push_back(std::move(t));
    }
  }
  return out;
}

// Returns true iff the term is all digits ("3", "2024").
bool IsNumberTerm(const QueryTerm& t) {
  return std::ranges::all_of(t.alternatives.front().term,
                             [](char c) { return c >= '0' && c <= '9'; });
}

// Returns true iff the part asks whether someone else may come or be seen ("can he be seen too",
// "could she join", "is he allowed", "do you take them").
bool AsksWhetherTheyMay(std::string_view part) {
  static const std::regex kMay(
      R"(\b(can|could|may|will) (he|she|they|my \w+|both of them|both|the kids|the children) (be seen|be treated|come|join|do|take part|go|have|book)\b|\b(is|are) (he|she|they) (allowed|ok|okay|old enough|too young|too old)\b|\b(do|will|would|can) (you|u) (see|take|treat|accept|teach|have) (him|her|them)\b)",
      std::regex::icase);
  // (Asked as a statement by a learner of English: "he is 13, he can come alone after school or
  // i must come also?")
  static const std::regex kStated(R"(\b(he|she|they) (can|could|may) (come|join|go|book)\b)",
                                  std::regex::icase);
  return std::regex_search(part.begin(), part.end(), kMay) ||
         std::regex_search(part.begin(), part.end(), kStated);
}

// Returns true iff the customer asks whether a request is done ("is it cancelled now?", "has
// it been refunded yet?", "did that go through?").
bool AsksStatus(const std::string& lower) {
  const bool asks =
      HasSubstring(lower, {"is it ", "has it ", "was it ", "did it ", "did you ", "have you ",
                           "is that ", "has that ", "did that ", "is my order ", "has my order "});
  const bool done = HasSubstring(lower, {"cancel", "refund", "return", "done", "sorted",
                                         "processed", "through", "submitted", "changed"});
  return asks && done && lower.find("can i") == std::string::npos &&
         lower.find("how do") == std::string::npos;
}

bool IsRequestTopic(Topic t) {
  return t == Topic::kCancel || t == Topic::kRefund || t == Topic::kReturn ||
         t == Topic::kChangeOrder || t == Topic::kInvoice || t == Topic::kCancelSubscription;
}

// The participle of a request topic: "cancelled", "refunded", ...
std::string_view DoneWord(Topic t) {
  switch (t) {
    case Topic::kCancel:
    case Topic::kCancelSubscription:
      return "cancelled";
    case Topic::kRefund:
      return "refunded";
    case Topic::kReturn:
      return "processed";
    case Topic::kChangeOrder:
      return "changed";
    default:
      return "done";
  }
}

// Returns `text` without the names of places the knowledge never names, after a preposition,
// when the knowledge tells an area it serves ("do you deliver to Moseley": "we deliver within 3
// miles" answers; the name would only count against that passage). Without such an area a
// place stays ("do you ship to Japan?" is not answered by the shipping times).
std::string WithoutUnknownPlaces(std::string_view text, const KnowledgeIndex& index) {
  static constexpr std::array<std::string_view, 8> kBefore = {"to",   "in",   "near",    "around",
                                                              "from", "into", "towards", "outside"};
  static const std::vector<std::string> kArea =
      local::Terms("area mile radius cover anywhere nationwide");
  if (std::ranges::none_of(kArea, [&](const std::string& t) { return index.Knows(t); })) {
    return std::string(text);
  }
  std::string out;
  std::string previous;
  bool dropping = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    const std::string_view word = text.substr(pos, end - pos);
    const bool capital = !word.empty() && std::isupper(static_cast<unsigned char>(word[0])) != 0;
    const bool after = dropping || std::ranges::find(kBefore, previous) != kBefore.end();
    bool drop = false;
    if (after && word != "I") {
      const std::vector<std::string> terms = local::Terms(word);
      drop = !terms.empty() &&
             std::ranges::none_of(terms, [&](const std::string& t) { return index.Knows(t); });
      // Customers rarely capitalise a place ("were out in ruddington"): a lower-case word is a
      // name when no table of words knows it either.
      if (drop && !capital) {
        drop = word.size() >= 5 && std::ranges::all_of(terms, [](const std::string& t) {
                 return local::WordNetRelatedTerms(t).empty() && !local::InSynonymTable(t) &&
                        local::RelatedTerms(t).empty() && !local::OnlyDescribes(t);
               });
      }
    }
    if (!drop) {
      out.append(word);
      if (end < text.size()) out += ' ';
    } else if (!word.empty() && std::ispunct(static_cast<unsigned char>(word.back())) != 0) {
      out += word.back();  // The name's comma or question mark still ends the part.
      out += ' ';
    }
    dropping = drop;
    previous = core::ToLowerAscii(word);
    pos = end + 1;
  }
  return out;
}

class Turn {
 public:
  // REQUIRES: `index` is the index of request.agent.
  Turn(const ResponderRequest& request, std::string_view text,
       std::shared_ptr<const KnowledgeIndex> index)
      : agent_(*request.agent),
        history_(*request.history),
        analysis_(request.analysis),
        text_(text),
        voice_(Voice::Of(agent_)),
        index_holder_(std::move(index)),
        index_(*index_holder_),
        state_(DialogueState::FromJson(request.state_json)),
        cues_(ReadCues(text_, analysis_)),
        query_text_(local::RewritePhrases(WithoutUnknownPlaces(cues_.marked, index_))),
        message_age_(local::AgeInMessage(text)),
        message_time_(local::TimeOfDayIn(text)),
        checks_a_count_(!message_age_ && ChecksACount(text_)),
        group_size_(GroupSize(core::ToLowerAscii(text_))),
        instructions_(ReadInstructions(agent_)) {
    voice_.concise = voice_.concise || instructions_.concise;
  }

  ResponderReply Run() {
    const std::string order_before = state_.order_number;
    const std::string email_before = state_.email;
    local::UpdateSlots(state_, text_);
    const bool got_order = !state_.order_number.empty() && state_.order_number != order_before;
    const bool got_email = !state_.email.empty() && state_.email != email_before;
    const Cues& cues = cues_;
    bool lexical = false;
    Topic topic = DetectTopic(cues, analysis_, &lexical);
    // A question beside a thanks said in passing, one that names something to look up, is what
    // is asked ("i've been roped into organising our away day (thanks boss) ... can you take a
    // group that big"); a message that opens with the thanks is one ("thank you very much, is
    // all clear now").
    // So is one asked after the thanks, in a sentence of its own or as one more thing ("ta. oh
    // also does my car insurance cover me charging at yours").
    if (topic == Topic::kThanks &&
        (!OpensWithThanks(cues.lower) || AsksMoreAfterTheThanks(cues.lower)) &&
        AsksAQuestionWithATopic()) {
      topic = Topic::kQuestion;
    }
    const bool flow = topic != Topic::kQuestion && topic != Topic::kGreeting &&
                      topic != Topic::kThanks && topic != Topic::kGoodbye &&
                      topic != Topic::kChitchat && topic != Topic::kBotCheck;
    const bool task = IsRequestTopic(topic) || topic == Topic::kAccount ||
                      topic == Topic::kPayment || topic == Topic::kTrack;
    // The offer of a person is no slot that the message fills.
    const bool awaiting_slot = !state_.awaiting.empty() && state_.awaiting != "human";
    // The knowledge's answer to the message, unless it is off topic for the task the model saw.
    auto answers = [&] {
      const std::vector<Hit> answer = Answer();
      return !answer.empty() && !OffTopicFor(topic, answer.front());
    };
    // A task the model is unsure of (below 0.6) whose key words the message never uses ("thinking
    // about a cargo bike" read as an invoice request at 0.46) is no task either, even while the
    // agent waits for an e-mail or order number ("do you do vouchers" read as an invoice request
    // after a cancellation asked for the account's e-mail).
    // Nor is a change to an order that only the model saw, where the knowledge never speaks of
    // orders ("my gp has written me a note about it as well" at a gym, read as a change of
    // address at 0.74 while the agent waited for an e-mail).
    // Nor is any task that only the model saw and the knowledge has no policy for ("whats the
    // earliest i can get in on a sat" read as an invoice request at 0.82 at a spa, while the agent
    // waited for the e-mail of a membership to cancel).
    const bool unsure = task && !NamesAKeyOf(topic) &&
                        (analysis_.confidence < 0.6 ||
                         (topic == Topic::kChangeOrder && !OrdersApply()) || Policy(topic).empty());
    // A question about what would happen ("what happens if I bring it back late") asks the
    // policy, whatever task its words name.
    if (flow && (!lexical || cues.hypothetical) && (!awaiting_slot || unsure) &&
        (unsure || answers() || (task && Policy(topic).empty()) || topic == Topic::kPurchase)) {
      // Only the model saw a task ("What does a checkup cost?" as account help) while the
      // knowledge answers the question as asked: answer it. Nor is a task that only the model
      // saw, of a kind the knowledge never mentions, run as one ("my mum uses a wheelchair, is
      // that ok?" read as an invoice request must not be asked for an account email): it is a
      // question the agent cannot answer; nor is a purchase only the model saw ("he's a bit
      // nervous" read as an order).
      topic = Topic::kQuestion;
    }
    // "could you sort the tracking out" at a tyre fitter is the wheels' alignment: where the
    // knowledge never speaks of orders, tracking that names no order, parcel or delivery is no
    // order tracking.
    if (topic == Topic::kTrack && HasAny(cues.lower, {"track", "tracking"}) &&
        !HasAny(cues.lower,
                {"order", "orders", "parcel", "package", "delivery", "deliver", "delivered",
                 "shipment", "arrive", "arrived", "where is", "wheres", "where's"}) &&
        !OrdersApply()) {
      topic = Topic::kQuestion;
    }
    const Topic pending = TopicFromName(state_.pending_topic);

    if (const std::string_view lang = local::DetectLanguage(text_); lang != "en") {
      // The built-in responder answers in English only: say so in the customer's language.
      state_.language = std::string(lang);
      reply_.Add(local::EnglishOnlyNotice(lang));
      reply_.offered_human = true;
      state_.awaiting = "human";
      return Finish(Topic::kQuestion);
    }
    const Topic request = state_.pending_topic.empty() ? TopicFromName(state_.last_topic) : pending;
    if (IsRequestTopic(request) && AsksStatus(cues.lower)) {
      Status(request);
      return Finish(request);
    }

    if (state_.awaiting == "human") {
      state_.awaiting.clear();
      if (Accepts()) {
        Human();
        return Finish(Topic::kHuman);
      }
      // (A "no" that goes on to ask, "I do not drive. can your men carry it", asks.)
      if (cues.no && !cues.asks && (topic == Topic::kQuestion || topic == Topic::kThanks)) {
        // A thanks that turns the offer down is thanked ("no worries, thanks for ur help anyway").
        if (topic == Topic::kThanks) {
          reply_.Add(voice_.Say(Phrase::kThanksReply));
        } else {
          reply_.Add(voice_.style == local::Style::kFormal ? "Understood." : "No problem.");
        }
        reply_.Add(voice_.Say(Phrase::kAnythingElse));
        return Finish(Topic::kQuestion);
      }
    }
    if (CustomIntentReply()) return Finish(Topic::kQuestion);
    if (!state_.awaiting.empty() && !state_.pending_topic.empty()) {
      const bool weak_topic = topic == Topic::kQuestion || topic == pending ||
                              topic == Topic::kGreeting || topic == Topic::kThanks;
      // A message that mostly just gives the number answers the question, whatever the NLU
      // calls it ("the order number is 112-4455667" often reads as order tracking).
      if (state_.awaiting == "order_number" && got_order && (weak_topic || MostlySlots())) {
        topic = pending;
        continuing_ = true;  // The policy was stated when the number was asked for.
      } else if (state_.awaiting == "order_number" && cues.lacks_order_number && weak_topic) {
        NoOrderNumber(pending);
        return Finish(pending);
      } else if (state_.awaiting == "confirm" && (Accepts() || cues.no) && weak_topic) {
        Confirm(pending, Accepts());
        return Finish(pending);
      } else if (state_.awaiting == "email" && got_email && (weak_topic || MostlySlots())) {
        EmailGiven(pending);
        return Finish(pending);
      }
    }
    if ((got_order || got_email) && topic == Topic::kQuestion && MostlySlots()) {
      SlotNoted(got_order ? "order " + state_.order_number : state_.email);
      return Finish(pending);
    }
    const bool side_question = topic == Topic::kQuestion || topic == Topic::kHours ||
                               topic == Topic::kGreeting || topic == Topic::kThanks ||
                               topic == Topic::kChitchat || topic == Topic::kBotCheck;
    // A new task replaces what the agent was waiting for; its handler may ask again. A new
    // question lets an offer to pass a request on lapse: a later "ok do that" answers the
    // question's reply ("actually can I just pause it instead"), not the old offer.
    const bool offer_lapses = state_.awaiting == "confirm" && topic == Topic::kQuestion;
    if ((!side_question && !continuing_) || offer_lapses) {
      state_.awaiting.clear();
      state_.pending_topic.clear();
    }
    Dispatch(topic, cues);
    return Finish(topic);
  }

 private:
  void Dispatch(Topic topic, const Cues& cues) {
    // Urgency and displeasure come first, whatever the task.
    // (What would happen if something went wrong is asked, not suffered.)
    const bool negative =
        (analysis_.sentiment == "negative" && !cues.hypothetical) || cues.complaint;
    if (cues.urgent && topic != Topic::kGreeting) {
      reply_.Add(voice_.Say(Phrase::kUrgent));
    } else if (negative && topic != Topic::kComplaint && topic != Topic::kHuman &&
               topic != Topic::kGoodbye) {
      reply_.Add(voice_.Say(Phrase::kApology));
    }
    switch (topic) {
      case Topic::kGreeting:
        Greeting();
        break;
      case Topic::kThanks:
        Thanks();
        break;
      case Topic::kGoodbye:
        Goodbye(cues);
        break;
      case Topic::kChitchat:
        Chitchat();
        break;
      case Topic::kBotCheck:
        BotCheck();
        break;
      case Topic::kHuman:
        // The engine escalates explicit requests for a person before the responder runs; what
        // reaches here is a weaker cue ("call me back"), so offer, and a "yes" escalates. The
        // offer alone: "A member of our team can help with that" before it said the same twice.
        OfferHuman();
        break;
      case Topic::kComplaint:
        Complaint();
        break;
      case Topic::kRefund:
      case Topic::kReturn:
      case Topic::kInvoice:
        OrderRequest(topic, cues);
        break;
      case Topic::kCancel:
        // Whether a booking would have to be cancelled in some case is a question for the
        // knowledge of a business that takes no orders ("if its chucking it down on the day do we
        // have to cancel?" of a van that works in any weather), no request to cancel.
        // (When the knowledge answers it: else the cancellation policy.)
        if (!OrdersApply() && cues.asks && HasAny(cues.lower, {"if"}) &&
            !HasAny(cues.lower, {"order", "orders"}) && !Answer().empty()) {
          Question();
        } else if (cues.subscription &&
                   (state_.order_number.empty() || !HasAny(cues.lower, {"order"}))) {
          CancelSubscription(cues);
        } else {
          OrderRequest(topic, cues);
        }
        break;
      case Topic::kTrack:
        // A business that takes no orders has none to track: "how late can we pull out" at a
        // rehearsal studio is a question for its knowledge, not a request for an order number.
        // (What the knowledge says of being late, "collections after closing time are
        // charged", still answers when nothing else does.)
        if (!OrdersApply() &&
            !HasAny(cues.lower, {"order", "orders", "parcel", "package", "delivery"})) {
          const std::vector<Hit> late =
              Answer().empty() ? Policy(Topic::kTrack, 1) : std::vector<Hit>{};
          if (late.empty()) {
            Question();
          } else {
            if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
            AddHits(late);
          }
        } else {
          Track();
        }
        break;
      case Topic::kChangeOrder:
        ChangeOrder();
        break;
      case Topic::kAccount:
        Account();
        break;
      case Topic::kPayment:
        Payment();
        break;
      case Topic::kPurchase:
        Purchase();
        break;
      case Topic::kQuestion:
        Question();
        break;
      case Topic::kHours:
        Hours();
        break;
      case Topic::kCancelSubscription:
        CancelSubscription(cues);
        break;
    }
    if ((cues.complaint || cues.urgent) && !reply_.offered_human && topic != Topic::kGoodbye) {
      OfferHuman();
    }
  }

  // The agent's own intent matched (NLU custom_intent) and carries a reply or an action: says
  // the reply; "escalate" hands over (ResponderReply::handoff, so the engine escalates). Returns
  // true iff it answered the turn.
  bool CustomIntentReply() {
    if (analysis_.custom_intent.empty()) return false;
    const auto it = std::find_if(
        agent_.intents.begin(), agent_.intents.end(),
        [&](const core::CustomIntent& i) { return i.name == analysis_.custom_intent; });
    if (it == agent_.intents.end() || (it->reply.empty() && it->action != "escalate")) {
      return false;
    }
    if (!it->reply.empty()) reply_.Add(EnsureSentence(it->reply));
    if (it->action == "escalate") {
      // The customer must learn that a person takes over, unless the agent's reply says so.
      const std::string lower = core::ToLowerAscii(it->reply);
      if (!HasSubstring(lower, {"connect", "transfer", "team", "colleague", "person", "human"})) {
        reply_.Add(voice_.Say(Phrase::kConnectHuman));
      }
      reply_.handoff = true;
      reply_.offered_human = true;
      state_.awaiting.clear();
    }
    return true;
  }

  // --- Knowledge -------------------------------------------------------------------------

  // Returns true iff the message uses a key word of `topic`'s policy passages (HintFor).
  bool NamesAKeyOf(Topic topic) const {
    const Hint hint = HintFor(topic);
    const std::vector<std::string> terms = local::Terms(query_text_);
    return std::ranges::any_of(hint.keys, [&](const std::string& key) {
      return std::ranges::find(terms, key) != terms.end();
    });
  }

  // Returns true iff `hit`'s passage is about something else than `topic` although it holds one
  // of its key words: where a parcel is is not told by the returns policy ("Returns are free with
  // the prepaid label in your parcel", "within 30 days of delivery"), unless it speaks of
  // tracking.
  bool OffTopicFor(Topic topic, const Hit& hit) const {
    if (topic == Topic::kHours) {
      // An hour that is a rate or a duration ("our designer charges £35 per hour", "takes about
      // an hour") is no opening hours: those say when (a time of day, a day of the week), or that
      // someone is open or available.
      static const std::vector<std::string> kWhen = local::Terms(
          "open available monday tuesday wednesday thursday friday saturday sunday weekend "
          "weekday");
      return !StatesATimeOfDay(hit.passage->text) &&
             std::ranges::none_of(kWhen,
                                  [&](const std::string& t) { return index_.Holds(hit.index, t); });
    }
    if (topic != Topic::kTrack) return false;
    static const std::vector<std::string> kReturns = local::Terms("return refund");
    static const std::string kTrackTerm = local::Terms("track").front();
    return !index_.Holds(hit.index, kTrackTerm) &&
           std::ranges::any_of(kReturns,
                               [&](const std::string& t) { return index_.Holds(hit.index, t); });
  }

  // Returns up to `k` passages about `topic` relevant to the message, best first.
  std::vector<Hit> Policy(Topic topic, std::size_t k = 1) const {
    const Hint hint = HintFor(topic);
    // A low coverage bar is safe here: every kept passage must contain a key term of the topic.
    std::vector<Hit> hits = index_.Search(query_text_ + " " + std::string(hint.query), 6, 0.15);
    // A follow-up ("and if it does get pulled do i get my money back" after the class cancelled
    // for too few people) goes on with the entry just answered, when that one is about the topic
    // too and scores at least half the best: not the customer's own cancellation.
    constexpr double kHalf = 0.5;
    if (const local::Passage* last = LastEntry();
        last != nullptr && StartsAsFollowUp(query_text_)) {
      const auto it = std::ranges::find_if(hits, [&](const Hit& hit) {
        return hit.passage == last && hit.score >= kHalf * hits.front().score;
      });
      if (it != hits.end()) std::rotate(hits.begin(), it, it + 1);
    }
    std::vector<Hit> kept;
    for (const Hit& hit : hits) {
      const bool on_topic = hint.keys.empty() ||
                            std::any_of(hint.keys.begin(), hint.keys.end(), [&](const auto& key) {
                              return index_.Holds(hit.index, key);
                            });
      if (on_topic && !OffTopicFor(topic, hit)) kept.push_back(hit);
      if (kept.size() == k) break;
    }
    // Keep the second passage only if it is nearly as good as the first.
    if (kept.size() == 2 && kept[1].score < 0.75 * kept[0].score) kept.resize(1);
    return kept;
  }

  // Returns the passages that answer the message, one per part of a several-part question,
  // best first, none twice and none that repeats a fact of another. A short follow-up ("How
  // much is it?", "and for express?") is read with the previous question and answer as context.
  std::vector<Hit> Answer() const {
    // "what do I have to do?" after the returns policy: how to go about what was just answered
    // is that answer; the message has no word of its own to look up.
    if (AsksHowToGoAbout(query_text_) && index_.Analyze(query_text_).empty()) {
      const local::Passage* last = LastEntry();
      if (last != nullptr && !Avoided(*last)) {
        Hit hit = index_.HitAt(static_cast<std::size_t>(state_.last_entry));
        hit.score = hit.coverage = hit.rank = 1;
        return {hit};
      }
    }
    // "and for all 4 of us?": a group counted and nothing else asks the price of what was just
    // answered, when that states one.
    if (!group_size_.empty() && state_.last_entry >= 0 && QuestionParts().empty()) {
      if (const std::optional<Hit> last = LastEntryWithAnAmount()) return {*last};
    }
    // "and for 35? maybe we invite also all the class": a count that the priced entry just
    // answered states ("a 10-inch cake serving 35 people costs £94") asks that price.
    if (const std::string count = CountAskedFor(); !count.empty()) {
      if (const std::optional<Hit> last = LastEntryWithAnAmount();
          last && StatesACountOf(last->passage->text, count)) {
        return {*last};
      }
    }
    // "her class is only about 10 kids tho, is that enough", "theres 26 of us, is that ok?": a
    // count checked against the entry just answered, when it states a limit of a count ("a
    // minimum of 12 children", "for up to 24 guests"), is answered by that limit.
    if (checks_a_count_) {
      const local::Passage* last = LastEntry();
      if (last != nullptr && !Avoided(*last) && StatesACountLimit(last->text)) {
        Hit hit = index_.HitAt(static_cast<std::size_t>(state_.last_entry));
        hit.score = hit.coverage = hit.rank = 1;
        return {hit};
      }
      // Nor another passage the last reply said after it ("what do you include and what's the
      // cost?" said the booking first, then "£195 for up to 20 children").
      if (const core::Message* reply = LastReply(); reply != nullptr) {
        const auto& passages = index_.passages();
        for (std::size_t i = 0; i < passages.size(); ++i) {
          if (!Avoided(passages[i]) && passages[i].kind == local::PassageKind::kFaq &&
              StatesACountLimit(passages[i].text) &&
              reply->content.find(passages[i].text) != std::string::npos) {
            Hit hit = index_.HitAt(i);
            hit.score = hit.coverage = hit.rank = 1;
            return {hit};
          }
        }
      }
      // Without one ("want some flyers ..., only need like 50 tho is that doable"): the passage
      // that states a limit of a count and holds a thing the message names (the minimum order
      // of the flyers), when one is found.
      constexpr double kLowCoverage = 0.3;
      for (const std::string& part : QuestionParts()) {
        const std::vector<QueryTerm> query = index_.Analyze(part);
        for (const Hit& hit : index_.Search(query, 4, kLowCoverage)) {
          if (!Avoided(*hit.passage) && StatesACountLimit(hit.passage->text) &&
              HasATopicWord(query, hit)) {
            return {hit};
          }
        }
      }
    }
    constexpr double kFullCoverage = 0.999;
    std::vector<Hit> chosen;
    // What the customer's stories found, and whether a question found an entry.
    std::vector<const local::Passage*> found_by_stories;
    bool question_found_an_entry = false;
    std::vector<std::vector<QueryTerm>> found_by_questions;  // What those parts asked.
    std::vector<const local::Passage*> found_by_conditions;  // What the "if ..." parts found.
    bool in_a_condition = false;                             // The part before stated a condition.
    bool asks_what_the_case_needs = false;  // A question whether one must, after a condition.
    // Whether every question that found an entry stands on its own and is covered well by it.
    constexpr double kFoundWell = 0.75;
    bool questions_found_well = true;
    std::string previous_part;
    bool previous_answered = false;
    const local::Passage* previous_passage = nullptr;  // The one that answered the part before.
    double previous_coverage = 0;       // How much of that part it covered (0 when others did too).
    std::vector<std::string> excluded;  // Parts that name what is not meant.
    const local::Passage* story_said = nullptr;  // What the part before found, if a story.
    const std::vector<std::string> parts = QuestionParts();
    bool asked_so_far = false;
    bool asked_the_unknown = false;  // A part asked of something unknown and found nothing.
    std::string untold;              // The story parts just before this one that found nothing.
    std::string last_untold;         // The last of them.
    std::string stories;             // Every story part of the message so far.
    for (std::size_t part_at = 0; part_at < parts.size(); ++part_at) {
      const std::string& part = parts[part_at];
      const local::Passage* answered_before = previous_answered ? previous_passage : nullptr;
      const double answered_before_coverage = previous_coverage;
      const bool after_a_part = !previous_part.empty();  // A part of this message came before.
      // "not the baby ones", "rather than the premium": what is not asked about.
      if (ExcludesWhatItNames(part)) {
        excluded.push_back(part);
        continue;
      }
      // The opening hours that a story names ("need some business cards with the logo and
      // opening times and that on, what are they roughly price wise") are not asked when no
      // question of the message asks them: the part is skipped, and what follows leans on the
      // part before it.
      if (!AsksInAClause(part) && !EndsAsAQuestion(part) &&
          HasAny(core::ToLowerAscii(part), {"opening times", "opening hours"}) &&
          AsksOnlyOtherThanTheHours()) {
        continue;
      }
      // A clause of when the customer will do something, before the question it leads into
      // ("before i send it could u scan the pages"), is the circumstance, not what is asked.
      if (part_at + 1 < parts.size() && !AsksInAClause(part) && !EndsAsAQuestion(part) &&
          OpensWithAClauseOfWhen(part)) {
        continue;
      }
      std::vector<QueryTerm> query = index_.Analyze(part);
      // A closing "while ..." clause is the circumstance, not what is asked ("a bite while the
      // kids are busy painting": the food, not the kids' party), when what comes before it
      // names something.
      if (const std::size_t at = part.find(" while "); at != std::string::npos) {
        std::vector<QueryTerm> before = index_.Analyze(part.substr(0, at));
        if (!NothingToLookUp(before)) query = std::move(before);
      }
      // So is a reason after "cos" or "because" in a part that asks, when the part as a whole
      // finds nothing ("does he need to bring his own clubs cos hes only got a plastic set from
      // argos": the clubs, not the plastic set).
      for (std::string_view reason : {" cos ", " coz ", " cuz ", " because "}) {
        const std::size_t at = part.find(reason);
        if (at == std::string::npos || !OpensAsAQuestionAfterLeadIn(part)) continue;
        std::vector<QueryTerm> before = index_.Analyze(part.substr(0, at));
        if (!NothingToLookUp(before) && index_.Search(query, 1, kMinCoverage).empty()) {
          query = std::move(before);
        }
        break;
      }
      if (message_age_) {
        // The numbers of a message that gives an age are ages, not the "3-night" of a passage
        // ("they're 3 and 7" after the pitch price: the passage whose bracket holds 3).
        std::erase_if(query, IsNumberTerm);
        if (query.empty()) {
          if (const std::optional<Hit> hit = ForTheAge(part, query);
              hit && !Repeats(*hit->passage, chosen)) {
            chosen.push_back(*hit);
          }
          continue;
        }
      }
      if (query.empty()) continue;
      // A short part that does not point back ("how do I make a booking") and singles out one
      // passage on its own is asked for itself: the previous topic only breaks ties.
      // One that points back only by a pronoun, names a topic the entry just answered does not
      // hold and singles out one passage alone is asked for itself too ("what sort of guarantees
      // come with it all" after the finance: the warranties, not another passage that says
      // "pay"); "and what if I leave before that?" still goes on with the thread.
      // (The search of SinglesOutOne is run only when the cheaper tests leave it to decide.)
      // A follow-up's topic that the entry just answered does not hold, and that one entry's
      // question names ("what about seats" after the day trips' prices: "Can I choose my
      // seat?", not the refund that mentions passing a seat on), is asked for itself.
      // A part that asks only the price after another part of the message ("... what do u do
      // for partys n how much") goes on with it, whatever that form alone would find.
      // (A part with nothing before it, in the message or the thread, follows nothing.)
      const bool follow_up =
          (after_a_part || state_.last_entry >= 0) && IsFollowUp(part, query) &&
          ((PointsBack(part) &&
            (StartsAsFollowUp(part) || !previous_part.empty() || LastEntryHoldsATopicOf(query))) ||
           (!previous_part.empty() && AsksOnlyThePrice(query)) ||
           !SinglesOutOne(query, kMinCoverage)) &&
          (LastEntryHoldsATopicOf(query) || OneEntryIsAbout(query) == nullptr);
      // "what time does it kick off": when the thing just answered starts, when its entry
      // states a time of day ("every Saturday at 1pm").
      if (follow_up && (previous_part.empty() || !previous_answered) &&
          AsksOnlyWhenItStarts(query)) {
        if (const local::Passage* last = LastEntry();
            last != nullptr && !Avoided(*last) &&
            (StatesATimeOfDay(last->text) || local::NamesAWeekday(last->text))) {
          Hit hit = index_.HitAt(static_cast<std::size_t>(state_.last_entry));
          hit.score = hit.coverage = hit.rank = 1;
          if (!Repeats(*hit.passage, chosen)) chosen.push_back(hit);
          previous_part = part;
          previous_answered = true;
          previous_passage = hit.passage;
          previous_coverage = 1;
          continue;
        }
      }
      if (follow_up && previous_part.empty() && AsksOnlyThePrice(query)) {
        // "how much is that", "how much for two": the price of what was just answered, when it
        // states one (the topic words of the previous question would find the entry that says
        // "costs" most).
        if (const std::optional<Hit> last = LastEntryWithAnAmount()) {
          if (!Repeats(*last->passage, chosen)) chosen.push_back(*last);
          previous_part = part;
          previous_answered = true;
          previous_passage = last->passage;
          previous_coverage = last->coverage;
          continue;
        }
      }
      // "is he ok to come and do u charge for him": the price of what the part before found, when
      // that passage states one, is said with it (not another passage's prices). So is a part
      // that asks only the price after a part that asked ("the day with the ponies, what hours
      // and what price please"); after a story it may lean on the story instead ("looking for
      // someone to clean my flat once a week, what do you charge").
      // Likewise the hours of what the part before found, when its passage states the times of
      // day ("the day with the ponies, what hours": 9am to 3pm, not the 48 hours' notice).
      // ... but when the story was told in more than one part ("weve got a baby grand in the
      // hall and 2 uprights in the classrooms. whats it gonna cost to do the lot"), the price
      // is of the passage that the topics of the whole story find (the tuning of both), not of
      // the one that its last part found alone (the removal of uprights), when that passage
      // holds the topics of the last part as well.
      if (follow_up && previous_answered && previous_passage != nullptr &&
          AsksOnlyThePrice(query) && stories.size() > previous_part.size() + 1 &&
          std::ranges::find(found_by_stories, previous_passage) != found_by_stories.end()) {
        std::vector<QueryTerm> named = KnownTopics(stories);
        if (named.size() >= 2) {
          for (const QueryTerm& t : query) {
            if (t.required) named.push_back(t);
          }
          const std::vector<Hit> whole = index_.Search(named, 2, kMinCoverage);
          // (It holds every topic of the last part too, numbers aside: not the meeting room of
          // "my spare room" for "drop in desks for the day".)
          const auto holds_the_last = [&](const Hit& hit) {
            return std::ranges::all_of(KnownTopics(previous_part), [&](const QueryTerm& t) {
              return IsNumberTerm(t) ||
                     std::ranges::any_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
                       return index_.Holds(hit.index, a.term);
                     });
            });
          };
          if (!whole.empty() && whole.front().passage != previous_passage &&
              holds_the_last(whole.front()) && !Avoided(*whole.front().passage) &&
              !Repeats(*whole.front().passage, chosen)) {
            std::erase_if(chosen, [&](const Hit& h) { return h.passage == previous_passage; });
            chosen.push_back(whole.front());
            previous_part = part;
            previous_passage = whole.front().passage;
            previous_coverage = whole.front().coverage;
            continue;
          }
        }
      }
      if (follow_up && previous_answered && previous_passage != nullptr &&
          ((AsksOnlyThePrice(query) && (PointsBack(part) || AsksInAClause(previous_part)) &&
            local::StatesAnAmount(previous_passage->text)) ||
           (AsksOnlyTheHours(query) && StatesATimeOfDay(previous_passage->text)))) {
        previous_part = part;
        continue;
      }
      // After a part that pointed back at it and found nothing, it is of what the message found
      // before ("maybe 5 miles from you, do you come that far and what is the price": the home
      // visit's £85). So is one after a story that found nothing, when the message has found one
      // passage ("... doing his party with you guys. trouble is hes got about 15 mates he wants
      // to invite, how much would that come to and how long does it go on for": the party's £240),
      // and that passage answers the part (and so the "how long" after it: 2 hours).
      if (follow_up && !previous_part.empty() && !previous_answered && !chosen.empty() &&
          AsksOnlyThePrice(query) && local::StatesAnAmount(chosen.back().passage->text)) {
        const bool previous_asked = AsksInAClause(previous_part);
        const bool after_a_story = !previous_asked && chosen.size() == 1;
        if ((previous_asked && PointsBack(previous_part)) || after_a_story) {
          previous_part = part;
          if (after_a_story) {
            previous_answered = true;
            previous_passage = chosen.back().passage;
            previous_coverage = chosen.back().coverage;
          }
          continue;
        }
      }
      // So is how long, asked within the message after a part that was answered by a passage
      // that says how long ("the charger for the car, how much is it and how long is the man at
      // our house for": "done in half a day", not the rewire's 10 working days).
      if (!previous_part.empty() && previous_answered && previous_passage != nullptr &&
          AsksOnlyHowLong(query) && StatesADuration(previous_passage->text)) {
        previous_part = part;
        continue;
      }
      // And how far ahead, of what was just answered, when that says how long before it must be
      // done ("do i have to have some sort of test done first and how far ahead does it need to
      // be": the patch test "at least 48 hours before", not the cancellation's notice).
      if (!previous_part.empty() && previous_answered && previous_passage != nullptr &&
          PointsBack(part) && AsksOnly(query, NoticeTerm()) &&
          StatesHowLongBefore(previous_passage->text)) {
        previous_part = part;
        continue;
      }
      // A question with a topic word that many passages answer alike ("its a 3 seat sofa, how
      // much to clean": every price there is a price to clean) is answered by the passage the
      // part before it found nearly in full, when that one is among them and covered as fully:
      // not by another beside it.
      constexpr double kFoundInFull = 0.8;
      if (!previous_part.empty() && previous_answered && previous_passage != nullptr &&
          previous_coverage >= kFoundInFull && (AsksInAClause(part) || EndsAsAQuestion(part)) &&
          HasATopicTerm(query) && !SinglesOutOne(query, kMinCoverage)) {
        constexpr std::size_t kAlikeHits = 8;
        const std::vector<Hit> alike = index_.Search(query, kAlikeHits, kMinCoverage);
        if (std::ranges::any_of(alike, [&](const Hit& hit) {
              return hit.passage == previous_passage && hit.coverage >= alike.front().coverage;
            })) {
          previous_part = part;
          continue;
        }
      }
      if (follow_up && previous_part.empty()) {
        if (const std::optional<Hit> last = LastEntryNamed(part)) {
          if (!Repeats(*last->passage, chosen)) chosen.push_back(*last);
          previous_part = part;
          previous_answered = true;
          previous_passage = last->passage;
          previous_coverage = last->coverage;
          continue;
        }
      }
      if (follow_up) {
        std::string context = previous_part.empty() ? state_.last_question : previous_part;
        if (const local::Passage* last = LastEntry(); previous_part.empty() && last != nullptr) {
          context += " " + (last->question.empty() ? last->text : last->question);
        }
        AddContext(query, context);
      }
      // A part of its own that points back at a condition before it that found nothing takes
      // the condition's words as context, to break ties ("and if one of the lads puts a dent in
      // it what are we looking at, do you take money off us up front for that": the damage
      // deposit, not the booking deposit). A story before it is background, not the case asked
      // about.
      if (!follow_up && !previous_answered && local::ContainsWord(previous_part, "if") &&
          PointsBack(part)) {
        AddContext(query, previous_part);
      }
      const bool asks_no_topic =
          !HasATopicTerm(query) &&
          std::ranges::any_of(query, [](const QueryTerm& t) { return t.required; });
      // Only a part that points back ("how much are they", "and for express") leans on the
      // part before; a short part of its own ("any discount?") is asked for itself.
      const bool leans_on_unanswered =
          !previous_part.empty() && !previous_answered && follow_up && PointsBack(part);
      if (leans_on_unanswered) {
        // The part says nothing without the one before, which found no answer alone: the two
        // are asked together ("one of the arms is loose, can you fix it?"; "... gift cards and
        // how much are they?" still finds nothing).
        std::string together = previous_part;
        together += ' ';
        together += part;
        query = index_.Analyze(together);
        // A count of people there is who comes, no number to match ("hes got about 15 mates he
        // wants to invite": not the "15-minute" drop-off bays).
        const std::vector<std::string> counted = CountsOfPeople(together);
        std::erase_if(query, [&](const QueryTerm& t) {
          return IsNumberTerm(t) &&
                 std::ranges::find(counted, t.alternatives.front().term) != counted.end();
        });
      }
      const bool leans_on_a_story = leans_on_unanswered && !OpensAsAQuestion(previous_part);
      // A follow-up that asks only a question form about the story told just before ("need some
      // business cards with the logo ..., what are they price wise") answers it, with a passage
      // that holds a topic word of the story: what the story alone found (the minimum order) is
      // not said beside that answer.
      const local::Passage* story_found =
          follow_up && !previous_part.empty() && previous_answered ? story_said : nullptr;
      const std::vector<QueryTerm> story_query =
          story_found != nullptr ? index_.Analyze(previous_part) : std::vector<QueryTerm>{};
      story_said = nullptr;
      const bool tells_a_story = !AsksInAClause(part) && !EndsAsAQuestion(part);
      // A condition ("if i book one and then something comes up"), or what follows on from it
      // ("then ..."), is the case of the question after it.
      const bool states_a_condition =
          tells_a_story && (OpensWith(part, "if") || (in_a_condition && OpensWith(part, "then")));
      // Whether the customer must do something in the case before is a question the case
      // answers ("if its chucking it down on the day do we have to cancel?": the van works in
      // any weather).
      static const std::regex kMustWe(
          R"(^(and |so |but )?(do|will|would|shall|should) (we|i|u|you|they|he|she) (still )?)"
          R"((have|need|got) to\b)");
      const bool after_a_condition = in_a_condition;
      if (after_a_condition && !tells_a_story &&
          std::regex_search(core::ToLowerAscii(part), kMustWe)) {
        asks_what_the_case_needs = true;
      }
      in_a_condition = states_a_condition;
      const bool asked_before = asked_so_far;  // A part before this one asked.
      if (!tells_a_story) asked_so_far = true;
      previous_part = part;
      previous_answered = false;
      // A part that asks what something costs is not answered by a passage that says nothing of
      // a price ("how much are varifocals" by "varifocals take up to 14 days").
      const bool asks_price = AsksPrice(query);
      std::vector<Hit> hits = index_.Search(query, 4, kMinCoverage);
      // A follow-up with a topic word that one passage alone holds as written ("how far will it
      // go" after the hotel delivery: "How far will a scooter go on one charge?") is answered by
      // that passage, when it covers the part in full, not again by the last answer, ranked first
      // by the thread's words, that covers less of it ("within 6 miles": far only through
      // miles). (A question form, "how long will that take", is the thread's to answer, and so
      // is a word many passages hold: "when does the next lot start".)
      if (follow_up && hits.size() >= 2 && std::cmp_equal(hits[0].index, state_.last_entry) &&
          hits[0].coverage < 1.0) {
        for (const QueryTerm& t : query) {
          const std::string& term = t.alternatives.front().term;
          if (!t.required || IsQuestionForm(term) || index_.Holds(hits[0].index, term)) continue;
          if (index_.PassagesHolding(term) != 1) continue;
          const auto sole = std::ranges::find_if(
              hits, [&](const Hit& h) { return index_.Holds(h.index, term) && h.coverage >= 1.0; });
          if (sole != hits.end()) {
            hits = {*sole};
            break;
          }
        }
      }
      // Two passages that a part of its own, the message's first, covers alike ("do i need to
      // bring skates to the lessons" after the adults' lessons: the children's course or the
      // adults'?) are told apart by the thread: the one the part finds with the last question's
      // words beside it comes first.
      constexpr double kTieScore = 0.9;
      if (!follow_up && !after_a_part && state_.last_entry >= 0 && hits.size() >= 2 &&
          hits[1].coverage >= hits[0].coverage && hits[1].score >= kTieScore * hits[0].score) {
        std::vector<QueryTerm> in_thread = query;
        AddContext(in_thread, state_.last_question);
        const std::vector<Hit> told = index_.Search(in_thread, 1, kMinCoverage);
        if (!told.empty() && told.front().passage == hits[1].passage) {
          std::swap(hits[0], hits[1]);
        }
      }
      // When the story part before dilutes it below any answer, a part with a topic of its own
      // is asked alone ("its not fully flat yet but its going down. can that be fixed": the
      // repair) when it singles out one passage; one with only a question form ("how much are
      // they") is not, nor one that many passages answer as well ("she had solar panels put on.
      // do you clean them": not the windows), nor one after a question that found nothing ("do
      // u hire out portaloos? need one for about 6 weeks": not the 6-yard skip).
      std::vector<QueryTerm> own_query;
      if (hits.empty() && leans_on_a_story) {
        own_query = index_.Analyze(part);
      }
      // A part that asks only a question form of the story before it ("... a mate said an ssd
      // would sort it what do you charge for that", "... he need a big clean when he is
      // sleeping, how much you charge for this"), when the two together cover no passage fully
      // enough, is answered by the passage that clearly leads those they cover at least 0.4 of
      // (twice the score of the next): a story told without punctuation is one long part whose
      // every word dilutes the coverage.
      constexpr double kStoryCoverage = 0.4;
      constexpr double kStoryDominance = 2.0;
      if (hits.empty() && leans_on_a_story &&
          std::ranges::all_of(own_query, [](const QueryTerm& t) {
            return !t.required || IsQuestionForm(t.alternatives.front().term);
          })) {
        const std::vector<Hit> loose = index_.Search(query, 2, kStoryCoverage);
        if (!loose.empty() &&
            (loose.size() == 1 || loose[0].score >= kStoryDominance * loose[1].score)) {
          hits.push_back(loose[0]);
        }
      }
      if (!own_query.empty() && AsksAloneForOne(own_query)) {
        query = std::move(own_query);
        hits = index_.Search(query, 4, kMinCoverage);
      }
      // A question of no topic of its own ("wat have u got and how much", "wats that gonna cost
      // us roughly") after a story that found nothing ("my daughter n her mates have got their
      // leavers prom in july at a hotel in the city centre") asks about the topics the story
      // names that the knowledge knows (the prom), not about all it tells (the hotel, the city
      // centre, July, the daughter), whose every word dilutes it below any answer. (A part that
      // points back at the story tries the story and itself together first, above.)
      // The story part just before, the nearest that "it" may point back at, is tried first
      // ("... my son is 12 but hes a bit funny around birds after a seagull swooped ... thinking
      // the owl thing might be gentler for him, how much is it": the owl encounter, not the
      // half-day of hawks and owls that all the story's birds find).
      if (!tells_a_story && asks_no_topic && chosen.empty() && !untold.empty() &&
          (!leans_on_a_story || hits.empty())) {
        for (const std::string& told_before : {last_untold, untold}) {
          std::vector<QueryTerm> named = KnownTopics(told_before);
          if (named.empty()) continue;
          for (const QueryTerm& t : index_.Analyze(part)) {
            if (t.required) named.push_back(t);
          }
          if (std::vector<Hit> told = index_.Search(named, 4, kMinCoverage); !told.empty()) {
            query = std::move(named);
            hits = std::move(told);
            break;
          }
        }
      }
      // A question followed by the case it is asked for ("can i change the day if my rota gets
      // moved about last min") is the question alone when the case's words leave nothing
      // covered, the case alone finds nothing ("what happens money wise if we cancel" is the
      // cancellation) and the question singles out one passage.
      if (hits.empty() && !tells_a_story) {
        const std::string lower = core::ToLowerAscii(part);
        if (const std::size_t at = lower.find(" if ");
            at != std::string::npos && at > 0 &&
            index_.Search(lower.substr(at + 4), 1, kMinCoverage).empty()) {
          std::vector<QueryTerm> asked = index_.Analyze(lower.substr(0, at));
          if (AsksAloneForOne(asked)) {
            query = std::move(asked);
            hits = index_.Search(query, 4, kMinCoverage);
          }
        }
      }
      // A story kept with the question after it, that together find nothing ("they sleep curled
      // up together every night. can they bunk in together"), is the question alone when that
      // opens its sentence and singles out one passage.
      if (hits.empty() && !tells_a_story) {
        if (const std::size_t at = part.rfind(". "); at != std::string::npos) {
          const std::string_view asked_text = std::string_view{part}.substr(at + 2);
          std::vector<QueryTerm> asked = index_.Analyze(asked_text);
          if (OpensAsAQuestionAfterLeadIn(asked_text) && AsksAloneForOne(asked)) {
            query = std::move(asked);
            hits = index_.Search(query, 4, kMinCoverage);
          }
        }
      }
      // A knowledge entry the part covers as well as a sentence of the company's description
      // comes before it ("what if the whole thing has to come down": the felling prices, not
      // "a tree surgery business offering felling, pruning, ...").
      // (Not when the part names a topic the knowledge never does: "do you sell the tablets for
      // dishwasher" is no fitting question.)
      // (Only a tie of passages that cover the part in full: "small village" half covers both.)
      constexpr double kCompanyTieCoverage = 0.9;
      if (!hits.empty() && hits.front().passage->kind == local::PassageKind::kCompanyInfo &&
          hits.front().coverage >= kCompanyTieCoverage && !NamesAnUnknownTopic(query)) {
        const double best = hits.front().coverage;
        std::stable_partition(hits.begin(), hits.end(), [&](const Hit& hit) {
          return hit.passage->kind == local::PassageKind::kFaq && hit.coverage >= best;
        });
      }
      // Among passages the part covers, one whose age bracket holds the age the message gives
      // comes first, unless the part asks how long ("I'd like an eye test for my dad, he's 72":
      // "free for over-60s", not "takes about 30 minutes"); a topic word still comes before it.
      const bool asks_duration = std::ranges::any_of(query, [](const QueryTerm& t) {
        return t.required && t.alternatives.front().term == DurationTerm();
      });
      // (Not one the part covers by much less than the best: "do u do just soft play without the
      // farm bit? my boy is 3": the soft-play-only tickets, not the soft play barn's ages.)
      if (message_age_ && !asks_duration) {
        PutFirstAmongTheNearlyAsCovered(
            hits, [&](const local::Passage& passage) { return HoldsTheAge(passage); });
      }
      // A time of day the message gives ("its tuesday about 11pm, how much for someone to come
      // out now") puts first a passage whose hours hold it ("Call-outs between 6pm and 8am cost
      // £109", not the daytime call-out), among those the part covers nearly as well.
      if (message_time_) {
        PutFirstAmongTheNearlyAsCovered(hits, [&](const local::Passage& passage) {
          return local::HoursHold(passage.text, *message_time_);
        });
      }
      // For a price, a passage that prices the group the message counts ("how much is that for
      // just the two of us": "£68 for 2 players") comes first.
      if (asks_price && !group_size_.empty()) {
        const std::regex group_price = GroupPricePattern(group_size_);
        std::stable_partition(hits.begin(), hits.end(), [&](const Hit& hit) {
          return std::regex_search(hit.passage->text, group_price);
        });
      }
      // For the cheapest ("whats the cheapest tyre youve got"), a passage that states where
      // prices start ("Budget tyres start from £49") comes first.
      if (asks_price && cues_.asks_cheapest) {
        std::stable_partition(hits.begin(), hits.end(), [](const Hit& hit) {
          return StatesWherePricesStart(hit.passage->text);
        });
      }
      // For a price, a passage that states an amount outranks one that only speaks of a price
      // ("how much was the deposit": "a deposit of £100", not "free of charge ... lose the
      // deposit"); a topic word still comes first (below).
      if (asks_price) {
        std::stable_partition(hits.begin(), hits.end(), [](const Hit& hit) {
          return local::StatesASum(hit.passage->text) || StatesNoCharge(hit.passage->text) ||
                 StatesAPriceCut(hit.passage->text);
        });
      }
      // "how many kids are in his class": a passage that states a limit of a count of what is
      // asked about ("no class has more than 14 children") answers how many, when the part, read
      // without its "many", covers it as well as the best (not "no more than 5 children per
      // teacher" for "how many levels").
      if (local::ContainsWord(part, "how many")) {
        static const std::string kMany = local::Terms("many").front();
        std::vector<QueryTerm> counted = query;
        std::erase_if(counted,
                      [](const QueryTerm& t) { return t.alternatives.front().term == kMany; });
        const double best = hits.empty() ? kMinCoverage : hits.front().coverage;
        for (const Hit& hit : index_.Search(counted, 4, kMinCoverage)) {
          const bool limit =
              std::ranges::any_of(CountLimitUnits(hit.passage->text), [&](const auto& unit) {
                return !unit.empty() && HoldsAnAlternative(counted, local::Terms(unit));
              });
          if (limit && hit.coverage >= best) {
            std::erase_if(hits, [&](const Hit& h) { return h.passage == hit.passage; });
            hits.insert(hits.begin(), hit);
            break;
          }
        }
      }
      // A passage that has a topic word of the part outranks one that only has its question form
      // ("how much is the deposit": the deposit passage, not the corkage fee).
      std::stable_partition(hits.begin(), hits.end(),
                            [&](const Hit& hit) { return HasATopicWord(query, hit); });
      // A follow-up that asks only a question form (how long, how much, is it free) and that the
      // entry just answered cannot answer: a passage that covers it as said (not through a
      // related word) comes before one that covers it less well but shares more of the context
      // ("how long would that take" after the screen replacement's price: the entry that says
      // how long a repair takes, not the battery's 6-month warranty). When the entry just
      // answered is among the hits, the thread goes on; a topic word ("leave before that") is
      // left to the context.
      // (An entry whose only times are rates, "£5 per 15 minutes" of the dematting fee, is no
      // answer to "how long would i be without her": the groom's duration is.)
      const bool last_among = std::ranges::any_of(hits, [&](const Hit& hit) {
        return static_cast<int>(hit.index) == state_.last_entry &&
               (hit.coverage >= kFullCoverage || !OnlyRatesOfTime(hit.passage->text));
      });
      const bool only_question_form = std::ranges::all_of(query, [](const QueryTerm& t) {
        return !t.required || IsQuestionForm(t.alternatives.front().term);
      });
      if (follow_up && only_question_form && !last_among && !hits.empty() &&
          hits.front().coverage < kFullCoverage) {
        const auto full = std::ranges::find_if(
            hits, [](const Hit& hit) { return hit.coverage >= kFullCoverage; });
        if (full != hits.end()) std::rotate(hits.begin(), full, full + 1);
      }
      // A follow-up with a topic of its own ("and the diesel, is that extra" after the deposit):
      // a passage that covers the part's own words outranks one that shares more of the context
      // but covers them by half.
      constexpr double kHalfCovered = 0.75;
      constexpr double kWellCovered = 0.9;
      if (follow_up && !only_question_form && !hits.empty() &&
          hits.front().coverage < kHalfCovered) {
        const auto covered = std::ranges::find_if(
            hits, [&](const Hit& hit) { return hit.coverage >= kWellCovered; });
        if (covered != hits.end()) std::rotate(hits.begin(), covered, covered + 1);
      }
      // When the best passage holds no word of the part itself, only words related to them, the
      // one just answered continues the thread if the part covers it as fully ("can I add a
      // note" after the gift wrapping: its message card, not a bank note's payment methods).
      if (!follow_up && state_.last_entry >= 0 && hits.size() > 1 &&
          !HoldsAWordOfItself(query, hits.front())) {
        const auto last = std::ranges::find_if(hits, [&](const Hit& hit) {
          return hit.index == static_cast<std::size_t>(state_.last_entry);
        });
        if (last != hits.end() && last->coverage >= hits.front().coverage) {
          std::rotate(hits.begin(), last, last + 1);
        }
      }
      // A follow-up that points back ("what guarantee do they come with" after the refurbished
      // laptops) and whose every topic word the entry just answered holds goes on with that
      // entry, before another that holds them too (the repairs' warranty); after a part of the
      // same message it points at what that part named ("also theres an old safe in the loft
      // and nobody knows the code, can you get it open": the safes, not the door handle's repair
      // answered before).
      if (follow_up && !after_a_part && PointsBack(part) && state_.last_entry >= 0 &&
          hits.size() > 1) {
        const auto last_index = static_cast<std::size_t>(state_.last_entry);
        bool topic = false;
        const bool holds_all = std::ranges::all_of(query, [&](const QueryTerm& t) {
          if (!t.required || IsQuestionForm(t.alternatives.front().term)) return true;
          topic = true;
          return std::ranges::any_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
            return index_.Holds(last_index, a.term);
          });
        });
        const auto last =
            std::ranges::find_if(hits, [&](const Hit& hit) { return hit.index == last_index; });
        if (topic && holds_all && last != hits.end()) std::rotate(hits.begin(), last, last + 1);
      }
      // Within one message, a part that asks only how long, after a part just answered ("can i
      // bank transfer it and how long have i got": the payment terms' 14 days), is answered by
      // that passage when it states a duration, not by another (nor by the entry of the turn
      // before).
      if (asks_duration && only_question_form && answered_before != nullptr && !hits.empty()) {
        const std::optional<Hit> before = HitFor(query, *answered_before, kMinCoverage);
        if (before && CountTimeSpans(before->passage->text).durations > 0) {
          hits.insert(hits.begin(), *before);
        }
      }
      // A follow-up within one message that the passage of the part before covers as fully as
      // any other ("maybe 15 mile from northampton. you charge us to come or no": the travel
      // charge, not the booking fee) goes on with that passage, and so says nothing new, when
      // that passage alone answered the part before well (not the end-of-tenancy clean that
      // "clean my flat" found, for "once a week, what do you charge").
      if (follow_up && answered_before != nullptr && answered_before_coverage >= kWellCovered &&
          !hits.empty()) {
        const auto before = std::ranges::find_if(
            hits, [&](const Hit& hit) { return hit.passage == answered_before; });
        if (before != hits.end() && before->coverage >= hits.front().coverage) {
          std::rotate(hits.begin(), before, before + 1);
        }
      }
      // Whether someone of that age may come at all ("my lad is 14 ..., can he be seen too") is
      // the passage whose bracket holds the age, before one the part's words cover (how soon
      // anyone is seen), unless the part asks a price or how long.
      // (It is said though the part names a topic the knowledge does not: "can he come alone
      // after school".)
      const local::Passage* for_the_age = nullptr;
      if (message_age_ && !asks_duration && !asks_price && AsksWhetherTheyMay(part) &&
          (hits.empty() || !HoldsTheAge(*hits.front().passage))) {
        // (When no bracket holds it, the passage whose brackets leave it out says they may not:
        // "the children are 7 and 10, can both of them come with the bees": "Children aged 8 and
        // over can join".)
        std::optional<Hit> hit = ByAgeBracket(query);
        if (!hit) hit = ByBracketsThatExclude(query);
        // (When the part's words find no passage that states ages, "age" finds them: "she is 6,
        // is she allowed to play" -> "Laser tag is for ages 7 and over".)
        if (!hit) {
          std::vector<QueryTerm> of_age = query;
          AddContext(of_age, "age");
          hit = ByAgeBracket(of_age);
          if (!hit) hit = ByBracketsThatExclude(of_age);
        }
        if (hit) {
          std::erase_if(hits, [&](const Hit& h) { return h.passage == hit->passage; });
          hits.insert(hits.begin(), *hit);
          for_the_age = hit->passage;
        }
      }
      // A part whose topic the knowledge never names is not answered by a passage that holds
      // only its question form ("my son is 12, does he have to pay?": not "small repairs are
      // free").
      const bool unknown_topic = NamesAnUnknownTopic(query);
      // A story told after a question that was answered ("is there any kind of deal on the first
      // one? bit skint this month after her birthday do") says why, not what else is asked: what
      // it finds by chance (the gift vouchers, through the birthday) is not said. A short
      // part with no verb is no story but the rest of the question ("how many can we fit on,
      // chairs and walking residents").
      // Nor does a story after a question about something the knowledge never names, which
      // found nothing ("does the dj wear a suit or is it more casual? my mum is obsessed with
      // everyone matching the colour scheme": not the uplighting that colour-matches).
      constexpr std::size_t kStoryWords = 4;
      if (tells_a_story && ((asked_before && !chosen.empty()) || asked_the_unknown) &&
          local::Tokenize(part).size() >= kStoryWords) {
        hits.clear();
      }
      // Nor does a story of what the customer has booked, before the question of the message
      // ("i booked the thursday evening class this week but ..., does it still go ahead if ..."):
      // the booking is had, not asked about (not the private evening classes).
      if (tells_a_story && part_at + 1 < parts.size() && TellsOfABooking(part)) hits.clear();
      // Nor does a story that names only who the message is about ("my daughter is 7, ... would
      // she be lost in ur classes"): the question after it says what.
      if (tells_a_story && part_at + 1 < parts.size() && NothingToLookUp(query)) hits.clear();
      // Nor does a short story of one topic word that many passages hold ("booked it!!": every
      // passage that speaks of a booking).
      if (tells_a_story && query.size() == 1 && local::Tokenize(part).size() < kStoryWords &&
          !SinglesOutOne(query, kMinCoverage)) {
        hits.clear();
      }
      for (const Hit& hit : hits) {
        if (Avoided(*hit.passage) ||
            (hit.passage != for_the_age && BracketsExclude(*hit.passage))) {
          continue;
        }
        if (asks_price && !SpeaksOfPrice(hit.passage->text)) continue;
        if (unknown_topic && hit.passage != for_the_age && !HasATopicWord(query, hit)) continue;
        if (unknown_topic && OpensAsAQuestionAfterLeadIn(part) && HoldsOnlyAServiceOf(query, hit)) {
          continue;
        }
        if (!Repeats(*hit.passage, chosen)) {
          chosen.push_back(hit);
          if (tells_a_story) {
            story_said = hit.passage;
            found_by_stories.push_back(hit.passage);
          }
          if (states_a_condition) found_by_conditions.push_back(hit.passage);
        }
        if (!tells_a_story && hit.passage->kind == local::PassageKind::kFaq) {
          question_found_an_entry = true;
          found_by_questions.push_back(query);
          questions_found_well = questions_found_well && hit.coverage >= kFoundWell && !follow_up;
        }
        if (story_found != nullptr && only_question_form && story_found != hit.passage &&
            HasATopicWord(story_query, hit)) {
          std::erase_if(chosen, [&](const Hit& h) { return h.passage == story_found; });
        }
        previous_answered = true;
        previous_passage = hit.passage;
        // A tie with another passage is no clear answer.
        previous_coverage = std::ranges::any_of(hits,
                                                [&](const Hit& other) {
                                                  return other.passage != hit.passage &&
                                                         other.coverage >= hit.coverage;
                                                })
                                ? 0.0
                                : hit.coverage;
        break;  // One passage per part: the best that is allowed.
      }
      // A follow-up that asks the price of more of what was just priced ("and theres a second
      // fireplace upstairs, what would it be for both of them" after the open fire's £65, each
      // extra flue £40), whose own words find nothing, is answered by that entry when it says
      // what each extra one costs.
      if (follow_up && asks_price && !previous_answered && PointsBack(part) && AsksForMore(part)) {
        if (const std::optional<Hit> last = LastEntryWithAnAmount();
            last && PricesEachExtra(last->passage->text)) {
          if (!Repeats(*last->passage, chosen)) chosen.push_back(*last);
          previous_answered = true;
          previous_passage = last->passage;
          previous_coverage = last->coverage;
        }
      }
      // A question of its own about something unknown that found nothing: a story after it says
      // why (above).
      if (!tells_a_story && !follow_up && !previous_answered && unknown_topic &&
          std::ranges::none_of(hits, [&](const Hit& hit) { return HasATopicWord(query, hit); })) {
        asked_the_unknown = true;
      }
      // A story that gives an age before the question ("my son turns 3 in january and ... do
      // you take it") is no question of what that age pays: the bracket answers only a part
      // that asks, or the last.
      if (!previous_answered && (!tells_a_story || part_at + 1 == parts.size())) {
        if (const std::optional<Hit> hit = ForTheAge(part, query)) {
          if (!Repeats(*hit->passage, chosen)) chosen.push_back(*hit);
          previous_answered = true;
          previous_passage = hit->passage;
          previous_coverage = hit->coverage;
        }
      }
      if (tells_a_story) {
        stories += part;
        stories += ' ';
      }
      if (previous_answered || !tells_a_story) {
        untold.clear();
        last_untold.clear();
      } else {
        untold += part;
        untold += ' ';
        last_untold = part;
      }
    }
    // What the business is, found by a story ("my wife dont want to swim she just wants a
    // coffee"), is not said before an entry that answers a question of the message.
    if (question_found_an_entry) {
      std::erase_if(chosen, [&](const Hit& hit) {
        return hit.passage->kind == local::PassageKind::kCompanyInfo &&
               std::ranges::find(found_by_stories, hit.passage) != found_by_stories.end();
      });
    }
    // What a condition found alone is not said beside the answer to the question it is the case
    // of, unless that question's words cover it too ("if i book one and then something comes
    // up, how much notice do i have to give u": the one-to-one's notice, not the booking's
    // payment nor the course refund), when the question found its answer well ("if im doing
    // about 30 orders a month is there any sort of deal for regulars": the business account the
    // condition found, beside the late-delivery refund that "full price" found) and does not
    // lean on the condition ("if it ends up piled up above the top will you still take it away").
    // Returns true iff every question that found an entry covers `hit`'s passage too.
    const auto covered_by_questions = [&](const Hit& hit) {
      return std::ranges::all_of(found_by_questions, [&](const std::vector<QueryTerm>& query) {
        return HitFor(query, *hit.passage, kMinCoverage).has_value();
      });
    };
    if (question_found_an_entry && questions_found_well && !asks_what_the_case_needs) {
      std::erase_if(chosen, [&](const Hit& hit) {
        return std::ranges::find(found_by_conditions, hit.passage) != found_by_conditions.end() &&
               !covered_by_questions(hit);
      });
    }
    // What a question found is said first, and so is the context of the next turn, before what
    // a story found that the question's words do not cover ("my girlfriend turns 30 next month
    // ... is there like a taster thing in a pool, whats it cost": the try-dive, then the gift
    // vouchers; "and for two?" is the try-dive's). A story's passage that they cover is kept
    // first ("my daughter is autistic ... is there anything for kids like her": the SEN
    // sessions, not the parties).
    if (question_found_an_entry) {
      std::stable_partition(chosen.begin(), chosen.end(), [&](const Hit& hit) {
        return std::ranges::find(found_by_stories, hit.passage) == found_by_stories.end() ||
               covered_by_questions(hit);
      });
    }
    // Nor is a passage the customer said they do not mean said ("not the baby ones": not the
    // parent-and-baby classes that "scared of the water" found).
    for (const std::string& part : excluded) {
      const std::vector<Hit> named = index_.Search(index_.Analyze(part), 1, kMinCoverage);
      if (named.empty()) continue;
      std::erase_if(chosen, [&](const Hit& hit) { return hit.passage == named.front().passage; });
    }
    return chosen;
  }

  // Returns true iff `part` opens with "before", "after", "once" or "when" and the customer
  // ("before i send it", "once we get back").
  static bool OpensWithAClauseOfWhen(std::string_view part) {
    const std::vector<std::string> words = local::Tokenize(part);
    return words.size() >= 3 &&
           (words[0] == "before" || words[0] == "after" || words[0] == "once" ||
            words[0] == "when") &&
           (words[1] == "i" || words[1] == "we");
  }

  // Returns true iff `part` names only what the customer does not mean ("not the baby ones",
  // "but not the deluxe", "rather than the premium"; not "not listed or anything" nor "not a
  // member yet", which tell).
  static bool ExcludesWhatItNames(std::string_view part) {
    const std::vector<std::string> words = local::Tokenize(part);
    std::size_t at = 0;
    while (at < words.size() && (words[at] == "but" || words[at] == "and")) ++at;
    if (at + 1 >= words.size()) return false;
    const std::string& next = words[at + 1];
    // A part of its own that only says what there is not ("2 of us walking on, no car, how
    // much": not the car's fare; "without a car"), other than a set phrase ("no worries").
    static constexpr std::array<std::string_view, 12> kSetPhrases = {
        "problem", "problems", "worries", "rush",   "thanks", "way",
        "idea",    "clue",     "probs",   "bother", "hurry",  "pressure"};
    const bool none = part.find('?') == std::string_view::npos &&
                      ((words[at] == "no" && words.size() == at + 2 &&
                        std::ranges::find(kSetPhrases, words[at + 1]) == kSetPhrases.end()) ||
                       (words[at] == "without" && words.size() <= at + 3));
    return none || (words[at] == "not" && (next == "the" || next == "those" || next == "these")) ||
           (words[at] == "rather" && next == "than");
  }

  // Returns the one entry whose question names every topic word of `query` (a required term
  // other than a question form, as the customer or the index writes it), or nullptr when no
  // entry or more than one does, or `query` has no topic word.
  const local::Passage* OneEntryIsAbout(const std::vector<QueryTerm>& query) const {
    const local::Passage* found = nullptr;
    bool topic = false;
    for (const local::Passage& p : index_.passages()) {
      if (p.kind != local::PassageKind::kFaq) continue;
      bool names_all = true;
      for (const QueryTerm& t : query) {
        if (!t.required || IsQuestionForm(t.alternatives.front().term)) continue;
        topic = true;
        const bool named =
            std::ranges::any_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
              return std::ranges::binary_search(p.question_words, a.term);
            });
        if (!named) {
          names_all = false;
          break;
        }
      }
      if (!topic) return nullptr;
      if (!names_all) continue;
      if (found != nullptr) return nullptr;
      found = &p;
    }
    return found;
  }

  // Returns true iff `query` has a topic term (not a question form) that no passage holds, in
  // none of its alternatives.
  bool NamesAnUnknownTopic(const std::vector<QueryTerm>& query) const {
    return std::ranges::any_of(query, [&](const QueryTerm& t) {
      return t.required && !IsQuestionForm(t.alternatives.front().term) &&
             std::ranges::none_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
               return index_.Knows(a.term);
             });
    });
  }

  // Returns true iff the entry just answered holds a topic term of `query` (not only its
  // question form nor a time: "wat night is it on" after "every Thursday at 7pm"), or `query`
  // has none, or no entry was answered.
  bool LastEntryHoldsATopicOf(const std::vector<QueryTerm>& query) const {
    if (state_.last_entry < 0) return true;
    const auto last = static_cast<std::size_t>(state_.last_entry);
    bool topic = false;
    for (const QueryTerm& t : query) {
      const std::string& term = t.alternatives.front().term;
      if (!t.required || IsQuestionForm(term) || local::NamesAPersonOrATime(term)) continue;
      topic = true;
      if (std::ranges::any_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
            return index_.Holds(last, a.term);
          })) {
        return true;
      }
    }
    return !topic;
  }

  // Returns true iff `hit`'s passage holds a required term of `query` as the part says it (or
  // its spelling fix, or its synonym), not only a term related to it.
  bool HoldsAWordOfItself(const std::vector<QueryTerm>& query, const Hit& hit) const {
    return std::ranges::any_of(query, [&](const QueryTerm& t) {
      return t.required && index_.Holds(hit.index, t.alternatives.front().term);
    });
  }

  // Returns true iff the only topic words of `query` that `hit`'s passage holds are what a
  // business does ("teach", "repair", "fix"), not the thing asked about ("do you teach French":
  // the subjects taught do not say French). Asked of a part that opens as a question: in a story
  // ("my gears slip, how much to sort that out") the thing is what the service sees to.
  bool HoldsOnlyAServiceOf(const std::vector<QueryTerm>& query, const Hit& hit) const {
    // ("sell", "stock", "offer" and "do" are stop words: they never reach the query.)
    static const std::vector<std::string> kServices = local::Terms("teach repair");
    bool holds = false;
    for (const QueryTerm& t : query) {
      if (!t.required || IsQuestionForm(t.alternatives.front().term)) continue;
      const bool held = std::ranges::any_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
        return index_.Holds(hit.index, a.term);
      });
      if (!held) continue;
      if (std::ranges::find(kServices, t.alternatives.front().term) == kServices.end()) {
        return false;
      }
      holds = true;
    }
    return holds;
  }

  // Returns true iff `hit`'s passage holds a required term of `query` (or a term that stands for
  // it) other than the price, a duration or "free".
  bool HasATopicWord(const std::vector<QueryTerm>& query, const Hit& hit) const {
    return std::ranges::any_of(query, [&](const QueryTerm& t) {
      if (!t.required || IsQuestionForm(t.alternatives.front().term)) return false;
      return std::ranges::any_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
        return index_.Holds(hit.index, a.term);
      });
    });
  }

  // The index terms of a price ("how much", "cost", ...), a duration ("how long") and "free".
  static const std::string& PriceTerm() {
    static const std::string kTerm = local::Terms("price").front();
    return kTerm;
  }
  static const std::string& DurationTerm() {
    static const std::string kTerm = local::Terms("duration").front();
    return kTerm;
  }

  // Returns true iff index term `term` is the form of a question rather than its topic: the
  // price, a duration, "free", a time ("what times are the tours").
  static bool IsQuestionForm(const std::string& term) {
    static const std::string kFree = local::Terms("free").front();
    static const std::string kTime = local::Terms("time").front();
    return term == PriceTerm() || term == DurationTerm() || term == kFree || term == kTime;
  }

  // Returns true iff a required term of `query` is the price term and none is a duration ("how
  // much are varifocals", not "how much time does it take").
  static bool AsksPrice(const std::vector<QueryTerm>& query) {
    bool price = false;
    for (const QueryTerm& t : query) {
      if (!t.required) continue;
      const std::string& word = t.alternatives.front().term;
      if (word == DurationTerm()) return false;
      price = price || word == PriceTerm();
    }
    return price;
  }

  // Returns true iff `query` has terms and every one is `term`.
  static bool AsksOnly(const std::vector<QueryTerm>& query, const std::string& term) {
    return !query.empty() && std::ranges::all_of(query, [&](const QueryTerm& t) {
      return t.alternatives.front().term == term;
    });
  }

  // The term of the notice asked for ("how far ahead", "how much notice").
  static const std::string& NoticeTerm() {
    static const std::string kTerm = local::Terms("notice").front();
    return kTerm;
  }

  // Returns true iff `text` says how long before something it must be done ("at least 48 hours
  // before the appointment", "2 weeks in advance").
  static bool StatesHowLongBefore(std::string_view text) {
    static const std::regex kBefore(
        R"(\b\d+ (minutes?|hours?|days?|weeks?|months?)('s?)? (before|in advance|ahead|notice)\b)",
        std::regex::icase);
    return std::regex_search(text.begin(), text.end(), kBefore);
  }

  // Returns true iff `query` asks the price and nothing else, each or per person aside ("how
  // much is it", "the cost?", "hows much per head").
  static bool AsksOnlyThePrice(const std::vector<QueryTerm>& query) {
    // (Each, per person or per head: "wat do u do for stags and hows much per head" is the
    // stags' price, not the one session price that says "per person".)
    static const std::vector<std::string> kEach = local::Terms("per person");
    return std::ranges::any_of(
               query,
               [](const QueryTerm& t) { return t.alternatives.front().term == PriceTerm(); }) &&
           std::ranges::all_of(query, [](const QueryTerm& t) {
             const std::string& term = t.alternatives.front().term;
             return term == PriceTerm() || std::ranges::find(kEach, term) != kEach.end();
           });
  }

  // Returns true iff `query` asks how long and names nothing else but people and times ("how
  // long is the man here for").
  static bool AsksOnlyHowLong(const std::vector<QueryTerm>& query) {
    bool how_long = false;
    for (const QueryTerm& t : query) {
      const std::string& term = t.alternatives.front().term;
      if (term == DurationTerm()) {
        how_long = true;
      } else if (t.required && !local::NamesAPersonOrATime(term)) {
        return false;
      }
    }
    return how_long;
  }

  // Returns true iff `text` states how long something takes or lasts ("takes 90 minutes", "done
  // in half a day"), not only a rate ("£9 per 15 minutes").
  static bool StatesADuration(std::string_view text) {
    const std::string lower = core::ToLowerAscii(text);
    return CountTimeSpans(text).durations > 0 ||
           ContainsAnyWord(lower, {"half a day", "half an hour", "an hour", "a day", "all day"});
  }

  // Returns true iff `query` asks only what time something starts or ends ("what time does it
  // start", "when does it finish").
  static bool AsksOnlyWhenItStarts(const std::vector<QueryTerm>& query) {
    static const std::vector<std::string> kWhen =
        local::Terms("time start starts begin finish day night");
    return !query.empty() && std::ranges::all_of(query, [](const QueryTerm& t) {
      return !t.required || std::ranges::find(kWhen, t.alternatives.front().term) != kWhen.end();
    });
  }

  // Returns true iff every term of `query` is "hour" ("what hours").
  static bool AsksOnlyTheHours(const std::vector<QueryTerm>& query) {
    static const std::string kHour = local::Terms("hours").front();
    return AsksOnly(query, kHour);
  }

  // The passage last answered (the context of a follow-up), if it is still in the index.
  const local::Passage* LastEntry() const {
    const auto& passages = index_.passages();
    if (state_.last_entry < 0 || static_cast<std::size_t>(state_.last_entry) >= passages.size()) {
      return nullptr;
    }
    return &passages[static_cast<std::size_t>(state_.last_entry)];
  }

  // "is that including parts?", "and for both wheels?": a part that points back at what was
  // just said ("that", "they", "and for ...") and uses a word of the entry just answered as it is
  // written there ("parts extra", "per wheel"), not merely its price or duration, asks about that
  // entry, even where another passage shares more of its words ("included" in the bike hire).
  // Returns that entry as a hit; none otherwise.
  std::optional<Hit> LastEntryNamed(std::string_view part) const {
    const local::Passage* last = LastEntry();
    if (last == nullptr || Avoided(*last) || BracketsExclude(*last)) return std::nullopt;
    const std::string lower = core::ToLowerAscii(core::TrimAscii(part));
    if (!StartsAsFollowUp(part) &&
        !ContainsAnyWord(lower, {"it", "that", "this", "they", "them", "those"})) {
      return std::nullopt;  // "is there ...", "one" and a person are looser pointers.
    }
    std::unordered_set<std::string> written;
    for (const std::string& token : local::Tokenize(last->question + " " + last->text)) {
      written.insert(local::Stem(token));
    }
    const bool named = std::ranges::any_of(local::Tokenize(part), [&](const std::string& token) {
      if (local::IsStopWord(token) || !written.contains(local::Stem(token))) return false;
      const std::vector<std::string> terms = local::Terms(token);
      return terms.size() == 1 && !IsQuestionForm(terms.front());
    });
    if (!named) return std::nullopt;
    // Not when the part also names something else the knowledge holds and that entry does not,
    // and that finds another passage ("if you put new bits on and they pack in, am i covered":
    // the guarantee, not the service that fits new cables).
    const std::vector<QueryTerm> query = index_.Analyze(part);
    const auto last_index = static_cast<std::size_t>(state_.last_entry);
    // ("is that including parts?" asks of the entry: "including" is a question form here.)
    static const std::string kIncluded = local::Terms("included").front();
    const bool names_another = std::ranges::any_of(query, [&](const QueryTerm& t) {
      const std::string& term = t.alternatives.front().term;
      if (!t.required || IsQuestionForm(term) || term == kIncluded) return false;
      return std::ranges::any_of(
                 t.alternatives,
                 [&](const QueryTerm::Alternative& a) { return index_.Knows(a.term); }) &&
             std::ranges::none_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
               return index_.Holds(last_index, a.term);
             });
    });
    if (names_another) {
      const std::vector<Hit> best = index_.Search(query, 1, kMinCoverage);
      if (!best.empty() && best.front().passage != last) return std::nullopt;
    }
    return HitFor(query, *last);
  }

  // `passage` as a hit of `query`, if it covers `min_coverage` of it; none otherwise.
  std::optional<Hit> HitFor(const std::vector<QueryTerm>& query, const local::Passage& passage,
                            double min_coverage = 0.0) const {
    for (const Hit& hit : index_.Search(query, index_.passages().size(), min_coverage)) {
      if (hit.passage == &passage) return hit;
    }
    return std::nullopt;
  }

  // Returns true iff `text` (rewritten: RewritePhrases) asks how to go about something already
  // spoken of ("what do I have to do", "how does that work", "what's the process").
  static bool AsksHowToGoAbout(std::string_view text) {
    const std::string lower = core::ToLowerAscii(text);
    for (std::string_view ask :
         {"what do i have to do", "what do i need to do", "what do we have to do",
          "what do we need to do", "how do i do that", "how do i do it", "how is that done",
          "how is it done", "how would that be done", "how would it be done", "what's the process",
          "whats the process", "what is the process", "what are the steps", "how do i go about"}) {
      if (lower.find(ask) != std::string::npos) return true;
    }
    return false;
  }

  // The entry last answered, as a hit, if it states an amount of money ("£20", "$5", "20
  // pounds"); none otherwise.
  std::optional<Hit> LastEntryWithAnAmount() const {
    const local::Passage* last = LastEntry();
    if (last == nullptr || Avoided(*last) || !SpeaksOfPrice(last->text)) return std::nullopt;
    Hit hit = index_.HitAt(static_cast<std::size_t>(state_.last_entry));
    hit.score = hit.coverage = hit.rank = 1;
    return hit;
  }

  // The N of a message that opens with "and for N" ("what about N", "how about N"), or empty.
  std::string CountAskedFor() const {
    static const std::regex kAsked(
        R"(^\s*(and|what about|how about)( for)? ([0-9]+)\b(?! ?(am|pm|%)))", std::regex::icase);
    std::smatch m;
    return std::regex_search(cues_.lower, m, kAsked) ? m[3].str() : std::string();
  }

  // Returns true iff `text` states `count` as a count of people ("serving 35 people", "for up
  // to 12 guests").
  static bool StatesACountOf(const std::string& text, const std::string& count) {
    const std::regex stated("\\b" + count +
                            " (people|guests|children|kids|adults|persons|players|pupils)\\b");
    return std::regex_search(core::ToLowerAscii(text), stated);
  }

  // Returns true iff `part` asks about more than one of something, or more of it ("both of
  // them", "a second one", "till the monday").
  static bool AsksForMore(std::string_view part) {
    return ContainsAnyWord(core::ToLowerAscii(part),
                           {"both", "second", "another", "extra", "two", "2", "three", "3",
                            "longer", "till", "until", "more"});
  }

  // Returns true iff `text` says what each extra one costs ("each extra flue swept on the same
  // visit is £40", "each extra day costs £180").
  static bool PricesEachExtra(std::string_view text) {
    return ContainsAnyWord(core::ToLowerAscii(text),
                           {"each extra", "every extra", "per extra", "each additional",
                            "every additional", "per additional", "each further"});
  }

  // Returns true iff `word` (lower case) is a unit of time, distance, weight or volume: "at least
  // 48 hours", "up to 18 miles" are no counts of people or things.
  static bool IsAUnit(std::string_view word) {
    static constexpr std::array<std::string_view, 24> kUnits = {
        "hour", "hours", "day",   "days",   "week",   "weeks",   "month", "months",
        "year", "years", "min",   "mins",   "minute", "minutes", "mile",  "miles",
        "km",   "kg",    "metre", "metres", "meter",  "meters",  "litre", "litres"};
    return std::ranges::find(kUnits, word) != kUnits.end();
  }

  // Returns true iff `text` states a limit on a count: "a minimum of 12 children", "for up to 24
  // guests", "at least 6 people", "groups of 8 or more" (not "at least 48 hours ahead").
  static bool StatesACountLimit(std::string_view text) {
    static const std::regex kOrMore(R"(\b([0-9]+) or (more|fewer|less)\b)", std::regex::icase);
    return !CountLimitUnits(text).empty() || std::regex_search(core::ToLowerAscii(text), kOrMore);
  }

  // Returns what each limit on a count in `text` counts ("no class has more than 14 children":
  // "children"; empty where no word follows the number), not a duration or a distance.
  static std::vector<std::string> CountLimitUnits(std::string_view text) {
    static const std::regex kLimit(
        R"(\b(minimum( order)?( of)?|min|at least|up to|maximum( of)?|max|(no )?more than|(no )?fewer than) ([0-9]+)([^0-9a-z%°]+([a-z]+))?)",
        std::regex::icase);
    std::vector<std::string> units;
    const std::string lower = core::ToLowerAscii(text);
    for (auto it = std::sregex_iterator(lower.begin(), lower.end(), kLimit);
         it != std::sregex_iterator(); ++it) {
      const std::string unit = (*it)[9].str();
      const std::size_t after = static_cast<std::size_t>(it->position(7) + it->length(7));
      if (after < lower.size() && (lower[after] == '%' || lower.compare(after, 2, "\u00b0") == 0)) {
        continue;
      }
      if (!IsAUnit(unit)) units.push_back(unit);
    }
    return units;
  }

  // Returns true iff a required term of `query` (one of the part's own words, not of its
  // context) has one of `terms` among its alternatives.
  static bool HoldsAnAlternative(const std::vector<QueryTerm>& query,
                                 const std::vector<std::string>& terms) {
    return std::ranges::any_of(query, [&](const QueryTerm& t) {
      return t.required &&
             std::ranges::any_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
               return std::ranges::find(terms, a.term) != terms.end();
             });
    });
  }

  // Returns true iff `text` gives a count ("only about 10 kids", "26 of us") and asks whether it
  // will do ("is that enough", "is that ok?", "is that doable", "can they all come").
  static bool ChecksACount(std::string_view text) {
    static const std::regex kCount(R"((^|[^0-9£$.:])([0-9]+)(?![0-9%.:]| ?(am|pm)\b))");
    static const std::regex kWillItDo(
        R"(\b((is|would|will) (that|it|this) (be )?(ok|okay|alright|all right|enough|fine|doable|possible|too many|too few|a problem|an issue)|(can|could) you (take|fit|manage|handle|cater for|accommodate) (a group|groups|that many|us all|a party)|(a group|one) that (big|size|large)|(need|want|book|hire|get|have) for (that many|so many|us all|all of us)|(can|could|will) (they|we|them|everyone|everybody) all (come|join|play|fit|go)|(can|could|will) (all of (them|us)|the lot|everyone|everybody) (come|join|play|fit|go))\b)",
        std::regex::icase);
    const std::string lower = core::ToLowerAscii(text);
    if (!std::regex_search(lower, kWillItDo)) return false;
    // "theyre 13 and 14", "shes 6", "some are only 7 or 8 years": ages, not a count.
    static const std::regex kAge(R"(\b(they.?re|he.?s|she.?s|i.?m|aged?|turns|turning) [0-9]+|)"
                                 R"(\b[0-9]+ (or|and|to) [0-9]+ (years?|yrs?|yo)\b)");
    if (std::regex_search(lower, kAge)) return false;
    for (auto it = std::sregex_iterator(lower.begin(), lower.end(), kCount);
         it != std::sregex_iterator(); ++it) {
      const std::size_t after = static_cast<std::size_t>(it->position(2) + it->length(2));
      const std::size_t start = lower.find_first_not_of(' ', after);
      if (start == std::string::npos) return true;
      const std::size_t end = lower.find_first_of(" ,.!?", start);
      if (!IsAUnit(lower.substr(start, end - start))) return true;
    }
    return false;
  }

  // Returns true iff `text` states that something costs nothing extra ("with no travel charge",
  // "at no extra cost") or is free ("our hearing tests are free"): an amount, as the price
  // question asks, unlike "free of charge if ...".
  static bool StatesNoCharge(std::string_view text) {
    static const std::regex kNoCharge(R"(\bno( [a-z-]+)? (charge|cost|fee)s?\b|\b(is|are) free\b)",
                                      std::regex::icase);
    return std::regex_search(text.begin(), text.end(), kNoCharge);
  }

  // Returns true iff `text` states a price as a share of another ("pay half price", "20% off").
  static bool StatesAPriceCut(std::string_view text) {
    static const std::regex kCut(R"(\bhalf[- ]price\b|\b\d+% (off|discount)\b)", std::regex::icase);
    return std::regex_search(text.begin(), text.end(), kCut);
  }

  // The numbers of `text` that count people ("15 mates", "20 kids"), as written.
  static std::vector<std::string> CountsOfPeople(const std::string& text) {
    static const std::regex kCount(
        R"(\b(\d+) (mates|friends|pals|kids|children|guests|people|adults|girls|boys)\b)",
        std::regex::icase);
    std::vector<std::string> counts;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kCount);
         it != std::sregex_iterator(); ++it) {
      counts.push_back((*it)[1].str());
    }
    return counts;
  }

  // The size of the group a message counts, as digits ("just the two of us", "for 3 people",
  // "a party of four": "2", "3", "4"), or empty.
  static std::string GroupSize(const std::string& lower) {
    static const std::regex kGroup(
        R"(\b(2|3|4|5|6|two|three|four|five|six) of us\b|)"
        R"(\bfor (2|3|4|5|6|two|three|four|five|six) (people|players|adults|guests|persons)\b|)"
        R"(\bparty of (2|3|4|5|6|two|three|four|five|six)\b)");
    std::smatch m;
    if (!std::regex_search(lower, m, kGroup)) return {};
    std::string word = m[1].matched ? m[1].str() : m[2].matched ? m[2].str() : m[4].str();
    static constexpr std::array<std::string_view, 5> kWords = {"two", "three", "four", "five",
                                                               "six"};
    for (std::size_t i = 0; i < kWords.size(); ++i) {
      if (word == kWords[i]) return std::to_string(i + 2);
    }
    return word;
  }

  // Returns true iff `text` states where prices start: a budget, cheapest or lowest one
  // ("Budget tyres start from £49 each"; not any price "from £30", which every range has).
  static bool StatesWherePricesStart(std::string_view text) {
    static const std::regex kStart(R"(\b(budget|cheapest|lowest)\b)", std::regex::icase);
    return std::regex_search(text.begin(), text.end(), kStart);
  }

  // The pattern of a price for a group of `size` ("£68 for 2 players").
  static std::regex GroupPricePattern(const std::string& size) {
    return std::regex("£[0-9]+(\\.[0-9]+)? (for|per group of|per team of) " + size + "\\b");
  }

  // Returns true iff `text` says what something costs: an amount of money, "free", or a price word
  // ("costs depend on the weight").
  static bool SpeaksOfPrice(std::string_view text) {
    // (Read as the index reads it: "an escape rate of 18%" is no price.)
    const std::vector<std::string> terms = local::Terms(local::RewritePhrases(text));
    // "free of charge", "is free", not "fragrance-free" or "interest-free".
    static const std::regex kFree(R"((^|[^-a-z])free\b)", std::regex::icase);
    return local::StatesASum(text) || std::regex_search(text.begin(), text.end(), kFree) ||
           std::ranges::find(terms, PriceTerm()) != terms.end();
  }

  // Returns true iff the message gives an age and `passage` states a bracket that holds it. A
  // grown-up clears every child's minimum age, so that says nothing of them ("my girlfriend
  // turns 30": not "try-dives are open from age 8").
  bool HoldsTheAge(const local::Passage& passage) const {
    if (!message_age_) return false;
    constexpr double kGrownUpMonths = 18 * 12;
    const bool grown_up = message_age_->months >= kGrownUpMonths;
    const std::vector<local::AgeBracket> brackets = local::AgeBrackets(passage.text);
    return std::any_of(brackets.begin(), brackets.end(), [&](const local::AgeBracket& b) {
      return b.Contains(*message_age_) &&
             !(grown_up && b.low < kGrownUpMonths && std::isinf(b.high));
    });
  }

  // Returns true iff the message gives an age and `passage` states age brackets, none of which
  // holds it ("my dog is 5 years old" is not answered by "dogs over 10 years old get ...").
  bool BracketsExclude(const local::Passage& passage) const {
    if (!message_age_) return false;
    const std::vector<local::AgeBracket> brackets = local::AgeBrackets(passage.text);
    return !brackets.empty() &&
           std::none_of(brackets.begin(), brackets.end(),
                        [&](const local::AgeBracket& b) { return b.Contains(*message_age_); });
  }

  // The passage that answers `part` for the age the message gives: the entry just answered,
  // when the part points back at it and it states ages ("can my little sister come to that shes
  // 12" after the disco for ages 13 and over: whether she may, not another passage whose bracket
  // holds 12); otherwise ByAgeBracket.
  std::optional<Hit> ForTheAge(std::string_view part, const std::vector<QueryTerm>& query) const {
    if (!message_age_) return std::nullopt;
    if (const local::Passage* last = LastEntry();
        last != nullptr && PointsBack(part) && !local::AgeBrackets(last->text).empty()) {
      return index_.HitAt(static_cast<std::size_t>(state_.last_entry));
    }
    return ByAgeBracket(query);
  }

  // "my son is 12, does he have to pay?" after an eye test, "a 10 week old pup, what can you
  // do for her": the message gives someone's age and no passage covers it well enough, but
  // a passage states a bracket that holds that age ("free for under-16s", "puppies under 6
  // months"). The best such passage that `query` (with its context) matches at all is the
  // answer. When the query matches none of them, the one passage of the knowledge whose bracket
  // holds the age, if only one does ("my son is 10, does he pay?" -> "Children under 18 are seen
  // free of charge"); none otherwise.
  std::optional<Hit> ByAgeBracket(const std::vector<QueryTerm>& query) const {
    if (!message_age_) return std::nullopt;
    for (const Hit& hit : index_.Search(query, index_.passages().size(), 0.0)) {
      if (Avoided(*hit.passage) || hit.score <= 0) continue;
      if (HoldsTheAge(*hit.passage)) return hit;
    }
    std::optional<Hit> only;
    const auto& passages = index_.passages();
    for (std::size_t i = 0; i < passages.size(); ++i) {
      if (Avoided(passages[i]) || !HoldsTheAge(passages[i])) continue;
      if (only) return std::nullopt;  // Two could be meant.
      only = index_.HitAt(i);
    }
    return only;
  }

  // The best passage that `query` matches at all whose age brackets all leave out the age the
  // message gives (BracketsExclude), if any.
  std::optional<Hit> ByBracketsThatExclude(const std::vector<QueryTerm>& query) const {
    for (const Hit& hit : index_.Search(query, index_.passages().size(), 0.0)) {
      if (!Avoided(*hit.passage) && hit.score > 0 && BracketsExclude(*hit.passage)) return hit;
    }
    return std::nullopt;
  }

  // Returns true iff `passage` holds a topic word of `message` (MessageQuery) other than one of
  // time ("what time do you open in the mornings": the peak time's "time" is the question's own
  // word; the Pony Days hold the ponies).
  bool HoldsAWordBesidesTime(const std::vector<QueryTerm>& message,
                             const local::Passage& passage) const {
    static const std::vector<std::string> kTime =
        local::Terms("time times hour hours open opening close closing morning evening day");
    std::vector<QueryTerm> topic;
    for (const QueryTerm& t : message) {
      if (t.required && std::ranges::find(kTime, t.alternatives.front().term) == kTime.end()) {
        topic.push_back(t);
      }
    }
    const std::optional<Hit> hit = HitFor(topic, passage);
    return hit.has_value() && hit->coverage > 0;
  }

  // The message's query terms, its phrases rewritten once more (as the text overload of Search
  // always has).
  std::vector<QueryTerm> MessageQuery() const {
    return index_.Analyze(local::RewritePhrases(query_text_));
  }

  // Returns the share of `message`'s (MessageQuery) idf mass that `passage` matches (0 if it
  // matches none).
  double MessageCoverage(const std::vector<QueryTerm>& message,
                         const local::Passage& passage) const {
    const std::optional<Hit> hit = HitFor(message, passage);
    return hit ? hit->coverage : 0;
  }

  // Adds the terms of `context` that `query` lacks to it, as context terms (they add to the score,
  // not to the coverage).
  void AddContext(std::vector<QueryTerm>& query, const std::string& context) const {
    for (QueryTerm& term : index_.Analyze(context, kContextWeight, false)) {
      const bool dup = std::ranges::any_of(query, [&](const QueryTerm& q) {
        return q.alternatives.front().term == term.alternatives.front().term;
      });
      if (!dup) query.push_back(std::move(term));
    }
  }

  // Returns true iff `query` alone finds a passage and that passage scores at least 1.5 times
  // the next one. A knowledge entry is measured against the next entry: a sentence of the
  // company's description beside it ("hires out self-drive narrowboats" for "a licence to drive
  // one") is background, no rival answer.
  bool SinglesOutOne(const std::vector<QueryTerm>& query, double min_coverage) const {
    constexpr double kDominance = 1.5;
    std::vector<Hit> hits = index_.Search(query, 4, min_coverage);
    if (!hits.empty() && hits[0].passage->kind == local::PassageKind::kFaq) {
      std::erase_if(hits, [](const Hit& hit) {
        return hit.passage->kind == local::PassageKind::kCompanyInfo;
      });
    }
    return !hits.empty() && (hits.size() == 1 || hits[0].score >= kDominance * hits[1].score);
  }

  // Returns the query terms of `text` that name a topic the knowledge knows: a word it holds, or
  // a close relation of one (at least 0.6: not "part" through "leave"); no person, time or
  // question form. ("my daughter n her mates have got their leavers prom in july at a hotel":
  // the prom.)
  std::vector<QueryTerm> KnownTopics(std::string_view text) const {
    constexpr double kCloseRelation = 0.6;
    std::vector<QueryTerm> named = index_.Analyze(text);
    std::erase_if(named, [&](const QueryTerm& t) {
      const std::string& term = t.alternatives.front().term;
      return IsQuestionForm(term) || local::NamesAPersonOrATime(term) ||
             std::ranges::none_of(t.alternatives, [&](const QueryTerm::Alternative& a) {
               return a.factor >= kCloseRelation && index_.Knows(a.term);
             });
    });
    return named;
  }

  // Returns true iff `query` has a topic term: a required one that is no question form.
  static bool HasATopicTerm(const std::vector<QueryTerm>& query) {
    return std::ranges::any_of(query, [](const QueryTerm& t) {
      return t.required && !IsQuestionForm(t.alternatives.front().term);
    });
  }

  // Returns true iff `query`, asked alone, has a topic term (not only a question form) and
  // singles out one passage (SinglesOutOne).
  bool AsksAloneForOne(const std::vector<QueryTerm>& query) const {
    return HasATopicTerm(query) && SinglesOutOne(query, kMinCoverage);
  }

  // Splits the (rewritten) message into question parts: at "?" and at " and "/" also "/" plus "
  // where both sides carry index terms.
  std::vector<std::string> QuestionParts() const {
    std::vector<std::string> pieces(1);
    for (char c : query_text_) {
      // (A piece keeps its question mark: "And you are open on Monday?" asks, though no word of
      // it opens a question.)
      if (c == '?') pieces.back() += c;
      if (c == '?' || c == '\n') {
        pieces.emplace_back();
      } else {
        pieces.back() += c;
      }
    }
    std::vector<std::string> parts;
    for (std::string rest : pieces) {
      const std::size_t first_of_piece = parts.size();
      // "the little service and the big one": a closing "and" that only names another one of
      // what comes before is no question of its own, and has no word to look up that the rest
      // lacks ("big" would find a tyre "fitted").
      if (const std::size_t at = rest.rfind(" and "); at != std::string::npos) {
        const std::vector<std::string> words = local::Tokenize(rest.substr(at + 5));
        if (!words.empty() && words.size() <= 4 &&
            (words.back() == "one" || words.back() == "ones") && !OpensAQuestion(words.front())) {
          rest.resize(at);
        }
      }
      std::size_t from = 0;  // Joints before it are kept inside the part.
      for (;;) {
        std::size_t cut = std::string::npos;
        std::size_t length = 0;
        // A comma also separates a story from its question ("my fern keeps going brown, can
        // someone advise me?") when both sides carry index terms, and so does a full stop ("I
        // sell phone cases online. what do you do for businesses").
        for (std::string_view joint :
             {" and ", " also ", " plus ", " but ", ", and ", ", ", ". ", "! "}) {
          const std::size_t pos = rest.find(joint, from);
          if (pos != std::string::npos && pos < cut) {
            cut = pos;
            length = joint.size();
          }
        }
        // So does a "so" before a question ("my husband works all week so could someone come on
        // a saturday instead").
        if (const std::size_t so = SoBeforeAQuestion(rest, from, cut); so != std::string::npos) {
          cut = so;
          length = 4;
        }
        if (cut == std::string::npos) break;
        std::string left = rest.substr(0, cut);
        std::string right = rest.substr(cut + length);
        // Each side is analysed once, for the rules below.
        const std::vector<QueryTerm> right_terms = index_.Analyze(right);
        // A side that asks "what about" a time is a question of its own ("weekday drops are a
        // pain to be honest, what about saturdays").
        // So is one that asks of a day of the week ("..., and can you come on a Sunday?").
        if (NothingToLookUp(right_terms) && !AsksWhatAbout(right) &&
            !(OpensAsAQuestion(right) && local::NamesAWeekday(right))) {
          break;
        }
        const std::vector<QueryTerm> left_terms = index_.Analyze(left);
        // (A question of when what was just spoken of is on, "wat night is it on and how long do
        // we get", is one of its own; "do you take it and ..." still goes with the next piece.)
        if (NothingToLookUp(left_terms) &&
            (left_terms.empty() || !OpensAsAQuestionAfterLeadIn(left) || !PointsBack(left))) {
          // Nothing to look up on the left ("I'm 17 and ..."): it goes with the next piece, and
          // later joints still split.
          from = cut + length;
          continue;
        }
        // A story whose question speaks of it ("we've just got a kitten, what jabs does she
        // need") stays one part when, together, they find an answer: the question's "she" is the
        // story's kitten (alone, "we've just got a kitten" finds the cats' neutering).
        // Not when the question alone finds another passage that it covers better ("... a
        // friend at baby group recommended you. whats it cost for a whole day for a baby her
        // age": the full day's price, not the nursery's description).
        // A question that points back with only a question form ("and how long does that take,
        // i need it back to ride home at 5") asks of what was answered; the reason after it is
        // no part of it.
        const bool asks_only_of_the_answer =
            !HasATopicTerm(left_terms) && PointsBack(left) && OpensAsAQuestionAfterLeadIn(left);
        if (length == 2 && PointsBack(right) && !StartsAsFollowUp(right) &&
            !OpensAsAQuestion(left) && !asks_only_of_the_answer) {
          const std::vector<Hit> together = index_.Search(rest, 1, kMinCoverage);
          const std::vector<Hit> alone = index_.Search(right_terms, 1, kMinCoverage);
          if (!together.empty() &&
              (alone.empty() || alone.front().passage == together.front().passage ||
               alone.front().coverage <= together.front().coverage)) {
            from = cut + length;
            continue;
          }
        }
        // Two things one passage offers together ("a cut and blow-dry") are one question (a side
        // that opens as a question, "and is there a discount", is a second one by its form).
        if (length != 2 && !OpensAsAQuestion(right) &&
            OnePassageJoins(left_terms, right_terms, rest)) {
          from = cut + length;
          continue;
        }
        parts.push_back(std::move(left));
        rest = std::move(right);
        from = 0;
      }
      // (The question mark is the question's that a part before opens, if one does: "can we
      // bring our own balloons and a banner to decorate the party room?" asks once.)
      if (rest.ends_with('?') &&
          std::any_of(parts.begin() + static_cast<std::ptrdiff_t>(first_of_piece), parts.end(),
                      [](const std::string& part) { return AsksInAClause(part); })) {
        rest.pop_back();
      }
      if (!local::Terms(rest).empty()) parts.push_back(std::move(rest));
    }
    for (std::string& part : parts) part = TheAlternativeAnswered(std::move(part));
    return parts;
  }

  // Returns true iff `text` opens as the second of two questions joined by "or": an auxiliary
  // and who it is about ("can i ...", "am i ...", "do we ...", "is there ...").
  static bool OpensAnAlternativeQuestion(std::string_view text) {
    static const std::unordered_set<std::string_view> kAuxiliaries = {
        "can",   "could",  "do",    "does", "am",   "is",  "are", "will",
        "would", "should", "shall", "must", "have", "has", "need"};
    static const std::unordered_set<std::string_view> kWho = {
        "i", "we", "you", "u", "he", "she", "they", "it", "there", "my", "our", "the"};
    const std::vector<std::string> words = local::Tokenize(text);
    return words.size() >= 3 && kAuxiliaries.contains(words[0]) && kWho.contains(words[1]);
  }

  // A question that offers two alternatives ("can i watch from somewhere or am i stuck sat in
  // the car", "can you post stuff to my mums or do we have to come into town for it") is
  // answered by what the knowledge says of one of them: the alternative whose best passage
  // covers it most, and at least three quarters of it, when the question as a whole finds
  // nothing. Both alternatives finding nothing, or the same passage, keep the whole part.
  std::string TheAlternativeAnswered(std::string part) const {
    const std::size_t at = part.find(" or ");
    if (at == std::string::npos || part.find(" or ", at + 4) != std::string::npos) return part;
    const std::string_view left = std::string_view{part}.substr(0, at);
    const std::string_view right = std::string_view{part}.substr(at + 4);
    if (!OpensAsAQuestionAfterLeadIn(left) || !OpensAnAlternativeQuestion(right) ||
        !index_.Search(part, 1, kMinCoverage).empty()) {
      return part;
    }
    constexpr double kWellCovered = 0.75;
    const std::vector<Hit> first = index_.Search(std::string(left), 1, kWellCovered);
    const std::vector<Hit> second = index_.Search(std::string(right), 1, kWellCovered);
    if (first.empty() == second.empty() &&
        (first.empty() || first.front().passage == second.front().passage)) {
      return part;
    }
    if (second.empty() || (!first.empty() && first.front().coverage >= second.front().coverage)) {
      return std::string(left);
    }
    return std::string(right);
  }

  // Returns true iff a part of the message opens as a question, after a word or two that lead
  // into it, and names something to look up.
  bool APartAsks() const {
    return std::ranges::any_of(QuestionParts(), [&](const std::string& part) {
      return OpensAsAQuestionAfterLeadIn(part) && !NothingToLookUp(index_.Analyze(part));
    });
  }

  // Returns true iff the message asks a question ("?" or a question's opening) of its own that
  // names something to look up: not only a story, nor a rhetorical "what now?".
  bool AsksAQuestionWithATopic() const {
    if (!cues_.asks) return false;
    if (APartAsks()) return true;
    // A sentence the customer ends with a question mark asks, however it opens ("ok thank you.
    // last thing, he is very hairy, you have somebody there to wash him?").
    const std::string_view text = text_;
    for (std::size_t mark = text.find('?'); mark != std::string_view::npos;
         mark = text.find('?', mark + 1)) {
      const std::size_t end = text.find_last_of(".!?", mark == 0 ? 0 : mark - 1);
      const std::size_t start = mark == 0 || end == std::string_view::npos ? 0 : end + 1;
      if (!NothingToLookUp(index_.Analyze(text.substr(start, mark - start)))) return true;
    }
    // So does one that opens as a question after a full stop ("ta. oh also does my car insurance
    // cover me charging at yours").
    for (std::size_t stop = text.find_first_of(".!"); stop != std::string_view::npos;
         stop = text.find_first_of(".!", stop + 1)) {
      const std::size_t end = text.find_first_of(".!", stop + 1);
      const std::string_view sentence =
          text.substr(stop + 1, end == std::string_view::npos ? end : end - stop - 1);
      if (OpensAsAQuestionAfterLeadIn(sentence) && !NothingToLookUp(index_.Analyze(sentence))) {
        return true;
      }
    }
    return false;
  }

  // Returns true iff, in `lower` (which opens with a thanks), a sentence ends within its first
  // few words ("ta. oh ...", "thanks! and ...") or one more thing is asked ("thanks, also ...").
  static bool AsksMoreAfterTheThanks(std::string_view lower) {
    constexpr std::size_t kThanksLength = 24;
    const std::size_t end = lower.find_first_of(".!\n");
    return (end != std::string_view::npos && end < kThanksLength && end + 1 < lower.size() &&
            lower[end + 1] != '.' && lower[end + 1] != '!') ||
           ContainsAnyWord(lower, {"also", "one more thing", "another thing", "another question",
                                   "quick question", "last thing", "one last thing"});
  }

  // Returns true iff `lower` opens with a thanks ("thanks", "thank you", "cheers", "ta"), after
  // a word or two of delight ("aw brilliant thank u so much, will book a tues morning x").
  static bool OpensWithThanks(std::string_view lower) {
    const std::vector<std::string> words = local::Tokenize(lower);
    static const std::unordered_set<std::string_view> kDelight = {
        "aw",  "aww",    "ah",      "oh",      "ok",    "okay",    "brilliant", "brill",    "great",
        "fab", "lovely", "perfect", "amazing", "super", "awesome", "excellent", "wonderful"};
    constexpr std::size_t kMostDelight = 2;
    std::size_t at = 0;
    while (at < words.size() && at < kMostDelight && kDelight.contains(words[at])) ++at;
    if (at == words.size()) return false;
    const std::string& w = words[at];
    return w == "thanks" || w == "thank" || w == "thx" || w == "cheers" || w == "ta" || w == "ty";
  }

  // Returns true iff a piece whose index terms are `terms` has none but people and times ("and
  // saturday night" is when, not a second question), context aside.
  static bool NothingToLookUp(const std::vector<QueryTerm>& terms) {
    return std::ranges::all_of(terms, [](const QueryTerm& t) {
      return !t.required || local::NamesAPersonOrATime(t.alternatives.front().term);
    });
  }

  // Returns true iff the passage that best answers `whole` covers it, and holds a topic term (no
  // question form: "how much are they" is a second question) of each of its two sides, whose
  // index terms are `left` and `right` (a joint " and " inside one offer: "how much to get my hair
  // cut and blow dried" is the cut and blow-dry, not a cut and then a blow-dry).
  bool OnePassageJoins(const std::vector<QueryTerm>& left, const std::vector<QueryTerm>& right,
                       std::string_view whole) const {
    const std::vector<Hit> hits = index_.Search(whole, 1, kMinCoverage);
    if (hits.empty()) return false;
    auto holds_one_of = [&](const std::vector<QueryTerm>& terms) {
      return std::any_of(terms.begin(), terms.end(), [&](const QueryTerm& t) {
        const std::string& term = t.alternatives.front().term;
        return !IsQuestionForm(term) && index_.Holds(hits.front().index, term);
      });
    };
    return holds_one_of(left) && holds_one_of(right);
  }

  // Returns true iff `part` leans on what was said before: it starts with "and"/"what about",
  // has one index term, or has two with a pronoun ("how much is it").
  static bool IsFollowUp(std::string_view part, const std::vector<QueryTerm>& query) {
    if (query.size() <= 1 || AsksOnlyThePrice(query)) return true;
    return (query.size() <= 2 && PointsBack(part)) || StartsAsFollowUp(part);
  }

  static bool StartsAsFollowUp(std::string_view part) {
    const std::string lower = core::ToLowerAscii(core::TrimAscii(part));
    for (std::string_view lead : {"and ", "what about", "how about", "also ", "what if", "and?"}) {
      if (lower.rfind(lead, 0) == 0) return true;
    }
    return false;
  }

  // Returns true iff `part` opens with "what about" or "how about".
  static bool AsksWhatAbout(std::string_view part) {
    const std::string lower = core::ToLowerAscii(core::TrimAscii(part));
    return lower.starts_with("what about") || lower.starts_with("how about");
  }

  // Returns true iff `part` opens with the customer's booking ("i booked", "we've booked", "ive
  // ordered"), after any greeting or filler ("hiya , i booked").
  static bool TellsOfABooking(std::string_view part) {
    static const std::unordered_set<std::string_view> kLeads = {
        "hi",  "hiya", "hey",  "hello", "so",    "ok",  "okay",
        "and", "but",  "well", "oh",    "right", "yeah"};
    const std::vector<std::string> words = local::Tokenize(part);
    std::size_t at = 0;
    while (at < words.size() && kLeads.contains(words[at])) ++at;
    if (at < words.size() && (words[at] == "i" || words[at] == "we")) {
      ++at;
      if (at < words.size() && (words[at] == "have" || words[at] == "ve")) ++at;
    } else if (at < words.size() && (words[at] == "ive" || words[at] == "weve")) {
      ++at;
    } else {
      return false;
    }
    return at < words.size() &&
           (words[at] == "booked" || words[at] == "ordered" || words[at] == "bought");
  }

  // Returns true iff `part` starts as a follow-up or has a pronoun standing for something said.
  static bool PointsBack(std::string_view part) {
    const std::string lower = core::ToLowerAscii(core::TrimAscii(part));
    // "how many can we fit on altogether then": the one just spoken of.
    return StartsAsFollowUp(part) || lower.ends_with(" then") ||
           ContainsAnyWord(lower, {"it", "that", "this", "they", "them", "those", "one", "there",
                                   "he", "she", "him", "her", "his"});
  }

  // Returns true iff `passage` speaks of a topic the agent's instructions say to avoid.
  bool Avoided(const local::Passage& passage) const {
    if (instructions_.avoid.empty()) return false;
    const std::vector<std::string> terms = local::Terms(passage.question + " " + passage.text);
    return std::any_of(instructions_.avoid.begin(), instructions_.avoid.end(), [&](const auto& a) {
      return std::find(terms.begin(), terms.end(), a) != terms.end();
    });
  }

  // Returns true iff `passage` is one of `chosen` or mostly says what one of them says (60% of
  // its index terms, e.g. a companyInfo sentence restating a knowledge answer).
  static bool Repeats(const local::Passage& passage, const std::vector<Hit>& chosen) {
    const std::vector<std::string> terms = local::Terms(passage.text);
    for (const Hit& hit : chosen) {
      if (hit.passage == &passage) return true;
      const std::vector<std::string> other = local::Terms(hit.passage->text);
      std::size_t shared = 0;
      for (const std::string& t : terms) {
        shared += std::find(other.begin(), other.end(), t) != other.end() ? 1 : 0;
      }
      if (!terms.empty() &&
          static_cast<double>(shared) >= 0.6 * static_cast<double>(terms.size())) {
        return true;
      }
    }
    return false;
  }

  // Adds the passages as sentences, skipping one that repeats what the reply already says;
  // remembers the first as the context of a follow-up.
  void AddHits(const std::vector<Hit>& hits) {
    for (const Hit& hit : hits) {
      if (Avoided(*hit.passage)) continue;
      // "what's the cheapest pair": the clause with the lowest price, not every price. "what
      // about saturdays": the clause for Saturdays, not the weekday hours beside it.
      // "wats the heather one cost": the clause that prices the heather honey.
      std::string selected = AsksTheCheapest()
                                 ? local::CheapestClause(hit.passage->text)
                                 : local::ClauseForTheTime(hit.passage->text, cues_.lower);
      // (Not when another question of the message names another of its clauses: "what do we
      // pay to register, and then to hold the place" asks both prices; "how much is the half
      // day paintball and how long does it last" asks of the half day twice.)
      if (selected == hit.passage->text) {
        std::string item =
            local::ClauseForTheItem(hit.passage->text, hit.passage->question, cues_.lower);
        if (item != selected &&
            (AskingParts() <= 1 || NoOtherPartNamesAnotherClause(*hit.passage, item))) {
          selected = std::move(item);
        }
      }
      // "whats parking like there": not the price of the delivery beside the car park.
      if (selected == hit.passage->text) {
        selected = local::WithoutUnaskedPrices(hit.passage->text, cues_.lower);
      }
      const std::string sentence = EnsureSentence(std::move(selected));
      const std::string so_far = core::ToLowerAscii(reply_.Text());
      std::string body = core::ToLowerAscii(sentence);
      while (!body.empty() && (body.back() == '.' || body.back() == '!' || body.back() == '?')) {
        body.pop_back();
      }
      if (!body.empty() && so_far.find(body) != std::string::npos) continue;
      if (std::any_of(said_.begin(), said_.end(),
                      [&](const Hit& h) { return Repeats(*hit.passage, {h}); })) {
        continue;
      }
      reply_.Add(sentence);
      if (!answer_.empty()) answer_ += ' ';
      answer_ += sentence;
      said_.push_back(hit);
      if (answered_entry_ < 0) answered_entry_ = static_cast<int>(hit.index);
    }
  }

  // Returns true iff every question of the message names `item` of `passage` alone
  // (ClauseForTheItem of that question alone) or names none and points back ("how long does it
  // last").
  bool NoOtherPartNamesAnotherClause(const local::Passage& passage, const std::string& item) const {
    for (const std::string& part : QuestionParts()) {
      if (!AsksInAClause(part) && !EndsAsAQuestion(part)) continue;
      const std::string named =
          local::ClauseForTheItem(passage.text, passage.question, core::ToLowerAscii(part));
      if (named != item && (named != passage.text || !PointsBack(part))) return false;
    }
    return true;
  }

  // Returns how many of the message's parts (QuestionParts) ask, not tell ("the electric
  // wheelchair for one day, how much please?" asks once).
  std::size_t AskingParts() const {
    const std::vector<std::string> parts = QuestionParts();
    return static_cast<std::size_t>(std::ranges::count_if(parts, [](const std::string& part) {
      return AsksInAClause(part) || EndsAsAQuestion(part);
    }));
  }

  // Returns true iff the message asks for the cheapest of something ("whats the cheapest pair
  // going", "your lowest price").
  bool AsksTheCheapest() const {
    return HasAny(cues_.lower, {"cheapest", "lowest price", "least expensive", "lowest cost"});
  }

  // --- Replies ---------------------------------------------------------------------------

  // Returns true iff the message is little more than the slot values it carried.
  bool MostlySlots() const {
    std::string rest = core::ToLowerAscii(text_);
    for (const std::string& slot : {state_.email, core::ToLowerAscii(state_.order_number)}) {
      if (slot.empty()) continue;
      const std::string bare = slot[0] == '#' ? slot.substr(1) : slot;
      if (const auto pos = rest.find(bare); pos != std::string::npos) rest.erase(pos, bare.size());
    }
    return local::Terms(rest).size() <= 2;
  }

  void SlotNoted(const std::string& what) {
    reply_.Add(voice_.style == local::Style::kFormal ? "Thank you. I have noted " + what + "."
                                                     : "Thanks, I've noted " + what + ".");
    const Topic pending = TopicFromName(state_.pending_topic);
    if (state_.awaiting == "confirm" && !state_.pending_topic.empty()) {
      reply_.Add(PassOffer("your " + std::string(RequestNoun(pending)) + " request"));
      reply_.offered_human = true;
    } else {
      reply_.Add(HowCanIHelp());
    }
  }

  void Greeting() {
    if (!state_.name.empty()) {
      reply_.Add(voice_.style == local::Style::kFormal ? "Hello, " + state_.name + "."
                                                       : "Hi " + state_.name + "!");
      reply_.Add(HowCanIHelp());
      return;
    }
    reply_.Add(voice_.Say(Phrase::kGreeting));
  }

  std::string HowCanIHelp() const {
    switch (voice_.style) {
      case local::Style::kFormal:
        return "How may I assist you today?";
      case local::Style::kCasual:
        return "What can I help you with?";
      default:
        return "How can I help you today?";
    }
  }

  void Thanks() {
    reply_.Add(voice_.Say(Phrase::kThanksReply));
    reply_.Add(voice_.Say(Phrase::kAnythingElse));
  }

  void Goodbye(const Cues& cues) {
    if (cues.thanks) reply_.Add(voice_.Say(Phrase::kThanksReply));
    reply_.Add(voice_.Say(Phrase::kGoodbye));
    state_.awaiting.clear();
    state_.pending_topic.clear();
  }

  void Chitchat() {
    switch (voice_.style) {
      case local::Style::kFormal:
        reply_.Add("I am doing well, thank you for asking.");
        break;
      case local::Style::kCasual:
        reply_.Add("Doing great, thanks for asking!");
        break;
      default:
        reply_.Add("I'm doing well, thanks for asking!");
        break;
    }
    reply_.Add(HowCanIHelp());
  }

  void BotCheck() {
    const std::string who =
        voice_.name.empty() ? "a virtual assistant" : voice_.name + ", a virtual assistant";
    const std::string for_company = voice_.company.empty() ? "" : " for " + voice_.company;
    reply_.Add((voice_.style == local::Style::kFormal ? "I am " : "I'm ") + who + for_company +
               ".");
    // Asked who is answering, not whether it is a person: no offer of one.
    if (HasAny(core::ToLowerAscii(text_), {"your name", "who am i talking", "who am i speaking",
                                           "who is this", "who are you"})) {
      reply_.Add(HowCanIHelp());
      return;
    }
    OfferHuman();
  }

  // Returns true iff the message accepts the offer just made: exactly the acceptances that the
  // engine escalates on (AcceptsOffer), so that the two never disagree.
  bool Accepts() const { return AcceptsOffer(text_) || local::IsForeignYes(text_); }

  // The customer accepted the offer of a person: the reply hands over, and
  // ResponderReply::handoff tells the engine to escalate.
  void Human() {
    reply_.Add(voice_.Say(Phrase::kConnectHuman));
    reply_.handoff = true;
    if (!state_.order_number.empty()) {
      reply_.Add("I'll pass along your order " + state_.order_number +
                 " so you don't have to repeat it.");
    }
    reply_.offered_human = true;
    state_.awaiting.clear();
  }

  void Complaint() {
    reply_.Add(voice_.Say(Phrase::kApology));
    reply_.Add(voice_.Say(Phrase::kEmpathy));
    const std::vector<Hit> hits = Answer();
    // A displeased story with questions ("he's totally lost interest. how do we pack it in")
    // gets the entries that answer its parts, not a sentence about the business that the story
    // happened to find.
    std::vector<Hit> answers;
    if (cues_.asks) {
      std::ranges::copy_if(hits, std::back_inserter(answers), [](const Hit& hit) {
        return hit.passage->kind == local::PassageKind::kFaq;
      });
    }
    if (answers.empty() && !hits.empty()) answers.push_back(hits.front());
    if (!answers.empty()) {
      AddHits(answers);
    } else if (AsksAQuestionWithATopic()) {
      // A question the knowledge cannot answer is told so after the apology ("do u do cats as
      // well? my sister's persian is a nightmare to brush").
      reply_.Add(voice_.Say(Phrase::kNoKnowledgeBare));
    }
    OfferHuman();
  }

  void OfferHuman() {
    reply_.Add(voice_.Say(Phrase::kOfferHuman));
    reply_.offered_human = true;
    if (state_.awaiting.empty()) state_.awaiting = "human";  // A "yes" next turn accepts.
  }

  void NoKnowledge() {
    reply_.Add(voice_.Say(Phrase::kNoKnowledge));
    OfferHuman();
  }

  // Refund, return, invoice and order cancellation: policy, then the order number, then confirm.
  void OrderRequest(Topic topic, const Cues& cues) {
    const std::string noun(RequestNoun(topic));
    const std::vector<Hit> policy = continuing_ ? std::vector<Hit>{} : Policy(topic);
    if (continuing_) {
      // Already acknowledged and stated the policy when asking for the number.
    } else if (reply_.parts.empty()) {
      reply_.Add(voice_.Say(Phrase::kAck));
    }
    if (continuing_) {
    } else if (policy.empty()) {
      reply_.Add(voice_.style == local::Style::kFormal
                     ? "I do not have the details of our " + noun +
                           " policy in my notes, but a "
                           "member of our team can confirm them."
                     : "I don't have the details of our " + noun +
                           " policy in my notes, but a "
                           "member of our team can confirm them.");
    } else {
      AddHits(policy);
    }
    const bool asking_only = cues.policy_question && topic != Topic::kInvoice;
    const bool about_an_order =
        HasAny(cues.lower, {"order", "orders", "parcel", "package", "purchase"});
    if (state_.order_number.empty() && !OrdersApply() && !about_an_order) {
      // A business without orders (a subscription, a service): the account identifies it.
      if (asking_only) return;
      if (state_.email.empty()) {
        reply_.Add(voice_.Say(Phrase::kAskEmail));
        state_.awaiting = "email";
      } else {
        reply_.Add(PassOffer("your " + noun + " request for the account " + state_.email));
        reply_.offered_human = true;
        state_.awaiting = "confirm";
      }
      state_.pending_topic = std::string(TopicName(topic));
      return;
    }
    if (state_.order_number.empty()) {
      if (asking_only) {
        reply_.Add("If you'd like to request a " + noun + ", just share your order number.");
        if (voice_.style == local::Style::kFormal) {
          reply_.parts.back() =
              "Should you wish to request a " + noun + ", please provide your order number.";
        }
      } else {
        reply_.Add(voice_.Say(Phrase::kAskOrder));
        state_.awaiting = "order_number";
      }
      state_.pending_topic = std::string(TopicName(topic));
      return;
    }
    reply_.Add((continuing_ ? "Thanks, I have your order " : "I have your order ") +
               state_.order_number + ".");
    reply_.Add(
        std::string(voice_.style == local::Style::kFormal ? "I am not able to " : "I can't ") +
        "complete a " + noun + " myself, but our team can.");
    reply_.Add(PassOffer("your " + noun + " request for order " + state_.order_number));
    reply_.offered_human = true;
    state_.awaiting = "confirm";
    state_.pending_topic = std::string(TopicName(topic));
  }

  // Returns true iff the agent's knowledge speaks of orders (a shop rather than a subscription).
  bool OrdersApply() const {
    for (const local::Passage& p : index_.passages()) {
      if (ContainsAnyWord(core::ToLowerAscii(p.question + " " + p.text), {"order", "orders"})) {
        return true;
      }
    }
    return false;
  }

  void CancelSubscription(const Cues& cues) {
    const std::vector<Hit> policy = Policy(Topic::kCancelSubscription);
    if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
    if (policy.empty()) {
      reply_.Add("I don't have the details of our cancellation terms in my notes.");
      OfferHuman();
      return;
    }
    AddHits(policy);
    if (cues.policy_question) return;
    if (state_.email.empty()) {
      reply_.Add("If you'd like me to note a cancellation request,");
      reply_.parts.back() += " " + Lowered(voice_.Say(Phrase::kAskEmail));
      state_.awaiting = "email";
    } else {
      reply_.Add(PassOffer("your cancellation request for the account " + state_.email));
      reply_.offered_human = true;
      state_.awaiting = "confirm";
    }
    state_.pending_topic = std::string(TopicName(Topic::kCancelSubscription));
  }

  static std::string Lowered(std::string s) {
    if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
  }

  void EmailGiven(Topic pending) {
    reply_.Add("Thanks, I've got " + state_.email + ".");
    reply_.Add(
        PassOffer("your " + std::string(RequestNoun(pending)) + " request for that account"));
    reply_.offered_human = true;
    state_.awaiting = "confirm";
  }

  void Confirm(Topic pending, bool yes) {
    const std::string noun(RequestNoun(pending));
    if (!yes) {
      reply_.Add(voice_.style == local::Style::kFormal ? "Understood. I will not submit anything."
                                                       : "No problem, I won't submit anything.");
      reply_.Add(voice_.Say(Phrase::kAnythingElse));
    } else {
      const bool account = pending == Topic::kCancelSubscription || state_.order_number.empty();
      const std::string what = account ? (state_.email.empty() ? std::string("your account")
                                                               : "the account " + state_.email)
                                       : "order " + state_.order_number;
      reply_.Add("I'm passing your " + noun + " request for " + what +
                 " to a member of our team now; they can see this conversation and will take it "
                 "from here.");
      reply_.handoff = true;
      reply_.offered_human = true;
    }
    state_.awaiting.clear();
    state_.pending_topic.clear();
  }

  void NoOrderNumber(Topic pending) {
    reply_.Add(voice_.style == local::Style::kFormal ? "That is quite all right." : "No problem.");
    if (state_.email.empty()) {
      reply_.Add("A member of our team can find your order from your account details.");
    } else {
      reply_.Add("A member of our team can find your order from " + state_.email + ".");
    }
    OfferHuman();
    state_.awaiting.clear();
    state_.pending_topic = std::string(TopicName(pending));
  }

  void Track() {
    const std::vector<Hit> info = Policy(Topic::kTrack, 1);
    if (state_.order_number.empty()) {
      if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
      AddHits(info);
      reply_.Add(voice_.Say(Phrase::kAskOrder));
      state_.awaiting = "order_number";
      state_.pending_topic = std::string(TopicName(Topic::kTrack));
      return;
    }
    reply_.Add("Thanks, I have your order " + state_.order_number + ".");
    reply_.Add(voice_.style == local::Style::kFormal
                   ? "I do not have live access to order tracking from here."
                   : "I don't have live access to order tracking from here.");
    AddHits(info);
    reply_.Add(PassOffer("order " + state_.order_number));
    reply_.offered_human = true;
    state_.awaiting = "human";
    state_.pending_topic.clear();
  }

  void ChangeOrder() {
    if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
    AddHits(Policy(Topic::kChangeOrder));
    if (state_.order_number.empty()) {
      reply_.Add(voice_.Say(Phrase::kAskOrder));
      state_.awaiting = "order_number";
      state_.pending_topic = std::string(TopicName(Topic::kChangeOrder));
      return;
    }
    reply_.Add("I can pass the change for order " + state_.order_number +
               " to a member of our team. What would you like to change?");
    reply_.offered_human = true;
    state_.awaiting.clear();
    state_.pending_topic.clear();
  }

  void Account() {
    // The message as asked first: the topic's hint finds the password passage for any account
    // question ("do I need to put my card details in" after the free trial).
    std::vector<Hit> info = Answer();
    if (info.empty()) {
      info = Policy(Topic::kAccount);
      std::erase_if(info, [&](const Hit& hit) { return !NamesAWordOf(hit); });
    }
    if (info.empty()) {
      reply_.Add(voice_.style == local::Style::kFormal
                     ? "I do not have the steps for that in my notes."
                     : "I don't have the steps for that in my notes.");
      OfferHuman();
      return;
    }
    if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
    AddHits(info);
    reply_.Add(voice_.style == local::Style::kCasual
                   ? "If that doesn't do it, let me know and I'll get someone to help."
                   : "If that doesn't work, let me know and I can connect you with our team.");
  }

  void Payment() {
    const Cues& cues = cues_;
    if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
    const std::vector<Hit> info = Policy(Topic::kPayment);
    AddHits(info);
    // "do i get charged if i skip the next one" asks the policy, which answers it; it reports no
    // charge to look into.
    if (cues.policy_question && !info.empty()) return;
    if (state_.order_number.empty() &&
        HasAny(cues.lower, {"charged", "charge", "twice", "order"})) {
      const bool orders = OrdersApply();
      if (!orders && !state_.email.empty()) {
        reply_.Add("I can pass the charge on the account " + state_.email + " to our team.");
        OfferHuman();
        return;
      }
      reply_.Add(voice_.Say(orders ? Phrase::kAskOrder : Phrase::kAskEmail));
      state_.awaiting = orders ? "order_number" : "email";
      state_.pending_topic = std::string(TopicName(Topic::kRefund));
      return;
    }
    if (info.empty()) {
      reply_.Add(voice_.Say(Phrase::kNoKnowledge));
    }
    OfferHuman();
  }

  void Purchase() {
    if (JustAcknowledges()) {
      AcknowledgeOrder();
      return;
    }
    std::vector<Hit> hits = Answer();
    if (hits.empty()) {
      reply_.Add(voice_.style == local::Style::kFormal
                     ? "I would be glad to help with your purchase, but I do not have product or "
                       "pricing details for that in my notes."
                     : "I'd love to help with your purchase, but I don't have product or pricing "
                       "details for that in my notes.");
      OfferHuman();
      return;
    }
    if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
    AddHits(hits);
    reply_.Add(voice_.style == local::Style::kFormal ? "Shall I help you proceed?"
                                                     : "Would you like help getting started?");
  }

  // Returns true iff the message asks in some clause and no clause that asks speaks of opening
  // hours ("business cards with the logo and opening times on, what are they price wise").
  bool AsksOnlyOtherThanTheHours() const {
    const std::vector<std::string_view> asked = QuestionClauses(cues_.marked);
    return !asked.empty() && std::ranges::none_of(asked, [](std::string_view clause) {
      return SpeaksOfOpeningHours(core::ToLowerAscii(clause));
    });
  }

  void Hours() {
    // Opening times named in a story ("business cards with the logo and opening times on") are
    // not asked for when the message's question is another ("what are they price wise").
    if (AsksOnlyOtherThanTheHours()) {
      Question();
      return;
    }
    // "what time does it kick off" after the junior sessions asks when that starts ("every
    // Saturday at 1pm"), not when the business opens: a message that points back at an entry
    // that states a time of day, and does not ask when the business opens or closes, goes on
    // with the thread.
    const bool asks_open = ContainsAnyWord(query_text_, {"open", "opening", "close", "closing"});
    if (const local::Passage* last = LastEntry(); last != nullptr && PointsBack(text_) &&
                                                  StatesATimeOfDay(last->text) && !asks_open &&
                                                  !local::ContainsWord(query_text_, "shut")) {
      Question();
      return;
    }
    constexpr double kClearlyMore = 0.25;
    // A message that asks when the business opens or closes (`asks_open`) is answered by a
    // passage that says so ("we're open 7am to 10pm"), before one that only states times
    // ("weekday peak time is 5pm to 9pm").
    static const std::vector<std::string> kOpen = local::Terms("open close");
    std::vector<Hit> info = Policy(Topic::kHours, 3);
    if (asks_open) {
      const auto says_open = std::ranges::find_if(info, [&](const Hit& hit) {
        return std::ranges::any_of(
            kOpen, [&](const std::string& t) { return index_.Holds(hit.index, t); });
      });
      if (says_open != info.end()) std::rotate(info.begin(), says_open, says_open + 1);
    }
    if (info.size() > 1) info.resize(1);
    // "What time can we get the room?" asks about one entry (check-in), not opening hours: the
    // passage that the message as asked singles out wins when it covers more of it.
    // So does any passage the message finds when the one the opening-hours hint found holds no
    // word of it and states no time of day (Wi-Fi "available throughout the hotel", for "what
    // time do we have to leave the room"). So does one that states the times of day itself
    // ("the day with the ponies, what hours and what price": the Pony Days' 9am to 3pm), even
    // when another passage names the same things, if it covers clearly more of the message. When
    // the message asks when the business opens or closes, not one that holds only the message's
    // words of time ("what time do you open in the mornings": the opening hours, not "weekday
    // peak time is 5pm to 9pm"; "what time can we get the room" is still the check-in).
    const std::vector<QueryTerm> message = MessageQuery();
    const double info_coverage = info.empty() ? 0 : MessageCoverage(message, *info.front().passage);
    const bool hint_names_no_time = !info.empty() && !StatesATimeOfDay(info.front().passage->text);
    const bool hint_only = hint_names_no_time && info_coverage == 0;
    // "what time can we get on it on the first day" asks a time of day: a passage that states one
    // ("board from 3pm on your first day") before a hint that names only days ("weekend breaks
    // run Friday to Monday").
    const bool asks_a_time = local::ContainsWord(query_text_, "time");
    if (std::vector<Hit> hits = Answer();
        !hits.empty() &&
        (hint_only ||
         (asks_a_time && hint_names_no_time && StatesATimeOfDay(hits.front().passage->text)) ||
         ((!asks_open || HoldsAWordBesidesTime(message, *hits.front().passage)) &&
          ((StatesATimeOfDay(hits.front().passage->text) && !info.empty() &&
            MessageCoverage(message, *hits.front().passage) >= info_coverage + kClearlyMore) ||
           SinglesOutOne(index_.Analyze(query_text_), 0.5)))) &&
        (info.empty() ||
         (hits.front().passage != info.front().passage && hits.front().coverage > info_coverage))) {
      info = std::move(hits);
    } else if (hits.size() > 1 && !info.empty() && hits.front().passage == info.front().passage) {
      // A question beside the hours ("what time u open sunday and how much is it for the kids to
      // paint something small") is answered too, when the parts' first passage is the hours',
      // by what the other parts found that are no hours ("can she sit in the cafe ... and what
      // time it close": the cafe's, not the pool's as well).
      for (std::size_t h = 1; h < hits.size(); ++h) {
        if (OffTopicFor(Topic::kHours, hits[h])) info.push_back(hits[h]);
      }
    }
    if (info.empty()) {
      Question();
      return;
    }
    AddHits(info);
    if (!voice_.concise) reply_.Add(voice_.Say(Phrase::kAnythingElse));
  }

  // Returns true iff the message only acknowledges or announces an order ("Perfect, I'll order
  // them now", "ok great"): nothing in it to look up.
  bool JustAcknowledges() const {
    static const std::vector<std::string_view> kFiller = {
        "perfect", "great",    "ok",       "okay",      "then",   "now",       "them",  "it",
        "ill",     "go",       "ahead",    "will",      "gonna",  "going",     "right", "away",
        "cool",    "awesome",  "sounds",   "good",      "lovely", "brilliant", "that",  "one",
        "those",   "these",    "today",    "excellent", "fine",   "alright",   "all",   "so",
        "shall",   "do",       "i",        "we",        "later",  "order",     "buy",   "get",
        "place",   "take",     "purchase", "checkout",  "pair",   "nice",      "super", "wonderful",
        "fab",     "fantastic"};
    const std::vector<std::string> words = local::Tokenize(text_);
    if (text_.find('?') != std::string::npos || OpensAsAQuestion(text_) ||
        std::any_of(words.begin(), words.end(), [](const std::string& w) {
          return w == "how" || w == "what" || w == "when" || w == "where" || w == "which";
        })) {
      return false;  // A question, however short.
    }
    return !words.empty() && std::all_of(words.begin(), words.end(), [&](const std::string& w) {
      return std::find(kFiller.begin(), kFiller.end(), w) != kFiller.end() || local::IsStopWord(w);
    });
  }

  // "where are you (based)?", "what's your address?" (RewritePhrases: "location"): the first
  // passage that names a place ("on Mill Lane in Ashford", "on the Bristol harbourside": "on",
  // "in", "at" or "near" before a capitalised word, or before a house number and one: "at 14 Wyle
  // Cop"), a knowledge answer about the location before the company info. None for another
  // question, or when no passage says where.
  std::optional<Hit> WhereWeAre() const {
    if (!local::ContainsWord(query_text_, "location")) return std::nullopt;
    auto about_location = [](const local::Passage& p) {
      return p.kind == local::PassageKind::kFaq &&
             ContainsAnyWord(core::ToLowerAscii(p.question),
                             {"where", "address", "location", "located", "find", "directions"});
    };
    // A message that one other entry covers asks that entry ("use your address for the business
    // and have you take our letters in": the post handling), not where the business is.
    constexpr double kCoversTheMessage = 0.9;
    if (const std::vector<Hit> best = index_.Search(MessageQuery(), 1, kCoversTheMessage);
        !best.empty() && best.front().passage->kind == local::PassageKind::kFaq &&
        !about_location(*best.front().passage)) {
      return std::nullopt;
    }
    static const std::regex kPlace(R"(\b(on|in|at|near) (the )?([0-9]+[a-z]? )?[A-Z][a-z])");
    std::optional<Hit> found;
    const auto& passages = index_.passages();
    for (std::size_t i = 0; i < passages.size(); ++i) {
      const local::Passage& p = passages[i];
      if (Avoided(p) || !std::regex_search(p.text, kPlace)) continue;
      const bool location_entry = about_location(p);
      if (!location_entry && p.kind != local::PassageKind::kCompanyInfo) continue;
      if (found && !(location_entry && found->passage->kind != local::PassageKind::kFaq)) continue;
      found = index_.HitAt(i);
      found->coverage = 1;
    }
    return found;
  }

  // Returns true iff the message asks only for a price, a duration or whether something is free
  // ("how much is it?", "how long does it take?", "is it free?"), the customer has named nothing
  // before (no earlier message of theirs has a word the index knows: a greeting at most), and
  // more than one passage could be meant.
  bool NamesNothing() const {
    if (state_.last_entry >= 0) return false;
    const std::vector<QueryTerm> query = index_.Analyze(query_text_);
    const bool generic = !query.empty() && std::ranges::all_of(query, [](const QueryTerm& t) {
      return IsQuestionForm(t.alternatives.front().term);
    });
    if (!generic || index_.Search(query, 2, 0.5).size() < 2) return false;
    if (history_.empty()) return true;
    return std::none_of(history_.begin(), history_.end() - 1, [&](const core::Message& m) {
      return m.role == core::MessageRole::kUser &&
             !index_.Analyze(local::RewritePhrases(core::ReadText(m))).empty();
    });
  }

  // Returns true iff the message asks only for a price and points back ("how much will it cost"),
  // the customer's previous question went unanswered (no entry is the context), and more than one
  // passage states a price: what "it" is has none. (A duration may still be the one the business
  // states: "how long will he be with you" after an unanswered question about a groom.)
  bool PricesTheUnanswered() const {
    if (state_.last_entry >= 0 || !PointsBack(text_) || history_.size() < 2) return false;
    const std::vector<QueryTerm> query = index_.Analyze(query_text_);
    if (!AsksOnlyThePrice(query) || index_.Search(query, 2, 0.5).size() < 2) return false;
    return std::any_of(history_.begin(), history_.end() - 1,
                       [](const core::Message& m) { return m.role == core::MessageRole::kUser; });
  }

  // Returns true iff `text` states a time of day ("8am", "10 pm", "9:30").
  static bool StatesATimeOfDay(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) continue;
      std::size_t j = i + 1;
      if (j + 1 < text.size() && text[j] == ':' &&
          std::isdigit(static_cast<unsigned char>(text[j + 1])) != 0) {
        return true;
      }
      while (j < text.size() && text[j] == ' ') ++j;
      const std::string rest = core::ToLowerAscii(text.substr(j, 2));
      if (rest == "am" || rest == "pm") return true;
    }
    return false;
  }

  // Returns the entry whose question the message echoes in words the index does not keep, for a
  // message the search found nothing for: "anything i need to do before your fella comes round"
  // is "What do I need to do before you come?", whose words are all stop words. The question
  // must have two or more words besides pronouns, question words and particles, the message
  // must hold at least two and three quarters of them, and no other question as many.
  std::optional<Hit> EchoedQuestion() const {
    const std::vector<std::string> said = local::EchoWords(text_);
    std::optional<Hit> best;
    double best_share = 0;
    bool tie = false;
    const std::vector<local::Passage>& passages = index_.passages();
    for (std::size_t i = 0; i < passages.size(); ++i) {
      if (passages[i].kind != local::PassageKind::kFaq || Avoided(passages[i])) continue;
      const std::vector<std::string>& asked = passages[i].question_words;
      if (asked.size() < 2) continue;
      const auto shared =
          static_cast<std::size_t>(std::ranges::count_if(asked, [&](const std::string& w) {
            return std::binary_search(said.begin(), said.end(), w);
          }));
      if (shared < 2 || shared * 4 < asked.size() * 3) continue;
      const double share = static_cast<double>(shared) / static_cast<double>(asked.size());
      if (best && share == best_share) tie = true;
      if (!best || share > best_share) {
        best = index_.HitAt(i);
        best_share = share;
        tie = false;
      }
    }
    if (tie || !best) return std::nullopt;
    best->score = best->coverage = best->rank = best_share;
    return best;
  }

  // Returns the entry that says what to bring, for a message that asks it and that the search
  // found nothing for: "bring" is a stop word (it is said of all that customers bring along), so
  // "what should i bring" or "do i need to bring anything" had found no "What do I need to bring
  // when I collect?". The message asks what (or "anything") with "bring" and no thing after it;
  // the entry is the one whose question asks what to bring, or else the one question with "bring".
  std::optional<Hit> WhatToBring() const {
    const std::vector<std::string> words = local::Tokenize(text_);
    static const std::unordered_set<std::string_view> kAfterBring = {
        "with", "along", "anything", "to", "on", "for", "when", "before", "stuff", "things"};
    bool asks = false;
    for (std::size_t k = 0; k < words.size() && !asks; ++k) {
      if (words[k] != "bring") continue;
      const bool bare = k + 1 == words.size() || kAfterBring.contains(words[k + 1]);
      const bool what =
          std::ranges::any_of(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(k),
                              [](const std::string& w) { return w == "what" || w == "wat"; });
      const bool anything = k + 1 < words.size() && words[k + 1] == "anything";
      asks = bare && (what || anything);
    }
    if (!asks) return std::nullopt;
    std::optional<std::size_t> what_entry;
    std::optional<std::size_t> bring_entry;
    int what_entries = 0;
    int bring_entries = 0;
    const std::vector<local::Passage>& passages = index_.passages();
    for (std::size_t i = 0; i < passages.size(); ++i) {
      if (passages[i].kind != local::PassageKind::kFaq || Avoided(passages[i])) continue;
      const std::vector<std::string> asked = local::Tokenize(passages[i].question);
      if (std::ranges::find(asked, "bring") == asked.end()) continue;
      ++bring_entries;
      bring_entry = i;
      if (std::ranges::find(asked, "what") != asked.end()) {
        ++what_entries;
        what_entry = i;
      }
    }
    const std::optional<std::size_t> entry =
        what_entries == 1 ? what_entry : (bring_entries == 1 ? bring_entry : std::nullopt);
    if (!entry) return std::nullopt;
    Hit hit = index_.HitAt(*entry);
    hit.score = hit.coverage = hit.rank = 1.0;
    return hit;
  }

  // Returns true iff the message opens with a greeting ("hello, we're arriving on friday").
  bool OpensWithAGreeting() const {
    const std::vector<std::string> words = local::Tokenize(text_);
    if (words.empty()) return false;
    static const std::vector<std::string_view> kHello = {"hi",   "hello", "hey",
                                                         "hiya", "howdy", "greetings"};
    if (std::find(kHello.begin(), kHello.end(), words.front()) != kHello.end()) return true;
    return words.size() > 1 && words[0] == "good" &&
           (words[1] == "morning" || words[1] == "afternoon" || words[1] == "evening");
  }

  // Returns true iff the message uses a word of `hit`'s passage itself (an index term, not a looser
  // relation): the password passage is no answer to "can I connect my bank account".
  bool NamesAWordOf(const Hit& hit) const {
    return std::ranges::any_of(index_.Analyze(query_text_), [&](const QueryTerm& t) {
      return index_.Holds(hit.index, t.alternatives.front().term);
    });
  }

  // The agent's last reply before this turn's message, if any.
  const core::Message* LastReply() const {
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
      if (it->role == core::MessageRole::kAssistant) return &*it;
    }
    return nullptr;
  }

  // Returns true iff an earlier reply of this conversation holds `words`.
  bool SaidBefore(std::string_view words) const {
    return std::ranges::any_of(history_, [&](const core::Message& m) {
      return m.role == core::MessageRole::kAssistant && m.content.find(words) != std::string::npos;
    });
  }

  // "Perfect, I'll order them now": nothing to look up, nothing to add. A plain "ok cool" is no
  // order.
  void AcknowledgeOrder() {
    if (!HasAny(core::ToLowerAscii(text_),
                {"order", "buy", "get", "take", "purchase", "checkout", "place"})) {
      reply_.Add(voice_.Say(Phrase::kAnythingElse));
      return;
    }
    reply_.Add(voice_.style == local::Style::kFormal
                   ? "Excellent. Should you have any questions while ordering, I am here to help."
                   : "Sounds good! If any questions come up while you order, just ask.");
  }

  void Question() {
    if (JustAcknowledges() && analysis_.sentiment != "negative") {
      AcknowledgeOrder();
      return;
    }
    // (Not a question about the staff: "do you have dentist who speak spanish?", which the
    // knowledge answers or not.)
    const std::string lower_text = core::ToLowerAscii(text_);
    if (HasAny(lower_text,
               {"speak spanish", "speak french", "speak german", "speak italian",
                "speak portuguese", "another language", "other languages", "speak english"}) &&
        !HasAny(lower_text, {"who speak", "who speaks", "that speak", "that speaks"})) {
      // Asked in English which languages it answers in: English only, a person may do better.
      reply_.Add(local::EnglishOnlyNotice("en"));
      reply_.offered_human = true;
      return;
    }
    if (NamesNothing()) {
      // "how much is it?" with nothing said before: which thing? (Not the first passage that
      // happens to state a price.)
      reply_.Add(voice_.style == local::Style::kFormal
                     ? "Could you tell me which product or service you are asking about?"
                     : "Which product or service do you mean? Tell me and I'll check.");
      return;
    }
    if (PricesTheUnanswered()) {
      // "how much will it cost" after a question the knowledge had no answer to: the price of
      // that, which it does not state either (not the first passage that states a price).
      ++state_.unanswered;
      NoKnowledge();
      return;
    }
    std::vector<Hit> hits;
    if (const std::optional<Hit> where = WhereWeAre()) {
      hits.push_back(*where);
    } else {
      hits = Answer();
    }
    if (hits.empty()) {
      if (const std::optional<Hit> echo = EchoedQuestion()) hits.push_back(*echo);
    }
    if (hits.empty()) {
      if (const std::optional<Hit> bring = WhatToBring()) hits.push_back(*bring);
    }
    // An urgent message the knowledge has no answer for ("chipped her front tooth, its bleeding
    // a bit. can u see her today??") is answered by what it says of emergencies, when a passage
    // speaks of them ("We keep 5 emergency slots every weekday ...").
    if (hits.empty() && cues_.urgent) {
      static const std::string kEmergency = local::Terms("emergency").front();
      for (const Hit& hit : index_.Search("emergency", 1, 0.0)) {
        if (index_.Holds(hit.index, kEmergency) && !Avoided(*hit.passage)) hits.push_back(hit);
      }
    }
    if (hits.empty() && OpensWithAGreeting() && !cues_.asks && !APartAsks() &&
        reply_.parts.empty()) {
      // "hello, we're arriving friday evening": a greeting and a word about the customer, no
      // question; greet and ask how to help, not "I don't have information about that". (A
      // question after the story, even without its question mark, is told the knowledge has no
      // answer: "hi there, moved to stroud in the summer ... so whats the best deal for someone
      // like me".)
      Greeting();
      return;
    }
    if (hits.empty()) {
      ++state_.unanswered;
      state_.last_entry = -1;  // An unanswered question is no context for a follow-up.
      state_.last_question.clear();
      const bool displeased = analysis_.sentiment == "negative" || analysis_.sentiment == "urgent";
      if (displeased && !reply_.parts.empty()) {
        // Dispatch already apologised: a complaint. A question it asks that the knowledge
        // cannot answer is still told so ("do u do cats as well? my sister's persian is a
        // nightmare to brush").
        if (AsksAQuestionWithATopic()) reply_.Add(voice_.Say(Phrase::kNoKnowledgeBare));
        OfferHuman();
      } else {
        NoKnowledge();
      }
      return;
    }
    state_.unanswered = 0;
    // An upbeat agent's "Great question!" once a conversation, not before every answer, and only
    // to a question ("I must admit I'm a little nervous about having scaffolding against the
    // house" asks none).
    if (voice_.upbeat && voice_.style != local::Style::kFormal && cues_.asks &&
        !SaidBefore("Great question!")) {
      reply_.Add("Great question!");
    }
    AddHits(hits);
    if (!voice_.concise) reply_.Add(voice_.Say(Phrase::kAnythingElse));
  }

  // "Would you like me to pass <what> to a member of our team?" in the agent's style; the
  // wording is one that OffersHandoff recognises, so that a "yes" escalates.
  std::string PassOffer(const std::string& what) const {
    return (voice_.style == local::Style::kFormal ? "Shall I pass "
                                                  : "Would you like me to pass ") +
           what + " to a member of our team?";
  }

  // Tells the customer whether their request is done: the built-in responder cannot act on
  // orders, so it is not, until a person does it.
  void Status(Topic request) {
    const std::string what =
        state_.order_number.empty()
            ? std::string("your ") + std::string(RequestNoun(request)) + " request"
            : "order " + state_.order_number;
    const bool formal = voice_.style == local::Style::kFormal;
    reply_.Add(std::string(formal ? "Not yet: I am not able to do that myself, so "
                                  : "Not yet: I can't do that myself, so ") +
               what + (formal ? " is not " : " isn't ") + std::string(DoneWord(request)) + " yet.");
    reply_.Add("It will be once a member of our team has processed it.");
    if (!state_.order_number.empty()) {
      reply_.Add(PassOffer("your " + std::string(RequestNoun(request)) + " request for order " +
                           state_.order_number));
    } else {
      reply_.Add(voice_.Say(Phrase::kOfferHuman));
    }
    reply_.offered_human = true;
    state_.awaiting = "confirm";
    state_.pending_topic = std::string(TopicName(request));
  }

  // Keeps the reply within the agent's settings.maxTokens (about 0.75 words per token, at least
  // 12 words): drops closing pleasantries, then trailing sentences, never the first sentence or
  // a closing offer of a person.
  void BoundLength() {
    const int max_tokens = agent_.settings.max_tokens;
    if (max_tokens <= 0) return;
    const std::size_t limit =
        std::max<std::size_t>(12, static_cast<std::size_t>(max_tokens) * 3 / 4);
    auto words = [&] { return local::Tokenize(reply_.Text()).size(); };
    const std::string closer = voice_.Say(Phrase::kAnythingElse);
    if (words() > limit) {
      std::erase(reply_.parts, closer);
    }
    while (words() > limit && reply_.parts.size() > 1) {
      const bool keep_last = reply_.offered_human && reply_.parts.back().back() == '?';
      if (keep_last && reply_.parts.size() == 2) break;
      reply_.parts.erase(reply_.parts.end() - (keep_last ? 2 : 1));
    }
  }

  ResponderReply Finish(Topic topic) {
    if (!reply_.offered_human && !instructions_.human_for.empty()) {
      const std::vector<std::string> terms = local::Terms(text_);
      const bool matches = std::any_of(
          instructions_.human_for.begin(), instructions_.human_for.end(),
          [&](const auto& t) { return std::find(terms.begin(), terms.end(), t) != terms.end(); });
      if (matches) OfferHuman();
    }
    if (voice_.concise) std::erase(reply_.parts, voice_.Say(Phrase::kAnythingElse));
    BoundLength();
    if (answered_entry_ >= 0) {
      state_.last_entry = answered_entry_;
      state_.last_question = text_.substr(0, 300);
    }
    ++state_.turns;
    state_.last_topic = std::string(TopicName(topic));
    ResponderReply out;
    out.text = reply_.Text();
    out.answer = answer_;
    if (out.text.empty()) {  // Never return an empty reply.
      out.text = voice_.Say(Phrase::kNoKnowledge) + " " + voice_.Say(Phrase::kOfferHuman);
      reply_.offered_human = true;
    }
    out.offered_human = reply_.offered_human;
    out.handoff = reply_.handoff;
    out.state_json = state_.ToJson();
    out.source = "local";
    return out;
  }

  const core::Agent& agent_;
  const std::vector<core::Message>& history_;  // Oldest first; the last is this turn's message.
  const core::MessageMetadata& analysis_;
  std::string text_;
  Voice voice_;
  std::shared_ptr<const KnowledgeIndex> index_holder_;
  const KnowledgeIndex& index_;
  DialogueState state_;
  Reply reply_;
  const Cues cues_;         // What the message says besides its topic words (ReadCues), read once.
  std::string query_text_;  // The message with customer phrasings rewritten (RewritePhrases).
  std::optional<local::Age> message_age_;  // The age the message gives of someone, if any.
  std::optional<int> message_time_;  // The time of day the message gives, minutes after midnight.
  // The message gives a count and asks whether it will do (ChecksACount), and no age.
  bool checks_a_count_;
  // The size of the group the message counts ("the two of us": "2"), or empty.
  std::string group_size_;
  Instructions instructions_;
  std::vector<Hit> said_;    // Knowledge passages already in the reply.
  int answered_entry_ = -1;  // The first of them, the context of the next turn.
  std::string answer_;       // Their sentences as said (ResponderReply::answer).
  // How much of a part a passage must cover to answer it.
  static constexpr double kMinCoverage = 0.5;
  // The weight of a context term (one the thread or a part before adds to a part's query).
  static constexpr double kContextWeight = 0.8;
  bool continuing_ = false;  // This turn answers the agent's question for the order number.
};

// The last customer message as the NLU read it (spelling corrected: core::ReadText).
std::string_view LastUserText(const ResponderRequest& request) {
  if (!request.analysis.text.empty()) return request.analysis.text;
  for (auto it = request.history->rbegin(); it != request.history->rend(); ++it) {
    if (it->role == core::MessageRole::kUser) return core::ReadText(*it);
  }
  return {};
}

// Streams `text` one sentence at a time (the reply is composed at once: a sentence is the unit a
// client shows and a speech engine speaks; word-sized chunks only multiplied the packets).
void Stream(std::string_view text, const TokenSink& on_token) {
  if (!on_token) return;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    for (;;) {
      end = text.find_first_of(".!?", end);
      if (end == std::string_view::npos) {
        end = text.size();
        break;
      }
      ++end;
      if (end >= text.size() || text[end] == ' ' || text[end] == '\n') {
        while (end < text.size() && (text[end] == ' ' || text[end] == '\n')) ++end;
        break;
      }
    }
    on_token(text.substr(start, end - start));
    start = end;
  }
}

class LocalResponder final : public Responder {
 public:
  // The embedded relation tables are parsed here (tens of milliseconds), not in a customer's
  // first turn.
  LocalResponder() {
    local::LearnedRelatedTerms("");
    local::WordNetRelatedTerms("");
  }

  core::Result<ResponderReply> Respond(const ResponderRequest& request,
                                       const TokenSink& on_token) override {
    if (request.agent == nullptr || request.history == nullptr) {
      return core::Error::Internal("Responder request without agent or history");
    }
    try {
      const std::string_view text = LastUserText(request);
      Turn turn(request, text, IndexOf(*request.agent));
      ResponderReply reply = turn.Run();
      Stream(reply.text, on_token);
      return reply;
    } catch (const std::exception& e) {
      return core::Error::Internal(std::string("Local responder failed: ") + e.what());
    }
  }

  bool IsImmediate() const override { return true; }

  std::string Welcome(const core::Agent& agent) override {
    if (IsSigmaAgent(agent)) return std::string(kSigmaGreeting);
    return Voice::Of(agent).Say(Phrase::kGreeting);
  }

 private:
  static constexpr std::size_t kMaxCachedAgents = 256;

  // Returns the index of `agent`, built once per agent version (id and updatedAt; an agent
  // without an id is indexed every time). A fingerprint of the content guards against an edit
  // that did not move updatedAt.
  std::shared_ptr<const KnowledgeIndex> IndexOf(const core::Agent& agent) {
    if (agent.id.empty())
      return std::make_shared<const KnowledgeIndex>(KnowledgeIndex::Build(agent));
    std::size_t fingerprint = std::hash<std::string>{}(agent.company_info);
    for (const auto& k : agent.knowledge) {
      fingerprint = fingerprint * 31 + std::hash<std::string>{}(k.question + '\x1f' + k.answer);
    }
    for (const auto& p : agent.prompts)
      fingerprint = fingerprint * 31 + std::hash<std::string>{}(p);
    fingerprint = fingerprint * 31 + std::hash<std::string>{}(agent.name + '\x1f' + agent.company);
    const std::string key =
        agent.id + ':' + std::to_string(agent.updated_at) + ':' + std::to_string(fingerprint);
    {
      std::lock_guard lock(mutex_);
      if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    auto index = std::make_shared<const KnowledgeIndex>(KnowledgeIndex::Build(agent));
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCachedAgents) cache_.clear();
    cache_.emplace(key, index);
    return index;
  }

  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const KnowledgeIndex>> cache_;  // By version.
};

}  // namespace

bool IsSigmaAgent(const core::Agent& agent) {
  return agent.is_demo && agent.name == "Sigma" && agent.company == "Zero to Hero";
}

std::unique_ptr<Responder> MakeLocalResponder() { return std::make_unique<LocalResponder>(); }

}  // namespace carevoice::llm
