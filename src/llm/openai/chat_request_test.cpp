#include "llm/openai/chat_request.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string_view>

namespace carevoice::llm::openai {
namespace {

core::Message Msg(std::string_view role, std::string content) {
  core::Message m;
  m.role = core::ParseMessageRole(role).value();
  m.content = std::move(content);
  return m;
}

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1))
    ++n;
  return n;
}

core::Agent Agent() {
  core::Agent a;
  a.name = "Ava";
  a.company = "Acme";
  a.personality = "cheerful";
  a.system_prompt = "Always be kind.";
  a.response_style = "formal";
  a.company_info = "Acme sells anvils.";
  a.prompts = {"Support hours are 9 to 5."};
  a.knowledge = {{"Refund policy?", "Refunds within 30 days."}};
  return a;
}

TEST(SystemPromptTest, ContainsEveryAgentFieldOnceAndKnownSlots) {
  local::DialogueState state;
  state.order_number = "#777";
  const std::string p = BuildSystemPrompt(Agent(), state, "refund?", 1000);
  for (const char* part : {"You are Ava, a customer service representative for Acme.",
                           "Personality: cheerful", "Response style: formal", "Always be kind.",
                           "Acme sells anvils.", "Support hours are 9 to 5.", "Q: Refund policy?",
                           "A: Refunds within 30 days.", "order number #777", "Never invent"}) {
    EXPECT_EQ(Count(p, part), 1u) << part << "\n" << p;
  }
}

TEST(SystemPromptTest, LargeKnowledgeKeepsRelevantItems) {
  core::Agent a = Agent();
  for (int i = 0; i < 200; ++i) {
    a.knowledge.push_back({"Filler question " + std::to_string(i) + "?",
                           "Filler answer about widgets number " + std::to_string(i) + "."});
  }
  a.knowledge.push_back({"How long does shipping take?", "Shipping takes 4 days."});
  const std::string p = BuildSystemPrompt(a, {}, "how long does shipping take", 300);
  EXPECT_NE(p.find("Shipping takes 4 days."), std::string::npos);
  EXPECT_EQ(p.find("Filler answer about widgets number 150."), std::string::npos);
  EXPECT_LT(p.size(), 4000u);
}

TEST(FitHistoryTest, KeepsNewestWithinBudgetAndAlwaysLastUser) {
  std::vector<core::Message> history = {Msg("system", "old system prompt")};
  for (int i = 0; i < 20; ++i) {
    history.push_back(Msg(i % 2 == 0 ? "user" : "assistant", std::string(40, 'a' + i % 26)));
  }
  history.push_back(Msg("human", "A human agent reply"));
  history.push_back(Msg("user", "latest question"));
  const auto fitted = FitHistory(history, 60);  // ~14 tokens per 40-char message.
  ASSERT_FALSE(fitted.empty());
  EXPECT_EQ(fitted.back().role, "user");
  EXPECT_EQ(fitted.back().content, "latest question");
  EXPECT_EQ(fitted[fitted.size() - 2].role, "assistant");  // "human" mapped.
  EXPECT_LT(fitted.size(), 8u);
  int tokens = 0;
  for (const auto& m : fitted) {
    EXPECT_NE(m.role, "system");
    tokens += ApproxTokens(m.content) + 4;
  }
  EXPECT_LE(tokens, 60);
  // A huge last user message is kept on its own.
  history.push_back(Msg("user", std::string(4000, 'x')));
  const auto huge = FitHistory(history, 60);
  ASSERT_EQ(huge.size(), 1u);
  EXPECT_EQ(huge[0].content.size(), 4000u);
}

TEST(RequestBodyTest, HasModelStreamLimitsAndOneSystemMessage) {
  const std::string body = BuildRequestBody(
      "m-1", "SYS", {{"user", "hi"}, {"assistant", "hello"}, {"user", "q"}}, 99, 0.3);
  const auto v = boost::json::parse(body).as_object();
  EXPECT_EQ(v.at("model").as_string(), "m-1");
  EXPECT_TRUE(v.at("stream").as_bool());
  EXPECT_EQ(v.at("max_tokens").as_int64(), 99);
  EXPECT_DOUBLE_EQ(v.at("temperature").as_double(), 0.3);
  const auto& messages = v.at("messages").as_array();
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[0].at("role").as_string(), "system");
  EXPECT_EQ(messages[3].at("content").as_string(), "q");
}

}  // namespace
}  // namespace carevoice::llm::openai
