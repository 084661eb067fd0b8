#include "nlu/spelling.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace carevoice::nlu {
namespace {

// Debian's hunspell-en-gb and hunspell-en-us are installed by scripts/setup.sh: without them the
// speller is null and these tests fail rather than pass vacuously.
const Speller& Dictionary() {
  const Speller* speller = DefaultSpeller();
  if (speller == nullptr) {
    std::fprintf(stderr, "no Hunspell dictionary in /usr/share/hunspell (run scripts/setup.sh)\n");
    std::abort();
  }
  return *speller;
}

core::Agent CycleShop() {
  core::Agent agent;
  agent.name = "Kit";
  agent.company = "Kestrel Cycles";
  agent.knowledge = {{"Do you sell e-bikes?", "Yes, our e-bikes start at £1,400."},
                     {"Do you take Cyclescheme?", "Yes, we accept Cyclescheme vouchers."}};
  return agent;
}

TEST(SpellerTest, CorrectsTheCommonSlipsKeepingCase) {
  const Speller& s = Dictionary();
  EXPECT_EQ(s.Correct("Which pamyent methods do you take?", nullptr),
            "Which payment methods do you take?");  // Two letters swapped.
  EXPECT_EQ(s.Correct("Can I talk to a real pesron please", nullptr),
            "Can I talk to a real person please");
  EXPECT_EQ(s.Correct("thnaks very much", nullptr), "thanks very much");
  EXPECT_EQ(s.Correct("Guarnatee?", nullptr), "Guarantee?");  // Capital kept.
  EXPECT_EQ(s.Correct("how long is the warrranty", nullptr),
            "how long is the warranty");                         // A letter doubled.
  EXPECT_EQ(s.Correct("cheeers mate", nullptr), "cheers mate");  // Not "chewers".
  // British chat words the corpora lack: "cheers", not "chefs"; a day's plural.
  EXPECT_EQ(s.Correct("chers for that", nullptr), "cheers for that");
  EXPECT_EQ(s.Correct("what about satudays", nullptr), "what about saturdays");
  EXPECT_EQ(s.Correct("it's my girlfrriend's birthday", nullptr),
            "it's my girlfriend's birthday");  // A possessive is no glue.
  EXPECT_EQ(s.Correct("what time do you opn on sunday", nullptr),
            "what time do you opn on sunday");  // Three letters: too short to guess.
}

TEST(SpellerTest, LeavesRealWordsCodesAndEverydayShorthandAlone) {
  const Speller& s = Dictionary();
  for (const std::string text :
       {"my wifi keeps dropping out", "can I pay with paypal", "I dont know my order number",
        "order HB20417 for jane.doe@example.com", "I cancelled it, well canceled",
        "do you groom labradors", "can you sort my repeat meds", "it's an e-bike",
        // Closed compounds one edit from another word: "reorder", "autopsy", "giftware",
        // "whitelisted", "rebooked", "walking".
        "can I preorder the new one", "how do I turn on autopay", "my giftcard won't scan",
        "we're waitlisted for june", "I prebooked a slot", "do you take walkins",
        // Not "granddads".
        "we've got the grandkids staying",
        // Chat's shorthand: not "shut", "probes", "apps", "than".
        "what shud i wear", "probs next week", "can i move my appts", "thanx a lot",
        // A game, and "wich" that is "which" (not "with").
        "she builds stuff in minecraft", "wich bus we need"}) {
    EXPECT_EQ(s.Correct(text, nullptr), text);
  }
}

TEST(SpellerTest, PrefersAndKeepsTheAgentsOwnWords) {
  const Speller& s = Dictionary();
  const core::Agent agent = CycleShop();
  // "e-bikes" is also typed "ebikes"; a slip in it is one of the agent's words, not "bookies".
  EXPECT_EQ(s.Correct("do you have ebkies", &agent), "do you have ebikes");
  EXPECT_EQ(s.Correct("does Cyclescheme work with you", &agent), "does Cyclescheme work with you");
  EXPECT_EQ(s.Correct("does Cylcescheme work", &agent), "does Cyclescheme work");
  // One of the agent's words with an ending is the agent's too: at a laser clinic, "lasered" is
  // no "tasered".
  core::Agent clinic;
  clinic.company = "SmoothSkin";
  clinic.knowledge = {{"How much is underarm laser?", "Underarm laser costs £49 per session."}};
  EXPECT_EQ(s.Correct("thinking of getting them lasered", &clinic),
            "thinking of getting them lasered");
}

TEST(SpellerTest, ReadsADroppedGAsTheIngWord) {
  const Speller& s = Dictionary();
  const core::Agent agent = CycleShop();
  // Even where the agent's own word is one edit away ("down" for "doin").
  core::Agent courier = agent;
  courier.knowledge.push_back({"Can I track it?", "We narrow it down to a 1-hour slot."});
  EXPECT_EQ(s.Correct("the queues are doin my head in", &courier),
            "the queues are doing my head in");
  EXPECT_EQ(s.Correct("im goin away on sunday, nothin booked yet", nullptr),
            "im going away on sunday, nothing booked yet");
}

TEST(SpellerTest, ReadsAStretchedLastLetterAsTheWord) {
  const Speller& s = Dictionary();
  EXPECT_EQ(s.Correct("heyy", nullptr), "hey");
  EXPECT_EQ(s.Correct("hiii there", nullptr), "hi there");
  EXPECT_EQ(s.Correct("pleaseee can you help", nullptr), "please can you help");
  EXPECT_EQ(s.Correct("thats alll thanks", nullptr), "thats all thanks");
  // A word written right stays as it is.
  EXPECT_EQ(s.Correct("see you soon", nullptr), "see you soon");
}

TEST(SpellerTest, KeepsProductsWrittenInLowerCase) {
  const Speller& s = Dictionary();
  EXPECT_EQ(s.Correct("ok and do u fix ipads too", nullptr), "ok and do u fix ipads too");
  EXPECT_EQ(s.Correct("my macbook wont turn on", nullptr), "my macbook wont turn on");
  // Thanks in another language within an English message: not "mercy".
  EXPECT_EQ(s.Correct("perfect, merci beaucoup, see u on saturday", nullptr),
            "perfect, merci beaucoup, see u on saturday");
}

TEST(SpellerTest, BoundsTheCorrectionsOfOneMessage) {
  const Speller& s = Dictionary();
  std::string text;
  for (int i = 0; i < 20; ++i) text += "please check the pamyent ";
  const std::string corrected = s.Correct(text, nullptr);
  std::size_t fixed = 0;
  for (std::size_t at = corrected.find("payment"); at != std::string::npos;
       at = corrected.find("payment", at + 1)) {
    ++fixed;
  }
  EXPECT_EQ(fixed, static_cast<std::size_t>(Speller::kMaxCorrections));
}

TEST(SpellerTest, LeavesAnotherLanguageAlone) {
  // Mostly words the dictionary does not know: not English to correct ("haben" is no "haven").
  const Speller& s = Dictionary();
  for (const std::string text : {"Hallo, haben Sie noch Plätze frei im Juli?",
                                 "Bonjour, est-ce que vous livrez demain matin?"}) {
    EXPECT_EQ(s.Correct(text, nullptr), text);
  }
}

TEST(SpellerTest, NoDictionaryNoSpeller) {
  EXPECT_EQ(LoadHunspellSpeller({"/nonexistent/en_GB"}), nullptr);
}

TEST(SpellerTest, AgentWordsJoinHyphenatedOnes) {
  const auto words = AgentWords(CycleShop());
  EXPECT_TRUE(words.contains("ebikes"));
  EXPECT_TRUE(words.contains("bikes"));
  EXPECT_TRUE(words.contains("cyclescheme"));
  EXPECT_TRUE(words.contains("kestrel"));
}

}  // namespace
}  // namespace carevoice::nlu
