#include "engine/policy.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "nlu/sentiment.hpp"

namespace carevoice::engine {
namespace {

core::Message UserMsg(std::string text, std::string sentiment, core::TimeMs ts = 0) {
  core::Message m;
  m.role = core::MessageRole::kUser;
  m.content = std::move(text);
  m.timestamp = ts;
  core::MessageMetadata md;
  md.sentiment = std::move(sentiment);
  m.metadata = md;
  return m;
}

TEST(PolicyTest, DetectsExplicitRequestsForAPerson) {
  for (const char* text :
       {"let me talk to a human", "I want to speak to a manager", "Can I talk to a real person?",
        "human please", "AGENT", "transfer me to a representative", "get me a live agent now",
        "I need a human being to look at this", "I'd like to speak to a mechanic please",
        "can I talk to the vet", "could I speak with someone about my bill",
        "I'd like to speak to one of the nurses please",
        "this is ridiculous, put me through to whoever is in charge",
        "can you put me through to someone please", "who's in charge?",
        "i want to speak to whoever runs the place TODAY", "get me your boss",
        // A demand at the end of a story.
        "picked my spaniel up and nobody said a WORD. i want the manager not a bot, today",
        "showers were cold AGAIN. i want the manager NOW", "I demand a supervisor",
        "i want your manager to ring me",
        "the lad on the desk just shrugged at me. I want someone in charge to ring me back TODAY",
        "can your manager call me back",
        "ive rung 3 times and nobody picks up. i want someone to call me back TODAY",
        "this is an absolute joke, i want someone senior on the phone TODAY",
        "can i speak to someone higher up please"}) {
    EXPECT_TRUE(AsksForHuman(text)) << text;
  }
  for (const char* text :
       {"the agent who delivered my parcel was rude about the box", "what are your opening hours?",
        "I'm a human resources manager asking about invoices for our company account",
        "my order number is 12345", "thanks, that helps",
        // A member of staff by trade, without a verb of talking, may be a booking.
        "I need an engineer to look at my router", "can a mechanic check my brakes?",
        "do the nurses clip claws?", "who is in charge of the wedding flowers at the venue",
        "can you pass me the link to book", "whoever booked it can pick it up",
        "my boss wants an invoice", "i need someone to clean my oven",
        "can you call me back about the quote", "i want a senior discount on the tickets"}) {
    EXPECT_FALSE(AsksForHuman(text)) << text;
  }
}

// What the customer says of their own role names who is writing, no person asked for ("I'm a
// property manager": the NLU reads a request for a person at 0.99 for "manager").
TEST(PolicyTest, TheWritersOwnRoleIsNoPersonAskedFor) {
  EXPECT_FALSE(AsksForHuman("I'm a property manager at a letting agency, i need a quote"));
  EXPECT_FALSE(AsksForHuman("im an estate agent and i want a survey for a buyer"));
  EXPECT_TRUE(AsksForHuman("I'm a customer and I want to speak to a manager"));
  EXPECT_TRUE(AsksForHuman("i want the manager"));
  EXPECT_TRUE(AsksForHuman("im asking for a manager, i need a refund"));
  // (Both read by the NLU as a request for a person, at 0.99.)
  const auto read_as_asking = [](std::string text) {
    core::Message m = UserMsg(std::move(text), "neutral");
    m.metadata->fine_intent = "contact_human_agent";
    m.metadata->confidence = 0.99;
    return m;
  };
  EXPECT_EQ(DecideEscalation({}, read_as_asking("Good morning. I'm a property manager at a letting "
                                                "agency. What would a camera survey cost?")),
            EscalationReason::kNone);
  EXPECT_EQ(DecideEscalation({}, read_as_asking("could I speak with the manager please")),
            EscalationReason::kHumanRequested);
}

TEST(PolicyTest, EscalatesOnUrgencyHumanRequestOrTwoNegativesInARow) {
  const std::vector<core::Message> none;
  EXPECT_EQ(DecideEscalation(none, UserMsg("my card was stolen", "urgent")),
            EscalationReason::kUrgent);
  EXPECT_EQ(DecideEscalation(none, UserMsg("let me talk to a human", "neutral")),
            EscalationReason::kHumanRequested);
  EXPECT_EQ(DecideEscalation(none, UserMsg("this is bad", "negative")), EscalationReason::kNone);

  std::vector<core::Message> history{UserMsg("still broken", "negative")};
  core::Message assistant;
  assistant.role = core::MessageRole::kAssistant;
  history.push_back(assistant);
  EXPECT_EQ(DecideEscalation(history, UserMsg("worst service ever", "negative")),
            EscalationReason::kRepeatedNegative);
  EXPECT_EQ(DecideEscalation(history, UserMsg("ok thanks", "positive")), EscalationReason::kNone);

  std::vector<core::Message> mixed{UserMsg("bad", "negative"), UserMsg("fine", "neutral")};
  EXPECT_EQ(DecideEscalation(mixed, UserMsg("awful", "negative")), EscalationReason::kNone);
}

// A fault told of with a request to see to it is the fault's negative, not anger at the business:
// two of them in a row do not escalate; an angry turn after one still does.
TEST(PolicyTest, FaultsAskedToBeSeenToAreNoRepeatedNegative) {
  const core::Message fault =
      UserMsg("my pc keeps showing pop ups and its sooo slow, can you sort it", "negative");
  core::Message assistant;
  assistant.role = core::MessageRole::kAssistant;
  const std::vector<core::Message> history{fault, assistant};
  EXPECT_EQ(DecideEscalation(history, UserMsg("also my old hard drive died, can you get the "
                                              "photos back off it",
                                              "negative")),
            EscalationReason::kNone);
  const std::vector<core::Message> angry_before{
      UserMsg("this is ridiculous, my laptop is still broken", "negative"), assistant};
  EXPECT_EQ(DecideEscalation(angry_before, UserMsg("you've had my laptop for two weeks and nobody "
                                                   "answers, can you explain",
                                                   "negative")),
            EscalationReason::kRepeatedNegative);
  // A request with anger in it counts: after a fault alone it is the first negative turn, after
  // an angry one the second.
  EXPECT_EQ(DecideEscalation(history, UserMsg("can you fix it again, it's useless", "negative")),
            EscalationReason::kNone);
  EXPECT_EQ(
      DecideEscalation(angry_before, UserMsg("can you fix it again, it's useless", "negative")),
      EscalationReason::kRepeatedNegative);
}

// Whether an insurance covers an illness asks to see to it; someone who can actually sort it
// out, demanded, is a person asked for.
TEST(PolicyTest, WhetherItIsCoveredAndSomeoneWhoCanSortItOut) {
  const std::vector<core::Message> teeth = {
      UserMsg("his teeth are not so good, the vet said maybe soon he need a cleaning for the gums. "
              "is this covered",
              "negative")};
  EXPECT_EQ(DecideEscalation(
                teeth, UserMsg("and the hip is bad too, are we covered for that", "negative")),
            EscalationReason::kNone);
  EXPECT_TRUE(AsksForHuman("this is a joke, get me someone who can actually sort it out NOW"));
  EXPECT_TRUE(
      AsksForHuman("theres a locked barrier across it and the tides dropping. get me "
                   "someone NOW"));
  EXPECT_TRUE(
      AsksForHuman("i want my money back and i want someone who can actually sort this "
                   "out"));
  EXPECT_FALSE(AsksForHuman("can someone come and sort out my boiler"));
  EXPECT_FALSE(AsksForHuman("can you get me someone out today, the boiler's packed in"));
}

TEST(PolicyTest, QuestionsAboutASnagAreNoTwoNegativesInARow) {
  // Missing lessons and waiting in the car are snags asked about, not anger at the business.
  const std::vector<core::Message> before = {UserMsg(
      "the older one has football some saturdays so hes gonna miss a few. do we just lose those "
      "or can he catch up another day",
      "negative")};
  EXPECT_EQ(DecideEscalation(before, UserMsg("can i watch from somewhere or am i stuck sat in "
                                             "the car for half an hour",
                                             "negative")),
            EscalationReason::kNone);
  // After anger, a snag asked about still does not count; anger again does.
  const std::vector<core::Message> angry = {
      UserMsg("this is ridiculous, nobody called me back", "negative")};
  EXPECT_EQ(DecideEscalation(angry, UserMsg("can i watch from somewhere or am i stuck sat in the "
                                            "car for half an hour",
                                            "negative")),
            EscalationReason::kNone);
  EXPECT_EQ(
      DecideEscalation(angry, UserMsg("can i get my money back, this is ridiculous", "negative")),
      EscalationReason::kRepeatedNegative);
}

TEST(PolicyTest, FineIntentContactHumanEscalates) {
  core::Message m = UserMsg("could somebody from your team call me", "neutral");
  m.metadata->fine_intent = "contact_human_agent";
  m.metadata->confidence = 0.9;
  EXPECT_EQ(DecideEscalation({}, m), EscalationReason::kHumanRequested);
  // Unsure, the model's reading is no request: a cleaner is sought, not a person to talk to.
  core::Message cleaner =
      UserMsg("looking for someone to clean my flat once a week, what do you charge", "neutral");
  cleaner.metadata->fine_intent = "contact_human_agent";
  cleaner.metadata->confidence = 0.45;
  EXPECT_EQ(DecideEscalation({}, cleaner), EscalationReason::kNone);
  // A consultation asked of an accountant (0.65) is a question the knowledge may answer.
  core::Message natter = UserMsg(
      "before i commit can i have a natter with someone about my situation without being billed",
      "neutral");
  natter.metadata->fine_intent = "contact_human_agent";
  natter.metadata->confidence = 0.65;
  EXPECT_EQ(DecideEscalation({}, natter), EscalationReason::kNone);
  // Sure, but naming nobody to reach: "transfer" is a bank transfer here, not a call's.
  core::Message payment = UserMsg(
      "also never got round to paying for last months clean, can i just bank transfer it and how "
      "long have i actually got",
      "neutral");
  payment.metadata->fine_intent = "contact_human_agent";
  payment.metadata->confidence = 0.81;
  EXPECT_EQ(DecideEscalation({}, payment), EscalationReason::kNone);
}

TEST(PolicyTest, ReadsTheMessageAsTheNluCorrectedIt) {
  // "real pesron" as written, "real person" as read (MessageMetadata::text).
  core::Message m = UserMsg("can I talk to a real pesron", "neutral");
  EXPECT_EQ(DecideEscalation({}, m), EscalationReason::kNone);
  m.metadata->text = "can I talk to a real person";
  EXPECT_EQ(DecideEscalation({}, m), EscalationReason::kHumanRequested);
}

TEST(PolicyTest, YesToTheAssistantsOfferOfAPersonEscalates) {
  core::Message offer;
  offer.role = core::MessageRole::kAssistant;
  offer.content =
      "I don't have that in my notes. Would you like me to connect you with a member "
      "of our team?";
  core::Message answer;
  answer.role = core::MessageRole::kAssistant;
  answer.content = "Returns are free within 30 days. Is there anything else I can help you with?";
  const std::vector<core::Message> offered{UserMsg("do you sell handbags?", "neutral"), offer};
  const std::vector<core::Message> answered{UserMsg("returns?", "neutral"), answer};
  EXPECT_EQ(DecideEscalation(offered, UserMsg("yes please", "neutral")),
            EscalationReason::kHumanRequested);
  EXPECT_EQ(DecideEscalation(offered, UserMsg("no thanks", "neutral")), EscalationReason::kNone);
  EXPECT_EQ(DecideEscalation(offered, UserMsg("is it free?", "neutral")), EscalationReason::kNone);
  EXPECT_EQ(DecideEscalation(answered, UserMsg("yes please", "neutral")), EscalationReason::kNone);
}

TEST(PolicyTest, DurationIsLastMessageMinusFirstUserMessage) {
  std::vector<core::Message> msgs;
  core::Message welcome;
  welcome.role = core::MessageRole::kAssistant;
  welcome.timestamp = 0;
  msgs.push_back(welcome);
  EXPECT_EQ(ConversationDurationSeconds(msgs), 0);
  msgs.push_back(UserMsg("hi", "neutral", 10'000));
  core::Message reply;
  reply.role = core::MessageRole::kAssistant;
  reply.timestamp = 72'600;
  msgs.push_back(reply);
  EXPECT_EQ(ConversationDurationSeconds(msgs), 63);  // 62.6 s rounds to 63.
}

TEST(PolicyTest, FirstConfidentCompanySkipsWeakDetections) {
  std::vector<core::Message> msgs{UserMsg("a", "neutral"), UserMsg("b", "neutral")};
  msgs[0].metadata->company = "target";
  msgs[0].metadata->company_confidence = 0.3;
  msgs[1].metadata->company = "netflix";
  msgs[1].metadata->company_confidence = 0.9;
  EXPECT_EQ(FirstConfidentCompany(msgs, 0.5), "netflix");
  EXPECT_EQ(FirstConfidentCompany(msgs, 0.95), "");
}

// Over a long random conversation, the running analytics equal the full recomputation after
// every message, and survive a JSON round trip.
TEST(RunningAnalyticsTest, EqualsTheFullRecomputationOverALongRandomConversation) {
  std::mt19937 rng(20261201);
  const std::vector<std::string> labels = {"positive", "negative", "neutral",
                                           "urgent",   "",         "weird"};
  const std::vector<core::MessageRole> roles = {
      core::MessageRole::kUser, core::MessageRole::kUser, core::MessageRole::kAssistant,
      core::MessageRole::kHuman, core::MessageRole::kSystem};
  std::vector<core::Message> messages;
  RunningAnalytics running;
  core::TimeMs t = 1'700'000'000'000;
  for (int i = 0; i < 2000; ++i) {
    core::Message m;
    m.role = roles[std::uniform_int_distribution<std::size_t>(0, roles.size() - 1)(rng)];
    t += std::uniform_int_distribution<int>(0, 120'000)(rng);
    m.timestamp = t;
    if (std::uniform_int_distribution<int>(0, 9)(rng) != 0) {  // Sometimes no metadata.
      core::MessageMetadata md;
      md.sentiment = labels[std::uniform_int_distribution<std::size_t>(0, labels.size() - 1)(rng)];
      md.sentiment_score = std::uniform_real_distribution<double>(-1, 1)(rng);
      m.metadata = md;
    }
    messages.push_back(m);
    running.Add(m);
    if (i % 97 == 0) {  // Persisted and reloaded now and then.
      auto reloaded = RunningAnalytics::FromJson(running.ToJson());
      ASSERT_TRUE(reloaded);
      running = *reloaded;
    }

    std::vector<nlu::ScoredMessage> trajectory;
    for (const auto& x : messages) {
      if (x.role != core::MessageRole::kUser) continue;
      const std::string label = x.metadata ? x.metadata->sentiment : "";
      const std::string_view known = label == "positive"   ? "positive"
                                     : label == "negative" ? "negative"
                                     : label == "urgent"   ? "urgent"
                                                           : "neutral";
      trajectory.push_back({known, x.metadata ? x.metadata->sentiment_score : 0.0});
    }
    ASSERT_EQ(running.messages(), static_cast<int>(messages.size()));
    ASSERT_EQ(running.user_messages(), static_cast<int>(trajectory.size()));
    ASSERT_EQ(running.Sentiment(), nlu::AggregateSentiment(trajectory)) << "after " << i;
    ASSERT_DOUBLE_EQ(running.Satisfaction(), nlu::SatisfactionFromTrajectory(trajectory))
        << "after " << i;
    ASSERT_EQ(running.DurationSeconds(), ConversationDurationSeconds(messages)) << "after " << i;
  }
}

core::Message Said(core::MessageRole role, core::TimeMs t, const std::string& fine_intent = "",
                   const std::string& sentiment = "neutral", double score = 0) {
  core::Message m;
  m.role = role;
  m.timestamp = t;
  if (role == core::MessageRole::kUser) {
    core::MessageMetadata md;
    md.sentiment = sentiment;
    md.sentiment_score = score;
    md.fine_intent = fine_intent;
    m.metadata = md;
  }
  return m;
}

TEST(RunningAnalyticsTest, SatisfactionReflectsTheOutcome) {
  // Answered, then thanked: high even though the first message was negative.
  RunningAnalytics thanked;
  thanked.Add(Said(core::MessageRole::kAssistant, 0));  // The welcome is not an answer.
  thanked.Add(Said(core::MessageRole::kUser, 1000, "", "negative", -0.8));
  thanked.Add(Said(core::MessageRole::kAssistant, 2000));
  thanked.Add(Said(core::MessageRole::kUser, 3000, "thanks", "neutral", 0.1));
  EXPECT_TRUE(thanked.thanked());
  EXPECT_LT(thanked.Satisfaction(), 4.5);
  EXPECT_DOUBLE_EQ(thanked.ResolvedSatisfaction(false, true), 4.5);
  EXPECT_DOUBLE_EQ(thanked.ResolvedSatisfaction(true, false), 4.5);  // A person resolved it.

  // Thanks before any answer (only the welcome) is not "answered and thanked".
  RunningAnalytics early;
  early.Add(Said(core::MessageRole::kAssistant, 0));
  early.Add(Said(core::MessageRole::kUser, 1000, "thanks", "positive", 0.9));
  EXPECT_FALSE(early.thanked());

  // Escalated: at most 2.5 even when the customer is polite.
  RunningAnalytics polite;
  polite.Add(Said(core::MessageRole::kUser, 0, "", "positive", 0.9));
  EXPECT_GT(polite.Satisfaction(), 2.5);
  EXPECT_DOUBLE_EQ(polite.ResolvedSatisfaction(true, false), 2.5);

  // Abandoned: ended with the customer's last message unanswered, or without a customer message.
  EXPECT_DOUBLE_EQ(polite.ResolvedSatisfaction(false, true), 2.0);
  polite.Add(Said(core::MessageRole::kAssistant, 1000));
  EXPECT_DOUBLE_EQ(polite.ResolvedSatisfaction(false, true), polite.Satisfaction());
  RunningAnalytics silent;
  silent.Add(Said(core::MessageRole::kAssistant, 0));
  EXPECT_DOUBLE_EQ(silent.ResolvedSatisfaction(false, true), 2.0);
  EXPECT_DOUBLE_EQ(silent.ResolvedSatisfaction(false, false), 3.0);

  // The outcome survives a reload; a state saved before these fields reads as false.
  auto reloaded = RunningAnalytics::FromJson(thanked.ToJson());
  ASSERT_TRUE(reloaded);
  EXPECT_TRUE(reloaded->thanked());
  EXPECT_DOUBLE_EQ(reloaded->ResolvedSatisfaction(false, true), 4.5);
  auto old = RunningAnalytics::FromJson(
      R"({"n":1,"u":1,"fu":0,"la":0,"w":0,"t":1,"ls":0,"f":"neutral","p":"","l":"neutral"})");
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->thanked());
  EXPECT_FALSE(old->answered());
}

TEST(RunningAnalyticsTest, DurationRunsToTheEnd) {
  RunningAnalytics r;
  r.Add(Said(core::MessageRole::kAssistant, 0));
  EXPECT_EQ(r.DurationSeconds(60'000), 0);  // No customer message: no duration.
  r.Add(Said(core::MessageRole::kUser, 10'000));
  r.Add(Said(core::MessageRole::kAssistant, 12'000));
  EXPECT_EQ(r.DurationSeconds(), 2);
  EXPECT_EQ(r.DurationSeconds(0), 2);        // Open.
  EXPECT_EQ(r.DurationSeconds(70'000), 60);  // Ended a minute after the customer spoke.
  EXPECT_EQ(r.DurationSeconds(11'000), 2);   // An end before the last message changes nothing.
}

TEST(RunningAnalyticsTest, MalformedJsonIsRejected) {
  EXPECT_FALSE(RunningAnalytics::FromJson(""));
  EXPECT_FALSE(RunningAnalytics::FromJson("[]"));
  EXPECT_FALSE(RunningAnalytics::FromJson(R"({"n":1})"));
  EXPECT_TRUE(RunningAnalytics::FromJson(RunningAnalytics().ToJson()));
}

}  // namespace
}  // namespace carevoice::engine
