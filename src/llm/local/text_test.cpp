#include "llm/local/text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace carevoice::llm::local {
namespace {

// Returns true iff the term of `to` stands among the related terms of `word`.
bool Relates(std::string_view word, std::string_view to) {
  const std::vector<std::string>& related = RelatedTerms(Terms(word).front());
  return std::ranges::find(related, Terms(to).front()) != related.end();
}

TEST(TextTest, EditDistanceCountsEditsUpToTheLimit) {
  EXPECT_EQ(EditDistance("warranty", "warranty", 2), 0);
  EXPECT_EQ(EditDistance("waranty", "warranty", 2), 1);  // a dropped letter
  EXPECT_EQ(EditDistance("recieve", "receive", 2), 1);   // a transposition
  EXPECT_EQ(EditDistance("instalment", "installment", 2), 1);
  EXPECT_EQ(EditDistance("shoe", "ship", 1), 2);  // over the limit: limit + 1
  EXPECT_EQ(EditDistance("a", "abcdef", 2), 3);
}

TEST(TextTest, AQuestionAfterAStoryWithoutPunctuationIsMarked) {
  EXPECT_EQ(
      MarkUnpunctuatedQuestions("i'm 17 and want to learn to drive how much are your lessons"),
      "i'm 17 and want to learn to drive, how much are your lessons");
  EXPECT_EQ(MarkUnpunctuatedQuestions("my boiler is due its check what do you charge"),
            "my boiler is due its check, what do you charge");
  EXPECT_EQ(MarkUnpunctuatedQuestions("I left a coat months ago do you still have it"),
            "I left a coat months ago, do you still have it");
  EXPECT_EQ(MarkUnpunctuatedQuestions("replacing it roughly what would a new one cost"),
            "replacing it, roughly what would a new one cost");
  // "me" after a preposition is no introducer ("tell me what is" is one).
  EXPECT_EQ(MarkUnpunctuatedQuestions("makes more sense for me do i still get the classes"),
            "makes more sense for me, do i still get the classes");
  EXPECT_EQ(MarkUnpunctuatedQuestions("can you tell me do i need to book"),
            "can you tell me do i need to book");
  // A question word goes on through its noun: one question.
  EXPECT_EQ(MarkUnpunctuatedQuestions("what time do you open in the mornings now"),
            "what time do you open in the mornings now");
  EXPECT_EQ(MarkUnpunctuatedQuestions("ok so which day do you collect"),
            "ok so which day do you collect");
  // In a message with no punctuation at all, the customer's own clause after a question starts
  // anew; an object, a clause led into and one with an auxiliary do not.
  EXPECT_EQ(MarkUnpunctuatedQuestions(
                "how many other kids would be in with her she gets really overwhelmed in groups"),
            "how many other kids would be in with her, she gets really overwhelmed in groups");
  EXPECT_EQ(MarkUnpunctuatedQuestions("how much do you lot charge for a test im 62"),
            "how much do you lot charge for a test, im 62");
  EXPECT_EQ(MarkUnpunctuatedQuestions("can you fix my washing machine"),
            "can you fix my washing machine");
  EXPECT_EQ(MarkUnpunctuatedQuestions("is there a bike he can borrow while his is with you"),
            "is there a bike he can borrow while his is with you");
  EXPECT_EQ(MarkUnpunctuatedQuestions("how much is it. for my nan she gets nervous"),
            "how much is it. for my nan she gets nervous");
  // An interjection ends its clause.
  EXPECT_EQ(MarkUnpunctuatedQuestions("kids want to toast marshmallows lol are we allowed a fire"),
            "kids want to toast marshmallows lol, are we allowed a fire");
  EXPECT_EQ(MarkUnpunctuatedQuestions("thanks lol"), "thanks lol");
  // A question ends at its "then" before a statement of the customer's own.
  EXPECT_EQ(MarkUnpunctuatedQuestions("how long does that take then need to plan round my jobs"),
            "how long does that take then, need to plan round my jobs");
  EXPECT_EQ(MarkUnpunctuatedQuestions("and then we can pay"), "and then we can pay");
  // "is that a problem", "is there any parking": a yes-no question about what was just said.
  EXPECT_EQ(MarkUnpunctuatedQuestions("she's got a cat is that a problem"),
            "she's got a cat, is that a problem");
  EXPECT_EQ(MarkUnpunctuatedQuestions("we come by car is there any parking"),
            "we come by car, is there any parking");
  EXPECT_EQ(MarkUnpunctuatedQuestions("can i get 2 x large pizzas"), "can i get 2 x large pizzas");
  // Left alone: punctuated, introduced, embedded (no inversion), a statement, a leading question.
  for (const std::string text :
       {"I'm 17, how much are your lessons", "can you tell me what is the price",
        "I was wondering how much it costs", "check what time you open",
        "I get an error when I do the update", "my flat is a one bed", "how do I get started",
        "and how much are they", "the problem is it keeps crashing",
        "the thing is that the shop was shut"}) {
    EXPECT_EQ(MarkUnpunctuatedQuestions(text), text);
  }
}

TEST(TextTest, MisspeltStopWordsAndTypoBudget) {
  EXPECT_TRUE(IsMisspeltStopWord("lng"));  // long
  EXPECT_FALSE(IsMisspeltStopWord("long"));
  EXPECT_FALSE(IsMisspeltStopWord("shoe"));
  EXPECT_EQ(TypoBudget(3), 0);
  EXPECT_EQ(TypoBudget(5), 1);
  EXPECT_EQ(TypoBudget(8), 2);
}

TEST(TextTest, SynonymsAndPhrasesMeetTheKnowledgeWords) {
  EXPECT_EQ(Terms("installments"), Terms("financing"));
  EXPECT_EQ(Terms("warranty"), Terms("guarantee"));
  EXPECT_EQ(Terms("moving"), Terms("move"));
  EXPECT_EQ(Terms("cheapest"), Terms("price"));
  // Paying in instalments is no installation ("instal" had been both stems).
  EXPECT_NE(Terms("install"), Terms("instalments"));
  EXPECT_NE(Terms("installation"), Terms("installments"));
  EXPECT_EQ(Terms("instalments"), Terms("installments"));
  // A possessive pronoun is no topic ("while mine is in" had been read as "min").
  EXPECT_TRUE(Terms("mine theirs").empty());
  // Texting forms of modal verbs, "enough" and the "-wise" of "price wise" carry no topic.
  EXPECT_EQ(Terms("what day wud it come"), Terms("what day"));
  // Nor do "itself", "bringing", "everywhere" and the contracted "hed", nor an acknowledgement.
  EXPECT_EQ(Terms("how much is the game itself"), Terms("how much is the game"));
  EXPECT_EQ(Terms("we will be bringing our spaniel, he goes everywhere"), Terms("our spaniel"));
  EXPECT_EQ(Terms("how long till hed get it back"), Terms("how long till get it back"));
  EXPECT_TRUE(Terms(RewritePhrases("sounds good")).empty());
  // Nor does a word about one's English.
  EXPECT_EQ(Terms(RewritePhrases("sorry my english is not so good. what time can i bring him")),
            Terms("what time can i bring him"));
  EXPECT_TRUE(Terms(RewritePhrases("ah ok sorry, english is fine.")).empty());
  // Taking a turn is falling ill.
  EXPECT_EQ(Terms(RewritePhrases("what happens if he takes a turn")),
            Terms("what happens if he falls ill"));
  EXPECT_EQ(Terms(RewritePhrases("whats that per head")), Terms("whats that per person"));
  // A school's half term is a holiday, no contract term; getting on a boat is boarding it.
  EXPECT_EQ(Terms(RewritePhrases("staying for half term")), Terms("staying for school holiday"));
  // To price it up is to quote; a bad sailor is prone to seasickness; a loo on board is a toilet
  // (no boarding); weeds are no urine.
  EXPECT_EQ(Terms(RewritePhrases("can you price it up")), Terms("can you quote for it"));
  EXPECT_EQ(Terms(RewritePhrases("shes a terrible sailor")), Terms("shes prone to seasickness"));
  EXPECT_EQ(Terms(RewritePhrases("is there a loo on board")), Terms("is there a toilet"));
  EXPECT_NE(Terms("weeds"), Terms("wee"));
  // The gov's free hours are funded hours; anything off is a discount; "only" is no topic.
  EXPECT_EQ(Terms(RewritePhrases("the gov website for the free hours")),
            Terms("the government website for the funded hours"));
  EXPECT_EQ(Terms(RewritePhrases("do we get anything off")), Terms("do we get a discount"));
  EXPECT_EQ(Terms(RewritePhrases("do i need to turn anything off")),
            Terms("do i need to turn anything off"));
  EXPECT_EQ(Terms("shes only 7 months"), Terms("shes 7 months"));
  // "last year" tells when, as "ago" does; whoever pushes a wheelchair is a carer.
  EXPECT_EQ(Terms(RewritePhrases("since his stroke last year")),
            Terms("since his stroke a year ago"));
  EXPECT_EQ(Terms(RewritePhrases("if im the one pushing her")), Terms("if im the one carer"));
  // Bailing on a booking is cancelling it; a temp asked about is a temperature.
  EXPECT_EQ(Terms(RewritePhrases("if we want to bail")), Terms("if we want to cancel"));
  EXPECT_EQ(Terms(RewritePhrases("what temp, do you send them home")),
            Terms("what temperature, do you send them home"));
  EXPECT_EQ(Terms(RewritePhrases("where do we get on the boat")),
            Terms("where do we board the boat"));
  // How late one can come is when the business is open; someone round to look is a survey;
  // calling a move off is cancelling it; sorting out parking arranges it, repairs nothing.
  EXPECT_EQ(Terms(RewritePhrases("how late in the evening can you take me out")),
            Terms("open in the evening can you take me out"));
  EXPECT_EQ(Terms(RewritePhrases("how late do you go")), Terms("open until do you go"));
  EXPECT_EQ(Terms(RewritePhrases("how late is my parcel")), Terms("how late is my parcel"));
  EXPECT_EQ(Terms(RewritePhrases("is it worth getting someone round to have a look")),
            Terms("is it worth getting survey"));
  EXPECT_EQ(Terms(RewritePhrases("if we have to call the whole thing off")),
            Terms("if we have to cancel"));
  EXPECT_EQ(Terms(RewritePhrases("can you sort out parking outside")),
            Terms("can you arrange parking outside"));
  EXPECT_EQ(Terms(RewritePhrases("can you sort out my boiler")), Terms("can you repair my boiler"));
  EXPECT_EQ(Terms(RewritePhrases("do you do crash courses")), Terms("do you do intensive courses"));
  EXPECT_EQ(Terms("cram"), Terms("intensive"));
  EXPECT_EQ(Terms("classes"), Terms("lessons"));
  // The damage asked about is the price; coming for it is collecting; charging a phone is no
  // charge to pay; "lots" and "situation" carry no topic.
  EXPECT_EQ(Terms(RewritePhrases("which one and whats the damage")),
            Terms("which one and how much is it"));
  EXPECT_EQ(Terms(RewritePhrases("what time do you come for it")),
            Terms("what time do you collect it"));
  EXPECT_EQ(Terms(RewritePhrases("can i charge my phone")), Terms("can i phone battery"));
  EXPECT_EQ(Terms(RewritePhrases("somewhere to charge a laptop")),
            Terms("somewhere to laptop battery"));
  EXPECT_EQ(Terms(RewritePhrases("do we need a hosepipe")), Terms("do we need a hose"));
  // Pulling out is cancelling, without paying is free, hanging about is waiting, owt off is a
  // discount, and "anyway" and "quite" carry no topic.
  EXPECT_EQ(Terms(RewritePhrases("whats the latest i can pull out without paying")),
            Terms("whats the latest i can cancel free"));
  EXPECT_EQ(Terms(RewritePhrases("can i hang about there")), Terms("can i wait there"));
  EXPECT_EQ(Terms(RewritePhrases("is there owt off for two")),
            Terms("is there a discount for two"));
  EXPECT_EQ(Terms("how big is his class anyway"), Terms("how big is his class"));
  // "quite" is no "quit" (cancel).
  EXPECT_EQ(Terms("its quite old"), Terms("its old"));
  // Nor do "ago", "think" and "rather", nor a surprise told of.
  EXPECT_EQ(Terms("i think i left a coat months ago"), Terms("i left a coat months"));
  EXPECT_EQ(Terms("id rather have a group"), Terms("id have a group"));
  EXPECT_EQ(Terms("to surprise her with a trip"), Terms("to her with a trip"));
  // Charging phones is no charge to pay; notice, advance and beforehand are one word; a kilo is
  // a kg; every year is yearly; not being able to go is cancelling.
  EXPECT_EQ(Terms(RewritePhrases("anywhere to charge phones")), Terms("anywhere to phone battery"));
  EXPECT_EQ(Terms("booked 24 hours in advance"), Terms("booked 24 hours notice"));
  EXPECT_EQ(Terms("about 18 kilos"), Terms("about 18 kg"));
  EXPECT_EQ(Terms(RewritePhrases("is it every year")), Terms("is it yearly"));
  EXPECT_EQ(Terms(RewritePhrases("if we cant go")), Terms("if we cancel"));
  EXPECT_EQ(Terms(RewritePhrases("is the class still running")), Terms("is the class cancel"));
  // What is wrong is the fault; to price a job is to quote for it; popping round is coming out;
  // how quick asks how long.
  EXPECT_EQ(Terms(RewritePhrases("to work out whats actually wrong")),
            Terms(RewritePhrases("to work out the fault")));
  EXPECT_EQ(Terms(RewritePhrases("could someone pop round to price the extension up")),
            Terms(RewritePhrases("could someone come out to quote the extension up")));
  EXPECT_EQ(Terms(RewritePhrases("how quick could you do it")),
            Terms("how quick duration could you do it"));
  // Someone brought along is a guest; doing it from home is doing it online.
  EXPECT_EQ(Terms(RewritePhrases("can he just come in with us")),
            Terms("can he just come in as a guest"));
  EXPECT_EQ(Terms(RewritePhrases("can i bring a mate")), Terms("can i bring a guest"));
  EXPECT_EQ(Terms(RewritePhrases("can i do it from home instead")),
            Terms("can i do it online instead"));
  // An accented letter is read without its accent, and a share off is a discount.
  EXPECT_EQ(Terms("The Clubhouse Café, crème brûlée, jalapeño"),
            Terms("the clubhouse cafe, creme brulee, jalapeno"));
  EXPECT_EQ(Terms(RewritePhrases("you get 15% off food")), Terms("you get 15% off discount food"));
  EXPECT_EQ(Terms(RewritePhrases("15% offer")), Terms("15% offer"));
  // How often asks the frequency that "every 3 weeks" or "once a year" states ("every room" states
  // none).
  EXPECT_EQ(Terms(RewritePhrases("how often")), Terms("how often frequency"));
  EXPECT_EQ(Terms(RewritePhrases("a trim every 3 weeks")), Terms("a trim frequency every 3 weeks"));
  EXPECT_EQ(Terms(RewritePhrases("every room has a kit")), Terms("every room has a kit"));
  // Where the job is done is no topic of it.
  EXPECT_EQ(Terms(RewritePhrases("how long is the man at our house for")),
            Terms(RewritePhrases("how long is the man for")));
  // Rocking up is turning up, a rammed place is busy, never having done it is being new to it,
  // coming out to the house is a home visit.
  EXPECT_EQ(Terms(RewritePhrases("can we rock up")), Terms("can we arrive"));
  EXPECT_EQ(Terms(RewritePhrases("is it gonna be rammed")), Terms("is it gonna be busy"));
  EXPECT_EQ(Terms(RewritePhrases("weve never done it before")), Terms("weve new to it"));
  EXPECT_EQ(Terms(RewritePhrases("can you come out to the house")), Terms("can you home visit"));
  EXPECT_EQ(Terms(RewritePhrases("when do we have to pay off the rest")),
            Terms("when balance due"));
  EXPECT_EQ(Terms(RewritePhrases("when do i have to pay")), Terms("when is payment due"));
  EXPECT_EQ(Terms(RewritePhrases("will i have to pay for that")), Terms("will i free for that"));
  EXPECT_EQ(Terms("theres lots of wasps"), Terms("theres wasps"));
  EXPECT_EQ(Terms("whats the parking situation"), Terms("whats the parking"));
  // Paying up front is a deposit; a deposit got back is returned. A block "paid upfront" in the
  // knowledge is still paid (only its "upfront" is a deposit).
  EXPECT_EQ(Terms(RewritePhrases("do you want something paying up front")),
            Terms("do you want something deposit"));
  EXPECT_EQ(Terms(RewritePhrases("is there a minimum number tho")),
            Terms("is there a minimum tho"));
  EXPECT_EQ(Terms(RewritePhrases("we want our deposit back")),
            Terms("we want our deposit returned"));
  EXPECT_EQ(Terms(RewritePhrases("a block of 10 hours paid upfront")),
            Terms("a block of 10 hours paid deposit"));
  EXPECT_EQ(Terms(RewritePhrases("if i did it all myself")), Terms("if i diy"));
  EXPECT_EQ(Terms("big enough"), Terms("big"));
  EXPECT_EQ(Terms("price wise"), Terms("price"));
  EXPECT_EQ(Terms("boxes taking over the garage"), Terms("boxes taking the garage"));
  EXPECT_EQ(Terms("slight problem, i havent got a logo"), Terms("problem, i got a logo"));
  EXPECT_EQ(Terms("a banner to hang behind the drums"), Terms("a banner to hang the drums"));
  // Pictographs are no words, and they part the words around them.
  EXPECT_EQ(Tokenize("the table plan 🙈 its thursday"),
            (std::vector<std::string>{"the", "table", "plan", "its", "thursday"}));
  EXPECT_EQ(Tokenize("thanks❤️x"), (std::vector<std::string>{"thanks", "x"}));
  // (An accented letter is no pictograph: it is kept, without its accent.)
  EXPECT_EQ(Tokenize("un café"), (std::vector<std::string>{"un", "cafe"}));
  EXPECT_EQ(Tokenize("straße"), (std::vector<std::string>{"stra\xc3\x9f"
                                                          "e"}));
  // "can't" stays: "and what if you cant?" asks about the repair that cannot be done.
  EXPECT_NE(Terms("what if you cant"), Terms("what if you"));
  // A time of day is when, not what.
  EXPECT_TRUE(NamesAPersonOrATime("6am"));
  EXPECT_TRUE(NamesAPersonOrATime("10.30pm"));
  EXPECT_FALSE(NamesAPersonOrATime("spam"));
  // Clinic words as customers say them.
  EXPECT_EQ(Terms("jabs"), Terms("vaccinations"));
  EXPECT_EQ(Terms("spayed"), Terms("neutering"));
  // A car is no synonym of parking (a garage services it), only related to it.
  EXPECT_NE(Terms("car"), Terms("parking"));
  EXPECT_EQ(Terms("speeds"), Terms("Mbps"));
  EXPECT_EQ(RewritePhrases("Can I send them back?"), "can i return them?");
  EXPECT_EQ(RewritePhrases("Can you collect it from my house"), "can you collect it ");
  EXPECT_EQ(RewritePhrases("a service at the same time"), "a service ");
  // Bringing something round is delivering it; whether it is included asks whether it is free.
  EXPECT_EQ(RewritePhrases("do u charge to bring it round or is that included"),
            "do u charge to deliver it or is that free");
  // A stack of something is a quantity; the number of generations of a family is no number to
  // look up.
  EXPECT_EQ(RewritePhrases("a stack of your boxes"), "a lot of your boxes");
  EXPECT_EQ(RewritePhrases("11 of us (3 generations lol)"), " of us ( generations lol)");
  // How that works asks how it is done; stopping over is an overnight stay; money up front is a
  // deposit.
  EXPECT_EQ(RewritePhrases("the driver would have to stop over. how does that work"),
            "the driver would have to overnight stay. how is that done");
  EXPECT_EQ(RewritePhrases("do you want money up front"), "do you want deposit");
  EXPECT_EQ(RewritePhrases("can u do anything that quick"), "can u do anything that express");
  EXPECT_EQ(RewritePhrases("is that ok or do we have to order loads"),
            "is that ok or do we minimum order");
  EXPECT_EQ(RewritePhrases("can you post stuff to my mums or do we have to come in for it"),
            "can you deliver to my mums or do we have to collect it");
  // Not needing a regular delivery for a while is skipping it.
  EXPECT_EQ(RewritePhrases("so we wont need it for 2 weeks"), "so we skip it for 2 weeks");
  // Half an hour is 30 minutes; five and a half hours is not five and 30 minutes.
  EXPECT_EQ(RewritePhrases("about half an hour"), "about 30 minutes");
  EXPECT_EQ(RewritePhrases("a half hour, tops"), "a 30 minutes, tops");
  EXPECT_EQ(RewritePhrases("5 and a half hours drive"), "5 and a half hours drive");
  EXPECT_EQ(RewritePhrases("How much extra is that"), "how much is that");
  EXPECT_EQ(RewritePhrases("the sole is coming off"), "the sole is broken");
  // Trying on is no topic; the pronoun stays, for a follow-up ("how many times would i have to
  // come in and try it on").
  EXPECT_EQ(RewritePhrases("can I try them on in your shop"), "can i  them in your shop");
  EXPECT_EQ(RewritePhrases("can i try one first"), "can i try one first");  // Not "try on".
  EXPECT_EQ(RewritePhrases("can I try it on"), "can i  it");
  // Not fetching something is leaving it uncollected; "for ages" is a long time unless a number
  // follows.
  EXPECT_EQ(RewritePhrases("what if i cant come and get it for ages"),
            "what if i uncollected it for a while");
  EXPECT_EQ(RewritePhrases("classes for ages 5 to 12"), "classes for ages 5 to 12");
  // When something will be ready asks how long it takes.
  EXPECT_EQ(Terms(RewritePhrases("when will it be ready to pick up")),
            Terms(RewritePhrases("how long until ready collect")));
  EXPECT_EQ(RewritePhrases("it took ages."), "it took a while.");
  EXPECT_EQ(Terms("covered"), Terms("warranty"));
  EXPECT_EQ(RewritePhrases("how much to sort that out"), "how much to repair that");
  EXPECT_EQ(RewritePhrases("Do you have Pay Later"), "do you have financing");
  EXPECT_FALSE(RelatedTerms(Terms("leave").front()).empty());
  // "fix" is a repair; only "fixed ip" is a static address.
  EXPECT_EQ(Terms("can you fix it"), Terms("can you repair it"));
  EXPECT_EQ(Terms(RewritePhrases("a fixed IP")), Terms("a static ip"));
  EXPECT_TRUE(Terms("we've got one").empty()) << "contractions are stop words";
  // A phrase starts a word: "was well" is not "as well".
  EXPECT_EQ(RewritePhrases("it was well packed"), "it was well packed");
  EXPECT_EQ(RewritePhrases("and a lock as well"), "and a lock ");
  EXPECT_EQ(RewritePhrases("Bring it to my house"), "deliver it to my house");
  EXPECT_EQ(RewritePhrases("a tune-up"), "a service");
  // Text speak and interjections are no topic; nor is "a couple of".
  EXPECT_EQ(Terms("how much r they lol"), Terms("how much are they"));
  EXPECT_EQ(Terms("i was gonna book"), Terms("i was going to book"));
  EXPECT_EQ(Terms(RewritePhrases("a couple of those pods")), Terms("those pods"));
  EXPECT_EQ(RewritePhrases("if two of us drop out"), "if two of us cancel");
  // A connection that drops out has failed; "find your" and "return it to store" are no
  // directions and no storage.
  EXPECT_EQ(RewritePhrases("my wifi drops out").find("cancel"), std::string::npos);
  EXPECT_EQ(RewritePhrases("it dropped out again").find("cancel"), std::string::npos);
  EXPECT_EQ(RewritePhrases("i cant find your number"), "i cant find your number");
  EXPECT_EQ(RewritePhrases("can i return it to store"), "can i return it to store");
  EXPECT_EQ(RewritePhrases("if i cancel last minute"), "if i cancel late");
  EXPECT_EQ(Terms(RewritePhrases("if i end up needing specs")), Terms("specs"));
  EXPECT_EQ(Terms(RewritePhrases("she can't get out the house since her fall")),
            Terms("she can't leave home her fall"));
  EXPECT_TRUE(NamesAPersonOrATime(Terms("teacher").front()));
  EXPECT_EQ(Terms("knotty"), Terms("matted"));
  EXPECT_EQ(Terms("terrified"), Terms("nervous"));
  EXPECT_EQ(Terms(RewritePhrases("can someone come get him from ours")), Terms("collect"));
  EXPECT_EQ(Terms("pram"), Terms("pushchair"));
  EXPECT_EQ(Terms("wages"), Terms("payroll"));
  EXPECT_NE(Terms(RewritePhrases("do you store campervans")), Terms("do you shop campervans"));
  {
    EXPECT_TRUE(Relates("setup", "system"));
    EXPECT_TRUE(Relates("autistic", "SEN"));
    EXPECT_TRUE(Relates("flat", "property"));
    // Duvets and pillows are bedding; teachers are staff; a parent is an adult.
    EXPECT_TRUE(Relates("duvets", "bedding"));
    EXPECT_TRUE(Relates("staff", "teacher"));
    EXPECT_TRUE(Relates("parent", "adult"));
    // A breed is a dog, a car's tracking its alignment, what is allowed welcome.
    EXPECT_TRUE(Relates("spaniel", "dog"));
    EXPECT_TRUE(Relates("tracking", "alignment"));
    EXPECT_TRUE(Relates("allowed", "welcome"));
    // Drinks the night before are alcohol; proof that a chimney was swept is its certificate.
    EXPECT_TRUE(Relates("drinks", "alcohol"));
    EXPECT_TRUE(Relates("proof", "certificate"));
  }
  // Contractions whose bare forms are other words ("well", "shed", "wed").
  EXPECT_EQ(RewritePhrases("we'll sink it"), "we will sink it");
  EXPECT_EQ(RewritePhrases("she'd like it"), "she would like it");
  EXPECT_EQ(Terms(RewritePhrases("nobody'll be in when you call")), Terms("be home when you call"));
  // Heavy rain as it is said; a call-out as it is asked; being in is being home.
  EXPECT_EQ(Terms(RewritePhrases("its chucking it down")), Terms("heavy rain"));
  EXPECT_EQ(Terms(RewritePhrases("what do u charge just to turn up")), Terms("call-out fee"));
  EXPECT_EQ(Terms(RewritePhrases("how long to put a new one on")),
            Terms(RewritePhrases("how long to fit a new one")));
  // Never in one's life, full time, a driven boat.
  EXPECT_EQ(Terms(RewritePhrases("none of us have ever driven a boat in our lives")),
            Terms("drive boat"));
  EXPECT_EQ(Terms(RewritePhrases("my husband works full time")), Terms("my husband works"));
  // Just moved in is being new, not moving a visit; "already" is no readiness.
  EXPECT_EQ(Terms(RewritePhrases("just moved into a semi")), Terms("new semi"));
  EXPECT_TRUE(Terms("already").empty());
  EXPECT_TRUE(Terms("other others coming exactly def few").empty());
  // Irregular past forms meet their verbs; an insurer is insurance.
  EXPECT_EQ(Terms("swept"), Terms("sweep"));
  EXPECT_EQ(Terms("taught shrunk worn"), Terms("teach shrink wear"));
  EXPECT_EQ(Terms("insurers"), Terms("insurance"));
  // Rocking up is a walk-in; whereabouts is where; proof of age is photo ID; coming out that far
  // is travelling to the area; the number of a customer's children is no fact to match.
  EXPECT_EQ(Terms(RewritePhrases("can we just rock up")), Terms("walk-in"));
  EXPECT_EQ(Terms(RewritePhrases("where abouts are you")), Terms("where location"));
  EXPECT_EQ(Terms(RewritePhrases("i need proof of age")), Terms("photo id age"));
  EXPECT_EQ(Terms(RewritePhrases("do u come out that far")), Terms("travel far area"));
  EXPECT_EQ(Terms(RewritePhrases("ive got 2 boys")), Terms("boys"));
  EXPECT_EQ(Terms(RewritePhrases("do i pay full whack")), Terms("pay full price"));
  EXPECT_EQ(Terms(RewritePhrases("what would that set us back")), Terms("what would that cost"));
  EXPECT_EQ(Terms(RewritePhrases("what time do u shut")), Terms("what closing time"));
  EXPECT_NE(Terms("the door won't shut"), Terms("the door won't open"));
  EXPECT_EQ(Terms(RewritePhrases("can it be spread out")), Terms("financing"));
  // Spread out alone is where something is, not a payment.
  EXPECT_EQ(Terms(RewritePhrases("the stains are spread out")), Terms("the stains are spread out"));
  EXPECT_EQ(Terms(RewritePhrases("keep our books on")), Terms("bookkeeping"));
  EXPECT_EQ(Terms(RewritePhrases("what do i need to get over to you")), Terms("send"));
  EXPECT_EQ(Terms("roughly round under"), std::vector<std::string>{});
  EXPECT_EQ(Terms(RewritePhrases("once hes full grown")), Terms("adult"));
  // Being open is no duration: "open" is only related to "hours".
  EXPECT_NE(Terms("open"), Terms("hours"));
  EXPECT_FALSE(RelatedTerms(Terms("open").front()).empty());
  EXPECT_EQ(Terms(RewritePhrases("can i get online")), Terms("can i get wifi"));
  EXPECT_EQ(Terms(RewritePhrases("the way to get to you")), Terms("directions"));
  EXPECT_EQ(Terms(RewritePhrases("how do i get to you")), Terms("directions"));
  EXPECT_EQ(Terms(RewritePhrases("without a car")), Terms("public transport"));
}

TEST(TextTest, TheClauseThatPricesWhatTheMessageNamesIsSaidAlone) {
  const std::string honey =
      "A 340g jar of our wildflower honey costs \u00a37.50, a 340g jar of heather honey costs "
      "\u00a39.80, and a boxed section of cut comb costs \u00a312.";
  const std::string question = "How much is your honey?";
  EXPECT_EQ(ClauseForTheItem(honey, question, "wats the heather one cost"),
            "A 340g jar of heather honey costs \u00a39.80.");
  EXPECT_EQ(ClauseForTheItem(honey, question, "and the comb?"),
            "A boxed section of cut comb costs \u00a312.");
  // A word of the passage's question names none of them; asking of them all or comparing them
  // keeps the whole.
  EXPECT_EQ(ClauseForTheItem(honey, question, "how much is your honey"), honey);
  EXPECT_EQ(ClauseForTheItem(honey, question, "whats the heather and the comb each"), honey);
  EXPECT_EQ(ClauseForTheItem(honey, question, "which is the cheapest heather or comb"), honey);
  // Prices by who pays stay whole, and so does a clause that leans on another.
  const std::string fees =
      "Club membership costs \u00a326 a month for adults, and \u00a313 a month for under-18s.";
  EXPECT_EQ(ClauseForTheItem(fees, "How much is membership?", "how much for adults"), fees);
  const std::string floor =
      "Our oak dance floor is \u00a3420 for 60 dancers, and costs \u00a3295 in a smaller size.";
  EXPECT_EQ(ClauseForTheItem(floor, "Do you hire dance floors?", "what about a smaller size"),
            floor);
}

TEST(TextTest, APriceNotAskedForIsLeftOutAfterTheFirstSentence) {
  const std::string yard =
      "Our yard is at Unit 7, Ludlow, with free parking for 10 cars. Delivery is free within 30 "
      "miles and costs \u00a31.90 per mile beyond that.";
  EXPECT_EQ(WithoutUnaskedPrices(yard, "and whats parking like there"),
            "Our yard is at Unit 7, Ludlow, with free parking for 10 cars.");
  // Asked a price, or named by the message, it stays.
  EXPECT_EQ(WithoutUnaskedPrices(yard, "how much is parking"), yard);
  EXPECT_EQ(WithoutUnaskedPrices(yard, "is parking ok and what about delivery"), yard);
  // The first sentence stays, whatever amount it states.
  const std::string insured =
      "Every move includes goods-in-transit insurance up to \u00a350,000. Items you pack "
      "yourself are covered for loss but not for breakage.";
  EXPECT_EQ(WithoutUnaskedPrices(insured, "what if something gets broken"), insured);
}

TEST(TextTest, PayingEverythingAtTheStartAsksTheDeposit) {
  EXPECT_EQ(Terms(RewritePhrases("do i need to pay everything at the start")),
            Terms("do i need to deposit"));
  EXPECT_EQ(Terms(RewritePhrases("can we pay it all at once")), Terms("can we deposit"));
  // Paying postage asks the postage, not a payment.
  EXPECT_EQ(Terms(RewritePhrases("if i get 4 jars do i still pay postage")),
            Terms("if i get 4 jars do i still postage"));
}

TEST(TextTest, TheCheapestClauseIsTheOneWithTheLowestPrice) {
  EXPECT_EQ(CheapestClause("Complete single-vision glasses start at \u00a369 including frames and "
                           "lenses, and varifocals start at \u00a3189."),
            "Complete single-vision glasses start at \u00a369 including frames and lenses.");
  EXPECT_EQ(CheapestClause("Large units cost $1,200 a year; small ones cost $450.50 a year."),
            "Small ones cost $450.50 a year.");
  // One price, or two that tie, leave the passage whole.
  EXPECT_EQ(CheapestClause("A groom costs \u00a338, and we text you when it is done."),
            "A groom costs \u00a338, and we text you when it is done.");
  EXPECT_EQ(CheapestClause("Cats cost \u00a35; dogs cost \u00a35."),
            "Cats cost \u00a35; dogs cost \u00a35.");
}

TEST(TextTest, TradeWordsAreReadForWhatTheyMean) {
  // A loan car is a courtesy car; a tyre that keeps going down is going flat.
  EXPECT_EQ(RewritePhrases("can i have a loan car while mines in"),
            "can i have a courtesy car while mines in");
  EXPECT_EQ(RewritePhrases("will i have a car while mine is in"),
            "will i have a courtesy car while mine is in");
  EXPECT_EQ(RewritePhrases("the tyre is going down slow"), "the tyre is going flat");
  // The difference in price between two things asks their prices; finding what is wrong is a
  // diagnosis.
  EXPECT_EQ(RewritePhrases("whats the difference in price between the two"),
            "whats the price of the two");
  EXPECT_EQ(RewritePhrases("plug it in to find whats wrong"), "plug it in to diagnostic");
  // Pitch dark is blackout; putting blinds up is fitting them; built to last is guaranteed; one
  // to one is private.
  EXPECT_EQ(RewritePhrases("keep it pitch dark"), "keep it blackout");
  EXPECT_EQ(RewritePhrases("is putting them up extra"), "is fitting them extra");
  EXPECT_EQ(RewritePhrases("when do ur lads put it up"), "when do ur lads put it up");
  EXPECT_EQ(RewritePhrases("are they built to last"), "are they guaranteed");
  EXPECT_EQ(RewritePhrases("some 1 to 1 time"), "some private time");
  // A flat charge is a fixed one; a flat is still a flat.
  EXPECT_EQ(RewritePhrases("for a flat £35 fitting charge"), "for a fixed £35 fitting charge");
  EXPECT_EQ(RewritePhrases("in the flat there is none"), "in the flat there is none");
  // Working days count time; going round to see a home is a viewing; taking care of a house is
  // managing it; staying open later is opening late, and after work is late in the day.
  EXPECT_EQ(RewritePhrases("within 3 working days"), "within 3 business days");
  EXPECT_EQ(RewritePhrases("when can we go round and see it"), "when can we view it");
  EXPECT_EQ(RewritePhrases("to take care of the whole lot"), "to manage the whole lot");
  EXPECT_EQ(RewritePhrases("do you ever stay open later"), "do you ever open late");
  EXPECT_EQ(RewritePhrases("getting in after work"), "getting in late");
  // Shut is closed; knocked out is sedated; a plane is a flight, not a plan.
  EXPECT_EQ(RewritePhrases("on sunday when your shut"), "on sunday when you're closed");
  EXPECT_EQ(RewritePhrases("a way to be knocked out"), "a way to be sedation");
  EXPECT_EQ(RewritePhrases("do i carry it on the plane"), "do i carry it on the flight");
  EXPECT_EQ(RewritePhrases("the planet"), "the planet");
  // What the customer would not bother with is set aside; see-through is clear.
  EXPECT_EQ(RewritePhrases("if i didnt bother with the plan whats a visit"), "if i whats a visit");
  EXPECT_EQ(RewritePhrases("those see through brace things"), "those clear brace things");
  EXPECT_EQ(RewritePhrases("is that gonna be too many of us"), "is that gonna be too many people");
}

TEST(TextTest, EverydayPhrasesAreReadForWhatTheyAsk) {
  // "ill" before a verb is "I'll"; "fair enough" asks nothing fair.
  EXPECT_EQ(RewritePhrases("fair enough ill put it in mine then"), "ok i will put it in mine then");
  // Whether one pays for something asks whether it is free; how one pays still asks how.
  EXPECT_EQ(RewritePhrases("do i pay extra for u to come"), "is it free for u to come");
  EXPECT_EQ(RewritePhrases("how do i pay for it"), "how to pay for it");
  EXPECT_EQ(RewritePhrases("whats a full week going to be"), "whats a week going to be");
  EXPECT_EQ(RewritePhrases("dont have time to sit"), "dont want to sit");
  EXPECT_EQ(RewritePhrases("do you take money off us"), "do you charge us");
  EXPECT_EQ(RewritePhrases("if he puts a dent in it"), "if he puts damage in it");
  EXPECT_EQ(RewritePhrases("the dentist"), "the dentist");
  EXPECT_EQ(RewritePhrases("his mum hasnt been well"), "his mum has been unwell");
  EXPECT_EQ(RewritePhrases("a long weekend"), "a weekend short break");
  // What the customer sets aside is no topic; who pays is not set aside.
  EXPECT_EQ(RewritePhrases("i just need a massage rather than physio, how much"),
            "i just need a massage , how much");
  EXPECT_EQ(RewritePhrases("the small one instead of the deluxe box and a card"),
            "the small one and a card");
  EXPECT_EQ(RewritePhrases("send him the bill rather than me paying"),
            "send him the bill rather than me paying");
  EXPECT_EQ(RewritePhrases("if i need to keep comin back after that"),
            "if i need to follow up after that");
  EXPECT_EQ(RewritePhrases("what if it went missing at your end"), "what if it got lost ");
  // Who looks after the children, and how many to each adult, is the staff ratio; what one has
  // with one is what one brings; how long in the pool is a swim.
  EXPECT_EQ(RewritePhrases("who looks after them, how many kids to each grown up"),
            "who staff, ratio grown up");
  EXPECT_EQ(RewritePhrases("what should they have with them in their bags"),
            "what should they bring");
  EXPECT_EQ(RewritePhrases("do they get given lunch"), "do they get lunch");
  EXPECT_EQ(RewritePhrases("are they in the pool for long"), "are they swimming for long");
  EXPECT_EQ(RewritePhrases("how many can u actually fit in"), "how many can you hold");
  EXPECT_EQ(RewritePhrases("if it chucks it down"), "if it heavy rain");
  // A charger is where the power goes in, not a charge to pay; a fault said without its
  // apostrophe is still a fault.
  EXPECT_EQ(RewritePhrases("the hole where the charger go"), "the hole where the socket go");
  EXPECT_EQ(RewritePhrases("a charging port repair"), "a socket port repair");
  EXPECT_EQ(RewritePhrases("if it still doesnt work"), "if it still broken");
  EXPECT_EQ(RewritePhrases("he dropped it down the loo"), "he dropped it in water");
  // "well" is a filler, not the well of "well-behaved".
  EXPECT_EQ(Terms("well fiancee now haha"), Terms("fiancee now haha"));
}

TEST(TextTest, TheClauseForTheDayOrSeasonAskedIsTheOneSaid) {
  const std::string hours =
      "We're open 7am to 10pm Monday to Friday, and 9am to 9pm on Saturdays and Sundays.";
  EXPECT_EQ(ClauseForTheTime(hours, "and what about saturday, what time do you open then"),
            "9am to 9pm on Saturdays and Sundays.");
  EXPECT_EQ(ClauseForTheTime(hours, "can i come on a wednesday"),
            "We're open 7am to 10pm Monday to Friday.");
  EXPECT_EQ(ClauseForTheTime(hours, "at the weekend?"), "9am to 9pm on Saturdays and Sundays.");
  // A range written short, and the clauses that name no day, stay.
  EXPECT_EQ(ClauseForTheTime("Weekday sessions are \u00a312 (Mon-Fri). Weekend sessions are "
                             "\u00a315. Shoes are free.",
                             "how much on a tuesday"),
            "Weekday sessions are \u00a312 (Mon-Fri). Shoes are free.");
  EXPECT_EQ(ClauseForTheTime("Our spring term starts on Monday 11 January and runs for 10 weeks, "
                             "and the summer term starts on Monday 19 April.",
                             "so if i moved to the summer one when does that start"),
            "The summer term starts on Monday 19 April.");
  // A month range wraps round the year.
  EXPECT_EQ(ClauseForTheTime("Winter hours run October to March; summer hours run April to "
                             "September.",
                             "what are your hours in january"),
            "Winter hours run October to March.");
  // A list of prices by day splits at its commas; a list of days alone does not.
  EXPECT_EQ(ClauseForTheTime("Exclusive hire on a Saturday costs \u00a36,400, a Friday or Sunday "
                             "is \u00a34,900, and Monday to Thursday is \u00a33,200.",
                             "were looking at a saturday next june, what would it set us back"),
            "Exclusive hire on a Saturday costs \u00a36,400.");
  const std::string list = "Classes run on Monday, Wednesday and Friday at 6pm.";
  EXPECT_EQ(ClauseForTheTime(list, "is there one on wednesday"), list);
  // Both times named, no time named, or a no for the day asked: the passage stays whole.
  EXPECT_EQ(ClauseForTheTime(hours, "saturday or tuesday?"), hours);
  EXPECT_EQ(ClauseForTheTime(hours, "what are your hours"), hours);
  const std::string closed =
      "The yard is open Tuesday to Sunday from 8am until dusk, and we are closed on Mondays.";
  EXPECT_EQ(ClauseForTheTime(closed, "which day are you closed? maybe we come monday"), closed);
}

TEST(TextTest, MovingADateBackIsPostponingIt) {
  EXPECT_EQ(RewritePhrases("can we push our wedding back a year"),
            "can we postpone our wedding  a year");
  EXPECT_EQ(RewritePhrases("could I put the appointment back a week"),
            "could i postpone the appointment  a week");
  // A thing put back, or "push back" alone, is no date.
  EXPECT_EQ(RewritePhrases("can I put it back on the shelf"), "can i put it back on the shelf");
  EXPECT_EQ(RewritePhrases("push back the seat"), "push back the seat");
  EXPECT_EQ(Terms("postpone"), Terms("reschedule"));
}

TEST(TextTest, HomesFirstTimersAndTakingThingsApartAreReadAsTheKnowledgeSaysThem) {
  // "dried" and "tried" share the stem of "dry" and "try" ("blow dried" is a blow-dry).
  EXPECT_EQ(Terms("dried"), Terms("dry"));
  EXPECT_EQ(Terms("tried"), Terms("try"));
  EXPECT_EQ(Terms("tries"), Terms("try"));
  EXPECT_EQ(Terms(RewritePhrases("a 3 bed semi")), Terms("a 3 bedroom house"));
  EXPECT_EQ(Terms("breakage"), Terms("broken"));
  EXPECT_EQ(Terms("stuff"), Terms("belongings"));
  EXPECT_EQ(Terms("tidied"), Terms("trim"));
  EXPECT_EQ(RewritePhrases("take the beds apart"), "take the beds dismantle");
  EXPECT_EQ(RewritePhrases("apart from that"), " that");
  EXPECT_EQ(RewritePhrases("the strap came apart"), "the strap broken");
  EXPECT_EQ(RewritePhrases("I've never had it coloured"), "i'm new to it coloured");
  EXPECT_EQ(RewritePhrases("can we just turn up"), "can we walk-in");
  EXPECT_EQ(RewritePhrases("whereabouts are you"), "where location");
  EXPECT_EQ(RewritePhrases("when do I pay the rest"), "when do i balance due");
  // "own" and "wants" are no topic.
  EXPECT_EQ(Terms("my own boxes"), Terms("boxes"));
  EXPECT_TRUE(Terms("he wants").empty());
  EXPECT_TRUE(NamesAPersonOrATime(Terms("husband").front()));
  EXPECT_TRUE(NamesAPersonOrATime(Terms("sisters").front()));
  EXPECT_FALSE(NamesAPersonOrATime(Terms("beard").front()));
  EXPECT_TRUE(NamesAPersonOrATime(Terms("friday").front()));
  // The number of a party is no topic; a number of anything else stays.
  EXPECT_EQ(RewritePhrases("a table for 14 people"), "a table for  people");
  EXPECT_EQ(RewritePhrases("14 allergens"), "14 allergens");
  EXPECT_EQ(RewritePhrases("can you make it less spicy"), "can you make it mild");
  EXPECT_EQ(Terms("rewards"), Terms("loyalty"));
  EXPECT_TRUE(Terms("something's come up, myself").empty());
  EXPECT_EQ(Terms("hoover"), Terms("vacuum"));
  EXPECT_EQ(RewritePhrases("a clean once a week"), "a clean regular");
  EXPECT_EQ(RewritePhrases("I work during the day so won't be in"), " so not home");
}

// A full set of nails or lashes is one thing, and being sat somewhere is being there, not a
// Saturday.
TEST(TextTest, AFullSetAndBeingSatThereAreRead) {
  EXPECT_EQ(Terms(RewritePhrases("how long will i be sat there")),
            Terms(RewritePhrases("how long will i be there")));
  EXPECT_EQ(Terms(RewritePhrases("how much is a full set")), Terms("how much is a fullset"));
  EXPECT_EQ(Terms(RewritePhrases("can we sat in")), Terms("can we sat in"));
}

// Cruelty-free is no free of charge, and testing on animals no patch test.
TEST(TextTest, CrueltyFreeIsNoPrice) {
  const std::vector<std::string> terms =
      Terms(RewritePhrases("are the tints cruelty free? i avoid anything tested on animals"));
  for (std::string_view word : {"free", "test"}) {
    EXPECT_EQ(std::ranges::find(terms, Terms(word).front()), terms.end()) << word;
  }
}

// The shortest and the most are the minimum and the maximum; not being in is not being home;
// what gets sorted is fixed, and otherwise "sorted" is no topic; what is done without is set aside.
TEST(TextTest, ShortestMostNotInSortedAndWithoutAreRead) {
  EXPECT_EQ(RewritePhrases("is there a shortest you can book"), "is there a minimum you can book");
  EXPECT_EQ(RewritePhrases("whats the most he'd pay"), "whats the maximum he would pay");
  EXPECT_EQ(Terms("maximum"), Terms("cap"));
  EXPECT_EQ(RewritePhrases("if im not in is it left"), "if im not home is it left");
  EXPECT_EQ(Terms(RewritePhrases("when does it get sorted")), Terms("when does it repaired"));
  EXPECT_EQ(Terms("is the insurance sorted"), Terms("insurance"));
  EXPECT_EQ(Terms(RewritePhrases("can i stop the boxes without cancelling the whole thing")),
            Terms("stop the boxes"));
  // An amount off is a discount, as a share off is; a time off is not.
  EXPECT_EQ(RewritePhrases("takes 12p off every kwh"), "takes 12p off discount every kwh");
  EXPECT_EQ(RewritePhrases("\u00a35 off"), "\u00a35 off discount");
  EXPECT_EQ(RewritePhrases("15% off food"), "15% off discount food");
  EXPECT_EQ(RewritePhrases("the day off"), "the day off");
  EXPECT_EQ(RewritePhrases("the app took \u00a311 off me"), "the app took \u00a311 off me");
  EXPECT_EQ(RewritePhrases("youve taken \u00a3500 off my card"),
            "youve taken \u00a3500 off my card");
  EXPECT_EQ(RewritePhrases("\u00a35 off my first order"), "\u00a35 off discount my first order");
  // Lowered is reduced; going on the insurance is being a named driver; a session that cuts out
  // stops; money got back is a refund, a thing got back is not.
  EXPECT_EQ(Terms("can we get that lowered"), Terms("reduce"));
  EXPECT_EQ(RewritePhrases("can we go on the insurance"), "can we be an additional driver");
  EXPECT_EQ(RewritePhrases("it cut out after 2 mins"), "it stopped after 2 mins");
  EXPECT_EQ(RewritePhrases("can i get that back"), "can i get a refund of that");
  EXPECT_EQ(RewritePhrases("till i get it back"), "till i get it back");
  EXPECT_EQ(RewritePhrases("right so if im not in"), "so if im not home");
  EXPECT_EQ(RewritePhrases("no tap anywhere near where i park"), "no tap ");
}

// Unpunctuated questions that open with a fused "whats"/"hows", "what happens", or "is there
// anywhere", and a clause of the customer's own ("its", "theres") after a question.
TEST(TextTest, FusedQuestionWordsAndWhatHappensOpenAQuestion) {
  EXPECT_EQ(MarkUnpunctuatedQuestions("my desktop wont turn on at all whats the charge"),
            "my desktop wont turn on at all, whats the charge");
  EXPECT_EQ(MarkUnpunctuatedQuestions("u lot do drop in desks hows much is that"),
            "u lot do drop in desks, hows much is that");
  EXPECT_EQ(MarkUnpunctuatedQuestions("i might get there after you shut what happens then"),
            "i might get there after you shut, what happens then");
  EXPECT_EQ(MarkUnpunctuatedQuestions("the windows are old is there something to keep it warm"),
            "the windows are old, is there something to keep it warm");
  EXPECT_EQ(MarkUnpunctuatedQuestions("where do i put the pram its a massive double one"),
            "where do i put the pram, its a massive double one");
  EXPECT_EQ(MarkUnpunctuatedQuestions("is there a minimum number tho half the mums havent replied"),
            "is there a minimum number tho, half the mums havent replied");
  EXPECT_EQ(MarkUnpunctuatedQuestions("how long does it go on for she cant sit still"),
            "how long does it go on for, she cant sit still");
  EXPECT_EQ(MarkUnpunctuatedQuestions("do you bring stuff back we're only round the corner"),
            "do you bring stuff back, we're only round the corner");
  EXPECT_EQ(MarkUnpunctuatedQuestions("how much is it for its size"),
            "how much is it for its size");
  EXPECT_EQ(MarkUnpunctuatedQuestions("how long does it go on for need to tell the mums"),
            "how long does it go on for, need to tell the mums");
  EXPECT_EQ(MarkUnpunctuatedQuestions("do u do bikes as well the teenagers will go crazy"),
            "do u do bikes as well, the teenagers will go crazy");
  EXPECT_EQ(MarkUnpunctuatedQuestions("can i bring the dog as well as the kids"),
            "can i bring the dog as well as the kids");
  EXPECT_EQ(MarkUnpunctuatedQuestions("whats best to keep our books on we're on spreadsheets"),
            "whats best to keep our books on, we're on spreadsheets");
  // "whats wrong" names no subject: no question opens at it.
  EXPECT_EQ(MarkUnpunctuatedQuestions("tell me whats wrong with it"),
            "tell me whats wrong with it");
}

// Each phrase rule applies to what the rules before it wrote ("get the room" is "check in", and
// "check in" is "checkin"; "tied in" is a "minimum term", which is a "contract"), at every place
// it occurs, at the text's end too, and only at the start of a word.
TEST(TextTest, PhraseRulesApplyToWhatEarlierRulesWrote) {
  EXPECT_EQ(RewritePhrases("when can we get the room"), "when can we checkin");
  EXPECT_EQ(RewritePhrases("are we tied in"), "are we contract");
  EXPECT_EQ(RewritePhrases("tied in? still tied in"), "contract? still contract");
  EXPECT_EQ(RewritePhrases("can i pay off the rest later"), "can i balance due later");
  EXPECT_EQ(RewritePhrases("untied in knots"), "untied in knots");
  EXPECT_EQ(RewritePhrases("zebra crossing"), "zebra crossing");
}

// "get to meet" is no arrival ("get to her" is), and "same" and "whoever" are no topic.
TEST(TextTest, GettingToMeetIsNoArrivalAndSameIsNoTopic) {
  EXPECT_EQ(RewritePhrases("do we get to meet them"), "do we meet them");
  EXPECT_EQ(RewritePhrases("do we get to use the pool"), "do we use the pool");
  EXPECT_EQ(RewritePhrases("when would it get to her"), "when would it arrive");
  EXPECT_EQ(RewritePhrases("when will it get to me?"), "when will it arrive?");
  EXPECT_EQ(Terms(RewritePhrases("is it the same price for that")), Terms("is it the price"));
  EXPECT_EQ(Terms("can we meet whoever it is"), Terms("can we meet"));
}

TEST(TextTest, ANumberOfTimesIsNoTimeOfDayAndMadeIsNoMad) {
  // "times" after a number of them is how often, not a time of day.
  EXPECT_EQ(Terms(RewritePhrases("a coach just for me for a few times, how much")),
            Terms(RewritePhrases("a coach just for me for a few, how much")));
  EXPECT_EQ(RewritePhrases("thinking of doing the tour"), "the tour");
  // "made" is what is made, not "mad".
  EXPECT_NE(Terms("made"), Terms("mad"));
}

TEST(TextTest, AMeasureKeepsItsQuestionWhole) {
  // "how far ahead can i ..." is one question, through its measure.
  EXPECT_EQ(MarkUnpunctuatedQuestions("how far ahead can i grab a lane"),
            "how far ahead can i grab a lane");
  EXPECT_EQ(MarkUnpunctuatedQuestions("how much longer do we have to wait"),
            "how much longer do we have to wait");
}

TEST(TextTest, ChatShortFormsAndHomes) {
  // "u" is a subject like "you": "do u" asks.
  EXPECT_EQ(MarkUnpunctuatedQuestions("a party at yours what do u do for partys"),
            "a party at yours, what do u do for partys");
  // "n" is "and"; a bottle of red is wine; being fed is a meal.
  EXPECT_EQ(RewritePhrases("how much is that n does she get fed"),
            "how much is that and does she get a meal");
  EXPECT_EQ(RewritePhrases("can we bring a bottle of red"), "can we bring a bottle of wine");
  // Short forms of a limit, and one on one is private.
  EXPECT_EQ(RewritePhrases("is there a min number tho"), "is there a minimum tho");
  EXPECT_EQ(RewritePhrases("whats the max in a class"), "whats the maximum in a class");
  EXPECT_EQ(RewritePhrases("anything like one on one"), "anything like private");
  // Moving out is vacating, an open-plan room is one room, a three-seater has three seats.
  EXPECT_EQ(RewritePhrases("im moving out of my flat"), "im vacating of my flat");
  EXPECT_EQ(RewritePhrases("an open plan kitchen"), "an openplan kitchen");
  EXPECT_EQ(RewritePhrases("a three-seater sofa"), "a three-seat sofa");
  // A mark that comes back reappears; too few takers are fewer people.
  EXPECT_EQ(RewritePhrases("and if it comes back"), "and if it reappears");
  EXPECT_EQ(RewritePhrases("if hardly anyone signs up"), "if fewer people joins");
  // "along" and "alot" are no "alone".
  EXPECT_EQ(Terms("bring a bottle along"), Terms("bring a bottle"));
}

TEST(TextTest, MeasuresArrivalsAndLeastAmounts) {
  // A body measurement is read as what it measures ...
  EXPECT_EQ(RewritePhrases("hes about 130kg and 6ft5"), "hes about weight and height");
  EXPECT_EQ(RewritePhrases("shes only 1m30"), "shes only height");
  EXPECT_EQ(RewritePhrases("at least 150cm tall"), "at least height tall");
  // ... but a width, a boat's length or a number in a word is left as it is.
  EXPECT_EQ(RewritePhrases("blinds up to 240cm wide"), "blinds up to 240cm wide");
  EXPECT_EQ(RewritePhrases("a 10m boat"), "a 10m boat");
  EXPECT_EQ(RewritePhrases("room a12kg"), "room a12kg");
  EXPECT_EQ(RewritePhrases("its my 1st time and her 21st"), "its my 1st time and her 21st");
  // How early to turn up is how long before to arrive; how early to book is the notice.
  EXPECT_EQ(RewritePhrases("how early does everyone need to turn up beforehand"),
            "how long duration before does everyone need to arrive beforehand");
  EXPECT_EQ(RewritePhrases("how early, should we get there"),
            "how long duration before should we arrive");
  EXPECT_EQ(RewritePhrases("the pipe coming down the side"), "the downpipe");
  EXPECT_EQ(RewritePhrases("how early do i need to book"), "what notice do i need to book");
  // The least amount of people is the minimum of them; getting wed is getting married.
  EXPECT_EQ(RewritePhrases("whats the least amount of kids"), "whats the minimum kids");
  EXPECT_EQ(RewritePhrases("were getting wed next year"), "were getting married next year");
}

TEST(TextTest, CheaperSharedVisitedAndDoneToo) {
  EXPECT_EQ(RewritePhrases("does a longer stay work out any cheaper"),
            "does a longer stay discount");
  EXPECT_EQ(RewritePhrases("can they bunk in together"), "can they share");
  EXPECT_EQ(RewritePhrases("when can i come to see the place"), "when can i come to view");
  EXPECT_EQ(RewritePhrases("can i come say hello to them"), "can i visit to them");
  EXPECT_EQ(RewritePhrases("i need it back to ride home"), "i need it to ride home");
  EXPECT_EQ(RewritePhrases("could i get mine done the same time"), "could i get mine done ");
  EXPECT_EQ(RewritePhrases("i want colour on all the hair"), "i want colour full head");
  // Chat's "wd", "cd", "shd" and Glasgow's "yous" are no topic, nor is "a certain" one.
  EXPECT_TRUE(Terms("wd cd shd yous certain").empty());
  EXPECT_EQ(RewritePhrases("is there a min spend"), "is there a minimum order");
  EXPECT_EQ(RewritePhrases("how long does it last"), "how long duration does it keep");
}

TEST(TextTest, APhraseEndsItsWordOrGoesOnByAnEnding) {
  // "seen to" is treated, "seen too" is not; "every week" is no "every weekday".
  EXPECT_EQ(RewritePhrases("can he be seen to"), "can he be treated");
  EXPECT_EQ(RewritePhrases("can he be seen too"), "can he be seen too");
  EXPECT_EQ(RewritePhrases("can you come out to measure"), "can you come out to measure");
  // A plural or an adverb's ending still takes the phrase, and so does a symbol's number.
  EXPECT_EQ(RewritePhrases("payment plans"), RewritePhrases("payment plan") + "s");
  EXPECT_EQ(RewritePhrases("a flat \u00a335 charge"), "a fixed \u00a335 charge");
}

TEST(TextTest, EveningsMissedHomesAndWhatWasSeen) {
  EXPECT_EQ(RewritePhrases("we cant make one of the evenings"), "we miss a session");
  EXPECT_EQ(RewritePhrases("whats that cost if u come to mine"), "whats that cost if u home visit");
  EXPECT_EQ(RewritePhrases("saw u do a recall thing"), "u do a recall thing");
  EXPECT_EQ(RewritePhrases("how much notice do i need"), "what notice do i need");
  EXPECT_EQ(RewritePhrases("is that going to be a problem with the medical stuff"),
            "is that going to the medical");
  EXPECT_EQ(RewritePhrases("how long do we get in the water"), "how long duration do we get");
  EXPECT_EQ(RewritePhrases("how long does the physio stay with her"),
            "how long duration does the physio with her");
  // "involved" is no topic; "growly" is reactive, and a night is an evening.
  EXPECT_TRUE(Terms("involved").empty());
  const std::vector<std::string>& growly = RelatedTerms(Terms("growly").front());
  EXPECT_NE(std::ranges::find(growly, Terms("reactive").front()), growly.end());
  const std::vector<std::string>& night = RelatedTerms(Terms("nights").front());
  EXPECT_NE(std::ranges::find(night, Terms("evenings").front()), night.end());
}

TEST(TextTest, MachinesThatPackInPassesThatRunOutAndSticksWalkedWith) {
  EXPECT_EQ(RewritePhrases("get it serviced before it packs in"),
            "get it serviced before it broken");
  EXPECT_EQ(RewritePhrases("how long do they last before they run out"),
            RewritePhrases("how long do they last") + " before they expire");
  EXPECT_EQ(RewritePhrases("she walks with a stick"), "she mobility");
  EXPECT_EQ(RewritePhrases("is someone watching if we go in the sea"),
            "is supervision if we go in water");
  EXPECT_EQ(RewritePhrases("could u get someone out today"), "could u get someone out sameday");
  EXPECT_EQ(RewritePhrases("do u come out that far"), "do u travel so far to the area");
  // A bill is invoiced, a bundle of visits is a pass, a bath a tub, coming to have a look a
  // call-out, and what expires is valid until then.
  EXPECT_TRUE(Relates("bill", "invoice"));
  EXPECT_TRUE(Relates("bundle", "pass"));
  EXPECT_TRUE(Relates("bath", "tub"));
  EXPECT_TRUE(Relates("survey", "callout"));
  EXPECT_TRUE(Relates("expire", "valid"));
  EXPECT_TRUE(Relates("supervision", "lifeguard"));
}

TEST(TextTest, WhatItComesToNoExperienceAndMonthlyPayments) {
  EXPECT_EQ(RewritePhrases("how much would that come to"), "how much would that cost");
  EXPECT_EQ(RewritePhrases("she has never done any coding"), "she has no experience of any coding");
  EXPECT_EQ(RewritePhrases("kids who already know it all"), "kids who experienced");
  EXPECT_EQ(RewritePhrases("3 interest-free monthly payments"),
            "3 interest-free monthly financing payments");
  EXPECT_EQ(RewritePhrases("shaving my pits"), "shaving my underarms");
  EXPECT_EQ(RewritePhrases("its freezing out"), "its cold");
  EXPECT_TRUE(Relates("trial", "taster"));
}

TEST(TextTest, ChatBeforeTheWholePlaceRopesAndDrinksHad) {
  EXPECT_EQ(Terms(RewritePhrases("how far will it go b4 it runs out")),
            Terms("how far will it go"));
  EXPECT_EQ(Terms(RewritePhrases("could we have the whole place")), Terms("the whole venue"));
  EXPECT_EQ(Terms(RewritePhrases("how long does it take to charge")),
            Terms(RewritePhrases("how long does it take to recharge")));
  // "free of charge up to 48 hours" stays a charge.
  EXPECT_EQ(Terms(RewritePhrases("free of charge up to 48 hours")),
            Terms("free of charge up to 48 hours"));
  EXPECT_EQ(Terms(RewritePhrases("are we covered for that")), Terms("are we insured"));
  EXPECT_EQ(Terms(RewritePhrases("is there someone to show him the ropes")),
            Terms("someone to train him"));
  EXPECT_EQ(Terms(RewritePhrases("will someone show them wat to do")), Terms("someone teach them"));
  EXPECT_EQ(Terms(RewritePhrases("they will def have had a few b4 we get to u")),
            Terms("they drunk before we get to u"));
  EXPECT_EQ(Terms(RewritePhrases("the latest we can stay on a saturday")),
            Terms("open late on a saturday"));
  EXPECT_EQ(Terms(RewritePhrases("When are they on?")), Terms(RewritePhrases("what times")));
  EXPECT_EQ(Terms(RewritePhrases("it broke my heart tbh")),
            Terms(RewritePhrases("it made me sad")));
  EXPECT_EQ(Terms(RewritePhrases("ex-hire boot scooters")),
            Terms("secondhand ex-hire boot scooters"));
  EXPECT_EQ(Terms(RewritePhrases("does she have to sit some kind of test first")),
            Terms("does she have to do an assessment first"));
  EXPECT_EQ(Terms(RewritePhrases("and if we pay the whole term in one time?")),
            Terms("and if we pay the whole term?"));
  EXPECT_EQ(Terms("a reduction for 2 children"), Terms("a discount for 2 children"));
  EXPECT_EQ(Terms(RewritePhrases("and to lock it in?")), Terms("and to confirm the booking?"));
  EXPECT_TRUE(Relates("pots", "pottery"));
  EXPECT_EQ(Terms(RewritePhrases("im absolutely freezing")), Terms("im cold"));
  EXPECT_EQ(Terms(RewritePhrases("freezing your membership")), Terms("freezing your membership"));
  EXPECT_TRUE(Relates("scratch", "damage"));
  EXPECT_TRUE(Relates("drunk", "alcohol"));
}

TEST(TextTest, TimesOfDayAndTheHoursThatHoldThem) {
  EXPECT_EQ(TimeOfDayIn("its tuesday about 11pm, how much"), 23 * 60);
  EXPECT_EQ(TimeOfDayIn("at 7.30 am please"), 7 * 60 + 30);
  EXPECT_EQ(TimeOfDayIn("by 18:45"), 18 * 60 + 45);
  EXPECT_EQ(TimeOfDayIn("just after midnight"), 0);
  EXPECT_EQ(TimeOfDayIn("12pm"), 12 * 60);
  EXPECT_FALSE(TimeOfDayIn("£109 for 2 hours"));
  EXPECT_FALSE(TimeOfDayIn("13pm"));
  EXPECT_TRUE(HoursHold("Call-outs between 6pm and 8am cost £109.", 23 * 60));
  EXPECT_TRUE(HoursHold("Call-outs between 6pm and 8am cost £109.", 7 * 60));
  EXPECT_FALSE(HoursHold("Call-outs between 6pm and 8am cost £109.", 14 * 60));
  EXPECT_TRUE(HoursHold("open from 9am to 5:30pm", 17 * 60));
  EXPECT_FALSE(HoursHold("open from 9am to 5:30pm", 17 * 60 + 30));
  EXPECT_TRUE(HoursHold("10am-4pm daily", 12 * 60));
  // Two times that are no span hold nothing.
  EXPECT_FALSE(HoursHold("we open at 9am and the last entry is 4pm", 12 * 60));
}

}  // namespace
}  // namespace carevoice::llm::local
