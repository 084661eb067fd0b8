#include "llm/local/dialogue_state.hpp"

#include <gtest/gtest.h>

#include "llm/local/knowledge_index.hpp"
#include "llm/local/text.hpp"

namespace carevoice::llm::local {
namespace {

TEST(SlotsTest, OrderNumbers) {
  EXPECT_EQ(ExtractOrderNumber("my order #12345 is late", false), "#12345");
  EXPECT_EQ(ExtractOrderNumber("Order 98765 never came", false), "#98765");
  EXPECT_EQ(ExtractOrderNumber("the order number is a1b2c3", false), "A1B2C3");
  EXPECT_EQ(ExtractOrderNumber("it's A1B2C3", false), "A1B2C3");
  EXPECT_EQ(ExtractOrderNumber("order no. 112-1234567-1234567", false), "112-1234567-1234567");
  // A bare number only counts when the agent asked for one.
  EXPECT_FALSE(ExtractOrderNumber("it's 99812734", false).has_value());
  EXPECT_EQ(ExtractOrderNumber("it's 99812734", true), "#99812734");
  EXPECT_FALSE(ExtractOrderNumber("I ordered 2 pizzas at 7pm", false).has_value());
  EXPECT_FALSE(ExtractOrderNumber("my iPhone 15 broke", true).has_value());
}

TEST(SlotsTest, EmailPhoneName) {
  EXPECT_EQ(ExtractEmail("reach me at Jo.Doe+x@Example.COM."), "jo.doe+x@example.com");
  EXPECT_FALSE(ExtractEmail("no email @ here").has_value());
  EXPECT_EQ(ExtractPhone("call me on +1 (555) 123-4567 please"), "+15551234567");
  EXPECT_FALSE(ExtractPhone("order 12345").has_value());
  EXPECT_EQ(ExtractName("Hi, my name is sarah connor"), "Sarah");
  EXPECT_EQ(ExtractName("hello, this is John Smith"), "John Smith");
  EXPECT_FALSE(ExtractName("this is ridiculous").has_value());
}

TEST(SlotsTest, UpdateAndRoundTrip) {
  DialogueState s;
  EXPECT_TRUE(UpdateSlots(s, "I'm Ann, my email is ann@x.io and my order is #555123"));
  EXPECT_EQ(s.email, "ann@x.io");
  EXPECT_EQ(s.order_number, "#555123");
  EXPECT_FALSE(UpdateSlots(s, "thanks"));
  s.awaiting = "order_number";
  s.pending_topic = "refund";
  s.turns = 3;
  const DialogueState back = DialogueState::FromJson(s.ToJson());
  EXPECT_EQ(back.email, s.email);
  EXPECT_EQ(back.order_number, s.order_number);
  EXPECT_EQ(back.awaiting, "order_number");
  EXPECT_EQ(back.pending_topic, "refund");
  EXPECT_EQ(back.turns, 3);
  EXPECT_EQ(DialogueState::FromJson("not json").turns, 0);
  EXPECT_TRUE(DialogueState::FromJson("[1,2]").order_number.empty());
}

TEST(TextTest, StemsAndSynonymsMatchInflections) {
  EXPECT_EQ(Stem("refunds"), Stem("refunded"));
  EXPECT_EQ(Stem("cancelling"), Stem("cancel"));
  EXPECT_EQ(Terms("shipping"), Terms("deliveries"));
  EXPECT_EQ(Terms("cost"), Terms("price"));
  EXPECT_EQ(Terms("how much"), Terms("pricing"));
  EXPECT_TRUE(Terms("the and of").empty());
  const auto sentences = SplitSentences("One. Two, e.g. this! Three?\n- four\n\xE2\x80\xA2 five");
  EXPECT_EQ(sentences,
            (std::vector<std::string>{"One.", "Two, e.g. this!", "Three?", "four", "five"}));
}

TEST(KnowledgeIndexTest, RanksRelevantPassagesAndRejectsUnrelated) {
  core::Agent a;
  a.company = "Acme";
  a.company_info = "Acme ships anvils worldwide. Delivery takes 3 days.";
  a.prompts = {"Use a cheerful tone.", "Our phone line is open 9am to 5pm."};
  a.knowledge = {{"What is the refund policy?", "Refunds within 30 days."},
                 {"Do you gift wrap?", "Gift wrap costs $2."}};
  const KnowledgeIndex index = KnowledgeIndex::Build(a);
  // The instruction-like prompt is not indexed as a fact.
  for (const auto& p : index.passages()) EXPECT_NE(p.text, "Use a cheerful tone.");
  const auto refund = index.Search("tell me about refunds", 1);
  ASSERT_EQ(refund.size(), 1u);
  EXPECT_EQ(refund[0].passage->text, "Refunds within 30 days.");
  const auto shipping = index.Search("how long does shipping take", 1);
  ASSERT_EQ(shipping.size(), 1u);
  EXPECT_EQ(shipping[0].passage->text, "Delivery takes 3 days.");
  EXPECT_TRUE(index.Search("who is your CEO?", 3).empty());
  EXPECT_TRUE(index.Search("Acme", 3).empty());  // The company name alone carries no topic.
  EXPECT_TRUE(IsInstruction("Always ask for the order number"));
  EXPECT_FALSE(IsInstruction("Our stores open at 9am."));
}

// A word the related-words table relates ("plug": electricity, power, socket) is English, no
// misspelling of an index term one letter away ("plus").
TEST(KnowledgeIndexTest, ARelatedWordIsNoMisspellingOfAnIndexTerm) {
  core::Agent a;
  a.knowledge = {{"Do you have a membership?", "VoltStop Plus costs 8.99 a month."}};
  const KnowledgeIndex index = KnowledgeIndex::Build(a);
  const std::vector<QueryTerm> query = index.Analyze("will it plug in");
  ASSERT_EQ(query.size(), 1u);
  EXPECT_EQ(query.front().alternatives.front().term, Terms("plug").front());
  EXPECT_TRUE(index.Search("will it plug in", 1).empty());
}

TEST(KnowledgeIndexTest, AShortWordMeetsTheCompoundThatEndsWithIt) {
  core::Agent a;
  a.knowledge = {{"Do you have pitches for campervans?", "Campervan pitches cost 38 a night."},
                 {"Do you clean carpets?", "Carpet cleaning costs 45 a room."}};
  const KnowledgeIndex index = KnowledgeIndex::Build(a);
  auto alternatives = [&](std::string_view word) {
    std::vector<std::string> out;
    for (const QueryTerm& t : index.Analyze(word)) {
      for (const auto& alt : t.alternatives) out.push_back(alt.term);
    }
    return out;
  };
  const std::vector<std::string> van = alternatives("van");
  EXPECT_NE(std::find(van.begin(), van.end(), Terms("campervan").front()), van.end());
  // The rest of the compound must be a word of four letters or more: a pet is no carpet.
  const std::vector<std::string> pet = alternatives("pet");
  EXPECT_EQ(std::find(pet.begin(), pet.end(), Terms("carpet").front()), pet.end());
  // A word before it that ends in "s" must be one as it stands: hire is no part of
  // Northamptonshire (Northampton-shire), though "Northampton" is a word of the knowledge.
  core::Agent disco;
  disco.knowledge = {{"Where are you based?", "We are based in Northampton."},
                     {"Which area do you cover?", "We cover all of Northamptonshire."}};
  const KnowledgeIndex disco_index = KnowledgeIndex::Build(disco);
  for (const QueryTerm& t : disco_index.Analyze("hire")) {
    for (const auto& alt : t.alternatives) {
      EXPECT_NE(alt.term, Terms("northamptonshire").front());
    }
  }
}

TEST(KnowledgeIndexTest, ALearnedNeighbourIsNotWhatMostOfTheKnowledgeSpeaksOf) {
  auto has_dog = [](const KnowledgeIndex& index) {
    const std::string dog = Terms("dog").front();
    for (const QueryTerm& t : index.Analyze("cats")) {
      for (const auto& alt : t.alternatives) {
        if (alt.term == dog) return true;
      }
    }
    return false;
  };
  // At a dog groomer's, "cats" (learned next to "dog") does not stand for the dogs.
  core::Agent groomer;
  groomer.knowledge = {{"How much is a dog groom?", "A full dog groom costs 38 pounds."},
                       {"Do dogs need jabs?", "All dogs must be vaccinated."},
                       {"Can I stay?", "You can wait in the lounge."}};
  EXPECT_FALSE(has_dog(KnowledgeIndex::Build(groomer)));
  // Where dogs are one topic among several, the learned neighbour still counts, weaker.
  core::Agent hotel;
  hotel.knowledge = {{"Are dogs allowed?", "Dogs stay for 10 pounds a night."},
                     {"When is breakfast?", "Breakfast is from 7am."},
                     {"Is there parking?", "We have 20 free spaces."}};
  EXPECT_TRUE(has_dog(KnowledgeIndex::Build(hotel)));
}

}  // namespace
}  // namespace carevoice::llm::local
