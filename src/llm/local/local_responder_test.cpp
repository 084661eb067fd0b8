#include "llm/local/local_responder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "llm/handoff.hpp"
#include "llm/local/dialogue_state.hpp"
#include "llm/local/knowledge_index.hpp"

namespace carevoice::llm {
namespace {

core::Agent ShopAgent(std::string style = "professional") {
  core::Agent a;
  a.id = "0123456789abcdef01234567";
  a.name = "Maya";
  a.company = "Northwind Outfitters";
  a.personality = "warm, patient and empathetic";
  a.response_style = std::move(style);
  a.company_info =
      "Northwind Outfitters sells outdoor clothing and camping gear online. "
      "Standard shipping takes 3 to 5 business days and is free on orders over $75. "
      "Express shipping takes 1 to 2 business days and costs $12.";
  a.prompts = {"Always ask for the order number before discussing an order.",
               "Our customer support team is available Monday to Friday, 8am to 6pm Eastern."};
  a.knowledge = {
      {"What is your refund policy?",
       "Refunds are issued to the original payment method within 5 business days after we "
       "receive the returned item; items must be returned within 30 days of delivery."},
      {"How do I return an item?",
       "Start a return from the Orders page; returns are free within 30 days of delivery."},
      {"How do I track my order?",
       "Every shipped order gets a tracking link by email, and you can also see its status on the "
       "Orders page."},
      {"How do I reset my password?",
       "Click 'Forgot password' on the sign-in page and we'll email you a reset link that is "
       "valid for 1 hour."},
      {"How much is the Trailblazer tent?",
       "The Trailblazer 2-person tent costs $249 and the Summit 4-person tent costs $399."},
      {"Can I cancel my order?",
       "Orders can be cancelled free of charge until they ship, usually within 12 hours."},
  };
  return a;
}

class Dialogue {
 public:
  explicit Dialogue(core::Agent agent)
      : agent_(std::move(agent)), responder_(MakeLocalResponder()) {}

  // Sends `text` as the next user turn; returns the reply.
  ResponderReply Say(const std::string& text, core::MessageMetadata analysis = {}) {
    core::Message user;
    user.role = core::MessageRole::kUser;
    user.content = text;
    history_.push_back(user);
    ResponderRequest request;
    request.agent = &agent_;
    request.history = &history_;
    request.analysis = std::move(analysis);
    request.state_json = state_;
    chunks_.clear();
    auto result =
        responder_->Respond(request, [&](std::string_view c) { chunks_.emplace_back(c); });
    EXPECT_TRUE(result.has_value());
    if (!result.has_value()) return {};
    state_ = result->state_json;
    core::Message reply;
    reply.role = core::MessageRole::kAssistant;
    reply.content = result->text;
    history_.push_back(reply);
    return *result;
  }

  const std::vector<std::string>& chunks() const { return chunks_; }
  const std::string& state() const { return state_; }
  Responder& responder() { return *responder_; }
  const core::Agent& agent() const { return agent_; }

 private:
  core::Agent agent_;
  std::unique_ptr<Responder> responder_;
  std::vector<core::Message> history_;
  std::string state_;
  std::vector<std::string> chunks_;
};

core::MessageMetadata Nlu(std::string intent, std::string fine, std::string sentiment = "neutral") {
  core::MessageMetadata m;
  m.intent = std::move(intent);
  m.fine_intent = std::move(fine);
  m.sentiment = std::move(sentiment);
  m.confidence = 0.9;
  return m;
}

bool Has(const std::string& haystack, const std::string& needle) {
  return core::ToLowerAscii(haystack).find(core::ToLowerAscii(needle)) != std::string::npos;
}

// Returns every number written in `text` ("30", "5", "$249", "9.99" -> "9.99").
std::vector<std::string> Numbers(const std::string& text) {
  std::vector<std::string> out;
  static const std::regex kNumber(R"(\d+(?:\.\d+)?)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kNumber);
       it != std::sregex_iterator(); ++it) {
    out.push_back(it->str());
  }
  return out;
}

TEST(LocalResponderTest, RefundRequestStatesPolicyFromKnowledgeAndAsksForOrder) {
  Dialogue d(ShopAgent());
  const auto reply =
      d.Say("I want a refund for the jacket I bought", Nlu("cancellation", "get_refund"));
  EXPECT_TRUE(Has(reply.text, "within 5 business days")) << reply.text;
  EXPECT_TRUE(Has(reply.text, "order number")) << reply.text;
  EXPECT_EQ(reply.source, "local");
  EXPECT_EQ(local::DialogueState::FromJson(reply.state_json).awaiting, "order_number");
}

TEST(LocalResponderTest, AStoryThenAQuestionWithoutPunctuationIsAnswered) {
  // No comma, no question mark: the question still gets its answer (MarkUnpunctuatedQuestions).
  Dialogue d(ShopAgent());
  const std::string reply =
      d.Say("we are going camping in the lake district next month how much is the trailblazer tent")
          .text;
  EXPECT_TRUE(Has(reply, "$249")) << reply;
}

TEST(LocalResponderTest, AnswersTheMessageAsTheNluReadIt) {
  // "trakc" as written; the NLU's speller read "track" (MessageMetadata::text).
  Dialogue as_written(ShopAgent());
  EXPECT_FALSE(Has(as_written.Say("how do I trakc the parcle").text, "tracking link"));
  Dialogue as_read(ShopAgent());
  core::MessageMetadata analysis;
  analysis.text = "how do I track the parcel";
  EXPECT_TRUE(Has(as_read.Say("how do I trakc the parcle", analysis).text, "tracking link"));
}

TEST(LocalResponderTest, RefundFoundByKeywordsWhenNluIsWrong) {
  Dialogue d(ShopAgent());
  // The NLU calls it a greeting; the keyword "money back" still makes it a refund.
  const auto reply = d.Say("hey can i get my money back", Nlu("general", "greeting"));
  EXPECT_TRUE(Has(reply.text, "original payment method")) << reply.text;
}

TEST(LocalResponderTest, OrderNumberFromTurnOneIsUsedInTurnThree) {
  Dialogue d(ShopAgent());
  const auto r1 = d.Say("Hi, my order #48213 arrived with a broken zipper",
                        Nlu("support", "complaint", "negative"));
  EXPECT_TRUE(Has(r1.text, "sorry")) << r1.text;
  const auto r2 =
      d.Say("How long does standard shipping take?", Nlu("question", "delivery_period"));
  EXPECT_TRUE(Has(r2.text, "3 to 5 business days")) << r2.text;
  const auto r3 = d.Say("OK, I'd like a refund please", Nlu("cancellation", "get_refund"));
  EXPECT_TRUE(Has(r3.text, "#48213")) << r3.text;
  EXPECT_FALSE(Has(r3.text, "could you share your order number")) << r3.text;
  // Turn 4 confirms; the request is logged against the remembered order.
  const auto r4 = d.Say("yes please");
  EXPECT_TRUE(Has(r4.text, "refund request for order #48213")) << r4.text;
}

TEST(LocalResponderTest, AskedOrderNumberIsTakenFromTheNextTurn) {
  Dialogue d(ShopAgent());
  const auto r1 = d.Say("where is my package?", Nlu("support", "track_order"));
  EXPECT_TRUE(Has(r1.text, "order number")) << r1.text;
  // A bare number is accepted because the agent asked for it; the NLU saw nothing.
  const auto r2 = d.Say("it's 99812734", Nlu("general", ""));
  EXPECT_TRUE(Has(r2.text, "order #99812734")) << r2.text;
  EXPECT_TRUE(Has(r2.text, "tracking link")) << r2.text;
  EXPECT_TRUE(r2.offered_human);
}

TEST(LocalResponderTest, OrderNumberAnsweringARefundQuestionContinuesTheRefund) {
  Dialogue d(ShopAgent());
  const auto r1 =
      d.Say("I want a refund for the jacket I bought", Nlu("cancellation", "get_refund"));
  ASSERT_EQ(local::DialogueState::FromJson(r1.state_json).awaiting, "order_number");
  // The NLU reads the bare statement of a number as order tracking; the pending refund wins.
  const auto r2 = d.Say("the order number is 112-4455667", Nlu("support", "track_order"));
  EXPECT_TRUE(Has(r2.text, "refund")) << r2.text;
  EXPECT_FALSE(Has(r2.text, "tracking link")) << r2.text;
  // A real new task still switches topic.
  const auto r3 =
      d.Say("also where is my other package, order 55512345?", Nlu("support", "track_order"));
  EXPECT_TRUE(Has(r3.text, "55512345")) << r3.text;
}

TEST(LocalResponderTest, ComplaintGetsApologyAndHumanOffer) {
  Dialogue d(ShopAgent());
  const auto reply = d.Say("This is the worst service ever, nobody answers my emails!",
                           Nlu("support", "complaint", "negative"));
  EXPECT_TRUE(Has(reply.text, "sorry")) << reply.text;
  EXPECT_TRUE(Has(reply.text, "connect you")) << reply.text;
  EXPECT_TRUE(reply.offered_human);
}

TEST(LocalResponderTest, OutOfKnowledgeQuestionGetsNoInventedFacts) {
  Dialogue d(ShopAgent());
  const auto agent = d.agent();
  const std::string all_knowledge = [&] {
    std::string s = agent.company_info;
    for (const auto& p : agent.prompts) s += " " + p;
    for (const auto& k : agent.knowledge) s += " " + k.question + " " + k.answer;
    return s;
  }();
  const std::vector<std::string> known = Numbers(all_knowledge);
  for (const std::string question :
       {"Do you sell gift cards and how much are they?", "What is your CEO's salary?",
        "Do you ship to Japan?", "Can I pay with bitcoin?"}) {
    const auto reply = d.Say(question, Nlu("question", "out_of_scope"));
    for (const std::string& n : Numbers(reply.text)) {
      EXPECT_NE(std::find(known.begin(), known.end(), n), known.end())
          << "invented number " << n << " in: " << reply.text;
    }
    EXPECT_TRUE(Has(reply.text, "don't have")) << question << " -> " << reply.text;
    EXPECT_TRUE(reply.offered_human) << question;
  }
}

TEST(LocalResponderTest, AnswersFromKnowledge) {
  Dialogue d(ShopAgent());
  const auto hours = d.Say("what are your support hours?", Nlu("question", ""));
  EXPECT_TRUE(Has(hours.text, "Monday to Friday, 8am to 6pm")) << hours.text;
  const auto price = d.Say("How much does the Summit tent cost?", Nlu("purchase", "place_order"));
  EXPECT_TRUE(Has(price.text, "$399")) << price.text;
  const auto password = d.Say("I forgot my password", Nlu("support", "recover_password"));
  EXPECT_TRUE(Has(password.text, "Forgot password")) << password.text;
  // Instruction-like prompts are style, not facts: never read out as an answer.
  EXPECT_FALSE(Has(password.text, "Always ask")) << password.text;
}

TEST(LocalResponderTest, StylesDiffer) {
  Dialogue formal(ShopAgent("formal"));
  Dialogue casual(ShopAgent("casual"));
  const auto f = formal.Say("I want to return my boots", Nlu("cancellation", "get_refund"));
  const auto c = casual.Say("I want to return my boots", Nlu("cancellation", "get_refund"));
  EXPECT_NE(f.text, c.text);
  EXPECT_TRUE(Has(f.text, "Could you please provide your order number?")) << f.text;
  EXPECT_TRUE(Has(c.text, "What's your order number?")) << c.text;
  // Formal wording avoids contractions in its own phrases.
  EXPECT_FALSE(Has(formal.responder().Welcome(formal.agent()), "I'm"));
  EXPECT_TRUE(Has(casual.responder().Welcome(casual.agent()), "Hey!"));
}

TEST(LocalResponderTest, GreetingThanksGoodbye) {
  Dialogue d(ShopAgent("friendly"));
  const auto hi = d.Say("hello there", Nlu("general", "greeting"));
  EXPECT_TRUE(Has(hi.text, "Maya")) << hi.text;
  EXPECT_TRUE(Has(hi.text, "Northwind Outfitters")) << hi.text;
  const auto thanks = d.Say("thanks a lot!", Nlu("general", "thanks", "positive"));
  EXPECT_TRUE(Has(thanks.text, "welcome")) << thanks.text;
  EXPECT_TRUE(Has(thanks.text, "anything else")) << thanks.text;
  const auto bye = d.Say("that's all, bye", Nlu("general", "goodbye"));
  EXPECT_TRUE(Has(bye.text, "Take care")) << bye.text;
  EXPECT_FALSE(bye.offered_human);
}

TEST(LocalResponderTest, HumanRequestIsOffered) {
  Dialogue d(ShopAgent());
  const auto reply = d.Say("can I talk to a real person", Nlu("support", "contact_human_agent"));
  EXPECT_TRUE(reply.offered_human);
  EXPECT_TRUE(Has(reply.text, "connect you")) << reply.text;
}

TEST(LocalResponderTest, WelcomeNamesAgentAndCompany) {
  auto responder = MakeLocalResponder();
  const core::Agent agent = ShopAgent();
  const std::string welcome = responder->Welcome(agent);
  EXPECT_TRUE(Has(welcome, "Maya")) << welcome;
  EXPECT_TRUE(Has(welcome, "Northwind Outfitters")) << welcome;

  core::Agent sigma;
  sigma.name = "Sigma";
  sigma.company = "Zero to Hero";
  sigma.is_demo = true;
  EXPECT_EQ(responder->Welcome(sigma), kSigmaGreeting);
  EXPECT_NE(kSigmaGreeting.find("\u2014"), std::string_view::npos);
}

TEST(LocalResponderTest, StreamsSentencesThatAssembleToTheText) {
  Dialogue d(ShopAgent());
  const auto reply = d.Say("How do I track my order?", Nlu("support", "track_order"));
  ASSERT_GT(d.chunks().size(), 1u);
  std::string assembled;
  for (const auto& c : d.chunks()) {
    assembled += c;
    // Each chunk but the last ends a sentence.
    if (&c != &d.chunks().back()) {
      const std::string_view t = core::TrimAscii(c);
      ASSERT_FALSE(t.empty());
      EXPECT_NE(std::string_view(".!?").find(t.back()), std::string_view::npos) << c;
    }
  }
  EXPECT_EQ(assembled, reply.text);
}

TEST(LocalResponderTest, MissingAgentIsAnError) {
  auto responder = MakeLocalResponder();
  ResponderRequest request;
  EXPECT_FALSE(responder->Respond(request, {}).has_value());
}

}  // namespace
}  // namespace carevoice::llm

namespace carevoice::llm {
namespace {

TEST(LocalResponderTest, SubscriptionBusinessAsksForAccountEmailNotOrderNumber) {
  core::Agent a;
  a.name = "Nora";
  a.company = "StreamCo";
  a.response_style = "friendly";
  a.knowledge = {{"How do I cancel my subscription?",
                  "Cancel anytime from Account > Membership; you keep access until the end of "
                  "the billing period."}};
  Dialogue d(a);
  const auto r1 = d.Say("please cancel my membership", Nlu("cancellation", "cancel_order"));
  EXPECT_TRUE(Has(r1.text, "until the end of the billing period")) << r1.text;
  EXPECT_TRUE(Has(r1.text, "email")) << r1.text;
  EXPECT_FALSE(Has(r1.text, "order number")) << r1.text;
  const auto r2 = d.Say("it's kim@example.com");
  EXPECT_TRUE(Has(r2.text, "kim@example.com")) << r2.text;
  const auto r3 = d.Say("yes");
  EXPECT_TRUE(Has(r3.text, "cancellation request for the account kim@example.com")) << r3.text;
}

TEST(LocalResponderTest, AcceptingTheHumanOfferConnects) {
  Dialogue d(ShopAgent());
  const auto r1 = d.Say("Do you have a store in London?", Nlu("question", "out_of_scope"));
  EXPECT_TRUE(r1.offered_human);
  const auto r2 = d.Say("yes please");
  EXPECT_TRUE(r2.offered_human);
  EXPECT_TRUE(Has(r2.text, "connect you with a member of the Northwind Outfitters team"))
      << r2.text;
}

// A shoe shop whose companyInfo restates two knowledge answers (issue 12's failures).
core::Agent ShoeShop() {
  core::Agent a;
  a.name = "Maya";
  a.company = "Stride & Co";
  a.response_style = "friendly";
  a.company_info =
      "Stride & Co is an online shoe shop. We accept Visa, Mastercard, PayPal and Apple Pay. "
      "Standard delivery is free on orders over 60 pounds.";
  a.knowledge = {
      {"How long does standard delivery take?",
       "Standard delivery takes 3 to 5 working days and is free on orders over 60 pounds."},
      {"Do you offer express delivery?",
       "Express delivery arrives the next working day and costs 9.95 pounds."},
      {"What is your returns policy?",
       "You can return unworn shoes within 30 days of delivery for a full refund."},
      {"Which payment methods do you accept?",
       "We accept Visa, Mastercard, American Express, PayPal and Apple Pay."},
      {"Do you offer financing?",
       "Klarna lets you split any order over 50 pounds into 3 payments."},
      {"When are orders dispatched?", "Orders placed before 2pm are dispatched the same day."},
      {"Is there a guarantee on your shoes?", "All our shoes carry a 12-month guarantee."},
      {"I was charged twice",
       "A second charge is an authorisation hold that disappears in 5 days."},
      {"Do you price match?", "We match the price of any UK retailer within 14 days."},
      {"Can I cancel my order?",
       "Orders can be cancelled free of charge until they are dispatched."},
  };
  return a;
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  const std::string h = core::ToLowerAscii(haystack);
  const std::string x = core::ToLowerAscii(needle);
  for (auto pos = h.find(x); pos != std::string::npos; pos = h.find(x, pos + x.size())) ++n;
  return n;
}

TEST(LocalResponderAnswersTest, ParaphrasesSynonymsAndTyposReachTheRightEntry) {
  Dialogue d(ShoeShop());
  const auto installments = d.Say("Can I pay in installments?");
  EXPECT_TRUE(Has(installments.text, "Klarna")) << installments.text;
  const auto warehouse = d.Say("When does my order leave the warehouse?");
  EXPECT_TRUE(Has(warehouse.text, "before 2pm")) << warehouse.text;
  const auto warranty = d.Say("how lng is the waranty");
  EXPECT_TRUE(Has(warranty.text, "12-month")) << warranty.text;
  const auto back = d.Say("And if they don't fit can I send them back?");
  EXPECT_TRUE(Has(back.text, "30 days")) << back.text;
  for (const auto* r : {&installments, &warehouse, &warranty, &back}) {
    EXPECT_FALSE(Has(r->text, "authorisation")) << r->text;
  }
}

TEST(LocalResponderAnswersTest, ShortFollowUpIsReadAgainstThePreviousAnswer) {
  Dialogue d(ShoeShop());
  const auto express = d.Say("Do you do express delivery?");
  EXPECT_TRUE(Has(express.text, "next working day")) << express.text;
  const auto price = d.Say("How much is it?");
  EXPECT_TRUE(Has(price.text, "9.95")) << price.text;
  EXPECT_FALSE(Has(price.text, "authorisation")) << price.text;
  EXPECT_FALSE(Has(price.text, "match the price")) << price.text;
}

TEST(LocalResponderAnswersTest, OverlappingCompanyInfoIsNotReadOutTwice) {
  Dialogue d(ShoeShop());
  const auto r = d.Say("Which payment methods do you take?");
  EXPECT_EQ(Count(r.text, "PayPal"), 1) << r.text;
  EXPECT_EQ(Count(r.text, "Visa"), 1) << r.text;
}

TEST(LocalResponderAnswersTest, SayingYoullOrderGetsNoUnrelatedPassage) {
  Dialogue d(ShoeShop());
  d.Say("Do you do express delivery?");
  const auto r = d.Say("Perfect, I'll order them now", Nlu("purchase", "place_order", "positive"));
  EXPECT_FALSE(Has(r.text, "authorisation")) << r.text;
  EXPECT_FALSE(Has(r.text, "match the price")) << r.text;
  EXPECT_TRUE(Numbers(r.text).empty()) << r.text;
}

// An agent of `company` with only `knowledge`.
core::Agent AgentKnowing(const std::string& company, std::vector<core::KnowledgeItem> knowledge) {
  core::Agent a;
  a.name = "Sam";
  a.company = company;
  a.knowledge = std::move(knowledge);
  return a;
}

// The reply of `agent` to `text`, the first message of a conversation.
std::string FirstReply(const core::Agent& agent, const std::string& text) {
  return Dialogue(agent).Say(text).text;
}

// An opticians' agent with ten everyday entries.
core::Agent Opticians() {
  return AgentKnowing(
      "Lumen Opticians",
      {{"How much is an eye test?", "An eye test costs 25 pounds."},
       {"How long does an eye test take?", "An eye test takes about 30 minutes."},
       {"What are your opening hours?", "We are open Monday to Saturday from 9am to 5:30pm."},
       {"How long do glasses take to make?", "Most glasses are ready in 7 to 10 days."},
       {"Do you repair glasses?", "We do small repairs such as new screws for free."},
       {"Do you offer home visits?", "Home eye tests are available for housebound people."},
       {"Do you accept NHS vouchers?", "We accept NHS vouchers towards the cost of glasses."},
       {"Can I pay in instalments?", "You can spread the cost of glasses over 6 months."},
       {"Is there a warranty on glasses?", "All frames come with a 2-year guarantee."},
       {"Do you sell contact lenses?", "We fit daily and monthly contact lenses for 35 pounds."}});
}

TEST(LocalResponderAnswersTest, ATaskOnlyTheModelSawOfAKindTheKnowledgeNeverMentionsIsAQuestion) {
  // A hotel's knowledge says nothing of invoices; the model reads a question about a wheelchair
  // as an invoice request. No invoice flow (no request for an account email): the agent says it
  // does not know, and offers a person.
  Dialogue d(
      AgentKnowing("Quayside Hotel",
                   {{"What time is check-in?", "Check-in is from 3pm and check-out is by 11am."},
                    {"Is breakfast included?", "Breakfast is included in every room rate."}}));
  const auto r =
      d.Say("my gran needs a walking frame, is that ok?", Nlu("question", "check_invoice"));
  EXPECT_FALSE(Has(r.text, "email")) << r.text;
  EXPECT_FALSE(Has(r.text, "invoice")) << r.text;
  EXPECT_TRUE(OffersHandoff(r.text)) << r.text;
  // The same model reading where the knowledge does speak of invoices keeps the invoice flow.
  Dialogue shop(AgentKnowing(
      "Stride", {{"How do I get an invoice?", "Invoices are emailed when an order ships."}}));
  const auto invoice =
      shop.Say("can you sort out the paperwork for my order", Nlu("question", "check_invoice"));
  EXPECT_TRUE(Has(invoice.text, "Invoices are emailed")) << invoice.text;
}

TEST(LocalResponderAnswersTest, NotWantingWhatWasBoughtReachesTheReturnsPolicy) {
  // "don't like", "not happy with" and "change your mind" say one thing.
  Dialogue d(AgentKnowing(
      "Harbor Outdoor",
      {{"Can I send an item back?",
        "If you are not happy with an item, you can send it back unworn within 30 days."},
       {"Do you sell jackets?", "We sell waterproof jackets from 40 pounds."},
       {"How long does delivery take?", "Delivery takes 3 to 5 days."}}));
  const auto r = d.Say("what if I don't like them?");
  EXPECT_TRUE(Has(r.text, "30 days")) << r.text;
  EXPECT_FALSE(Has(r.text, "40 pounds")) << r.text;
  // Rewritten on both sides, the policy's own words still match the customer's.
  Dialogue later(AgentKnowing(
      "Harbor Outdoor", {{"Can I send an item back?",
                          "If you change your mind, you can send it back within 30 days."},
                         {"Do you sell jackets?", "We sell waterproof jackets from 40 pounds."}}));
  const auto mind = later.Say("is it ok if I change my mind?");
  EXPECT_TRUE(Has(mind.text, "30 days")) << mind.text;
}

TEST(LocalResponderAnswersTest, AWeakCueForAPersonGetsTheOfferOnce) {
  // A weaker cue that only the model reads as a request for a person gets the offer, once.
  Dialogue weak(ShopAgent());
  const auto offer = weak.Say("could somebody ring me", Nlu("support", "contact_customer_service"));
  EXPECT_TRUE(offer.offered_human);
  EXPECT_TRUE(OffersHandoff(offer.text)) << offer.text;
  EXPECT_EQ(Count(offer.text, "team"), 1) << offer.text;
}

TEST(LocalResponderAnswersTest, ANewQuestionIsNotReadAsAFollowUpOfThePreviousTopic) {
  // "how do I make a booking" has one index term and no word pointing back: it singles out the
  // booking entry on its own, so the previous (cancellation) topic does not pull it away.
  Dialogue d(AgentKnowing(
      "Bramble",
      {{"How do I book an appointment?", "You can book online or by phoning the salon."},
       {"What is your cancellation policy?",
        "Please give us 24 hours' notice if you cannot make your appointment."},
       {"Can I get just a nail clip?", "A nail clip needs no appointment on weekday mornings."}}));
  d.Say("what if I need to cancel");
  const auto r = d.Say("how do I make a booking");
  EXPECT_TRUE(Has(r.text, "book online")) << r.text;
  EXPECT_FALSE(Has(r.text, "24 hours")) << r.text;
}

TEST(LocalResponderAnswersTest, APersonSpokenOfPointsBackToTheTopic) {
  // "he" stands for someone in the story; the question goes on with the eye test. It is no
  // question about paying in instalments, and that wrong topic must not become the context of
  // the next follow-up either.
  Dialogue d(Opticians());
  EXPECT_TRUE(Has(d.Say("how much do you charge to check my eyes").text, "25 pounds"));
  const auto pay = d.Say("my son is 12, does he have to pay?", Nlu("question", ""));
  EXPECT_FALSE(Has(pay.text, "6 months")) << pay.text;
  const auto how_long = d.Say("how long will it take");
  EXPECT_TRUE(Has(how_long.text, "30 minutes")) << how_long.text;
  EXPECT_FALSE(Has(how_long.text, "6 months")) << how_long.text;
}

core::Agent Groomers() {
  return AgentKnowing(
      "Bramble Dog Grooming",
      {{"How much does a full groom cost?",
        "A full groom costs 45 pounds for small dogs and 70 pounds for large dogs."},
       {"Do you do puppy grooms?",
        "Puppies under 6 months can have a gentle introduction session for 20 pounds."},
       {"Do you groom older dogs?", "Dogs over 10 years old get a shorter, quieter groom."},
       {"What shampoo do you use?", "We use a hypoallergenic, fragrance-free shampoo."}});
}

// A groomer's customers name the breed and say it their way; the knowledge names the kind.
TEST(LocalResponderAnswersTest, EverydayGroomingWordsReachTheKnowledge) {
  const core::Agent groomers = AgentKnowing(
      "Bramble Dog Grooming",
      {{"How much does a full groom cost?",
        "A full groom costs 45 pounds for small dogs and 70 pounds for large dogs."},
       {"Can I get just a nail clip?", "A nail clip on its own costs 12 pounds."},
       {"What if my dog's coat is matted?", "Heavily matted coats may need to be shaved short."},
       {"Do you offer a pick-up service?", "We can collect and drop off dogs for 8 pounds."},
       {"What shampoo do you use?", "We use a hypoallergenic, fragrance-free shampoo."}});
  const auto say = [&](const std::string& text) { return Dialogue(groomers).Say(text).text; };
  // WordNet: a poodle is a kind of dog, though no everyday word lies between them.
  EXPECT_TRUE(Has(say("how much for a poodle"), "45 pounds"));
  const std::string claws = say("could you just trim his claws");
  EXPECT_TRUE(Has(claws, "12 pounds")) << claws;
  EXPECT_FALSE(Has(claws, "45 pounds")) << claws;
  EXPECT_TRUE(Has(say("my spaniel's fur is all knotted, can you still do him?"), "shaved"));
  EXPECT_TRUE(Has(say("can you fetch him"), "8 pounds"));
  const std::string skin = say("my dog has sensitive skin, what do you wash him with");
  EXPECT_TRUE(Has(skin, "hypoallergenic")) << skin;
}

// A phone repair shop: customers tell what happened; the knowledge names the repair.
TEST(LocalResponderAnswersTest, APhoneRepairCustomerIsAnsweredFromWhatHappened) {
  const core::Agent shop = AgentKnowing(
      "Swiftfix Phone Repairs",
      {{"How much is a screen replacement?", "Screen replacements cost from 59 pounds."},
       {"How long does a repair take?", "Most screen and battery repairs take about 45 minutes."},
       {"Do you replace batteries?", "A new battery costs 49 pounds with a 6-month warranty."},
       {"Can you fix water damage?", "A water damage check costs 25 pounds; do not charge it."},
       {"Will I lose my data?", "Screen and battery repairs do not touch your data."},
       {"Is there a warranty on repairs?", "All repairs carry a 12-month warranty."},
       {"Do you buy old phones?", "We buy working phones for cash."},
       {"Do you repair tablets and laptops?", "We repair tablets, but not laptops."},
       {"Do you offer a postal repair service?", "You can post your phone to us."}});
  Dialogue screen(shop);
  const auto smashed = screen.Say("I dropped my phone and the screen's smashed");
  EXPECT_TRUE(Has(smashed.text, "59 pounds")) << smashed.text;
  // "how long" after a price the entry cannot answer: the entry that says how long, not the
  // battery's warranty period, which shares more words of the first message.
  const auto how_long = screen.Say("how long would that take");
  EXPECT_TRUE(Has(how_long.text, "45 minutes")) << how_long.text;
  EXPECT_FALSE(Has(how_long.text, "6-month")) << how_long.text;
  const auto say = [&](const std::string& text) { return Dialogue(shop).Say(text).text; };
  const std::string bath = say("I dropped my phone in the bath last night");
  EXPECT_TRUE(Has(bath, "25 pounds")) << bath;
  EXPECT_TRUE(Has(say("my battery is dead by lunchtime every day"), "49 pounds"));
  const std::string work = say("is the work guaranteed");
  EXPECT_TRUE(Has(work, "12-month")) << work;
  EXPECT_FALSE(Has(work, "cash")) << work;
  EXPECT_TRUE(Has(say("will my photos still be there after"), "data"));
  EXPECT_TRUE(Has(say("do you fix macbooks"), "not laptops"));
  EXPECT_TRUE(Has(say("I live in Cornwall, can I send it to you"), "post your phone"));
}

// How to go about what was just answered is that answer; "come up small" asks how a size fits.
TEST(LocalResponderAnswersTest, HowToGoAboutItAndHowASizeComesUp) {
  const core::Agent shop = AgentKnowing(
      "Stride & Co",
      {{"What is your returns policy?",
        "You can return unworn shoes within 30 days. Returns are free with the prepaid label."},
       {"Can I exchange shoes for a different size?", "Yes, size exchanges are free."},
       {"Do your shoes run true to size?", "Our shoes run true to size."},
       {"How long does delivery take?", "Standard delivery takes 3 to 5 working days."}});
  Dialogue returns(shop);
  returns.Say("what's your returns policy");
  const auto how = returns.Say("what do I have to do?");
  EXPECT_TRUE(Has(how.text, "prepaid label")) << how.text;
  // With nothing answered before, there is nothing to go about.
  const auto cold = Dialogue(shop).Say("what do I have to do?");
  EXPECT_FALSE(Has(cold.text, "prepaid label")) << cold.text;
  Dialogue fit(shop);
  fit.Say("how long does delivery take");
  const auto small = fit.Say("do they come up small");
  EXPECT_TRUE(Has(small.text, "true to size")) << small.text;
  EXPECT_FALSE(Has(small.text, "exchanges")) << small.text;
}

// A driving school's pupils: a part with nothing to look up goes with the next ("I'm 17 and
// ..."), preferences and everyday words for what the knowledge names otherwise.
TEST(LocalResponderAnswersTest, ADrivingSchoolPupilIsUnderstood) {
  const core::Agent school = AgentKnowing(
      "Roadwise Driving School",
      {{"How much is a driving lesson?", "A one-hour lesson costs 38 pounds."},
       {"Do you teach in automatic cars?", "Yes, we teach in manual and automatic cars."},
       {"Where do lessons start?", "We pick you up and drop you off at home or work."},
       {"Can I choose my instructor?", "You can ask for a male or female instructor."},
       {"What is your cancellation policy?", "Lessons cancelled late are charged in full."},
       {"Do you help with the theory test?", "Every pupil gets free access to our theory app."},
       {"Do you have gift vouchers?", "Gift vouchers are available for any amount."},
       {"Is there parking?", "There is free parking for pupils' parents."}});
  const auto say = [&](const std::string& text) { return Dialogue(school).Say(text).text; };
  EXPECT_TRUE(Has(say("I'm 17 and want to start learning to drive, how much are your lessons"),
                  "38 pounds"));
  EXPECT_TRUE(Has(say("do I have to come to you or do you collect me"), "pick you up"));
  EXPECT_TRUE(Has(say("I'd feel more comfortable with a woman teaching me"), "female"));
  EXPECT_TRUE(Has(say("I'd rather not drive a manual"), "automatic"));
  const std::string ill =
      say("I'm ill and can't make my lesson tomorrow, will I still have to pay");
  EXPECT_TRUE(Has(ill, "charged in full")) << ill;
  const std::string comes_up =
      say("if i book then something comes up at work and i cant be there do i lose money");
  EXPECT_TRUE(Has(comes_up, "charged in full")) << comes_up;
  EXPECT_TRUE(Has(say("can you help me revise for the written test"), "theory"));
  EXPECT_TRUE(Has(say("can I buy lessons as a birthday present"), "Gift vouchers"));
  // A car is still parked: "car" relates to parking, no longer means it.
  EXPECT_TRUE(Has(say("is there anywhere to leave the car"), "parking"));
}

// A removals firm: homes told in bedrooms, what may break, keeping things, taking them apart.
TEST(LocalResponderAnswersTest, ARemovalsCustomerIsUnderstood) {
  const core::Agent movers = AgentKnowing(
      "Tidewell Removals",
      {{"How much does a house move cost?",
        "A one-bedroom flat move starts from 450 pounds and a three-bedroom house from 950 "
        "pounds."},
       {"Are my belongings insured?",
        "Every move includes insurance up to 50,000 pounds. Items "
        "you pack yourself are not covered for breakage."},
       {"Do you offer storage?", "We offer containerised storage from 25 pounds per week."},
       {"Do you sell boxes?", "A pack of 10 boxes costs 22 pounds."},
       {"Do you dismantle furniture?",
        "Our crew dismantles and reassembles beds at no extra cost."},
       {"What deposit do you need?",
        "A deposit of 100 pounds secures your date, and the balance is due 7 days before."},
       {"Can I cancel or change my date?",
        "You can change your date free of charge up to 14 days before the move. Cancellations "
        "within 14 days lose the deposit."}});
  const auto say = [&](const std::string& text) { return Dialogue(movers).Say(text).text; };
  // "3 bed" is the three-bedroom house, not the beds the crew takes apart.
  const std::string price =
      say("we're moving from a 3 bed semi, what sort of price are we looking at");
  EXPECT_TRUE(Has(price, "950 pounds")) << price;
  EXPECT_TRUE(Has(say("what if something gets broken"), "insurance"));
  EXPECT_TRUE(Has(say("can you keep our stuff somewhere for a few weeks"), "storage"));
  // "buy" is told by a price; "my own" is no topic.
  EXPECT_TRUE(Has(say("do I need to buy my own boxes"), "22 pounds"));
  EXPECT_TRUE(Has(say("will your guys take the beds apart"), "dismantles"));
  EXPECT_TRUE(Has(say("when do I have to pay the rest"), "7 days"));
  // A price: the passage that states an amount, though "free of charge" speaks of one too.
  Dialogue plans(movers);
  plans.Say("if we have to cancel do we get the deposit back");
  const std::string deposit = plans.Say("how much was the deposit again").text;
  EXPECT_TRUE(Has(deposit, "100 pounds")) << deposit;
}

// A hair salon: one offer said in two halves, first-timers, the people a customer speaks for.
TEST(LocalResponderAnswersTest, ASalonCustomerIsUnderstood) {
  const core::Agent salon = AgentKnowing(
      "Copper & Comb",
      {{"How much is a women's cut?", "A women's cut and blow-dry costs 45 pounds."},
       {"How much is a men's cut?", "A men's cut costs 22 pounds, and a beard trim is 10 extra."},
       {"Do you cut children's hair?", "Children's cuts cost 15 pounds."},
       {"Do you do colouring?", "A full head of colour starts from 70 pounds."},
       {"Do I need a patch test?", "Anyone new to colour needs a patch test 48 hours before."},
       {"Do you take walk-ins?", "We take walk-ins when a stylist is free."},
       {"Do you sell hair products?", "We sell Olaplex and Kevin Murphy products in the salon."},
       {"Where are you?", "We are at 14 Tib Street in the Northern Quarter."},
       {"Do you offer gift vouchers?", "Gift vouchers are available in any amount."},
       {"What is your cancellation policy?",
        "Please give us 24 hours' notice. Late cancellations are charged 50% of the service."}});
  const auto say = [&](const std::string& text) { return Dialogue(salon).Say(text).text; };
  // One offer, not a cut (the children's, the first price found) and then a blow-dry.
  const std::string cut = say("how much would it be to get my hair cut and blow dried");
  EXPECT_TRUE(Has(cut, "45 pounds")) << cut;
  EXPECT_FALSE(Has(cut, "15 pounds")) << cut;
  const std::string first = say("I've never had it coloured before, would I need to come in first");
  EXPECT_TRUE(Has(first, "patch test")) << first;
  EXPECT_TRUE(Has(say("and my husband, he wants his beard tidied up as well"), "beard trim"));
  EXPECT_TRUE(Has(say("can we just turn up"), "walk-ins"));
  EXPECT_TRUE(Has(say("what shampoo do you use"), "Olaplex"));
  EXPECT_TRUE(Has(say("whereabouts are you"), "Tib Street"));
  // While an e-mail is awaited, a task the model is unsure of and the message never names is a
  // question ("do you do vouchers" read as an invoice request).
  Dialogue later(salon);
  core::MessageMetadata cancel;
  cancel.intent = "cancellation";
  cancel.fine_intent = "cancel_order";
  cancel.confidence = 0.9;
  later.Say("I can't make my appointment tomorrow, please cancel it", cancel);
  core::MessageMetadata invoice;
  invoice.intent = "account";
  invoice.fine_intent = "check_invoice";
  invoice.confidence = 0.58;
  const std::string vouchers =
      later.Say("looking for a present for my sister, do you do vouchers", invoice).text;
  EXPECT_TRUE(Has(vouchers, "Gift vouchers")) << vouchers;
}

// A restaurant: the times and party of a story weigh little, a place the knowledge never names
// is inside the area it serves, heat as customers ask for it.
TEST(LocalResponderAnswersTest, ARestaurantGuestIsUnderstood) {
  const core::Agent restaurant = AgentKnowing(
      "Saffron Kitchen",
      {{"Do you take bookings?", "You can book a table online or by calling us."},
       {"Do you deliver?", "We deliver within 3 miles for 2.50 pounds."},
       {"Do you cater for allergies?", "Our menu marks the 14 major allergens."},
       {"Do you cater for parties?", "Groups of 10 or more can book our banquet menu."},
       {"Do you do takeaway collection?", "Collection orders get 10% off."},
       {"Do you have a loyalty scheme?",
        "Every 10th order gets a free main with our loyalty card."},
       {"How spicy is your food?", "Every dish can be made mild, medium or hot."}});
  const auto say = [&](const std::string& text) { return Dialogue(restaurant).Say(text).text; };
  EXPECT_TRUE(Has(say("can I get a table for 6 on friday night"), "book a table"));
  EXPECT_TRUE(Has(say("do you deliver to Moseley"), "3 miles"));
  EXPECT_TRUE(Has(say("what if I pick it up myself"), "10%"));
  EXPECT_TRUE(Has(say("do I get anything for ordering regularly"), "loyalty"));
  // "14 people" is a party, not the 14 allergens; "planning" is no subscription plan.
  const std::string party = say("we're planning a birthday meal for 14 people");
  EXPECT_TRUE(Has(party, "banquet")) << party;
  EXPECT_FALSE(Has(party, "allergens")) << party;
  EXPECT_TRUE(Has(say("can you make the curry less spicy"), "mild"));
  EXPECT_TRUE(Has(say("Bonjour, avez-vous un menu végétarien ?"), "anglais"));
}

// A cleaning firm: a rented home's end, staff checks, commercial work, a move of a clean.
TEST(LocalResponderAnswersTest, ACleaningCustomerIsUnderstood) {
  const core::Agent cleaners = AgentKnowing(
      "Brightside Cleaning",
      {{"How much is a regular clean?", "Regular cleaning costs 18 pounds per hour."},
       {"How much is an end of tenancy clean?",
        "An end of tenancy clean costs from 180 pounds for a one-bedroom flat."},
       {"Are your cleaners vetted?", "All our cleaners are DBS checked and insured."},
       {"How do I cancel a clean?", "Please give 24 hours' notice to cancel or move a clean."},
       {"Do you clean offices?", "Yes, we clean offices from 20 pounds per hour."},
       {"Which areas do you cover?", "We cover Brighton, Hove and Lewes."},
       {"Do you bring your own products?", "Our cleaners bring all equipment, even a vacuum."},
       {"Do I need to be home?", "You don't need to be home; many customers leave a key."}});
  const auto say = [&](const std::string& text) { return Dialogue(cleaners).Say(text).text; };
  const std::string tenancy =
      say("I'm moving out of my rented flat at the end of the month, can you do a deep clean");
  EXPECT_TRUE(Has(tenancy, "end of tenancy")) << tenancy;
  EXPECT_TRUE(Has(say("are your staff background checked"), "DBS"));
  EXPECT_TRUE(Has(say("something's come up, can I move tomorrow's clean"), "24 hours"));
  EXPECT_TRUE(Has(say("do you do commercial cleaning"), "offices"));
  EXPECT_TRUE(Has(say("do you cover Worthing"), "Brighton"));
  EXPECT_TRUE(Has(say("do I need to supply the hoover and stuff"), "vacuum"));
  EXPECT_TRUE(Has(say("I work during the day so won't be in"), "key"));
}

// A campsite: ages given as a follow-up, a part that is only when, what is bought on site.
TEST(LocalResponderAnswersTest, ACampsiteGuestIsUnderstood) {
  const core::Agent camp = AgentKnowing(
      "Ashdown Campsite",
      {{"How much is a pitch?", "A pitch costs 22 pounds per night. Children under 5 stay free."},
       {"Do you have electric hook-up?", "Electric hook-up costs 6 pounds extra per night."},
       {"Is there a minimum stay?", "Bank holiday weekends have a 3-night minimum stay."},
       {"What deposit do you need?", "A deposit of 30 pounds secures a booking."},
       {"Do you have a shop?", "Our reception shop sells milk, bread and gas canisters."}});
  Dialogue family(camp);
  family.Say("how much for a tent pitch for two of us and the kids");
  const std::string ages = family.Say("they're 3 and 7").text;
  EXPECT_TRUE(Has(ages, "under 5 stay free")) << ages;
  const auto say = [&](const std::string& text) { return Dialogue(camp).Say(text).text; };
  // "and saturday night" is when, not a second question (the hook-up's "per night").
  const std::string stay =
      say("we want to come for the may bank holiday, just friday and saturday night");
  EXPECT_TRUE(Has(stay, "3-night")) << stay;
  EXPECT_FALSE(Has(stay, "hook-up")) << stay;
  EXPECT_TRUE(Has(say("how much do you need upfront"), "30 pounds"));
  EXPECT_TRUE(Has(say("is there somewhere to buy milk on site"), "shop"));
}

// A word that only describes ("wooden") and that the knowledge does not use is less of the topic
// than one that names: the pods are found; a word no dictionary has still names another thing.
TEST(LocalResponderAnswersTest, AnUnknownDescriptionDoesNotHideWhatItDescribes) {
  const core::Agent camp = AgentKnowing(
      "Ashdown Campsite",
      {{"Do you have glamping pods?", "Our glamping pods sleep 4 and cost 75 pounds per night."},
       {"How much is a pitch?", "A pitch costs 22 pounds per night."},
       {"Do you have a shop?", "Our reception shop sells milk, bread and gas canisters."}});
  const auto say = [&](const std::string& text) { return Dialogue(camp).Say(text).text; };
  const std::string pods = say("do you have those wooden pod things");
  EXPECT_TRUE(Has(pods, "75 pounds")) << pods;
  const std::string other = say("do you have those zorbling pod things");
  EXPECT_FALSE(Has(other, "75 pounds")) << other;
}

// What the customer calls theirs ("my house") is the story around the question, even when it is
// a word of the hand synonym table (which WordNet's relations leave out): not a thing asked for.
TEST(LocalResponderAnswersTest, TheCustomersOwnPlaceIsTheStoryAroundTheQuestion) {
  const core::Agent shop = AgentKnowing(
      "Kestrel Cycles",
      {{"Do you deliver?", "We deliver bikes free within 10 miles of the shop."},
       {"How long does a repair take?", "Most repairs are ready within 2 working days."},
       {"Do you sell helmets?", "We sell helmets from 30 pounds."},
       {"Do you hire bikes?", "Hybrid bikes hire for 25 pounds a day."},
       {"When are you open?", "We are open Tuesday to Saturday, 9am to 5pm."},
       {"Do you do part exchange?", "We take your old bike in part exchange."},
       {"Do you service e-bikes?", "We service e-bikes from 60 pounds."}});
  const std::string home = Dialogue(shop).Say("can you bring it to my house").text;
  EXPECT_TRUE(Has(home, "10 miles")) << home;
}

// Locked out (of a home or an account) is a lock-out; a lock of a locksmith's is no login.
TEST(LocalResponderAnswersTest, LockedOutIsALockOutAndALockIsALock) {
  const core::Agent locksmith = AgentKnowing(
      "Lockline Locksmiths",
      {{"How much is an emergency lock-out call-out?",
        "An emergency lock-out costs 85 pounds during the day and 120 pounds overnight."},
       {"How much does a lock change cost?",
        "A standard euro cylinder lock change costs 65 pounds fitted. Mortice lock replacements "
        "start at 95 pounds."},
       {"Can you remove a broken key from a lock?",
        "Broken key extraction costs 55 pounds as long as the lock still works afterwards."},
       {"Do you cut keys?", "We cut standard house keys for 4.50 pounds each."}});
  const auto say = [&](const std::string& text) { return Dialogue(locksmith).Say(text).text; };
  const std::string out = say("ive locked myself out of my flat, how much to get back in??");
  EXPECT_TRUE(Has(out, "85 pounds")) << out;
  EXPECT_FALSE(Has(out, "65 pounds")) << out;
  const std::string change = say("how much to change the lock on my back door");
  EXPECT_TRUE(Has(change, "65 pounds")) << change;
  const core::Agent shop = AgentKnowing(
      "Northwind Outfitters",
      {{"I can't log in to my account",
        "Reset your password from the sign-in page to get back in."},
       {"How do I track my order?", "Every shipped order gets a tracking link by email."}});
  const std::string account = Dialogue(shop).Say("I'm locked out of my account").text;
  EXPECT_TRUE(Has(account, "sign-in page")) << account;
}

// "till" is no topic, "gets here" is arriving, "cost extra" a price (and "extra" no
// "extraction"); a word negated by its prefix speaks of the same thing ("unedited": edited).
TEST(LocalResponderAnswersTest, SmallWordsAndPrefixesAreReadAsMeant) {
  const core::Agent locksmith = AgentKnowing(
      "Lockline Locksmiths",
      {{"How much is an emergency lock-out call-out?",
        "An emergency lock-out costs 85 pounds. We aim to arrive within 45 minutes."},
       {"Do you work on Sundays?", "Emergency call-outs run on Sundays with a 25 pound surcharge."},
       {"Can you remove a broken key from a lock?",
        "Broken key extraction costs 55 pounds as long as the lock still works afterwards."},
       {"Do you guarantee your work?", "Every lock we fit carries a 12-month guarantee."}});
  Dialogue call(locksmith);
  call.Say("ive locked myself out, how much to get back in");
  const std::string soon = call.Say("how long till someone gets here").text;
  EXPECT_TRUE(Has(soon, "45 minutes")) << soon;
  const std::string sunday = call.Say("and its a sunday, does that cost extra").text;
  EXPECT_TRUE(Has(sunday, "25 pound")) << sunday;
  EXPECT_FALSE(Has(sunday, "55 pounds")) << sunday;
  const core::Agent photographer = AgentKnowing(
      "Snapshot Photography",
      {{"Can we have the RAW files?",
        "We don't release RAW files; every delivered image is fully edited in high resolution."},
       {"How long until we get our photos?", "Your full gallery is delivered within 8 weeks."},
       {"Do you offer wedding albums?", "Handmade linen albums start at 395 pounds."}});
  const std::string files =
      Dialogue(photographer).Say("can we get all the unedited files too").text;
  EXPECT_TRUE(Has(files, "RAW")) << files;
}

// A carpet cleaner's knowledge (two tests below).
core::Agent CarpetCleaner() {
  return AgentKnowing(
      "TidyUp Carpet Care",
      {{"Can you remove stains like red wine or coffee?",
        "Stubborn stains like red wine, coffee or ink are treated with a pre-spray for 15 pounds "
        "per stain."},
       {"How long does the carpet take to dry?", "Carpets are usually touch dry in 2 to 4 hours."},
       {"How much does carpet cleaning cost per room?",
        "Carpet cleaning costs 45 pounds per standard room."},
       {"Do you clean rugs?", "Rugs are cleaned in your home from 30 pounds."},
       {"Do you treat pet odours?",
        "Our pet odour treatment costs 20 pounds per room on top of the clean."}});
}

// Small words of a story ("tho", "without", "goes", "ones") are no topic, and a colour describes.
TEST(LocalResponderAnswersTest, ARepairShopAndACarpetCleanerAreUnderstood) {
  const core::Agent shop = AgentKnowing(
      "ByteFix Cardiff",
      {{"How much is a laptop screen replacement?",
        "Laptop screen replacements cost from 89 pounds for most models."},
       {"How long do repairs take?", "Most repairs are finished within 3 to 5 working days."},
       {"Do your repairs come with a warranty?", "Every repair comes with a 90-day warranty."},
       {"Do you sell second-hand laptops?",
        "We sell refurbished laptops from 179 pounds, each with a 6-month warranty."},
       {"Where are you?", "Our shop is on City Road, open Monday to Saturday."}});
  Dialogue screen(shop);
  screen.Say("dropped my lappy and the screen cracked, can u fix it and how much");
  const std::string without = screen.Say("how long will i be without it tho").text;
  EXPECT_TRUE(Has(without, "3 to 5 working days")) << without;
  const auto say = [&](const std::string& text) { return Dialogue(shop).Say(text).text; };
  const std::string again = say("and is the repair guaranteed if it goes again?");
  EXPECT_TRUE(Has(again, "90-day")) << again;
  const std::string ones = say("or do you sell any second hand ones");
  EXPECT_TRUE(Has(ones, "179 pounds")) << ones;
  const core::Agent cleaner = CarpetCleaner();
  const std::string wine =
      Dialogue(cleaner)
          .Say("spilt red wine on the cream carpet in the lounge last night, can u get it out??")
          .text;
  EXPECT_TRUE(Has(wine, "pre-spray")) << wine;
}

// A follow-up that points back goes on with the entry just answered when that entry holds its
// topic; "have a look" is a check; "the whole room while you're at it" is the room.
TEST(LocalResponderAnswersTest, TheThreadGoesOnWithWhatTheyAskAbout) {
  const core::Agent shop = AgentKnowing(
      "ByteFix Cardiff",
      {{"How much is a diagnostic check?",
        "Our diagnostic check costs £25, and that fee is taken off the bill if you go ahead with "
        "the repair."},
       {"How much is a laptop screen replacement?",
        "Laptop screen replacements cost from £89 for most models, including the new panel and "
        "fitting."},
       {"Do you do virus removal?",
        "Virus and malware removal costs £49, including a full security scan and installing free "
        "antivirus software."},
       {"Can you recover data from a broken hard drive?",
        "Data recovery from a failed or damaged hard drive starts at £79, and if we can't get your "
        "files back you pay nothing."},
       {"How long do repairs take?",
        "Most repairs are finished within 3 to 5 working days, and our express same-day service "
        "costs an extra £30."},
       {"Do you offer collection and delivery?",
        "We collect and return laptops anywhere in Cardiff for £15 each way, free for repairs over "
        "£150."},
       {"Do your repairs come with a warranty?",
        "Every repair comes with a 90-day warranty covering the parts we fitted and our "
        "workmanship."},
       {"Do you sell second-hand laptops?",
        "We sell refurbished laptops from £179, each fully tested and sold with a 6-month "
        "warranty."},
       {"Where are you and when are you open?",
        "Our shop on City Road, Cardiff is open Monday to Friday 9am to 5:30pm and Saturday 10am "
        "to 4pm."},
       {"Can you replace a laptop battery?",
        "A replacement laptop battery costs from £59 fitted, usually done the same day if the "
        "battery is in stock."},
       {"What should I do if I spill a drink on my laptop?",
        "If you spill a drink on your laptop, switch it off and don't charge it; our liquid damage "
        "clean costs £65."},
       {"Can you upgrade my laptop to an SSD?",
        "Upgrading to a fast SSD costs £99, including copying all your files and programs across."},
       {"Which devices do you repair?",
        "We repair Windows laptops, MacBooks and desktop PCs, but we don't repair phones or "
        "tablets."}});
  Dialogue laptops(shop);
  laptops.Say("or do you sell any second hand ones");
  const std::string guarantee = laptops.Say("what guarantee do they come with").text;
  EXPECT_TRUE(Has(guarantee, "6-month")) << guarantee;
  EXPECT_FALSE(Has(guarantee, "90-day")) << guarantee;
  const std::string look =
      Dialogue(shop)
          .Say(
              "my desktop wont turn on at all, whats the charge just to have a look and tell me "
              "whats wrong with it")
          .text;
  EXPECT_TRUE(Has(look, "£25")) << look;
  const core::Agent cleaner = CarpetCleaner();
  Dialogue wine(cleaner);
  wine.Say("spilt red wine on the carpet, can u get it out");
  const std::string room =
      wine.Say("and what do you charge to do the whole room while youre at it").text;
  EXPECT_TRUE(Has(room, "45 pounds")) << room;
}

// Pushing a wedding back is postponing it, and asking what it costs is no complaint.
TEST(LocalResponderAnswersTest, PushingTheDateBackIsPostponing) {
  const core::Agent photographer = AgentKnowing(
      "Snapshot Photography",
      {{"What if we need to postpone?",
        "You can move your date once free of charge, and your booking fee carries over. "
        "Cancellations within 3 months of the wedding owe the full balance."},
       {"How much is the deposit to book?", "A 300 pound booking fee secures your date."},
       {"How long until we get our photos?", "Your full gallery is delivered within 8 weeks."},
       {"Do you offer wedding albums?", "Handmade linen albums start at 395 pounds."}});
  const std::string later =
      Dialogue(photographer)
          .Say(
              "we might have to push our wedding back a year because of a family thing, would we "
              "lose our money?")
          .text;
  EXPECT_TRUE(Has(later, "once free of charge")) << later;
}

// A passage that states an amount answers what something costs, though it never says "cost".
TEST(LocalResponderAnswersTest, AnAmountAnswersWhatItCosts) {
  const core::Agent photographer = AgentKnowing(
      "Snapshot Photography",
      {{"What wedding packages do you offer?",
        "The Essentials package is 950 pounds for 6 hours of coverage, and the Full Day package "
        "is 1,650 pounds for up to 10 hours."},
       {"How much is the deposit to book?",
        "A 300 pound booking fee secures your date. The balance is due 6 weeks before the "
        "wedding."},
       {"Do you charge for travel?",
        "Travel within 30 miles of Norwich is free; beyond that we charge 45p per mile."},
       {"Can you bring a second photographer?",
        "A second shooter can be added to any wedding package for 350 pounds."},
       {"Do you do engagement shoots?",
        "An engagement shoot is included free with the Full Day package, or costs 150 pounds on "
        "its own."},
       {"How far ahead should we book?",
        "Most couples book 12 to 18 months ahead. Midweek weddings get 10% off any package."}});
  const std::string packages =
      Dialogue(photographer).Say("what do your wedding packages cost?").text;
  EXPECT_TRUE(Has(packages, "950 pounds")) << packages;
  EXPECT_FALSE(Has(packages, "150 pounds")) << packages;
}

// A bakery: an age one is turning is a birthday, a photo said as a picture, notice, a deposit.
TEST(LocalResponderAnswersTest, ABakeryCustomerIsUnderstood) {
  const core::Agent bakery = AgentKnowing(
      "Crumb & Co",
      {{"Do you make custom cakes?", "We make custom celebration cakes from 45 pounds."},
       {"How much notice do you need for a cake?", "We need at least 7 days' notice."},
       {"Do you do wedding cakes?", "Wedding cakes start at 250 pounds, with a free tasting box."},
       {"Do you have gluten-free options?", "We bake gluten-free brownies and cakes to order."},
       {"Do you need a deposit?", "Custom cakes need a 50% deposit when you order."},
       {"Do you do cupcakes?", "A box of 6 cupcakes costs 15 pounds."},
       {"Can you put a photo on a cake?", "We can print an edible photo on any cake."}});
  const auto say = [&](const std::string& text) { return Dialogue(bakery).Say(text).text; };
  // "turning 6" and "15 kids" are no box of 6 for 15 pounds.
  const std::string cake =
      say("my son's turning 6 next month, could you do a dinosaur cake for about 15 kids");
  EXPECT_TRUE(Has(cake, "45 pounds")) << cake;
  EXPECT_FALSE(Has(cake, "cupcakes")) << cake;
  EXPECT_TRUE(Has(say("could you put his picture on it"), "edible photo"));
  EXPECT_TRUE(Has(say("how far ahead do I need to order"), "7 days"));
  EXPECT_TRUE(Has(say("do I have to pay it all upfront"), "50%"));
  EXPECT_TRUE(
      Has(say("we're getting married next summer and would love a cake from you"), "250 pounds"));
  EXPECT_TRUE(Has(say("can we try some flavours first"), "tasting"));
  EXPECT_TRUE(Has(say("one of our guests is coeliac"), "gluten-free"));
}

// A pharmacy and a dry cleaner: a trip abroad is travel, a boy's rash a minor illness, sooner is
// the express service, a hypothetical damage no complaint.
TEST(LocalResponderAnswersTest, PharmacyAndDryCleanerCustomersAreUnderstood) {
  const core::Agent pharmacy = AgentKnowing(
      "Northgate Pharmacy",
      {{"Do you do flu jabs?", "We give flu vaccinations from September to March."},
       {"Do you do travel vaccinations?", "Our travel clinic offers vaccines by appointment."},
       {"Can you help with minor illnesses?", "We advise on coughs, colds and rashes."},
       {"Do you deliver prescriptions?", "We deliver free within 5 miles."}});
  const auto ask = [&](const std::string& text) { return Dialogue(pharmacy).Say(text).text; };
  EXPECT_TRUE(Has(ask("we're off to Thailand in March, what jabs do we need"), "travel clinic"));
  EXPECT_TRUE(
      Has(ask("my little boy has a rash, can I bring him in to get it looked at"), "rashes"));
  const core::Agent cleaners = AgentKnowing(
      "Pressline Dry Cleaners",
      {{"How long does dry cleaning take?",
        "Standard cleaning takes 3 working days; express is ready the next day."},
       {"What if you damage my item?", "If we damage an item, we compensate up to 10 times."},
       {"Do you clean duvets?", "A single duvet costs 18 pounds and a king-size 28 pounds."},
       {"How long do you keep uncollected items?", "We keep items for 90 days."}});
  const auto say = [&](const std::string& text) { return Dialogue(cleaners).Say(text).text; };
  EXPECT_TRUE(Has(say("I need it for friday, can you do it quicker"), "next day"));
  core::MessageMetadata worried;
  worried.sentiment = "negative";
  worried.fine_intent = "complaint";
  worried.confidence = 0.39;
  const std::string ruined = Dialogue(cleaners).Say("what if it gets ruined", worried).text;
  EXPECT_TRUE(Has(ruined, "compensate")) << ruined;
  EXPECT_FALSE(Has(ruined, "sorry")) << ruined;
  // An "if" clause with "what happens" asks as well.
  const std::string lost =
      Dialogue(cleaners).Say("if something gets damaged what happens then", worried).text;
  EXPECT_TRUE(Has(lost, "compensate")) << lost;
  EXPECT_FALSE(Has(lost, "sorry about") || Has(lost, "sorry for") || Has(lost, "apologise"))
      << lost;
  EXPECT_TRUE(Has(say("can you wash a double duvet"), "duvet"));
}

// A van hire firm and an escape room: what would happen is a policy question, hire words,
// beginners, a moved booking, the last game of the day.
TEST(LocalResponderAnswersTest, VanHireAndEscapeRoomCustomersAreUnderstood) {
  const core::Agent vans = AgentKnowing(
      "Hillside Van Hire",
      {{"How much is van hire?", "A small van costs 55 pounds per day."},
       {"Is there a deposit?", "We take a 250 pounds refundable deposit on a card."},
       {"What is your fuel policy?", "Vans are supplied full and must be returned full."},
       {"What are your opening hours?",
        "We are open Monday to Saturday; vans can be returned to the key safe out of hours."},
       {"Do you hire sack trucks?",
        "Sack trucks cost 8 pounds and moving blankets 10 pounds per hire."},
       {"What if I return the van late?", "Late returns are charged 15 pounds per hour."}});
  const auto say = [&](const std::string& text) { return Dialogue(vans).Say(text).text; };
  EXPECT_TRUE(Has(say("do you do those trolley things for moving furniture"), "Sack trucks"));
  // "late" names order tracking, but what would happen is the policy: no order number asked.
  const std::string late = say("what happens if I bring it back late");
  EXPECT_TRUE(Has(late, "15 pounds per hour")) << late;
  EXPECT_FALSE(Has(late, "order number")) << late;
  EXPECT_TRUE(Has(say("do I need to leave a deposit"), "250 pounds"));
  EXPECT_TRUE(Has(say("do I have to fill it up before I bring it back"), "returned full"));
  EXPECT_TRUE(Has(say("can I drop it off on sunday when you're closed"), "key safe"));
  // A later clause that asks makes the model's complaint no displeasure.
  core::MessageMetadata read;
  read.sentiment = "neutral";
  read.fine_intent = "complaint";
  read.confidence = 0.86;
  const std::string need =
      Dialogue(vans)
          .Say("I need a van on saturday to move my stuff from a flat, what have you got", read)
          .text;
  EXPECT_FALSE(Has(need, "sorry for the trouble")) << need;
  EXPECT_FALSE(Has(need, "frustrating")) << need;

  const core::Agent rooms = AgentKnowing(
      "Lockbox Escape Rooms",
      {{"How long does a game last?", "Each game lasts 60 minutes."},
       {"Which room is easiest?", "The Vault is our best room for beginners."},
       {"What is your cancellation policy?", "You can rebook for free up to 48 hours before."},
       {"What are your opening hours?", "Games run from 10am to 10pm every day."}});
  const auto ask = [&](const std::string& text) { return Dialogue(rooms).Say(text).text; };
  EXPECT_TRUE(Has(ask("which one is best for first timers"), "The Vault"));
  EXPECT_TRUE(Has(ask("we need to move our booking to next week"), "rebook"));
  const std::string last = ask("what time is your last game");
  EXPECT_TRUE(Has(last, "10pm")) << last;
}

// A florist and a tutoring firm: sending to someone is delivering, a note is a message (not a
// bank note's payment), people and times named only through a related word are still story.
TEST(LocalResponderAnswersTest, FloristAndTutoringCustomersAreUnderstood) {
  const core::Agent florist = AgentKnowing(
      "Petal & Stem",
      {{"Do you deliver flowers?", "We deliver in Bath for 6.95 pounds, same day by 1pm."},
       {"Can I add a message card?", "Every order includes a free handwritten message card."},
       {"What if my flowers arrive damaged?",
        "Send us a photo within 24 hours and we will "
        "replace them free."},
       {"How long will my flowers last?", "Most bouquets last 7 to 10 days."},
       {"Can I pay on collection?", "Shop orders can be paid by card or cash."}});
  const auto say = [&](const std::string& text) { return Dialogue(florist).Say(text).text; };
  EXPECT_TRUE(
      Has(say("I'd like to send some flowers to my mum for her birthday tomorrow"), "same day"));
  EXPECT_TRUE(Has(say("can I put a note in with them"), "message card"));
  EXPECT_TRUE(
      Has(say("the bouquet I got yesterday has arrived with broken stems"), "replace them"));
  const core::Agent tutors = AgentKnowing(
      "Brightminds Tutoring",
      {{"What subjects do you teach?", "We tutor maths, English and science."},
       {"Do you help with the 11 plus?", "Our 11 plus programme costs 38 pounds per hour."},
       {"How do online lessons work?", "Online lessons need only a laptop or tablet."},
       {"Can you help children with dyslexia?", "Several of our tutors specialise in dyslexia."},
       {"What is your cancellation policy?", "Please give 24 hours' notice to cancel a lesson."}});
  const auto ask = [&](const std::string& text) { return Dialogue(tutors).Say(text).text; };
  EXPECT_TRUE(Has(ask("my daughter is struggling with maths, she's in year 9"), "maths"));
  EXPECT_TRUE(Has(ask("we're thinking about the 11+ for our youngest"), "11 plus"));
  EXPECT_TRUE(
      Has(ask("do we need any special software for the online lessons"), "laptop or tablet"));
  EXPECT_TRUE(Has(ask("we're away next week, can we skip a lesson"), "24 hours"));
}

// Boarding kennels and a car valeter: a quantity is no topic even where the knowledge uses it,
// a look round is a visit, a fussy eater is story, coming to one's work is a home visit, a
// smell of cigarettes is smoke.
TEST(LocalResponderAnswersTest, KennelsAndValetingCustomersAreUnderstood) {
  const core::Agent kennels = AgentKnowing(
      "Meadow Kennels",
      {{"How much is dog boarding?", "Dog boarding costs 28 pounds per night, 48 for two dogs."},
       {"How much is cat boarding?", "Cat boarding costs 16 pounds per night per cat."},
       {"Can I visit before booking?", "You are welcome to look round on weekdays."},
       {"Can I bring my dog's own food?", "You can bring your own food at no extra cost."},
       {"Is there a deposit?", "A 50 pounds deposit secures bookings over 7 nights."},
       {"Do you offer grooming?", "We can bath your dog before you collect for 25 pounds."}});
  const auto say = [&](const std::string& text) { return Dialogue(kennels).Say(text).text; };
  const std::string cats = say("how much for our two cats for 10 nights");
  EXPECT_TRUE(Has(cats, "16 pounds")) << cats;
  EXPECT_FALSE(Has(cats, "28 pounds")) << cats;
  EXPECT_TRUE(Has(say("can we come and have a look first"), "look round"));
  EXPECT_TRUE(Has(say("she's a fussy eater, can I bring her own food"), "own food"));
  EXPECT_TRUE(Has(say("do I need to pay anything upfront"), "deposit"));
  EXPECT_TRUE(Has(say("could you give him a wash before we collect"), "25 pounds"));
  const core::Agent valet = AgentKnowing(
      "Shine Valeting",
      {{"Do you come to me?", "We are fully mobile and come to your home or work."},
       {"Can you remove smells?", "Our ozone treatment removes smoke and other smells."},
       {"What are your working hours?", "We work Monday to Saturday from 8am to 5pm."}});
  const auto ask = [&](const std::string& text) { return Dialogue(valet).Say(text).text; };
  EXPECT_TRUE(Has(ask("can you come to my work"), "fully mobile"));
  EXPECT_TRUE(Has(ask("my car stinks of cigarettes, can you sort it"), "ozone"));
}

// A vet practice: clinic words as customers say them, and a story that the question speaks of.
TEST(LocalResponderAnswersTest, AVetPracticeCustomerIsUnderstood) {
  const core::Agent vets = AgentKnowing(
      "Oakwood Veterinary Practice",
      {{"How much is a consultation?", "A standard consultation costs 48 pounds."},
       {"Do you offer vaccinations?", "Annual booster vaccinations cost 50 pounds for cats."},
       {"How much is neutering?", "Neutering costs from 180 pounds for cats."},
       {"Do you microchip pets?", "Microchipping costs 20 pounds."},
       {"Can I order a repeat prescription?", "Repeat prescriptions can be ordered online."},
       {"Do you do home visits?", "Home visits are available for an extra 60 pounds."},
       {"How do I register my pet?", "You can register online or at reception."}});
  const auto say = [&](const std::string& text) { return Dialogue(vets).Say(text).text; };
  // "she" is the kitten: one part, the jabs; alone, "a kitten" had found the cats' neutering.
  const std::string kitten = say("we've just got a kitten, what jabs does she need");
  EXPECT_TRUE(Has(kitten, "vaccinations")) << kitten;
  EXPECT_FALSE(Has(kitten, "Neutering")) << kitten;
  EXPECT_TRUE(Has(say("can you chip her"), "20 pounds"));
  EXPECT_TRUE(Has(say("when should we get her spayed"), "180 pounds"));
  EXPECT_TRUE(Has(say("how much to see a vet"), "48 pounds"));
  EXPECT_TRUE(Has(say("he hates the car, could someone come out to us"), "60 pounds"));
  EXPECT_TRUE(Has(say("can I get more of her tablets"), "online"));
  EXPECT_TRUE(Has(say("we've just moved here, how do we sign up with you"), "reception"));
}

TEST(LocalResponderAnswersTest, AnAgeReachesTheBracketThatHoldsIt) {
  // The customer gives an age, the knowledge a bracket: no shared word joins them.
  Dialogue d(Groomers());
  const auto pup = d.Say("we've just got a 10 week old pup, what can you do for her");
  EXPECT_TRUE(Has(pup.text, "introduction")) << pup.text;
  EXPECT_FALSE(Has(pup.text, "quieter")) << pup.text;
  // As a call's transcript has it: numbers in words, no punctuation.
  Dialogue call(Groomers());
  const auto spoken = call.Say("we have just got a ten week old pup what can you do for her");
  EXPECT_TRUE(Has(spoken.text, "introduction")) << spoken.text;
  Dialogue old_dog(Groomers());
  const auto old = old_dog.Say("my spaniel is 12 years old, what can you do for him");
  EXPECT_TRUE(Has(old.text, "quieter")) << old.text;
  EXPECT_FALSE(Has(old.text, "introduction")) << old.text;
  // An age that no bracket holds, or a number that is no age, reaches neither.
  Dialogue middle(Groomers());
  const auto five = middle.Say("my dog is 5 years old, what can you do for him");
  EXPECT_FALSE(Has(five.text, "introduction")) << five.text;
  EXPECT_FALSE(Has(five.text, "quieter")) << five.text;
  Dialogue late(Groomers());
  const auto days = late.Say("my booking is 12 days away, what can you do for him");
  EXPECT_FALSE(Has(days.text, "quieter")) << days.text;
}

TEST(LocalResponderAnswersTest, HowMuchIsThatIsThePriceOfWhatWasJustAnswered) {
  // The previous question's words ("puppy", "groom") would find the entry that says "costs";
  // "that" is the entry just answered, which states its price.
  Dialogue d(Groomers());
  EXPECT_TRUE(Has(d.Say("do you do grooms for puppies?").text, "introduction"));
  const auto price = d.Say("how much is that");
  EXPECT_TRUE(Has(price.text, "20 pounds")) << price.text;
  EXPECT_FALSE(Has(price.text, "45 pounds")) << price.text;
  // An entry without a price is no answer to "how much": the search decides.
  Dialogue shampoo(Groomers());
  EXPECT_TRUE(Has(shampoo.Say("what shampoo do you use").text, "hypoallergenic"));
  const auto cost = shampoo.Say("how much is it");
  EXPECT_FALSE(Has(cost.text, "hypoallergenic")) << cost.text;
}

TEST(LocalResponderAnswersTest, AStoryAndAQuestionThatPointsBackAreAskedTogether) {
  Dialogue d(Opticians());
  const auto r = d.Say("one of the arms is loose, can you fix it?");
  EXPECT_TRUE(Has(r.text, "screws")) << r.text;
  const auto unknown = d.Say("do you sell gift cards and how much are they?");
  EXPECT_FALSE(Has(unknown.text, "screws")) << unknown.text;
  EXPECT_FALSE(Has(unknown.text, "contact lenses")) << unknown.text;
}

TEST(LocalResponderAnswersTest, EverydayWordsReachTheKnowledgeThroughWordNet) {
  // "specs" is in no intent corpus and in no hand table; WordNet has it in one synset with
  // "glasses" (wordnet_related.hpp).
  Dialogue d(AgentKnowing(
      "Lumen Opticians",
      {{"How much is an eye test?", "An eye test costs 25 pounds."},
       {"How long do glasses take to make?", "Most glasses are ready in 7 to 10 days."},
       {"Do you sell contact lenses?", "We fit daily and monthly contact lenses."}}));
  const auto r = d.Say("when will my new specs be ready");
  EXPECT_TRUE(Has(r.text, "7 to 10 days")) << r.text;
  EXPECT_FALSE(Has(r.text, "25 pounds")) << r.text;
}

TEST(LocalResponderAnswersTest, ALooseWordNetRelationAloneAnswersNothing) {
  // WordNet puts vaccination under "protection" (one step up, weight 0.45): not enough on its
  // own to read out a passage about buyer protection.
  Dialogue d(AgentKnowing(
      "Harbor Goods",
      {{"What protection do I get?", "Every order includes buyer protection for 30 days."},
       {"When do you deliver?", "We deliver Monday to Friday."}}));
  const auto r = d.Say("do you vaccinate?");
  EXPECT_FALSE(Has(r.text, "buyer protection")) << r.text;
  EXPECT_TRUE(Numbers(r.text).empty()) << r.text;
  EXPECT_TRUE(OffersHandoff(r.text)) << r.text;
}

// A hotel's agent; its last entry is the opening hours.
core::Agent Hotel() {
  return AgentKnowing(
      "Quayside Hotel",
      {{"What time is check-in?", "Check-in is from 3pm and check-out is by 11am."},
       {"Is there Wi-Fi?", "Free Wi-Fi is available throughout the hotel."},
       {"Is breakfast included?", "Breakfast is included in every room rate."},
       {"Are pets allowed?", "Dogs are welcome in our ground-floor rooms for 15 pounds per night."},
       {"Can I leave my luggage?", "We store luggage for free on the day of departure."},
       {"What are your opening hours?", "Reception is open every day from 7am to 11pm."}});
}

TEST(LocalResponderAnswersTest, AWhatTimeQuestionAboutOneEntryIsNotReadAsOpeningHours) {
  Dialogue d(Hotel());
  const auto room = d.Say("what time can we get the room");
  EXPECT_TRUE(Has(room.text, "3pm")) << room.text;
  EXPECT_FALSE(Has(room.text, "Wi-Fi")) << room.text;
  // A question that singles out no entry of its own is still an opening-hours question.
  const auto open = d.Say("what time do you open");
  EXPECT_TRUE(Has(open.text, "7am to 11pm")) << open.text;
  EXPECT_FALSE(Has(open.text, "3pm")) << open.text;
}

TEST(LocalResponderAnswersTest, AnEnglishWordIsNoMisspellingOfAnIndexTerm) {
  Dialogue d(AgentKnowing("Bramble",
                          {{"How long does a groom take?", "Most grooms take 2 to 3 hours."},
                           {"How much is a check-up?", "A routine check-up costs 45 pounds."}}));
  // "house" is one letter from "hour", but a word of its own.
  const auto house = d.Say("can you come to my house");
  EXPECT_FALSE(Has(house.text, "2 to 3 hours")) << house.text;
  EXPECT_TRUE(OffersHandoff(house.text)) << house.text;
  // A longer form of an index term still reaches it ("checkup" for check-up).
  const auto checkup = d.Say("What does a checkup cost?");
  EXPECT_TRUE(Has(checkup.text, "45 pounds")) << checkup.text;
}

TEST(LocalResponderAnswersTest, EverydayWordsAroundTheQuestionWeighLessThanUnknownNames) {
  Dialogue d(Opticians());
  // "check" is a word the knowledge never uses, but an everyday one: the eye-test price answers.
  const auto eyes = d.Say("how much do you charge to check my eyes");
  EXPECT_TRUE(Has(eyes.text, "25 pounds")) << eyes.text;
  // "laser" and "surgery" are everyday words too, but two of them against one known word still
  // leave the eye-test passages under the bar.
  const auto laser = d.Say("do you do laser eye surgery");
  EXPECT_TRUE(Numbers(laser.text).empty()) << laser.text;
  EXPECT_TRUE(OffersHandoff(laser.text)) << laser.text;
  // A name no dictionary has weighs in full: paying with it is not the instalments answer.
  const auto coin = d.Say("can I pay with dogecoin");
  EXPECT_FALSE(Has(coin.text, "6 months")) << coin.text;
  EXPECT_TRUE(OffersHandoff(coin.text)) << coin.text;
}

core::Agent BikeShop() {
  core::Agent agent = AgentKnowing(
      "Kestrel Cycles",
      {{"How much is a bike service?",
        "A standard service costs 65 pounds and a full service 120 pounds, with parts extra."},
       {"How long does a repair take?", "Most repairs are ready within 2 working days."},
       {"Do you fix punctures?", "Puncture repairs cost 12 pounds per wheel."},
       {"Do you hire bikes?", "We hire hybrid bikes for 25 pounds a day, helmet included."},
       {"Do you buy used bikes?", "We offer part-exchange against a new bike."},
       {"Do you sell electric bikes?", "We stock e-bikes from 1,400 pounds."},
       {"Do you deliver?", "We deliver bikes free within 10 miles of the shop."},
       {"What are your opening hours?", "We are open Monday to Saturday, 9am to 6pm."}});
  agent.name = "Sam";
  agent.company_info = "Kestrel Cycles is an independent bike shop in Headingley, Leeds.";
  return agent;
}

TEST(LocalResponderAnswersTest, AnUpbeatAgentSaysGreatQuestionOnce) {
  core::Agent agent = BikeShop();
  agent.personality = "cheerful and enthusiastic";
  agent.response_style = "friendly";
  Dialogue d(agent);
  const auto first = d.Say("how much for a puncture");
  EXPECT_TRUE(Has(first.text, "Great question!")) << first.text;
  EXPECT_TRUE(Has(first.text, "12 pounds")) << first.text;
  const auto second = d.Say("do you hire bikes");
  EXPECT_FALSE(Has(second.text, "Great question!")) << second.text;
  EXPECT_TRUE(Has(second.text, "25 pounds")) << second.text;
  // A message that asks nothing is no question to praise.
  Dialogue told(agent);
  const auto statement = told.Say("I need a puncture fixed on my hybrid.");
  EXPECT_FALSE(Has(statement.text, "Great question!")) << statement.text;
  EXPECT_TRUE(Has(statement.text, "12 pounds")) << statement.text;
}

TEST(LocalResponderAnswersTest, CommercePhrasesReadAsTheKnowledgeSaysThem) {
  Dialogue d(BikeShop());
  // Bringing a thing to a place is delivering it.
  const auto bring = d.Say("can you bring it to my house");
  EXPECT_TRUE(Has(bring.text, "10 miles")) << bring.text;
  // "as well" is no topic ("well"), and a tune-up is a service.
  const auto tune = d.Say("the gears are slipping as well, what would a tune-up cost");
  EXPECT_TRUE(Has(tune.text, "65 pounds")) << tune.text;
  EXPECT_FALSE(Has(tune.text, "12 pounds")) << tune.text;
}

TEST(LocalResponderAnswersTest, AFollowUpThatNamesAWordOfTheLastAnswerAsksAboutIt) {
  Dialogue d(BikeShop());
  const auto service = d.Say("how much is a full service");
  EXPECT_TRUE(Has(service.text, "120 pounds")) << service.text;
  // "included" is in the hire passage, but "parts" is what the service answer just said.
  const auto parts = d.Say("is that including parts?");
  EXPECT_TRUE(Has(parts.text, "parts extra")) << parts.text;
  EXPECT_FALSE(Has(parts.text, "hybrid")) << parts.text;
  const auto puncture = d.Say("how much for a puncture");
  EXPECT_TRUE(Has(puncture.text, "per wheel")) << puncture.text;
  const auto wheels = d.Say("and for both wheels?");
  EXPECT_TRUE(Has(wheels.text, "per wheel")) << wheels.text;
  // A new question that only points back ("hire one") is asked for itself.
  const auto ebike = d.Say("do you have any electric bikes");
  EXPECT_TRUE(Has(ebike.text, "1,400")) << ebike.text;
  const auto hire = d.Say("what does it cost to hire one");
  EXPECT_TRUE(Has(hire.text, "25 pounds")) << hire.text;
}

TEST(LocalResponderAnswersTest, NameLocationAndAcknowledgements) {
  Dialogue d(BikeShop());
  const auto name = d.Say("what's your name");
  EXPECT_TRUE(Has(name.text, "I'm Sam")) << name.text;
  EXPECT_FALSE(OffersHandoff(name.text)) << name.text;
  const auto where = d.Say("where are you based");
  EXPECT_TRUE(Has(where.text, "Headingley, Leeds")) << where.text;
  // The passage that names a place, not one that shares a word ("We store ..." is no shop).
  const auto address = d.Say("what's your address?");
  EXPECT_TRUE(Has(address.text, "Headingley, Leeds")) << address.text;
  // A plain acknowledgement is no order.
  const auto ok = d.Say("ok cool");
  EXPECT_FALSE(Has(ok.text, "order")) << ok.text;
  const auto order = d.Say("great, I'll order one then");
  EXPECT_TRUE(Has(order.text, "order")) << order.text;
  // "park" is parking (a word of the synonym table): no misspelling of "part"(-exchange), and
  // the intent corpora's "park" ~ hire does not make it the bike hire.
  const auto park = d.Say("where can I park");
  EXPECT_FALSE(Has(park.text, "part-exchange")) << park.text;
  EXPECT_FALSE(Has(park.text, "hybrid")) << park.text;
  EXPECT_TRUE(OffersHandoff(park.text)) << park.text;
  // A purchase only the model saw ("he's a bit nervous" as an order) is no purchase.
  const auto nervous = d.Say("he's a bit nervous", Nlu("purchase", "place_order"));
  EXPECT_FALSE(Has(nervous.text, "purchase")) << nervous.text;
  // A question after the offer of a person is answered (the offer is no slot to fill).
  const auto deliver = d.Say("do you deliver", Nlu("support", "contact_customer_service"));
  EXPECT_TRUE(Has(deliver.text, "10 miles")) << deliver.text;
  // A short neutral question the model places among complaints gets no apology.
  const auto helmet = d.Say("and a helmet?", Nlu("support", "complaint"));
  EXPECT_FALSE(Has(helmet.text, "sorry")) << helmet.text;
  const auto angry = d.Say("my bike is still not fixed", Nlu("support", "complaint", "negative"));
  EXPECT_TRUE(Has(angry.text, "sorry")) << angry.text;
}

// A hotel with no opening hours: a greeting with news and no question, the time to leave the room
// (not the Wi-Fi that the opening-hours hint finds "available"), and "how much extra is that".
TEST(LocalResponderAnswersTest, AHotelsGreetingWithNewsCheckOutAndHowMuchExtra) {
  core::Agent hotel = Hotel();
  hotel.knowledge.pop_back();  // No opening hours.
  Dialogue d(hotel);
  const auto hello = d.Say("hello, we're arriving friday evening");
  EXPECT_FALSE(Has(hello.text, "don't have")) << hello.text;
  EXPECT_TRUE(Has(hello.text, "help")) << hello.text;
  // A greeting before a question typed without punctuation is no greeting alone: the question
  // after "and" asks.
  const std::string asks = FirstReply(
      hotel,
      "hi im sorting a few things out for my mum her old suitcase has gone green with mould is "
      "that something you could sort and what would it cost");
  EXPECT_FALSE(Has(asks, "How can I help")) << asks;
  const auto leave = d.Say("what time do we have to leave the room");
  EXPECT_TRUE(Has(leave.text, "11am")) << leave.text;
  EXPECT_FALSE(Has(leave.text, "Wi-Fi")) << leave.text;
  d.Say("do you allow dogs");
  const auto extra = d.Say("how much extra is that");
  EXPECT_TRUE(Has(extra.text, "15 pounds")) << extra.text;
  EXPECT_FALSE(Has(extra.text, "Breakfast")) << extra.text;
  // A question that opens with a greeting is still answered.
  Dialogue q(hotel);
  const auto wifi = q.Say("hi, is there wifi in the rooms?");
  EXPECT_TRUE(Has(wifi.text, "Wi-Fi")) << wifi.text;
}

// A shoe shop: a sole coming off is a defect the guarantee covers, and trying shoes on in the
// shop is a question about the shop.
TEST(LocalResponderAnswersTest, ASoleComingOffIsCoveredAndTryingOnIsAboutTheShop) {
  core::Agent shop = AgentKnowing(
      "Stride & Co",
      {{"Is there a guarantee on your shoes?",
        "All our shoes carry a 12-month guarantee against manufacturing defects."},
       {"Do you have a shop I can visit?", "Our shop at 12 King Street is open 9am to 6pm."},
       {"What is your returns policy?",
        "You can return unworn shoes within 30 days of delivery with the label in your parcel."},
       {"When are orders dispatched?", "Orders placed before 2pm are dispatched the same day."}});
  Dialogue d(shop);
  const auto sole = d.Say("I bought boots last month and the sole is coming off");
  EXPECT_TRUE(Has(sole.text, "12-month guarantee")) << sole.text;
  const auto covered = d.Say("is that covered");
  EXPECT_TRUE(Has(covered.text, "12-month guarantee")) << covered.text;
  Dialogue visit(shop);
  const auto on = visit.Say("can I try them on in your shop");
  EXPECT_TRUE(Has(on.text, "King Street")) << on.text;
  // Where a parcel is is not told by the returns policy, though it speaks of parcels and delivery.
  Dialogue late(shop);
  const auto parcel = late.Say("my parcel hasn't turned up", Nlu("support", "track_order"));
  EXPECT_FALSE(Has(parcel.text, "unworn")) << parcel.text;
  EXPECT_TRUE(Has(parcel.text, "order number")) << parcel.text;
}

// An opticians: whether one has to pay is whether it is free, an age the message gives picks the
// passage whose bracket holds it, and someone who cannot leave the house.
TEST(LocalResponderAnswersTest, HavingToPayAnAgeThatPicksThePassageAndLeavingTheHouse) {
  const core::Agent opticians = AgentKnowing(
      "Lumen Opticians",
      {{"How much is an eye test?", "An eye test costs 25 pounds and is free for over-60s."},
       {"How long does an eye test take?", "An eye test takes about 30 minutes."},
       {"Do you repair glasses?", "We do small repairs such as new screws for free."},
       {"Can I pay in instalments?", "You can spread the cost of glasses over 6 months."},
       {"Do you offer home visits?",
        "Home eye tests are available for people who cannot leave home."}});
  Dialogue d(opticians);
  d.Say("can you fix my glasses");
  const auto pay = d.Say("will I have to pay");
  EXPECT_TRUE(Has(pay.text, "for free")) << pay.text;
  EXPECT_FALSE(Has(pay.text, "6 months")) << pay.text;
  Dialogue dad(opticians);
  const auto test = dad.Say("I'd like an eye test for my dad, he's 72");
  EXPECT_TRUE(Has(test.text, "over-60s")) << test.text;
  const auto house = dad.Say("he can't get out of the house");
  EXPECT_TRUE(Has(house.text, "Home eye tests")) << house.text;
  // The age does not displace the answer to how long it takes.
  Dialogue length(opticians);
  const auto take = length.Say("my dad is 72, how long does an eye test take");
  EXPECT_TRUE(Has(take.text, "30 minutes")) << take.text;
}

// A bike shop: a task the model is unsure of and whose words the message never uses is no task
// ("looking at getting an ebike" read as an invoice request must not ask for an account email),
// and "sort that out" is a repair (a service).
TEST(LocalResponderAnswersTest, AnUnsureTaskWithoutItsWordsIsAQuestionAndSortingOutIsARepair) {
  Dialogue d(AgentKnowing("Kestrel Cycles",
                          {{"Do you sell electric bikes?", "We stock e-bikes from 1,400 pounds."},
                           {"How much is a bike service?", "A standard service costs 65 pounds."},
                           {"What is your returns policy?",
                            "Unused items can be returned within 30 days with the "
                            "receipt."}}));
  core::MessageMetadata invoice = Nlu("question", "get_invoice");
  invoice.confidence = 0.46;
  const auto ebike = d.Say("looking at getting an ebike", invoice);
  EXPECT_TRUE(Has(ebike.text, "1,400 pounds")) << ebike.text;
  EXPECT_FALSE(Has(ebike.text, "email")) << ebike.text;
  // Nor when the knowledge has no answer: the agent says so; it does not start an invoice request.
  const auto cargo = d.Say("thinking about a cargo bike for the school run", invoice);
  EXPECT_FALSE(Has(cargo.text, "email")) << cargo.text;
  EXPECT_TRUE(OffersHandoff(cargo.text)) << cargo.text;
  const auto sort = d.Say("my gears slip, how much to sort that out");
  EXPECT_TRUE(Has(sort.text, "65 pounds")) << sort.text;
}

// Pain told of to a clinic reaches its emergency arrangements.
TEST(LocalResponderAnswersTest, ToothacheReachesTheEmergencySlots) {
  Dialogue d(
      AgentKnowing("Harbor Dental Clinic",
                   {{"What do I do in a dental emergency?",
                     "For emergencies we keep same-day slots every morning; call us at 8am."},
                    {"Do you do teeth whitening?", "Yes, home whitening trays cost 250 pounds."},
                    {"Is there parking?", "Free parking is available behind the clinic."}}));
  const auto ache = d.Say("hi, I've got really bad toothache", Nlu("support", "complaint"));
  EXPECT_TRUE(Has(ache.text, "same-day slots")) << ache.text;
  // A question whether a treatment is painful is not an emergency (the knowledge does not say).
  const auto whitening = d.Say("is teeth whitening painful?");
  EXPECT_FALSE(Has(whitening.text, "same-day")) << whitening.text;
}

// A plant shop: "can I add a note" after the gift wrapping continues it (not a bank note's
// payment methods), and getting to someone is arriving.
TEST(LocalResponderAnswersTest, ANoteAfterTheGiftWrappingAndGettingToSomeone) {
  core::Agent shop = AgentKnowing(
      "Greenleaf Plants",
      {{"How long does delivery take?", "We deliver plants in 2 to 4 working days."},
       {"Do you offer gift wrapping?", "Gift wrapping costs 3 pounds with a message card."},
       {"Which payment methods do you accept?", "We accept Visa, Mastercard and PayPal."}});
  Dialogue d(shop);
  d.Say("can you wrap it for me");
  const auto note = d.Say("can I add a note");
  EXPECT_TRUE(Has(note.text, "message card")) << note.text;
  EXPECT_FALSE(Has(note.text, "Visa")) << note.text;
  const auto when = d.Say("when would it get to her");
  EXPECT_TRUE(Has(when.text, "2 to 4 working days")) << when.text;
}

// A broadband provider's plans, asked for by their speed and by the cheapest.
TEST(LocalResponderAnswersTest, PlansAskedForBySpeedAndTheCheapest) {
  core::Agent isp = AgentKnowing(
      "Brightwave Broadband",
      {{"What plans do you offer?",
        "Basic 100 Mbps costs 25 pounds a month and Max 900 Mbps costs 45 pounds a month."},
       {"Is there a contract?", "All plans are on a 12-month contract."},
       {"Do you offer a landline?", "A home phone line can be added for 8 pounds a month."}});
  Dialogue d(isp);
  const auto speeds = d.Say("what speeds can I get");
  EXPECT_TRUE(Has(speeds.text, "900 Mbps")) << speeds.text;
  const auto cheapest = d.Say("what's the cheapest one");
  EXPECT_TRUE(Has(cheapest.text, "25 pounds")) << cheapest.text;
  Dialogue fresh(isp);
  const auto fastest = fresh.Say("how much is the fastest package");
  EXPECT_TRUE(Has(fastest.text, "45 pounds")) << fastest.text;
  EXPECT_FALSE(Has(fastest.text, "phone line")) << fastest.text;
}

// A garage: a word of the knowledge that looks like a misspelt stop word, the place a car is
// collected from, "at the same time", and a request put as a question without its mark.
TEST(LocalResponderAnswersTest, AGaragesMotCollectionAndARequestWithoutItsQuestionMark) {
  core::Agent agent = AgentKnowing(
      "Fernhill Garage",
      {{"How much is an MOT?", "An MOT costs 45 pounds and takes about an hour."},
       {"How much is a car service?", "A full service costs 229 pounds, including oil."},
       {"Do you provide a courtesy car?", "A courtesy car is free for work over 300 pounds."},
       {"Can you collect my car?", "We collect and return cars free within 5 miles."},
       {"How can I pay?", "We accept cards; payment is due when you collect the car."},
       {"Do you fit tyres?", "We fit tyres from 65 pounds each."}});
  Dialogue d(agent);
  // "MOT" is one letter short of "most", but the knowledge uses it: it is the topic, and "due"
  // does not bring the payment passage.
  const auto mot = d.Say("my MOT is due next week, how much do you charge?");
  EXPECT_TRUE(Has(mot.text, "45 pounds")) << mot.text;
  EXPECT_FALSE(Has(mot.text, "payment")) << mot.text;
  // "at the same time" is no topic; a neutral request the model places among complaints, put
  // as a question without its question mark, gets the answer and no apology.
  const auto service =
      d.Say("could you do a service at the same time", Nlu("support", "complaint"));
  EXPECT_TRUE(Has(service.text, "229 pounds")) << service.text;
  EXPECT_FALSE(Has(service.text, "sorry")) << service.text;
  // Where the car is collected from is no topic ("work" is not the courtesy car's "work").
  Dialogue fresh(agent);
  const auto work = fresh.Say("can you pick it up from my work");
  EXPECT_TRUE(Has(work.text, "5 miles")) << work.text;
  EXPECT_FALSE(Has(work.text, "courtesy")) << work.text;
  const auto house = fresh.Say("can you collect it from my house");
  EXPECT_TRUE(Has(house.text, "5 miles")) << house.text;
  // A price asked with a quantity in words is the price of what was just answered.
  Dialogue tyres(agent);
  tyres.Say("do you do tyres");
  const auto two = tyres.Say("how much for two");
  EXPECT_TRUE(Has(two.text, "65 pounds")) << two.text;
  // The price of what the knowledge did not answer is not the first price it states.
  Dialogue noise(agent);
  const auto brakes = noise.Say("my car's making a grinding noise when I brake");
  EXPECT_TRUE(OffersHandoff(brakes.text)) << brakes.text;
  const auto cost = noise.Say("how much will it cost");
  EXPECT_FALSE(Has(cost.text, "pounds")) << cost.text;
  EXPECT_TRUE(OffersHandoff(cost.text)) << cost.text;
}

TEST(LocalResponderAnswersTest, PaymentPlansFaultsTheAddressAndAnAgeOfItsOwn) {
  core::Agent agent = AgentKnowing(
      "Harbor Dental Clinic",
      {{"Do you offer payment plans?",
        "Treatments over 300 pounds can be spread over 6 or 12 months with 0% interest."},
       {"Do you treat children?", "Children under 18 are seen free of charge on the NHS."},
       {"What is your cancellation policy?",
        "Please give 24 hours' notice to cancel or move an appointment."},
       {"How do I book?", "Book online or call us; appointments run on working days only."},
       {"My internet is down", "If your connection drops, restart the router."}});
  agent.company_info = "Harbor Dental Clinic is a family dental practice in Salford Quays.";
  Dialogue d(agent);
  // "payment plans" and "pay monthly" are one thing.
  const auto monthly = d.Say("can I pay monthly for a crown");
  EXPECT_TRUE(Has(monthly.text, "6 or 12 months")) << monthly.text;
  // "the address" is where the clinic is, not a move of an appointment.
  const auto address = d.Say("whats the address");
  EXPECT_TRUE(Has(address.text, "Salford Quays")) << address.text;
  // Someone's age and the one passage whose bracket holds it.
  const auto son = d.Say("my son is 10, does he pay?");
  EXPECT_TRUE(Has(son.text, "under 18")) << son.text;
  // A fault as customers tell it: "cutting out" is a drop, "not working" is no working day.
  const auto cutting = d.Say("my wifi keeps cutting out");
  EXPECT_TRUE(Has(cutting.text, "restart the router")) << cutting.text;
  const auto still = d.Say("still not working");
  EXPECT_FALSE(Has(still.text, "working days")) << still.text;
}

TEST(LocalResponderAnswersTest, AVagueFirstQuestionIsAskedBack) {
  Dialogue d(BikeShop());
  d.Say("hi");
  // Nothing named yet, and several prices could be meant: which thing?
  const auto vague = d.Say("how much is it?");
  EXPECT_TRUE(Has(vague.text, "Which product or service")) << vague.text;
  EXPECT_TRUE(Numbers(vague.text).empty()) << vague.text;
  const auto named = d.Say("a puncture repair");
  EXPECT_TRUE(Has(named.text, "12 pounds")) << named.text;
  // Once something is named, "how long does it take" leans on it.
  const auto duration = d.Say("and how long does it take");
  EXPECT_FALSE(Has(duration.text, "Which product")) << duration.text;
}

TEST(LocalResponderAnswersTest, APriceQuestionIsAnsweredOnlyByAPassageThatSpeaksOfPrice) {
  core::Agent agent = Opticians();
  agent.knowledge.push_back({"Do you do varifocals?", "Varifocals take up to 14 days to make."});
  for (core::KnowledgeItem& item : agent.knowledge) {
    if (item.question == "Do you repair glasses?") {
      item.answer = "We do small repairs such as new screws for free while you wait.";
    }
  }
  Dialogue d(agent);
  // The varifocals passage says how long, not how much.
  const auto varifocals = d.Say("how much are varifocals");
  EXPECT_FALSE(Has(varifocals.text, "14 days")) << varifocals.text;
  EXPECT_TRUE(OffersHandoff(varifocals.text)) << varifocals.text;
  // "today" is no topic word, "broke" is broken, and "free" is the price of what was answered.
  const auto fix = d.Say("can you fix my glasses today, they broke");
  EXPECT_TRUE(Has(fix.text, "small repairs")) << fix.text;
  const auto price = d.Say("how much will that be");
  EXPECT_TRUE(Has(price.text, "for free")) << price.text;
  // Waiting told of is lateness, not the "while you wait" of a repair.
  const auto waiting = d.Say("I've been waiting 3 weeks for my order, this is useless",
                             Nlu("support", "complaint", "negative"));
  EXPECT_FALSE(Has(waiting.text, "while you wait")) << waiting.text;
  EXPECT_TRUE(Has(waiting.text, "sorry")) << waiting.text;
}

TEST(LocalResponderAnswersTest, AnAccountQuestionGetsOnlyAPassageItNames) {
  Dialogue d(AgentKnowing(
      "Ledgerly",
      {{"Is there a free trial?", "Every plan has a 30-day free trial, and no card is needed."},
       {"How do I reset my password?",
        "Click 'Forgot password' on the login page and we will email you a reset link."},
       {"Can I export my data?", "You can export all your data as CSV at any time."},
       {"When is support available?", "Support answers by chat Monday to Friday, 8am to 8pm."}}));
  const auto forgot = d.Say("I forgot my password", Nlu("support", "recover_password"));
  EXPECT_TRUE(Has(forgot.text, "Forgot password")) << forgot.text;
  // An account question that names nothing of the password passage does not get it, nor an
  // "I can help with that" before "I don't have the steps".
  const auto details = d.Say("do I need to put my card details in", Nlu("support", "edit_account"));
  EXPECT_FALSE(Has(details.text, "Forgot password")) << details.text;
  EXPECT_FALSE(Has(details.text, "help with that")) << details.text;
  EXPECT_TRUE(OffersHandoff(details.text)) << details.text;
}

TEST(LocalResponderAnswersTest, ATopicWordOutranksTheQuestionFormAndHyphensJoin) {
  Dialogue d(AgentKnowing(
      "The Olive Tree",
      {{"Can you host large groups?",
        "Groups of 10 or more can book our private room, with a 10 pound per person deposit."},
       {"Can I bring my own wine?", "You can bring your own wine for a corkage fee of 8 pounds."},
       {"Do you have a children's menu?", "Our children's menu costs 7 pounds 50."},
       {"Do you have vegan dishes?", "Our menu has six plant-based dishes."},
       {"Is there parking?", "Castle car park is a 3-minute walk away."}}));
  // "deposit" is the topic, "how much" the question's form: not the corkage fee.
  const auto deposit = d.Say("how much is the deposit");
  EXPECT_TRUE(Has(deposit.text, "per person deposit")) << deposit.text;
  EXPECT_FALSE(Has(deposit.text, "corkage")) << deposit.text;
  // A meal is on a menu.
  const auto kids = d.Say("how much is the kids meal");
  EXPECT_TRUE(Has(kids.text, "children's menu")) << kids.text;
  // A hyphenated word typed as one.
  const auto plant = d.Say("anything plantbased?");
  EXPECT_TRUE(Has(plant.text, "six plant-based")) << plant.text;
}

TEST(LocalResponderAnswersTest, AnEmailGivenAsAskedAndAnOfferThatLapses) {
  Dialogue d(AgentKnowing(
      "Greenleaf Plants",
      {{"Do you have a subscription?",
        "Our Plant Club sends one plant a month for 19 pounds; pause or cancel it any time."},
       {"What if my plant arrives damaged?", "Send us a photo within 7 days for a replacement."},
       {"Can I return a plant?", "Healthy plants can be returned within 14 days."}}));
  const auto cancel = d.Say("I want to cancel my plant club subscription",
                            Nlu("cancellation", "cancel_subscription"));
  EXPECT_TRUE(Has(cancel.text, "email")) << cancel.text;
  // The model reads the address as a complaint; it is the e-mail that was asked for.
  const auto email = d.Say("my email is jo@example.com", Nlu("support", "complaint"));
  EXPECT_TRUE(Has(email.text, "jo@example.com")) << email.text;
  EXPECT_FALSE(Has(email.text, "sorry")) << email.text;
  EXPECT_TRUE(OffersHandoff(email.text)) << email.text;
  // A new question lets the offer lapse: "ok do that" is no yes to the cancellation.
  const auto pause = d.Say("actually can I just pause it instead");
  EXPECT_TRUE(Has(pause.text, "pause or cancel")) << pause.text;
  const auto ok = d.Say("ok do that");
  EXPECT_FALSE(ok.handoff) << ok.text;
  EXPECT_FALSE(Has(ok.text, "cancellation")) << ok.text;
  // A plant that arrived dead arrived damaged.
  EXPECT_TRUE(Has(d.Say("hi, my plant arrived dead").text, "photo within 7 days"));
}

TEST(LocalResponderAnswersTest, TwoPartQuestionAnswersBothParts) {
  Dialogue d(ShoeShop());
  const auto r = d.Say("Do you offer financing and how long is the guarantee?");
  EXPECT_TRUE(Has(r.text, "Klarna")) << r.text;
  EXPECT_TRUE(Has(r.text, "12-month")) << r.text;
}

TEST(LocalResponderAnswersTest, KeepsTheOrderNumberAndSaysWhetherTheOrderIsCancelled) {
  Dialogue d(ShoeShop());
  const auto r1 = d.Say("I want to cancel my order", Nlu("cancellation", "cancel_order"));
  EXPECT_TRUE(Has(r1.text, "until they are dispatched")) << r1.text;
  EXPECT_TRUE(Has(r1.text, "order number")) << r1.text;
  const auto r2 = d.Say("It's 48213");
  EXPECT_TRUE(Has(r2.text, "48213")) << r2.text;
  EXPECT_TRUE(OffersHandoff(r2.text)) << r2.text;
  EXPECT_FALSE(r2.handoff);
  const auto r3 = d.Say("Ok so is it cancelled now?", Nlu("cancellation", "cancel_order"));
  EXPECT_TRUE(Has(r3.text, "not yet")) << r3.text;
  EXPECT_TRUE(Has(r3.text, "isn't cancelled")) << r3.text;
  EXPECT_FALSE(Has(r3.text, "your order number")) << r3.text;
  EXPECT_FALSE(r3.handoff);
  const auto r4 = d.Say("yes please");
  EXPECT_TRUE(r4.handoff) << r4.text;
  EXPECT_TRUE(Has(r4.text, "48213")) << r4.text;
}

TEST(LocalResponderAnswersTest, OnlyAHandoffReplySaysAPersonIsTakingOver) {
  Dialogue d(ShoeShop());
  const auto offer = d.Say("Do you sell handbags?", Nlu("question", "out_of_scope"));
  EXPECT_TRUE(offer.offered_human);
  EXPECT_FALSE(offer.handoff);
  EXPECT_TRUE(OffersHandoff(offer.text)) << offer.text;
  EXPECT_TRUE(Numbers(offer.text).empty()) << offer.text;
  const auto yes = d.Say("yes");
  EXPECT_TRUE(yes.handoff) << yes.text;
}

TEST(LocalResponderAnswersTest, ForeignLanguageGetsANoticeInThatLanguage) {
  Dialogue d(ShoeShop());
  const auto es = d.Say("Hola, ¿cuánto tarda el envío a Madrid?");
  EXPECT_TRUE(Has(es.text, "inglés")) << es.text;
  EXPECT_TRUE(OffersHandoff(es.text)) << es.text;
  const auto yes = d.Say("sí");
  EXPECT_TRUE(yes.handoff) << yes.text;
  Dialogue fr(ShoeShop());
  EXPECT_TRUE(
      Has(fr.Say("Bonjour, est-ce que je peux retourner mes chaussures ?").text, "anglais"));
  Dialogue de(ShoeShop());
  EXPECT_TRUE(Has(de.Say("Wie lange dauert die Lieferung?").text, "Englisch"));
  // A greeting alone is that language too ("hola" had been read as a misspelt "hold": the
  // authorisation-hold passage), and so is asking whether the agent speaks it.
  Dialogue hola(ShoeShop());
  const auto greeting = hola.Say("hola");
  EXPECT_TRUE(Has(greeting.text, "inglés")) << greeting.text;
  EXPECT_TRUE(Has(Dialogue(ShoeShop()).Say("¿hablas español?").text, "inglés"));
  EXPECT_TRUE(Has(Dialogue(ShoeShop()).Say("merci").text, "anglais"));
  // "¿" opens only Spanish: it decides when no word is English, whatever the words.
  EXPECT_TRUE(Has(Dialogue(ShoeShop()).Say("¿Reparan pantallas de móviles?").text, "inglés"));
  EXPECT_TRUE(
      Has(Dialogue(ShoeShop()).Say("Buongiorno, fate anche la manutenzione delle caldaie?").text,
          "inglese"));
  const auto asked = Dialogue(ShoeShop()).Say("can you speak spanish?");
  EXPECT_TRUE(Has(asked.text, "only answer in English")) << asked.text;
  EXPECT_TRUE(OffersHandoff(asked.text)) << asked.text;
  // Polish, the language most spoken in the UK after English, and its yes.
  Dialogue pl(ShoeShop());
  const auto polish = pl.Say(
      "Dzień dobry, mój syn ma 13 lat i gra w piłkę nożną w klubie. Czy możecie go przyjąć i ile "
      "to kosztuje?");
  EXPECT_TRUE(Has(polish.text, "po angielsku")) << polish.text;
  EXPECT_TRUE(OffersHandoff(polish.text)) << polish.text;
  EXPECT_TRUE(pl.Say("tak").handoff);
  EXPECT_TRUE(Has(Dialogue(ShoeShop()).Say("dziękuję").text, "angielsku"));
  // English stays English.
  EXPECT_FALSE(Has(Dialogue(ShoeShop()).Say("hello").text, "inglés"));
  EXPECT_FALSE(Has(Dialogue(ShoeShop()).Say("can i get a pan of soup").text, "angielsku"));
}

TEST(LocalResponderAnswersTest, InstructionsAndMaxTokensShapeTheReply) {
  core::Agent a = ShoeShop();
  a.system_prompt = "Never mention Klarna. Always offer a human for complaints about sizes.";
  Dialogue d(a);
  const auto financing = d.Say("Can I pay in installments?");
  EXPECT_FALSE(Has(financing.text, "Klarna")) << financing.text;
  const auto sizes = d.Say("I have a question about sizes");
  EXPECT_TRUE(sizes.offered_human) << sizes.text;

  core::Agent brief = ShoeShop();
  brief.settings.max_tokens = 16;
  Dialogue b(brief);
  const auto r = b.Say("Do you offer financing and how long is the guarantee?");
  EXPECT_LE(Count(r.text, " ") + 1, 12) << r.text;
  EXPECT_FALSE(r.text.empty());
}

}  // namespace
}  // namespace carevoice::llm

namespace carevoice::llm {
namespace {

TEST(LocalResponderAnswersTest, OrderNumberGivenAfterAskingIsKeptWithoutAPolicyEntry) {
  core::Agent a;
  a.id = "00000000000000000000beef";
  a.name = "Lena";
  a.company = "Trailhead Outfitters";
  a.response_style = "friendly";
  a.company_info = "Trailhead Outfitters sells hiking and camping gear online.";
  a.knowledge = {{"How long does shipping take?", "Standard shipping takes 4 to 6 business days."}};
  Dialogue d(a);
  const auto r1 = d.Say("I want to cancel my order", Nlu("cancellation", "cancel_order"));
  EXPECT_TRUE(Has(r1.text, "order number")) << r1.text;
  const auto r2 = d.Say("It is 77120", Nlu("general", "out_of_scope"));
  EXPECT_TRUE(Has(r2.text, "77120")) << r2.text;
  const auto r3 = d.Say("Ok so is it cancelled now?", Nlu("cancellation", "cancel_order"));
  EXPECT_TRUE(Has(r3.text, "not yet")) << r3.text;
}

// A greeting before a story is no greeting alone, and a question after a full stop is a question
// of its own ("... the whole house. what do you do for businesses"); a "no" that goes on to ask
// is asked; "thats really helpful ta" thanks.
TEST(LocalResponderAnswersTest, AStoryAfterAGreetingAndAQuestionAfterAFullStop) {
  const core::Agent storage = AgentKnowing(
      "Stowaway Self Storage",
      {{"Do you offer business storage?",
        "Business customers get ground-floor units with 24-hour access and free parcel "
        "acceptance."},
       {"Can you help me move my things in?",
        "Our two-man removal team can collect and load your things for 40 pounds an hour."},
       {"Do you hire out vans?", "Our Luton van costs 55 pounds a day with 120 miles included."},
       {"What can't I store?",
        "You can't store food, plants or flammable items such as petrol or gas bottles."},
       {"Do you take a deposit?",
        "We take a refundable deposit equal to one month's rent, paid back within 5 days."},
       {"How do I pay?",
        "Rent is paid monthly by Direct Debit; a payment 14 days late costs a 20 pound fee."}});
  // A deposit names a sum without a figure: it answers "how much", before a passage with one.
  const std::string deposit = Dialogue(storage).Say("how much deposit do you keep").text;
  EXPECT_TRUE(Has(deposit, "one month's rent") && !Has(deposit, "20 pound")) << deposit;
  // The model's complaint in a pleased question is no complaint.
  core::MessageMetadata pleased;
  pleased.sentiment = "positive";
  pleased.fine_intent = "complaint";
  const std::string back =
      Dialogue(storage).Say("and the deposit, how quick do i get it back after", pleased).text;
  EXPECT_FALSE(Has(back, "sorry")) << back;
  // "cos" and "nah" are no topic.
  const std::string gas =
      Dialogue(storage).Say("oh can i chuck my camping stove gas canister in with it or nah").text;
  EXPECT_TRUE(Has(gas, "gas bottles")) << gas;
  const std::string business =
      Dialogue(storage)
          .Say(
              "Hi, I sell phone cases online from my spare room and the stock has taken over "
              "the house. what do you do for businesses")
          .text;
  EXPECT_TRUE(Has(business, "parcel acceptance")) << business;
  Dialogue move(storage);
  const std::string offer = move.Say("do you sell padlocks").text;
  ASSERT_TRUE(Has(offer, "connect you")) << offer;
  const std::string men = move.Say("i do not drive. can you help move my things in?").text;
  EXPECT_TRUE(Has(men, "removal team")) << men;
  const std::string thanks = move.Say("brill thats really helpful ta x").text;
  EXPECT_TRUE(Has(thanks, "welcome") || Has(thanks, "pleasure") || Has(thanks, "glad")) << thanks;
}

// A question whose words are all stop words is still found when the message echoes it; a
// business is commercial work.
TEST(LocalResponderAnswersTest, AMessageThatEchoesAQuestionOfStopWordsGetsItsAnswer) {
  const core::Agent pests = AgentKnowing(
      "PestAway Pest Control",
      {{"What do I need to do before you come?",
        "Before a mouse treatment, clear the cupboards under the sink."},
       {"How much is mouse treatment?", "Mouse treatment costs 95 pounds and includes 3 visits."},
       {"What areas do you cover?", "We cover Nottingham and anywhere within 20 miles."},
       {"Do you do commercial pest control?",
        "Commercial contracts for cafes and shops include 8 routine inspections a year."}});
  // A business is commercial work, and regular visits are routine ones.
  const std::string cafe =
      Dialogue(pests).Say("i run a cafe. do you do regular visits for businesses").text;
  EXPECT_TRUE(Has(cafe, "8 routine inspections")) << cafe;
  const std::string before =
      Dialogue(pests).Say("anything i need to do before your fella comes round").text;
  EXPECT_TRUE(Has(before, "under the sink")) << before;
  const std::string unknown = Dialogue(pests).Say("do you need me to be in when you come").text;
  EXPECT_FALSE(Has(unknown, "under the sink")) << unknown;
}

// A music school's pupils and parents: "too old", half an hour and a full hour, gigs, poorly, and a
// displeased story that ends in a question gets the question's answer.
TEST(LocalResponderAnswersTest, AMusicSchoolsPupilsAndParentsAreUnderstood) {
  core::Agent school = AgentKnowing(
      "Chordwell Music School",
      {{"What ages do you teach?", "We take pupils from age 5, and there's no upper age limit."},
       {"How much is a 30-minute lesson?", "A 30-minute lesson costs 18 pounds."},
       {"How much is a 60-minute lesson?", "A 60-minute lesson costs 34 pounds."},
       {"Do students get to perform?", "We put on two student concerts a year."},
       {"How do I stop lessons?", "To stop lessons we need 6 weeks' notice by email."},
       {"Is there parking?", "We have a free car park behind the school."},
       {"What happens if my child misses a lesson?",
        "If you tell us by 8am on the day, we offer a free make-up lesson."}});
  school.company_info = "We teach guitar, piano and drums on Ecclesall Road in Sheffield.";
  const auto say = [&](const std::string& text) { return Dialogue(school).Say(text).text; };
  const std::string old = say("I'm 52, am I too old to be starting again or is it all kids");
  EXPECT_TRUE(Has(old, "no upper age limit")) << old;
  const std::string half = say("how much for a half hour lesson");
  EXPECT_TRUE(Has(half, "18 pounds") && !Has(half, "34 pounds")) << half;
  const std::string full = say("how much for a full hour");
  EXPECT_TRUE(Has(full, "34 pounds") && !Has(full, "18 pounds")) << full;
  const std::string gigs = say("do you lot ever put on gigs or anything");
  EXPECT_TRUE(Has(gigs, "concerts")) << gigs;
  // Poorly is ill, and a pupil who can't come misses the lesson.
  const std::string ill = say("what if shes poorly one week and cant come");
  EXPECT_TRUE(Has(ill, "make-up lesson")) << ill;
  core::MessageMetadata fed_up;
  fed_up.sentiment = "negative";
  fed_up.fine_intent = "complaint";
  const std::string stop =
      Dialogue(school)
          .Say(
              "my son has been doing guitar with you since september and hes totally lost "
              "interest. how do we pack it in",
              fed_up)
          .text;
  EXPECT_TRUE(Has(stop, "6 weeks")) << stop;
  const std::string road =
      Dialogue(school)
          .Say(
              "how much for a full hour, and is there anywhere to leave the car, ecclesall road "
              "is a nightmare",
              fed_up)
          .text;
  EXPECT_TRUE(Has(road, "34 pounds") && Has(road, "car park")) << road;
  EXPECT_FALSE(Has(road, "Sheffield")) << road;
  // A question the knowledge cannot answer, in a displeased message, is still told so.
  const std::string cafe =
      Dialogue(school).Say("is there a cafe? my last place was a nightmare", fed_up).text;
  EXPECT_TRUE(Has(cafe, "have") && Has(cafe, "team")) << cafe;
  EXPECT_TRUE(Has(cafe, "don't have") || Has(cafe, "do not have")) << cafe;
  EXPECT_FALSE(Has(cafe, "pounds")) << cafe;
}

// Opening days are not a duration, and "what happens if ... cancel last minute" asks the policy
// beside another question.
TEST(LocalResponderAnswersTest, OpeningDaysAndALateCancellationAreBothAnswered) {
  const core::Agent salon = AgentKnowing(
      "WoofWash",
      {{"Do you offer doggy daycare?",
        "Daycare costs 32 pounds a day, with a free 2-hour trial first."},
       {"When is the salon open?", "The salon is open Tuesday to Saturday, 9am to 5pm."},
       {"What is your cancellation policy?",
        "Give 48 hours' notice; late cancellations are charged half the price."},
       {"Do you groom puppies?", "A puppy groom lasts about 45 minutes."}});
  const std::string both = Dialogue(salon)
                               .Say(
                                   "also what days are you open and what happens if something "
                                   "comes up and i have to cancel last minute")
                               .text;
  EXPECT_TRUE(Has(both, "Tuesday to Saturday")) << both;
  EXPECT_TRUE(Has(both, "48 hours")) << both;
  EXPECT_FALSE(Has(both, "2-hour") || Has(both, "45 minutes")) << both;
}

// "the cheapest" is answered with the lowest price of the entry, not all of them.
TEST(LocalResponderAnswersTest, TheCheapestIsTheLowestPriceOfTheEntry) {
  const core::Agent optician =
      AgentKnowing("ClearSight",
                   {{"How much are glasses?",
                     "Single-vision glasses start at \u00a369, and varifocals start at \u00a3189."},
                    {"How can I pay?", "We take card and cash."}});
  const std::string cheapest =
      Dialogue(optician).Say("if i do end up needing specs whats the cheapest pair going").text;
  EXPECT_TRUE(Has(cheapest, "\u00a369")) << cheapest;
  EXPECT_FALSE(Has(cheapest, "\u00a3189")) << cheapest;
  const std::string all = Dialogue(optician).Say("how much are glasses").text;
  EXPECT_TRUE(Has(all, "\u00a369") && Has(all, "\u00a3189")) << all;
}

// A pronoun alone does not pull a question that singles out its own entry onto the thread. (A
// guard: the case that failed is the sunpanel dialogue of tests/dialogues/answers.json, after a
// longer finance question; this smaller dialogue passed before the change too.)
TEST(LocalResponderAnswersTest, AQuestionOfItsOwnIsNotReadWithTheThread) {
  const core::Agent solar = AgentKnowing(
      "Brightside Solar",
      {{"Can I sell spare electricity back to the grid?",
        "We register you for the Smart Export Guarantee so you are paid for surplus power sent to "
        "the grid, and the tariff we recommend currently pays 15p per kWh exported."},
       {"What warranties do you give?",
        "Panels carry a 25-year product and performance warranty, the inverter is covered for 12 "
        "years, and our workmanship has a 10-year insurance-backed guarantee."},
       {"Do you offer finance?",
        "You can spread the cost over 5 to 8 years at 9.9% APR, subject to status, or choose our "
        "buy-now-pay-later option with nothing to pay for the first 6 months."},
       {"Do the panels need cleaning or maintenance?",
        "Panels mostly clean themselves in the rain, but we offer a panel clean for 120 pounds."}});
  Dialogue d(solar);
  const std::string finance = d.Say("do you offer finance").text;
  EXPECT_TRUE(Has(finance, "9.9%")) << finance;
  const std::string warranty = d.Say("what sort of guarantees come with it all").text;
  EXPECT_TRUE(Has(warranty, "25-year")) << warranty;
  EXPECT_FALSE(Has(warranty, "Export")) << warranty;
}

// A place the customer writes in lower case is still a place ("in llanishen").
TEST(LocalResponderAnswersTest, APlaceInLowerCaseIsAPlace) {
  const core::Agent shop =
      AgentKnowing("ByteFix Cardiff",
                   {{"Do you offer collection and delivery?",
                     "We collect and return laptops anywhere in the Cardiff area for 15 pounds."},
                    {"Where is your shop?", "Our shop is on City Road, open Monday to Saturday."},
                    {"How long do repairs take?", "Most repairs take 3 to 5 working days."}});
  const std::string pick = Dialogue(shop).Say("can you collect it from me in llanishen").text;
  EXPECT_TRUE(Has(pick, "15 pounds")) << pick;
}

// A theatre's box office: "either" and "brill" are no topics, the staff of a school trip are its
// teachers, and a parent is the adult a policy asks for.
TEST(LocalResponderAnswersTest, ATheatreBoxOfficeIsUnderstood) {
  const core::Agent theatre = AgentKnowing(
      "Limelight Theatre",
      {{"What support do you have for deaf or hard of hearing customers?",
        "Every seat is covered by a hearing loop, and we lend out infrared headsets free."},
       {"Do you do group bookings?",
        "Groups of 12 or more save 15% on every ticket, and school groups get a free teacher place "
        "for every 8 pupils."},
       {"Is there an age limit for shows?",
        "Under-14s must be accompanied by an adult aged 18 or over."},
       {"What time do shows start?", "Evening performances start at 7:30pm."},
       {"Where can I park?", "St Andrew's multi-storey is 300 metres away."}});
  const std::string hearing =
      Dialogue(theatre)
          .Say(
              "brill. last thing, her hearings not great either, will she actually catch what "
              "the actors are saying")
          .text;
  EXPECT_TRUE(Has(hearing, "hearing loop")) << hearing;
  Dialogue trip(theatre);
  trip.Say("do you do group bookings for schools?");
  const std::string staff =
      trip.Say("and how many of the staff get in free then? we'd be bringing 4 teachers").text;
  EXPECT_TRUE(Has(staff, "teacher place")) << staff;
  const std::string parent =
      Dialogue(theatre).Say("theyre 13 and 14, is that ok or do they need a parent with them").text;
  EXPECT_TRUE(Has(parent, "accompanied")) << parent;
}

// An alterations shop: back by tomorrow is the express service; a question led in by "also" is
// still a question, told that the knowledge has no answer after the apology for its story.
TEST(LocalResponderAnswersTest, AnAlterationsCustomerIsUnderstood) {
  const core::Agent tailor = AgentKnowing(
      "Stitchwell Alterations",
      {{"How much do you charge for taking up trousers?",
        "Trouser hems cost 14 pounds and are usually ready in 5 working days."},
       {"Do you offer an express service?",
        "Our express service has simple alterations ready within 24 hours for an extra 50%."},
       {"Do you collect and deliver?",
        "We collect and deliver within 15 miles of the shop for 9 pounds each way."},
       {"What happens if I don't collect my item?",
        "Items left uncollected for 90 days are donated to charity."}});
  const std::string express =
      Dialogue(tailor).Say("any chance of getting it back by tomorrow tho? its freezing out").text;
  EXPECT_TRUE(Has(express, "24 hours")) << express;
  const std::string dye = Dialogue(tailor)
                              .Say(
                                  "also can you dye his school trousers back to black, theyve "
                                  "gone a horrible grey in the wash")
                              .text;
  EXPECT_TRUE(Has(dye, "don't have")) << dye;
  const std::string uncollected =
      Dialogue(tailor).Say("what happens if i cant come and get it for ages").text;
  EXPECT_TRUE(Has(uncollected, "90 days")) << uncollected;
}

// "How long" after an answer whose only time is a rate ("£5 per 15 minutes") asks how long the
// service takes; after one that states a duration ("done in about 20 minutes") the thread goes on.
TEST(LocalResponderAnswersTest, ARateOfTimeIsNoDuration) {
  const core::Agent groomer = AgentKnowing(
      "WoofWash",
      {{"How long does a groom take?", "A full groom takes between 90 minutes and 3 hours."},
       {"What if my dog's coat is matted?",
        "Matted coats are charged a dematting fee of 5 pounds per 15 minutes."},
       {"Do you fix tangles while I wait?",
        "Small tangles are brushed out while you wait in about 20 minutes."}});
  Dialogue matted(groomer);
  matted.Say("her fur's gone all knotty, will that cost extra");
  const std::string without = matted.Say("roughly how long would i be without her").text;
  EXPECT_TRUE(Has(without, "90 minutes")) << without;
  Dialogue tangles(groomer);
  tangles.Say("can you fix small tangles while i wait");
  const std::string wait = tangles.Say("how long will that take").text;
  EXPECT_TRUE(Has(wait, "20 minutes")) << wait;
}

// At a skip hire firm a skip is what is sold, not a skipped delivery (a cancellation), and a
// price question is no question about a cancellation fee: the words most of the knowledge uses
// keep the knowledge's sense. "Loads of stuff" is a quantity, and the smallest skip is a size.
TEST(LocalResponderAnswersTest, TheBusinesssOwnWordKeepsItsSense) {
  const core::Agent skips = AgentKnowing(
      "SkipIt Sheffield",
      {{"What skip sizes do you have and how much are they?",
        "Our 4-yard mini skip costs 180 pounds and the 8-yard builder's skip 270 pounds."},
       {"What is wait and load?",
        "With wait and load our driver waits while you fill the skip; it costs 155 pounds."},
       {"How long can I keep the skip?", "Standard hire is 10 days, then 9 pounds a day."},
       {"What can't go in a skip?", "Fridges, tyres and paint tins are not allowed in a skip."},
       {"What is your cancellation policy?",
        "You can cancel free of charge up to 24 hours before delivery; after that we charge 60 "
        "pounds."}});
  const std::string smallest =
      Dialogue(skips)
          .Say("not loads of stuff tbh. whats the smallest skip u do and how much is it")
          .text;
  EXPECT_TRUE(Has(smallest, "mini skip")) << smallest;
  EXPECT_FALSE(Has(smallest, "wait and load")) << smallest;
  EXPECT_FALSE(Has(smallest, "cancel")) << smallest;
  const std::string price = Dialogue(skips).Say("how much is a skip").text;
  EXPECT_FALSE(Has(price, "cancel")) << price;
  // "Just over the border" asks about the area covered, not what goes over a wall.
  const core::Agent area = AgentKnowing(
      "SkipIt Sheffield",
      {{"Which areas do you cover?", "We cover Sheffield and everywhere within 20 miles."},
       {"What is a grab lorry?", "Our grab lorry lifts soil and rubble over walls and hedges."}});
  const std::string border =
      Dialogue(area)
          .Say("do you come out to dronfeild? its just over the border into derbyshire")
          .text;
  EXPECT_TRUE(Has(border, "20 miles")) << border;
}

// A mobile tyre fitter's whole knowledge (the blind business `treadright`).
core::Agent TreadRight() {
  return AgentKnowing(
      "TreadRight Mobile Tyres",
      {{"What is your call-out fee?",
        "Our call-out fee is £25 per visit, and it's waived when you buy 4 or more tyres from us."},
       {"How much are your budget tyres?",
        "Budget tyres from brands like Landsail and Davanti start from £55 each fitted, including "
        "a new valve and balancing."},
       {"How much are premium tyres?",
        "Premium tyres from Michelin, Continental and Pirelli start from £95 each fitted, and we "
        "can get most sizes in within 2 working days."},
       {"Do you repair punctures?",
        "A puncture repair costs £20 per tyre, as long as the hole is in the central tread area "
        "and smaller than 6mm; anything in the sidewall has to be replaced."},
       {"How long does tyre fitting take?",
        "Fitting takes about 30 minutes per tyre, and a full set is usually done in around 90 "
        "minutes."},
       {"Which areas do you cover?",
        "We cover Leeds and everywhere within 15 miles, including Wetherby, Otley, Morley and "
        "Castleford."},
       {"What are your opening hours?",
        "We fit tyres from 7am to 8pm, Monday to Saturday, and if you book before 11am we can "
        "usually come out the same day."},
       {"Do you fit run-flat tyres?",
        "Yes, we fit run-flat tyres from £140 each fitted, and every van carries the special "
        "equipment needed for them."},
       {"Do you do wheel alignment?",
        "Wheel alignment is done at our Kirkstall unit rather than at the roadside, costs £45 for "
        "a front-axle check and adjustment, and takes about 40 minutes."},
       {"What happens to my old tyres?",
        "We take your old tyres away for licensed recycling at £3 per tyre."},
       {"How can I pay?",
        "We take contactless, chip and pin, Apple Pay and Google Pay on the van once the job is "
        "finished; we don't accept cash."},
       {"Can you remove locking wheel nuts without the key?",
        "If you've lost your locking wheel nut key, we can remove the locking nuts for £35 per set "
        "and replace them with standard nuts."},
       {"Is your fitting work guaranteed?",
        "All our fitting work is guaranteed for 12 months, and if a tyre loses pressure because of "
        "our workmanship we come back and put it right free of charge."}});
}

// A mobile tyre fitter: a question after a story that dilutes it below any answer ("its not
// fully flat yet but its going down. can that be fixed") is asked alone, since it singles out the
// repair; a car's tracking is no order's; a charge "just to turn up" is the call-out fee; putting
// a new tyre on is fitting it.
TEST(LocalResponderAnswersTest, AMobileTyreFitterIsUnderstood) {
  const core::Agent tyres = TreadRight();
  const std::string screw =
      FirstReply(tyres,
                 "was driving home on the ring road last night and heard this ticking noise, "
                 "pulled over and theres a screw stuck in my back tyre. its not fully flat yet but "
                 "its going down. can that be fixed or am i looking at a new one");
  EXPECT_TRUE(Has(screw, "puncture repair")) << screw;
  const std::string tracking = FirstReply(
      tyres, "the car pulls to the left a bit on the motorway, could you sort the tracking out?");
  EXPECT_TRUE(Has(tracking, "Kirkstall")) << tracking;
  EXPECT_FALSE(Has(tracking, "order number")) << tracking;
  const std::string callout = FirstReply(tyres, "what do u charge just to turn up?");
  EXPECT_TRUE(Has(callout, "£25")) << callout;
  const std::string fitting = FirstReply(tyres, "how long would it take to put a new one on then");
  EXPECT_TRUE(Has(fitting, "30 minutes")) << fitting;
}

// A window cleaner: heavy rain as it is said; whether skipping a visit is charged is a question
// of the policy, not a charge to look into; "how long have i got" after the way to pay is the
// payment terms, not the cancellation asked about the turn before.
TEST(LocalResponderAnswersTest, AWindowCleanersCustomerIsUnderstood) {
  const core::Agent windows = AgentKnowing(
      "BrightPane Window Cleaning",
      {{"Do you clean in the rain?",
        "We clean in light rain, but in heavy rain we move your visit to within 3 working days."},
       {"What is your cancellation policy?",
        "You can skip or cancel a visit free of charge up to 24 hours before; later "
        "cancellations are charged a 10 pound call-out fee."},
       {"How do I pay?",
        "You can pay by bank transfer or by card, and payment is due within 14 days of the "
        "clean."},
       {"How often do you come?", "Our regular round comes every 4 weeks."}});
  const std::string rain = FirstReply(
      windows, "its absolutely chucking it down in fishponds, are you still coming or what");
  EXPECT_TRUE(Has(rain, "3 working days")) << rain;
  Dialogue away(windows);
  const std::string skip =
      away.Say("and if i want to skip the next one cos we're away, do i get charged for that").text;
  EXPECT_TRUE(Has(skip, "24 hours")) << skip;
  EXPECT_FALSE(Has(skip, "email")) << skip;
  // Whether it is still charged is asked, however it is put: no order number or e-mail is asked
  // for.
  const std::string still =
      Dialogue(windows)
          .Say("will i still get charged for them weeks tho", Nlu("support", "check_invoice"))
          .text;
  EXPECT_FALSE(Has(still, "order number") || Has(still, "email")) << still;
  const std::string pay =
      away.Say("can i just bank transfer it and how long have i actually got").text;
  EXPECT_TRUE(Has(pay, "14 days")) << pay;
  EXPECT_FALSE(Has(pay, "24 hours")) << pay;
}

// A narrowboat yard: "never in our lives" and "we'll" say nothing of the topic, a spaniel is a
// dog and what is allowed is welcome.
TEST(LocalResponderAnswersTest, ANarrowboatHirerIsUnderstood) {
  const core::Agent boats = AgentKnowing(
      "Slow Lane Narrowboats",
      {{"Do we get shown how to drive the boat?",
        "Every hire begins with a free handover lesson of about 90 minutes at the yard."},
       {"Can we bring our dog?", "Dogs are welcome on the Heron for 35 pounds per dog."},
       {"Is there car parking at the yard?", "Hirers park free in our yard car park."},
       {"What happens if the boat breaks down?",
        "If the boat breaks down our engineer comes out within 4 hours."}});
  const std::string lesson =
      FirstReply(boats,
                 "none of us have ever driven a boat in our lives, my dad reckons we'll sink it on "
                 "day one, is that gonna be a problem");
  EXPECT_TRUE(Has(lesson, "handover lesson")) << lesson;
  const std::string spaniel =
      FirstReply(boats, "ah wait we'd be bringing our spaniel biscuit, is he allowed on");
  EXPECT_TRUE(Has(spaniel, "Dogs are welcome")) << spaniel;
}

// A follow-up with a topic of its own ("and the diesel, is that extra" after the deposits) is
// answered by the passage that covers its words, not by the one that shares more of the thread;
// "last one," announces a question, it names no last morning; pulling out is cancelling.
TEST(LocalResponderAnswersTest, AFollowUpWithItsOwnTopicLeavesTheThread) {
  const core::Agent boats = AgentKnowing(
      "Slow Lane Narrowboats",
      {{"What deposit do I need to pay?",
        "We take a 25% deposit to secure your booking, plus a refundable 300 pound damage "
        "deposit paid at the yard and returned within 5 working days."},
       {"Is fuel included in the price?",
        "Diesel isn't included in the hire price: we charge 11 pounds per engine hour."},
       {"What is provided on board?",
        "Bedding, towels and diesel central heating are included on every boat."},
       {"What is your cancellation policy?",
        "If you cancel more than 60 days before departure you lose only your booking deposit."},
       {"What time do we pick up and return the boat?",
        "Boats are ready from 1pm on your start day and need to be back by 9am on your last "
        "morning."}});
  Dialogue stag(boats);
  stag.Say("what do u want upfront to book it, and is there one of them damage deposit things");
  const std::string diesel = stag.Say("and the diesel, is that extra?").text;
  EXPECT_TRUE(Has(diesel, "11 pounds")) << diesel;
  const std::string pub = FirstReply(
      boats, "last one, is there a decent pub we can walk to from the yard for sunday lunch?");
  EXPECT_TRUE(Has(pub, "don't have")) << pub;
  EXPECT_FALSE(Has(pub, "9am")) << pub;
  const std::string pull =
      FirstReply(boats, "if we end up having to pull out what happens to what we paid");
  EXPECT_TRUE(Has(pull, "60 days")) << pull;
}

// A swimming school: "not the baby ones" names what is not meant, so the parent-and-baby classes
// that "scared of the water" found are not said; "other" is no topic.
TEST(LocalResponderAnswersTest, WhatTheCustomerDoesNotMeanIsNotSaid) {
  const core::Agent swim = AgentKnowing(
      "Splashers Swim School",
      {{"What ages do you teach?", "Our group classes are for children aged 4 to 11."},
       {"Do you have classes for babies and toddlers?",
        "Our Ducklings parent-and-baby classes are for little ones from 6 months old, and a "
        "parent goes in the water with each baby."},
       {"How many children are in each class?",
        "Beginner classes have no more than 5 children per teacher."},
       {"How much do swimming lessons cost?", "Group lessons cost 108 pounds for a 12-week term."},
       {"Can parents watch the lessons?", "Parents are welcome to watch from our viewing balcony."},
       {"Do we need to be members?",
        "You don't need to be a member: non-members pay 12 pounds a lesson."}});
  const std::string youngest =
      FirstReply(swim,
                 "shes a bit scared of the water tbh. whats the youngest age you take in the "
                 "proper classes, not the baby ones");
  EXPECT_TRUE(Has(youngest, "aged 4 to 11")) << youngest;
  EXPECT_FALSE(Has(youngest, "Ducklings")) << youngest;
  const std::string others = FirstReply(swim, "how many other kids would be in with her?");
  EXPECT_TRUE(Has(others, "no more than 5")) << others;
  // "not a member yet" tells, it excludes nothing.
  const std::string member = FirstReply(swim, "not a member yet, can she still come");
  EXPECT_TRUE(Has(member, "12 pounds")) << member;
}

// A tattoo studio: whereabouts is where; drinks the night before are alcohol; proof of how old
// one is is photo ID.
TEST(LocalResponderAnswersTest, ATattooStudioIsUnderstood) {
  const core::Agent ink = AgentKnowing(
      "Inkwell Tattoo Studio",
      {{"What's your age policy and do I need ID?",
        "We only tattoo people aged 18 and over, and everyone must bring valid photo ID such as "
        "a passport."},
       {"Is there anything I shouldn't do before my appointment?",
        "Please don't drink alcohol for 24 hours before your tattoo."},
       {"Where is the studio?",
        "We're at 22 Oldham Street in the Northern Quarter, an 8-minute walk from Piccadilly."},
       {"Do you take walk-ins?", "We take walk-ins on Fridays from 1pm to 4pm."},
       {"Can you cover up an old tattoo?",
        "Cover-ups always start with an in-person look at the old tattoo in the studio."}});
  const std::string where =
      FirstReply(ink, "where abouts are you exactly, we'll be coming in on the train");
  EXPECT_TRUE(Has(where, "Oldham Street")) << where;
  const std::string drinks = FirstReply(
      ink, "we'll def have had a few drinks the night before tbh, is that gonna be a problem");
  EXPECT_TRUE(Has(drinks, "24 hours")) << drinks;
  const std::string rock = FirstReply(ink, "can we just rock up on friday or do we need to book");
  EXPECT_TRUE(Has(rock, "1pm")) << rock;
  const std::string proof = FirstReply(
      ink, "my mum reckons youll want proof of how old i am?? what do i actually need to bring");
  EXPECT_TRUE(Has(proof, "photo ID")) << proof;
}

// A thing the knowledge never names, asked of what the business does ("do you teach French", "do
// you repair shoes"), is not answered by the passage that says what it teaches or repairs.
TEST(LocalResponderAnswersTest, AKennelsAndASweepAnswerWhatIsExtra) {
  const core::Agent kennels = AgentKnowing(
      "Paws Rest Boarding",
      {{"How much does it cost to board a cat?",
        "Cat boarding is £16 per cat per night in a heated chalet with its own covered run."},
       {"How much does it cost to board a dog?",
        "Dog boarding is £27 per dog per night, or £32 for large dogs over 30kg."},
       {"Is there a discount if my pets share?",
        "Cats from the same household sharing a chalet get 25% off the second cat, and dogs "
        "sharing a kennel get 15% off the second dog."},
       {"What vaccinations do pets need?",
        "Cats need up-to-date cat flu and enteritis vaccinations and dogs need distemper, "
        "parvovirus, hepatitis, leptospirosis and kennel cough, with any booster given at least 14 "
        "days before arrival; please bring the vaccination card."},
       {"What are your check-in and collection times?",
        "Drop-off and collection are between 8am and 11am or between 4pm and 6pm, Monday to "
        "Saturday; we're closed for drop-offs and collections on Sundays."},
       {"What do you feed the animals?",
        "Meals are included: we feed Lily's Kitchen twice a day, or you can bring your pet's usual "
        "food and we'll stick to their normal routine."},
       {"Can you give my pet its medication?",
        "We give tablets, liquids and eye drops for £3 a day and insulin injections for diabetic "
        "cats and dogs for £7 a day, so please bring enough medication for the whole stay."},
       {"How much exercise do the dogs get?",
        "Every dog gets 2 walks a day of 40 minutes each in our secure field, and an extra "
        "one-to-one walk costs £9."},
       {"Do I need to pay a deposit?",
        "A £50 deposit secures your booking and the rest is paid when you collect your pet."},
       {"What is your cancellation policy?",
        "If you cancel at least 21 days before arrival we refund your deposit in full; later "
        "cancellations lose the deposit, and early collections are charged for the full booked "
        "stay."},
       {"Do you charge extra on bank holidays?",
        "Nights falling on a bank holiday carry a surcharge of £5 per pet, and over Christmas and "
        "New Year the surcharge is £12 per pet per night."},
       {"Can I visit before I book?",
        "You're very welcome to look round first: free show-round visits take about 20 minutes and "
        "run Tuesday to Thursday afternoons by appointment."},
       {"What happens if my pet becomes ill during its stay?",
        "If your pet is unwell we call Moorview Vets, 10 minutes down the road and on call 24 "
        "hours a day, ring you straight away, and pass the vet fees on to you."}});
  // The dose given "morning and night" is one phrase, not a part about nights; "is it extra"
  // asks the price of what was just asked, not of the bank holiday's surcharge.
  const std::string insulin = FirstReply(
      kennels,
      "my old boy tigger is 16 and diabetic, he needs his insulin jab morning and night. can you "
      "lot even do that and is it extra");
  EXPECT_TRUE(Has(insulin, "£7")) << insulin;
  EXPECT_FALSE(Has(insulin, "bank holiday")) << insulin;
  EXPECT_FALSE(Has(insulin, "£9")) << insulin;
  // Bunking in together is sharing, and "any cheaper" asks for its discount.
  {
    Dialogue cats(kennels);
    cats.Say("whats it cost a night for my cat bella");
    const std::string share =
        cats.Say("and if her brother comes as well n they bunk in together is it any cheaper").text;
    EXPECT_TRUE(Has(share, "25%")) << share;
  }
  const core::Agent sweeps = AgentKnowing(
      "Sootaway Chimney Sweeps",
      {{"How much does it cost to sweep an open fire?",
        "Sweeping an open fire chimney costs £65, and each extra flue swept on the same visit is "
        "£40."},
       {"How much does it cost to sweep a wood burner or multi-fuel stove?",
        "A wood burner or multi-fuel stove sweep costs £75, including cleaning the baffle plate "
        "and checking the door rope seal."},
       {"How often should my chimney be swept?",
        "Chimneys used with smokeless coal or gas should be swept at least once a year, and wood "
        "burners in regular use twice a year, before and after the winter."},
       {"Do I get a certificate after the sweep?",
        "Every sweep comes with a certificate of chimney sweeping, left with you on the day and "
        "emailed within 24 hours, which home insurers and landlords accept."},
       {"Will sweeping make a mess in my house?",
        "We seal the fireplace opening, lay dust sheets and run an industrial HEPA vacuum "
        "throughout, so all we ask is that you clear about 3 feet in front of the fireplace."},
       {"Can you remove a bird nest from my chimney?",
        "We remove old nests for £50 on top of the sweep, but active nests are protected by law, "
        "so nest removals are only done from September to February."},
       {"Do you fit bird guards?",
        "We fit stainless steel bird guards for £85 each including fitting, and they come with a "
        "10-year guarantee."},
       {"Do you fit chimney cowls?",
        "We supply and fit rain caps and anti-downdraught cowls from £120, and we'll tell you at "
        "the sweep which type your chimney needs."},
       {"Do you do camera inspections?",
        "A CCTV camera inspection of the flue costs £95 on its own or £30 when added to a sweep, "
        "and we email you the footage afterwards."},
       {"How long does a sweep take?",
        "A standard sweep takes about 45 minutes, and stoves with a long liner or an extra flue "
        "can take up to 90 minutes."},
       {"How do I pay?",
        "You pay on the day once the job is done, by card, cash or bank transfer, and there is 15% "
        "off if you book your sweep between May and August, our quiet months."},
       {"When do you work and how do I book?",
        "We sweep Monday to Friday from 7.30am to 5pm and on Saturday mornings until midday, and "
        "you can book online, by phone or through this chat."},
       {"Which areas do you cover?",
        "We cover York and everywhere within 16 miles, including Selby, Tadcaster, Pocklington and "
        "Easingwold, with no travel charge."}});
  // "with no travel charge" answers the price as well as an amount does.
  const std::string far =
      FirstReply(sweeps, "oh and were in haxby, do u come out that far or is it extra");
  EXPECT_TRUE(Has(far, "16 miles")) << far;
  EXPECT_FALSE(Has(far, "£85")) << far;
  // The question alone finds the open fire's price, which it covers better than the story and
  // the question together find anything: the two are split.
  const std::string yearly = FirstReply(
      sweeps,
      "i rent out an old terrace in the groves, it has an open fire in the front room that the "
      "tenants actually use with coal. the yearly sweep is due, whats the price for that");
  EXPECT_TRUE(Has(yearly, "£65")) << yearly;
  EXPECT_FALSE(Has(yearly, "£75")) << yearly;
}

TEST(LocalResponderAnswersTest, ACountIsCheckedAgainstTheLimitOfWhatWasAsked) {
  const core::Agent cafe =
      AgentKnowing("Kilnside Pottery Café",
                   {{"Is there a studio fee?",
                     "Our studio fee is £5 per painter and covers all the paints, brushes, glazing "
                     "and kiln firing, with no time limit on your table."},
                    {"How much are the pottery pieces to paint?",
                     "Pieces are priced on top of the studio fee, from £4 for a coaster tile up to "
                     "£38 for a large serving platter, and our most popular mugs are £14."},
                    {"When will my piece be ready to collect?",
                     "We glaze and fire everything in our own kiln, so pieces are ready to collect "
                     "7 days after your visit, and we keep uncollected pieces for 60 days."},
                    {"Do I need to book or can I walk in?",
                     "Walk-ins are very welcome Tuesday to Sunday from 10am to 6pm, but groups of "
                     "8 or more need to book online at least 48 hours ahead."},
                    {"Do you host children's birthday parties?",
                     "Kids' parties cost £17 per child for 90 minutes, including a piece to paint, "
                     "a squash and a party bag, with a minimum of 12 children."},
                    {"Can we book a hen party or adult group session?",
                     "Hen parties and adult groups get a private 3-hour session for £32 per person "
                     "including a glass of prosecco each, for up to 24 guests."},
                    {"Are the finished pieces food safe and dishwasher safe?",
                     "All our glazes are lead-free and food safe once fired, and finished pieces "
                     "are dishwasher safe on cycles up to 45°C."},
                    {"Do you serve food and drinks?",
                     "Our café serves toasties, homemade cakes and hot drinks, with coffee from "
                     "£2.90 and a painter's lunch deal of a toastie and any drink for £11."},
                    {"Do you sell gift vouchers?",
                     "Gift vouchers can be bought in the studio or online for any amount from £15 "
                     "and are valid for 18 months."},
                    {"Can you post my finished piece to me?",
                     "We can post finished pieces anywhere in the UK for £13.50, bubble-wrapped "
                     "and sent by tracked courier, usually arriving within 72 hours of dispatch."},
                    {"What is your party deposit and cancellation policy?",
                     "Party bookings need a £25 deposit, which is fully refundable if you cancel "
                     "at least 21 days before the date."},
                    {"Where are you and where can I park?",
                     "You'll find us at 27 Walcot Street in central Bath, and the nearest parking "
                     "is the Podium car park about 400 metres away."},
                    {"Do you do baby handprint and footprint keepsakes?",
                     "Baby handprint and footprint keepsakes cost £22 including the plate or tile "
                     "and baby-safe paint, and we suggest booking a quiet 30-minute slot."}});
  // The count is checked against the limit of the entry just answered.
  {
    Dialogue party(cafe);
    party.Say(
        "my daughter turns 7 next month, she's begging to have her party at yours. whats the "
        "damage per kid?");
    const std::string few =
        party.Say("her class is only about 10 kids tho, is that enough to do it").text;
    EXPECT_TRUE(Has(few, "minimum of 12")) << few;
    // A closing "while ..." is the circumstance; a bite is food.
    const std::string bite =
        party.Say("can the grown ups grab a coffee and a bite while the kids are busy painting")
            .text;
    EXPECT_TRUE(Has(bite, "toasties")) << bite;
    EXPECT_FALSE(Has(bite, "£17")) << bite;
  }
  {
    Dialogue hen(cafe);
    hen.Say("im maid of honour for my best mates hen in june. do you do hens and how much pp??");
    // Fizz is the prosecco.
    const std::string fizz = hen.Say("how long do we get the room for and is there any fizz").text;
    EXPECT_TRUE(Has(fizz, "prosecco")) << fizz;
    EXPECT_FALSE(Has(fizz, "£13.50")) << fizz;
    const std::string many =
        hen.Say("theres 26 of us if literally everyone turns up, is that ok?").text;
    EXPECT_TRUE(Has(many, "up to 24")) << many;
  }
  // A lead time is no limit of a count ("at least 48 hours ahead").
  {
    const core::Agent studio = AgentKnowing(
        "Clay Corner", {{"How much notice do you need?", "Please book at least 48 hours ahead."},
                        {"What does a session cost?", "A two-hour session costs £20 per person."}});
    Dialogue notice(studio);
    notice.Say("how much notice do you need");
    const std::string many = notice.Say("theres 26 of us, is that ok?").text;
    EXPECT_FALSE(Has(many, "48 hours")) << many;
  }
  // Ages are no count ("theyre 13 and 14, is that ok").
  const core::Agent theatre = AgentKnowing(
      "Limelight Theatre", {{"How much are tickets?",
                             "Evening tickets are £24 in the stalls and £19 in the circle, and "
                             "every seat at our Saturday matinees is £16."},
                            {"Do you offer concessions?",
                             "Over-65s, students and jobseekers get £3 off any full-price ticket, "
                             "and under-26s can sit anywhere for £9 with proof of age."},
                            {"Is there an age limit for shows?",
                             "Each show's age guidance is on its page, and under-14s must be "
                             "accompanied by an adult aged 18 or over."},
                            {"Do you do group bookings?",
                             "Groups of 12 or more save 15% on every ticket, and school groups get "
                             "a free teacher place for every 8 pupils."}});
  {
    Dialogue school(theatre);
    school.Say(
        "There'd be about 30 kids plus staff. Is there any kind of deal for a big lot like that?");
    const std::string ages =
        school.Say("theyre 13 and 14, is that ok or do they need a parent with them").text;
    EXPECT_TRUE(Has(ages, "under-14s")) << ages;
  }
  // Without an entry before, the limit of what the message names.
  const core::Agent print = AgentKnowing(
      "Inkspot Print",
      {{"How much do business cards cost?",
        "Business cards are £27 for 250 or £39 for 500, printed double-sided on thick 400gsm silk "
        "card."},
       {"How much are flyers?",
        "A5 flyers cost £49 per 1000, printed both sides on 170gsm gloss paper."},
       {"How much do posters cost?",
        "Posters are £14 each at A2 size or £26 each at A1, printed on heavyweight satin paper."},
       {"Do you print banners?",
        "PVC banners cost £19 per square metre, with hemmed edges and metal eyelets included so "
        "they're ready to hang."},
       {"Do you do wedding stationery?",
        "Wedding invitations start at £95 for 50 with matching envelopes, and we can print RSVP "
        "cards, menus and table plans to match."},
       {"How long will my order take?",
        "Standard turnaround is 4 working days from when you approve your proof."},
       {"Do you offer express printing?",
        "Express printing costs an extra 40% and gets your order ready the next working day, as "
        "long as you approve your proof by 11am."},
       {"What file format should my artwork be in?",
        "Please send a print-ready PDF at 300dpi in CMYK with 3mm bleed; we can't guarantee "
        "quality from phone photos or low-resolution images."},
       {"Will I see a proof before you print?",
        "We email a free digital proof within 24 hours of your order and nothing is printed until "
        "you approve it; a printed hard-copy proof costs £12."},
       {"Do you deliver?", "Tracked UK delivery costs £9, and it's free on orders over £75."},
       {"Can I collect my order, and when are you open?",
        "You can collect free of charge from our shop on Granby Street, open Monday to Friday 8am "
        "to 6pm and Saturday 10am to noon."},
       {"Is there a minimum order quantity?",
        "Business cards and flyers have a minimum order of 100, while posters and banners can be "
        "ordered singly, one at a time."},
       {"Can you design my artwork for me?",
        "If you don't have artwork, our in-house designer can create it for £35 per hour, and most "
        "business card designs take about an hour."}});
  const std::string flyers = FirstReply(
      print,
      "morning. we run a small charity shop in braunstone and want some flyers for a coffee "
      "morning were doing, only need like 50 tho is that doable");
  EXPECT_TRUE(Has(flyers, "minimum order of 100")) << flyers;
}

TEST(LocalResponderAnswersTest, AValetingCustomerWithoutATapIsUnderstood) {
  const core::Agent valets = AgentKnowing(
      "GleamTeam Mobile Valeting",
      {{"How much is a mini valet?",
        "Our mini valet costs £35 for a standard car and covers an exterior hand wash, wheel "
        "clean, windows inside and out and a quick interior hoover."},
       {"How much is a full valet?",
        "A full valet costs £95 for a standard car and includes everything in the mini valet plus "
        "a deep interior clean, dashboard and trim dressing and a hand wax."},
       {"Do you charge more for vans and 4x4s?",
        "4x4s, SUVs, MPVs and small vans carry a £15 surcharge on any valet, and long-wheelbase "
        "vans carry a £25 surcharge."},
       {"How long does a valet take?",
        "A mini valet takes about 90 minutes and a full valet takes around 3 hours, depending on "
        "the state of the car."},
       {"Do I need to provide water or electricity?",
        "No, we carry 250 litres of our own water and a quiet generator, so we don't need your tap "
        "or your electricity, just room to get all the way round the car."},
       {"Do you shampoo seats and carpets?",
        "Seat and carpet shampooing with hot-water extraction is a £45 add-on to any valet, and "
        "the upholstery takes about 5 hours to dry fully."},
       {"Can you get rid of pet hair?",
        "Pet hair removal is £20 extra for light hair or £30 for heavy hair that's woven into the "
        "carpets and boot lining."},
       {"Do you do ceramic coating?",
        "Our ceramic coating costs £349 including a machine polish beforehand and protects your "
        "paintwork for up to 2 years; the car needs to stay dry for 12 hours afterwards."},
       {"Which areas do you cover?",
        "We cover everywhere within 8 miles of Bristol city centre for free, including Keynsham, "
        "Portishead and Filton, and a £10 call-out fee applies further out up to 18 miles, such as "
        "Bath and Clevedon."},
       {"When do you work and how do I book?",
        "We work Monday to Saturday from 7am to 6pm, and you can book online at gleamteam.co.uk or "
        "by WhatsApp."},
       {"What is your cancellation policy?",
        "You can cancel or rearrange free of charge up to 24 hours before your slot; later "
        "cancellations are charged 50% of the booking price."},
       {"How do I pay?",
        "We take card, Apple Pay or bank transfer once the job is finished (no cash), and business "
        "accounts can be invoiced with payment due within 14 days."},
       {"Can you restore cloudy headlights?",
        "Foggy or yellowed headlights can be restored for £55 a pair, which takes about 40 "
        "minutes."}});
  Dialogue zafira(valets);
  zafira.Say(
      "the dogs shed like mad and its all woven into the boot carpet, how much extra would "
      "it be for the dog hair");
  zafira.Say(
      "and the seats have got juice ground into them, can u wash them properly like a wet "
      "clean");
  zafira.Say("how long till i can put the car seat back in then");
  // A tap is water and a plug electricity: the own water and generator, after another thread.
  const std::string tap = zafira
                              .Say(
                                  "oh and we're in a top floor flat in redland, no outside tap or "
                                  "plug anywhere near where i "
                                  "park, is that gonna be a problem")
                              .text;
  EXPECT_TRUE(Has(tap, "250 litres")) << tap;
}

TEST(LocalResponderAnswersTest, AnEscapeRoomACycleShopAndCottagesAreUnderstood) {
  const core::Agent rooms = AgentKnowing(
      "Cluehouse Escape Rooms",
      {{"How much does a game cost?",
        "Games are priced per team, not per person: £68 for 2 players, £87 for 3, £104 for 4 and "
        "£118 for a team of 5 or 6."},
       {"What rooms do you have and how hard are they?",
        "Choose from The Heist (beginner), The Lost Tomb (intermediate) or The Asylum (expert), "
        "our toughest room with an escape rate of just 18%."},
       {"How long does a game last?",
        "Each game lasts 60 minutes, and we ask you to arrive 15 minutes early for the briefing, "
        "so allow about 90 minutes in total."},
       {"Is there a minimum age, and can under-16s play?",
        "Players must be at least 8 years old, under-16s must have an adult playing in the room "
        "with them, and The Asylum is for ages 14 and over only."},
       {"What happens if we arrive late?",
        "If you're late your game still ends at its booked end time, and if you're more than 20 "
        "minutes late we can't run the game and the booking is forfeited."},
       {"How do I book and do I need to pay a deposit?",
        "Book online at cluehouse.co.uk with a £25 deposit per booking to secure your slot, and "
        "the balance is paid on the day."},
       {"Can I cancel or reschedule my booking?",
        "You can reschedule free of charge up to 48 hours before your game, and cancellations made "
        "more than 7 days ahead get the deposit refunded in full; otherwise the deposit is "
        "non-refundable."},
       {"What are your opening hours?",
        "We're open Wednesday to Sunday, with the first game starting at 11am and the last game at "
        "9pm."},
       {"Do you do corporate team building?",
        "Our corporate team-building package runs all our rooms side by side for groups of up to "
        "30 people at £32 per person, including a hosted debrief and leaderboard."},
       {"Do you do birthday parties?",
        "The birthday package costs £40 on top of the game price and includes a 45-minute slot in "
        "our private party room with a cake table and a personalised team photo."},
       {"Is the venue accessible for wheelchair users?",
        "The Heist and The Lost Tomb are on the ground floor with step-free access, but The Asylum "
        "is up 22 steps and there is no lift."},
       {"Where are you and how do I get there?",
        "We're at 17 Tib Street in Manchester's Northern Quarter, a 10-minute walk from Piccadilly "
        "station."},
       {"Do you sell gift vouchers?",
        "Gift vouchers are available for any team size from our website and are valid for 12 "
        "months from purchase."}});
  {
    // A question marked beside a "(thanks boss)" is answered, not thanked for; a group "that big"
    // is a count checked against the limit; "per head" is per person.
    Dialogue away_day(rooms);
    const std::string big =
        away_day
            .Say(
                "hi, i've been roped into organising our department away day (thanks boss) and "
                "theres 26 "
                "of us in finance. can you take a group that big all at the same time?")
            .text;
    EXPECT_TRUE(Has(big, "up to 30")) << big;
    const std::string head = away_day.Say("ok and whats that per head").text;
    EXPECT_TRUE(Has(head, "£32")) << head;
  }
  const std::string youngest = FirstReply(
      rooms,
      "my lad turns 11 next month and wants to do one with his mates. whats the youngest "
      "you actually let in?");
  EXPECT_TRUE(Has(youngest, "8 years")) << youngest;
  EXPECT_TRUE(Has(FirstReply(rooms, "thank you very much, is all clear now"), "welcome"));
  // Without its "?" too: the thanks is said in passing.
  const std::string unmarked = FirstReply(
      rooms,
      "hi i've been roped into organising our department away day (thanks boss) and theres "
      "26 of us in finance can you take a group that big all at the same time");
  EXPECT_TRUE(Has(unmarked, "up to 30")) << unmarked;

  const core::Agent cottages = AgentKnowing(
      "Seaholm Cottages",
      {{"Which cottages do you have and how many people do they sleep?",
        "Gull Cottage sleeps 2, Pilchard Cottage sleeps 5 and Chapel Barn sleeps 8, all with their "
        "own kitchens and gardens."},
       {"How much do the cottages cost per night?",
        "Gull Cottage is £95 a night, Pilchard Cottage £140 and Chapel Barn £210. There is a 25% "
        "supplement over Christmas and New Year."},
       {"What are your weekly prices?",
        "A week costs £590 in Gull Cottage, £880 in Pilchard Cottage and £1,350 in Chapel Barn, "
        "with weekly stays running Saturday to Saturday."},
       {"Is there a minimum stay?",
        "From October to March the minimum stay is 3 nights, and during the school summer holidays "
        "we only take bookings of 7 nights."},
       {"What are the check-in and check-out times?",
        "Check-in is from 4pm and check-out is by 10am, and we text you the key safe code on the "
        "morning you arrive."},
       {"Can we bring our dog?",
        "Well-behaved dogs are welcome in Pilchard Cottage and Chapel Barn for £30 per dog per "
        "stay, but not in Gull Cottage, and they must stay off beds and sofas."},
       {"What deposit do you need and when is the balance due?",
        "A 35% deposit secures your booking and the balance is due 6 weeks before arrival. We also "
        "take a refundable £150 security deposit, returned within 14 days of check-out."},
       {"What is your cancellation policy?",
        "If you cancel 60 days or more before arrival we refund everything you've paid except a "
        "£45 admin fee; after that, payments are non-refundable unless we manage to re-let the "
        "dates."},
       {"Is there parking?",
        "Each cottage has free off-road parking for one car in our private yard, and there's an "
        "electric car charger you can use at 40p per kWh."},
       {"Are bedding and towels provided?",
        "All bed linen and bath towels are included and beds are made up ready for your arrival; "
        "beach towels aren't supplied but can be hired for £12 per person."},
       {"Is there wifi?",
        "Every cottage has free fibre broadband wifi at around 70 Mbps, and the password is in the "
        "welcome folder."},
       {"Do you provide cots and high chairs?",
        "We can supply a travel cot and a high chair for £15 per stay; just bring your own cot "
        "bedding."},
       {"How far are the nearest beaches?",
        "Porthmeor Beach in St Ives is an 18-minute walk along the coast path, and the "
        "dog-friendly sands at Gwithian are 20 minutes away by car."}});
  const std::string least = FirstReply(cottages, "whats the least nights we can book in october");
  EXPECT_TRUE(Has(least, "3 nights")) << least;

  // "bringing" and "everywhere" are no topics, and "do u charge for him" is the price the
  // dogs' passage states, not the nightly prices beside it.
  const std::string dog =
      FirstReply(cottages,
                 "oh wait we'd be bringing ted our spaniel too, he goes everywhere with us lol. is "
                 "he ok to come and do u charge extra for him?");
  EXPECT_TRUE(Has(dog, "£30")) << dog;
  EXPECT_FALSE(Has(dog, "£95")) << dog;

  const core::Agent bikes = AgentKnowing(
      "Spokeworks Cycle Repairs",
      {{"How much is a basic service?",
        "Our basic service costs £55 and covers gear and brake adjustment, tyre pressures, a chain "
        "clean and lube, and a 20-point safety check."},
       {"What does a full service cost?",
        "A full service costs £125 and includes stripping and degreasing the drivetrain, truing "
        "both wheels and fitting new brake pads and cables where needed, with parts charged "
        "separately."},
       {"How much is a puncture repair?",
        "A puncture repair costs £12 per wheel including a new inner tube, or £18 per wheel for "
        "tubeless tyres."},
       {"How long will my bike be in the workshop?",
        "Most services are ready within 3 working days of drop-off, and we send you a text as soon "
        "as your bike is ready to collect."},
       {"Do you service electric bikes?",
        "Yes, e-bike servicing costs £85 and includes a motor and battery diagnostic check; we "
        "work on Bosch, Shimano Steps and Yamaha systems."},
       {"Can you collect and deliver my bike?",
        "We collect and return bikes anywhere within 7 miles of the workshop for £15 each way, and "
        "collection is free when you book a full service."},
       {"Do you offer bike fitting?",
        "A professional bike fit takes 90 minutes and costs £110, covering saddle height, cleat "
        "position and handlebar reach."},
       {"Are your parts and repairs guaranteed?",
        "All new parts we fit carry the manufacturer's warranty, and our labour is guaranteed for "
        "30 days, so if an adjustment slips we put it right free."},
       {"Can I wait while you fix my bike?",
        "Punctures and small adjustments can be done while you wait, usually in about 40 minutes, "
        "as long as you arrive before 4pm."},
       {"What are your opening hours and how do I book?",
        "We're open Monday to Saturday from 9am to 6pm; you can book online, or drop your bike off "
        "without an appointment before 11am."},
       {"Do you give quotes before doing work?",
        "We give free estimates when you drop off, and we never do extra work costing more than "
        "£25 without phoning you first."},
       {"What happens if I can't collect my bike straight away?",
        "We hold finished bikes free for 14 days after we tell you they're ready, after which "
        "storage costs £5 per day."},
       {"Do you offer any discounts?",
        "Students and NHS staff get 10% off all labour when they show a valid ID card."}});
  {
    // "he'd" is no topic of its own.
    Dialogue dad(bikes);
    dad.Say("could someone pick up my dads bike from his? hes out in cherry hinton");
    const std::string back = dad.Say("how long till hed get it back then").text;
    EXPECT_TRUE(Has(back, "3 working days")) << back;
  }
}

TEST(LocalResponderAnswersTest, AServiceForAnUnknownThingIsNotAnswered) {
  const core::Agent tutors = AgentKnowing(
      "Brightminds Tutoring",
      {{"How much do lessons cost?",
        "One-to-one tutoring costs £40 per hour online and £45 per hour in person."},
       {"What subjects do you teach?", "We tutor maths, English and science for ages 7 to 18."},
       {"Do you help with GCSEs and A levels?",
        "Yes, our exam tutors cover GCSE and A level maths, English, biology, chemistry and "
        "physics."},
       {"Are your tutors qualified?",
        "All our tutors are qualified teachers with an enhanced DBS check."},
       {"Is there a free trial?",
        "The first 30-minute lesson is free so your child can meet the tutor."},
       {"Do you offer group lessons?",
        "Small group lessons of up to 4 students cost £20 per student per hour."},
       {"How do online lessons work?",
        "Online lessons run in our own video classroom with a shared whiteboard; you only need a "
        "laptop or tablet."},
       {"What is your cancellation policy?",
        "Please give 24 hours' notice to cancel a lesson, or it is charged in full."},
       {"How do I pay?", "Lessons are paid monthly in advance by direct debit."},
       {"Do you help with the 11 plus?",
        "Our 11 plus programme runs from September to the exam and costs £38 per hour."},
       {"Can you help children with dyslexia?",
        "Several of our tutors specialise in dyslexia and other specific learning difficulties."},
       {"How often do you report progress?",
        "Parents get a written progress report every half term."},
       {"How do I get started?",
        "Book a free consultation call at brightminds.example or call 0161 496 0881."}});
  const std::string french = FirstReply(tutors, "do you teach French");
  EXPECT_TRUE(Has(french, "don't have") || Has(french, "do not have")) << french;
  EXPECT_FALSE(Has(french, "maths")) << french;
  const std::string lead = FirstReply(tutors, "oh and do you teach French");
  EXPECT_FALSE(Has(lead, "maths")) << lead;
  const std::string maths = FirstReply(tutors, "do you teach maths");
  EXPECT_TRUE(Has(maths, "maths")) << maths;
  const core::Agent cleaners = AgentKnowing(
      "Pressline Dry Cleaners",
      {{"How much does it cost to dry clean a suit?",
        "A two-piece suit costs £16 to dry clean, and a three-piece suit £21."},
       {"How long does dry cleaning take?",
        "Standard dry cleaning is ready in 3 working days; our express service is ready the next "
        "day for 50% extra."},
       {"Do you do alterations?",
        "Our tailor shortens trousers from £12 and takes in dresses from £25."},
       {"Do you clean wedding dresses?",
        "Wedding dress cleaning and boxing starts at £120 and takes 2 weeks."},
       {"Can you remove stains?",
        "We treat most stains free as part of the clean, but we cannot promise to remove old or "
        "set-in stains."},
       {"Do you clean duvets?", "A single duvet costs £18 and a king-size duvet £28 to clean."},
       {"Do you collect and deliver?",
        "We collect and deliver free within Cheltenham on orders over £30; otherwise it is £5 each "
        "way."},
       {"What are your opening hours?",
        "We are open Monday to Friday 7:30am to 6pm and Saturday 9am to 4pm."},
       {"What if you damage my item?",
        "If we damage an item, we compensate up to 10 times the cleaning price."},
       {"How long do you keep uncollected items?",
        "We keep items for 90 days; after that they may be donated to charity."},
       {"Do you clean leather?",
        "Leather and suede are cleaned by a specialist partner and take 2 to 3 weeks, from £45."},
       {"Do you offer a shirt service?",
        "Shirts are washed and pressed for £2.50 each, or 5 for £11."},
       {"How do I pay?", "We take card, cash and Apple Pay when you collect."}});
  const std::string shoes = FirstReply(cleaners, "do you repair shoes");
  EXPECT_FALSE(Has(shoes, "£")) << shoes;
}

// A print shop, a window cleaner, home cleaners and a coach firm: opening times named in a story
// are no question about the hours, "48 hours in advance" is no opening hours, "price wise" asks
// the price, a follow-up that asks only a question form about a story answers it without what
// the story alone found, and "five and a half hours" is not "five and 30 minutes".
TEST(LocalResponderAnswersTest, APrintShopCleanersAndACoachFirmAreUnderstood) {
  const core::Agent print = AgentKnowing(
      "Inkspot Print",
      {{"How much do business cards cost?",
        "Business cards are £27 for 250 or £39 for 500, printed on thick silk card."},
       {"Can I collect my order, and when are you open?",
        "You can collect free of charge from our shop, open Monday to Friday 8am to 6pm."},
       {"Is there a minimum order quantity?",
        "Business cards and flyers have a minimum order of 100, while posters can be ordered "
        "singly, one at a time."},
       {"Can you design my artwork for me?",
        "Our in-house designer can create artwork for £35 per hour, and most business card "
        "designs take about an hour."}});
  const std::string cards = FirstReply(
      print,
      "so im opening a little coffee place on queens road next month and need some business "
      "cards with the logo and opening times and that on, what are they roughly price wise");
  EXPECT_TRUE(Has(cards, "£27")) << cards;
  EXPECT_FALSE(Has(cards, "£35")) << cards;

  const core::Agent windows = AgentKnowing(
      "BrightPane Window Cleaning",
      {{"How much does window cleaning cost?",
        "Outside window cleaning costs £16 for a flat or terraced house, £19 for a semi-detached "
        "and £27 for a detached house, including frames and sills."},
       {"How often do you come?",
        "Our regular round comes every 4 weeks, or every 8 weeks if you'd rather, and the price "
        "per visit is the same either way."},
       {"Do you clear gutters?",
        "Gutter clearing costs £65 for a terrace or semi and £85 for a detached house, and we send "
        "you before-and-after photos from our gutter camera."},
       {"Do you clean conservatory roofs?",
        "A conservatory roof clean costs £45, and we can add the conservatory frames and glass "
        "sides to your regular visit for £9 extra."},
       {"What equipment do you use?",
        "We use water-fed poles with purified water that dries spot-free and reaches up to 60 "
        "feet, so there are no ladders against your house."},
       {"Do you need access to the back of the house?",
        "We need the side or back gate unlocked to do the rear windows; if we can't get through, "
        "we clean the front only and charge 50% of the usual price."},
       {"Do you clean in the rain?",
        "We clean in light rain because purified water leaves no streaks, but in heavy rain or "
        "winds over 30 mph we move your visit to within 3 working days."},
       {"What is your cancellation policy?",
        "You can skip or cancel a visit free of charge up to 24 hours before; later cancellations "
        "are charged a £10 call-out fee."},
       {"How do I pay?",
        "You can pay by bank transfer, by card through the payment link we text you, or with cash "
        "left in an envelope, and payment is due within 14 days of the clean."},
       {"Do I need to be in when you call?",
        "You don't need to be in: we text you by 6pm the evening before, clean as normal and post "
        "a card through your letterbox when we're done."},
       {"Which areas do you cover?",
        "We cover Bristol and anywhere within 11 miles of the city centre, including Clifton, "
        "Keynsham and Portishead, with no travel charge."},
       {"When do you work and how do I book?",
        "We work Monday to Saturday from 7am to 5pm, and you can book by phone on 0117 496 0823 or "
        "through our website."},
       {"Do you clean inside windows?",
        "We can clean the insides for an extra £22 per visit on a standard house, booked at least "
        "48 hours in advance."}});
  const std::string days = FirstReply(
      windows, "what days are you out then? she has the district nurse tuesday mornings");
  EXPECT_TRUE(Has(days, "Monday to Saturday")) << days;
  EXPECT_FALSE(Has(days, "£22")) << days;
  // Days of the week say when too, without a time of day.
  const core::Agent round = AgentKnowing(
      "BrightPane Window Cleaning",
      {{"Do you clean inside windows?",
        "We can clean the insides for an extra £22 per visit, booked at least 48 hours in "
        "advance."},
       {"When do you work?", "We work Monday to Saturday, and you can book by phone."}});
  const std::string week = FirstReply(round, "what days are you out then");
  EXPECT_TRUE(Has(week, "Monday to Saturday")) << week;
  EXPECT_FALSE(Has(week, "£22")) << week;

  const core::Agent cleaners = AgentKnowing(
      "Brightside Cleaning",
      {{"How much is a regular clean?",
        "Regular cleaning costs £18 per hour, with a minimum of 2 hours per visit."},
       {"How much is an end of tenancy clean?",
        "An end of tenancy clean costs from £180 for a one-bedroom flat, and we re-clean free "
        "within 48 hours if your landlord is not happy."},
       {"Do you bring your own products?",
        "Our cleaners bring all products and equipment, including a vacuum. We use eco-friendly "
        "products."},
       {"Are your cleaners vetted?",
        "All our cleaners are DBS checked, insured and trained by us."},
       {"Do you clean ovens?", "An oven clean costs £65 and takes about 2 hours."},
       {"Do you clean carpets?",
        "Carpet cleaning costs £30 per room, with a minimum charge of £60."},
       {"Which areas do you cover?", "We cover Brighton, Hove and Lewes."},
       {"How do I cancel a clean?",
        "Please give 24 hours' notice to cancel or move a clean, or the full visit is charged."},
       {"Do I need to be home?",
        "You don't need to be home; many customers leave a key with us, which we keep coded and "
        "locked away."},
       {"Can I have the same cleaner each time?",
        "Regular customers get the same cleaner each visit wherever possible."},
       {"How do I pay?",
        "We take payment by card after each clean; regular customers are billed monthly by direct "
        "debit."},
       {"Do you clean offices?", "Yes, we clean offices outside working hours from £20 per hour."},
       {"How do I book?", "Book at brightside.example or call 01273 496 0190."}});
  const std::string weekly =
      FirstReply(cleaners, "looking for someone to clean my flat once a week, what do you charge");
  EXPECT_TRUE(Has(weekly, "£18")) << weekly;
  EXPECT_FALSE(Has(weekly, "£180")) << weekly;

  const core::Agent coach = AgentKnowing(
      "Roll On Coaches",
      {{"How many hours can the driver work?",
        "Our drivers can drive for no more than 9 hours in a day, so very long days need a "
        "second driver at £210."},
       {"What size vehicles do you have?",
        "We have a 16-seat minibus, a 33-seat midi coach and a 53-seat full-size coach."},
       {"How long is a day's hire?", "A day's hire covers up to 10 hours and 120 miles."},
       {"How much does the minibus cost?",
        "Our minibus with driver costs £340 a day, and each extra mile is £1.75."},
       {"How much luggage can we bring?",
        "Each passenger can bring a large suitcase up to 23kg plus a piece of hand luggage."},
       {"Can we drink alcohol on board?",
        "Adults aged 18 and over may drink alcohol on private hires, but not on school trips."},
       {"Do you have wheelchair-accessible vehicles?",
        "Our wheelchair-accessible minibus has a rear tail lift and takes up to 3 wheelchair "
        "users plus 12 seated passengers, at the same price as the standard minibus."},
       {"Do you do airport transfers?",
        "Airport transfers are a fixed price each way: £165 to Cardiff Airport in the minibus."},
       {"What happens with trips that need an overnight stay?",
        "On trips with an overnight stay you pay for the driver's single room with breakfast, "
        "plus an overnight allowance of £85 per night."}});
  const std::string driver = FirstReply(
      coach,
      "its about 5 and a half hours drive each way, is one driver going to be enough for "
      "that");
  EXPECT_TRUE(Has(driver, "9 hours")) << driver;
  // Cases packed for a trip are luggage, and how much one may take is no price; cans are drink.
  const std::string cases = FirstReply(
      coach,
      "we'll have loads of cases, my mum packs like shes going for a month. how much can "
      "everyone take");
  EXPECT_TRUE(Has(cases, "23kg")) << cases;
  EXPECT_FALSE(Has(cases, "£340")) << cases;
  const std::string cans =
      FirstReply(coach,
                 "the boys will def want a few cans on the way up lol, is that allowed or are u "
                 "strict");
  EXPECT_TRUE(Has(cans, "18 and over")) << cans;
  // "... then" goes on with the minibus just spoken of; chairs are wheelchairs, dearer is a
  // price and a normal minibus the standard one.
  Dialogue care(coach);
  care.Say("a few of our residents are in wheelchairs and cant transfer to a seat, can you cope");
  const std::string fit =
      care.Say("how many can we fit on altogether then, chairs and walking residents").text;
  EXPECT_TRUE(Has(fit, "12 seated")) << fit;
  Dialogue price(coach);
  price.Say("a few of our residents are in wheelchairs and cant transfer to a seat, can you cope");
  const std::string dearer = price.Say("and is it dearer than a normal minibus?").text;
  EXPECT_TRUE(Has(dearer, "same price")) << dearer;
  EXPECT_FALSE(Has(dearer, "£165")) << dearer;
  // A driver who stops over stays overnight; "how does that work" is no working hours.
  const std::string over =
      FirstReply(coach,
                 "we'd go down on the saturday and come back sunday so the driver would have to "
                 "stop over. how does that work, do we have to sort his room out??");
  EXPECT_TRUE(Has(over, "£85")) << over;
  EXPECT_FALSE(Has(over, "9 hours")) << over;
  EXPECT_FALSE(Has(over, "sorry")) << over;
}

}  // namespace
namespace {

// The boat trips of the fixture `puffin` (tests/dialogues/answers.json).
core::Agent BoatTripsAgent() {
  return AgentKnowing(
      "Puffin Point Boat Trips",
      {{"How long is the seal trip and how much does it cost?",
        "The Seal Safari visits the grey seal colony near Saltwick Bay, lasts 90 minutes and costs "
        "£22 per adult."},
       {"When can I see puffins and how much is the puffin trip?",
        "The Puffin Cruise runs from April to July to the seabird cliffs south of Whitby, lasts 3 "
        "hours and costs £38 per adult."},
       {"Do you do a short sightseeing trip around the harbour?",
        "Our Harbour & Abbey trip is a 40-minute sightseeing cruise past the abbey and the piers, "
        "costing £12 per adult, with departures every hour from 11am to 5pm."},
       {"How much are children's tickets?",
        "Children aged 4 to 15 pay half price (50% off the adult fare) on every trip, and under-4s "
        "sail free."},
       {"Do you have family tickets?",
        "Our family ticket covers 2 adults and 2 children and costs £58 on the Seal Safari or £99 "
        "on the Puffin Cruise."},
       {"Can I bring my dog?",
        "Dogs on a lead are welcome on the Seal Safari and the Harbour & Abbey trip for £6 each, "
        "but not on the Puffin Cruise because of the nesting birds."},
       {"I get seasick - any advice?",
        "If you're prone to seasickness, take a tablet about 60 minutes before sailing and sit on "
        "the lower deck towards the back, where the boat moves least."},
       {"What happens if a trip is cancelled because of bad weather?",
        "If the skipper cancels a trip for bad weather, we text you by 7am on the day and you can "
        "choose a full refund or a free rebooking onto another sailing."},
       {"Can I cancel my booking and get a refund?",
        "If you cancel up to 48 hours before sailing we refund you minus a £10 admin fee; after "
        "that, tickets are non-refundable."},
       {"Is the boat wheelchair accessible?",
        "Our boat, the Kittiwake, has a step-free boarding ramp and takes wheelchairs up to 70cm "
        "wide, and carers sail free of charge."},
       {"Where do we board the boat?",
        "Board at Pontoon 14 on Pier Road, next to the fish market, and please arrive 20 minutes "
        "before your sailing time."},
       {"Where can I park?",
        "The nearest parking is the Marina Car Park, 400 metres from the pontoon, which charges £9 "
        "for the whole day."},
       {"Is there shelter on the boat if it rains?",
        "The Kittiwake carries up to 36 passengers and has a covered lower deck with seating for "
        "24, so you stay dry if it rains."}});
}

// A mobility hire shop's agent (round AD's scootabout), with its fifteen entries.
core::Agent MobilityHire() {
  core::Agent a = AgentKnowing(
      "Scootabout Mobility Hire",
      {
          {"How much does it cost to hire a mobility scooter for a day?",
           "A compact boot scooter costs £27 a day and a larger road scooter costs £38 a day, each "
           "with a shopping basket included. A hire day runs from collection until 5pm."},
          {"How much is weekly scooter hire?",
           "Weekly hire covers 7 consecutive days and costs £115 for a boot scooter or £165 for a "
           "road scooter."},
          {"Do you hire wheelchairs?",
           "Yes, manual wheelchairs cost £9 a day or £42 a week, and electric powerchairs cost £34 "
           "a day or £145 a week."},
          {"Can you deliver to my hotel?",
           "We deliver to and collect from any hotel, B&B, guest house or holiday park within 6 "
           "miles of the shop for £18 each way. Delivery and collection are free on all weekly "
           "hires."},
          {"What are your opening hours?",
           "We are open Monday to Saturday from 8:30am to 5:30pm. On Sundays we open 10am to 4pm "
           "from Easter to October and are closed on Sundays from November to March."},
          {"How do I book and is there a deposit?",
           "You can book by phone or on our website, and we take a refundable card deposit of £150 "
           "for a scooter or powerchair, or £50 for a manual wheelchair. The deposit is released "
           "within 3 working days of the equipment coming back undamaged."},
          {"What is your cancellation policy?",
           "You can cancel free of charge up to 48 hours before your hire starts. Later "
           "cancellations are charged a £20 fee, and if you don't turn up you lose the first day's "
           "hire."},
          {"Do you give training on how to use a scooter?",
           "Every hirer gets a free 20-minute training session at handover covering controls, "
           "speed settings and kerbs. Nervous or first-time riders can also book a 45-minute "
           "practice session on our quiet courtyard course for £12."},
          {"How far will a scooter go on one charge?",
           "A fully charged boot scooter travels about 10 miles and a road scooter about 22 miles "
           "on the flat. A full recharge from an ordinary household plug takes around 8 hours, and "
           "we supply the charger."},
          {"Is insurance included?",
           "Every hire includes third-party liability insurance up to £2 million. Optional damage "
           "cover costs £6 a day and limits what you pay for accidental damage to the equipment to "
           "£40."},
          {"Are there age, weight or health rules for hiring?",
           "Scooter riders must be 16 or over, and anyone under 18 needs a parent or guardian to "
           "sign the hire agreement. Our scooters are rated for riders up to 23 stone, and you "
           "must be able to sit upright and steer with both hands."},
          {"What do I need to bring when I collect?",
           "Please bring photo ID, a debit or credit card for the deposit, and proof of your "
           "holiday address such as a hotel booking confirmation."},
          {"Where are you and can I park?",
           "We are at 14 Brunswick Terrace, about 200 metres along the seafront from the Jubilee "
           "Clock. There are 2 disabled bays right outside the shop, and the Swannery "
           "pay-and-display car park is a 5-minute walk away."},
          {"What if my hire scooter breaks down, and do you repair scooters?",
           "If a hired scooter breaks down, ring our breakdown line and we will reach you within "
           "90 minutes with a repair or a free replacement. We also repair customers' own scooters "
           "and wheelchairs, with workshop labour charged at £35 an hour plus parts."},
          {"Do you sell scooters?",
           "We sell new scooters and ex-hire boot scooters from £395, all with a 6-month warranty. "
           "If you buy within 30 days of hiring from us, we take up to £100 of your hire cost off "
           "the price."},
      });
  a.name = "Dot";
  a.company_info =
      "Scootabout Mobility Hire rents mobility scooters, manual wheelchairs and electric "
      "powerchairs by the day or week, and also repairs and sells scooters. We are a family-run "
      "shop at 14 Brunswick Terrace on the seafront in Weymouth, Dorset.";
  return a;
}

TEST(LocalResponderAnswersTest, WhatToBringIsAskedWithBringAlone) {
  // "bring" is a stop word; the entry whose question asks what to bring answers.
  for (const char* asked : {"what should i bring", "do i need to bring anything",
                            "What I must bring with me when I come to take it?"}) {
    const std::string reply = FirstReply(MobilityHire(), asked);
    EXPECT_TRUE(Has(reply, "photo ID")) << asked << ": " << reply;
  }
  // Bringing a thing of one's own asks about that thing.
  EXPECT_FALSE(Has(FirstReply(MobilityHire(), "what if we bring both dogs"), "photo ID"));
}

TEST(LocalResponderAnswersTest, AFollowUpWordOnePassageHoldsIsNotTheLastAnswerAgain) {
  Dialogue d(MobilityHire());
  d.Say(
      "so me and the wife are bringing my dad down to weymouth for a week in august, hes 84 "
      "and since his stroke he cant walk much further than the end of the road. were staying "
      "at a hotel on the front. how much wud a scooter be for the whole week");
  const std::string drop =
      d.Say("can u drop it at the hotel or do we have to come get it ourselves",
            Nlu("purchase", ""))
          .text;
  ASSERT_TRUE(Has(drop, "6 miles")) << drop;
  const std::string range =
      d.Say(
           "how far will it go b4 it runs out, he'll want to go to the harbour and back most "
           "days. and how long does it take to charge overnight")
          .text;
  EXPECT_TRUE(Has(range, "10 miles")) << range;
  EXPECT_TRUE(Has(range, "8 hours")) << range;
  EXPECT_FALSE(Has(range, "6 miles")) << range;
  // People covered are insured; one who never rode is shown the ropes by training.
  const std::string covered =
      d.Say("what happens if he knocks into someone or scratches it, are we covered for that").text;
  EXPECT_TRUE(Has(covered, "£2 million")) << covered;
  const std::string ropes =
      d.Say("hubby's never been on one b4, is there someone to show him the ropes").text;
  EXPECT_TRUE(Has(ropes, "20-minute training")) << ropes;
}

// A physiotherapy clinic's agent (round AD's bendwell), with its fifteen entries.
core::Agent PhysioClinic() {
  core::Agent a = AgentKnowing(
      "Bendwell Physio & Sports Massage",
      {
          {"How much is a first assessment and what does it include?",
           "Your initial physiotherapy assessment lasts 50 minutes and costs £64. It includes a "
           "full examination, a diagnosis, your first treatment and a home exercise plan sent to "
           "your phone."},
          {"How much are follow-up physio sessions?",
           "Follow-up physiotherapy sessions last 35 minutes and cost £47 each."},
          {"Do you offer sports massage and what does it cost?",
           "Yes, sports massage costs £38 for 30 minutes or £55 for 60 minutes. It is available to "
           "anyone, with no assessment needed first."},
          {"Do you do acupuncture or dry needling?",
           "Our 3 AACP-registered physiotherapists offer acupuncture and dry needling, either "
           "added to a follow-up session for £8 extra or as a standalone 20-minute session for "
           "£29. We can't offer needling during the first 12 weeks of pregnancy."},
          {"Do you run pilates rehab classes?",
           "Our pilates rehab classes run as 6-week courses of one 55-minute class a week for £81, "
           "with no more than 7 people per class. Classes are on Wednesdays at 6:45pm and "
           "Saturdays at 10:15am, and you need a one-to-one assessment with us before joining."},
          {"Do you do home visits?",
           "Home visits cost £95 for a 45-minute session and are available to anyone living within "
           "8 miles of the clinic."},
          {"Can I use my private health insurance?",
           "We bill Bupa and AXA Health directly, and we are recognised by Aviva and Vitality, "
           "whose members pay us and claim the money back. You need a pre-authorisation code from "
           "your insurer before your first session, and you don't need a GP referral unless your "
           "insurer asks for one."},
          {"What are your opening hours?",
           "We are open Monday to Thursday from 7:30am to 8:30pm, Friday from 7:30am to 5pm and "
           "Saturday from 8am to 12:30pm. We are closed on Sundays and bank holidays."},
          {"How do I book and is there a deposit?",
           "You can book online through our website or by phoning reception. New patients pay a "
           "£20 deposit when booking, which is taken off the assessment fee on the day."},
          {"What is your cancellation policy?",
           "You can cancel or rearrange free of charge with at least 48 hours' notice. "
           "Cancellations with less than 48 hours' notice are charged £25, and missed appointments "
           "are charged the full session fee."},
          {"Where are you and is there parking?",
           "We have 3 free patient parking spaces in the courtyard at Weavers Court. If they are "
           "full, the Market Yard car park is a 4-minute walk away and costs £1.80 an hour."},
          {"Do you treat children?",
           "We treat children from age 10, and anyone under 16 must have a parent or guardian with "
           "them in the treatment room. Our pilates rehab classes are for adults aged 16 and "
           "over."},
          {"What should I wear or bring to my first appointment?",
           "Please wear or bring shorts or loose tracksuit bottoms, plus a vest top if we are "
           "looking at your neck, shoulder or back. Bring a list of any medication and any scan or "
           "X-ray reports, and arrive 10 minutes early to fill in a health questionnaire."},
          {"Do you offer packages or discounts?",
           "You can buy a block of 4 follow-up sessions for £172, which saves £16 compared with "
           "paying separately. The block must be used within 3 months of purchase."},
          {"How do I pay?",
           "You pay at the end of each session by card, contactless or cash. For home visits you "
           "can pay on the physio's portable card reader or by bank transfer within 7 days."},
      });
  a.name = "Tamsin";
  a.company_info =
      "Bendwell Physio & Sports Massage is an independent physiotherapy, sports massage and "
      "pilates rehab clinic. It is based at 14 Weavers Court, off Vicarage Street in Frome town "
      "centre, Somerset.";
  return a;
}

TEST(LocalResponderAnswersTest, WhetherAChildMayComeAskedAsAStatementIsTheirAgesRule) {
  // A learner of English asks as a statement, with a word the knowledge never uses ("school").
  const std::string reply = FirstReply(PhysioClinic(),
                                       "sorry my english not perfect. he is 13, he can come alone "
                                       "after school or i must come also?");
  EXPECT_TRUE(Has(reply, "parent or guardian")) << reply;
  EXPECT_FALSE(Has(reply, "£29")) << reply;
  // Thanks after a word of delight, and a plan, is a thanks.
  const std::string thanks =
      FirstReply(PhysioClinic(), "aw brilliant thank u so much, will book a tues morning x");
  EXPECT_TRUE(Has(thanks, "welcome")) << thanks;
}

// An axe-throwing bar's agent (round AD's axehaus), with its fifteen entries.
core::Agent AxeBar() {
  core::Agent a = AgentKnowing(
      "Axehaus",
      {
          {"How much does axe throwing cost?",
           "A 60-minute axe-throwing session costs £24 per person on Wednesdays, Thursdays and "
           "Sundays and £29 per person on Fridays and Saturdays. Each lane takes between 2 and 6 "
           "throwers."},
          {"Do you have darts and how much is it?",
           "Yes, we have electronic darts oches with games like Killer, Cricket and Around the "
           "Clock, and an oche costs £18 per hour for the whole oche. Up to 10 players can share "
           "one oche."},
          {"Do you do stag and hen packages?",
           "Our Stag & Hen Smash package costs £45 per person and includes 90 minutes of axe "
           "throwing with your own dedicated coach, a pint or glass of prosecco and a stone-baked "
           "pizza each. It is for groups of 8 to 30 people."},
          {"Can we hire the whole venue privately?",
           "Exclusive hire of the whole venue costs £1,150 for 3 hours for up to 70 guests, "
           "including all lanes, oches and coaches. Private hire is available on Mondays and "
           "Tuesdays, when we are closed to the public."},
          {"What are your opening hours?",
           "We are open Wednesday and Thursday 4pm to 11pm, Friday 3pm to midnight, Saturday 11am "
           "to midnight and Sunday noon to 8pm. We are closed to the public on Mondays and "
           "Tuesdays."},
          {"How do I book and do I need to pay a deposit?",
           "You can book online or by phone, and bookings for fewer than 8 people are paid in full "
           "when you book. Groups of 8 or more pay a non-refundable deposit of £10 per person at "
           "booking and the balance on the day."},
          {"What is your cancellation policy?",
           "You can cancel or change your booking free of charge with at least 72 hours' notice. "
           "Inside 72 hours we can't give a refund, but you can move your booking once to another "
           "date within 28 days for a £5 admin fee."},
          {"Is there a minimum age?",
           "Axe throwers must be at least 12 years old, and anyone aged 12 to 17 must have a "
           "paying adult throwing in the same lane. Under-18s are welcome until 7pm, after which "
           "the venue is strictly 18 and over."},
          {"Are there any health or accessibility restrictions?",
           "For safety, we can't let anyone who is pregnant throw axes, but they are very welcome "
           "to play darts. The venue is step-free with an accessible toilet, and wheelchair users "
           "can throw axes from a seated position."},
          {"What are the rules on alcohol?",
           "Drinks must stay at the bar tables and are never allowed in the throwing lanes, and "
           "you can't bring your own alcohol. Anyone who seems drunk will not be allowed to throw "
           "and won't be refunded, and we operate Challenge 25 at the bar."},
          {"What should I wear and bring?",
           "Closed-toe, flat shoes are compulsory in the lanes, so no sandals, sliders, flip-flops "
           "or heels; if you forget, we loan trainers in sizes 5 to 11 for £2. Please arrive 15 "
           "minutes before your slot so you can sign the safety waiver."},
          {"Do you teach beginners or offer coaching?",
           "Every session starts with a 10-minute safety briefing and a coach stays with your lane "
           "throughout, so complete beginners are fine. We also offer one-to-one coaching at £35 "
           "for 45 minutes for anyone wanting to improve their technique."},
          {"Where are you and is there parking?",
           "We are at Unit 4, Green Lane Works, Kelham Island, Sheffield, an 11-minute walk from "
           "Sheffield station and a 4-minute walk from Shalesmoor tram stop. Our own car park has "
           "14 spaces, costing £1.50 per hour before 6pm and free after 6pm."},
          {"Do you serve food and can we bring our own?",
           "Our kitchen serves stone-baked pizzas priced from £9 to £13, with vegan and "
           "gluten-free bases available. Outside food isn't allowed, except birthday or "
           "celebration cakes, which you can bring free of charge."},
          {"Do you do teenage birthday parties?",
           "Teen parties for ages 12 to 17 cost £19 per head and include 50 minutes of axe "
           "throwing, a pizza and a soft drink each, for a minimum of 5 teens. They run on "
           "Saturdays and Sundays before 5pm, and supervising adults go free."},
      });
  a.name = "Jodie";
  a.company_info =
      "Axehaus is an axe-throwing and darts bar with 8 throwing lanes, electronic darts oches and "
      "a craft beer bar. It is based in a converted steelworks at Unit 4, Green Lane Works, Kelham "
      "Island, Sheffield.";
  return a;
}

TEST(LocalResponderAnswersTest, APricePerHeadAfterAPartIsThatPartsPrice) {
  const std::string stags = FirstReply(
      AxeBar(),
      "theres about 12 of us going, mostly lads off his rugby team. wat do u do for stags and hows "
      "much per head");
  EXPECT_TRUE(Has(stags, "£45")) << stags;
  EXPECT_FALSE(Has(stags, "£24")) << stags;
}

TEST(LocalResponderAnswersTest, AQuestionBesideTheHoursIsAnsweredToo) {
  core::Agent cafe = AgentKnowing(
      "The Glaze Cafe",
      {
          {"How much does it cost to paint a piece of pottery?",
           "Everyone who paints pays a £5 studio fee, which covers up to 2 hours at the table plus "
           "all paints, brushes, glazing and kiln firing. On top of that you pay for your chosen "
           "piece, from £9 for a small trinket dish up to £38 for a large serving platter, with "
           "mugs at £16."},
          {"When can I collect my finished pottery?",
           "After your visit we glaze and fire your piece in our kiln, and it is ready to collect "
           "7 days later; we send you a text when it is ready. Uncollected pieces are kept for 8 "
           "weeks and then donated to a local charity shop."},
          {"What are your opening hours?",
           "We are open Tuesday to Saturday from 9:30am to 5pm and on Sundays from 11am to 4pm, "
           "and we are closed on Mondays except during school holidays. The last new painters are "
           "seated 1 hour before closing."},
          {"Do I need to book?",
           "Walk-ins are welcome for groups of up to 4 people, but tables of 5 or more must be "
           "booked online with a £10 deposit per person, which is taken off the bill on the day."},
          {"What is your cancellation policy?",
           "Deposits are refunded in full if you cancel at least 48 hours before your booking. "
           "With less notice the deposit is kept, although you can move your booking to another "
           "date once free of charge."},
          {"Do you do children's parties?",
           "Kids' parties cost £17.50 per child and last 90 minutes, for 8 to 16 children aged 4 "
           "and over, including a plate, mug or animal figurine to paint, squash and a party bag. "
           "A non-refundable £40 deposit secures the date."},
          {"Do you do baby hand and footprints?",
           "Baby hand and footprint keepsakes cost £29 on a tile or £34 on a plate, and one of our "
           "staff takes the prints for you in a 30-minute slot. They are ready to collect 3 weeks "
           "later, because we add the baby's name and date and fire them twice."},
          {"Do you run adult evening sessions?",
           "Our adults-only evening sessions run every Thursday and Friday from 7pm to 9:30pm and "
           "cost £24 per person, including a mug or side plate to paint and a bowl of nibbles. You "
           "are welcome to bring your own wine, beer or prosecco with no corkage charge, and "
           "everyone must be 18 or over."},
          {"Can we hire the studio for a group?",
           "Groups of 12 to 30 people can hire the whole studio exclusively on Saturday evenings "
           "from 6pm to 9pm for a £150 hire fee, plus the pieces each guest paints. A £75 deposit "
           "confirms the booking, and private hire is popular for hen parties and work socials."},
          {"Are the finished pieces food-safe?",
           "All our glazes are lead-free and food-safe once fired, so plates, bowls and mugs can "
           "be used for food and drink and washed in the dishwasher. Pieces decorated with our "
           "gold lustre paint are for display only and must not go in the microwave or "
           "dishwasher."},
          {"Where are you and where can I park?",
           "We are at 12 Tanners Row in Ludlow, two doors down from the library. The nearest "
           "parking is the Weir Lane pay-and-display car park, a 4-minute walk away, which costs "
           "£3.20 for up to 3 hours."},
          {"Can young children paint?",
           "Children of any age are welcome to paint during the day, but under-8s must have an "
           "adult sitting with them at the table. Adults who only watch and do not paint pay no "
           "studio fee."},
          {"What should I bring or wear?",
           "You don't need to bring anything, as we provide aprons, brushes, sponges, stencils and "
           "design books, but wear clothes you don't mind getting paint on. If you have a "
           "particular design in mind, bring a photo or printout and our staff will help you trace "
           "it onto your piece."},
          {"Can I paint at home?",
           "Our take-home painting kits cost £19 and include a bisque piece, 6 paint colours and 2 "
           "brushes. Bring the painted piece back within 4 weeks and we will glaze and fire it at "
           "no extra cost."},
          {"Are the paints safe, and do you cater for allergies?",
           "Our paints are water-based, non-toxic and meet the EN71 toy safety standard, so they "
           "are safe on babies' skin and wash off with warm water. Our cafe kitchen does use nuts, "
           "so we cannot guarantee that any of our cakes or snacks are nut-free."},
      });
  cafe.company_info =
      "The Glaze Cafe is a paint-your-own-pottery studio and cafe at 12 Tanners Row in Ludlow, "
      "Shropshire. We welcome drop-in painters, kids' parties, baby keepsake sessions, private "
      "groups and adults-only BYOB evenings.";
  const std::string reply = FirstReply(
      cafe, "what time u open sunday and how much is it for the kids to paint something small");
  EXPECT_TRUE(Has(reply, "11am")) << reply;
  EXPECT_TRUE(Has(reply, "£9")) << reply;
}

TEST(LocalResponderAnswersTest, ATimeOfDayPicksThePriceWhoseHoursHoldIt) {
  const core::Agent locksmith = AgentKnowing(
      "LockSafe",
      {{"How much is a daytime call-out for a lockout?",
        "A call-out between 8am and 6pm costs £69, which includes getting you back in and the "
        "first 30 minutes on site."},
       {"What do you charge at night?", "Call-outs between 6pm and 8am cost £109."},
       {"How do bookings and deposits work?",
        "Planned jobs such as lock upgrades need a £30 deposit that comes off the final bill."}});
  const std::string night =
      FirstReply(locksmith, "its tuesday about 11pm, how much for someone to come out now");
  EXPECT_TRUE(Has(night, "£109")) << night;
  EXPECT_FALSE(Has(night, "£69")) << night;
  const std::string day = FirstReply(locksmith, "how much is a call out at 2pm");
  EXPECT_TRUE(Has(day, "£69")) << day;
  EXPECT_FALSE(Has(day, "£109")) << day;
}

TEST(LocalResponderAnswersTest, AGroupCountedAloneAsksThePriceJustGiven) {
  Dialogue d(MobilityHire());
  EXPECT_TRUE(Has(d.Say("how much is weekly scooter hire").text, "\u00a3115"));
  const std::string four = d.Say("and for all 4 of us?").text;
  EXPECT_TRUE(Has(four, "\u00a3115")) << four;
  EXPECT_FALSE(Has(four, "don't have")) << four;
  // A count in words asks it too.
  Dialogue words(MobilityHire());
  EXPECT_TRUE(Has(words.Say("how much is weekly scooter hire").text, "\u00a3115"));
  const std::string in_words = words.Say("and for four?").text;
  EXPECT_TRUE(Has(in_words, "\u00a3115")) << in_words;
}

TEST(LocalResponderAnswersTest, TheClauseThatPricesTheThingNamedIsSaidAlone) {
  const std::string one_day =
      FirstReply(MobilityHire(),
                 "ok sorry, my english is not so good. the electric wheelchair for one day, "
                 "how much please?");
  EXPECT_TRUE(Has(one_day, "\u00a334")) << one_day;
  EXPECT_FALSE(Has(one_day, "\u00a39 ")) << one_day;
  // Both asked for: both said.
  const std::string both = FirstReply(MobilityHire(), "how much are your wheelchairs");
  EXPECT_TRUE(Has(both, "\u00a39 ") && Has(both, "\u00a334")) << both;
}

// A marquee hire firm's agent (round AF's canopyco), with five of its entries.
core::Agent MarqueeHire() {
  return AgentKnowing(
      "Canopy & Co Marquees",
      {
          {"Do you hire small tents for fetes and stalls?",
           "Our 3m x 6m fete tents cost \u00a3135 each per day, delivered and put up by our crew, "
           "and each one holds 2 trestle stalls. Schools, churches and registered charities get "
           "15% off when they book 3 or more."},
          {"How much are tables and chairs?",
           "Round banqueting tables that seat 10 cost \u00a311 each, white folding chairs are "
           "\u00a32.40 each, and cross-back wooden chairs are \u00a35.75 each."},
          {"Where are you and do you deliver?",
           "Our yard and showroom are at Unit 7, Bromfield Road Industrial Estate, Ludlow, with "
           "free parking for 10 cars outside the door. Delivery is free within 30 miles of Ludlow "
           "and costs \u00a31.90 per mile beyond that."},
          {"How should I prepare the site?",
           "You need a reasonably flat lawn with 2 metres of clear space all round the marquee. "
           "Please tell us where any underground pipes, cables or septic tanks are."},
          {"Are there any safety or age rules?",
           "Children under 12 must be kept away from the site while our crew is building or taking "
           "down, and nobody may climb the frame. The person who signs the hire agreement must be "
           "21 or over."},
      });
}

TEST(LocalResponderAnswersTest, AgesGivenAsARangeAreNoCountToCheck) {
  Dialogue d(MarqueeHire());
  EXPECT_TRUE(Has(d.Say("we need maybe 6 small tents for the stalls, what is the price").text,
                  "\u00a3135"));
  // "3 or more" is a count limit; "7 or 8 years" are ages, and the question is another.
  const std::string near = d.Say(
                                "i am a bit afraid for the children, they will run everywhere and "
                                "some are only 7 or 8 years. is it ok for them to be near when "
                                "your men build the tents?")
                               .text;
  EXPECT_TRUE(Has(near, "under 12")) << near;
  EXPECT_FALSE(Has(near, "\u00a3135")) << near;
}

TEST(LocalResponderAnswersTest, WhatToDoToTheFieldIsHowToPrepareTheSite) {
  const std::string field =
      FirstReply(MarqueeHire(), "do we need to do anything to the field b4 you turn up");
  EXPECT_TRUE(Has(field, "flat lawn")) << field;
  EXPECT_FALSE(Has(field, "\u00a31.90")) << field;
  // Parking is the car park, not the price of delivery beside it.
  const std::string parking = FirstReply(MarqueeHire(), "and whats parking like there");
  EXPECT_TRUE(Has(parking, "10 cars")) << parking;
  EXPECT_FALSE(Has(parking, "\u00a31.90")) << parking;
}

// An archery centre's agent (round AF's arrowfield), with two of its entries.
core::Agent Archery() {
  return AgentKnowing(
      "Arrowfield Archery",
      {
          {"How much is club membership?",
           "Club membership costs \u00a326 a month or \u00a3275 a year for adults, and \u00a313 a "
           "month for under-18s."},
          {"Is there a minimum age?",
           "Have-a-go sessions are for ages 8 and over and beginners' courses for ages 11 and "
           "over. "
           "Anyone under 16 needs a parent or guardian on site for the whole visit."},
      });
}

// A honey farm's agent (round AF's honeycomb), with three of its entries.
core::Agent HoneyFarm() {
  return AgentKnowing(
      "Heatherbell Honey Farm",
      {
          {"How much is the Meet the Bees taster experience?",
           "Meet the Bees is a 2-hour taster session costing \u00a345 per person, in which you "
           "open a live hive with one of our beekeepers."},
          {"Are there age limits?",
           "Children aged 8 and over can join Meet the Bees with a paying adult."},
          {"What should I wear?",
           "We lend you a bee suit in sizes from children's up to 3XL; please wear long "
           "trousers."},
      });
}

TEST(LocalResponderAnswersTest, StayingByAChildAsksWhoMustBeOnSite) {
  Dialogue d(Archery());
  EXPECT_TRUE(Has(d.Say("my son is 13, how much is it a month for juniors").text, "\u00a313"));
  const std::string stay =
      d.Say("do i have to hang around while hes there or can i drop him off").text;
  EXPECT_TRUE(Has(stay, "guardian")) << stay;
}

TEST(LocalResponderAnswersTest, WhetherAChildMayComeIsTheLimitThatLeavesThemOut) {
  // No bracket holds 7: the one that leaves the child out says they may not.
  const std::string seven = FirstReply(HoneyFarm(), "my son is 7, can he come with the bees?");
  EXPECT_TRUE(Has(seven, "8 and over")) << seven;
  const std::string both = FirstReply(
      HoneyFarm(), "the children are 7 and 10 years, can both of them come with the bees?");
  EXPECT_TRUE(Has(both, "8 and over")) << both;
}

core::Agent Paintball() {
  return AgentKnowing(
      "Splatzone Paintball & Laser Tag",
      {
          {"How much does paintball cost?",
           "A half-day paintball session lasts 3 hours and costs \u00a332 per person including 150 "
           "paintballs. A full day runs from 9:30am to 4pm and costs \u00a347 per person with 300 "
           "paintballs and a hot lunch."},
          {"Can I buy more paintballs on the day?",
           "Extra paintballs cost \u00a38 per 100 and can be bought from the kit hut at any point "
           "during the day by card or cash."},
          {"Do you do kids' birthday parties?",
           "Kids' laser tag parties cost \u00a321 per child for 2 hours, including a private party "
           "hut, hot dogs and squash. Parties need at least 6 children and can take a maximum of "
           "20."},
          {"What are the age limits?",
           "Laser tag is for ages 7 and over and paintball is for ages 12 and over. Anyone under "
           "18 needs a parent or guardian to sign the safety waiver on the day."},
          {"What happens if the weather is bad?",
           "We play in rain, mud and even snow, and only call off sessions for thunderstorms or "
           "winds above 45mph. If we cancel because of the weather you can choose a free new date "
           "or a full refund of your deposit."},
          {"What should I wear and bring?",
           "Wear old clothes you don't mind getting muddy and sturdy boots or trainers with good "
           "grip. We provide a full-face mask, camouflage overalls and a padded chest protector, "
           "and lockers are available for \u00a32."},
          {"Where are you and is there parking?",
           "Splatzone is in Hollins Wood, about 3 miles south of Ashby-de-la-Zouch off the B5006, "
           "and is signposted with brown signs. There is a free car park for 60 cars, a 5-minute "
           "walk from base camp."},
          {"Are there any health restrictions?",
           "If you have asthma, a heart condition or a recent injury, please tell the marshal at "
           "the safety briefing and bring any inhaler or medication with you. We can't let anyone "
           "who is pregnant play paintball or laser tag, and paintball hits can leave bruises that "
           "usually fade within a week."},
          {"Is there food on site?",
           "Our caf\u00e9 cabin sells bacon rolls for \u00a34.50 and burgers for \u00a36.50, and "
           "you are welcome to bring a packed lunch to eat in the picnic area."},
          {"Can friends or parents come and watch?",
           "Friends and parents who aren't playing can watch for free from the viewing platform "
           "overlooking the Fort zone, but they must stay behind the safety netting."},
      });
}

core::Agent TreeSurgeon() {
  return AgentKnowing(
      "Boughline Tree Care",
      {
          {"How much does it cost to fell a tree?",
           "Felling a small tree under 6 metres tall starts at \u00a3165, trees between 6 and 12 "
           "metres start at \u00a3420, and anything taller is priced after a site visit. If you "
           "want to keep the wood, we cut it into logs and stack it for you free of charge."},
          {"How much is pruning or a crown reduction?",
           "Crown reductions and crown thinning start at \u00a3240 per tree, and removing deadwood "
           "only starts at \u00a3130 per tree. The final price depends on the size of the tree and "
           "how easy it is to reach."},
          {"How much is hedge cutting?",
           "Hedge cutting is charged at \u00a362 per hour for a two-person crew, with a minimum "
           "charge of \u00a388 per visit. All clippings are cleared and taken away in the price."},
          {"Do you do emergency storm call-outs?",
           "Our emergency line runs 24 hours a day, 7 days a week, and we aim to have a crew on "
           "site within 3 hours anywhere in Ryedale. Emergency work costs a \u00a3150 call-out fee "
           "plus \u00a3110 per crew hour."},
          {"What do I need to do before you arrive?",
           "Please move cars, garden furniture and plant pots at least 4 metres away from the work "
           "area the night before and leave any side gates unlocked. You don't need to be at home "
           "while we work, as long as we can get in."},
          {"Can you cut hedges during bird nesting season?",
           "Between 1 March and 31 August we check every hedge and tree for nesting birds before "
           "cutting. If we find an active nest we leave that section alone until the chicks have "
           "fledged, as the law requires."},
      });
}

core::Agent Gymnastics() {
  return AgentKnowing(
      "Tumblers Gymnastics Club",
      {
          {"Do you have classes for toddlers and pre-schoolers?",
           "Our Tiny Tumblers pre-school classes are for ages 18 months to 4 years, run on Tuesday "
           "and Thursday mornings at 9:30am and 10:45am, and cost \u00a38.50 per 45-minute "
           "session, paid by the half term. A parent or carer stays and joins in on the floor with "
           "their child."},
          {"How much are your after-school gymnastics classes?",
           "Our recreational gymnastics classes for ages 5 to 12 run once a week after school or "
           "on Saturdays, last 60 minutes and cost \u00a336 a month by direct debit."},
          {"Do you run holiday camps?",
           "Holiday camps run in every school holiday except Christmas for ages 5 to 11, from 9am "
           "to 3pm, and cost \u00a332 a day or \u00a3140 for a full 5-day week."},
          {"Is there early drop-off at camp and what do children need to bring?",
           "Early drop-off from 8am is available at camps for \u00a35 per child per day. Children "
           "need a packed lunch, two snacks and a named water bottle, and all lunches must be "
           "nut-free."},
          {"How do your birthday parties work and what do they cost?",
           "Parties last 90 minutes: one hour in the gym with 2 coaches followed by 30 minutes in "
           "our party room. They cost \u00a3195 for up to 20 children, plus \u00a36 for each extra "
           "child up to a maximum of 28."},
          {"How do I book a party and do you provide food?",
           "A \u00a360 non-refundable deposit secures your party date and the balance is due 10 "
           "days before the party. Food and birthday cake are not included, so you bring your own, "
           "and the party room is a nut-free zone."},
          {"How do I cancel classes and what happens if my child misses one?",
           "To stop monthly classes we need one calendar month's notice in writing. Missed classes "
           "are not refunded, but you can book one free make-up class per half term."},
          {"Can my child come if they have been ill or injured?",
           "Children who have had a fever, vomiting or diarrhoea must stay at home until 48 hours "
           "after their last symptoms. Please tell the coach before the session about any recent "
           "injury, asthma or other medical condition."},
          {"Are your coaches qualified and how many children are in a group?",
           "All 11 of our coaches hold British Gymnastics coaching qualifications, are DBS checked "
           "and first-aid trained. We keep to one coach for every 8 children in our classes."},
      });
}

TEST(LocalResponderAnswersTest, AChildTooYoungIsToldTheAgesThoughThePartNamesNone) {
  // "allowed to play" finds the café ("welcome to bring"); "age" finds the limits.
  const std::string six = FirstReply(Paintball(), "she is 6, is she allowed to play");
  EXPECT_TRUE(Has(six, "ages 7 and over")) << six;
  EXPECT_FALSE(Has(six, "\u00a34.50")) << six;
  // A little sis is someone whose age is given.
  const std::string sis = FirstReply(
      Paintball(),
      "his little sis is only 6 and will be absolutely gutted if she has to sit it out, is she "
      "allowed to play");
  EXPECT_TRUE(Has(sis, "ages 7 and over")) << sis;
}

TEST(LocalResponderAnswersTest, WhetherTheyCanAllComeChecksTheCount) {
  Dialogue d(Paintball());
  d.Say("how much is a kids laser tag party per kid");
  const std::string all = d.Say("theres 26 in his class tho, can they all come").text;
  EXPECT_TRUE(Has(all, "maximum of 20")) << all;
}

TEST(LocalResponderAnswersTest, ACountIsCheckedAgainstAnyPassageOfTheLastReply) {
  // The last reply said the booking first and the party's limits after it.
  Dialogue d(Gymnastics());
  const std::string first =
      d.Say(
           "Hello, I'm looking into a party for my son's 6th birthday in June. What do you "
           "include and what's the cost?")
          .text;
  ASSERT_TRUE(Has(first, "up to 20 children")) << first;
  const std::string count =
      d.Say("hes invited his whole class so prob about 25 kids, is that ok").text;
  EXPECT_TRUE(Has(count, "\u00a36 for each extra child")) << count;
}

TEST(LocalResponderAnswersTest, TheItemsClauseIsSaidWhenTheOtherQuestionPointsBackAtIt) {
  const std::string half =
      FirstReply(Paintball(), "how much is the half day paintball and how long does it last");
  EXPECT_TRUE(Has(half, "\u00a332")) << half;
  EXPECT_FALSE(Has(half, "\u00a347")) << half;
}

TEST(LocalResponderAnswersTest, RunningOutAsksForMoreAndBadWeatherIsRubbish) {
  Dialogue d(Paintball());
  d.Say("how much does a full day of paintball cost");
  const std::string more = d.Say("and wat if the lads run out").text;
  EXPECT_TRUE(Has(more, "\u00a38 per 100")) << more;
  const std::string weather =
      FirstReply(Paintball(), "wat happens if the weathers rubbish on the day");
  EXPECT_TRUE(Has(weather, "thunderstorms")) << weather;
}

TEST(LocalResponderAnswersTest, ATreeThatHasToComeDownIsFelled) {
  Dialogue d(TreeSurgeon());
  d.Say("do u do emergency call outs and how fast can someone get here");
  const std::string money = d.Say("ok wat sort of money are we talking for that").text;
  EXPECT_TRUE(Has(money, "\u00a3150")) << money;
  const std::string down =
      d.Say("and if it turns out the whole thing has to come down? its about 10m tall").text;
  EXPECT_TRUE(Has(down, "\u00a3420")) << down;
  const std::string home =
      FirstReply(TreeSurgeon(), "do we have to be in for it? we both work full time");
  EXPECT_TRUE(Has(home, "at home")) << home;
}

TEST(LocalResponderAnswersTest, ATemperatureIsAFeverAndAMissedClassIsNotLost) {
  Dialogue d(Gymnastics());
  const std::string ill = d.Say(
                               "shes had a horrible chesty cough and temp last week, on "
                               "antibiotics now and loads better, "
                               "no temperature since tuesday. would she be ok to come thurs")
                              .text;
  EXPECT_TRUE(Has(ill, "48 hours")) << ill;
  const std::string missed = d.Say("and if she misses one cos shes poorly do we just lose it").text;
  EXPECT_TRUE(Has(missed, "make-up")) << missed;
  const std::string early =
      FirstReply(Gymnastics(),
                 "i start work at the hospital at 8.15, is it possible to bring them more early");
  EXPECT_TRUE(Has(early, "from 8am")) << early;
}

core::Agent FuneralDirector() {
  return AgentKnowing(
      "Restwell Family Funeral Directors",
      {
          {"How much is a direct cremation?",
           "A direct cremation costs \u00a31,495 and includes collecting your loved one, a simple "
           "coffin, all doctors' and crematorium fees, and a cremation with no service or mourners "
           "present."},
          {"How much is a traditional funeral?",
           "Our traditional funeral costs \u00a33,950 and includes a hearse, one limousine, a "
           "veneered oak coffin, four bearers and a service at a church or at Teme Valley "
           "Crematorium. Burial plot and cemetery fees charged by the council or church are not "
           "included and are added at cost."},
          {"Can we hold a memorial service with you?",
           "A memorial service in our Willow Room chapel costs \u00a3640 for a 90-minute booking, "
           "seats up to 70 people, and includes a screen for a photo slideshow."},
          {"How much are your pre-paid funeral plans?",
           "Our Willow Cremation Plan costs \u00a32,875 and our Willow Full Funeral Plan costs "
           "\u00a34,260, both fixing today's price for the services included. You can pay in full "
           "or in monthly instalments over 12 to 60 months."},
          {"What should I do if someone dies at home?",
           "If someone dies at home, first call their GP or NHS 111 so that a doctor or nurse can "
           "confirm the death. Then ring our phone line at any time of day or night and we will "
           "usually come to collect your loved one within 2 hours."},
          {"What do I need to bring when arranging a funeral?",
           "When you come in to arrange a funeral, please bring the green certificate from the "
           "register office, your loved one's full name, date of birth and last address, and any "
           "written wishes or funeral plan paperwork. You can also bring the clothes you would "
           "like them dressed in."},
          {"Do you offer a horse-drawn or alternative hearse?",
           "A horse-drawn hearse pulled by two black Friesian horses costs an extra \u00a31,350, "
           "and a Land Rover hearse costs an extra \u00a3495. Both can be added to any funeral we "
           "arrange."},
          {"Do you arrange funerals for different faiths?",
           "We arrange Christian, Muslim, Hindu, Sikh, Jewish and humanist funerals and respect "
           "each faith's customs. Where faith requires a swift burial, we can usually arrange the "
           "funeral within 36 hours, and female staff can care for women on request."},
      });
}

core::Agent Tiler() {
  return AgentKnowing("Tilecraft Tiling & Bathrooms",
                      {
                          {"Do you do small repairs?",
                           "Yes, small repairs such as replacing cracked tiles, re-grouting or "
                           "re-sealing a shower cost \u00a395 for the visit including the first "
                           "hour, then \u00a340 for each extra hour."},
                          {"Do you need a deposit?",
                           "We take a 25% deposit to secure your start date, and the balance is "
                           "due on the day the job is finished, by bank transfer, card or cash."},
                          {"Do you guarantee your work?",
                           "All our tiling comes with a 5-year workmanship guarantee, and wet "
                           "rooms also carry a 10-year waterproofing guarantee on the tanking."},
                          {"Can I supply my own tiles?",
                           "You are welcome to supply your own tiles, as long as you order an "
                           "extra 10% for cuts and breakages. If you buy tiles from our showroom "
                           "for a job we fit, you get 15% off the tile price."},
                      });
}

TEST(LocalResponderAnswersTest, CrematedIsACremationAndAGraveIsABurialPlot) {
  const std::string cremated = FirstReply(
      FuneralDirector(),
      "she always said she wanted no fuss at all, just cremated with nobody there and no "
      "service. how much would that be");
  EXPECT_TRUE(Has(cremated, "\u00a31,495")) << cremated;
  EXPECT_FALSE(Has(cremated, "\u00a3640")) << cremated;
  Dialogue d(FuneralDirector());
  d.Say("how much is a traditional funeral");
  const std::string grave =
      d.Say("he will be buried next to my mother. the grave cost is inside this price or no?").text;
  EXPECT_TRUE(Has(grave, "not included")) << grave;
}

TEST(LocalResponderAnswersTest, ThanksTheNluReadsAsPleasedIsNoComplaint) {
  core::MessageMetadata pleased;
  pleased.sentiment = "positive";
  Dialogue d(FuneralDirector());
  d.Say("wat do i need to bring when i come in to sort it all out");
  const std::string thanks =
      d.Say("thank u so much, ur being really kind at a horrible time", pleased).text;
  EXPECT_FALSE(Has(thanks, "frustrating")) << thanks;
  EXPECT_FALSE(Has(thanks, "\u00a3")) << thanks;
  EXPECT_TRUE(Has(thanks, "welcome")) << thanks;
}

TEST(LocalResponderAnswersTest, ADepositToBookInAndAMisspeltGuaranteeAreFound) {
  const std::string deposit =
      FirstReply(Tiler(), "ok cool and wat do u need upfront to book us in");
  EXPECT_TRUE(Has(deposit, "25% deposit")) << deposit;
  const std::string leaks = FirstReply(
      Tiler(),
      "is it guarenteed against leaks? his old shower leaked right thru the kitchen ceiling a few "
      "yrs back, diff company mind");
  EXPECT_TRUE(Has(leaks, "10-year waterproofing")) << leaks;
}

core::Agent Bakery() {
  return AgentKnowing(
      "Sugarbloom Cakes",
      {
          {"How much is a wedding cake?",
           "Our wedding cakes start at \u00a3395 for a three-tier cake that serves 80 guests, and "
           "each extra tier adds \u00a3120. Every wedding cake includes a free design consultation "
           "by video call."},
          {"How much is a birthday or celebration cake?",
           "An 8-inch round celebration cake serving 20 people costs \u00a368, and a 10-inch cake "
           "serving 35 people costs \u00a394. Both come with two layers of filling and a "
           "hand-piped message."},
          {"Do you sell cupcakes?",
           "We sell decorated cupcakes in boxes of 12 for \u00a333, and you can mix up to three "
           "flavours in each box."},
          {"Do you deliver?",
           "We deliver celebration cakes within 25 miles of our studio for \u00a32 per mile, with "
           "a minimum charge of \u00a318. Wedding cakes are delivered and set up at your venue for "
           "a flat fee of \u00a365."},
          {"Can children come to a tasting?",
           "Children aged 7 and over are welcome at tastings but count towards the 3-person limit. "
           "Our limoncello and spiced rum flavours are only served to guests aged 18 or over."},
      });
}

TEST(LocalResponderAnswersTest, AndForACountTheEntryStatesAsksItsPrice) {
  Dialogue d(Bakery());
  d.Say("for 20 children what is the price of the cake");
  const std::string more = d.Say("and for 35? maybe we invite also all the class").text;
  EXPECT_TRUE(Has(more, "\u00a394")) << more;
  // A time is no count.
  Dialogue later(Bakery());
  later.Say("how much is a birthday cake");
  const std::string three = later.Say("and for 3pm?").text;
  EXPECT_FALSE(Has(three, "\u00a394")) << three;
}

// Round AI's mower workshop, farrier and ice-cream van (tests/dialogues/answers.json), in part.
core::Agent MowerWorkshop() {
  return AgentKnowing(
      "Mowright Garden Machinery",
      {{"How much is a petrol mower service?",
        "A full service for a petrol walk-behind mower costs £64 and includes an oil change, new "
        "spark plug, air filter clean and blade sharpen."},
       {"How do you charge for repairs?",
        "A diagnostic check costs £35, which is waived if you go ahead with the repair, and labour "
        "is charged at £48 per hour plus parts."},
       {"Do you guarantee your repairs?",
        "All our repairs and the parts we fit are guaranteed for 90 days, so if the same fault "
        "comes back in that time we fix it free of charge."},
       {"What is your cancellation policy?",
        "You can cancel free of charge with at least 48 hours' notice."}});
}

core::Agent Farrier() {
  return AgentKnowing(
      "Hoofline Farriery",
      {{"How much is a full set of shoes?",
        "A full set of four hot-fitted steel shoes costs £115 and takes about 75 minutes per "
        "horse."},
       {"How much are front shoes only?",
        "Front shoes only cost £78, and that price includes a trim of the two hind feet."},
       {"Do you do barefoot trims?",
        "Yes, a barefoot trim costs £42 per horse and takes around 30 minutes."},
       {"Is there a discount for several horses at one yard?",
        "When we shoe or trim 3 or more horses at the same yard on the same visit, we take £6 off "
        "the price of each horse."},
       {"What is your cancellation policy?",
        "You can cancel or move a visit free of charge with at least 48 hours' notice. Later "
        "cancellations cost £25."}});
}

core::Agent IceCreamVan() {
  core::Agent a = AgentKnowing(
      "The Scoop Van Co.",
      {{"How much does it cost to have the van at a wedding?",
        "Our wedding package costs £395 for 2 hours of service and covers up to 100 guests. Each "
        "extra hour of service costs £85."},
       {"Do you do children's parties?",
        "Yes, the children's party package costs £225 for 1 hour of service for up to 40 "
        "children."},
       {"What are your opening hours?",
        "Our bookings phone line is open Monday to Saturday from 9am to 6pm. The van itself can "
        "be booked for events 7 days a week, serving any time between 10am and 10pm."},
       {"How do you charge for corporate events?",
        "Corporate events are charged at £4.50 per serving with a minimum order of 80 servings. We "
        "can fit a banner with your company logo to the side of the van for an extra £65."},
       {"What is your cancellation policy?",
        "If you cancel more than 8 weeks before your event we refund your deposit minus a £40 "
        "admin fee."}});
  a.company_info =
      "The Scoop Van Co. hires out a restored 1972 Bedford ice-cream van, serving soft-serve at "
      "weddings, children's parties and corporate events.";
  return a;
}

TEST(LocalResponderAnswersTest, WorkThatFailedAgainAfterARepairAsksOfTheGuarantee) {
  const std::string r =
      FirstReply(MowerWorkshop(),
                 "had a bad experience with another place last year, they fixed the deck and it "
                 "packed up again 3 weeks later. wat happens if that happens with u");
  EXPECT_TRUE(Has(r, "90 days")) << r;
  EXPECT_FALSE(Has(r, "£48")) << r;
}

TEST(LocalResponderAnswersTest, AHorseWithNoShoesIsBarefootAndCheaperForTwoIsADiscount) {
  Dialogue d(Farrier());
  const std::string trim =
      d.Say("one of my horses has no shoes, only trim. what is the price for this").text;
  EXPECT_TRUE(Has(trim, "£42")) << trim;
  EXPECT_FALSE(Has(trim, "£6 off")) << trim;
  const std::string two = d.Say("if you do the two horses same day, is it cheaper?").text;
  EXPECT_TRUE(Has(two, "3 or more")) << two;
  EXPECT_FALSE(Has(two, "£115")) << two;
}

TEST(LocalResponderAnswersTest, StayingLongerIsAnExtraHourAndASundayIsOneOfSevenDays) {
  Dialogue d(IceCreamVan());
  // A company name that ends in a full stop ends the greeting's sentence once.
  const std::string hello = d.Say("hiya").text;
  EXPECT_TRUE(Has(hello, "The Scoop Van Co. How")) << hello;
  const std::string wedding = d.Say("how much is it for a wedding").text;
  EXPECT_TRUE(Has(wedding, "£395")) << wedding;
  const std::string longer =
      d.Say(
           "wat if the speeches overrun (they will, his best man is a nightmare) and we want u "
           "to stay longer")
          .text;
  EXPECT_TRUE(Has(longer, "£85")) << longer;
  // "and can you come on a Sunday?" is a question of its own, which "7 days a week" answers.
  const std::string party = FirstReply(
      IceCreamVan(), "How much is the van for a kids party, and can you come on a Sunday?");
  EXPECT_TRUE(Has(party, "£225")) << party;
  EXPECT_TRUE(Has(party, "7 days a week")) << party;
  // "company events" asks of the corporate events' price, not of the company-logo clause.
  const std::string corporate = FirstReply(IceCreamVan(), "how do you price company events?");
  EXPECT_TRUE(Has(corporate, "£4.50")) << corporate;
  // "Co." ends no sentence of the company description.
  const std::string about = FirstReply(IceCreamVan(), "what do you actually do");
  EXPECT_FALSE(Has(about, "Hires out")) << about;
}

// Round AJ's scaffold hire and aquarium care (tests/dialogues/answers.json), in part.
core::Agent ScaffoldHire() {
  return AgentKnowing(
      "Upright Scaffold Hire",
      {{"How much is scaffolding for the front of a house?",
        "A single-elevation scaffold on a standard two-storey house costs from £640, which "
        "includes putting it up, taking it down and 4 weeks' hire."},
       {"How much is a chimney scaffold?",
        "A chimney stack scaffold costs £385 including up to 2 weeks' hire, and it comes with "
        "roof ladder access for your roofer."},
       {"What if I need the scaffold for longer?",
        "Each extra week beyond the included hire period costs £72 per elevation."},
       {"Do you hire out mobile towers?",
        "Our 6-metre aluminium tower costs £95 for the first week and £48 for each extra week if "
        "you collect it from our yard. We can deliver and collect it for you for £35."},
       {"How do you keep the scaffold secure?",
        "We can fit a scaffold alarm for £28 per week, and at the end of every working day we "
        "remove the bottom ladder so nobody can climb up."},
       {"Are there any age or safety rules for tower hire?",
        "We only hire towers to customers aged 18 or over, and every tower hire includes a free "
        "20-minute safety demonstration."},
       {"Where are you and is there parking?",
        "Our yard is at Unit 7, Tritton Road Trade Park, Lincoln, and there are 6 customer parking "
        "bays next to the loading area for tower collections."}});
}

core::Agent AquariumCare() {
  return AgentKnowing(
      "Fintank Aquatic Care",
      {{"How much is an aquarium clean?",
        "A one-off clean of a freshwater aquarium up to 200 litres costs £45 and takes about 75 "
        "minutes."},
       {"What is your cancellation policy?",
        "You can cancel or rearrange free of charge with at least 48 hours' notice."},
       {"How should I prepare for a visit?",
        "Please don't feed your fish for 24 hours before the visit and make sure we can use a "
        "sink or an outside tap."},
       {"How long does delivery of equipment take?",
        "Equipment we order for you arrives within 3 working days."},
       {"My fish look unwell, can you help?",
        "A technician can carry out a water test and fish health check for £30."},
       {"Do you look after aquariums in offices?",
        "Office contracts start at £95 a month. Contract customers also get priority emergency "
        "callouts within 4 hours."}});
}

TEST(LocalResponderAnswersTest, ACountOfWeeksIsHowLongAndWorkRunningOverNeedsItLonger) {
  // "2 weeks" is how long the tower is wanted, not a word that finds the chimney scaffold's
  // "2 weeks' hire".
  const std::string tower = FirstReply(
      ScaffoldHire(), "ok sorry english fine. i need tower 1 week maybe 2 weeks, how much");
  EXPECT_TRUE(Has(tower, "£95")) << tower;
  EXPECT_FALSE(Has(tower, "£385")) << tower;
  Dialogue d(ScaffoldHire());
  const std::string front = d.Say("how much for just the front of the house").text;
  EXPECT_TRUE(Has(front, "£640")) << front;
  const std::string over =
      d.Say("wat if he runs over lol hes not exactly known for being quick").text;
  EXPECT_TRUE(Has(over, "£72")) << over;
  // "u can bring to the house" asks for the delivery.
  Dialogue polish(ScaffoldHire());
  polish.Say("i need tower 1 week maybe 2 weeks, how much");
  const std::string bring = polish.Say("u can bring to the house or i must come pick up?").text;
  EXPECT_TRUE(Has(bring, "£35")) << bring;
}

TEST(LocalResponderAnswersTest, ABurglaryAsksOfSecurityAndAWorryIsNoComplaint) {
  const std::string r = FirstReply(
      ScaffoldHire(),
      "I must admit I'm a little nervous about having scaffolding against the house. We were "
      "burgled a couple of years ago and I keep imagining someone climbing straight up to the "
      "bedroom windows at night.");
  EXPECT_TRUE(Has(r, "£28")) << r;
  EXPECT_FALSE(Has(r, "frustrating")) << r;
}

TEST(LocalResponderAnswersTest, WhatToDoBeforeTheBusinessArrivesIsHowToPrepare) {
  const std::string r = FirstReply(AquariumCare(), "ok cool. anything i shud do b4 u arrive?");
  EXPECT_TRUE(Has(r, "24 hours")) << r;
  EXPECT_FALSE(Has(r, "3 working days")) << r;
  // Looking a fish over checks its health; something that breaks needs an emergency callout.
  const std::string spots = FirstReply(AquariumCare(),
                                       "one of my neons keeps hiding behind the filter and has "
                                       "little white spots on him, cud someone look him over");
  EXPECT_TRUE(Has(spots, "£30")) << spots;
  const std::string breaks =
      FirstReply(AquariumCare(), "If something breaks, how quick can you come?");
  EXPECT_TRUE(Has(breaks, "4 hours")) << breaks;
}

// Round AJ's bindery (tests/dialogues/answers.json), in part.
core::Agent Bindery() {
  return AgentKnowing(
      "Quillbook Bindery",
      {{"How long do standard repairs take?",
        "Standard repairs are usually ready within 4 weeks of you approving the quote. An express "
        "service that turns a standard repair around in 5 working days costs an extra £25."},
       {"Can I send my book by post or drop it in?",
        "You can drop books in during opening hours for a free assessment, or post them to us "
        "using a tracked and insured service. We return finished books by post for £12.50."},
       {"How much do book repairs cost?", "Spine repairs start at £35."}});
}

TEST(LocalResponderAnswersTest, SpeedingUpIsTheExpressServiceAndAClauseOfWhenIsNotAsked) {
  const std::string r = FirstReply(Bindery(), "any way to speed that up? dont mind paying extra");
  EXPECT_TRUE(Has(r, "£25")) << r;
  // "before i send it" is when the customer asks, not what: the scan is unknown.
  const std::string scan =
      FirstReply(Bindery(),
                 "before i send it could u scan or photocopy the family tree pages for us just in "
                 "case it gets lost in the post");
  EXPECT_FALSE(Has(scan, "£")) << scan;
  EXPECT_TRUE(OffersHandoff(scan)) << scan;
}

// A sharpening van (round AK).
core::Agent SharpeningVan() {
  return AgentKnowing(
      "Edgewise Sharpening",
      {{"How much does it cost to sharpen kitchen knives?",
        "Standard kitchen knives cost £6 each and serrated or bread knives cost £8 each. Japanese "
        "knives are hand-finished on whetstones for £12 each."},
       {"Do you sharpen hairdressing scissors?",
        "Yes, hairdressing and barber scissors are sharpened for £22 a pair, including a tension "
        "adjustment, and thinning scissors cost £27 a pair."},
       {"What is your cancellation policy?",
        "You can cancel or rearrange free of charge with at least 48 hours' notice. If you cancel "
        "later than that, you lose the £10 deposit."},
       {"Where does the van park?",
        "We work from inside our covered van in any weather, so we just need a parking space "
        "about 7 metres long near your door."},
       {"How should I prepare my knives and tools?",
        "Please wash and dry all blades before we arrive and wrap them in a tea towel."}});
}

TEST(LocalResponderAnswersTest, APlainOneAskedBesideAKindIsPricedToo) {
  // "normal ones and a bread knife": the standard knives and the bread knives, not the Japanese.
  const std::string knives =
      FirstReply(SharpeningVan(), "theres 7 normal ones and a bread knife, wat would that cost me");
  EXPECT_TRUE(Has(knives, "£6")) << knives;
  EXPECT_TRUE(Has(knives, "£8")) << knives;
  EXPECT_FALSE(Has(knives, "£12")) << knives;
  // "normal scissors and 2 pair for thinning": both prices, where no clause says "standard".
  const std::string scissors = FirstReply(
      SharpeningVan(), "I have 5 pair normal scissors and 2 pair for thinning, what is the price");
  EXPECT_TRUE(Has(scissors, "£22")) << scissors;
  EXPECT_TRUE(Has(scissors, "£27")) << scissors;
  // One kind alone is still its own clause.
  const std::string bread = FirstReply(SharpeningVan(), "how much for a bread knife");
  EXPECT_TRUE(Has(bread, "£8")) << bread;
  EXPECT_FALSE(Has(bread, "£12")) << bread;
}

TEST(LocalResponderAnswersTest, WhetherRainMeansCancellingIsAnsweredByTheWeather) {
  const std::string r = FirstReply(
      SharpeningVan(),
      "last thing, if its chucking it down on the day do we have to cancel? last time i booked a "
      "gardener he kept my money cos of the rain and i dont want that again");
  EXPECT_TRUE(Has(r, "any weather")) << r;
  EXPECT_FALSE(Has(r, "email")) << r;
  // Doing anything to them before the visit is preparing them.
  const std::string before =
      FirstReply(SharpeningVan(), "and do i need to do anything with them b4 u come");
  EXPECT_TRUE(Has(before, "tea towel")) << before;
}

// A falconry centre (round AK).
core::Agent FalconryCentre() {
  return AgentKnowing(
      "Hawkridge Falconry",
      {{"How much is a hawk walk?",
        "Our Hawk Walk lasts 90 minutes and costs £47 per person, with a Harris hawk."},
       {"How much is an owl encounter?",
        "An Owl Encounter lasts 45 minutes and costs £29 per person. You handle and photograph 5 "
        "of our owls."},
       {"What is the half-day falconry experience?",
        "The Half-Day Falconry Experience runs from 9:30am to 1:30pm and costs £125 per person. "
        "You fly a Harris hawk, a barn owl and a peregrine falcon."},
       {"How do I book and do I need to pay a deposit?",
        "All experiences must be booked in advance. A deposit of £20 per person secures your "
        "place and the balance is paid on the day."},
       {"What is your cancellation policy?",
        "You can cancel or move your booking free of charge with at least 72 hours' notice."},
       {"Do you sell gift vouchers?",
        "Gift vouchers are available for every experience and are valid for 12 months."}});
}

TEST(LocalResponderAnswersTest, ItAfterAStoryIsWhatTheLastPartOfTheStoryNamed) {
  const std::string r = FirstReply(
      FalconryCentre(),
      "hiya so my daughter is 9 and has been OBSESSED with owls, my son is 12 but hes a bit "
      "funny around birds after a seagull swooped at whitby last summer lol. thinking the owl "
      "thing might be gentler for him, how much is it and how long does it go on for");
  EXPECT_TRUE(Has(r, "£29")) << r;
  EXPECT_FALSE(Has(r, "£125")) << r;
  // Paying all of it when booking asks about the deposit; a bday is a birthday.
  const std::string pay =
      FirstReply(FalconryCentre(), "we have to pay all of it now when we book or how does it work");
  EXPECT_TRUE(Has(pay, "£20")) << pay;
  const std::string voucher =
      FirstReply(FalconryCentre(), "can i get it as a voucher his bday isnt til october");
  EXPECT_TRUE(Has(voucher, "12 months")) << voucher;
}

// A drainage firm (round AK).
core::Agent DrainageFirm() {
  return AgentKnowing(
      "DrainRight Drainage",
      {{"How much does it cost to unblock a drain?",
        "A standard daytime drain unblocking costs £95, which covers the first hour on site."},
       {"Do you do emergency or out-of-hours call-outs?",
        "Yes, emergency call-outs outside office hours run until 11pm every day. They cost £145 "
        "for the first hour."},
       {"How much is a CCTV drain survey?",
        "A standard CCTV drain survey costs £165 and takes about 90 minutes on site."},
       {"How do I book and is there a deposit?",
        "You can book by phone or online. Unblocking jobs need no deposit, but surveys need a £40 "
        "deposit at booking."},
       {"How do I pay?", "Payment is due when the job is finished, by card or bank transfer."},
       {"Does someone need to be home?",
        "Someone aged 18 or over must be at the property for the whole visit."}});
}

TEST(LocalResponderAnswersTest, ADrainageFirmsCustomersAreUnderstood) {
  // Tonight, of a call-out, is out of hours.
  const std::string tonight = FirstReply(
      DrainageFirm(),
      "our downstairs loo has been gurgling for days and tonight it's come up all over the "
      "cloakroom floor. it's half 8 at night, can someone come out tonight and what will it cost "
      "us?");
  EXPECT_TRUE(Has(tonight, "£145")) << tonight;
  // Paying something when booking is the deposit, not how to pay.
  const std::string deposit = FirstReply(DrainageFirm(), "we must pay something when we book?");
  EXPECT_TRUE(Has(deposit, "£40")) << deposit;
  // Not being able to be at the house asks whether someone must be home.
  const std::string away = FirstReply(
      DrainageFirm(), "we live in london and cannot be at the house that day, is it a problem?");
  EXPECT_TRUE(Has(away, "18 or over")) << away;
  // A property manager is who is writing: the survey is answered, no person offered.
  const std::string manager = FirstReply(
      DrainageFirm(),
      "Good morning. I'm a property manager at a letting agency in Stowmarket. What would a "
      "standard camera survey cost?");
  EXPECT_TRUE(Has(manager, "£165")) << manager;
  EXPECT_FALSE(OffersHandoff(manager)) << manager;
}

TEST(LocalResponderAnswersTest, WhatToSortOutBeforeTheVisitIsHowToPrepare) {
  for (const char* text : {"wat do we need to sort out at ours b4 u turn up",
                           "anything i shud do or not do b4 i come in",
                           "wat do i need to do to the knives b4 i drop them off"}) {
    const std::string r = FirstReply(SharpeningVan(), text);
    EXPECT_TRUE(Has(r, "tea towel")) << text << ": " << r;
  }
}

// A float spa (round AL): a membership is no insurance plan's policy, and a question the model
// reads as an invoice request, at a business with no invoices, is a question even while the
// agent waits for an e-mail.
core::Agent FloatSpa() {
  return AgentKnowing(
      "Floatwell Spa",
      {{"What is your cancellation policy?",
        "You can cancel or move a booking free of charge with at least 48 hours' notice. If you "
        "cancel with less than 48 hours' notice you lose your deposit, and no-shows are charged "
        "the full session price."},
       {"Do you have packages or combos?",
        "A pack of 3 sixty-minute floats costs £139, saving £23, and must be used within 6 months "
        "of purchase."},
       {"What does the membership include?",
        "Membership costs £49 a month and includes one 60-minute float and two 40-minute infrared "
        "sauna sessions every month. There is a minimum term of 3 months, after which you can "
        "cancel with one month's notice."},
       {"What are your opening hours?",
        "We are open Tuesday to Friday from 10am to 9pm and Saturday from 8am to 6pm."},
       {"Do you sell gift vouchers?", "Gift vouchers start at £25."}});
}

TEST(LocalResponderAnswersTest, AMembershipIsNoPolicyAndAnHoursQuestionIsNoInvoice) {
  const std::string price = FirstReply(FloatSpa(), "how much is membership");
  EXPECT_TRUE(Has(price, "£49")) << price;
  Dialogue d(FloatSpa());
  const std::string cancel = d.Say("i want to cancel my membership").text;
  EXPECT_TRUE(Has(cancel, "one month's notice")) << cancel;
  core::MessageMetadata invoice;  // As the NLU read it, at 0.82.
  invoice.intent = "question";
  invoice.fine_intent = "get_invoice";
  invoice.confidence = 0.82;
  const std::string hours = d.Say("whats the earliest i can get in on a sat", invoice).text;
  EXPECT_TRUE(Has(hours, "8am")) << hours;
  EXPECT_FALSE(Has(hours, "invoice")) << hours;
}

// A part that ends with a question mark asks, though no word of it opens a question ("And you
// are open on Monday?"), unless a part before it in the same question opens one.
TEST(LocalResponderAnswersTest, AStatementWithAQuestionMarkAsks) {
  core::Agent spa = FloatSpa();
  spa.knowledge.push_back({"Where are you?",
                           "We are at 22 Church Street, a 10-minute walk from the railway "
                           "station."});
  const std::string both =
      FirstReply(spa, "Is it far from the station? And you are open on Monday?");
  EXPECT_TRUE(Has(both, "10-minute walk")) << both;
  EXPECT_TRUE(Has(both, "Tuesday to Friday")) << both;
  // Ringing you is phoning you, and "last q" announces the last question.
  const core::Agent quartet =
      AgentKnowing("Bowstring Quartet",
                   {{"What are your office hours?",
                     "Our office answers calls and emails Monday to Friday from 10am to 6pm."},
                    {"Do you play at funerals?",
                     "We can usually confirm a funeral booking with just 5 days' notice."}});
  const std::string ring =
      FirstReply(quartet, "ok last q when can i actually ring u, im at work til 5 most days");
  EXPECT_TRUE(Has(ring, "6pm")) << ring;
}

}  // namespace

TEST(LocalResponderAnswersTest, ABoatTripsChildFareAndBoardingAreUnderstood) {
  const core::Agent boats = BoatTripsAgent();
  // The children's fare is a share of the adult's ("half price"): it answers what the kids pay,
  // before the family ticket that states a sum.
  Dialogue grandparents(boats);
  grandparents.Say(
      "we've got the grandkids staying with us for half term, both mad about seals after some "
      "programme on the telly lol. the wife says theres a boat that goes out to see them, how long "
      "are you out for on that one");
  const std::string kids = grandparents.Say("how much do the kids pay, theyre 7 and 10").text;
  EXPECT_TRUE(Has(kids, "half price")) << kids;
  EXPECT_FALSE(Has(kids, "£58")) << kids;
  // Getting on the boat is boarding it.
  const std::string board = FirstReply(
      boats,
      "great and where do we actually get on the boat? and is there anywhere to leave the "
      "car nearby, my knees arent what they were");
  EXPECT_TRUE(Has(board, "Pontoon 14")) << board;
  EXPECT_TRUE(Has(board, "Marina Car Park")) << board;
}

TEST(LocalResponderAnswersTest, AGardenersCustomerIsUnderstood) {
  const core::Agent garden = AgentKnowing(
      "Greensward Garden Care",
      {{"How much do regular lawn mowing rounds cost?",
        "Our fortnightly mowing rounds run from March to October and cost £28 per cut for an "
        "average lawn up to 100 square metres, with clippings collected."},
       {"How much is hedge trimming?",
        "Hedge trimming costs £38 per hour for one gardener, and most garden hedges are done in "
        "about 3 hours."},
       {"Do you take away green waste?",
        "We remove green waste at £18 per builder's bag or £95 for a full van load, and it all "
        "goes to a licensed composting site."},
       {"Do you do one-off garden tidies?",
        "A one-off garden tidy costs £165 for a team of two gardeners working a half day of 4 "
        "hours, covering weeding, cutting back, mowing and sweeping up."},
       {"Do you offer lawn treatments for moss and weeds?",
        "Our lawn treatment programme is 5 seasonal feed, weed and moss treatments a year for £149 "
        "in total, or £34 for a single treatment."},
       {"Do you charge for quotes, and is there a minimum charge?",
        "Quotes are free and we'll come out to look within 7 days, and every visit carries a "
        "minimum charge of £45."},
       {"How do I pay?",
        "We email an invoice after each visit, payable by card or bank transfer within 14 days, "
        "and mowing round customers can pay by monthly direct debit."},
       {"What happens if the weather is bad?",
        "If heavy rain, frost or snow stops us working, we text you and move your visit to the "
        "next dry day, usually within 48 hours, at no extra charge."},
       {"Which areas do you cover?",
        "We cover Chester and everywhere within 12 miles, including Hoole, Upton, Saltney, "
        "Christleton and Ellesmere Port, with no travel charge."},
       {"When do you work and how do I book?",
        "Our gardeners work Monday to Saturday from 8am to 6pm, and you can book through our "
        "website or by emailing hello@greensward-chester.co.uk."},
       {"What is your cancellation policy?",
        "You can cancel or move a booking free of charge up to 24 hours before, and later "
        "cancellations cost £20."},
       {"Do I need to be at home when you come?",
        "You don't need to be in as long as we can get into the garden through an unlocked side "
        "gate, and we text you 30 minutes before we arrive."},
       {"Can I pause my mowing round while I'm on holiday?",
        "Round customers can pause their cuts for up to 9 weeks a season without losing their "
        "slot, and can leave the round at any time with 10 days' notice."}});
  // Days with the hours of a day are when the gardeners work.
  const std::string weekends =
      FirstReply(garden, "do you do weekends? saturday is the only day im home");
  EXPECT_TRUE(Has(weekends, "Monday to Saturday")) << weekends;
  EXPECT_FALSE(Has(weekends, "£")) << weekends;
  // Off to portugal for a few weeks is a holiday: the pause of the round.
  const std::string away = FirstReply(garden,
                                      "we're off to portugal for a few weeks in july, does that "
                                      "mess up my slot? and how do i pay, can it just come out "
                                      "monthly");
  EXPECT_TRUE(Has(away, "9 weeks")) << away;
  EXPECT_TRUE(Has(away, "direct debit")) << away;
  // Rubbish is waste; "usually" is no topic (not the weather's "usually within 48 hours").
  const std::string rubbish = FirstReply(garden,
                                         "and all the rubbish you pull out, is that going in my "
                                         "brown bin or do u take it away");
  EXPECT_TRUE(Has(rubbish, "green waste")) << rubbish;
  const std::string asleep = FirstReply(
      garden, "will i need to be in? im usually asleep after nights and wont hear the door");
  EXPECT_TRUE(Has(asleep, "side gate")) << asleep;
  EXPECT_FALSE(Has(asleep, "48 hours")) << asleep;
  // To price it up is to quote.
  const std::string quote = FirstReply(
      garden,
      "ok and how do i get someone round to have a look and price it up, do you charge for that");
  EXPECT_TRUE(Has(quote, "Quotes are free")) << quote;
}

TEST(LocalResponderAnswersTest, ABadSailorAndALooAreUnderstood) {
  const core::Agent boats = BoatTripsAgent();
  const std::string sailor = FirstReply(
      boats,
      "shes a terrible sailor to be fair, went green on the isle of wight ferry last year "
      "haha. any tips so she doesnt spend the whole time hanging over the side");
  EXPECT_TRUE(Has(sailor, "tablet")) << sailor;
  // Whoever pushes a wheelchair user is their carer.
  Dialogue wheelchair(boats);
  wheelchair.Say("is the boat wheelchair accessible?");
  const std::string carer = wheelchair.Say("does whoever pushes him have to pay as well").text;
  EXPECT_TRUE(Has(carer, "carers sail free")) << carer;
  // A forecast and a sea too rough to sail are bad weather; a girl who drops out cancels.
  Dialogue group(boats);
  const std::string rough = group
                                .Say(
                                    "forecast looks a bit dodgy for thursday. what happens if its "
                                    "too rough to go out, do we just lose the money")
                                .text;
  EXPECT_TRUE(Has(rough, "full refund")) << rough;
  Dialogue birthday(boats);
  const std::string drop =
      birthday.Say("ok and if one of the girls drops out last minute do we lose her money").text;
  EXPECT_TRUE(Has(drop, "48 hours")) << drop;
  // How early to be there is when to arrive, no notice.
  const std::string early = birthday.Say("how early do we need to be there before it leaves").text;
  EXPECT_TRUE(Has(early, "20 minutes")) << early;
  // A loo on board is nothing the knowledge holds, not the boarding point.
  const std::string loo = FirstReply(boats, "is there a loo on board or should we go before");
  EXPECT_TRUE(Has(loo, "don't have")) << loo;
  EXPECT_FALSE(Has(loo, "Pontoon")) << loo;
}

TEST(LocalResponderAnswersTest, ANurseryParentIsUnderstood) {
  const core::Agent nursery = AgentKnowing(
      "Little Acorns Day Nursery",
      {{"How much is a full day at the nursery?",
        "A full day costs £68 for babies under 24 months and £62 for children aged 24 months and "
        "over."},
       {"Do you offer half days or hourly sessions?",
        "Half-day sessions (morning or afternoon) cost £41, and you can book extra hours on top of "
        "any session at £11 per hour."},
       {"Do you accept government-funded hours?",
        "Yes, we accept government-funded childcare for eligible children, up to 30 hours a week "
        "in term time, with a consumables charge of £9.40 per funded day to cover meals, nappies "
        "and outings."},
       {"What are your opening hours?",
        "We're open Monday to Friday from 7am to 6pm, 51 weeks a year, closing only for bank "
        "holidays and the week between Christmas and New Year."},
       {"What happens if I am late collecting my child?",
        "Please ring us if you're running late; collections after closing time are charged at £25 "
        "for every 10 minutes or part of 10 minutes."},
       {"Are meals provided?",
        "Our own cook prepares breakfast, a hot lunch and tea on site every day, included in your "
        "fees, with a menu that changes every 4 weeks and caters for allergies and special diets."},
       {"Do I need to bring nappies?",
        "Nappies, wipes and nappy cream are included in our fees, and if you'd rather send in your "
        "own brand we take 75p a day off your bill."},
       {"How does settling in work?",
        "Settling-in sessions are free and spread over the 2 weeks before your child starts, "
        "beginning with a 45-minute visit where you stay alongside them."},
       {"What is your sickness and exclusion policy?",
        "Children must stay at home for 48 hours after the last bout of sickness or diarrhoea, and "
        "we'll call you to collect your child if their temperature reaches 38°C."},
       {"How do I join the waiting list and is there a deposit?",
        "Joining the waiting list costs a non-refundable £50 registration fee, and once we offer "
        "you a place a £200 deposit secures it, which we refund against your final invoice."},
       {"What are your staff-to-child ratios?",
        "We keep 1 adult for every 3 babies, 1 for every 5 toddlers and 1 for every 8 pre-school "
        "children, and every room is led by a qualified practitioner."},
       {"Do you offer a sibling discount?",
        "When brothers or sisters attend at the same time, the older child's fees are reduced by "
        "15%."},
       {"How much notice do I need to give to leave or change sessions?",
        "We need 28 days' written notice if you want to reduce your sessions or leave the nursery, "
        "otherwise fees are charged in lieu of notice."}});
  // The question alone finds the full day's price: the story before it ("a friend at baby group
  // recommended you") is no part of it.
  const std::string day = FirstReply(
      nursery,
      "so im going back to work in september and my little girl will be 10 months by then, ive "
      "been looking round nurserys in harrogate and a friend at baby group recommended you. whats "
      "it cost for a whole day for a baby her age?");
  EXPECT_TRUE(Has(day, "£68")) << day;
  EXPECT_FALSE(Has(day, "caring for babies")) << day;
  // Getting a child used to a place is settling in.
  const std::string settle = FirstReply(nursery,
                                        "shes never been left with anyone except me and my mum, "
                                        "how do u get them used to being there without me");
  EXPECT_TRUE(Has(settle, "45-minute")) << settle;
  // The gov's free hours are the funded hours; anything extra to pay is their charge; an age told
  // in the story before the question does not bring the full day's price.
  Dialogue funding(nursery);
  const std::string funded =
      funding
          .Say(
              "hi, my son turns 3 in january and we've just had our code through from the gov "
              "website for the free hours thing. do you take it and is there anything extra to "
              "pay on top?")
          .text;
  EXPECT_TRUE(Has(funded, "30 hours")) << funded;
  EXPECT_TRUE(Has(funded, "£9.40")) << funded;
  EXPECT_FALSE(Has(funded, "£62")) << funded;
  EXPECT_FALSE(Has(funded, "£41")) << funded;
  // Anything off is a discount.
  const std::string sibling = funding
                                  .Say(
                                      "his baby sister would be starting at the same time, do we "
                                      "get anything off for having two of them with you")
                                  .text;
  EXPECT_TRUE(Has(sibling, "15%")) << sibling;
  // A story after "but" is a part of its own: the sickness is asked about; being late with no
  // order to track is the late collection charge; a temp is a temperature.
  Dialogue poorly(nursery);
  const std::string sick = poorly
                               .Say(
                                   "my daughter was sick twice in the night but shes bouncing "
                                   "round the living room fine this morning, can she come in "
                                   "today or not??")
                               .text;
  EXPECT_TRUE(Has(sick, "48 hours")) << sick;
  const std::string temp = poorly.Say("ok and what temp do you send them home at").text;
  EXPECT_TRUE(Has(temp, "38")) << temp;
  const std::string late = poorly
                               .Say(
                                   "work have asked me to stay late thursday so i might not get "
                                   "there till a bit after you shut, what happens then")
                               .text;
  EXPECT_TRUE(Has(late, "£25")) << late;
  EXPECT_FALSE(Has(late, "order number")) << late;
}

TEST(LocalResponderAnswersTest, ARehearsalStudioTakesNoOrders) {
  const core::Agent studio = AgentKnowing(
      "RiffBox Studios",
      {{"How much do the rehearsal rooms cost?",
        "Our small rehearsal room is £12 an hour and the large live room is £19 an hour, with a "
        "3-hour minimum booking on Friday and Saturday evenings."},
       {"How much is a recording session with an engineer?",
        "Recording with one of our engineers costs £32 an hour with a 2-hour minimum, or £240 for "
        "a full 8-hour day."},
       {"What equipment comes with a rehearsal room?",
        "Every room comes with a Pearl drum kit, an Ampeg bass amp, Marshall and Fender guitar "
        "amps and a PA with vocal mics; just bring your own cymbals, sticks and guitars."},
       {"Can I hire extra gear?",
        "Yes, you can hire a Zildjian cymbal pack for £7, a Nord Stage keyboard for £16 or a "
        "Fender Jazz bass for £11 per session."},
       {"How do I book?",
        "Book online at riffbox.co.uk or call us on 0141 496 0872, and recording sessions are "
        "secured with a 25% deposit."},
       {"What is your cancellation policy?",
        "Rehearsals can be cancelled or moved free of charge up to 48 hours before, after which we "
        "charge 50% of the booking, and recording deposits are non-refundable if you cancel within "
        "14 days of the session."},
       {"What are your opening hours?",
        "We're open Monday to Friday from noon until midnight, and Saturday and Sunday from 9am to "
        "10pm."},
       {"Where can I load in and park?",
        "Vans can pull into our loading bay on Tenter Lane for 20 minutes to load in and out, and "
        "the nearest car park is Dundas Street, which costs £13 for the evening."},
       {"Are there any noise or volume rules?",
        "Our rooms are soundproofed, but volume must stay under 110 dB on the meter in each room, "
        "and bands who keep going over after a warning may have their session ended without a "
        "refund."},
       {"Do you offer mixing?",
        "Mixing costs £90 per song, including 4 rounds of revisions, and mixes are delivered "
        "within 21 days."},
       {"Do you offer mastering?",
        "Mastering costs £28 per track or £130 for an EP of up to 6 tracks, with a 72-hour "
        "turnaround."},
       {"Do you have any discounts?",
        "Weekday rehearsals that finish before 5pm get 30% off the hourly rate."},
       {"Can I store my gear at the studio?",
        "Bands can rent a lockable storage cage for amps and drums at £35 a month, with access any "
        "time we're open."}});
  // A business that takes no orders has none to track or to ask the number of: "how late can we
  // pull out" asks its cancellation terms.
  const std::string bail = FirstReply(studio,
                                      "and if it turns out we're rubbish and want to bail lol, how "
                                      "late can we pull out without paying");
  EXPECT_TRUE(Has(bail, "48 hours")) << bail;
  EXPECT_FALSE(Has(bail, "order number")) << bail;
  // Leaving the van is parking it; anything put down to lock the date in is the deposit; getting
  // it cheaper asks for a discount.
  const std::string van = FirstReply(studio, "and where do we leave the van after that");
  EXPECT_TRUE(Has(van, "Dundas Street")) << van;
  const std::string deposit =
      FirstReply(studio, "do we have to put anything down up front to lock the date in");
  EXPECT_TRUE(Has(deposit, "25%")) << deposit;
  const std::string cheaper = FirstReply(
      studio,
      "im a uni student and totally skint but we rehearse most weeks. is there any way of "
      "getting it cheaper, like if we come in during the day or something");
  EXPECT_TRUE(Has(cheaper, "30%")) << cheaper;
}

TEST(LocalResponderAnswersTest, ALaunderetteAndAMarqueeHirerAreUnderstood) {
  const core::Agent launderette = AgentKnowing(
      "Suds Launderette",
      {{"How much are the self-service washing machines?",
        "Our standard 12kg washers cost £4.50 a wash and the 18kg giant washer is £6.40, with each "
        "cycle taking about 35 minutes."},
       {"How much are the dryers and do I need to bring my own detergent?",
        "The dryers cost £1 for every 15 minutes, and if you forget your own, we sell washing "
        "powder and fabric softener sachets at the counter for 60p each."},
       {"What is a service wash and how much does it cost?",
        "For a service wash you drop off your laundry and we wash, dry and fold it for you, at £16 "
        "per bag up to 8kg."},
       {"Can you wash duvets?",
        "Single and double duvets cost £17 to wash and dry, king-size and feather duvets £21, and "
        "they're ready to collect within 48 hours."},
       {"Do you offer an ironing service?",
        "Ironing is £2.20 per shirt or blouse and £3.80 for trousers, dresses and other items, "
        "returned on hangers within 24 hours."},
       {"Do you collect and deliver?",
        "We collect and deliver on Tuesday and Friday evenings, free within 2 miles of the shop "
        "for orders over £25, otherwise there's a flat £3.50 charge."},
       {"How quickly will my service wash be ready?",
        "Service washes dropped off before 11am are ready the same day and later ones the next "
        "day, and our express service has it back in 90 minutes for an extra £5."},
       {"What happens if something is lost or damaged?",
        "Please report any lost or damaged item within 14 days of collection and, if it happened "
        "in our care, we'll compensate up to £40 per item."},
       {"What are your opening hours?",
        "We're open 7am to 10pm Monday to Saturday and 9am to 6pm on Sundays, with last washes 45 "
        "minutes before closing."},
       {"How can I pay?",
        "All our machines take coins or contactless, there's a change machine by the door that "
        "takes notes up to £20, and the counter accepts cash or card."},
       {"Can I leave my washing while the machine runs?",
        "You're welcome to pop out while your wash runs, but please be back within 30 minutes of "
        "it finishing or staff may move your laundry to a basket."},
       {"Can you wash sleeping bags, curtains or pet beds?",
        "Sleeping bags, curtains and pet beds are £13 per item, and pet bedding only ever goes in "
        "our dedicated pet machine."},
       {"Do you offer any discounts?",
        "Students and over-65s get 50p off every self-service wash, Monday to Friday, with valid "
        "ID."}});
  // Dropping a bag off is a drop-off; what that costs is the service wash's price.
  const std::string bag = FirstReply(launderette,
                                     "i work 12 hour shifts at the heath and honestly dont have "
                                     "time to sit in a launderette. can i just drop a bag off and "
                                     "you do the lot? whats that cost");
  EXPECT_TRUE(Has(bag, "£16")) << bag;
  // Bringing stuff back to people is delivery; "people" weighs as the story's.
  const std::string back = FirstReply(
      launderette,
      "do you bring stuff back to people? we're only round the corner off cowbridge road");
  EXPECT_TRUE(Has(back, "2 miles")) << back;
  // Nipping out is popping out; a shirt missing is lost and a jumper shrunk is damaged.
  const std::string nip = FirstReply(
      launderette,
      "can i nip to the chippy while its going round or do i have to sit there and watch it lol");
  EXPECT_TRUE(Has(nip, "30 minutes")) << nip;
  const std::string lost =
      FirstReply(launderette,
                 "so i picked up my service wash yesterday and theres a shirt missing, my good "
                 "going out one, and a jumper came back shrunk to kids size. what do you "
                 "actually do about that");
  EXPECT_TRUE(Has(lost, "14 days")) << lost;
  const core::Agent marquees = AgentKnowing(
      "Dartside Marquees",
      {{"What sizes of marquee do you have and how much are they?",
        "Our Orchard marquee seats up to 60 guests for £1,150, and our Grand marquee seats up to "
        "150 guests for £2,650."},
       {"Do you do site visits?",
        "Site visits are free and take about 45 minutes, and we like to do them at least 16 weeks "
        "before your event so we can plan the layout."},
       {"Do you deliver and put the marquee up?",
        "Delivery, set-up and take-down are free within 30 miles of our Totnes yard (a flat £75 "
        "travel charge beyond that), and our crew puts the marquee up the day before your event."},
       {"What flooring do you offer?",
        "Interlocking wooden flooring costs £7 per square metre, or hard-wearing coconut matting "
        "is £5 per square metre."},
       {"Do you hire lighting?",
        "Warm white festoon lighting is £95 per marquee, and crystal chandeliers are £65 each."},
       {"Do you hire heaters?",
        "Our indirect diesel heaters cost £120 each, and we recommend one for every 50 guests for "
        "spring, autumn and winter events."},
       {"How much deposit do you need and when do I pay the rest?",
        "We take a 25% deposit to secure your date, with the balance due 6 weeks before your event "
        "by bank transfer or card."},
       {"What happens in bad weather or high winds?",
        "Our marquees have fully waterproof roofs and walls and are rated for gusts up to 40 mph; "
        "if stronger winds are forecast we'll ring you 48 hours beforehand to agree a safe plan."},
       {"How much ground and space do you need?",
        "You need a reasonably flat, level area with 2 metres of clear space on every side of the "
        "marquee, and our van needs to park within 20 metres of it."},
       {"What is your cancellation policy?",
        "If you cancel more than 90 days before your event you only lose the deposit, but "
        "cancellations within 28 days are charged at the full hire price."},
       {"How long is the hire period?",
        "Our standard hire covers 3 days, Friday to Sunday, and each extra day costs £180."},
       {"Do you hire tables and chairs?",
        "Round tables that seat 8 guests are £11 each, and white folding chairs are £4 each."},
       {"Do you supply a generator?",
        "Our silent generator costs £210 per hire and runs the lighting and heaters for up to 14 "
        "hours on a full tank."}});
  // A tent is a marquee, and the one needed "for that many" is checked against its limit.
  const std::string tent = FirstReply(
      marquees,
      "so me and my fiancé are getting married next august at his parents farm just outside "
      "kingsbridge, theres about 110 of us if all the cousins turn up lol. which tent would we "
      "need for that many and roughly whats it going to cost");
  EXPECT_TRUE(Has(tent, "Grand")) << tent;
  // How much room is the space needed, no price; fairy lights are lights.
  const std::string room =
      FirstReply(marquees,
                 "the garden slopes a bit at the bottom by the shed tho, how much room do you "
                 "actually need");
  EXPECT_TRUE(Has(room, "2 metres")) << room;
  const std::string lights =
      FirstReply(marquees, "and something pretty overhead, like fairy lights kind of thing");
  EXPECT_TRUE(Has(lights, "festoon")) << lights;
}

TEST(LocalResponderAnswersTest, ADrivingSchoolARemovalsFirmAndAStablesAreUnderstood) {
  const core::Agent school = AgentKnowing(
      "Wheelhouse Driving School",
      {{"How much is a driving lesson?",
        "A one-hour lesson costs £38 in a manual car or £41 in an automatic."},
       {"Do you offer block bookings?",
        "A block of 10 hours paid upfront costs £350 in a manual or £385 in an automatic, and "
        "block hours can be used any time within 12 months of purchase."},
       {"When do you run lessons?",
        "Lessons run from 7am to 8pm Monday to Friday and from 9am to 5pm on Saturdays; we don't "
        "teach on Sundays."},
       {"Can you book my driving test and can I use your car for it?",
        "We can book your practical test for you for a £15 admin fee on top of the DVSA test fee, "
        "and using our car on test day, with a warm-up drive beforehand, costs £95."},
       {"Do you do intensive courses?",
        "Our intensive course packs 30 hours of lessons into 2 weeks for £1,090, in either a "
        "manual or an automatic."},
       {"What is Pass Plus?",
        "Pass Plus takes 6 hours of driving with an instructor, covering motorways, night driving "
        "and rural roads; it costs £210 with us and can help bring down your car insurance."},
       {"What is your cancellation policy?",
        "Please give us at least 48 hours' notice to cancel or move a lesson, otherwise the full "
        "lesson fee is charged."},
       {"Do you have female instructors?",
        "We have 11 DVSA-approved instructors, including 4 female instructors if you'd feel more "
        "comfortable learning with a woman."},
       {"What cars do you use?",
        "Our manual cars are Ford Fiestas and our automatics are Toyota Yaris hybrids, all "
        "dual-controlled and under 3 years old."},
       {"Is there a discount for new pupils?",
        "New pupils get their first lesson for just £25, whether manual or automatic."},
       {"How old do I need to be to start lessons?",
        "You can start lessons from the age of 17 as long as you have your provisional driving "
        "licence with you."},
       {"Do you offer refresher lessons?",
        "Refresher lessons for full licence holders, including drivers from abroad or people who "
        "haven't driven in years, cost £44 per hour."},
       {"What is your pass rate?",
        "Our first-time pass rate last year was 63%, well above the national average."},
       {"Do you sell gift vouchers?",
        "Gift vouchers are available in any amount from £50 and are valid for 24 months."}});
  // How late in the evening is when lessons run until; a crash course is an intensive one.
  const std::string late = FirstReply(school, "how late in the evening can someone take me out");
  EXPECT_TRUE(Has(late, "8pm")) << late;
  // A story after an answered question says why; what it finds by chance is not said.
  const std::string deal = FirstReply(
      school,
      "is there any kind of deal on the first one? bit skint this month after her birthday do");
  EXPECT_TRUE(Has(deal, "£25")) << deal;
  EXPECT_FALSE(Has(deal, "£50")) << deal;
  const std::string crash = FirstReply(school, "do you do crash courses");
  EXPECT_TRUE(Has(crash, "£1,090")) << crash;
  const core::Agent removals = AgentKnowing(
      "Packhorse Removals",
      {{"How much does a house move cost?",
        "A one-bedroom flat move within Bristol starts from £395, and a three-bedroom house move "
        "starts from £890, both including a crew and our 7.5-tonne removals lorry."},
       {"Do you do a man-and-van service?",
        "Our man-and-van service is £58 per hour for a Luton van and driver, with a 2-hour minimum "
        "booking, and a second helper adds £22 per hour."},
       {"Can you pack for me?",
        "Our full packing service costs £45 per room including all materials, and our packers come "
        "in the day before your move."},
       {"Do you sell boxes and packing materials?",
        "We sell packs of 12 double-wall boxes for £19, and tape and bubble wrap are free when you "
        "book a move with us."},
       {"Do you offer storage?",
        "Our secure containerised storage in Avonmouth costs £24 per container per week, and each "
        "wooden container holds around 250 cubic feet of furniture."},
       {"Do you do surveys before quoting?",
        "Home surveys are free and take about 30 minutes, in person or by video call, and you get "
        "a written quote within 48 hours."},
       {"Are my belongings insured?",
        "Every move includes goods-in-transit cover up to £50,000, and full-value protection for "
        "antiques and valuables can be added for £85."},
       {"How much deposit do you need and when is the rest due?",
        "We take a £100 deposit to confirm your date, and the balance is due 5 working days before "
        "your move."},
       {"What is your cancellation or date change policy?",
        "You can change your moving date for free with 14 days' notice, but if you cancel within "
        "72 hours of the move your deposit is not refunded."},
       {"Do you move at weekends?",
        "Saturday moves carry a £65 surcharge, and we are closed on Sundays."},
       {"What time do you arrive on moving day?",
        "Our crews arrive at 8am on moving day, and we aim to have you fully unloaded by 6pm."},
       {"Do you do long-distance moves?",
        "We move to anywhere in the UK, and moves more than 40 miles from Bristol are charged at "
        "£1.90 per mile on top of the local price."},
       {"Can you move a piano?",
        "We move upright pianos for £180, and grand pianos need a specialist crew of four for "
        "£420."},
       {"Can you sort out parking outside my house?",
        "We apply to Bristol City Council for a parking suspension on your behalf, which costs £38 "
        "and needs at least 10 working days' notice."}});
  // Something broken on a move is the insurance's, not the parking that is "sorted out".
  const std::string broken = FirstReply(removals, "what if something gets broken");
  EXPECT_TRUE(Has(broken, "£50,000")) << broken;
  EXPECT_FALSE(Has(broken, "£38")) << broken;
  // Someone round to have a look is a survey; calling the move off is cancelling it.
  const std::string look =
      FirstReply(removals,
                 "is it worth getting someone round to have a look at everything first and how "
                 "long does that take");
  EXPECT_TRUE(Has(look, "30 minutes")) << look;
  // A question misspelt "wat" is still a question, not a story: both parts are answered.
  const std::string both =
      FirstReply(removals,
                 "ok sound. how much do u need upfront to lock the date in, and wat time would the "
                 "lads turn up on the day");
  EXPECT_TRUE(Has(both, "£100") && Has(both, "8am")) << both;
  const std::string off =
      FirstReply(removals,
                 "and if the buyers pull out at the last minute and we have to call the whole "
                 "thing off, do we lose anything");
  EXPECT_TRUE(Has(off, "72 hours")) << off;
  const core::Agent stables = AgentKnowing(
      "Bridleway Riding Stables",
      {{"What riding lessons do you have for children?",
        "Children's group lessons are for ages 6 to 16, last 45 minutes and cost £34, with a "
        "maximum of 5 riders in each group."},
       {"Do you teach adults?",
        "Private lessons for adults last 1 hour and cost £62, and adult group lessons cost £43 per "
        "hour."},
       {"Do you do hacks out on the moors?",
        "Our 2-hour moorland hack along Stanage Edge costs £78 and is for riders who can trot and "
        "canter confidently, while our gentle 90-minute walk-only hack for novices costs £52."},
       {"Can I book a hack straight away?",
        "Before your first hack with us you need a 30-minute assessment ride in the arena, which "
        "costs £27."},
       {"What are your Pony Days?",
        "Pony Days run from 9am to 3pm in the school holidays for children aged 7 to 12 and cost "
        "£98 including lunch; they cover grooming, mucking out, tack cleaning and a ride."},
       {"How young can children start riding, and is there an upper age limit?",
        "Our youngest riders are 4-year-olds, who can have a 20-minute lead-rein pony ride for "
        "£19, and there is no upper age limit for adult riders."},
       {"Is there a weight limit?",
        "The maximum rider weight is 15 stone (95 kg), and we'll ask you to step on our scales "
        "before your first ride."},
       {"Do you offer livery?",
        "Full livery costs £165 per week and DIY livery costs £55 per week, and we have 14 livery "
        "stables with year-round turnout."},
       {"What should I wear, and do you provide hats?",
        "We lend riding hats and body protectors free of charge, but please wear long trousers and "
        "boots with a small heel — no wellies or trainers."},
       {"When are you open?",
        "The yard is open Tuesday to Sunday from 8am until dusk, and we are closed on Mondays."},
       {"What is your cancellation policy?",
        "We need 48 hours' notice to cancel or move a lesson, hack or Pony Day for a full refund; "
        "later cancellations are charged in full."},
       {"What happens in bad weather?",
        "Lessons go ahead in any weather in our floodlit indoor arena, but we cancel hacks in "
        "thunder, snow or thick hill fog and offer you an arena lesson instead."},
       {"Do you sell gift vouchers?",
        "Gift vouchers can be bought for any amount from £25 and are valid for 18 months from the "
        "date of purchase."}});
  // Helmets are riding hats, and the gear is what to wear.
  const std::string gear = FirstReply(
      stables, "do i need to go out and buy them helmets and all the gear first or what");
  EXPECT_TRUE(Has(gear, "lend")) << gear;
  // "what hours" and "what price" of the day just named are its own times and price, not the
  // 48 hours' notice nor another passage's prices.
  const std::string day =
      FirstReply(stables,
                 "ok sorry my english is not perfect. the day with the ponys for children, what "
                 "hours and what price please");
  EXPECT_TRUE(Has(day, "9am") && Has(day, "£98")) << day;
  EXPECT_FALSE(Has(day, "48 hours")) << day;
  EXPECT_FALSE(Has(day, "£62")) << day;
  // Doing it all oneself is DIY.
  Dialogue livery(stables);
  livery.Say("do you do livery");
  const std::string diy = livery.Say("and if i did it all myself, mucking out and that").text;
  EXPECT_TRUE(Has(diy, "£55")) << diy;
}

TEST(LocalResponderAnswersTest, ACakeMakerAndAHotTubHirerAreUnderstood) {
  const core::Agent cakes = AgentKnowing(
      "Tierney's Cake Studio",
      {{"What sizes of cake do you make and how much are they?",
        "Our two-tier Petite cake serves 35 guests for £260, and our four-tier Grand cake serves "
        "120 guests for £540."},
       {"Do you offer cake tastings?",
        "Tasting sessions at our Pontcanna studio cost £30 per couple, last about 50 minutes and "
        "include 6 sponge flavours, and the £30 comes off your order if you book with us."},
       {"Do you deliver and set up the cake?",
        "Delivery and setup cost £45 anywhere within the Cardiff boundary, or £1.70 per mile "
        "beyond it, and our decorator arrives 90 minutes before your reception to stack and dress "
        "the cake."},
       {"Do you deliver on Sundays and bank holidays?",
        "Yes, but deliveries on Sundays and bank holidays carry a £65 surcharge."},
       {"Can you make gluten-free, vegan or nut-free cakes?",
        "Any of our cakes can be made gluten-free or vegan for a 15% surcharge, but our kitchen "
        "handles nuts so we cannot guarantee a nut-free cake."},
       {"How much deposit do you need and when is the balance due?",
        "A £150 non-refundable deposit secures your date, and the balance is due 21 days before "
        "your event."},
       {"How far ahead do I need to book?",
        "We recommend booking 9 months ahead for Saturdays between May and September, and our "
        "minimum lead time for any celebration cake is 5 weeks."},
       {"What is your cancellation policy?",
        "If you cancel more than 8 weeks before your event you lose only the deposit, but "
        "cancellations within 14 days are charged at the full price."},
       {"Do you make cupcakes?", "Matching cupcakes cost £3.80 each, with a minimum order of 24."},
       {"Can you decorate the cake with flowers?",
        "Fresh flowers from our partner florist cost £75 per cake, and hand-made sugar flowers "
        "cost £95 per tier."},
       {"How should the cake be stored on the day?",
        "Our sponges are best eaten within 48 hours of delivery, and the cake should be kept "
        "somewhere cool below 20°C but never in the fridge."},
       {"Do you lend cake stands and knives?",
        "We lend silver or gold cake stands and a cake knife for a £40 refundable deposit, as long "
        "as they come back within 7 days."},
       {"Can you keep the top tier for our anniversary?",
        "We can box your top tier ready for freezing so you can enjoy it on your first "
        "anniversary, for £18."}});
  // A question that says "see you" is no farewell; a farewell still is.
  const std::string park =
      FirstReply(cakes,
                 "is there anywhere to park near yours when we come in to see you? my fiancé is on "
                 "crutches at the minute after a rugby thing");
  EXPECT_FALSE(Has(park, "Thank you for contacting")) << park;
  EXPECT_TRUE(OffersHandoff(park)) << park;
  const std::string bye = FirstReply(cakes, "ok see you saturday then");
  EXPECT_TRUE(Has(bye, "Thank you for contacting")) << bye;
  const core::Agent tubs = AgentKnowing(
      "BubbleTub Hire",
      {{"What hot tubs do you have and how much is a weekend?",
        "Our Dales tub seats 4 people and costs £165 for a weekend (Friday to Monday), and our "
        "larger Moors tub seats 6 people and costs £215 for a weekend."},
       {"How much is it to hire for a week?",
        "A full week's hire of 7 nights costs £295 for the Dales tub or £349 for the Moors tub."},
       {"Can I add an extra night?",
        "You can add an extra night to a weekend hire for £40 per night, as long as the tub isn't "
        "booked straight after you."},
       {"Do you charge for delivery?",
        "Delivery, setup and collection are free within 20 miles of our Thirsk base, and there's a "
        "flat £35 charge for addresses between 20 and 45 miles away."},
       {"When do you deliver and how long until we can use it?",
        "We arrive between 10am and 2pm on the first day of your hire, setup takes about 50 "
        "minutes, and the water then needs around 12 hours to heat up to 38°C."},
       {"When do you collect the tub?",
        "We collect the tub between 9am and 11am on the last day of your hire, and we drain it "
        "ourselves so you don't need to do anything."},
       {"What power does the hot tub need?",
        "The tub needs its own standard 13-amp outdoor socket within 15 metres of where it will "
        "sit, and it must never run from an extension reel."},
       {"How do you fill it with water?",
        "We fill the tub from your outside tap using our own 30-metre hose, and a fill uses around "
        "1,100 litres of water."},
       {"How much space and what kind of ground does it need?",
        "The tub needs a flat, level patch at least 3 metres by 3 metres on paving, decking or "
        "short grass, and we can't set it up on gravel or a slope."},
       {"What garden access do you need?",
        "We carry the tub through to your garden, so the gate or side path must be at least 80cm "
        "wide, and please tell us when booking if there are more than 8 steps."},
       {"Do you take a deposit?",
        "We take a £100 refundable damage deposit when you book, and it's returned within 5 "
        "working days of collection if everything comes back undamaged."},
       {"How are the tubs cleaned?",
        "Every tub is drained, scrubbed and sanitised between hires with a brand-new filter fitted "
        "each time, but we charge a £60 cleaning fee if it comes back with glitter, bath bombs or "
        "fake tan in it."},
       {"How do we look after the water during the hire?",
        "We leave chlorine granules and test strips for your whole hire, and you should test the "
        "water every 24 hours and keep the lid on when the tub isn't in use."},
       {"What is your cancellation policy?",
        "If you cancel more than 14 days before your hire you get a full refund, but cancellations "
        "within 14 days lose half the hire fee."}});
  // "whats the damage" asks the price, not about the damage deposit.
  const std::string damage = FirstReply(
      tubs,
      "so its my other halfs birthday in march and i want to surprise her with a hot tub in "
      "the back garden for the weekend, its me her the two kids and prob her sister so 5 of "
      "us max. which one would we need and whats the damage");
  EXPECT_TRUE(Has(damage, "£215")) << damage;
  EXPECT_FALSE(Has(damage, "£100")) << damage;
  // Something paid up front is the deposit.
  const std::string upfront = FirstReply(
      tubs,
      "hi im looking at booking a tub for a hen do at my mates house in york, just trying to "
      "get my head round the money side of it. do you want something paying up front and "
      "when do we get it back");
  EXPECT_TRUE(Has(upfront, "£100")) << upfront;
}

TEST(LocalResponderAnswersTest, ADiscoACabFirmAndADanceSchoolAreUnderstood) {
  const core::Agent disco = AgentKnowing(
      "Spinstar Mobile Disco",
      {{"What DJ packages do you offer and how much are they?",
        "Our Party package gives you 4 hours of DJ time for £395, and our Wedding package covers 7 "
        "hours, from the ceremony and drinks reception through to the last dance, for £845."},
       {"What lighting can you provide?",
        "Our uplighting package colour-matches your venue with 12 LED uplighters for £140, and a "
        "light-up LED dance floor costs £520."},
       {"Do you do a photo booth?",
        "Our photo booth add-on is £325 for 3 hours, with unlimited prints and a props box "
        "included."},
       {"Do you charge for travel?",
        "Travel is free within 25 miles of our Northampton base, and after that we charge 85p per "
        "mile."},
       {"How much deposit do you need and when is the balance due?",
        "We take a £150 booking fee to secure your date, and the remaining balance is due 14 days "
        "before your event."},
       {"Can we request songs?",
        "You can send us a must-play list of up to 30 songs and a do-not-play list through our "
        "online planner, which locks 10 days before your event."},
       {"When do you arrive to set up and how long does packing down take?",
        "Our DJ arrives 90 minutes before the music is due to start to set up, and packing down "
        "takes about 50 minutes at the end of the night."},
       {"What do you need from the venue?",
        "We need two standard 13-amp sockets within 6 metres of the DJ spot, and a flat space at "
        "least 9 feet wide for the DJ booth."},
       {"Can we add extra hours?",
        "Extra DJ time booked in advance is £60 per hour, or £75 per hour if you decide to extend "
        "on the night."},
       {"What is your cancellation policy?",
        "If you cancel more than 120 days before your event you only lose the booking fee, but if "
        "you cancel within 45 days the full price is payable."},
       {"Do you provide a microphone for speeches?",
        "A wireless microphone for speeches is included free with every package, and a second "
        "wireless mic is £20."},
       {"Are you insured and is your equipment tested?",
        "All our equipment is PAT tested every year and we carry £5 million public liability "
        "insurance, and we can email the certificates straight to your venue."},
       {"Do you do karaoke?",
        "Our karaoke add-on is £95 and comes with a big screen and a library of over 17,000 "
        "songs."},
       {"How far ahead should we book?",
        "Summer Saturdays usually get booked up to 18 months ahead, but for Fridays, Sundays and "
        "weekday parties we can often take bookings with a month's notice."}});
  const core::Agent cabs = AgentKnowing(
      "Skylark Airport Cars",
      {{"How much is a taxi to the airport?",
        "Our fixed fares in a saloon car are £32 from Horsham to Gatwick and £86 from Horsham to "
        "Heathrow, each way, whatever the traffic."},
       {"What minibuses do you have and how much are they?",
        "Our 8-seater minibus costs £118 to Heathrow and our 16-seater minibus costs £195 to "
        "Heathrow, each way."},
       {"Do you provide child seats?",
        "Baby seats, child seats and booster seats are free of charge; just ask for them when you "
        "book, and we can fit up to 3 in one vehicle."},
       {"Do you offer meet and greet?",
        "Meet and greet costs £12 extra: your driver waits in the arrivals hall holding a board "
        "with your name on it and helps carry your bags to the car."},
       {"What happens if my flight is delayed?",
        "We track your flight, so a late landing costs you nothing extra, and you get 45 minutes "
        "of free waiting time from when the plane actually lands; after that, waiting is £9 for "
        "every 15 minutes."},
       {"How far ahead do I need to book?",
        "Please book at least 48 hours ahead online or by phone; we can sometimes take same-day "
        "bookings with 4 hours' notice, depending on driver availability."},
       {"How can I pay?",
        "You can pay by card, contactless or Apple Pay in the car at no extra charge, or pay "
        "online when you book; we don't accept cheques."},
       {"How much luggage can I bring?",
        "A saloon car takes 2 large suitcases plus hand luggage; if you have more, our estate car "
        "takes 5 large suitcases for £7 more."},
       {"What is your cancellation policy?",
        "You can cancel free of charge up to 24 hours before your pickup time; cancellations after "
        "that are charged at 50% of the fare."},
       {"Do you charge more at night?",
        "Pickups between midnight and 6am carry a £14 night surcharge on top of the fixed fare."},
       {"Can I bring my pet?",
        "Assistance dogs travel free, and other small pets are welcome in a secure carrier for a "
        "£10 cleaning fee."},
       {"Can the driver make extra stops?",
        "Each extra pick-up or drop-off along the way costs £11, as long as it is on or near the "
        "route to the airport."},
       {"Is there a discount for booking a return?",
        "If you book your return journey at the same time as your outbound trip, we take 20% off "
        "the return journey."}});
  const core::Agent dance = AgentKnowing(
      "Twirl Dance School",
      {{"What ages and styles do you teach?",
        "We teach ballet for ages 3 to 11, tap for ages 6 to 11 and street dance for ages 8 to 16, "
        "with every class grouped by age."},
       {"When are your classes?",
        "Ballet classes are on Tuesdays at 4pm, tap is on Thursdays at 5:45pm and street dance is "
        "on Saturdays at 10am."},
       {"How long are the classes?",
        "Tiny Twirlers, our pre-school ballet class, lasts 30 minutes, and every other class lasts "
        "50 minutes."},
       {"How much are your fees?",
        "Fees are paid per 12-week term: one class a week costs £84 per term and two classes a "
        "week cost £156 per term."},
       {"Can my child try a class first?",
        "Every new dancer gets one free trial class with no obligation to sign up, and you book it "
        "online at least 24 hours in advance."},
       {"What uniform is needed?",
        "Ballet dancers need a pink Twirl leotard and pink ballet shoes, which cost £32 together "
        "from our studio shop, while street dancers just need a black Twirl T-shirt for £13 and "
        "clean trainers."},
       {"Do you do dance exams?",
        "We enter pupils for RAD ballet and ISTD tap exams every spring term, the exam fee is £58, "
        "and your child's teacher will tell you when they are ready to take one."},
       {"Is there an end-of-year show?",
        "Our summer show is held at the Chelmsford Civic Theatre in July, every pupil gets to "
        "perform, costume hire is £25 per child and audience tickets are £9 each."},
       {"Do you offer a discount for brothers and sisters?",
        "Brothers and sisters each get 15% off their own term fees, for every sibling after the "
        "first child."},
       {"Is there parking, and can parents wait during class?",
        "We have a free car park with 20 spaces behind the studio, and parents are welcome to wait "
        "in our upstairs lounge, which has free Wi-Fi and a coffee machine."},
       {"What happens if my child misses a class?",
        "We don't refund missed classes, but your child can book up to 2 make-up classes per term "
        "in another class of the same style."},
       {"When do fees have to be paid?",
        "Term fees are due before the first class of each term by bank transfer or card, and a £7 "
        "late fee is added if they are still unpaid after the second week of term."},
       {"How big are the classes and who teaches them?",
        "All our teachers are fully qualified and DBS checked, and no class has more than 14 "
        "children."}});
  // A hall is the venue; a part that the passage of the part before answered alone goes on with
  // it (the travel charge, not the booking fee).
  const std::string hall = FirstReply(
      disco,
      "what would u need from the hall? its quite old and i dont think theres many plugs anywhere "
      "near the stage");
  EXPECT_TRUE(Has(hall, "13-amp")) << hall;
  EXPECT_FALSE(Has(hall, "120 days")) << hall;
  const std::string travel = FirstReply(
      disco,
      "ok so we are in rushden actually, maybe 15 mile from northampton. you charge us to come or "
      "no");
  EXPECT_TRUE(Has(travel, "85p")) << travel;
  EXPECT_FALSE(Has(travel, "£150")) << travel;
  // Hiring, where the knowledge never speaks of it, is no topic; the rest to pay is the balance,
  // and when it is paid is when it is due.
  const std::string mic = FirstReply(
      disco,
      "his best man wants to do a speech at the reception, do we need to hire a mic off u or what");
  EXPECT_TRUE(Has(mic, "microphone")) << mic;
  const std::string rest = FirstReply(disco, "also when do we have to pay off the rest");
  EXPECT_TRUE(Has(rest, "14 days")) << rest;
  // A story after a question about something the knowledge never names says why: what it finds
  // by chance (the uplighting, through the colour) is not said.
  const std::string suit = FirstReply(
      disco,
      "also random one but does the dj wear a suit or is it more casual? my mum is obsessed with "
      "everyone matching the colour scheme lol");
  EXPECT_TRUE(OffersHandoff(suit)) << suit;
  EXPECT_FALSE(Has(suit, "£140")) << suit;
  // A cab is a taxi; pulling out without paying is cancelling free.
  const std::string cab = FirstReply(
      cabs,
      "right so were flying out of gatwick on the 14th, me the wife and our 2 kids, were in "
      "horsham near the park. whats a cab gonna cost us just to get there");
  EXPECT_TRUE(Has(cab, "£32")) << cab;
  const std::string pull = FirstReply(
      cabs,
      "meetings get moved all the time in my job, whats the latest i can pull out without paying "
      "anything");
  EXPECT_TRUE(Has(pull, "24 hours")) << pull;
  // Kit is the uniform, owt off is a discount, hanging about is waiting.
  const std::string kit = FirstReply(
      dance,
      "and does she need proper kit or can she just come in leggings, what do i have to buy");
  EXPECT_TRUE(Has(kit, "leotard")) << kit;
  const std::string off =
      FirstReply(dance, "blimey. is there owt off for having more than one of them with you");
  EXPECT_TRUE(Has(off, "15%")) << off;
  const std::string wait = FirstReply(
      dance, "and can i hang about there while hes in or do i have to go off and come back");
  EXPECT_TRUE(Has(wait, "lounge")) << wait;
  // "how many" is answered by a limit on a count of what is asked about.
  const std::string many = FirstReply(dance, "how many kids are in his class anyway");
  EXPECT_TRUE(Has(many, "14 children")) << many;
}

TEST(LocalResponderAnswersTest, AClimbingCentreABarberAndASportsClinicAreUnderstood) {
  const core::Agent climbing = AgentKnowing(
      "Cragtop Climbing",
      {{"How much is a day pass?",
        "An adult day pass costs £14, and students and over-65s pay a concession rate of £11 with "
        "valid ID."},
       {"What memberships do you offer?",
        "Unlimited monthly membership costs £49 by direct debit with no minimum term, or you can "
        "buy a 12-visit pass for £130 that lasts a year."},
       {"Do beginners need an induction?",
        "Everyone new to climbing must book a 90-minute induction before climbing on their own; it "
        "costs £25 per person and includes shoe and harness hire for the session."},
       {"Can I hire shoes and a harness?",
        "Climbing shoes cost £4 to hire and harnesses cost £2, and you only need a harness on our "
        "15-metre roped walls, not in the bouldering area."},
       {"What are the age rules for young climbers?",
        "Climbers under 16 must have a supervising adult with them at all times, and 16- and "
        "17-year-olds can climb on their own once they've passed the induction and brought a "
        "signed parental consent form."},
       {"Do you run a kids' club?",
        "Our Geckos kids' club runs every Saturday morning for ages 6 to 13; each session lasts 75 "
        "minutes and a half-term block costs £54."},
       {"Do you do birthday parties?",
        "Climbing birthday parties are for up to 18 children and cost £190, with an hour of "
        "climbing led by an instructor followed by 45 minutes in our private party room."},
       {"What are your opening hours?",
        "We're open 7am to 10pm Monday to Friday, and 8am to 8pm on Saturdays, Sundays and bank "
        "holidays."},
       {"What are the peak-time rules?",
        "Weekday peak time is 5pm to 9pm, when sessions are limited to 3 hours and everyone must "
        "book a slot online in advance."},
       {"Do you have a cafe?",
        "Our Ledge Café serves hot food and drinks until 40 minutes before closing, and members "
        "get 20% off everything."},
       {"Do you have lockers?",
        "Lockers take a £1 coin that you get back, and bags aren't allowed in the bouldering area "
        "for safety."},
       {"Is there parking?",
        "We have 35 free parking spaces on site plus covered racks for 24 bikes."},
       {"Do you teach lead climbing?",
        "Our Learn to Lead course runs over two weekends, costs £95, and teaches you to lead climb "
        "and belay a lead climber safely."}});
  const core::Agent barber = AgentKnowing(
      "Fadeline Barbers",
      {{"How much is a haircut?",
        "A standard scissor or clipper cut is £18, and a skin fade is £22."},
       {"How long does a skin fade take and how often should I get it redone?",
        "A skin fade takes about 40 minutes in the chair, and we recommend a touch-up every 3 "
        "weeks to keep it sharp."},
       {"Do you do beard trims?",
        "A beard trim with a razor line-up is £12 on its own, or £26 when booked together with a "
        "standard cut."},
       {"Do you cut children's hair?",
        "Kids' cuts for children aged 11 and under are £14, and a parent or guardian must stay in "
        "the shop during the cut."},
       {"Do you do hot towel shaves?",
        "Our traditional hot towel shave with a cut-throat razor is £25 and takes about 35 "
        "minutes."},
       {"What are your opening hours?",
        "We're open 9am to 7pm Monday to Friday and 8am to 5pm on Saturdays, and we're closed on "
        "Sundays and bank holidays."},
       {"How do I book an appointment?",
        "You can book an appointment with any barber through our website or the Fadeline app up to "
        "30 days ahead."},
       {"Can I just walk in, and how long is the wait?",
        "Walk-ins are welcome and served first-come, first-served; on Saturdays the wait is "
        "usually around 45 minutes, and we stop taking walk-ins 20 minutes before closing."},
       {"How can I pay?",
        "We're card only: we take Visa, Mastercard, Amex, Apple Pay and Google Pay, and we don't "
        "accept cash."},
       {"Do you have a loyalty card?",
        "Our loyalty card gets a stamp for every paid haircut, and your 10th haircut is free."},
       {"What happens if I'm late for my appointment?",
        "If you're more than 15 minutes late we'll move you into the walk-in queue rather than "
        "cutting your slot short."},
       {"What is your cancellation and no-show policy?",
        "You can cancel or move an appointment free of charge up to 24 hours before, but no-shows "
        "and later cancellations are charged 50% of the booked service."},
       {"Do you offer student or pensioner discounts?",
        "Students and over-65s get £2 off any haircut Monday to Thursday with valid ID."},
       {"Do you do hair designs or patterns?",
        "Shaved hair designs, lines and razor parts start at £4 on top of any haircut."}});
  const core::Agent clinic = AgentKnowing(
      "Kneadwell Sports Therapy",
      {{"How long are your sports massage sessions and how much do they cost?",
        "A 30-minute sports massage costs £38 and a 60-minute sports massage costs £62."},
       {"What happens at my first appointment?",
        "Your first visit is a 75-minute assessment and treatment with one of our physiotherapists "
        "for £79, where we go through your injury history and test your movement and strength."},
       {"How much are follow-up physiotherapy sessions?",
        "Follow-up physiotherapy sessions last 45 minutes and cost £55."},
       {"What should I wear to my appointment?",
        "Please bring shorts and a vest top or sports bra so your therapist can see and reach the "
        "area, and arrive 10 minutes early to fill in a health form."},
       {"Can I claim on my health insurance?",
        "We are registered with Bupa, AXA Health and Vitality and can bill them directly, as long "
        "as you send us your authorisation code at least 48 hours before your session."},
       {"What is your cancellation policy?",
        "We need 24 hours' notice to cancel or move an appointment, and late cancellations or "
        "no-shows are charged 50% of the session fee."},
       {"Do you do home visits?",
        "Our therapists do home visits within 11 miles of the clinic for an extra £25 on top of "
        "the normal session price."},
       {"Do you do sports taping?",
        "Kinesiology taping can be added to any session for £14, and the tape usually stays on for "
        "up to 5 days."},
       {"Do you have treatment packages?",
        "Our block of 6 hour-long sports massages costs £330, which saves you £42 compared with "
        "booking them one at a time."},
       {"Where can I park?",
        "We have 4 free parking bays behind the clinic on Mill Lane, and the Station Road pay and "
        "display car park is a 2-minute walk away."},
       {"Do you offer a student discount?",
        "Students get 15% off any massage or physiotherapy session with a valid student card, "
        "Monday to Thursday only."},
       {"What are your opening hours?",
        "We are open 7am to 8pm Monday to Friday and 9am to 1pm on Saturdays, and we are closed on "
        "Sundays."},
       {"Do you treat children?",
        "We treat young athletes from age 12 upwards, and under-16s must have a parent or guardian "
        "in the room."}});
  // "what time do you open" is one question, answered by the opening hours, not by another
  // passage that states times (the peak time) and holds only the question's "time".
  const std::string open = FirstReply(
      climbing,
      "hey, been coming to yours on and off for a couple of years, usually after work. what time "
      "do you open in the mornings now, thinking of going before my shift");
  EXPECT_TRUE(Has(open, "7am")) << open;
  EXPECT_FALSE(Has(open, "5pm to 9pm")) << open;
  const std::string mornings = FirstReply(climbing, "what time do you open in the mornings");
  EXPECT_TRUE(Has(mornings, "7am")) << mornings;
  // Never having done it is being new to it; rocking up is turning up.
  const std::string first = FirstReply(
      climbing,
      "weve literally never done it before. do we need to do some kind of lesson first or can we "
      "just rock up");
  EXPECT_TRUE(Has(first, "induction")) << first;
  // Rammed is busy: the peak time, the Saturday wait.
  const std::string rammed = FirstReply(
      climbing,
      "we both work til half 5 so itd be evenings, is it gonna be rammed? heard somewhere you have "
      "to book or summat");
  EXPECT_TRUE(Has(rammed, "5pm to 9pm")) << rammed;
  const std::string saturday =
      FirstReply(barber, "what about saturdays, is it rammed? thats the only day im not on shift");
  EXPECT_TRUE(Has(saturday, "45 minutes")) << saturday;
  // Coming out to the house is a home visit.
  const std::string home = FirstReply(
      clinic,
      "my dad did his shoulder in at golf and cant really drive at the minute, can one of your lot "
      "come out to the house");
  EXPECT_TRUE(Has(home, "11 miles")) << home;
}

TEST(LocalResponderAnswersTest, ACoachFirmACoworkingSpaceAndAVetAreUnderstood) {
  const core::Agent coaches = AgentKnowing(
      "Trentside Tours",
      {{"Do you do short breaks?",
        "Our 4-night Lake District short break costs £319 per person sharing, including half-board "
        "at a lakeside hotel and all coach travel."},
       {"Can I eat and drink on the coach?",
        "You can bring your own food and soft drinks on board, but no alcohol, please."},
       {"How much luggage can I bring?",
        "On short breaks each passenger can bring one suitcase up to 20kg plus a small bag."},
       {"What day trips do you run?",
        "Our Blackpool day trip costs £31 per adult and children under 12 pay £17."},
       {"What is your refund policy if I cancel?",
        "If you cancel 14 days or more before departure you get a full refund minus an £8 admin "
        "fee."}});
  // A few days away is a short break; board is meals.
  Dialogue away(coaches);
  const std::string break_reply =
      away.Say("fancy a few days away with the wife, do you do anything like that").text;
  EXPECT_TRUE(Has(break_reply, "£319")) << break_reply;
  const std::string meals = away.Say("is that with meals or do we sort our own").text;
  EXPECT_TRUE(Has(meals, "half-board")) << meals;
  EXPECT_FALSE(Has(meals, "alcohol")) << meals;
  // Sandwiches are food.
  const std::string food = FirstReply(coaches, "can we bring sandwiches on or is it no eating");
  EXPECT_TRUE(Has(food, "your own food")) << food;
  // How much one may take along is a luggage allowance, not a price.
  const std::string luggage =
      FirstReply(coaches, "how much can we take with us, she packs for a fortnight");
  EXPECT_TRUE(Has(luggage, "20kg")) << luggage;
  EXPECT_FALSE(Has(luggage, "£")) << luggage;
  // "what's the deal if" asks what would happen: no apology for a feared illness; not going
  // after all is cancelling.
  core::MessageMetadata worried;
  worried.sentiment = "negative";
  const std::string ill =
      Dialogue(coaches)
          .Say("and whats the deal if one of us gets poorly and we cant go", worried)
          .text;
  EXPECT_TRUE(Has(ill, "£8")) << ill;
  EXPECT_FALSE(Has(ill, "sorry")) << ill;
  // Charging a phone is no charge to pay.
  const std::string phones = FirstReply(coaches, "is there anywhere to charge phones on the coach");
  EXPECT_FALSE(Has(phones, "£")) << phones;

  const core::Agent desks = AgentKnowing(
      "Quayside Desks",
      {{"Can you handle my post?",
        "A virtual business address with post handling is £39 a month, and we email you the day "
        "your letters arrive."},
       {"How much is a day pass?", "A day pass is £16 and gets you any free hot desk."},
       {"Where are you?", "We're on King Street in Bristol, two minutes from the station."}});
  // An address the customer wants to use is the post handling, not where the business is.
  const std::string post = FirstReply(
      desks, "we'd want to use your address for the business and have you take our letters in");
  EXPECT_TRUE(Has(post, "£39")) << post;
  EXPECT_FALSE(Has(post, "King Street")) << post;
  const std::string where = FirstReply(desks, "whats your address");
  EXPECT_TRUE(Has(where, "King Street")) << where;

  const core::Agent vets = AgentKnowing(
      "Teme Vets",
      {{"How much is a dental clean?",
        "A dental scale and polish under anaesthetic costs £310, including a blood test."},
       {"How much does it cost to neuter a dog?",
        "Dog neutering costs £230 for dogs under 20 kg and £350 for dogs of 20 kg and over."},
       {"How much are vaccinations?",
        "A puppy's first course costs £74, and after that a yearly booster costs £44."}});
  // Teeth are dental; a kilo is a kg; every year is yearly.
  const std::string teeth = FirstReply(vets, "what about his teeth, how much for a clean");
  EXPECT_TRUE(Has(teeth, "£310")) << teeth;
  const std::string kilo = FirstReply(vets, "hes about 18 kilo, how much to neuter him");
  EXPECT_TRUE(Has(kilo, "£230")) << kilo;
  Dialogue jabs(vets);
  jabs.Say("how much are the puppy jabs");
  const std::string yearly = jabs.Say("and then is it every year after that").text;
  EXPECT_TRUE(Has(yearly, "£44")) << yearly;
  // A question mark ends a question, however it opens, even after a thanks.
  const std::string groomer = FirstReply(
      vets, "ok thank you. last thing, you have somebody there to cut his fur? like a groomer");
  EXPECT_TRUE(Has(groomer, "don't have") || Has(groomer, "do not have")) << groomer;
}

TEST(LocalResponderAnswersTest, AStoryToldWithoutPunctuationStillGivesItsPrice) {
  const core::Agent sweep = AgentKnowing(
      "Sootfree Sweeps",
      {{"Can you remove a bird's nest?",
        "We remove nests from chimneys outside the nesting season for £55, and fit a cowl to keep "
        "birds out for £60 more."},
       {"How much is a chimney sweep?", "A standard sweep costs £65 and takes about an hour."},
       {"Do you give a certificate?", "Every sweep comes with a certificate for your insurer."},
       {"What are your opening hours?", "We sweep Monday to Friday, 8am to 5pm."},
       {"Do you do CCTV surveys?", "A camera survey of your flue costs £95."}});
  // The story covers the nest passage too thinly for an answer, and the question is only "what
  // do you charge for that"; together they single it out.
  const std::string nest = FirstReply(
      sweep,
      "theres been scratching in the back bedroom wall for a week my neighbour reckons jackdaws "
      "have nested up there what do you charge for that");
  EXPECT_TRUE(Has(nest, "£55")) << nest;
  // A question with a topic of its own is not answered this way: the knowledge never names
  // what "them" is.
  const std::string unknown = FirstReply(
      sweep, "we had solar panels put on the roof last spring do you clean them as well");
  EXPECT_FALSE(Has(unknown, "£")) << unknown;
}

TEST(LocalResponderAnswersTest, AFollowUpTopicOneEntryIsAboutIsAskedForItself) {
  const core::Agent coaches = AgentKnowing(
      "Trentside Tours",
      {{"What day trips do you run?",
        "Our Blackpool day trip costs £31 per adult and children under 12 pay £17."},
       {"Can I choose my seat?",
        "Seats are allocated in booking order, but you can reserve a front seat for £6 extra."},
       {"What is your refund policy?",
        "Cancel 14 days before departure for a full refund; after that you can pass your seat to "
        "a friend."},
       {"What happens if you cancel a trip?",
        "If fewer than 20 seats are sold we cancel the trip and refund you in full."},
       {"How much luggage can I bring?", "Bring one day bag that fits under your seat."}});
  // "what about seats" after the trips' prices: the entry whose question names seats, not the
  // refund, the cancelled trip or the luggage that mention a seat.
  Dialogue d(coaches);
  d.Say("how much is the blackpool trip");
  const std::string seats = d.Say("what about seats").text;
  EXPECT_TRUE(Has(seats, "£6")) << seats;
  EXPECT_FALSE(Has(seats, "refund")) << seats;
}

TEST(LocalResponderAnswersTest, HowLongAfterAnAnsweredPartAndAnyoneAbout) {
  const core::Agent sparks = AgentKnowing(
      "Teme Electrical",
      {{"Do you fit EV chargers?",
        "Yes, we supply and fit a smart home EV charger for £925, and most installs are done in "
        "half a day."},
       {"How much is a rewire?",
        "A full rewire of a typical semi-detached house starts from £4,600 and takes around 9 "
        "working days."},
       {"Do you give free quotes?",
        "Quotes for bigger jobs such as rewires and EV chargers are free."}});
  // How long, asked after a part that an entry stating a duration answered, goes on with it: not
  // the rewire's working days. (The car is the EV; where the job is done is no topic.)
  const std::string charger =
      FirstReply(sparks,
                 "so the charger for the car, how much is it please and how long is the man at our "
                 "house for");
  EXPECT_TRUE(Has(charger, "£925")) << charger;
  EXPECT_FALSE(Has(charger, "£4,600")) << charger;
  // Far is a question of the area covered.
  const core::Agent travel = AgentKnowing(
      "Teme Electrical",
      {{"Which areas do you cover?",
        "We cover Ludlow and the villages within 10 miles, and further out we add a flat £18 "
        "travel charge."},
       {"How do I pay?", "We take card, bank transfer or cash."}});
  const std::string far = FirstReply(
      travel, "tenbury is a bit far from ludlow no? is there more to pay for you to travel");
  EXPECT_TRUE(Has(far, "£18")) << far;
  // Whether anyone is there is a greeting.
  const std::string anyone = FirstReply(sparks, "hiya, anyone about?");
  EXPECT_TRUE(Has(anyone, "how can i help")) << anyone;
  EXPECT_FALSE(Has(anyone, "don't have")) << anyone;
}

TEST(LocalResponderAnswersTest, WhenTheThreadStartsABlockIsTheDealAndAReasonIsNoTopic) {
  const core::Agent range = AgentKnowing(
      "Meadow Golf",
      {{"What are your opening times?",
        "We're open 8am to 9pm Monday to Friday, and 9am to 8pm at weekends."},
       {"Do you run sessions for children?",
        "Our Junior Club for ages 7 to 15 runs every Sunday at 2pm, costs £10 per session, and "
        "we lend junior clubs for free."},
       {"How much are golf lessons?",
        "A 30-minute lesson with our pro costs £32, or you can buy a block of 5 lessons for "
        "£140."},
       {"Do you regrip clubs?", "The pro shop regrips clubs for £3 per club plus the grip."},
       {"Can I hire clubs?", "Premium demo clubs can be hired for £4 each."}});
  // What time "it" kicks off, after the junior sessions: when they start, not the opening hours.
  Dialogue kids(range);
  kids.Say("is there anything for kids at yours");
  const std::string when = kids.Say("aw perfect, what time does it kick off").text;
  EXPECT_TRUE(Has(when, "2pm")) << when;
  EXPECT_FALSE(Has(when, "8am")) << when;
  // A reason after "cos" is no topic when the part as a whole finds nothing.
  const std::string clubs =
      kids.Say("does he need to bring his own clubs cos hes only got a plastic set from argos")
          .text;
  EXPECT_TRUE(Has(clubs, "lend junior clubs")) << clubs;
  // What night, after an entry that names the weekday.
  const core::Agent school = AgentKnowing(
      "Leeds Languages",
      {{"Do you offer online lessons?",
        "Live online classes cost £185 a term and run on Wednesday evenings for 90 minutes."},
       {"When are the classes?",
        "Evening classes meet once a week, for 2 hours, at our city centre school."}});
  Dialogue online(school);
  const std::string home = online.Say("can i do it from home instead, whats that cost").text;
  EXPECT_TRUE(Has(home, "£185")) << home;
  const std::string night = online.Say("what night is that on").text;
  EXPECT_TRUE(Has(night, "Wednesday")) << night;
  // A block bought at once is the deal.
  Dialogue lessons(range);
  lessons.Say("whats it cost for a lesson with your pro");
  const std::string deal = lessons.Say("and if i signed up for a few of them is there a deal").text;
  EXPECT_TRUE(Has(deal, "£140")) << deal;
}

TEST(LocalResponderAnswersTest, WhatAboutSaturdaysGetsTheSaturdayClause) {
  const core::Agent range = AgentKnowing(
      "Teeside Range",
      {{"What are your opening hours?",
        "We're open 7am to 10pm Monday to Friday, and 9am to 9pm on Saturdays and Sundays."},
       {"How much is a bucket of balls?", "A bucket of 50 balls costs \u00a34.50."}});
  Dialogue d(range);
  const std::string week = d.Say("what time do you open in the week").text;
  EXPECT_TRUE(Has(week, "7am")) << week;
  // The follow-up names a day: the clause for it, not the weekday hours again.
  const std::string saturday = d.Say("and what about saturday, what time do you open then").text;
  EXPECT_TRUE(Has(saturday, "9am to 9pm")) << saturday;
  EXPECT_FALSE(Has(saturday, "7am")) << saturday;
}

TEST(LocalResponderAnswersTest, ANarrowboatFirmAndALaundryServiceAreUnderstood) {
  core::Agent boats = AgentKnowing(
      "Bargeway Narrowboat Holidays",
      {{"Do I need a licence or any experience to steer a narrowboat?",
        "No licence or previous experience is needed: every hire starts with a free 90-minute "
        "handover."},
       {"What time do we pick up and return the boat?",
        "You can board your boat from 3pm on your first day, and it must be back at the marina by "
        "9am on your last day."},
       {"Do you do short breaks?",
        "Weekend breaks run Friday to Monday and midweek breaks run Monday to Friday, costing "
        "\u00a3780."},
       {"Can we park our car at the marina?",
        "Yes, secure parking at the marina costs \u00a315 per car for the whole of your holiday."},
       {"Is there a damage deposit?",
        "We take a \u00a3300 refundable damage deposit by card when you pick up the boat."},
       {"How much do I pay when I book?", "We take a 20% deposit when you book."}});
  boats.company_info = "Bargeway hires out self-drive narrowboats for canal holidays.";
  // A story, then a question that singles out an entry: the company's description that also
  // names driving is background, no rival answer.
  const std::string licence = FirstReply(
      boats,
      "me and my partner have never done anything like this before, we watched that tv show. do "
      "we need some sort of licence to drive one of these things or can anyone have a go");
  EXPECT_TRUE(Has(licence, "90-minute")) << licence;
  // What time, asked of the first day: the boarding time, not the days of the short breaks.
  const std::string board = FirstReply(
      boats,
      "what time can we actually get on it on the first day, were driving down from leeds after "
      "work so wont be early. and can we leave the car at yours while were off on the water");
  EXPECT_TRUE(Has(board, "3pm")) << board;
  EXPECT_TRUE(Has(board, "\u00a315")) << board;
  EXPECT_FALSE(Has(board, "Friday to Monday")) << board;
  // A question that points back at a condition before it: the deposit for the damage.
  Dialogue d(boats);
  d.Say("how old do you have to be");
  const std::string dent = d.Say(
                                "and if one of the lads puts a dent in it what are we looking at, "
                                "do you take money off us up front for that")
                               .text;
  EXPECT_TRUE(Has(dent, "\u00a3300")) << dent;
  EXPECT_FALSE(Has(dent, "20%")) << dent;

  const core::Agent laundry = AgentKnowing(
      "PressFresh",
      {{"Where do you collect from and is collection and delivery free?",
        "We collect from homes inside the ring road, and collection and delivery are free on "
        "orders over \u00a325."},
       {"How do I pay?",
        "You pay by card when you book, and we only charge your card after collection."},
       {"What detergent do you use?",
        "Our standard detergent is non-bio, and a fragrance-free hypoallergenic option is "
        "available for an extra 75p per bag."}});
  // Whether one pays for a thing asks whether it is free, not how to pay.
  const std::string free =
      FirstReply(laundry, "and do i pay extra for u to come and get it or is that included");
  EXPECT_TRUE(Has(free, "\u00a325")) << free;
  // Sensitive skin needs the hypoallergenic; powder is detergent; a smell is a fragrance.
  const std::string skin = FirstReply(
      laundry,
      "the babys got really sensitive skin, health visitor said no strong smelly powders. can you "
      "do something for that");
  EXPECT_TRUE(Has(skin, "75p")) << skin;
}

TEST(LocalResponderAnswersTest, APhysioClinicIsUnderstood) {
  const core::Agent physio = AgentKnowing(
      "Mendwell Physio",
      {{"How long is the first physio appointment and how much does it cost?",
        "Your first appointment is a 60-minute assessment with a physiotherapist, and it costs "
        "\u00a365."},
       {"How much are follow-up physio sessions?",
        "Follow-up physiotherapy sessions last 40 minutes and cost \u00a348."},
       {"How much is a sports massage?",
        "A 45-minute sports massage costs \u00a342, and a 75-minute sports massage costs "
        "\u00a358."},
       {"How can I pay?",
        "We take debit and credit cards, Apple Pay and Google Pay at reception, but we don't "
        "accept cash."},
       {"Is there parking at the clinic?", "There are 11 free patient parking spaces."}});
  // Coming back again is a follow-up.
  Dialogue d(physio);
  d.Say("how much is the first appointment");
  const std::string again =
      d.Say("and if i need to keep comin back after that how much are the other ones").text;
  EXPECT_TRUE(Has(again, "\u00a348")) << again;
  // What the customer sets aside is no topic: the massage, not physio.
  const std::string massage = FirstReply(
      physio,
      "tbh i think i just need a good long massage rather than physio, how much wud a proper long "
      "one be");
  EXPECT_TRUE(Has(massage, "\u00a358")) << massage;
  EXPECT_FALSE(Has(massage, "\u00a365")) << massage;
  // Paying on a phone at the desk is Apple Pay at reception.
  const std::string phone = FirstReply(
      physio, "she never carries a purse just her phone, can she pay on that at the desk");
  EXPECT_TRUE(Has(phone, "Apple Pay")) << phone;
}

TEST(LocalResponderAnswersTest, AHolidayCampIsUnderstood) {
  const core::Agent camp = AgentKnowing(
      "Bramblewood Holiday Camp",
      {{"Do the children go swimming?",
        "Every Wednesday the children walk to the leisure centre for a 40-minute swim, at no extra "
        "cost."},
       {"What are your staff ratios and are staff checked?",
        "We have one member of staff for every 10 children, and every member of staff is DBS "
        "checked."},
       {"What about lunch?",
        "Children bring a packed lunch with no nuts, or you can order a hot lunch for \u00a33.20 a "
        "day."},
       {"What should my child bring?", "Please send a named water bottle, sun cream and trainers."},
       {"Can your staff give my child medicine?",
        "Inhalers and EpiPens are kept in a named bag with your child's group leader."}});
  const std::string ratio =
      FirstReply(camp, "and who actually looks after them, like how many kids to each grown up");
  EXPECT_TRUE(Has(ratio, "every 10 children")) << ratio;
  const std::string swim =
      FirstReply(camp, "which day is the swimming and how long are they actually in the pool for");
  EXPECT_TRUE(Has(swim, "Wednesday")) << swim;
  const std::string lunch =
      FirstReply(camp, "do they get given lunch or do we send him in with something");
  EXPECT_TRUE(Has(lunch, "packed lunch")) << lunch;
  const std::string bags = FirstReply(camp, "what should they have with them in their bags");
  EXPECT_FALSE(Has(bags, "EpiPens")) << bags;
  // How late one can stay asks the late club, not a late order to track; what that costs "on
  // top" asks its price.
  core::Agent hours = camp;
  hours.knowledge.push_back(
      {"Do you offer early drop-off or late pick-up?",
       "Early drop-off opens at 7:45am and costs \u00a34 a day, and our late club runs until 6pm "
       "and costs \u00a38 a day."});
  Dialogue d(hours);
  const std::string late =
      d.Say("whats the earliest we can drop them and how late can they stay").text;
  EXPECT_TRUE(Has(late, "6pm")) << late;
  EXPECT_FALSE(Has(late, "order number")) << late;
  const std::string on_top = d.Say("and how much is that on top").text;
  EXPECT_TRUE(Has(on_top, "\u00a34")) << on_top;
}

TEST(LocalResponderAnswersTest, ABarnWeddingVenueIsUnderstood) {
  const core::Agent barn = AgentKnowing(
      "Oakbarn Weddings",
      {{"How many guests can the barn hold?",
        "The barn seats up to 140 guests for a sit-down wedding breakfast and holds up to 180 for "
        "the evening reception."},
       {"Can we set up the day before?",
        "You and your suppliers can come in from 2pm the day before to decorate at no extra "
        "cost."},
       {"Is there accommodation on site?",
        "Our 7 converted cart-shed cottages sleep 26 guests in total, at \u00a388 per person per "
        "night."},
       {"Can we choose our own caterer?",
        "You can pick any caterer from our approved list of 6 suppliers, and caterers not on the "
        "list pay a \u00a3350 kitchen fee."},
       {"Can we come and view the barn?",
        "Show-round viewings take about 40 minutes and run on Wednesday evenings."}});
  const std::string fit = FirstReply(barn, "how many people can u actually fit in");
  EXPECT_TRUE(Has(fit, "180")) << fit;
  const std::string chef = FirstReply(
      barn, "and my mate is a chef, could he cook for us or do we have to go with one of yours");
  EXPECT_TRUE(Has(chef, "\u00a3350")) << chef;
  const std::string florist = FirstReply(
      barn, "our florist wants to come and do the flowers the night before, is that a thing");
  EXPECT_TRUE(Has(florist, "2pm")) << florist;
  EXPECT_FALSE(Has(florist, "\u00a388")) << florist;
  const std::string look =
      FirstReply(barn, "we'd love to have a nosey round first. how long does a look round take");
  EXPECT_TRUE(Has(look, "40 minutes")) << look;
}

// A question that offers two alternatives ("... or am i stuck sat in the car") is answered by what
// the knowledge says of one of them, when the question as a whole finds nothing.
TEST(LocalResponderAnswersTest, AnEitherOrQuestionIsAnsweredByTheAlternativeKnown) {
  const core::Agent pool =
      AgentKnowing("Splashers Swim School",
                   {{"Can parents watch the lessons?",
                     "Parents are welcome to watch from our viewing balcony, which seats 40."},
                    {"How long are the lessons?",
                     "Each lesson lasts 30 minutes, with classes after school on weekdays."},
                    {"How much are lessons?", "Group lessons cost \u00a3108 for a 12-week term."}});
  const std::string watch =
      FirstReply(pool, "can i watch from somewhere or am i stuck sat in the car for half an hour");
  EXPECT_TRUE(Has(watch, "balcony")) << watch;
  EXPECT_FALSE(Has(watch, "30 minutes")) << watch;
  // A question the knowledge covers as a whole keeps both alternatives.
  const std::string term =
      FirstReply(pool, "is the term paid up front or do i pay for each lesson as we go");
  EXPECT_TRUE(Has(term, "\u00a3108")) << term;
}

// A garage: the prices of the two services asked together, a loan car, a tyre going down, and
// whether the work is still covered.
TEST(LocalResponderAnswersTest, AGarageIsUnderstood) {
  const core::Agent garage = AgentKnowing(
      "Castle Lane Motors",
      {{"What services do you offer and what do they cost?",
        "Our interim service costs \u00a3129 and our full service costs \u00a3219."},
       {"Do you repair punctures and sell tyres?",
        "A puncture repair costs \u00a322 and takes about 35 minutes, and new tyres start from "
        "\u00a364 each, fitted and balanced."},
       {"How much is a cambelt change?",
        "A cambelt replacement usually costs between \u00a3320 and \u00a3480 depending on the "
        "car."},
       {"Do you have courtesy cars?",
        "We have 2 free courtesy cars; please book one at least 48 hours ahead."},
       {"What happens if my car fails its MOT?",
        "We give you a quote for the repairs, and the retest is free within 10 working days."},
       {"Do your repairs come with a warranty?",
        "All our repairs carry a parts and labour warranty for 12 months."}});
  const std::string services = FirstReply(
      garage, "whats the difference in price between the little service and the big one");
  EXPECT_TRUE(Has(services, "\u00a3129") && Has(services, "\u00a3219")) << services;
  EXPECT_FALSE(Has(services, "\u00a322 ")) << services;
  EXPECT_FALSE(Has(services, "\u00a3320")) << services;
  const std::string loan = FirstReply(garage, "can i have a loan car while mines in with you");
  EXPECT_TRUE(Has(loan, "48 hours")) << loan;
  const std::string tyre =
      FirstReply(garage,
                 "the tyre in the front is going down slow every week, my neighbour say maybe is a "
                 "nail. you can fix it?");
  EXPECT_TRUE(Has(tyre, "\u00a322 ")) << tyre;
  const std::string covered = FirstReply(garage, "is that work still covered or what");
  EXPECT_TRUE(Has(covered, "12 months")) << covered;
  EXPECT_FALSE(Has(covered, "10 working days")) << covered;
}

// A greeting, a story and a question without its question mark: the question is answered (here,
// that the knowledge has nothing on it), not greeted back alone.
TEST(LocalResponderAnswersTest, AGreetingBeforeAStoryAndAnUnmarkedQuestionIsNoBareGreeting) {
  const core::Agent studio = AgentKnowing(
      "Lotusflow Yoga",
      {{"How much is a drop-in class?", "A single drop-in class costs \u00a314."},
       {"Do you offer private sessions?",
        "A one-to-one private session lasts 50 minutes and costs \u00a355."},
       {"How long are the classes?",
        "Most of our classes last 60 minutes, while our Yin classes run for 75 minutes."}});
  const std::string hello =
      FirstReply(studio,
                 "hi there, moved here in the summer and ive been doing videos in my "
                 "living room. so whats the best deal for someone like me");
  EXPECT_TRUE(Has(hello, "don't have") || Has(hello, "do not have")) << hello;
  const std::string private_session =
      FirstReply(studio,
                 "also been thinking about some 1 to 1 time with a teacher to sort my form "
                 "out, how long are those and whats the damage");
  EXPECT_TRUE(Has(private_session, "50 minutes")) << private_session;
  EXPECT_FALSE(Has(private_session, "75 minutes")) << private_session;
}

// A blinds fitter: remote-controlled blinds are motorised, a flat fitting charge is no answer
// about a flat, and how long they are built to last is the guarantee.
TEST(LocalResponderAnswersTest, ABlindsFitterIsUnderstood) {
  const core::Agent blinds = AgentKnowing(
      "Blindspot Blinds",
      {{"Do you charge for fitting?",
        "Fitting is free on orders over \u00a3400; for smaller orders there is a flat \u00a335 "
        "fitting charge per visit."},
       {"Do you do motorised blinds?",
        "Motorised roller blinds cost an extra \u00a3135 per blind."},
       {"What guarantee do you give?",
        "All our blinds come with a 5-year guarantee, and our shutters are guaranteed for 15 "
        "years."},
       {"Can you take away our old blinds?",
        "We can take down and recycle your old blinds for \u00a314 per window."}});
  const std::string remote = FirstReply(blinds, "can u get ones that go up and down with a remote");
  EXPECT_TRUE(Has(remote, "\u00a3135")) << remote;
  EXPECT_FALSE(Has(remote, "\u00a314 ")) << remote;
  const std::string poles =
      FirstReply(blinds, "you sell also the curtain poles? in the flat there is none");
  EXPECT_FALSE(Has(poles, "\u00a335")) << poles;
  const std::string last = FirstReply(blinds, "how long are they built to last tho");
  EXPECT_TRUE(Has(last, "15 years")) << last;
}

// A lettings agency and a dental practice: a viewing after work, managing a house for a landlord,
// a pet, a late opening, and sedation for a nervous patient.
TEST(LocalResponderAnswersTest, ALettingsAgencyAndADentistAreUnderstood) {
  const core::Agent lettings = AgentKnowing(
      "Keystone Lettings",
      {{"When can I view a property?",
        "Viewings run Monday to Friday until 7pm and on Saturdays until 1pm."},
       {"How does referencing work and what income do I need?",
        "Referencing normally takes 3 working days, and your yearly income needs to be at least 30 "
        "times the monthly rent."},
       {"Do you allow pets?",
        "Pets are allowed where the landlord agrees, with an extra \u00a325 a month on the rent "
        "for each pet."},
       {"What are your fees for landlords?",
        "Our fully managed service costs 11% of the monthly rent plus VAT."}});
  const std::string viewing =
      FirstReply(lettings,
                 "we saw a 2 bed flat of yours on rightmove. when can we actually go "
                 "round and see it tho, were both at work til 6 most days");
  EXPECT_TRUE(Has(viewing, "7pm")) << viewing;
  EXPECT_FALSE(Has(viewing, "30 times")) << viewing;
  const std::string manage =
      FirstReply(lettings,
                 "I live up in Manchester now. What would you charge to take care of the whole lot "
                 "for me?");
  EXPECT_TRUE(Has(manage, "11%")) << manage;
  const std::string dog =
      FirstReply(lettings, "ok so the dog, it is possible? how much more i pay");
  EXPECT_TRUE(Has(dog, "\u00a325")) << dog;

  const core::Agent dentist = AgentKnowing(
      "SmileCare Dental",
      {{"What are your opening hours?",
        "We're open Monday to Friday 8am to 6pm with late opening until 8pm on Thursdays."},
       {"Where can I park?", "We have 5 free parking spaces behind the practice."},
       {"Do you help nervous patients?",
        "For nervous patients we offer IV sedation at \u00a3240 per session."}});
  const std::string late = FirstReply(
      dentist,
      "is there any chance of getting in after work? i dont finish till half 5 and its a "
      "drive from birmingham");
  EXPECT_TRUE(Has(late, "8pm")) << late;
  const std::string sedation =
      FirstReply(dentist, "is there a way to be knocked out for it or summat? how much is that");
  EXPECT_TRUE(Has(sedation, "\u00a3240")) << sedation;
}

// A part that puts its question last ("and the deposit is how much") asks; it is no story told
// after a question, whose finds are left unsaid.
TEST(LocalResponderAnswersTest, AQuestionPutLastAsks) {
  const core::Agent lettings = AgentKnowing(
      "Keystone Lettings",
      {{"How much is the security deposit?",
        "The security deposit is 5 weeks' rent, registered with the Deposit Protection Service."},
       {"How do I reserve a property?",
        "You reserve a home by paying a holding deposit of a week's rent."},
       {"Can I use a guarantor?",
        "If you don't pass the income check, a UK-based guarantor whose yearly income is at least "
        "36 times the monthly rent can sign as your guarantor."}});
  const std::string reply =
      FirstReply(lettings,
                 "the man at the viewing say i need to pass some check, what income i need for "
                 "this? and the deposit is how much");
  EXPECT_TRUE(Has(reply, "36 times")) << reply;
  EXPECT_TRUE(Has(reply, "5 weeks")) << reply;
}

// A question after "so", typed without its question mark ("my husband works all week so could
// someone come on a saturday instead"), asks: it is no complaint given one passage.
TEST(LocalResponderAnswersTest, AQuestionAfterSoAsks) {
  const core::Agent blinds = AgentKnowing(
      "Blindspot Blinds",
      {{"How long does it take from measuring to fitting?",
        "Blinds are made in our Leeds workshop and fitted within 3 weeks of your measuring "
        "visit."},
       {"When can you come out to measure or fit?",
        "Measuring and fitting appointments are available Monday to Friday from 8am to 6pm, and "
        "on Saturdays from 9am to 2pm."},
       {"How much are roller blinds?",
        "Made-to-measure roller blinds start at \u00a349 per window."},
       {"Do you charge for fitting?",
        "Fitting is free on orders over \u00a3400; for smaller orders there is a flat \u00a335 "
        "fitting charge per visit."},
       {"What guarantee do you give?", "All our blinds come with a 5-year guarantee."},
       {"What area do you cover?", "We cover homes within 25 miles of our Leeds showroom."}});
  core::MessageMetadata complaint;
  complaint.intent = "support";
  complaint.fine_intent = "complaint";
  complaint.sentiment = "neutral";
  const std::string reply =
      Dialogue(blinds)
          .Say("my husband works all week so could someone come on a saturday instead", complaint)
          .text;
  EXPECT_TRUE(Has(reply, "9am")) << reply;
  EXPECT_FALSE(Has(reply, "sorry")) << reply;
}

// A courier's customers (round O): coming round to grab parcels is a collection, next day and
// same day are two services, what need not be is set aside, a parcel that turns up smashed to bits
// is damaged, and next door is the neighbour.
TEST(LocalResponderAnswersTest, ACourierIsUnderstood) {
  const core::Agent courier = AgentKnowing(
      "ParcelHop",
      {{"Do you do same-day delivery?",
        "Same-day delivery within 12 miles of our depot costs \u00a314.50 per parcel if you book "
        "before 11am."},
       {"How much is next-day delivery?",
        "Next-day delivery anywhere in mainland UK costs \u00a36.95 for parcels up to 4kg and "
        "\u00a310.60 for anything heavier."},
       {"What are your size and weight limits?",
        "Each parcel can weigh up to 25kg and measure up to 120cm on its longest side."},
       {"Can you collect parcels from me?",
        "We can collect from your home or workplace for an extra \u00a33.50 per booking."},
       {"When is your drop-off counter open?",
        "Our drop-off counter is open 8am to 8pm Monday to Friday and 9am to 2pm on Saturdays."},
       {"How do I track my parcel?",
        "Every parcel gets a tracking link by text, and on the morning of delivery we narrow it "
        "down to a 1-hour arrival slot."},
       {"Can you leave my parcel somewhere else or change the address?",
        "We can leave your parcel with a neighbour for free, or redirect it to a different "
        "address for \u00a32.75."},
       {"Are parcels insured if they get lost or damaged?",
        "Every parcel is covered for loss or damage up to \u00a350 as standard."},
       {"Is there anything you won't carry?",
        "We can't carry cash, aerosols, loose lithium batteries or anything flammable."},
       {"Do you sell boxes?",
        "Our counter sells small boxes for 85p and large boxes for \u00a31.60."},
       {"What if my same-day parcel is late?",
        "If a same-day parcel arrives late we refund the delivery charge in full."},
       {"Do you deliver at weekends?",
        "Saturday delivery is available on next-day parcels for \u00a32.10 extra."}});
  const auto answers = [&](const std::string& question, const std::string& fact,
                           const std::string& not_this = "\u00a399.99") {
    const std::string reply = FirstReply(courier, question);
    EXPECT_TRUE(Has(reply, fact)) << question << "\n" << reply;
    EXPECT_FALSE(Has(reply, not_this)) << question << "\n" << reply;
  };
  answers(
      "if i wanted some1 to come round and grab the parcels off me how does that work and "
      "whats the damage",
      "\u00a33.50");
  answers("and wat would it be to actually send them for next day", "\u00a36.95", "\u00a314.50");
  answers(
      "cool so how much would that be then, doesnt need to get there same day, next day is "
      "fine and its defo over 4 kilos",
      "\u00a310.60", "\u00a314.50");
  answers("what happens if one turns up smashed to bits at the other end", "\u00a350");
  answers("can i chuck a can of deodorant in there too", "aerosols");
  answers("its a proper long box as well, like a metre and a bit, will that be ok", "120cm");
  answers("what if it doesnt get there on time tho", "refund");
  answers("can i see where the driver has got to so i know when to tell her to be in", "1-hour");
  answers("can they not just leave it with next door, or send it to my work instead", "neighbour");
  answers("can they not just leave it with next door, or send it to my work instead", "\u00a32.75");
}

// A sofa shop's customers (round O): an L-shaped sofa is the corner one, a door it must get
// through is the doorway it fits, mud is a stain, and how long the shop's own last is their
// guarantee.
TEST(LocalResponderAnswersTest, ASofaShopIsUnderstood) {
  const core::Agent shop = AgentKnowing(
      "SofaNest",
      {{"How much are your sofas?",
        "Our Hebden three-seater sofa costs \u00a3899, and our Calder corner sofa costs "
        "\u00a31,649."},
       {"How much is delivery?",
        "Standard delivery to UK mainland addresses costs \u00a339, and delivery is free on orders "
        "over \u00a31,000."},
       {"Will a sofa fit through my door?",
        "Our sofas fit through doorways at least 76 cm wide, and every sofa has screw-off legs."},
       {"Do you offer fabric protection?",
        "Our StainGuard fabric protection costs \u00a379 per sofa and covers accidental spills and "
        "stains for 36 months."},
       {"What guarantee do your sofas have?",
        "Our sofa frames are guaranteed for 20 years, and the springs and cushion fillings for 7 "
        "years."},
       {"What is your returns policy?",
        "You can return in-stock items within 30 days for a full refund, with a \u00a349 "
        "collection charge."},
       {"Can you take away my old sofa?",
        "We can take away your old sofa on the day we deliver your new one for \u00a345."}});
  const std::string sofas = FirstReply(
      shop,
      "hows much is a normal sized sofa for like 3 of us, and what about one of them big L shaped "
      "ones that go round the wall");
  EXPECT_TRUE(Has(sofas, "\u00a3899")) << sofas;
  EXPECT_TRUE(Has(sofas, "\u00a31,649")) << sofas;
  EXPECT_FALSE(Has(sofas, "\u00a339")) << sofas;
  const std::string door = FirstReply(
      shop,
      "the door into the living room is proper narrow tho, its an old conversion. will it even "
      "get thru");
  EXPECT_TRUE(Has(door, "76 cm")) << door;
  EXPECT_FALSE(Has(door, "\u00a345")) << door;
  const std::string paws = FirstReply(
      shop,
      "is there anything you can put on it so muddy paws dont totally wreck it? whats that "
      "cost");
  EXPECT_TRUE(Has(paws, "\u00a379")) << paws;
  EXPECT_FALSE(Has(paws, "\u00a349")) << paws;
  const std::string last = FirstReply(
      shop,
      "ok. how long do yours actually last? the last one we had from a different shop the frame "
      "snapped after about 4 years");
  EXPECT_TRUE(Has(last, "20 years")) << last;
}

// Getting old nails off is removing them.
TEST(LocalResponderAnswersTest, GettingOldNailsOffIsRemovingThem) {
  const core::Agent salon = AgentKnowing(
      "The Glow Bar",
      {{"How much is a gel manicure?", "A gel manicure is \u00a329 and takes about 45 minutes."},
       {"Do I need a patch test?",
        "Anyone having lash extensions for the first time needs a free patch test at least 48 "
        "hours before."},
       {"Can you remove gel or acrylics done somewhere else?",
        "Removing gel or acrylics done at another salon costs \u00a38 and adds about 30 minutes "
        "to your appointment."}});
  const std::string reply = FirstReply(
      salon,
      "she's got some old gel on from a place in town thats half peeling off, would u be able to "
      "get that off her first");
  EXPECT_TRUE(Has(reply, "\u00a38")) << reply;
}

// A pet insurer's and a mobile network's customers (round P): a greeting asking whether anyone
// is there, plans that are policies, an amount that is no misspelling of another, a phone nicked,
// a payment that bounced, and a country of the EU.
TEST(LocalResponderAnswersTest, AnInsurerAndAMobileNetworkAreUnderstood) {
  const core::Agent insurer = AgentKnowing(
      "PawCover",
      {{"What policy levels do you offer and how much do they cost?",
        "We offer three levels of cover: Bronze from \u00a312 a month, Silver from \u00a319 a "
        "month and Gold from \u00a332 a month."},
       {"How much will each policy pay towards vet fees?",
        "Bronze pays up to \u00a31,500 per condition and Gold pays up to \u00a37,500 per year."},
       {"What pets and ages do you insure?",
        "We insure cats and dogs from 8 weeks old, before your pet's 10th birthday."}});
  EXPECT_TRUE(Has(FirstReply(insurer, "hiya u there?"), "PawCover"));
  const std::string plans =
      FirstReply(insurer, "wat plans have u got and how much are they a month");
  EXPECT_TRUE(Has(plans, "Bronze from")) << plans;
  const std::vector<local::QueryTerm> terms =
      local::KnowledgeIndex::Build(insurer).Analyze("my mates dog had a \u00a33k op");
  EXPECT_TRUE(std::ranges::none_of(
      terms, [](const local::QueryTerm& t) { return t.alternatives.front().term == "\u00a332"; }));
  const core::Agent network =
      AgentKnowing("Simwise Mobile",
                   {{"When is my bill paid?",
                     "Your monthly bill is collected by Direct Debit on the 14th of each month."},
                    {"What happens if a payment fails?",
                     "If a Direct Debit fails we try it again after 48 hours."},
                    {"What should I do if my phone is lost or stolen?",
                     "Report it in the app and we will bar your SIM within 15 minutes."},
                    {"Can I keep my number when I join?",
                     "Text PAC to 65075 from your old network to get your PAC code."},
                    {"Can I use my phone in Europe?",
                     "Roaming in the EU is included on every plan for up to 25 days per trip."},
                    {"Can I use my phone outside Europe, for example in the USA?",
                     "Outside Europe you can add our World Pass for \u00a35 a day."}});
  const auto answers = [&](const std::string& question, const std::string& fact) {
    const std::string reply = FirstReply(network, question);
    EXPECT_TRUE(Has(reply, fact)) << question << "\n" << reply;
  };
  answers(
      "my phone got nicked on the tram last night, how do i stop whoever has it from using my "
      "sim",
      "15 minutes");
  answers(
      "hi got a text saying my direct debit bounced, i switched banks last week. what happens "
      "now",
      "48 hours");
  answers("will my phone still work in portugal", "25 days");
}

// More of round P: the customer's own manager is no person asked for, money put down to hold a
// date is the deposit, what one can never remember is no topic, an ailment seen to was treated,
// and cover straight away asks about the waiting period.
TEST(LocalResponderAnswersTest, ABowlingAlleyAndAnInsurerAreUnderstood) {
  const core::Agent alley = AgentKnowing(
      "Castlegate Lanes",
      {{"How do I book a party and when do you need final numbers?",
        "We take a \u00a325 deposit to secure a party booking, and final numbers must be "
        "confirmed 72 hours before."},
       {"How much does a game of bowling cost?",
        "One game costs \u00a36.50 per adult and \u00a34.95 per child under 16."}});
  const std::string thanks = FirstReply(
      alley, "cheers thats really helpful, ill run it past my manager and get back to you");
  EXPECT_FALSE(Has(thanks, "real person")) << thanks;
  EXPECT_FALSE(Has(thanks, "team")) << thanks;
  const std::string deposit = FirstReply(
      alley,
      "ok thats not bad. do i have to put money down to hold the date? and when do u need "
      "to know final numbers");
  EXPECT_TRUE(Has(deposit, "\u00a325")) << deposit;
  EXPECT_TRUE(Has(deposit, "72 hours")) << deposit;
  const core::Agent insurer = AgentKnowing(
      "PawCover",
      {{"How much is the excess?", "The excess is \u00a399 per condition each policy year."},
       {"Is there a waiting period before I can claim?",
        "Accidents are covered 48 hours after your policy starts, and illnesses after 14 days."},
       {"How do I make a claim?",
        "You claim in the app within 90 days of the treatment, and we aim to settle claims "
        "within 7 working days."},
       {"Can you pay my vet directly?",
        "For claims over \u00a3300 we can pay your vet directly."}});
  const std::string excess =
      FirstReply(insurer, "whats the excess on it again i can never remember");
  EXPECT_TRUE(Has(excess, "\u00a399")) << excess;
  const std::string claim = FirstReply(
      insurer,
      "she had her ear seen to at the vets last week, how long have i got to put a claim "
      "in for that");
  EXPECT_TRUE(Has(claim, "90 days")) << claim;
  const std::string waiting =
      FirstReply(insurer,
                 "if i sign up tonight and she swallows a sock tomorrow is she covered straight "
                 "away??");
  EXPECT_TRUE(Has(waiting, "48 hours")) << waiting;
}

// A follow-up that asks the price of more of what was just priced, a "what about" a day after a
// story, a question after a thanks, first-timers who are new customers, dinners that are a meal
// kit's recipes.
TEST(LocalResponderAnswersTest, MoreOfTheSameWhatAboutADayAndAQuestionAfterAThanks) {
  Dialogue sweep(AgentKnowing(
      "Sootaway",
      {{"How much is an open fire sweep?",
        "Sweeping an open fire chimney costs \u00a365, and each extra flue swept on the same visit "
        "is \u00a340."},
       {"Do you fit bird guards?", "A bird guard costs \u00a385 fitted."}}));
  sweep.Say("the yearly sweep of our open fire is due, whats the price for that");
  const auto both =
      sweep.Say("and theres a second fireplace upstairs, what would it be for both of them");
  EXPECT_TRUE(Has(both.text, "\u00a340")) << both.text;
  EXPECT_FALSE(OffersHandoff(both.text)) << both.text;
  const core::Agent kits = AgentKnowing(
      "PlateBox",
      {{"Which days do you deliver?",
        "We deliver Tuesday to Friday at no extra cost, and Saturday delivery costs an extra "
        "\u00a31.75 per box."},
       {"How many recipes can I get each week?",
        "You can get between 3 and 5 recipes a week, chosen from a menu of 26 recipes."},
       {"Do you have an offer for new customers?",
        "New customers get 60% off their first box and 15% off their second box."},
       {"Do you have accessible delivery?", "Our drivers carry boxes to any floor."}});
  const std::string saturday = FirstReply(
      kits,
      "my husband works shifts in the week so weekday drops are a pain to be honest, what about "
      "saturdays");
  EXPECT_TRUE(Has(saturday, "\u00a31.75")) << saturday;
  const std::string first_timers =
      FirstReply(kits, "ok not bad. and is there any kind of deal for first timers like us");
  EXPECT_TRUE(Has(first_timers, "60%")) << first_timers;
  const std::string dinners = FirstReply(kits, "how many dinners can we get in a week");
  EXPECT_TRUE(Has(dinners, "3 and 5")) << dinners;
  const std::string thanks = FirstReply(kits, "thanks. how many dinners can we get in a week");
  EXPECT_TRUE(Has(thanks, "3 and 5")) << thanks;
  const std::string bye = FirstReply(kits, "thanks! bye");
  EXPECT_FALSE(Has(bye, "3 and 5")) << bye;
}

// "alright mate" greets; a thanks that turns down the offer of a person is thanked, in every
// style.
TEST(LocalResponderAnswersTest, AlrightMateGreetsAndAThanksThatDeclinesIsThanked) {
  for (const std::string style : {"formal", "casual", "professional"}) {
    Dialogue d(ShopAgent(style));
    const auto hello = d.Say("alright mate");
    EXPECT_FALSE(OffersHandoff(hello.text)) << style << ": " << hello.text;
    const auto unknown = d.Say("do you sell garden gnomes");
    EXPECT_TRUE(OffersHandoff(unknown.text)) << style << ": " << unknown.text;
    const auto thanks = d.Say("ah ok no worries, thanks for ur help anyway x");
    EXPECT_TRUE(Has(thanks.text, "welcome") || Has(thanks.text, "glad"))
        << style << ": " << thanks.text;
  }
}

// A 24-hour gym: a GP's note is a doctor's, no change of an order where nothing is ordered,
// bailing is cancelling, a coach just for one is personal training, someone showing one how is
// the induction, and anyone about at silly o'clock is the staff.
TEST(LocalResponderAnswersTest, AGymMemberIsUnderstood) {
  const core::Agent gym = AgentKnowing(
      "Ironhouse Gym",
      {{"How do I get in and when is the gym staffed?",
        "Members get in with a PIN code; the gym is staffed from 7am to 9pm, and outside those "
        "hours it runs unstaffed with CCTV."},
       {"What happens if I cancel a class late?",
        "If you cancel a class less than 2 hours before it starts, you are blocked from booking "
        "for 48 hours."},
       {"How much is personal training?", "A 60-minute personal training session costs £40."},
       {"Do new members get an induction?",
        "Every new member gets a free one-to-one induction lasting 50 minutes, which you need to "
        "book within your first 14 days."},
       {"Can I freeze my membership?",
        "Freezing costs £4 a month for up to 12 weeks a year; with a doctor's note for an injury "
        "the freeze is free."},
       {"Can I cancel my membership?", "You can cancel with 30 days' notice."},
       {"What changing facilities do you have?",
        "We have changing rooms with showers and 64 lockers."}});
  Dialogue member(gym);
  // (The agent asks for the account's e-mail to note a cancellation: the change of address the
  // model reads next is no answer to that either.)
  const std::string hold =
      member.Say("ive done my knee in. can i put my membership on hold rather than cancel it").text;
  EXPECT_TRUE(Has(hold, "email")) << hold;
  core::MessageMetadata address = Nlu("order", "change_shipping_address");
  address.confidence = 0.74;
  const std::string note =
      member.Say("my gp has written me a note about it as well if that changes anything", address)
          .text;
  EXPECT_TRUE(Has(note, "doctor's note")) << note;
  EXPECT_FALSE(Has(note, "changing rooms")) << note;
  EXPECT_FALSE(Has(note, "order number")) << note;
  Dialogue classes(gym);
  classes.Say("how do i book a class");
  const std::string bail =
      classes.Say("and whats the deal if shes poorly and i have to bail last minute").text;
  EXPECT_TRUE(Has(bail, "48 hours")) << bail;
  const std::string coach =
      FirstReply(gym, "and if later i want a coach just for me for a few times, how much it cost");
  EXPECT_TRUE(Has(coach, "£40")) << coach;
  const std::string shows = FirstReply(
      gym,
      "i never go to gym before and im a bit scared of all the machines. somebody shows me how it "
      "works at the start? how long is it");
  EXPECT_TRUE(Has(shows, "50 minutes")) << shows;
  const std::string paused = FirstReply(gym, "can i put my membership on hold");
  EXPECT_TRUE(Has(paused, "12 weeks")) << paused;
  const std::string about = FirstReply(
      gym, "if im coming in at silly o'clock is there actually anyone about or is it just me lol");
  EXPECT_TRUE(Has(about, "7am to 9pm")) << about;
}

// Airport parking: what is safe is secure, ringing is phoning and the keys handed over are
// given, and what comes back after not going at all is the refund.
TEST(LocalResponderAnswersTest, AnAirportParkingCustomerIsUnderstood) {
  const core::Agent parking = AgentKnowing(
      "ParkFly",
      {{"How does the meet and greet drop-off work?",
        "Phone us when you are 30 minutes from the airport, and a driver will meet you in the "
        "short-stay car park to take your keys."},
       {"Do you offer car washing?", "We can hand-wash the outside of your car for £19."},
       {"What is your cancellation policy?",
        "Cancel more than 48 hours before drop-off for a full refund."},
       {"Is my car secure while I'm away?",
        "Our compound is Park Mark accredited, with CCTV on every row."},
       {"How does the shuttle bus work?",
        "Our free shuttle bus runs every 15 minutes, and the ride takes about 12 minutes."}});
  const std::string safe =
      FirstReply(parking, "and is it safe there? we leave the car for 3 weeks and its not our car");
  EXPECT_TRUE(Has(safe, "Park Mark")) << safe;
  const std::string keys = FirstReply(
      parking, "how does it work on the day, when do i ring u and where do i hand the keys over");
  EXPECT_TRUE(Has(keys, "30 minutes")) << keys;
  EXPECT_FALSE(Has(keys, "hand-wash")) << keys;
  const std::string back =
      FirstReply(parking, "and if we end up not going at all what do i get back");
  EXPECT_TRUE(Has(back, "48 hours")) << back;
}

// An independent cinema: calmer is relaxed, a concession is a cheaper price, members who get in
// early book first, and a big sister or a big release is no size.
TEST(LocalResponderAnswersTest, ACinemaGoerIsUnderstood) {
  const core::Agent cinema = AgentKnowing(
      "The Picturebox",
      {{"How much are cinema tickets?",
        "Standard tickets are £9.50 for adults and £7.20 for concessions, which covers "
        "students."},
       {"What do I get as a member?",
        "Membership costs £36 a year and gives you priority booking 48 hours before tickets go "
        "on general sale."},
       {"Do you have relaxed screenings?",
        "Relaxed screenings are on the first Sunday of every month at 11am."},
       {"Can I swap my tickets?",
        "You can swap your ticket for free up to 24 hours before the start time."},
       {"Do you have screenings for children?", "Kids' Club screenings are every Saturday."},
       {"Do you sell gift vouchers?", "Gift vouchers are valid for 18 months."}});
  const std::string calmer = FirstReply(
      cinema, "hes autistic. do you do anything a bit calmer for kids like him where nobody minds");
  EXPECT_TRUE(Has(calmer, "11am")) << calmer;
  const std::string early =
      FirstReply(cinema, "do members get in early for tickets when the big releases come out");
  EXPECT_TRUE(Has(early, "48 hours")) << early;
  EXPECT_FALSE(Has(early, "24 hours")) << early;
  const std::string cheaper = FirstReply(cinema, "shes a student, does she get in any cheaper");
  EXPECT_TRUE(Has(cheaper, "£7.20")) << cheaper;
}

// A locksmith: "it" after a part of the same message is what that part named ("theres an old
// safe in the loft ..., can you get it open": the safes, not the door handle answered before).
TEST(LocalResponderAnswersTest, APointerAfterAPartOfTheSameMessageIsWhatThatPartNamed) {
  const core::Agent locksmith = AgentKnowing(
      "Lockline",
      {{"How much is an emergency lock-out call-out?",
        "An emergency lock-out costs £85 during the day (8am to 6pm) and £120 in the evening or "
        "overnight. We aim to arrive within 45 minutes anywhere in Bristol."},
       {"How much does a lock change cost?",
        "A standard euro cylinder lock change costs £65 fitted, including a new anti-snap "
        "cylinder. Mortice lock replacements start at £95."},
       {"Do you repair uPVC doors?",
        "Yes, we repair uPVC door handles, mechanisms and multipoint locking gearboxes from £110 "
        "including parts. Most repairs are finished in a single visit of about 1 hour."},
       {"Do you open or install safes?",
        "We open locked safes from £150 and install new safes from £180, including bolting to the "
        "floor. Safe work is booked by appointment on weekdays only."},
       {"Do you cut keys?",
        "We cut standard house keys for £4.50 each at our shop on Gloucester Road. Security and "
        "restricted keys start at £18 and take 5 working days."},
       {"What are your opening hours?",
        "Our Gloucester Road shop is open Monday to Saturday, 9am to 5:30pm. The emergency phone "
        "line is answered 24 hours a day, 7 days a week."},
       {"Do you work on Sundays and bank holidays?",
        "Emergency call-outs run on Sundays and bank holidays with a £25 surcharge. The shop "
        "itself is closed on Sundays."},
       {"Which areas do you cover?",
        "We cover all of Bristol plus Bath, Keynsham, Portishead and Clevedon. Outside the BS "
        "postcode area we add a £15 travel charge."},
       {"How can I pay?",
        "We accept card, cash and bank transfer on completion of the job. Landlords and letting "
        "agents can apply for a 30-day invoice account."},
       {"Do you guarantee your work?",
        "Every lock we fit carries a 12-month parts and labour guarantee. Repairs are guaranteed "
        "for 6 months."},
       {"Will you damage my door getting in?",
        "We always try non-destructive entry first and get in without damage in over 95% of "
        "lock-outs. If a lock has to be drilled, the replacement cylinder is included in the "
        "call-out price."},
       {"Will my new lock meet insurance requirements?",
        "We fit BS3621 mortice locks and TS007 3-star cylinders, which meet most home insurers' "
        "requirements. You get a written certificate for your insurer after each fitting."},
       {"Can you remove a broken key from a lock?",
        "Broken key extraction costs £55 as long as the lock still works afterwards. We can cut a "
        "replacement key on site for £8."}});
  Dialogue d(locksmith);
  const std::string handle =
      d.Say("the handle on my upvc back door just spins and it wont lock. can you fix it").text;
  EXPECT_TRUE(Has(handle, "£110")) << handle;
  const std::string safe =
      d.Say("also theres an old safe in the loft and nobody knows the code, can you get it open")
          .text;
  EXPECT_TRUE(Has(safe, "£150")) << safe;
  EXPECT_FALSE(Has(safe, "£110")) << safe;
}

// The first part of the first message follows nothing: a question about what the knowledge
// never names says so, and the story after it ("saturday mornings round there are a nightmare")
// says why, not what else is asked.
TEST(LocalResponderAnswersTest, TheFirstQuestionOfAConversationFollowsNothing) {
  const core::Agent swim = AgentKnowing(
      "Splashers Swim School",
      {{"How long are lessons and when are they?",
        "Each lesson lasts 30 minutes, with classes after school on weekdays and on Saturday and "
        "Sunday mornings."},
       {"How much are lessons?", "Lessons cost £48 for a 6-week block."},
       {"What should my child bring?", "Bring a towel, a swimming costume and a drink."}});
  const std::string parking = FirstReply(
      swim, "is there parking at the pool? saturday mornings round there are a nightmare");
  EXPECT_TRUE(Has(parking, "don't have")) << parking;
  EXPECT_FALSE(Has(parking, "30 minutes")) << parking;
}

// A dog walker: "get to meet" is no arrival, "whoever" and "same" are no topic, nipping round is a
// visit, a gang of dogs is a group, and "in that heat" is hot weather.
TEST(LocalResponderAnswersTest, ADogOwnerIsUnderstood) {
  const core::Agent walker = AgentKnowing(
      "Pawtrot",
      {{"How do your group dog walks work and how much are they?",
        "Our group walks last 1 hour off-lead on local fields, with a maximum of 6 dogs per "
        "walker, and cost £14 per dog."},
       {"Do you do solo walks?",
        "Solo walks with just your dog are £12 for 30 minutes or £17 for 45 minutes."},
       {"Do you do puppy visits?",
        "Puppy visits last 20 minutes for a feed, a toilet break and a play, and cost £10 each."},
       {"Do you look after cats and small pets?",
        "Our drop-in visits for cats, rabbits and guinea pigs cost £11 for 25 minutes, covering "
        "feeding, fresh water, litter trays and a cuddle."},
       {"Do you offer overnight house sitting?",
        "Overnight house sitting is £55 per night; the sitter sleeps at your home and never leaves "
        "your pets alone for more than 4 hours during the day."},
       {"Which areas do you cover?",
        "We cover Cheltenham town, Charlton Kings, Prestbury, Leckhampton and Bishop's Cleeve, and "
        "homes outside that area pay a £3 travel charge per visit."},
       {"Do I meet the walker before the first booking?",
        "Yes, we do a free meet-and-greet at your home lasting about 40 minutes, where we get to "
        "know your pet and collect a spare key."},
       {"Are your walkers checked and insured?",
        "All our walkers are DBS checked and pet first aid trained, and we are insured for up to "
        "£2 million public liability."},
       {"What days and times do you walk?",
        "We walk on weekdays between 9am and 5pm, Saturday walks carry an £8 surcharge, and we "
        "don't walk on Sundays."},
       {"What is your cancellation policy?",
        "You can cancel free of charge up to noon the day before, and later cancellations are "
        "charged at 50% of the booking."},
       {"How do I pay?",
        "We send an invoice on the last working day of each month, payable by bank transfer or "
        "card within 21 days."},
       {"What happens in hot weather?",
        "When it's over 26°C we shorten walks to 15 minutes on shady routes and charge just £7 for "
        "them."},
       {"Can any dog join a group walk?",
        "Dogs must be fully vaccinated and at least 18 weeks old to join group walks, and dogs "
        "that are reactive to other dogs have solo walks only."},
       {"What do you do with my house keys?",
        "Spare keys are kept in a locked safe labelled with a code rather than your address, and "
        "we return them within 72 hours of your last booking."}});
  const std::string meet = FirstReply(walker, "do we get to meet whoever it is before we go");
  EXPECT_TRUE(Has(meet, "40 minutes")) << meet;
  const std::string nip = FirstReply(
      walker,
      "so we picked up a little cockapoo about 3 weeks ago, hes only 12 weeks, and ive been wfh "
      "but "
      "my boss wants me back in the office from next month. could someone nip round at lunch to "
      "let him out n give him his food, wat would that set me back");
  EXPECT_TRUE(Has(nip, "£10")) << nip;
  const std::string gang = FirstReply(
      walker,
      "once hes bigger can he go out with the gang of other dogs? is there an age he has "
      "to be first");
  EXPECT_TRUE(Has(gang, "18 weeks")) << gang;
  Dialogue hot(walker);
  const std::string heat =
      hot.Say("its meant to be 28 degrees next week, do you still take them out in that heat").text;
  EXPECT_TRUE(Has(heat, "15 minutes")) << heat;
  const std::string same = hot.Say("and is it the same price for that").text;
  EXPECT_TRUE(Has(same, "£7")) << same;
}

// A party magician and an e-bike hire: vetted is checked, a magician is the entertainer, space
// asked as "place", a hall only free on a Saturday is the weekend's supplement, what the customer
// read only leads in, and a cottage is holiday accommodation.
TEST(LocalResponderAnswersTest, AMagiciansAndABikeHiresCustomersAreUnderstood) {
  const core::Agent magician = AgentKnowing(
      "Wizzbang Parties",
      {{"What party packages do you offer and how much are they?",
        "Our Sparkle Party is a 1-hour magic show for £165, and our Big Bang Party lasts 2 hours "
        "with magic, party games and a mini disco for £245."},
       {"What ages are your shows suitable for?",
        "Our magic shows are designed for children aged 3 to 9, with tricks and games pitched so "
        "the youngest guests can join in."},
       {"How many children can come to a party?",
        "A single entertainer can look after up to 30 children, and for bigger groups we add a "
        "second entertainer for £95."},
       {"Do you charge for travel?",
        "Travel is free within 15 miles of Chelmsford, and we charge a flat £22 for venues up to "
        "35 miles away."},
       {"Do you do balloon modelling?",
        "Balloon modelling is an add-on for £40; it adds 20 minutes to the party and every child "
        "takes home a balloon animal."},
       {"Do you need a deposit, and when do I pay the rest?",
        "We take a £50 deposit to secure your date, and the balance is paid on the day of the "
        "party by cash or bank transfer."},
       {"What is your cancellation policy?",
        "If you cancel more than 21 days before the party we refund your deposit in full, but "
        "cancellations within 7 days of the party are charged the full price."},
       {"How much space do you need for the show?",
        "We need a clear floor area of about 4 metres by 6 metres for the show, indoors or on a "
        "flat lawn in dry weather."},
       {"Are your entertainers checked and insured?",
        "Every entertainer holds an enhanced DBS certificate, and we carry £5 million public "
        "liability insurance."},
       {"Do you provide party bags?",
        "Party bags with a mini magic trick, a wand, stickers and a sweet treat cost £8 per "
        "child."},
       {"Do you do parties for older children?",
        "For ages 11 to 14 we run a 90-minute magic workshop costing £210, where every child "
        "learns tricks and takes home a starter magic kit."},
       {"Do you work at weekends?",
        "Yes, we work weekends, with a £25 supplement for Saturday and Sunday parties, and "
        "Saturdays usually book up 12 weeks ahead."},
       {"What time does the entertainer arrive?",
        "Your entertainer arrives 45 minutes before the party starts to set up, and needs a plug "
        "socket nearby for the music speaker."},
       {"Is there a real rabbit in the show?",
        "Yes, Clover the rabbit pops out of the hat in every show, but tell us about any allergies "
        "at least 48 hours before and she'll stay at home."}});
  const std::string vetted = FirstReply(magician, "are your magicians properly vetted");
  EXPECT_TRUE(Has(vetted, "DBS")) << vetted;
  const std::string place =
      FirstReply(magician,
                 "we do it in our living room, it is not so big. how much place you need for doing "
                 "the show");
  EXPECT_TRUE(Has(place, "4 metres by 6 metres")) << place;
  const std::string saturday =
      FirstReply(magician, "hall's only free on a saturday tho, does that cost more");
  EXPECT_TRUE(Has(saturday, "£25")) << saturday;
  EXPECT_FALSE(Has(saturday, "£22")) << saturday;
  const std::string rabbit = FirstReply(
      magician,
      "ok sorry my english is not perfect. the best friend of my son is allergic to animals and i "
      "read you have a rabbit?? is this a problem");
  EXPECT_TRUE(Has(rabbit, "48 hours")) << rabbit;
  const core::Agent bikes = AgentKnowing(
      "Lakeride E-Bikes",
      {{"How much does it cost to hire an e-bike?",
        "A half-day hire (up to 4 hours) costs £38 and a full-day hire costs £55."},
       {"What guided tours do you run?",
        "Our Derwentwater Loop tour lasts 3 hours and costs £72 per person, and our Honister Pass "
        "tour lasts 6 hours and costs £115 per person including a café lunch."},
       {"When do the tours start and how big are the groups?",
        "Derwentwater Loop tours leave the shop every morning and afternoon, the Honister Pass "
        "tour leaves at 9am, and each guide takes a maximum of 7 riders."},
       {"What are your opening hours?",
        "We're open 8:30am to 5:30pm every day from March to October, and Friday to Sunday only "
        "from November to February."},
       {"Is there a minimum age or height?",
        "Riders must be at least 14 years old and 150 cm tall, and under-18s must ride with an "
        "adult."},
       {"How far will the battery last?",
        "Our e-bikes have a range of up to 70 km (about 45 miles) on a full charge in eco mode, "
        "and a spare battery costs £19 per day."},
       {"Can I bring young children?",
        "A tag-along for children too young to ride on their own costs £20 per day, and a child "
        "seat for toddlers up to 22 kg costs £16 per day."},
       {"Do you take a deposit?",
        "We take a £200 card pre-authorisation as a security deposit, which is released within 24 "
        "hours of the bikes coming back undamaged."},
       {"What is your cancellation policy?",
        "Cancel more than 48 hours before your booking for a full refund; cancellations within 48 "
        "hours are refunded at 50%."},
       {"What's included with the hire?",
        "Helmets, locks and a route map are included free with every hire, and a pair of "
        "waterproof panniers costs £11 per day."},
       {"Do you deliver bikes?",
        "We deliver and collect bikes at holiday accommodation within 12 miles of Keswick for £35 "
        "per booking."},
       {"What happens in bad weather?",
        "Hires and tours go ahead in rain, but if gusts over 40 mph are forecast we cancel and "
        "offer a free rebooking or a full refund."},
       {"What if I return the bikes late?",
        "Late returns are charged £17 for every hour or part hour past your booked return time."},
       {"Do you offer group discounts?",
        "Groups of 10 or more riders booking together get 15% off hire and tour prices."}});
  const std::string cottage = FirstReply(
      bikes, "and can u bring them out to the cottage or do we have to trek into town to get them");
  EXPECT_TRUE(Has(cottage, "£35")) << cottage;
}

// An island ferry (round T): a boat is a sailing, a Transit is a van, a gale is the weather, a
// coffee is the café's hot drinks, going across is the crossing, walking on is a foot passenger
// and one way is a single, weeks ahead is in advance, telling the business beforehand is notice,
// and "no car" names what is not meant.
TEST(LocalResponderAnswersTest, AFerryPassengerIsUnderstood) {
  const core::Agent ferry = AgentKnowing(
      "Islaferry",
      {{"How much is it to travel as a foot passenger?",
        "Adult foot passengers pay £6.50 single or £11 return, children aged 4 to 15 pay £3.20 "
        "single, and under-4s travel free."},
       {"How much is it to take a car across?",
        "A car up to 5 metres long costs £38 single including the driver, and each other person in "
        "the car pays the foot passenger fare."},
       {"Can I bring a van or motorhome?",
        "Vans, minibuses and motorhomes over 5 metres long or 1.9 metres high cost £64 single and "
        "must be booked in advance, up to a maximum length of 10 metres."},
       {"Do I need to book?",
        "Cars can turn up and queue, but booking is recommended in summer; you can book online up "
        "to 12 weeks ahead and each change to a booking costs £4."},
       {"How long is the crossing and how often do you sail?",
        "The crossing from Portcarrick to Skerra takes 35 minutes, with 8 sailings each way a day, "
        "the first leaving Portcarrick at 06:45 and the last at 20:10."},
       {"When do I need to check in?",
        "Vehicles must check in at least 30 minutes before departure and foot passengers 10 "
        "minutes before, and late vehicles may lose their space."},
       {"Can I bring my dog?",
        "Dogs travel free, up to 2 per passenger, and must stay on a lead on the outside deck or "
        "in your vehicle; only assistance dogs are allowed in the lounge."},
       {"Can I take my bike?",
        "Ordinary bicycles travel free, with space for 12 per sailing, and electric bikes cost £2 "
        "each way."},
       {"What happens if the weather is bad?",
        "If a sailing is cancelled for weather we post it on our website and text booked customers "
        "at least 90 minutes before departure, and you can take a full refund or move free of "
        "charge to the next available sailing."},
       {"Is the ferry accessible for wheelchair users?",
        "A lift runs from the car deck to the passenger lounge, which has 2 wheelchair spaces, and "
        "if you'd like help boarding please tell us at least 48 hours before you travel."},
       {"What is your cancellation policy?",
        "You can cancel a booking free of charge up to 24 hours before departure; later "
        "cancellations and no-shows are not refunded."},
       {"Do you do multi-journey tickets?",
        "A book of 10 single tickets costs £290 for a car or £520 for a van or motorhome, and is "
        "valid for 6 months."},
       {"Is there parking at the terminal?",
        "Our long-stay car park at Portcarrick terminal has 150 spaces and costs £7 a day."},
       {"Is there food on board?",
        "The on-board café serves hot drinks, bacon rolls and cakes on every sailing except the "
        "first and last of the day, and takes card payments only."}});
  const std::string coffee =
      FirstReply(ferry, "is there somewhere to get a coffee on the boat, we dont carry much cash");
  EXPECT_TRUE(Has(coffee, "card")) << coffee;
  const std::string across = FirstReply(ferry, "how long does it take to go across");
  EXPECT_TRUE(Has(across, "35 minutes")) << across;
  const std::string gale =
      FirstReply(ferry, "whats the score if its blowing a gale, does it still go or what");
  EXPECT_TRUE(Has(gale, "90 minutes")) << gale;
  const std::string first =
      FirstReply(ferry, "whats the first boat in the morning, want to be on site early doors");
  EXPECT_TRUE(Has(first, "06:45")) << first;
  const std::string transit = FirstReply(
      ferry,
      "got a job on skerra next month fitting a kitchen, be bringing the transit, its about 5.4m "
      "long with ladders on the roof. whats that cost n do i need to book it");
  EXPECT_TRUE(Has(transit, "£64")) << transit;
  const std::string book = FirstReply(
      ferry,
      "ok. do we have to book it or can we just rock up on the day, and how far in advance can u "
      "book");
  EXPECT_TRUE(Has(book, "12 weeks")) << book;
  EXPECT_FALSE(Has(book, "£64")) << book;
  const std::string walking =
      FirstReply(ferry, "so just 2 of us walking on, no car, how much is a ticket each one way");
  EXPECT_TRUE(Has(walking, "£6.50")) << walking;
  EXPECT_FALSE(Has(walking, "£38")) << walking;
  Dialogue dad(ferry);
  const std::string lift = dad.Say(
                                  "hi my dad is in a wheelchair and wants to come over to see the "
                                  "grandkids, can he get up from the car deck to the seating area")
                               .text;
  EXPECT_TRUE(Has(lift, "lift")) << lift;
  const std::string notice = dad.Say("do i need to tell you hes coming").text;
  EXPECT_TRUE(Has(notice, "48 hours")) << notice;
}

// A brewery's taproom and tours (round T): a passage that states a time of day answers "what
// times" (not the tours' cancellation that says "start time"), one who is mad into beer finds no
// pizza that "can be made" vegan, "is that ok and til what time" asks the hours, proper food is
// food, and "just wondering what" asks.
TEST(LocalResponderAnswersTest, ABrewerysVisitorsAreUnderstood) {
  const core::Agent brewery = AgentKnowing(
      "Kettleyard Brewing Co.",
      {{"What brewery tours do you run and how much are they?",
        "Our brewery tours run at 1pm and 4pm on Saturdays and 2pm on Sundays, last 90 minutes and "
        "cost £18 per person, including four third-pint tasters."},
       {"What is the Brewer's Masterclass?",
        "The Brewer's Masterclass runs on the first Friday of each month at 6pm, lasts 3 hours and "
        "costs £45, including a 2-litre growler of your chosen beer to take home."},
       {"When is the taproom open?",
        "The taproom is open Wednesday and Thursday 5pm to 10pm, Friday and Saturday noon to 11pm, "
        "and Sunday noon to 6pm; we're closed on Mondays and Tuesdays."},
       {"Do you serve food?",
        "Our kitchen serves wood-fired pizzas from £11, every pizza can be made with vegan cheese, "
        "and the kitchen closes at 9pm."},
       {"Are children welcome?",
        "Under-18s are welcome in the taproom with an adult until 8pm, and children aged 10 to 17 "
        "can join brewery tours for £7 with soft drinks instead of tasters; under-10s can't go on "
        "tours."},
       {"Can I bring my dog?",
        "Well-behaved dogs on leads are welcome in the taproom and beer garden, with water bowls "
        "and dog biscuits behind the bar, but dogs can't come on brewery tours for hygiene "
        "reasons."},
       {"Can I hire a space for a private party?",
        "Our mezzanine room holds up to 40 guests with a £250 minimum spend on food and drink, and "
        "a 25% deposit secures the date; the whole taproom is available by quote."},
       {"Can we book a private tour for a large group?",
        "Groups of more than 15 need a private tour, which costs £280 for up to 25 people and can "
        "run any day except Saturday."},
       {"Do you deliver beer?",
        "We deliver on Thursdays and Fridays to homes within 8 miles of the brewery, free on "
        "orders over £35 and £4.50 otherwise."},
       {"How much are your cans to take away?",
        "A mixed case of 12 of our cans costs £39, available from the taproom or for delivery."},
       {"Do you sell gift vouchers?",
        "Tour gift vouchers are sold on our website and at the bar, and they're valid for 12 "
        "months from purchase."},
       {"What is your tour cancellation policy?",
        "Tour bookings can be moved or fully refunded up to 48 hours before the start time; later "
        "cancellations are not refunded."},
       {"Where can I park?",
        "Our car park has 14 free spaces, and Hebden Bridge station is a 7-minute walk away."},
       {"Do you have alcohol-free or gluten-free beer?",
        "We always have a 0.5% alcohol-free pale on tap at £4.20 a pint, plus a gluten-free "
        "lager."}});
  const std::string tour = FirstReply(
      brewery,
      "so its my fellas 40th next month and hes mad into his IPAs, thinking of doing the tour "
      "thing on a saturday, wat times can u do and how long does it go on for");
  EXPECT_TRUE(Has(tour, "1pm")) << tour;
  EXPECT_TRUE(Has(tour, "90 minutes")) << tour;
  EXPECT_FALSE(Has(tour, "pizza")) << tour;
  EXPECT_FALSE(Has(tour, "48 hours")) << tour;
  const std::string open = FirstReply(
      brewery,
      "hiya we were thinking of popping over sunday afternoon with the kids n our spaniel, is "
      "that ok and til wat time r u open");
  EXPECT_TRUE(Has(open, "6pm")) << open;
  const std::string food = FirstReply(
      brewery,
      "is there any proper food or is it just crisps lol, my eldest is veggie and the little one "
      "cant have dairy");
  EXPECT_TRUE(Has(food, "pizza")) << food;
  const std::string days = FirstReply(brewery, "just wondering what days u actually deliver on");
  EXPECT_TRUE(Has(days, "Thursdays")) << days;
  Dialogue two(brewery);
  const std::string tours = two.Say("what brewery tours do you run on saturdays").text;
  EXPECT_TRUE(Has(tours, "£18")) << tours;
  const std::string pair = two.Say("and for two?").text;
  EXPECT_TRUE(Has(pair, "£18")) << pair;
}

// A hearing clinic (round T): checked over is tested, and a passage that says the thing is free
// answers whether it costs anything; suction is the microsuction; an aid sent off is sent for
// repair; the ones you charge up are the rechargeable ones; coming round to his is a home visit.
TEST(LocalResponderAnswersTest, AHearingClinicsPatientsAreUnderstood) {
  const core::Agent clinic = AgentKnowing(
      "Earwise",
      {{"Do you charge for a hearing test?",
        "Our full hearing tests are free, take about 45 minutes, and you go home with a printed "
        "copy of your results."},
       {"How much do hearing aids cost?",
        "Our hearing aids range from £895 to £2,950 per pair, and every pair comes with a 4-year "
        "manufacturer warranty."},
       {"Can I try hearing aids before committing?",
        "Every new pair comes with a 60-day trial, and if they are not right for you we refund the "
        "full price minus a £75 fitting fee."},
       {"Do you do ear wax removal?",
        "We remove ear wax by microsuction in a 20-minute appointment, costing £40 for one ear or "
        "£55 for both ears."},
       {"What if the wax can't all be removed in one go?",
        "If the wax is too hard to clear, we ask you to use olive oil drops for 5 days and then "
        "come back for a second session free of charge."},
       {"Do you do home visits?",
        "Our audiologist visits homes on Tuesdays and Thursdays within 12 miles of the clinic, for "
        "a £35 call-out charge that is waived if you buy hearing aids."},
       {"Do you sell hearing aid batteries?",
        "Batteries cost £3.50 for a pack of 8, and customers whose aids were bought from us get "
        "them posted free of charge."},
       {"What aftercare do you offer?",
        "Aftercare visits for cleaning, re-tubing and reprogramming are free for the life of any "
        "hearing aids bought from us, and we check aids bought elsewhere for £25 a visit."},
       {"What are your opening hours?",
        "We are open Monday to Friday 9am to 5:30pm and Saturday 9am to 1pm, and we are closed on "
        "Sundays."},
       {"Where are you and is there parking?",
        "The clinic is on Wyle Cop in Shrewsbury with step-free access, and there are 2 free "
        "parking spaces for patients behind the building."},
       {"What happens if my hearing aid breaks?",
        "Most repairs are done in the clinic while you wait, and if an aid has to go back to the "
        "manufacturer it takes about 10 working days and we lend you a spare in the meantime."},
       {"Do you have rechargeable hearing aids?",
        "Rechargeable models cost £250 more per pair than battery models and run for about 30 "
        "hours on a 3-hour charge."},
       {"Can I pay for hearing aids in instalments?",
        "You can spread the cost of hearing aids over 12 months interest-free after paying a 10% "
        "deposit."},
       {"Do you help with tinnitus?",
        "We offer a 90-minute tinnitus consultation for £85, covering a hearing check, advice and "
        "a personal management plan."},
       {"What is your cancellation policy?",
        "Please give us at least 24 hours' notice to cancel or move an appointment, and missed "
        "appointments are charged £20."}});
  const std::string test = FirstReply(
      clinic,
      "my dad keeps putting the telly on so loud the neighbours have started banging on the wall "
      "lol and hes convinced everyone else just mumbles. does it cost anything to get him checked "
      "over and how long does it take, he gets really fidgety");
  EXPECT_TRUE(Has(test, "free")) << test;
  EXPECT_TRUE(Has(test, "45 minutes")) << test;
  EXPECT_FALSE(Has(test, "£85")) << test;
  EXPECT_FALSE(Has(test, "60-day")) << test;
  const std::string wax =
      FirstReply(clinic, "pharmacist reckons its wax. do u do the suction thing and hows much");
  EXPECT_TRUE(Has(wax, "£40")) << wax;
  const std::string repair =
      FirstReply(clinic, "ok and if it has to be sent off somewhere how long am i without it");
  EXPECT_TRUE(Has(repair, "10 working days")) << repair;
  const std::string charge = FirstReply(
      clinic,
      "tbh thinking i might just upgrade to the ones you charge up instead of faffing with them "
      "tiny batteries. how long do they go between charges");
  EXPECT_TRUE(Has(charge, "30 hours")) << charge;
  const std::string visit = FirstReply(clinic, "could someone come round to his instead");
  EXPECT_TRUE(Has(visit, "Tuesdays")) << visit;
}

TEST(LocalResponderAnswersTest, ASetPhraseWithNoExcludesNothing) {
  const core::Agent print = AgentKnowing(
      "Inkspot Print",
      {{"Do you do rush orders?", "Rush orders are printed the same day for an extra £15."},
       {"How much are flyers?", "Flyers are £30 for 500."}});
  // "no rush" is a set phrase, not a rush order the customer does not mean.
  const std::string rush = FirstReply(print, "no rush, what does a rush order cost");
  EXPECT_TRUE(Has(rush, "£15")) << rush;
  // "no flyers" names what is not meant.
  const std::string flyers =
      FirstReply(print, "just cards, no flyers, what does a rush order cost");
  EXPECT_TRUE(Has(flyers, "£15")) << flyers;
  EXPECT_FALSE(Has(flyers, "£30")) << flyers;
}

TEST(LocalResponderAnswersTest, AWatchRepairerAnswersWhatItIsAsked) {
  const core::Agent workshop = AgentKnowing(
      "Timekeep",
      {{"Can you test if my watch is still waterproof?",
        "We pressure test water resistance for £6, and the test takes 20 minutes."},
       {"Do you repair clocks?",
        "We service mantel and wall clock movements from £120, which takes about 5 weeks, and "
        "the work carries a 12-month guarantee."},
       {"How do postal repairs work?",
        "Send your watch by Royal Mail Special Delivery insured to its value; we email a free "
        "quote within 3 working days of it arriving."},
       {"Where are you and where can I park?",
        "We're at 14 Wyle Cop, Shrewsbury, and the nearest parking is Frankwell car park, a "
        "7-minute walk away."},
       {"Which watches can you work on?",
        "We repair most Swiss, Japanese and British brands, but we can't work on smartwatches "
        "such as Apple Watch or Fitbit."},
       {"How can I pay?", "We take card, cash and Apple Pay."}});
  // "post" is postal.
  const std::string post =
      FirstReply(workshop,
                 "my seiko automatic is losing about 5 mins a day, can i post it and how does that "
                 "work");
  EXPECT_TRUE(Has(post, "Special Delivery")) << post;
  // An address that starts with a house number says where the business is.
  const std::string where =
      FirstReply(workshop, "where are you exactly and is there somewhere to leave the car");
  EXPECT_TRUE(Has(where, "Wyle Cop")) << where;
  EXPECT_TRUE(Has(where, "Frankwell")) << where;
  // A watch to swim in is a waterproof one, and a request after "once its fixed" is no
  // complaint.
  const std::string swim =
      FirstReply(workshop, "once its fixed can u check its still ok to swim in");
  EXPECT_TRUE(Has(swim, "£6")) << swim;
  EXPECT_FALSE(Has(swim, "sorry")) << swim;
  // A comeback is the guarantee.
  const std::string comeback =
      FirstReply(workshop, "my mantel clock, is there any comeback if it just stops again");
  EXPECT_TRUE(Has(comeback, "12-month")) << comeback;
  // An Apple Watch is a smartwatch, not Apple Pay.
  const std::string apple = FirstReply(workshop, "can you fix my apple watch");
  EXPECT_TRUE(Has(apple, "smartwatches")) << apple;
  EXPECT_FALSE(Has(apple, "cash")) << apple;
}

TEST(LocalResponderAnswersTest, ALidoAnswersWhatItIsAsked) {
  const core::Agent lido = AgentKnowing(
      "Hartsfield Lido",
      {{"How does lane booking work?",
        "Lane swim slots are 45 minutes long and can be booked online up to 9 days in advance."},
       {"How much is membership?",
        "Monthly membership is £42 for unlimited swims, or you can pay £450 for a full year."},
       {"Is there a minimum term for monthly membership?",
        "Monthly memberships have a 3-month minimum term, after which you can cancel with 28 "
        "days' notice."},
       {"Do you do swimming lessons for children?",
        "Children's lessons are for ages 4 to 11 and run in 10-week terms, costing £85 per "
        "term."},
       {"Do you host pool parties?", "Pool parties for up to 20 children cost £180."}});
  // "how far ahead can i" is one question, not "how far ahead" and another.
  const std::string ahead = FirstReply(
      lido, "how far ahead can i grab a lane, the 7ish ones always seem to go super quick");
  EXPECT_TRUE(Has(ahead, "9 days")) << ahead;
  EXPECT_FALSE(Has(ahead, "28 days")) << ahead;
  // The least one must stay signed up is the minimum term.
  const std::string minimum = FirstReply(lido, "is there a minimum i have to stay signed up for");
  EXPECT_TRUE(Has(minimum, "3-month")) << minimum;
  // A block of lessons is a term of them.
  Dialogue d(lido);
  d.Say("do u do lessons for kids");
  const std::string block = d.Say("how much for a block of those").text;
  EXPECT_TRUE(Has(block, "£85")) << block;
}

TEST(LocalResponderAnswersTest, ATyreFitterAnswersWhatItIsAsked) {
  const core::Agent fitter = AgentKnowing(
      "Tyrefly",
      {{"Can you repair a puncture?",
        "A puncture repair costs £25 and takes about 30 minutes, as long as the hole is in the "
        "central tread."},
       {"Do you do same-day emergency callouts?",
        "Same-day emergency callouts cost £35 extra if you book before 2pm."},
       {"What is your cancellation policy?",
        "You can cancel or move a booking free of charge up to 4pm the day before, and later "
        "changes carry a £15 late cancellation fee."},
       {"Can you fit run-flat tyres?",
        "Yes, we fit run-flat tyres for an extra £10 per tyre on top of the normal fitting "
        "charge."},
       {"Can you replace tyre pressure sensors?",
        "We replace faulty TPMS tyre pressure sensors for £45 per sensor."}});
  // A question before the case it is asked for ("if my rota gets moved") is the question.
  const std::string change =
      FirstReply(fitter, "can i change the day if my rota gets moved about last min");
  EXPECT_TRUE(Has(change, "4pm")) << change;
  // Today, of a call-out, is the same day.
  const std::string today = FirstReply(fitter, "is today possible?");
  EXPECT_TRUE(Has(today, "£35")) << today;
  // A flat tyre is a puncture, and a run-flat tyre is no flat one.
  const std::string flat =
      FirstReply(fitter, "the front left is totally flat, how much to sort it");
  EXPECT_TRUE(Has(flat, "£25")) << flat;
  EXPECT_FALSE(Has(flat, "£10")) << flat;
  const std::string screw = FirstReply(fitter, "theres a screw in my tyre, what do you charge");
  EXPECT_TRUE(Has(screw, "£25")) << screw;
}

TEST(LocalResponderAnswersTest, AStoryDoesNotReadOutTheCompanyInfo) {
  core::Agent lido = AgentKnowing(
      "Hartsfield Lido",
      {{"Tell me about the cafe.",
        "The Deckside Cafe is open 8am to 5pm every day, and non-swimmers are welcome without "
        "paying entry."},
       {"Is the pool heated and when are you open?",
        "The pool is heated to 25°C and is open 6:30am to 8pm on weekdays."}});
  lido.company_info =
      "Hartsfield Lido is an outdoor heated swimming pool with a poolside cafe in Reading.";
  const std::string cafe = FirstReply(
      lido,
      "my wife dont want to swim she just wants a coffee and something to eat, can she sit in "
      "the cafe without paying to go in and what time it close");
  EXPECT_TRUE(Has(cafe, "non-swimmers")) << cafe;
  EXPECT_FALSE(Has(cafe, "Hartsfield Lido is")) << cafe;
}

TEST(LocalResponderAnswersTest, APriceForTheGroupCounted) {
  const core::Agent rooms = AgentKnowing(
      "Cluehouse",
      {{"Which is your hardest room?",
        "The Asylum is our toughest room, with an escape rate of just 18%."},
       {"How much does a game cost?",
        "Games are priced per team: £68 for 2 players, £87 for 3 and £104 for 4."},
       {"Do you do birthday packages?",
        "The birthday package costs £40 on top of the game price and includes our private party "
        "room."}});
  // An escape rate is no price, and the price of "the two of us" is the one for 2 players.
  Dialogue d(rooms);
  d.Say("which is the hardest room you've got");
  const std::string two = d.Say("sounds good. how much is that for just the two of us").text;
  EXPECT_TRUE(Has(two, "£68")) << two;
  EXPECT_FALSE(Has(two, "£40")) << two;
}

TEST(LocalResponderAnswersTest, TurningUpIsCalling) {
  const core::Agent cleaner = AgentKnowing(
      "Brightpane", {{"Do I need to be in when you call?",
                      "You don't need to be in: we text you by 6pm the evening before."},
                     {"How much is a clean?", "A clean of a three-bed semi is £18."}});
  const std::string in = FirstReply(
      cleaner, "we both work full time so nobody'll be in when you turn up, does that matter");
  EXPECT_TRUE(Has(in, "6pm")) << in;
}

TEST(LocalResponderAnswersTest, ProductsAndShootsByTheirKind) {
  const core::Agent repairs = AgentKnowing(
      "ByteFix",
      {{"Which devices do you repair?",
        "We repair Windows laptops, MacBooks and desktop PCs, but we don't repair phones or "
        "tablets."},
       {"How long do repairs take?", "Most repairs are finished within 3 to 5 working days."}});
  // An iPad is a tablet.
  const std::string ipad = FirstReply(repairs, "ok and do u fix ipad screens too");
  EXPECT_TRUE(Has(ipad, "tablets")) << ipad;
  const core::Agent photos = AgentKnowing(
      "Snapshot",
      {{"How much is a portrait session?",
        "A full portrait session is £195 for up to 90 minutes at a location of your choice."},
       {"Do you do engagement shoots?", "An engagement shoot costs £150 on its own."}});
  // A family photoshoot is a portrait session.
  const std::string family = FirstReply(photos, "how much is a family photoshoot");
  EXPECT_TRUE(Has(family, "£195")) << family;
  EXPECT_FALSE(Has(family, "£150")) << family;
}

TEST(LocalResponderAnswersTest, TheCheapestIsTheBudgetOne) {
  const core::Agent tyres = AgentKnowing(
      "Treadright",
      {{"How much are premium tyres?",
        "Premium tyres from Michelin and Pirelli start from £95 each fitted."},
       {"How much are your budget tyres?",
        "Budget tyres from brands like Landsail start from £55 each fitted."},
       {"Is your work guaranteed?", "All our fitting work is guaranteed for 12 months."},
       {"Can you repair a puncture?", "A puncture repair costs £20 per tyre."}});
  // The cheapest is the budget one; money being tight is no topic (not the 12 months).
  const std::string cheapest = FirstReply(
      tyres, "if it cant be saved whats the cheapest tyre youve got, money is tight this month");
  EXPECT_TRUE(Has(cheapest, "£55")) << cheapest;
  EXPECT_FALSE(Has(cheapest, "£95")) << cheapest;
  EXPECT_FALSE(Has(cheapest, "12 months")) << cheapest;
  const std::string tyre = FirstReply(tyres, "whats the cheapest tyre you do");
  EXPECT_TRUE(Has(tyre, "£55")) << tyre;
  EXPECT_FALSE(Has(tyre, "£95")) << tyre;
}

TEST(LocalResponderAnswersTest, ThanksInAnotherLanguage) {
  const core::Agent rink =
      AgentKnowing("Frostrink", {{"Do you hire out skates?", "Skate hire is £3.50 a pair."}});
  for (const std::string text :
       {"perfect, merci beaucoup, see u on saturday", "perfect muchas gracias!! x"}) {
    Dialogue d(rink);
    d.Say("do you hire skates");
    const std::string thanks = d.Say(text).text;
    EXPECT_TRUE(Has(thanks, "welcome")) << thanks;
    EXPECT_FALSE(Has(thanks, "don't have")) << thanks;
  }
}

TEST(LocalResponderAnswersTest, ALimitAndALessonInShortForms) {
  const core::Agent rink = AgentKnowing(
      "Frostrink",
      {{"Do you do birthday parties?",
        "Birthday parties cost £15 per child with a minimum of 10 children."},
       {"How many people are in a lesson?", "Group lessons have a maximum of 8 skaters."},
       {"Do you offer private lessons?", "Private lessons with a coach cost £28 for 20 minutes."},
       {"Do you do lessons for adults?",
        "Adult beginner lessons are 45 minutes on Wednesdays, a 6-week course costs £75, and "
        "skate hire is included."},
       {"Do you do lessons for children?",
        "Our Learn to Skate course for ages 5 to 11 is 8 weekly lessons on Saturdays for £68."},
       {"Do you hire out skates?", "Skate hire is £3.50 a pair."}});
  Dialogue party(rink);
  party.Say("do you do birthday parties");
  const std::string least = party.Say("is there a min number tho, he's only got 8 mates").text;
  EXPECT_TRUE(Has(least, "minimum of 10")) << least;
  const std::string most = FirstReply(rink, "whats the max number in a lesson anyway");
  EXPECT_TRUE(Has(most, "maximum of 8")) << most;
  const std::string one = FirstReply(rink, "is there anything quicker like one on one");
  EXPECT_TRUE(Has(one, "£28")) << one;
  EXPECT_FALSE(Has(one, "£75")) << one;
  // The thread tells apart two passages a question covers alike: after the adults' lessons,
  // the lessons are theirs.
  Dialogue adult(rink);
  adult.Say("do you do lessons for adults");
  const std::string lessons = adult.Say("do i need to bring skates to the lessons or no").text;
  EXPECT_TRUE(Has(lessons, "£75")) << lessons;
  EXPECT_FALSE(Has(lessons, "£68")) << lessons;
}

TEST(LocalResponderAnswersTest, AHomeItsRoomsAndItsSofa) {
  const core::Agent carpets = AgentKnowing(
      "RugFresh",
      {{"How much does carpet cleaning cost per room?",
        "Carpet cleaning is £38 for a standard room, and £52 for a larger room or "
        "through-lounge."},
       {"How much is sofa cleaning?",
        "Upholstery cleaning costs £65 for a two-seater sofa and £85 for a three-seater sofa."},
       {"How long does it take to dry?",
        "Carpets are dry within 4 hours, while sofas need about 8 hours before you sit on them."},
       {"What if a stain comes back after cleaning?",
        "If a stain we treated reappears within 14 days we re-clean it free of charge."},
       {"What is your cancellation policy?",
        "You can cancel or rearrange free of charge up to 48 hours before your appointment."},
       {"Do you treat stains?",
        "Everyday stains such as tea, coffee and wine are treated free as part of every clean."}});
  // Moving out of a flat rearranges no booking, and an open-plan room has no opening hours.
  const std::string rooms = FirstReply(
      carpets,
      "so im moving out of my rented flat end of the month and the landlord is being a right "
      "pain about the carpets lol. its 2 bedrooms plus the lounge which is one of them open plan "
      "kitchen lounge things so its pretty massive, how much wud it be to do all of it");
  EXPECT_TRUE(Has(rooms, "£38")) << rooms;
  EXPECT_FALSE(Has(rooms, "48 hours")) << rooms;
  // A 3 seat sofa is a three-seater, and "how much to clean" after it asks its price alone.
  const std::string sofa = FirstReply(carpets, "its a 3 seat sofa, how much to clean");
  EXPECT_TRUE(Has(sofa, "£85")) << sofa;
  EXPECT_FALSE(Has(sofa, "£38")) << sofa;
  EXPECT_FALSE(Has(sofa, "8 hours")) << sofa;
  // A stain that comes back reappears.
  Dialogue stain(carpets);
  stain.Say("theres a red wine mark, is that gonna cost extra to get out");
  const std::string back = stain.Say("and if it comes back after youve gone?").text;
  EXPECT_TRUE(Has(back, "14 days")) << back;
}

TEST(LocalResponderAnswersTest, APriceAskedAfterWhatIsOffered) {
  const core::Agent play = AgentKnowing(
      "Bouncers",
      {{"Do you do parties?", "Our Bounce Party is £14.95 per child for a minimum of 10 children."},
       {"How much is entry?", "Entry is £8.50 for children aged 4 to 11."},
       {"Can we bring drinks?", "Evening events are bring-your-own wine with no corkage charge."},
       {"Do you cancel if few people book?",
        "If fewer than 5 people have booked we cancel the session 48 hours beforehand."}});
  // "n how much" after what the parties are asks their price, not the entry for a 6-year-old.
  const std::string party = FirstReply(
      play,
      "my son turns 6 next month, hes begging for a party at yours what do u do for partys "
      "n how much");
  EXPECT_TRUE(Has(party, "£14.95")) << party;
  EXPECT_FALSE(Has(party, "£8.50")) << party;
  // A bottle of red is wine, and hardly anyone signing up is fewer people booking.
  const std::string wine =
      FirstReply(play, "can we bring a bottle of red along or is that not allowed");
  EXPECT_TRUE(Has(wine, "corkage")) << wine;
  const std::string few = FirstReply(play, "does it still go ahead if hardly anyone signs up");
  EXPECT_TRUE(Has(few, "48 hours")) << few;
}

TEST(LocalResponderAnswersTest, AClassThatMayBeCalledOff) {
  const core::Agent school = AgentKnowing(
      "Zest Kitchen",
      {{"What are your evening classes like?",
        "Our evening classes, booked online, run Tuesday to Thursday from 6:30pm and cost £65 "
        "per person."},
       {"Can we book a private class for a group?",
        "Private evening classes for groups of 6 to 12 people cost £700, arranged 4 weeks "
        "ahead."},
       {"What is your cancellation policy?",
        "If you cancel at least 14 days before your class you get a full refund; later, you can "
        "move once for a £10 fee."},
       {"What happens if you cancel a class?",
        "If fewer than 5 people have booked we cancel the class 48 hours beforehand and offer "
        "you a full refund or a free move."},
       {"What if I arrive late?",
        "Doors open 15 minutes before each class, and no one can join once it is 30 minutes "
        "under way."}});
  // What the customer has booked is had, not asked about: not the private classes.
  Dialogue d(school);
  const std::string few =
      d.Say(
           "hiya quick one, i booked the thursday evening class this week but the page still "
           "says loads of spaces left, does it still go ahead if hardly anyone signs up")
          .text;
  EXPECT_TRUE(Has(few, "48 hours")) << few;
  EXPECT_FALSE(Has(few, "£700")) << few;
  // A class pulled is cancelled, and the follow-up goes on with the entry just answered.
  const std::string pulled =
      d.Say("and if it does get pulled do i get my money back or just a credit thing").text;
  EXPECT_TRUE(Has(pulled, "free move")) << pulled;
  EXPECT_FALSE(Has(pulled, "£10")) << pulled;
  // What happens with the money is its refund; "booked it!!" alone finds nothing.
  const std::string money =
      FirstReply(school,
                 "booked it!! just a thought tho his shifts change alot, if he gets called in last "
                 "minute what happens with our money");
  EXPECT_TRUE(Has(money, "14 days")) << money;
  EXPECT_FALSE(Has(money, "£700")) << money;
}

TEST(LocalResponderAnswersTest, WhetherAnAgeMayComeToWhatWasAnswered) {
  const core::Agent rink = AgentKnowing(
      "Frostrink",
      {{"How much is it to go skating?",
        "Entry to a public session is £9 for adults and £6.50 for under-16s."},
       {"Do you have a disco night?",
        "Our Friday disco skate runs from 8pm to 11pm for ages 13 and over, and costs £11."}});
  Dialogue d(rink);
  d.Say("whats on friday nights, my mates said theres like a disco thing");
  const std::string sister = d.Say("can my little sister come to that shes 12").text;
  EXPECT_TRUE(Has(sister, "13 and over")) << sister;
  EXPECT_FALSE(Has(sister, "£6.50")) << sister;
}

TEST(LocalResponderAnswersTest, AnUrgentInjuryGetsTheEmergencySlots) {
  const core::Agent dentist = AgentKnowing(
      "Tiny Teeth",
      {{"Do you have emergency appointments?",
        "We keep 5 emergency slots every weekday, released when our phone lines open at 8:15am."},
       {"Do you do fissure sealants?",
        "Fissure sealants on the back teeth cost £24 per tooth privately."},
       {"Are you taking new patients?", "We register new patients up to their 14th birthday."},
       {"Do you have dentists who speak other languages?", "Our team speaks English and Polish."}});
  // A chipped tooth is broken, not microchipped; an urgent message the knowledge has no answer
  // for gets what it says of emergencies.
  Dialogue hurt(dentist);
  const std::string emergency =
      hurt.Say(
              "my daughter fell off the climbing frame at school and chipped her front tooth, "
              "its bleeding a bit. can u see her today??",
              Nlu("support", "technical_issue", "urgent"))
          .answer;
  EXPECT_TRUE(Has(emergency, "8:15am")) << emergency;
  // Teeth sealed are sealants; taking on new kids is registering them.
  const std::string sealed = FirstReply(
      dentist, "her old dentist said she shud get her back teeth sealed, whats that cost");
  EXPECT_TRUE(Has(sealed, "£24")) << sealed;
  const std::string taking = FirstReply(dentist, "r u taking on new kids atm");
  EXPECT_TRUE(Has(taking, "14th birthday")) << taking;
  // A dentist who speaks Spanish is asked of the staff, not of the agent's language.
  const std::string spanish = FirstReply(dentist, "do you have dentist who speak spanish?");
  EXPECT_TRUE(Has(spanish, "Polish")) << spanish;
}

TEST(LocalResponderAnswersTest, AMarinaAndAVanInTheirOwnWords) {
  const core::Agent marina = AgentKnowing(
      "Quaymoor Marina",
      {{"How much is a visitor berth?",
        "Visitor berths are £3.20 per metre per night, and shore power is an extra £4.50 per "
        "night."},
       {"How deep is the water?",
        "We can berth boats with a draught of up to 2.4 metres at any state of tide."},
       {"Do I need to call ahead?", "Call us on VHF channel 80 before arriving."},
       {"Can you lift boats out?",
        "Our travel hoist does a lift-out and relaunch for £22 per metre."},
       {"Do you store boats ashore?", "Storage on our hard standing costs £9 per metre per week."},
       {"Can I use the slipway?", "Launching on our slipway costs £16 including parking."},
       {"What is your cancellation policy?",
        "Visitor berth bookings can be cancelled free up to 48 hours before arrival."}});
  const std::string night = FirstReply(marina, "whats a night with you");
  EXPECT_TRUE(Has(night, "£3.20")) << night;
  const std::string radio = FirstReply(marina, "do we need to radio ahead");
  EXPECT_TRUE(Has(radio, "channel 80")) << radio;
  const std::string depth = FirstReply(marina, "whats the depth like at low water, she draws 1.9m");
  EXPECT_TRUE(Has(depth, "2.4 metres")) << depth;
  const std::string winter =
      FirstReply(marina, "how much to get her hauled out and then sat on the hard over the winter");
  EXPECT_TRUE(Has(winter, "£22")) << winter;
  const core::Agent van = AgentKnowing(
      "Haulwell",
      {{"How much is a man and van?",
        "Our standard weekday rate is £48 per hour for one driver-porter and a Luton van."},
       {"Is there a minimum charge?", "Every booking has a minimum charge of 2 hours."},
       {"When do your vans run?", "Our vans run from 7am to 8pm, and we need 24 hours' notice."},
       {"Do you supply boxes?", "Our packing bundle is £39 for 25 boxes and tape."}});
  // "hr" is an hour; "min time" is the minimum.
  const std::string rate = FirstReply(van, "whats it cost for you and the van per hr");
  EXPECT_TRUE(Has(rate, "£48")) << rate;
  const std::string least = FirstReply(van, "is there a min time i have to pay for");
  EXPECT_TRUE(Has(least, "2 hours")) << least;
}

TEST(LocalResponderAnswersTest, AKartTrackAndWeddingCarsInTheirOwnWords) {
  const core::Agent karts = AgentKnowing(
      "KartZone",
      {{"What are the height and weight rules for adult karts?",
        "Adult karts are for drivers aged 16 and over who are at least 150cm tall, and the "
        "maximum driver weight is 120kg."},
       {"Do you have sessions for children?",
        "Junior sessions are for ages 8 to 15 and give 10 minutes on track for £18 per driver."},
       {"Do you do kids' karting parties?",
        "Kids' parties are £22 per child with a minimum of 6 children."},
       {"How early should we arrive?",
        "Please arrive 30 minutes before your session to watch our safety briefing."},
       {"How do I book?", "You can book online or by phone, and groups of 12 get 15% off."},
       {"How much notice do you need?", "We need 48 hours' notice for group bookings."},
       {"Do you host corporate events?",
        "Exclusive track hire for corporate events starts at £1,450 for up to 40 drivers, "
        "including a private meeting room and a hot buffet."}});
  // A body measurement asks about the limit it measures.
  const std::string heavy =
      FirstReply(karts,
                 "one of the lads is massive like 6ft5 n prob about 130kg, is he gonna be "
                 "ok in the karts");
  EXPECT_TRUE(Has(heavy, "120kg")) << heavy;
  // How early to turn up is when to arrive, not the notice.
  const std::string early =
      FirstReply(karts, "and how early does everyone need to turn up beforehand");
  EXPECT_TRUE(Has(early, "30 minutes")) << early;
  EXPECT_FALSE(Has(early, "48 hours")) << early;
  // The least amount of kids is the minimum of them.
  const std::string least =
      FirstReply(karts, "whats the least amount of kids we'd need for a party");
  EXPECT_TRUE(Has(least, "minimum of 6")) << least;
  // An office that wants the track to itself asks for exclusive hire; a presentation needs a
  // meeting room (not a present).
  const std::string office = FirstReply(
      karts,
      "35 of us from the office would love to have the whole track to ourselves, ballpark "
      "price?");
  EXPECT_TRUE(Has(office, "£1,450")) << office;
  const std::string talk =
      FirstReply(karts, "is there somewhere we can do a quick presentation first and food after");
  EXPECT_TRUE(Has(talk, "meeting room")) << talk;
  const core::Agent cars = AgentKnowing(
      "Wedwheels",
      {{"How much is a wedding car?",
        "Wedding hire costs £495 for the Rolls-Royce or the Bentley."},
       {"Do you do prom packages?",
        "Our prom package in the limousine costs £260 for up to 8 students, with each extra "
        "pickup address costing £20."},
       {"Which areas do you cover?",
        "We cover venues up to 35 miles away, including Derby, Newark and Southwell."},
       {"Who drives the car?", "Every car comes with a chauffeur in a grey morning suit."},
       {"How long do we get the car for?",
        "Every wedding hire includes 4 hours, and each extra hour is charged at £85."}});
  // A question of no topic of its own after a story asks of what the story names that the
  // knowledge knows: the prom, not the hotel or the city centre; getting wed is a wedding, not a
  // Wednesday.
  const std::string prom = FirstReply(
      cars,
      "hi my daughter n her mates have got there leavers prom in july at a hotel in the city "
      "centre, theres 7 of them and they want to rock up in something flashy, wat have u got "
      "and how much");
  EXPECT_TRUE(Has(prom, "£260")) << prom;
  EXPECT_FALSE(Has(prom, "£495")) << prom;
  const std::string rolls = FirstReply(
      cars,
      "so me n my fiance are getting wed next august at a barn place near southwell and shes "
      "always wanted a proper old rolls like her nan had at hers in the 60s, wats that gonna "
      "cost us roughly");
  EXPECT_TRUE(Has(rolls, "£495")) << rolls;
  // A story that names nothing the knowledge knows is no question of any price.
  const std::string nothing =
      FirstReply(cars, "my cat keeps scratching the sofa to bits, what would that cost");
  EXPECT_FALSE(Has(nothing, "£")) << nothing;
  // The driver dressed up smart wears a suit; going over the time booked is an extra hour.
  const std::string dressed =
      FirstReply(cars, "is the driver dressed up smart, my dad is very old school about that");
  EXPECT_TRUE(Has(dressed, "morning suit")) << dressed;
  const std::string over = FirstReply(
      cars,
      "if the grooms lot run late at the church and we end up going over our time whats the "
      "extra");
  EXPECT_TRUE(Has(over, "£85")) << over;
}

TEST(LocalResponderAnswersTest, AGutterFirmInItsCustomersWords) {
  const core::Agent gutters = AgentKnowing(
      "GutterPro",
      {{"Do you unblock downpipes?", "Unblocking a downpipe costs £35 per pipe."},
       {"Do you do camera checks?",
        "A camera check of your gutters and roof costs £45 and we send you the video within 24 "
        "hours."},
       {"Is your work guaranteed?",
        "Every gutter clear has a 30-day guarantee, so if it blocks again we come back free."},
       {"Can you fix slipped roof tiles?",
        "Refixing slipped roof tiles costs £95 for the first tile."},
       {"How do I pay?", "You pay by card, bank transfer or cash when the job is finished."}});
  const std::string pipe =
      FirstReply(gutters, "the pipe coming down the side is gurgling, can u sort that");
  EXPECT_TRUE(Has(pipe, "£35")) << pipe;
  const std::string clogs = FirstReply(gutters, "what if it just clogs up again a fortnight later");
  EXPECT_TRUE(Has(clogs, "30-day")) << clogs;
  const std::string film =
      FirstReply(gutters, "could somebody film the rest of the roof and gutters and send it me");
  EXPECT_TRUE(Has(film, "£45")) << film;
  const std::string slid = FirstReply(
      gutters,
      "2 tiles slid down a bit on the roof after the storm, what do u charge to put them "
      "right");
  EXPECT_TRUE(Has(slid, "£95")) << slid;
}

TEST(LocalResponderAnswersTest, ACatteryAndABikeMechanicInTheirCustomersWords) {
  const core::Agent cattery = AgentKnowing(
      "PawSpa",
      {{"How much does it cost per night?",
        "Our standard single pen costs £19 per night for one cat."},
       {"Can my cats share a pen?",
        "Cats from the same household can share a family pen, costing £31 per night for two "
        "cats."},
       {"Do you offer discounts for long stays?",
        "Stays of 14 nights or more get 10% off the nightly rate."},
       {"Can I visit my cat during its stay?",
        "We don't allow visits during a stay, but we send you a photo update every evening at "
        "around 7pm."},
       {"Can I look round before booking?",
        "You are welcome to view the cattery on Wednesdays and Saturdays between noon and 2pm."},
       {"Can you cater for special diets?",
        "Prescription and special diets are no problem, but please bring enough food for the "
        "whole stay plus 2 extra days."}});
  // The question after a story it was kept with is asked alone when together they find nothing.
  const std::string share = FirstReply(
      cattery,
      "they sleep curled up together every night. can they bunk in together and whats the "
      "cost a night");
  EXPECT_TRUE(Has(share, "£31")) << share;
  const std::string cheaper =
      FirstReply(cattery, "its 3 weeks tho does a longer stay work out any cheaper");
  EXPECT_TRUE(Has(cheaper, "10%")) << cheaper;
  const std::string hello = FirstReply(cattery, "can i come say hello to them sometimes");
  EXPECT_TRUE(Has(hello, "7pm")) << hello;
  const std::string view = FirstReply(cattery, "when can i come to see the place");
  EXPECT_TRUE(Has(view, "noon")) << view;
  const std::string vet = FirstReply(
      cattery, "hes on a kidney food from the vet which he wont go without, do i bring that in");
  EXPECT_TRUE(Has(vet, "2 extra days")) << vet;
  const core::Agent mechanic = AgentKnowing(
      "BikeFix",
      {{"What servicing do you offer?",
        "Our Basic Tune is £49 and takes about 1 hour, and our Full Service is £89 and takes "
        "about 2 hours."},
       {"Is your work guaranteed?",
        "All our labour is guaranteed for 60 days, so if the same fault comes back we fix it "
        "free."},
       {"What is your cancellation policy?",
        "You can cancel free of charge up to 5pm the day "
        "before."},
       {"Do you do workplace visits?",
        "For workplace bike days with at least 5 bikes we waive the call-out fee."}});
  // "how long does that take" asks of what was answered; the reason after it is no part of it.
  Dialogue d(mechanic);
  d.Say("could one of ur lot come and give it a basic service, wats that cost");
  const std::string took =
      d.Say("and how long does that take, i need it back to ride home at 5").text;
  EXPECT_TRUE(Has(took, "1 hour")) << took;
  EXPECT_FALSE(Has(took, "60 days")) << took;
}

TEST(LocalResponderAnswersTest, AButcherAndAPaddleboardCentreInTheirCustomersWords) {
  const core::Agent butcher = AgentKnowing(
      "Cleaver",
      {{"Do you sell halal meat?",
        "Our halal lamb and chicken is HMC certified, and halal orders need 48 hours' notice."},
       {"Do you do freezer packs?",
        "Our Freezer Filler is 10 kg of mixed cuts for £89, and it keeps for up to 9 months in the "
        "freezer."},
       {"Is there a minimum order?", "The minimum order for delivery is £25."},
       {"What meat boxes do you sell?", "Our Family Meat Box feeds 4 people for a week for £45."},
       {"Can I order online and collect?", "Click and collect is free from our shop."}});
  // Eating, to a butcher, is the meat.
  const std::string halal =
      FirstReply(butcher, "two of us only eat halal tho is that something u do");
  EXPECT_TRUE(Has(halal, "48 hours")) << halal;
  // How long something lasts frozen is how long it keeps in the freezer.
  const std::string frozen =
      FirstReply(butcher, "is there a freezer deal and how long does it last frozen");
  EXPECT_TRUE(Has(frozen, "9 months")) << frozen;
  const std::string spend = FirstReply(butcher, "and is there a min spend");
  EXPECT_TRUE(Has(spend, "£25")) << spend;
  const core::Agent lake = AgentKnowing(
      "PaddleUp",
      {{"What safety rules do you have?",
        "Everyone wears a buoyancy aid, and all paddlers must be able to swim at least 50 "
        "metres."},
       {"How old do you have to be?", "Paddlers must be at least 8 years old."},
       {"Is there parking?", "Our car park costs £5 for the whole day."}});
  // "a certain distance" is so many metres.
  const std::string swim =
      FirstReply(lake, "do i need to be able to swim a certain distance to go out");
  EXPECT_TRUE(Has(swim, "50 metres")) << swim;
}

TEST(LocalResponderAnswersTest, APriceAskedOfAStoryToldInParts) {
  const core::Agent tuner = AgentKnowing(
      "PianoTune",
      {{"How much does a piano tuning cost?",
        "A standard tuning costs £85 for an upright and £105 for a grand, and the visit takes "
        "about 75 minutes."},
       {"What is a pitch raise and do I need one?",
        "If your piano has dropped well below concert pitch, usually after years without tuning, "
        "it needs a pitch raise, which adds £45 and an extra 50 minutes to the visit."},
       {"Can you fix sticking keys or broken strings?",
        "Small repairs are done on the same visit: freeing sticking keys costs £20 for up to 5 "
        "keys, and replacing a broken string is £28 per string."},
       {"Do you do bigger repairs?",
        "Larger jobs such as replacing hammers or dampers are done at our workshop in Bedminster, "
        "with a free written quote and a usual turnaround of 3 weeks."},
       {"Can you move my piano?",
        "We don't move pianos ourselves, but our partner Severnside Piano Removals moves uprights "
        "within Bristol from £160, and you should wait 2 weeks after a move before tuning so the "
        "piano can settle."},
       {"Do you work on digital pianos?",
        "Digital pianos never need tuning, but we offer a fault diagnosis on digital pianos and "
        "keyboards for £35, which is taken off the repair bill if you go ahead."},
       {"Which areas do you cover?",
        "We cover every BS postcode, including Portishead, Clevedon and Keynsham, and visits to "
        "Bath or Weston-super-Mare carry an £18 travel charge."},
       {"How do I pay?",
        "You pay on the day by card, contactless or bank transfer, and schools, churches and "
        "venues can ask for an invoice with 30 days to pay."}});
  // The price is of what the whole story names (a grand and uprights: their tuning), not of
  // what its last part found alone (the removal of uprights).
  const std::string lot = FirstReply(
      tuner,
      "hi im the music lead at a primary in southmead, weve got a baby grand in the hall and 2 "
      "uprights in the classrooms. whats it gonna cost to do the lot");
  EXPECT_TRUE(Has(lot, "£105")) << lot;
  EXPECT_FALSE(Has(lot, "£160")) << lot;
}

TEST(LocalResponderAnswersTest, HowLateOneMayCancelAsksThePolicy) {
  const core::Agent lake = AgentKnowing(
      "PaddleUp",
      {{"What is your cancellation policy?",
        "You can cancel or move a booking free of charge up to 48 hours before it starts."},
       {"Do you run beginner lessons?", "Our taster lesson lasts 2 hours and costs £45."},
       {"Is there parking?", "Our car park costs £5 for the whole day."}});
  // How late one may cancel asks the policy: no request to cancel, so no account to ask for.
  const std::string latest = FirstReply(lake, "whats the latest we can cancel");
  EXPECT_TRUE(Has(latest, "48 hours")) << latest;
  EXPECT_FALSE(Has(latest, "email")) << latest;
}

TEST(LocalResponderAnswersTest, WhetherSomeoneOfTheAgeGivenMayCome) {
  const core::Agent clinic = AgentKnowing(
      "Flexcore",
      {{"How quickly can I be seen?",
        "We hold 4 same-day appointments every weekday, which are released by phone from 8am."},
       {"Do you treat children?",
        "We treat children aged 12 and over, and anyone under 16 must have a parent or guardian "
        "in the room."},
       {"What are your opening hours?",
        "We are open Monday to Friday from 7am to 8pm and Saturday from 8:30am to 1pm."}});
  // The price after a part that points back and finds nothing is of what the message found.
  const core::Agent visits = AgentKnowing(
      "Flexcore",
      {{"Do you do home visits?",
        "Home visits cost £85 for a 50-minute session and are available to anyone living within "
        "7 miles of the clinic."},
       {"How much are follow-up sessions?",
        "Follow-up physiotherapy sessions last 40 minutes and cost £46 each."},
       {"How much is a first assessment and what happens?",
        "Your initial assessment lasts 60 minutes and costs £58, including a full examination, "
        "your first treatment and a written home exercise plan."},
       {"Do you do sports massage?",
        "Yes, sports massage costs £39 for 30 minutes or £52 for 45 minutes."},
       {"What is your cancellation policy?",
        "You can cancel or move an appointment free of charge with at least 24 hours' notice; "
        "later cancellations are charged £30."},
       {"Do you offer any packages or discounts?",
        "You can buy a block of 5 follow-up sessions for £205, which saves £25, and the block "
        "must be used within 4 months."}});
  const std::string far = FirstReply(
      visits,
      "she lives out past the retail park, maybe 5 miles from you, do you come that far and what "
      "is the price");
  EXPECT_TRUE(Has(far, "£85")) << far;
  EXPECT_FALSE(Has(far, "£46")) << far;
  // Whether a 14-year-old may be seen is the children's passage, not how soon anyone is.
  const std::string lad =
      FirstReply(clinic, "my lad is 14 and has a sore hamstring, can he be seen too");
  EXPECT_TRUE(Has(lad, "guardian")) << lad;
  EXPECT_FALSE(Has(lad, "same-day")) << lad;
}

TEST(LocalResponderAnswersTest, WhatTheQuestionFoundComesBeforeWhatTheStoryFound) {
  const core::Agent school = AgentKnowing(
      "DeepBlue",
      {{"What is a try-dive and how much does it cost?",
        "Our pool try-dive costs £45 per person and gives you 90 minutes in the water, every "
        "Thursday at 7pm."},
       {"Are there age limits?",
        "Try-dives are open from age 8, and divers under 16 must have a parent on site."},
       {"Do you sell gift vouchers?",
        "Gift vouchers are available for any amount from £20 and are valid for 18 months."},
       {"Do you run boat trips?",
        "Our boat leaves at 8:30am every Saturday for two dives, costing £70 per diver."},
       {"How much is the PADI Open Water course and how long does it take?",
        "The PADI Open Water course costs £495 and runs over 2 weekends, including e-learning, "
        "kit hire and the PADI certification fee."},
       {"How well do I need to swim?",
        "For the Open Water course you need to swim 200 metres without stopping and float or "
        "tread water for 10 minutes."},
       {"What happens if the weather is bad?",
        "If we cancel a sea trip because of the weather we tell you by 6pm the evening before, "
        "and you can choose a free rebooking or a full refund."},
       {"Do I have to pay for a course upfront?",
        "Courses need a £100 non-refundable deposit at booking, with the balance due 28 days "
        "before the start date."}});
  Dialogue d(school);
  // A grown-up of 30 clears the minimum age: that passage says nothing of her. The try-dive the
  // question found comes first, and the follow-up is of it.
  const std::string taster =
      d.Say(
           "so my girlfriend turns 30 next month and shes been on about wanting to breathe "
           "underwater "
           "lol. is there like a taster thing in a pool she could have a go at, whats it cost")
          .text;
  EXPECT_TRUE(Has(taster, "£45")) << taster;
  EXPECT_FALSE(Has(taster, "age 8")) << taster;
  const std::size_t voucher = taster.find("Gift");
  EXPECT_TRUE(voucher == std::string::npos || voucher > taster.find("£45")) << taster;
  // When it is on, and how long in the water, are the try-dive's: not the Open Water course's.
  const std::string when =
      d.Say("wat night is it on and how long do we actually get in the water").text;
  EXPECT_TRUE(Has(when, "Thursday")) << when;
  EXPECT_TRUE(Has(when, "90 minutes")) << when;
  EXPECT_FALSE(Has(when, "£495")) << when;
}

TEST(LocalResponderAnswersTest, AConditionIsTheCaseOfTheQuestionAfterIt) {
  const core::Agent school = AgentKnowing(
      "Heelwork",
      {{"Do you offer one-to-one training?",
        "One-to-one sessions last 50 minutes and cost £48 at our field or £58 at your home."},
       {"How much notice do I need to give to move a one-to-one session?",
        "One-to-one sessions can be moved free of charge with 48 hours' notice, and later "
        "changes carry a £20 fee."},
       {"Can I get a refund on a course?",
        "Course fees are refunded in full if you cancel at least 14 days before the start date."},
       {"How do I pay?", "We take payment in full at booking by card or bank transfer."},
       {"What is the recall workshop?",
        "Our Recall Workshop is a single 3-hour session on Sunday mornings and costs £42."}});
  // The condition's booking and cancelling are the case of the notice asked, not questions.
  const std::string notice = FirstReply(
      school, "if i book one and then something comes up how much notice do i have to give u");
  EXPECT_TRUE(Has(notice, "48 hours")) << notice;
  EXPECT_FALSE(Has(notice, "14 days")) << notice;
  EXPECT_FALSE(Has(notice, "bank transfer")) << notice;
  // "whats involved" at the end asks, after a story that reads as a complaint.
  const std::string recall = FirstReply(
      school,
      "my whippet is a nightmare off lead, saw a squirrel sunday and was gone for like 20 mins i "
      "was in bits. saw u do a recall thing whats involved");
  EXPECT_TRUE(Has(recall, "3-hour")) << recall;
}

TEST(LocalResponderAnswersTest, HowFarAheadOfWhatWasJustAnswered) {
  const core::Agent salon = AgentKnowing(
      "GlowBar",
      {{"Do I need a patch test?",
        "Anyone having lash extensions for the first time needs a free patch test at least 48 "
        "hours before the appointment."},
       {"What is your cancellation policy?",
        "You can cancel or move your appointment free of charge up to 24 hours before it; with "
        "less notice you lose your deposit."},
       {"How much are lash extensions?", "A full set of classic lash extensions costs £55."}});
  const std::string ahead = FirstReply(
      salon, "do i have to have some sort of test done first and how far ahead does it need to be");
  EXPECT_TRUE(Has(ahead, "48 hours")) << ahead;
  EXPECT_FALSE(Has(ahead, "24 hours")) << ahead;
}

TEST(LocalResponderAnswersTest, ABillIsNoMisspeltBrillAndDoingASwimIsNoQuestion) {
  const core::Agent repairs = AgentKnowing(
      "WhirlFix",
      {{"How much is a callout?",
        "Our callout and diagnosis fee is £65, which covers travel and up to 45 minutes finding "
        "the fault, and it is waived if you go ahead with the repair on the same visit."},
       {"How much does a repair cost?",
        "Labour for a repair is a fixed £89 for washing machines and dishwashers and £99 for "
        "electric ovens and cookers, which includes the callout, with any parts charged on top."},
       {"What are your working hours?",
        "Our engineers work Monday to Friday from 8am to 6pm and Saturday from 9am to 1pm, and we "
        "don't do Sunday or bank holiday callouts."},
       {"Can you come out today?",
        "Same-day callouts are available Monday to Friday if you book before 10am, for an extra "
        "£25 on top of the usual price, subject to an engineer being free."},
       {"What time will the engineer arrive?",
        "We give you either a morning slot from 8am to 12pm or an afternoon slot from 12pm to 6pm, "
        "and the engineer sends a text about 30 minutes before he arrives."},
       {"Do you repair gas ovens?",
        "We only repair electric ovens and cookers; we are not Gas Safe registered, so we cannot "
        "work on gas ovens, gas hobs or anything connected to a gas supply."},
       {"What is your cancellation policy?",
        "You can cancel or move a booking free of charge up to 5pm the day before; after that, or "
        "if nobody is home when the engineer arrives, there is a £35 missed-visit charge."},
       {"How do I pay?",
        "Payment is due when the job is finished, by card on the engineer's card reader, bank "
        "transfer or cash; we don't accept cheques."},
       {"Do you work for landlords and letting agents?",
        "Yes, we invoice landlords and letting agents directly with 14-day payment terms, but the "
        "tenant or someone else aged 18 or over must be home to let the engineer in."}});
  // "bill" is a word of its own, not "brill" with a letter dropped: it asks for the invoice.
  const std::string bill = FirstReply(
      repairs,
      "Hi, I look after a few rental flats around Louth for my dad. One of the tenants says the "
      "fan oven isn't getting hot properly, it's a built-in Bosch electric one. Can you send the "
      "bill to us rather than the tenant, and does somebody have to be in when your man comes?");
  EXPECT_TRUE(Has(bill, "14-day")) << bill;
  // Getting someone out today is the same-day callout.
  const std::string today = FirstReply(
      repairs,
      "is there any chance u could get someone out today pls, cant keep washing by hand with 3 "
      "kids and a dog that rolls in everything");
  EXPECT_TRUE(Has(today, "£25")) << today;

  core::Agent sauna = AgentKnowing(
      "Brine & Birch",
      {{"How much is a shared sauna session?",
        "A shared session lasts 60 minutes and costs £18 per person, with up to 10 bathers in the "
        "sauna, unlimited use of our two cold plunge tubs and the sea on the doorstep."},
       {"Can we book the sauna privately?",
        "Private hire gives your group the whole sauna for 75 minutes for £140 in total, for up to "
        "8 people, and includes towels for everyone."},
       {"What are your opening hours?",
        "Shared sessions run Wednesday to Sunday, with the first starting at 7am and the last at "
        "7:30pm; on Mondays and Tuesdays the sauna is open for private hire only, from 9am to "
        "6pm."},
       {"Do you offer memberships?",
        "Full membership is £55 a month for unlimited shared sessions with a 3-month minimum term; "
        "off-peak membership is £38 a month and covers shared sessions starting before 4pm on "
        "Wednesdays, Thursdays and Fridays."},
       {"Do you sell multi-session passes?",
        "A 10-session pass costs £150, is valid for 12 months from purchase and can be shared with "
        "friends, but it only covers shared sessions, not sunrise or private sessions."},
       {"What do I need to bring?",
        "Bring swimwear, a towel, flip-flops and a water bottle; towels can be hired for £4 each, "
        "and there is a changing hut and a cold outdoor shower but no hot showers or lockers."},
       {"Where do I park?",
        "The nearest car park is the Grand Parade pay-and-display, 150 metres from the sauna, at "
        "£1.80 an hour, and Tynemouth Metro station is a 12-minute walk away."},
       {"What happens if the weather is bad?",
        "We run in all weather, including rain, snow and wind, and only cancel when gusts over "
        "50mph or lightning are forecast, in which case we text you at least 2 hours before and "
        "offer a full refund or a free rebooking."},
       {"Is the sauna accessible?",
        "A 40-metre boardwalk runs from the promenade to the sauna, which has a ramp and a "
        "wheelchair-accessible changing hut, and a carer comes free of charge on any session."}});
  sauna.company_info =
      "Brine & Birch is a wood-fired sauna and cold-water plunge on Longsands Beach in Tynemouth, "
      "run by two local sea swimmers since 2021.\nWe offer shared and private sessions, sunrise "
      "sessions, memberships and gift vouchers all year round.";
  // "do a sea swim most days" tells what the customer does; the membership asked is the answer,
  // said first, so that "the cheaper one" is the off-peak membership.
  Dialogue d(sauna);
  const std::string membership =
      d.Say(
           "i live just up the road in cullercoats and do a sea swim most days, been thinking "
           "about getting a membership with u so i can warm up after. what does it cost and am "
           "i tied in for long?")
          .text;
  EXPECT_TRUE(Has(membership, "£55")) << membership;
  const std::string cheaper =
      d.Say("wat about the cheaper one, im only really free mornings midweek as i work weekends")
          .text;
  EXPECT_TRUE(Has(cheaper, "£38")) << cheaper;
  EXPECT_FALSE(Has(cheaper, "£18 per person")) << cheaper;
  // Walking with a stick is a need of mobility.
  const std::string stick = FirstReply(
      sauna,
      "she's got a bad hip and walks with a stick, is it easy for her to get down to the sauna "
      "from the road?");
  EXPECT_TRUE(Has(stick, "boardwalk")) << stick;
}

TEST(LocalResponderAnswersTest, ACountOfMatesIsWhoComesAndAChildNewToItNeedsNoExperience) {
  const core::Agent club = AgentKnowing(
      "ByteBots",
      {{"What are the weekly term-time classes and how much do they cost?",
        "Our weekly Code & Build classes are for ages 7 to 13, last 90 minutes and cost £168 for a "
        "12-week term, which works out at £14 a session, paid upfront."},
       {"When are the term-time classes?",
        "Weekday classes run Tuesday to Thursday from 4:15pm to 5:45pm, and Saturday classes run "
        "from 9:30am to 11am or 11:30am to 1pm; there are no classes on Sundays or in the school "
        "holidays."},
       {"Do you have classes for younger children?",
        "Little Bytes is our class for 5 and 6 year olds, running on Saturdays at 2pm for 45 "
        "minutes and costing £96 for a 12-week term, and one parent must stay in the building."},
       {"Do you run holiday camps?",
        "Holiday camps run Monday to Thursday from 9am to 3pm in the Easter, summer and October "
        "half-term holidays for ages 7 to 13, and cost £42 a day or £150 for all 4 days."},
       {"Do you offer early drop-off or late pick-up?",
        "At holiday camps you can add early drop-off from 8am or late pick-up until 5:30pm for £6 "
        "per child each time; this is not available for term-time classes."},
       {"Are there sibling discounts?",
        "Second and further siblings get 10% off term classes and holiday camps, but the discount "
        "does not apply to birthday parties or Little Bytes."},
       {"Do you do birthday parties?",
        "Robot birthday parties last 2 hours for ages 6 to 12 and cost £240 for up to 12 children, "
        "plus £15 per extra child up to a maximum of 16; every child takes home a robot they "
        "built, but you bring your own food and cake."},
       {"How do I book a party and can I change the date?",
        "A £60 non-refundable deposit secures your party date and the balance is due 14 days "
        "before the party; you can move the date once free of charge with at least 21 days' "
        "notice."},
       {"Can my child try a class first, and are term fees refundable?",
        "Every new child can have one free taster session in the first 4 weeks of term. Term fees "
        "are fully refundable until the second class, after which there are no refunds, but up to "
        "2 missed classes per term can be made up in another group."},
       {"What if we need to cancel a holiday camp booking?",
        "Camp bookings cancelled at least 7 days before the camp get a full refund; after that we "
        "give a credit note valid for 12 months instead of a refund."},
       {"What does my child need to bring?",
        "We provide all the laptops, LEGO robotics kits and micro:bits, so for classes children "
        "only need a water bottle; for camps they also need a nut-free packed lunch and two "
        "snacks."},
       {"Where are you and is there parking?",
        "We are at Hungate Community Hall on Palmer Street in York, a 12-minute walk from York "
        "station, with 5 free 15-minute drop-off bays outside and Foss Bank car park a 4-minute "
        "walk away."},
       {"Are your instructors DBS checked?",
        "All 8 of our instructors have enhanced DBS checks and paediatric first aid training, and "
        "we keep a ratio of 1 instructor to 8 children, or 1 to 6 at Little Bytes."},
       {"Does my child need coding experience, and can you support additional needs?",
        "No coding experience is needed because children are grouped by level; children with "
        "additional needs are very welcome, and if you tell us before the first session we can set "
        "up a quieter table with ear defenders."},
       {"How can I pay?",
        "We take card and bank transfer for everything, and because our holiday camps are "
        "Ofsted-registered you can pay for camps, but not classes or parties, with Tax-Free "
        "Childcare or childcare vouchers."}});
  // The price and the length asked after a story of 15 mates are the party's, not the "15-minute"
  // drop-off bays; and the food then asked of is the party's.
  Dialogue d(club);
  const std::string party =
      d.Say(
           "hi there, my son turns 9 in march and hes OBSESSED with robots so we were thinking of "
           "doing his party with you guys. trouble is hes got about 15 mates he wants to invite, "
           "how much would that come to and how long does it go on for")
          .text;
  EXPECT_TRUE(Has(party, "£240")) << party;
  EXPECT_FALSE(Has(party, "drop-off bays")) << party;
  const std::string food = d.Say("is food included or do i need to sort that myself").text;
  EXPECT_TRUE(Has(food, "bring your own")) << food;
  // A child who has never done any coding needs no experience; her age alone finds nothing.
  const std::string lost = FirstReply(
      club,
      "my daughter is 7 and has never done any actual coding, she just builds stuff in minecraft "
      "all day lol. shes quite shy too. would she be totally lost in ur classes with kids who "
      "already know it all?");
  EXPECT_TRUE(Has(lost, "No coding experience")) << lost;
  EXPECT_FALSE(Has(lost, "£240")) << lost;
  // Having a go first is the free taster.
  const std::string go =
      FirstReply(club, "can she have a go first before i fork out for the whole thing");
  EXPECT_TRUE(Has(go, "taster")) << go;
}

TEST(LocalResponderAnswersTest, AnAgeDoesNotPutAPassageCoveredByHalfFirst) {
  core::Agent park = AgentKnowing(
      "Hayfield Farm Park",
      {{"How much is entry?",
        "Day tickets cost £11.50 for adults, £13.95 for children aged 2 to 15 and £10 for "
        "over-65s, and under-2s go free; entry includes tractor rides, soft play, the animal barns "
        "and the outdoor play area."},
       {"Do you have a family ticket?",
        "A family ticket for 2 adults and 2 children costs £46, each extra child added to it is "
        "£10.50, and it is only sold online at least a day before your visit."},
       {"Can I change or refund my tickets?",
        "Day tickets can be moved to another date free of charge up to 24 hours before your visit "
        "but are not refundable, unless we close the park because of severe weather, in which case "
        "you get a full refund."},
       {"What are your opening times?",
        "From March to October we're open every day from 10am to 5pm with last entry at 3:30pm; "
        "from November to February we're open Wednesday to Sunday from 10am to 4pm, and we're "
        "closed 24 to 26 December."},
       {"When do the tractor rides run?",
        "Tractor trailer rides leave the yard every 45 minutes from 10:30am, last about 20 minutes "
        "around our 2-mile farm loop and are included in entry; under-4s must sit on an adult's "
        "lap and pushchairs stay in the yard."},
       {"Can the children feed the animals?",
        "Bags of animal feed cost £1.50 from the barn shop for the goats, sheep, alpacas and pigs, "
        "and lamb bottle-feeding runs at 11:30am and 2:30pm from March to May only; please don't "
        "bring your own food for the animals."},
       {"Tell me about the soft play.",
        "Our indoor soft play barn is for children up to age 11 and under 1.4m, with a separate "
        "toddler zone for under-3s; grip socks must be worn (£2 a pair if you forget them) and in "
        "school holidays each visit is limited to 90 minutes."},
       {"Can we just visit the soft play?",
        "Soft-play-only tickets cost £6.50 per child on term-time weekdays, adults go in free, and "
        "they give 2 hours in the soft play barn and café but no access to the farm or tractor "
        "rides."},
       {"How do birthday parties work?",
        "Parties cost £17.50 per child with a minimum of 10 children and the birthday child goes "
        "free; each includes 1 hour in a private party room with hot food, a private tractor ride, "
        "a bag of animal feed per child and the rest of the day on the park."},
       {"How do I book a party and what if plans change?",
        "A £50 non-refundable deposit secures your party date, final numbers are due 7 days "
        "before, and you can move the date once free of charge with at least 14 days' notice."},
       {"Do you have a café?",
        "The Hay Loft Café serves breakfast from 10am to 11:30am and hot lunches until 3pm, with a "
        "kids' lunch box for £5.25; we have gluten-free and vegan options but the kitchen is not "
        "nut-free."},
       {"Can we bring a picnic?",
        "You're welcome to bring a picnic to our 3 outdoor picnic areas or the covered picnic barn "
        "with 20 tables, but you can't eat your own food in the café or the soft play."},
       {"Can I bring my dog?",
        "Dogs aren't allowed anywhere on the park or to be left in the car park because of our "
        "animals, apart from registered assistance dogs, which can go everywhere except the "
        "petting barn."},
       {"Is the park accessible?",
        "Our paths are flat and pushchair-friendly, we lend 2 wheelchairs free of charge, one "
        "tractor trailer has a ramp that takes 1 wheelchair per ride, and carers with a carer card "
        "get in free."},
       {"Where are you and is there parking?",
        "We're on Hayfield Lane, 3 miles west of Skipton, with free parking for 150 cars including "
        "8 disabled bays, and the nearest bus stop is 400 metres from the gate."}});
  park.company_info =
      "Hayfield Farm Park is a family-run farm park on Hayfield Lane just outside Skipton in North "
      "Yorkshire.\nFamilies come for animal feeding, tractor rides, our indoor soft play barn, the "
      "Hay Loft Café and birthday parties.";
  // The boy's age 3 is held by the soft play barn's bracket, but the part asks for soft play
  // alone, which the soft-play-only tickets cover in full.
  const std::string soft = FirstReply(
      park,
      "hi do u do just soft play without the farm bit? my boy is 3 and its freezing out, dont "
      "fancy the animals today lol. its a thursday if that matters");
  EXPECT_TRUE(Has(soft, "£6.50")) << soft;
  EXPECT_LT(soft.find("£6.50"), soft.find("1.4m")) << soft;
}

}  // namespace carevoice::llm
