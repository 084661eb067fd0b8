#include "llm/openai/sse_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "llm/openai/chat_request.hpp"

namespace carevoice::llm::openai {
namespace {

std::vector<std::string> ParseAll(const std::vector<std::string>& pieces) {
  std::vector<std::string> events;
  SseParser parser([&](std::string_view data) { events.emplace_back(data); });
  for (const auto& p : pieces) parser.Feed(p);
  parser.Finish();
  return events;
}

TEST(SseParserTest, EventsSplitAnywhere) {
  const std::string stream =
      ": keep-alive\n\ndata: {\"a\":1}\n\ndata:{\"b\":2}\r\n\r\ndata: line1\ndata: line2\n\n"
      "event: ignored\ndata: [DONE]\n\n";
  const std::vector<std::string> expected = {"{\"a\":1}", "{\"b\":2}", "line1\nline2", "[DONE]"};
  EXPECT_EQ(ParseAll({stream}), expected);
  // Byte by byte gives the same events.
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  EXPECT_EQ(ParseAll(bytes), expected);
}

TEST(SseParserTest, FinishDispatchesUnterminatedEvent) {
  EXPECT_EQ(ParseAll({"data: tail"}), std::vector<std::string>{"tail"});
  EXPECT_TRUE(ParseAll({": only a comment\n\n"}).empty());
}

TEST(StreamEventTest, ParsesDeltasDoneAndErrors) {
  auto e = ParseStreamEvent(R"({"choices":[{"delta":{"content":"Hi"},"finish_reason":null}]})");
  EXPECT_EQ(e.content, "Hi");
  EXPECT_FALSE(e.done);
  EXPECT_FALSE(e.error.has_value());
  EXPECT_TRUE(ParseStreamEvent(R"({"choices":[{"delta":{},"finish_reason":"stop"}]})").done);
  EXPECT_TRUE(ParseStreamEvent("[DONE]").done);
  EXPECT_EQ(ParseStreamEvent(R"({"error":{"message":"overloaded"}})").error, "overloaded");
  EXPECT_TRUE(ParseStreamEvent("{not json").error.has_value());
  // Role-only first chunk: no content, not done.
  const auto role = ParseStreamEvent(R"({"choices":[{"delta":{"role":"assistant"}}]})");
  EXPECT_TRUE(role.content.empty());
  EXPECT_FALSE(role.done);
}

TEST(StreamEventTest, CompletionBodyAndErrorMessage) {
  EXPECT_EQ(ParseCompletionBody(R"({"choices":[{"message":{"role":"assistant","content":"Yo"}}]})"),
            std::optional<std::string>("Yo"));
  EXPECT_FALSE(ParseCompletionBody("[]").has_value());
  EXPECT_EQ(ParseErrorMessage(R"({"error":{"message":"bad key","type":"auth"}})"), "bad key");
  EXPECT_EQ(ParseErrorMessage("<html>"), "");
}

}  // namespace
}  // namespace carevoice::llm::openai
