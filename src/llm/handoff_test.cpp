#include "llm/handoff.hpp"

#include <gtest/gtest.h>

#include <string>

namespace carevoice::llm {
namespace {

TEST(HandoffTest, OfferIsAClosingQuestionAboutAPerson) {
  EXPECT_TRUE(OffersHandoff(
      "I don't have that. Would you like me to connect you with a member of our team?"));
  EXPECT_TRUE(OffersHandoff("Would you like me to pass order #123 to a member of our team?"));
  EXPECT_TRUE(
      OffersHandoff("Lo siento. ¿Quiere que le ponga en contacto con una persona "
                    "de nuestro equipo?"));
  // A statement, or an offer that is not the closing question, is not an open offer.
  EXPECT_FALSE(OffersHandoff("I'll connect you with a member of our team."));
  EXPECT_FALSE(
      OffersHandoff("Would you like me to connect you with a member of our team? "
                    "Returns are free."));
  EXPECT_FALSE(OffersHandoff("Is there anything else I can help you with?"));
}

TEST(HandoffTest, AcceptanceIsAShortPlainYes) {
  for (const char* yes : {"yes", "Yes please", "ok do it", "sure, go ahead", "yeah thanks", "sí",
                          "oui", "ja", "tak"}) {
    EXPECT_TRUE(AcceptsOffer(yes)) << yes;
  }
  for (const char* other :
       {"no", "no thanks", "Ok so is it cancelled now?", "please",
        "yes but what are your opening hours on sunday then", "I'd rather not", "", "nie"}) {
    EXPECT_FALSE(AcceptsOffer(other)) << other;
  }
}

TEST(HandoffTest, TheWritersOwnRoleIsTakenOut) {
  EXPECT_EQ(WithoutOwnRole("I'm a property manager at a letting agency").find("manager"),
            std::string::npos);
  EXPECT_EQ(WithoutOwnRole("as an estate agent i book these").find("agent"), std::string::npos);
  EXPECT_EQ(WithoutOwnRole("Can I speak to the MANAGER"), "can i speak to the manager");
}

}  // namespace
}  // namespace carevoice::llm
