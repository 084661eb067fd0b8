#include "nlu/sentiment.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace carevoice::nlu {
namespace {

class SentimentTest : public ::testing::Test {
 protected:
  std::string Label(std::string_view text) const {
    return std::string(analyzer_.Analyze(text).label);
  }
  double Score(std::string_view text) const { return analyzer_.Analyze(text).score; }
  UrgencyCue Cue(std::string_view text) const { return analyzer_.Analyze(text).cue; }
  SentimentAnalyzer analyzer_;
};

TEST_F(SentimentTest, PlainPolarity) {
  EXPECT_EQ(Label("The agent was amazing, thank you so much"), "positive");
  EXPECT_EQ(Label("This is the worst service I have ever had"), "negative");
  EXPECT_EQ(Label("My order number is 5512"), "neutral");
  EXPECT_EQ(Label(""), "neutral");
  EXPECT_EQ(Score(""), 0.0);
}

TEST_F(SentimentTest, RequestsAreNeutral) {
  for (const char* text : {"I need help changing my address", "how do I cancel my order?",
                           "can you tell me your hours?", "I'd like to upgrade my plan",
                           "Can I get a refund on a gift card?", "what are your hours for today?",
                           "what is your fraud policy?", "how late is the store open?",
                           "Please send me a copy of my invoice",
                           "I want to cancel my subscription", "do you have an emergency line?"}) {
    EXPECT_EQ(Label(text), "neutral") << text;
  }
}

// A complaint told as a story, without an explicit sentiment word, is negative; the same
// subject asked as a request stays neutral.
TEST_F(SentimentTest, FollowUpQuestionsAfterAFillerAreNotNegative) {
  // A status question that opens with "ok so" is still a question (issue 12).
  EXPECT_NE(Label("Ok so is it cancelled now?"), "negative");
  EXPECT_NE(Label("okay and has it been refunded yet?"), "negative");
  EXPECT_NE(Label("so is my order cancelled?"), "negative");
  // A complaint stays negative whatever leads it.
  EXPECT_EQ(Label("ok this is the worst service ever"), "negative");
}

TEST_F(SentimentTest, ADurationInAQuestionsConditionIsNoWait) {
  // A policy question about a time ("what happens if I leave after 6 months") is no complaint,
  // with or without its question mark.
  EXPECT_EQ(Label("what happens if I leave after 6 months"), "neutral");
  EXPECT_EQ(Label("what if I move house after 3 months?"), "neutral");
  // A wait told of stays negative, in a question too.
  EXPECT_EQ(Label("why is it still not here after 3 weeks"), "negative");
  EXPECT_EQ(Label("I've been waiting for 3 weeks, what if it never comes?"), "negative");
}

TEST_F(SentimentTest, TroubleInAQuestionsConditionIsNoComplaint) {
  // What the customer asks might go wrong is a policy question ...
  EXPECT_EQ(Label("what if the photographer gets poorly on the day"), "neutral");
  EXPECT_EQ(Label("what happens if my dog gets sick while we're away?"), "neutral");
  // A question after a comma asks too ("..., would we lose our money?").
  EXPECT_EQ(Label("we might have to move the date, would we lose our deposit?"), "neutral");
  // And a condition followed by its question, without the comma.
  EXPECT_EQ(Label("if something comes up and i cant be there do i lose money"), "neutral");
  // ... unlike trouble told of, or a threat that is no question.
  EXPECT_EQ(Label("the photographer was poorly and sent someone awful"), "negative");
  EXPECT_EQ(Label("if this isn't fixed today I'm leaving, it's awful"), "negative");
}

TEST_F(SentimentTest, PraiseAroundAWaitIsSarcasm) {
  EXPECT_EQ(Label("Great, another week of waiting. Fantastic service."), "negative");
  EXPECT_EQ(Label("Wonderful, two days late again."), "negative");
  EXPECT_EQ(Label("Oh perfect, yet another delay"), "negative");
  // Plain praise is untouched.
  EXPECT_EQ(Label("Great, it arrived a week early. Fantastic service."), "positive");
}

TEST_F(SentimentTest, ThanksForAHarmIsSarcasm) {
  EXPECT_EQ(Label("thank you so much for losing my suitcase"), "negative");
  EXPECT_EQ(Label("Thanks for nothing."), "negative");
  EXPECT_EQ(Label("my order vanished again, love that for me"), "negative");
  // Thanks for a good turn stays thanks.
  EXPECT_EQ(Label("thanks a lot for the quick reply!"), "positive");
  EXPECT_EQ(Label("thank you for cancelling it so quickly, that's a relief"), "positive");
  // A deed told as a wrong (done twice, or behind the customer's back) is no good turn.
  EXPECT_EQ(Label("oh thanks for billing me twice, really helpful"), "negative");
  EXPECT_EQ(Label("thanks so much for moving my appointment without asking me"), "negative");
  EXPECT_EQ(Label("thanks for getting back to me without delay"), "positive");
}

TEST_F(SentimentTest, ThanksSoMuchForTheHelpIsThanks) {
  EXPECT_EQ(Label("brilliant, thanks so much for your help"), "positive");
  EXPECT_EQ(Label("great, thank you so much for your help"), "positive");
  // Without the thanks, "so much for" is still sarcasm.
  EXPECT_EQ(Label("Great. So much for next day delivery."), "negative");
}

TEST_F(SentimentTest, MildRegretAndAnApologyForOnesEnglishAreNoComplaint) {
  EXPECT_EQ(Label("ah thats a shame. how long are they built to last tho"), "neutral");
  EXPECT_EQ(Label("ah sorry my english not so perfect. you have yoga for pregnant woman?"),
            "neutral");
  EXPECT_EQ(Label("shame on you, this is a disgrace"), "negative");
  // Getting poorly is falling ill, no verdict; what is poorly made still is one.
  EXPECT_EQ(Label("and whats the deal if one of us gets poorly and we cant go in the end"),
            "neutral");
  EXPECT_EQ(Label("it was poorly made"), "negative");
}

TEST_F(SentimentTest, EverydayWordsOfAStoryAreNoComplaint) {
  // Loads of something is a quantity, not a page that loads ("isnt loading").
  EXPECT_EQ(Label("your place isnt up loads of stairs is it?"), "neutral");
  EXPECT_EQ(Label("the page still isnt loading"), "negative");
  // A condition after a filler weighs as one ("ok and if ...").
  EXPECT_EQ(Label("ok and if one of the girls drops out last minute do we lose her money"),
            "neutral");
  // Rubbish that is waste is no verdict; rubbish that judges still is.
  EXPECT_EQ(Label("and all the rubbish you pull out, is that going in my brown bin or do u take "
                  "it away"),
            "neutral");
  EXPECT_EQ(Label("the service was rubbish"), "negative");
  EXPECT_EQ(Label("the rubbish service you gave me"), "negative");
  // Working late is no delay.
  EXPECT_EQ(Label("work have asked me to stay late thursday so i might not get there till a bit "
                  "after you shut, what happens then"),
            "neutral");
  EXPECT_EQ(Label("the parcel is late again"), "negative");
  // An accident one has lived with since is past, no emergency; one that just happened is.
  EXPECT_NE(Label("our bass player's been in a wheelchair since his accident"), "urgent");
  EXPECT_EQ(Label("i had an accident in your car park and need help now"), "urgent");
  // Late in a month or a season is a time, no delay.
  EXPECT_EQ(
      Label("its my husbands 50th in late october and im thinking a marquee on the back lawn"),
      "neutral");
  // A bad sailor is prone to seasickness, no verdict.
  EXPECT_NE(Label("shes a terrible sailor to be fair"), "negative");
}

TEST_F(SentimentTest, ACustomersOwnCircumstancesAreNoComplaint) {
  // A late relative is deceased, no delay; the slower of two options is a choice.
  EXPECT_EQ(Label("we've also got my late dad's upright piano, can that come with us"), "neutral");
  EXPECT_EQ(Label("and whats the other one, the slower one, in case i bottle it"), "neutral");
  EXPECT_EQ(Label("my delivery is late again"), "negative");
  EXPECT_EQ(Label("the app is getting slower and slower"), "negative");
  // Apologising for one's own English is no displeasure.
  EXPECT_EQ(Label("ok sorry my english is not perfect. what hours and what price please"),
            "neutral");
  // A worry about how long something will take is no complaint about a wait.
  EXPECT_NE(Label("an hour here and there sounds like itll take me forever"), "negative");
  EXPECT_EQ(Label("i've been waiting forever for my refund"), "negative");
  // Asking whether something would be a nightmare is no complaint; a time booked is planned.
  EXPECT_EQ(Label("can u do one cake that works for both of them or is that a nightmare"),
            "neutral");
  EXPECT_EQ(Label("hello, weve booked a tub for a week for our anniversary"), "neutral");
  EXPECT_EQ(Label("i booked a table and we waited for an hour"), "negative");
  // English that is "not so good" is the same apology; someone nervous in a place is a
  // circumstance, not displeasure.
  EXPECT_EQ(Label("sorry my english is not so good. i live in clifton, you come to there?"),
            "neutral");
  EXPECT_EQ(Label("my uncle is 80 and a bit nervous in big airports, can somebody wait for us "
                  "inside with a sign"),
            "neutral");
  EXPECT_EQ(Label("he gets nervous in crowds, is there a quiet time to visit"), "neutral");
  EXPECT_EQ(Label("the driver was rude and i was scared the whole way"), "negative");
  // Asking whether a contract is one to get stuck in is no complaint.
  EXPECT_EQ(Label("and if i end up coming loads whats the monthly thing cost, is there a contract "
                  "i get stuck in"),
            "neutral");
}

TEST_F(SentimentTest, ANeedAskedAboutIsNoEmergency) {
  // A clause that opens as a question asks how things are done, even without its "?".
  EXPECT_NE(Label("how early do we need to be there before it leaves"), "urgent");
  EXPECT_NE(Label("do i need to book before it closes?"), "urgent");
  // A need told beside a question is still one.
  EXPECT_EQ(Label("can you help, i need it today before it leaves"), "urgent");
  EXPECT_EQ(Label("how do i get a refund, i need it before my flight tomorrow"), "urgent");
}

TEST_F(SentimentTest, SomeoneTrappedOrWaterPouringIsUrgent) {
  EXPECT_EQ(Label("my dad is trapped in the elevator"), "urgent");
  EXPECT_EQ(Label("the lift at the station got stuck with my kids in it"), "urgent");
  EXPECT_EQ(Label("water is pouring through the kitchen light, help"), "urgent");
  EXPECT_EQ(Label("the tap is leaking all over the floor, please help"), "urgent");
  EXPECT_EQ(Label("my son is locked in the bathroom and the key snapped"), "urgent");
  // The same words without trouble are not.
  EXPECT_NE(Label("is the lift working today?"), "urgent");
  EXPECT_NE(Label("I'm locked in to a two year contract, can I leave early?"), "urgent");
  EXPECT_NE(Label("my parcel is stuck in customs"), "urgent");
  EXPECT_NE(Label("do you fix leaking taps?"), "urgent");
  // A request put as a question in a later clause is no statement of distress ("meds" alone).
  EXPECT_NE(Label("I've just moved to the area, can you sort my repeat meds"), "urgent");
  EXPECT_EQ(Label("I've run out of my insulin, please help"), "urgent");
  // Having run out of a medicine is urgent on its own, however the request is put.
  EXPECT_EQ(Label("I've run out of insulin, can you deliver today"), "urgent");
  EXPECT_EQ(Label("I ran out of my inhaler, could someone bring one round"), "urgent");
  // Someone who fell is; a screw or a handle that fell out or off is not.
  EXPECT_EQ(Label("my nan fell in your shop and cut her head"), "urgent");
  EXPECT_EQ(Label("he fell off the ladder you sold us"), "urgent");
  EXPECT_EQ(Label("my elderly mother fell because the boxes were left on the stairs"), "urgent");
  EXPECT_NE(Label("think the little screw fell out of my glasses somewhere"), "urgent");
  EXPECT_NE(Label("the handle fell off the wardrobe door"), "urgent");
  // Nor is falling in love, asleep, behind or for something.
  for (const char* text :
       {"i fell in love with the blue sofa, is it still in stock?",
        "i fell asleep waiting for your engineer", "she fell for it", "we fell behind on payments",
        "we fell out over the bill", "we fell into arrears last winter",
        "we fell on hard times after my husband lost his job"}) {
    EXPECT_NE(Label(text), "urgent") << text;
  }
}

TEST_F(SentimentTest, RecurringFaultIsNotAnOutage) {
  EXPECT_EQ(Label("my wifi keeps dropping out"), "negative");
  EXPECT_EQ(Cue("my internet is down"), UrgencyCue::kOutage);
  EXPECT_EQ(Cue("the power is out in the whole building"), UrgencyCue::kOutage);
}

TEST_F(SentimentTest, NeverGettingRoundToSomethingIsNoComplaint) {
  EXPECT_EQ(Label("also never got round to paying for last months clean, can i bank transfer it"),
            "neutral");
  EXPECT_EQ(Label("I never got around to booking"), "neutral");
  EXPECT_EQ(Label("i never got my parcel"), "negative");
  // What will take a while is said, not suffered.
  EXPECT_EQ(Label("its a half sleeve which i know is gonna take ages, whats a full day cost"),
            "neutral");
  EXPECT_EQ(Label("ive been waiting for ages"), "negative");
}

TEST_F(SentimentTest, ADoubledQuestionMarkIsNoComplaintByItself) {
  EXPECT_EQ(Label("so the driver would stop over, do we have to sort his room out??"), "neutral");
  EXPECT_EQ(Label("can you even get the wheels off??"), "neutral");
  EXPECT_EQ(Label("where is my order???"), "negative");
  EXPECT_EQ(Label("why is it still not here??"), "negative");
}

TEST_F(SentimentTest, ATimePlannedAheadIsNoWait) {
  EXPECT_EQ(Label("were off to cornwall in august so we wont need it for 2 weeks"), "neutral");
  EXPECT_EQ(Label("can we hire it for 3 days"), "neutral");
  EXPECT_EQ(Label("we'll need it for 2 weeks"), "neutral");
  // A time that has passed is still a wait.
  EXPECT_EQ(Label("its been broken for 2 weeks"), "negative");
  EXPECT_EQ(Label("still nothing for 2 weeks, we will cancel"), "negative");
}

TEST_F(SentimentTest, AMedicineOnAScheduleIsNoEmergency) {
  EXPECT_EQ(Cue("my old boy is 16 and diabetic, he needs his insulin jab morning and night. can "
                "you lot even do that"),
            UrgencyCue::kNone);
  EXPECT_EQ(Cue("she needs her medication twice a day, can you help"), UrgencyCue::kNone);
  EXPECT_EQ(Label("he has his meds every morning, can you give them"), "neutral");
  // A shortage or a plea is still urgent.
  EXPECT_EQ(Cue("my mum needs her meds, please help"), UrgencyCue::kSafety);
  EXPECT_EQ(Label("I've run out of insulin, can you deliver today"), "urgent");
}

TEST_F(SentimentTest, AQuestionWithoutItsMarkIsAQuestion) {
  EXPECT_EQ(Label("oh and we're in a top floor flat in redland, no outside tap or plug anywhere "
                  "near where i park, is that gonna be a problem"),
            "neutral");
  EXPECT_EQ(Label("will that be a problem"), "neutral");
  // A "why" is as often a complaint.
  EXPECT_EQ(Label("why is it so hard to talk to an actual person"), "negative");
}

TEST_F(SentimentTest, ARequestWithoutItsCommaIsNoEmergency) {
  EXPECT_EQ(Cue("i've just moved to the area can you sort my repeat meds"), UrgencyCue::kNone);
  EXPECT_EQ(Cue("I've just moved to the area, can you sort my repeat meds"), UrgencyCue::kNone);
  // A shortage is still urgent, with or without the comma.
  EXPECT_EQ(Label("i've run out of my meds can you help"), "urgent");
}

TEST_F(SentimentTest, ADeflatingTyreOrACaseIsNoOutage) {
  EXPECT_EQ(Cue("theres a screw in my back tyre. its not fully flat yet but its going down"),
            UrgencyCue::kNone);
  EXPECT_EQ(Cue("and if one goes down a week later cos of something your guy did, what happens"),
            UrgencyCue::kNone);
  EXPECT_EQ(Cue("what happens if the internet is down on the day of my exam"), UrgencyCue::kNone);
  EXPECT_EQ(Cue("the internet is down and if it isnt back by noon i lose my job"),
            UrgencyCue::kOutage);
  // What is to come is asked, not suffered.
  EXPECT_EQ(Cue("whats the new fuse box cost and are we gonna be sat with no power for ages"),
            UrgencyCue::kNone);
  EXPECT_EQ(Cue("will we have no water while you work"), UrgencyCue::kNone);
  EXPECT_EQ(Cue("we have no power in the whole house"), UrgencyCue::kOutage);
  EXPECT_EQ(Cue("will someone come out today we have no power at all"), UrgencyCue::kOutage);
  // Nothing supplied at a place away from the customer is no outage of theirs.
  EXPECT_EQ(Cue("theres no power out there at all, nothing, do u do generators"),
            UrgencyCue::kNone);
  EXPECT_EQ(Cue("is there decent wifi out there? no signal over there last time"),
            UrgencyCue::kNone);
  EXPECT_EQ(Cue("the power is out"), UrgencyCue::kOutage);
}

// Haste passed on from someone else's advice is no emergency; a trip ahead or a worry about a
// contract is no complaint.
TEST_F(SentimentTest, AdvicePassedOnAndTripsAheadAreCalm) {
  EXPECT_EQ(Label("so weve just picked up our first ever puppy and the breeder said get her "
                  "insured asap. wat plans have u got"),
            "neutral");
  EXPECT_EQ(Label("i said i need it asap"), "urgent");
  EXPECT_EQ(Label("every summer we drive back to italy for 3 weeks with him, is he insured when "
                  "we are there?"),
            "neutral");
  EXPECT_EQ(Label("me and the wife are off to the algarve for 3 weeks in june. will my phone "
                  "still work in portugal or am i gonna get stung"),
            "neutral");
  EXPECT_EQ(Label("and is she stuck with it for ages or can she just ditch it if she hates it"),
            "neutral");
  EXPECT_EQ(Label("ive been off work for 3 weeks and nobody has called"), "negative");
}

// Days or weeks before an event is a plan; an event close ahead is still a deadline.
TEST_F(SentimentTest, WeeksBeforeAnEventIsAPlan) {
  EXPECT_EQ(Label("if i get them done about 3 weeks before the wedding will they still look "
                  "decent on the day"),
            "neutral");
  EXPECT_EQ(Cue("i need them done a fortnight before my holiday"), UrgencyCue::kNone);
  EXPECT_EQ(Cue("i need it fixed before my flight"), UrgencyCue::kDeadline);
}

TEST_F(SentimentTest, ComplaintStoryCues) {
  for (const char* text :
       {"I still haven't received my refund", "we never received the package",
        "still waiting for the technician", "I can't get through to anyone on the phone",
        "the agent hung up on me", "they lost my bag on the way to Denver"}) {
    EXPECT_EQ(Label(text), "negative") << text;
  }
  for (const char* text : {"has my refund been received?", "I need help tracking my bag",
                           "when will the technician arrive?"}) {
    EXPECT_EQ(Label(text), "neutral") << text;
  }
}

TEST_F(SentimentTest, Negation) {
  EXPECT_EQ(Label("I am happy with the service"), "positive");
  EXPECT_EQ(Label("I am not happy with the service"), "negative");
  EXPECT_EQ(Label("it never works"), "negative");
  EXPECT_EQ(Label("the app doesn't work"), "negative");
  EXPECT_EQ(Label("nobody answered my emails"), "negative");
  EXPECT_EQ(Label("not bad at all"), "positive");
  EXPECT_GT(Score("can't wait to try it"), 0.0);
  EXPECT_LT(Score("this is not good"), 0.0);
}

TEST_F(SentimentTest, Intensifiers) {
  EXPECT_GT(Score("extremely happy"), Score("happy"));
  EXPECT_LT(Score("very bad"), Score("bad"));
  EXPECT_LT(Score("slightly annoying"), 0.0);
  EXPECT_GT(Score("slightly annoying"), Score("annoying"));
  EXPECT_GT(Score("a bit slow"), Score("slow"));
}

TEST_F(SentimentTest, ContrastWeighsTheClauseAfterBut) {
  EXPECT_EQ(Label("The staff were friendly but my order was wrong and cold"), "negative");
  EXPECT_EQ(Label("It was a bit late but the food was great"), "positive");
  EXPECT_EQ(Label("the app is nice but it keeps crashing"), "negative");
}

TEST_F(SentimentTest, EmoticonsAndEmoji) {
  EXPECT_EQ(Label("got my package :)"), "positive");
  EXPECT_EQ(Label("got my package :("), "negative");
  EXPECT_EQ(Label("my order 😡"), "negative");
  EXPECT_EQ(Label("thanks 🙏"), "positive");
  EXPECT_EQ(Label("delivered 😊👍"), "positive");
  EXPECT_LT(Score("still waiting 😞"), Score("still waiting"));
  // An emoticon inside a URL or a time is not one.
  EXPECT_EQ(Label("see https://example.com/help at 10:30"), "neutral");
}

TEST_F(SentimentTest, CapitalsAndRepeatedPunctuation) {
  EXPECT_LT(Score("this is UNACCEPTABLE"), Score("this is unacceptable"));
  EXPECT_EQ(Label("THIS IS UNACCEPTABLE"), "urgent");
  EXPECT_EQ(Cue("THIS IS UNACCEPTABLE"), UrgencyCue::kIntensity);
  EXPECT_EQ(Label("WHERE IS MY ORDER"), "negative");
  EXPECT_LT(Score("this is bad!!!"), Score("this is bad"));
  EXPECT_GT(Score("this is great!!!"), Score("this is great"));
  EXPECT_EQ(Label("where is my package???"), "negative");
}

TEST_F(SentimentTest, EveryUrgencyCueClass) {
  struct Case {
    const char* text;
    UrgencyCue cue;
  };
  const std::vector<Case> cases = {
      {"I need the replacement by tomorrow", UrgencyCue::kDeadline},
      {"please fix it before my flight", UrgencyCue::kDeadline},
      {"my rent is due today and the app won't let me pay", UrgencyCue::kDeadline},
      {"there is an unauthorized charge on my card", UrgencyCue::kFraud},
      {"someone used my credit card to buy stuff", UrgencyCue::kFraud},
      {"somebody is using my account to order things", UrgencyCue::kFraud},
      {"my account was hacked", UrgencyCue::kFraud},
      {"I smell gas in the kitchen after your technician left", UrgencyCue::kSafety},
      {"there's smoke coming from the charger", UrgencyCue::kSafety},
      {"my son was injured by the toy", UrgencyCue::kSafety},
      {"your website is down", UrgencyCue::kOutage},
      {"we have no internet since this morning", UrgencyCue::kOutage},
      {"is there an outage in my area", UrgencyCue::kOutage},
      {"this is the third time I'm calling about this", UrgencyCue::kRepeatedContact},
      {"I've called you five times this week", UrgencyCue::kRepeatedContact},
      {"ive rung 3 times and nobody picks up", UrgencyCue::kRepeatedContact},
      {"my cable is out again", UrgencyCue::kOutage},
      {"he cant find his inhaler and hes wheezing", UrgencyCue::kSafety},
      {"please help i have no insulin left", UrgencyCue::kSafety},
      {"please fix this immediately", UrgencyCue::kImmediacy},
      {"need a callback asap", UrgencyCue::kImmediacy},
      {"this is an emergency, my door lock is broken", UrgencyCue::kImmediacy},
  };
  for (const Case& c : cases) {
    const SentimentResult r = analyzer_.Analyze(c.text);
    EXPECT_EQ(r.label, "urgent") << c.text;
    EXPECT_EQ(r.cue, c.cue) << c.text << " got " << UrgencyCueName(r.cue);
    EXPECT_LT(r.score, 0.0) << c.text;
  }
}

TEST_F(SentimentTest, UrgencyWordsWithoutUrgencyAreNot) {
  for (const char* text :
       {"my package was delivered by tomorrow's date, thanks", "the gas station was clean",
        "put me down for the family plan please", "what time is the flight tomorrow?",
        "can I pay by Friday?", "the third time was the charm, thanks!", "how do you handle fraud?",
        // A loose cable is no cable service out; medicine one has is routine care.
        "the hole where the charger go is loose, cable fall out all the time. how much for fix "
        "this?",
        "my lad is 8 and hes got asthma, he has a blue inhaler and gets a bit wheezy. would your "
        "lot be ok giving him a puff if he needs it",
        // A day put first tells one's state by then, no deadline.
        "i sit at a desk all day and by friday my neck and shoulders are like "
        "concrete lol. whats the latest i could get in after work"}) {
    EXPECT_NE(Label(text), "urgent") << text;
  }
}

TEST_F(SentimentTest, UrgencyList) {
  // The urgency test list: every line must be urgent.
  const char* dir = std::getenv("CAREVOICE_SOURCE_DIR");
  ASSERT_NE(dir, nullptr) << "CAREVOICE_SOURCE_DIR is not set (run through CTest)";
  std::ifstream in(std::string(dir) + "/src/nlu/testdata/urgent.txt");
  ASSERT_TRUE(in) << "missing src/nlu/testdata/urgent.txt";
  std::string line;
  int total = 0;
  int urgent = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    ++total;
    if (analyzer_.Analyze(line).label == "urgent") {
      ++urgent;
    } else {
      ADD_FAILURE() << "not urgent: " << line;
    }
  }
  EXPECT_GE(total, 40);
}

// Asking whether something is a problem, or how bad an allergy is, is no complaint.
TEST_F(SentimentTest, AskingWhetherItIsAProblemIsNoComplaint) {
  EXPECT_NE(Label("one of the lads was gonna do the driving but hes only 22, is that a problem"),
            "negative");
  EXPECT_NE(Label("my youngest has a really bad peanut allergy, would ur boxes be safe for her"),
            "negative");
  EXPECT_EQ(Label("there is a problem with my order and nobody has replied"), "negative");
}

TEST_F(SentimentTest, MadIntoSomethingIsAKeenInterest) {
  EXPECT_NE(Label("its my fellas 40th next month and hes mad into his IPAs, what tours do you do"),
            "negative");
  EXPECT_EQ(Label("im so mad, nobody has replied to my emails"), "negative");
}

TEST_F(SentimentTest, ATimeSpentOnAPlanIsNoWait) {
  EXPECT_NE(Label("so were taking the car over to the island for a weeks camping in august"),
            "negative");
  EXPECT_NE(Label("we're off for 2 weeks holiday in june, can you feed the cat"), "negative");
  EXPECT_EQ(Label("ive been waiting for 2 weeks and nobody has called"), "negative");
}

TEST_F(SentimentTest, SomebodyIllIsNoFraud) {
  // A policy question about a case ("if somebody is sick") is no one using an account.
  EXPECT_NE(Label("and if somebody is sick and we must cancel, do we lose the money"), "urgent");
  EXPECT_NE(Label("someone is coming round to collect it on friday"), "urgent");
  EXPECT_NE(Label("someone has to be in to sign for it, is that right"), "urgent");
  EXPECT_NE(Label("somebody got the wrong parcel, can you swap them"), "urgent");
  EXPECT_EQ(Label("someone has used my card without asking"), "urgent");
  EXPECT_EQ(Label("someone got into my account last night"), "urgent");
}

TEST_F(SentimentTest, SomeoneElsesTroubleIsNoComplaint) {
  // Trouble with a third party, said without a "you", is not displeasure with the business.
  EXPECT_NE(Label("the landlord is being a right pain about the carpets lol"), "negative");
  EXPECT_NE(Label("my son is being a nightmare today, can we move his lesson"), "negative");
  EXPECT_NE(Label("my dog is a nightmare at the groomers, will you be ok with him"), "negative");
  // With a "you" it is, and the business's own people are no third party.
  EXPECT_EQ(Label("my husband is furious with you, you charged us twice"), "negative");
  EXPECT_EQ(Label("the driver was rude and useless"), "negative");
  // Nor is another clause after a joint ("and the staff ...").
  EXPECT_EQ(Label("my mum is 84 and the driver was horrible to her"), "negative");
}

TEST_F(SentimentTest, AStatementAskedIsAQuestion) {
  // A short statement after a comma with a "?" asks.
  EXPECT_NE(Label("my car is bmw with run flat tyres, this is a problem?"), "negative");
  // A condition runs on past its commas to its question.
  EXPECT_NE(
      Label("and if i cant make it, like my little one wakes up poorly, can i cancel n get my "
            "money back"),
      "negative");
  // Displeasure stays displeasure.
  EXPECT_EQ(Label("i waited in all day and nobody came, this is a joke?"), "negative");
}

TEST_F(SentimentTest, SheOfTheCustomersIsAThirdParty) {
  // "she's" opens a clause about someone of the customer's, which ends where a question opens.
  EXPECT_EQ(Label("shes a bit slow getting to the door these days does she have to be in when u "
                  "come"),
            "neutral");
  // So is the bus the customer is stuck on.
  EXPECT_NE(
      Label("hey its me again, got my 2pm with yous today but the bus has broken down on great "
            "western road and were all just sat here, gonna be like 20 mins late, will yous "
            "still be able to see me"),
      "negative");
  // Said to the customer, it is still a complaint.
  EXPECT_EQ(Label("hes been so rude to me"), "negative");
}

TEST_F(SentimentTest, WhatHappensEveryTimeIsNoEmergencyUnderWay) {
  EXPECT_NE(Label("so every time it rains proper heavy theres water pouring over the front of our "
                  "gutter straight onto the doorstep"),
            "urgent");
  EXPECT_NE(Label("whenever it rains water is pouring over the gutter"), "urgent");
  // Brakes and radiators are bled without anyone bleeding.
  EXPECT_NE(Label("the brakes are the hydraulic disc type, the man who sold it to me said they "
                  "need bleeding??"),
            "urgent");
  EXPECT_EQ(Label("my son fell off his bike and his knee is bleeding"), "urgent");
  // Water pouring in now still is.
  EXPECT_EQ(Label("water is pouring through the kitchen light, help"), "urgent");
}

TEST_F(SentimentTest, AMedicineNoLongerNeededAndAQuestionAfterAContrast) {
  // An inhaler not needed in years is no emergency, and the question after the contrast asks.
  EXPECT_EQ(Label("she had asthma when she was little but hasnt needed her inhaler in years, is "
                  "that going to be a problem with the medical stuff"),
            "neutral");
  EXPECT_EQ(Label("I ran out of my inhaler, could someone bring one round"), "urgent");
  // Not using something is no outage of it; not having it still is.
  EXPECT_EQ(Label("she does not use internet banking or apps, how can she pay the physio"),
            "neutral");
  EXPECT_NE(Label("we have not had internet for 3 days"), "neutral");
  // A complaint after the contrast still weighs.
  EXPECT_EQ(Label("the staff were nice but the room was cold and the food was awful"), "negative");
}

TEST_F(SentimentTest, AfraidOfColdWaterIsNoComplaint) {
  // Someone afraid of something, and cold water at a sauna, are no complaint; being scared on
  // the way still is.
  EXPECT_EQ(Label("she is a little afraid of very cold water. how cold is the bath?"), "neutral");
  EXPECT_EQ(Label("he is scared of dogs, will there be any at the party"), "neutral");
  EXPECT_EQ(Label("the driver was rude and i was scared the whole way"), "negative");
  // Nor is a child who might be lost in a class, the trouble with numbers, or the weather.
  EXPECT_EQ(Label("shes quite shy too. would she be totally lost in ur classes with kids who "
                  "already know it all?"),
            "neutral");
  EXPECT_EQ(Label("trouble is hes got about 15 mates he wants to invite, how much would that be"),
            "neutral");
  EXPECT_EQ(Label("my boy is 3 and its freezing out, can we just do the soft play"), "neutral");
  EXPECT_EQ(Label("the room was freezing and nobody came"), "negative");
}

TEST_F(SentimentTest, WorriesAboutWhatMayComeAreNoEmergency) {
  // A harm feared to come is a repair to book; a "??" before anything negative is how many type.
  EXPECT_EQ(Label("do u fix scooters that u didnt hire out?? my mums one keeps cutting out halfway "
                  "down the road and shes terrified its gonna leave her stranded"),
            "neutral");
  EXPECT_EQ(Label("my car broke down on the motorway and we are stranded"), "urgent");
  EXPECT_EQ(Label("this is a joke?? where is my order"), "negative");
  // Haste with a date weeks ahead is eagerness to book.
  EXPECT_EQ(Label("need a sports massage asap, doing tough mudder in 2 wks and my calves r like "
                  "rocks. prices?"),
            "positive");
  EXPECT_EQ(Label("i need a plumber asap"), "urgent");
  // A span of time with a price asked is what is hired, not a wait.
  EXPECT_EQ(Label("ok sorry, my english is not so good. the electric wheelchair for one day, how "
                  "much please?"),
            "neutral");
  EXPECT_EQ(Label("ive been waiting for 3 days, how much longer"), "negative");
  // Bad weather, a policy asked about and one's own slowness are no complaint.
  EXPECT_EQ(Label("and if the forecast is awful and we pull out on the thursday for a saturday "
                  "hire, do we lose money"),
            "neutral");
  EXPECT_EQ(Label("How many people are in each class? I'm a little self-conscious about being "
                  "slow."),
            "neutral");
  EXPECT_EQ(Label("your website is so slow"), "negative");
  // What happens every year is a habit, no emergency under way.
  EXPECT_NE(Label("tbh we live out past danbury n the lanes get awful in winter, ice and flooding "
                  "every yr. could he just do 1 to 1 online from home instead"),
            "urgent");
  EXPECT_EQ(Label("the kitchen is flooding, water everywhere"), "urgent");
}

TEST_F(SentimentTest, HowBadAnAilmentIsIsNoComplaint) {
  EXPECT_EQ(Label("and my nephew has a nut allergy, a proper bad one, would he be ok with it"),
            "neutral");
  EXPECT_NE(Label("one of his best mates has a really bad latex allergy. is that going to be a "
                  "problem with the balloons"),
            "negative");
  EXPECT_EQ(Label("she had awful eczema when she was born and her skin is still a bit sensitive "
                  "now, would the paint be ok on her feet"),
            "neutral");
  EXPECT_EQ(Label("one of the girls has a nut allergy so bad she carries an epipen and shes always "
                  "nervous about cafes, would any of the snacks be safe for her"),
            "neutral");
  EXPECT_EQ(
      Label("is the car park free, its always a nightmare finding somewhere in town on a sat"),
      "neutral");
  // Still displeasure: a harm the business is told it caused, or bad service beside an ailment.
  EXPECT_EQ(Label("your food gave me a terrible rash"), "negative");
  EXPECT_EQ(Label("the service was awful and my allergy flared up"), "negative");
}

TEST_F(SentimentTest, AWorryToldWithAQuestionIsNoComplaint) {
  // Of the customer's own or their party's: apprehension, not displeasure.
  EXPECT_NE(Label("the weather forecast says rain all the week, we are a bit worried. what "
                  "happens if it rains on our day?"),
            "negative");
  EXPECT_NE(Label("the 9yo gets quite anxious trying new things, hes worried hell be rubbish and "
                  "everyone will watch him. would that be a problem?"),
            "negative");
  EXPECT_NE(Label("one of the girls had an op on her shoulder last year n shes a bit nervous she "
                  "wont be able to pull the bow back properly, anything u can do for her??"),
            "negative");
  // Of the business, or with nothing asked, it is.
  EXPECT_EQ(Label("I'm worried you've charged me twice, can you check?"), "negative");
  EXPECT_EQ(Label("im worried that your engineer wont turn up again, can someone confirm"),
            "negative");
  EXPECT_EQ(Label("honestly im so worried and stressed about all this"), "negative");
}

TEST_F(SentimentTest, ACoughAndAPushchairAreNoComplaint) {
  EXPECT_NE(Label("my granddaughter is 9 months old and shes had a horrible cough all week poor "
                  "thing. would one of urs be ok for her"),
            "negative");
  EXPECT_NE(Label("is there parking, ill have her brother in the buggy too"), "negative");
  EXPECT_EQ(Label("the app is buggy and keeps crashing"), "negative");
  EXPECT_EQ(Label("your food gave me a horrible cough"), "negative");
}

TEST_F(SentimentTest, ABadTimeWithAnotherBusinessIsNoComplaint) {
  EXPECT_NE(
      Label("He had a bad experience at another tutoring place last year where the tutor just "
            "kept telling him to concentrate. Do you have anyone who understands SEN?"),
      "negative");
  // With "you" outside a question, it is of this business.
  EXPECT_EQ(Label("your staff were rude and my old phone is still broken"), "negative");
  EXPECT_EQ(Label("I switched from you to another company and they were awful"), "negative");
  // Leaving for another is a complaint, and so is trouble with another order.
  EXPECT_EQ(Label("absolutely disgusting service, going elsewhere"), "negative");
  EXPECT_EQ(Label("had the same awful problem with another order last week"), "negative");
}

// Asking for the business's emergency service, or whether something is dangerous, tells no
// emergency; one told beside the question still is.
TEST_F(SentimentTest, AskingForAnEmergencyServiceOrWhetherItIsDangerousIsNoEmergency) {
  for (const char* text :
       {"massive gust last nite took half our sycamore down, a huge branch is now lying on the "
        "neighbours fence and the kids are too scared to go out in the garden. do u do emergency "
        "call outs and how fast can someone actually get here",
        "one of my friends has asthma since he was small, it is ok normally but he is a bit "
        "worried. is it dangerous for him to play?"}) {
    EXPECT_NE(Label(text), "urgent") << text;
    EXPECT_NE(Label(text), "negative") << text;
  }
  EXPECT_EQ(Label("do you do emergency call outs? water is pouring through my ceiling"), "urgent");
  EXPECT_EQ(Label("this is an emergency, i need a plumber right now"), "urgent");
}

// A worry "about that" looks back at the story before it, told of another day out; one told of
// the business is still a complaint. A branch lying on a fence tells no lie.
TEST_F(SentimentTest, AWorryAboutThatTakesInTheStoryBeforeIt) {
  EXPECT_NE(Label("last stag i went on was a golf day that got totally rained off and we all lost "
                  "our money, so bit nervous about that. wat happens if the weathers rubbish on "
                  "the day"),
            "negative");
  EXPECT_EQ(Label("you lost our money last time, so im nervous about that. what happens now?"),
            "negative");
  EXPECT_NE(Label("a huge branch is now lying on the fence."), "negative");
  EXPECT_EQ(Label("you are lying to me"), "negative");
}

// A death in the family, told to a funeral director, is no complaint, and a ceremony's
// "service" is no outage; a phone that died, or no service on a line, still are.
TEST_F(SentimentTest, ABereavementAndAFuneralServiceAreNoComplaint) {
  EXPECT_NE(Label("hi sorry not sure how this works. my mum died at home about an hour ago, she "
                  "was 88 and had been poorly for ages. what do i do now, can someone come"),
            "negative");
  EXPECT_NE(Label("she wanted no fuss at all, just cremated with nobody there and no service. how "
                  "much would that be"),
            "urgent");
  EXPECT_EQ(Label("we have no service on our phone line"), "urgent");
  EXPECT_EQ(Label("my phone died and you wont replace it"), "negative");
}

// Trouble in a condition before a question it asks without its comma ("if ... how much notice do
// u need") weighs as it does after "what if"; a story of another business's repair is no sarcasm;
// "thank god" and "i cant thank you enough" are thanks, not thanks negated.
TEST_F(SentimentTest, AConditionsQuestionAndThanksThatLookNegatedAreNoComplaint) {
  EXPECT_NE(Label("if the weather turns awful or shes poorly and i have to cancel how much notice "
                  "do u need"),
            "negative");
  EXPECT_NE(Label("had a bad experience with another place last year, they fixed the deck and it "
                  "packed up again 3 weeks later. wat happens if that happens with u"),
            "negative");
  EXPECT_NE(Label("the vet came and reckons its an abscess not laminitis thank god"), "negative");
  EXPECT_EQ(Label("i cant thank you enough"), "positive");
  // Of this business, the same story is still a complaint.
  EXPECT_EQ(Label("you fixed the deck and it packed up again 3 weeks later"), "negative");
  EXPECT_EQ(Label("had another lot of awful problems with the app last week"), "negative");
  EXPECT_EQ(Label("if you keep ignoring my emails how am i supposed to get my refund, this is "
                  "awful"),
            "negative");
}

// The customer's own trouble told before a plain question is no complaint; trouble with what
// the business provides, or a harm going on now, still is one. A flood a month ago is no
// emergency.
TEST_F(SentimentTest, TheCustomersOwnTroubleBeforeAPlainQuestionIsNoComplaint) {
  EXPECT_NE(Label("the road outside is a proper nightmare, permit parking and always rammed. can "
                  "you lot sort out a space for the lorry or is that on us"),
            "negative");
  EXPECT_EQ(Label("the delivery was a nightmare. can you sort it"), "negative");
  EXPECT_EQ(Label("the last engineer was useless, can someone else come"), "negative");
  const std::string pond =
      "Hello, we've got a koi pond in the back garden, roughly 5000 litres, and it's gone really "
      "murky since the storms last month when the lawn flooded into it. What would a full clean "
      "cost, and where do the fish go while you're doing it?";
  EXPECT_NE(Label(pond), "urgent");
  EXPECT_EQ(Label("my kitchen is flooded right now, water everywhere"), "urgent");
  // A customer who laughs at a deadline is in a hurry, not in distress.
  EXPECT_NE(Label("deadline is friday and im honestly panicking a bit lol, my supervisor only "
                  "signed it off today. how fast can u do it"),
            "urgent");
  EXPECT_EQ(Label("deadline is friday and im panicking, please help"), "urgent");
  // A precaution "in case" something goes wrong tells no harm.
  EXPECT_NE(Label("before i send it could u scan or photocopy the family tree pages for us just in "
                  "case it gets lost in the post"),
            "negative");
  EXPECT_EQ(Label("you lost my parcel in the post"), "negative");
}

// A fear that is itself to come ("i'd be nervous about him near all the sparks") fears a harm,
// it tells none under way; sparks that are there still are.
TEST_F(SentimentTest, AFearToComeOfSparksIsNoEmergency) {
  EXPECT_NE(Label("my grandson is 9 and would love to watch. tbh i'd be nervous about him near "
                  "all the sparks though"),
            "urgent");
  EXPECT_NE(Label("i would be worried about the sparks with the kids around"), "urgent");
  EXPECT_EQ(Label("im nervous, there are sparks coming out of the socket"), "urgent");
}

// Harm in the customer's childhood is their story ("ever since i got stuck in a lift as a kid"),
// a worry after a "but" is not of the "ur" before it, a job done by someone else is no complaint
// about this business, and "not sure if thats an issue" asks.
TEST_F(SentimentTest, PastHarmAndOtherPeoplesWorkAreNoComplaint) {
  const std::string gift = Label(
      "my sister got me one of ur floats for my bday which is lovely but tbh im a bit "
      "claustrophobic ever since i got stuck in a lift as a kid. am i gonna be shut in a dark box "
      "with the lid down the whole time??");
  EXPECT_NE(gift, "urgent");
  EXPECT_NE(gift, "negative");
  EXPECT_EQ(Label("help im stuck in a lift with my kid"), "urgent");
  EXPECT_EQ(Label("will they go yellow again tho? had them done at a mobile guy a couple of yrs "
                  "ago and they were rubbish again within a few months"),
            "neutral");
  EXPECT_EQ(Label("had them done by you last year and they were rubbish again within a few months"),
            "negative");
  EXPECT_EQ(Label("im also 14 weeks pregnant with my 2nd lol so not sure if thats an issue??"),
            "neutral");
}

TEST_F(SentimentTest, ScoreStaysInRange) {
  for (const char* text :
       {"!!!!!!!!!!!!!!!!", "LOVE LOVE LOVE LOVE LOVE!!!!",
        "terrible horrible awful worst disgusting 😡😡😡😡", "not not not not not", "😊😊😊😊😊😊😊😊"}) {
    const double s = Score(text);
    EXPECT_GE(s, -1.0) << text;
    EXPECT_LE(s, 1.0) << text;
  }
}

TEST(SentimentAggregateTest, WeightsRecentMessages) {
  EXPECT_EQ(AggregateSentiment({}), "neutral");
  EXPECT_EQ(AggregateSentiment({{"negative", -0.7}, {"neutral", 0}, {"positive", 0.7}}),
            "positive");
  EXPECT_EQ(AggregateSentiment({{"positive", 0.7}, {"neutral", 0}, {"negative", -0.7}}),
            "negative");
  EXPECT_EQ(AggregateSentiment({{"neutral", 0}, {"urgent", -0.8}}), "urgent");
  EXPECT_EQ(AggregateSentiment({{"urgent", -0.8}, {"neutral", 0}}), "urgent");
  EXPECT_EQ(AggregateSentiment({{"urgent", -0.8}, {"positive", 0.8}}), "positive");
}

TEST(SentimentAggregateTest, SatisfactionFollowsTheTrajectory) {
  EXPECT_EQ(SatisfactionFromTrajectory({}), 3.0);
  const double recovered =
      SatisfactionFromTrajectory({{"negative", -0.7}, {"neutral", 0}, {"positive", 0.8}});
  const double soured =
      SatisfactionFromTrajectory({{"positive", 0.8}, {"neutral", 0}, {"negative", -0.7}});
  const double urgent = SatisfactionFromTrajectory({{"neutral", 0}, {"urgent", -0.9}});
  EXPECT_GE(recovered, 4.0);
  EXPECT_LE(soured, 2.5);
  EXPECT_LE(urgent, 1.5);
  EXPECT_GE(urgent, 1.0);
  EXPECT_LE(SatisfactionFromTrajectory({{"positive", 1.0}, {"positive", 1.0}}), 5.0);
}

}  // namespace
}  // namespace carevoice::nlu
