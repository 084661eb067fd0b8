#include "nlu/company.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace carevoice::nlu {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("CAREVOICE_SOURCE_DIR");
  return dir == nullptr ? std::string() : std::string(dir);
}

// Title-cases each space-separated word ("prime video" -> "Prime Video").
std::string TitleCase(const std::string& phrase) {
  std::string out = phrase;
  bool start = true;
  for (char& c : out) {
    if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    start = c == ' ';
  }
  return out;
}

class CompanyTest : public ::testing::Test {
 protected:
  std::string Found(std::string_view text, std::string_view agent = {}) const {
    const CompanyMatch m = detector_.Detect(text, agent);
    return m.confidence >= kCompanyConfidenceThreshold ? m.company : std::string();
  }
  CompanyDetector detector_;
};

TEST_F(CompanyTest, CatalogueHasTheSixteenCompanies) {
  const std::vector<std::string> expected = {"amazon",  "pizza hut",       "netflix", "apple",
                                             "google",  "microsoft",       "uber",    "doordash",
                                             "spotify", "bank of america", "at&t",    "verizon",
                                             "walmart", "target",          "fedex",   "ups"};
  EXPECT_EQ(detector_.Companies(), expected);
}

TEST_F(CompanyTest, EveryAliasIsFoundInANaturalSentence) {
  const std::vector<CompanyAlias> aliases = detector_.Aliases();
  ASSERT_GT(aliases.size(), 80u);
  for (const CompanyAlias& alias : aliases) {
    const std::string written =
        alias.exact_case ? alias.phrase_as_written : TitleCase(alias.phrase);
    const std::string lower_sentence =
        "hi, i have a problem with my " + alias.phrase + " order from last week";
    const std::string cased_sentence =
        "Hi, I have a problem with my " + written + " order from last week.";
    EXPECT_EQ(Found(cased_sentence), alias.company) << cased_sentence;
    if (!alias.exact_case) {
      EXPECT_EQ(Found(lower_sentence), alias.company) << lower_sentence;
    }
  }
}

TEST_F(CompanyTest, NoCompanyInOrdinarySentences) {
  const std::string dir = SourceDir();
  ASSERT_FALSE(dir.empty()) << "CAREVOICE_SOURCE_DIR is not set (run through CTest)";
  std::ifstream in(dir + "/src/nlu/testdata/no_company.txt");
  ASSERT_TRUE(in) << "missing src/nlu/testdata/no_company.txt";
  std::string line;
  int count = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    ++count;
    const CompanyMatch m = detector_.Detect(line);
    EXPECT_LT(m.confidence, kCompanyConfidenceThreshold) << line << " -> " << m.company;
  }
  EXPECT_GE(count, 100);
}

TEST_F(CompanyTest, OldBackendSubstringMistakesAreGone) {
  EXPECT_EQ(Found("This machine is so loud"), "");
  EXPECT_EQ(Found("The support groups were helpful"), "");
  EXPECT_EQ(Found("I'm upset about my bill"), "");
  EXPECT_EQ(Found("the applesauce was cold"), "");
}

TEST_F(CompanyTest, AmbiguousAliasesNeedEvidence) {
  EXPECT_EQ(Found("I went to Target and they refused my return"), "target");
  EXPECT_EQ(Found("my target order never showed up"), "target");
  EXPECT_EQ(Found("Target's pickup line was an hour long"), "target");
  EXPECT_EQ(Found("what is the target date for my refund"), "");
  EXPECT_EQ(Found("UPS lost my package again"), "ups");
  EXPECT_EQ(Found("the ups driver left my package in the rain"), "ups");
  EXPECT_EQ(Found("ups and downs"), "");
  EXPECT_EQ(Found("My new Apple watch won't pair"), "apple");
  EXPECT_EQ(Found("I can't log into my Apple account"), "apple");
  EXPECT_EQ(Found("I ate an apple"), "");
  EXPECT_EQ(Found("my prime membership renewed without asking"), "amazon");
  EXPECT_EQ(Found("is 7 a prime number"), "");
  EXPECT_EQ(Found("My Windows laptop keeps crashing after the update"), "microsoft");
  EXPECT_EQ(Found("my windows are dirty"), "");
  EXPECT_EQ(Found("We watched The Office all weekend"), "");
  EXPECT_EQ(Found("I can't activate my Office license"), "microsoft");
  EXPECT_EQ(Found("my att bill doubled this month"), "at&t");
  EXPECT_EQ(Found("I switched from Verizon to AT&T"), "verizon");
  EXPECT_EQ(Found("BofA froze my card"), "bank of america");
  EXPECT_EQ(Found("the boa constrictor at the zoo"), "");
}

TEST_F(CompanyTest, HandlesAndHashtagsCount) {
  EXPECT_EQ(Found("@AmazonHelp where is my stuff"), "amazon");
  EXPECT_EQ(Found("@Uber_Support my driver cancelled"), "uber");
  EXPECT_EQ(Found("@UPSHelp tracking says delivered"), "ups");
  EXPECT_EQ(Found("@Target thanks!"), "target");
  EXPECT_EQ(Found("#netflix is down again"), "netflix");
  EXPECT_EQ(Found("ordered it on walmart.com yesterday"), "walmart");
}

TEST_F(CompanyTest, MultiWordAndPossessiveAliases) {
  EXPECT_EQ(Found("Pizza Hut's delivery was two hours late"), "pizza hut");
  EXPECT_EQ(Found("bank of america charged me a fee"), "bank of america");
  EXPECT_EQ(Found("AT & T dropped my calls"), "at&t");
  EXPECT_EQ(Found("my iphone won't charge"), "apple");
  EXPECT_EQ(Found("gmail keeps logging me out"), "google");
  EXPECT_EQ(Found("my xbox live subscription"), "microsoft");
}

TEST_F(CompanyTest, AgentCompanyJoinsTheCatalogue) {
  EXPECT_EQ(Found("I love Acme products", "Acme Corp"), "Acme Corp");
  EXPECT_EQ(Found("my acme order is late", "Acme Corp"), "Acme Corp");
  EXPECT_EQ(Found("my acme order is late", ""), "");
  EXPECT_EQ(Found("the room is bright and sunny", "Bright"), "");
  EXPECT_EQ(Found("I have a problem with my Bright account", "Bright"), "Bright");
  EXPECT_EQ(Found("Contoso Dental moved my appointment", "Contoso Dental"), "Contoso Dental");
  // An agent named like a catalogue company maps onto the catalogue key.
  EXPECT_EQ(Found("Pizza Hut forgot my drinks", "Pizza Hut"), "pizza hut");
}

TEST_F(CompanyTest, ConfidenceIsOrderedByEvidence) {
  const double strong = detector_.Detect("Netflix charged me twice").confidence;
  const double weak = detector_.Detect("Target").confidence;
  EXPECT_GE(strong, 0.9);
  EXPECT_LT(weak, strong);
  EXPECT_EQ(detector_.Detect("").company, "");
  EXPECT_EQ(detector_.Detect("").confidence, 0.0);
}

TEST_F(CompanyTest, DisplayNames) {
  EXPECT_EQ(CompanyDetector::DisplayName("at&t"), "AT&T");
  EXPECT_EQ(CompanyDetector::DisplayName("pizza hut"), "Pizza Hut");
  EXPECT_EQ(CompanyDetector::DisplayName("bank of america"), "Bank of America");
  EXPECT_EQ(CompanyDetector::DisplayName("acme dental"), "Acme Dental");
}

}  // namespace
}  // namespace carevoice::nlu
