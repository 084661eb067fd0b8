#include "llm/local/local_responder.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "llm/local/dialogue_state.hpp"
#include "llm/local/knowledge_index.hpp"
#include "llm/local/style.hpp"
#include "llm/local/text.hpp"

namespace carevoice::llm {
namespace {

using local::ContainsAnyWord;
using local::DialogueState;
using local::Hit;
using local::KnowledgeIndex;
using local::Phrase;
using local::Voice;

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
  bool greeting_only = false;
  bool thanks = false;
  bool goodbye = false;
  bool complaint = false;
  bool urgent = false;
  bool yes = false;
  bool no = false;
  bool policy_question = false;     // Asks about a policy rather than making a request.
  bool subscription = false;        // About a plan/membership rather than an order.
  bool lacks_order_number = false;  // "I don't have my order number".
};

bool HasAny(const std::string& lower, std::initializer_list<std::string_view> words) {
  return ContainsAnyWord(lower, std::vector<std::string_view>(words));
}

bool HasSubstring(const std::string& lower, std::initializer_list<std::string_view> parts) {
  return std::any_of(parts.begin(), parts.end(),
                     [&](std::string_view p) { return lower.find(p) != std::string::npos; });
}

Cues ReadCues(std::string_view text, const core::MessageMetadata& analysis) {
  Cues c;
  c.lower = core::ToLowerAscii(text);
  const std::string& l = c.lower;
  const std::vector<std::string> content = local::Terms(text);
  static const std::vector<std::string_view> kGreetWords = {
      "hi",   "hello", "hey", "hiya",      "howdy", "morning", "afternoon", "evening",
      "good", "there", "yo",  "greetings", "sup",   "team",    "folks"};
  const std::vector<std::string> tokens = local::Tokenize(text);
  c.greeting_only =
      !tokens.empty() &&
      HasAny(l, {"hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon",
                 "good evening", "yo", "greetings"}) &&
      std::all_of(tokens.begin(), tokens.end(), [](const std::string& t) {
        return std::find(kGreetWords.begin(), kGreetWords.end(), t) != kGreetWords.end();
      });
  c.thanks = HasAny(l, {"thanks", "thank you", "thx", "ty", "appreciate it", "cheers",
                        "much appreciated", "thank u"});
  c.goodbye = HasAny(l, {"bye", "goodbye", "good bye", "see you", "see ya", "that's all",
                         "thats all", "that is all", "have a good day", "have a nice day",
                         "have a great day", "take care", "talk later", "later"});
  c.complaint =
      analysis.fine_intent == "complaint" ||
      HasAny(l, {"terrible",     "horrible",    "awful",      "worst",        "unacceptable",
                 "ridiculous",   "furious",     "angry",      "disappointed", "disgusted",
                 "useless",      "pathetic",    "complaint",  "complain",     "rude",
                 "scam",         "fed up",      "sick of",    "not happy",    "unhappy",
                 "poor service", "bad service", "frustrated", "frustrating",  "joke"});
  c.urgent =
      analysis.sentiment == "urgent" || HasAny(l, {"urgent", "urgently", "asap", "immediately",
                                                   "emergency", "right now", "right away"});
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
                 "how do refunds", "what happens", "allowed", "can i return", "can i cancel"});
  c.subscription = HasAny(
      l, {"subscription", "membership", "plan", "prime", "account", "applecare", "service", "trial",
          "premium", "standard", "basic", "renewal", "auto-renew", "icloud", "music"});
  c.lacks_order_number =
      HasSubstring(l, {"don't have", "dont have", "do not have", "don't know", "dont know", "lost",
                       "can't find", "cant find", "no order number", "not sure"});
  return c;
}

// Scores each task topic from the NLU analysis and from keywords; returns the best.
Topic DetectTopic(const Cues& c, const core::MessageMetadata& analysis) {
  std::array<double, kTopicNames.size()> score{};
  auto add = [&](Topic t, double s) { score[static_cast<std::size_t>(t)] += s; };
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
      {"greeting", Topic::kGreeting},
      {"thanks", Topic::kThanks},
      {"goodbye", Topic::kGoodbye},
      {"chitchat", Topic::kChitchat},
  };
  for (const auto& [name, topic] : kFine) {
    if (analysis.fine_intent == name) {
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
  if (HasAny(l, {"track",         "tracking",         "where is my",        "where's my",
                 "wheres my",     "order status",     "status of my order", "hasn't arrived",
                 "hasnt arrived", "has not arrived",  "not arrived",        "didn't arrive",
                 "didnt arrive",  "haven't received", "havent received",    "not received",
                 "still waiting", "not delivered",    "never arrived",      "never came",
                 "late",          "delayed",          "running late"})) {
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
  if (HasAny(l, {"hours", "opening times", "open on", "are you open", "when do you open",
                 "when do you close", "what time", "available on", "closed on"})) {
    add(Topic::kHours, 2.0);
  }
  if (HasAny(l, {"human", "real person", "live agent", "an agent", "a person", "representative",
                 "speak to someone", "talk to someone", "speak with someone", "talk to a",
                 "speak to a", "manager", "supervisor", "customer service number", "call me back",
                 "someone real"})) {
    add(Topic::kHuman, 3.0);
  }
  if (HasAny(l,
             {"are you a bot", "are you a robot", "are you human", "are you real", "are you an ai",
              "is this a bot", "am i talking to a bot", "who are you", "what are you"})) {
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
  if (score[best] < 1.0) {
    if (c.goodbye) return Topic::kGoodbye;
    if (c.thanks) return Topic::kThanks;
    return Topic::kQuestion;
  }
  const auto topic = static_cast<Topic>(best);
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
      return {"payment charge billing", local::Terms("pay")};
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

class Turn {
 public:
  Turn(const ResponderRequest& request, std::string_view text)
      : agent_(*request.agent),
        analysis_(request.analysis),
        text_(text),
        voice_(Voice::Of(agent_)),
        index_(KnowledgeIndex::Build(agent_)),
        state_(DialogueState::FromJson(request.state_json)) {}

  ResponderReply Run() {
    const std::string order_before = state_.order_number;
    const std::string email_before = state_.email;
    local::UpdateSlots(state_, text_);
    const bool got_order = !state_.order_number.empty() && state_.order_number != order_before;
    const bool got_email = !state_.email.empty() && state_.email != email_before;
    const Cues cues = ReadCues(text_, analysis_);
    Topic topic = DetectTopic(cues, analysis_);
    const Topic pending = TopicFromName(state_.pending_topic);

    if (state_.awaiting == "human") {
      state_.awaiting.clear();
      if (cues.yes && !cues.no) {
        Human();
        return Finish(Topic::kHuman);
      }
      if (cues.no && (topic == Topic::kQuestion || topic == Topic::kThanks)) {
        reply_.Add(voice_.style == local::Style::kFormal ? "Understood." : "No problem.");
        reply_.Add(voice_.Say(Phrase::kAnythingElse));
        return Finish(Topic::kQuestion);
      }
    }
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
      } else if (state_.awaiting == "confirm" && (cues.yes || cues.no) && weak_topic) {
        Confirm(pending, cues.yes);
        return Finish(pending);
      } else if (state_.awaiting == "email" && !state_.email.empty() && weak_topic) {
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
    if (!side_question && !continuing_) {
      // A new task replaces what the agent was waiting for; its handler may ask again.
      state_.awaiting.clear();
      state_.pending_topic.clear();
    }
    Dispatch(topic, cues);
    return Finish(topic);
  }

 private:
  void Dispatch(Topic topic, const Cues& cues) {
    // Urgency and displeasure come first, whatever the task.
    const bool negative = analysis_.sentiment == "negative" || cues.complaint;
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
        Human();
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
        if (cues.subscription && (state_.order_number.empty() || !HasAny(cues.lower, {"order"}))) {
          CancelSubscription(cues);
        } else {
          OrderRequest(topic, cues);
        }
        break;
      case Topic::kTrack:
        Track();
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

  // --- Knowledge -------------------------------------------------------------------------

  // Returns up to `k` passages about `topic` relevant to the message, best first.
  std::vector<Hit> Policy(Topic topic, std::size_t k = 2) const {
    const Hint hint = HintFor(topic);
    // A low coverage bar is safe here: every kept passage must contain a key term of the topic.
    std::vector<Hit> hits = index_.Search(text_ + " " + std::string(hint.query), 6, 0.15);
    std::vector<Hit> kept;
    for (const Hit& hit : hits) {
      const std::vector<std::string> terms =
          local::Terms(hit.passage->question + " " + hit.passage->text);
      const bool on_topic = hint.keys.empty() ||
                            std::any_of(hint.keys.begin(), hint.keys.end(), [&](const auto& key) {
                              return std::find(terms.begin(), terms.end(), key) != terms.end();
                            });
      if (on_topic) kept.push_back(hit);
      if (kept.size() == k) break;
    }
    // Keep the second passage only if it is nearly as good as the first.
    if (kept.size() == 2 && kept[1].score < 0.75 * kept[0].score) kept.resize(1);
    return kept;
  }

  // Returns up to two passages answering the message as a free question.
  std::vector<Hit> Answer() const {
    std::vector<Hit> hits = index_.Search(text_, 2, 0.5);
    if (hits.size() == 2 &&
        (hits[1].score < 0.8 * hits[0].score || hits[1].passage->text == hits[0].passage->text)) {
      hits.resize(1);
    }
    return hits;
  }

  // Adds the passages as sentences, skipping one whose words the reply already contains.
  void AddHits(const std::vector<Hit>& hits) {
    for (const Hit& hit : hits) {
      const std::string sentence = EnsureSentence(hit.passage->text);
      const std::string so_far = core::ToLowerAscii(reply_.Text());
      std::string body = core::ToLowerAscii(sentence);
      while (!body.empty() && (body.back() == '.' || body.back() == '!' || body.back() == '?')) {
        body.pop_back();
      }
      if (!body.empty() && so_far.find(body) != std::string::npos) continue;
      reply_.Add(sentence);
    }
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
      reply_.Add("Shall I go ahead with the " + std::string(RequestNoun(pending)) + " request?");
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
        return "What can I do for you?";
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
    OfferHuman();
  }

  void Human() {
    reply_.Add(voice_.Say(Phrase::kConnectHuman));
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
    if (!hits.empty()) AddHits({hits.front()});
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
    if (state_.order_number.empty() && !OrdersApply()) {
      // A business without orders (a subscription, a service): the account identifies it.
      if (asking_only) return;
      if (state_.email.empty()) {
        reply_.Add(voice_.Say(Phrase::kAskEmail));
        state_.awaiting = "email";
      } else {
        reply_.Add("Shall I note a " + noun + " request for the account " + state_.email + "?");
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
    reply_.Add(voice_.style == local::Style::kFormal
                   ? "Shall I submit a " + noun + " request for order " + state_.order_number + "?"
                   : "Would you like me to submit a " + noun + " request for order " +
                         state_.order_number + "?");
    state_.awaiting = "confirm";
    state_.pending_topic = std::string(TopicName(topic));
  }

  // Returns true iff the agent's knowledge speaks of orders (a shop rather than a subscription).
  bool OrdersApply() const {
    for (const local::Passage& p : index_.passages()) {
      if (local::ContainsWord(core::ToLowerAscii(p.question + " " + p.text), "order") ||
          local::ContainsWord(core::ToLowerAscii(p.question + " " + p.text), "orders")) {
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
      reply_.Add("Shall I note a cancellation request for the account " + state_.email + "?");
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
    reply_.Add("Shall I note a " + std::string(RequestNoun(pending)) +
               " request for that account?");
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
      reply_.Add("Done. I've logged your " + noun + " request for " + what + ".");
      reply_.Add("A member of our team will review it and follow up with you" +
                 (state_.email.empty() ? std::string(".") : " at " + state_.email + "."));
      reply_.Add(voice_.Say(Phrase::kAnythingElse));
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
    const Cues cues = ReadCues(text_, analysis_);
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
    reply_.Add("If you'd like, I can pass order " + state_.order_number +
               " to a member of our team to check it for you.");
    reply_.offered_human = true;
    state_.awaiting.clear();
    state_.pending_topic.clear();
  }

  void ChangeOrder() {
    const Cues cues = ReadCues(text_, analysis_);
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
    const Cues cues = ReadCues(text_, analysis_);
    const std::vector<Hit> info = Policy(Topic::kAccount);
    if (info.empty()) {
      if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
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
    const Cues cues = ReadCues(text_, analysis_);
    if (reply_.parts.empty()) reply_.Add(voice_.Say(Phrase::kAck));
    const std::vector<Hit> info = Policy(Topic::kPayment);
    AddHits(info);
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
    // Search for what they want to buy, without the buying words.
    std::string wanted;
    for (const std::string& token : local::Tokenize(text_)) {
      static const std::vector<std::string_view> kBuyWords = {
          "buy", "purchase", "order", "place", "want", "like", "take", "get", "some", "new"};
      if (std::find(kBuyWords.begin(), kBuyWords.end(), token) == kBuyWords.end()) {
        wanted += token + " ";
      }
    }
    std::vector<Hit> hits = index_.Search(wanted + " price", 2, 0.25);
    if (hits.size() == 2 && hits[1].score < 0.8 * hits[0].score) hits.resize(1);
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

  void Hours() {
    const std::vector<Hit> info = Policy(Topic::kHours, 1);
    if (info.empty()) {
      Question();
      return;
    }
    AddHits(info);
    if (!voice_.concise) reply_.Add(voice_.Say(Phrase::kAnythingElse));
  }

  void Question() {
    const std::vector<Hit> hits = Answer();
    if (hits.empty()) {
      ++state_.unanswered;
      NoKnowledge();
      return;
    }
    state_.unanswered = 0;
    if (voice_.upbeat && voice_.style != local::Style::kFormal) {
      reply_.Add("Great question!");
    }
    AddHits(hits);
    if (!voice_.concise) reply_.Add(voice_.Say(Phrase::kAnythingElse));
  }

  ResponderReply Finish(Topic topic) {
    ++state_.turns;
    state_.last_topic = std::string(TopicName(topic));
    ResponderReply out;
    out.text = reply_.Text();
    if (out.text.empty()) {  // Never return an empty reply.
      out.text = voice_.Say(Phrase::kNoKnowledge) + " " + voice_.Say(Phrase::kOfferHuman);
      reply_.offered_human = true;
    }
    out.offered_human = reply_.offered_human;
    out.state_json = state_.ToJson();
    out.source = "local";
    return out;
  }

  const core::Agent& agent_;
  const core::MessageMetadata& analysis_;
  std::string text_;
  Voice voice_;
  KnowledgeIndex index_;
  DialogueState state_;
  Reply reply_;
  bool continuing_ = false;  // This turn answers the agent's question for the order number.
};

// Returns the content of the last user message in `history`, or "".
std::string_view LastUserText(const std::vector<core::Message>& history) {
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (it->role == "user") return it->content;
  }
  return {};
}

// Streams `text` word by word (each chunk is a word with its trailing space).
void Stream(std::string_view text, const TokenSink& on_token) {
  if (!on_token) return;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    on_token(text.substr(start, end - start));
    start = end;
  }
}

class LocalResponder final : public Responder {
 public:
  core::Result<ResponderReply> Respond(const ResponderRequest& request,
                                       const TokenSink& on_token) override {
    if (request.agent == nullptr || request.history == nullptr) {
      return core::Error::Internal("Responder request without agent or history");
    }
    try {
      const std::string_view text = LastUserText(*request.history);
      Turn turn(request, text);
      ResponderReply reply = turn.Run();
      Stream(reply.text, on_token);
      return reply;
    } catch (const std::exception& e) {
      return core::Error::Internal(std::string("Local responder failed: ") + e.what());
    }
  }

  std::string Welcome(const core::Agent& agent) override {
    if (IsSigmaAgent(agent)) return std::string(kSigmaGreeting);
    return Voice::Of(agent).Say(Phrase::kGreeting);
  }
};

}  // namespace

bool IsSigmaAgent(const core::Agent& agent) {
  return agent.is_demo && agent.name == "Sigma" && agent.company == "Zero to Hero";
}

std::unique_ptr<Responder> MakeLocalResponder() { return std::make_unique<LocalResponder>(); }

}  // namespace carevoice::llm
