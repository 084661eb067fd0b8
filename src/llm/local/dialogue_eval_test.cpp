// The scripted dialogues of tests/dialogues/answers.json run straight through the built-in
// responder, without the NLU (`carevoice eval` adds the NLU and the engine's escalation policy;
// tests/integration/answers.test.mjs runs them through the real server). Scores answer accuracy,
// broken promises and invented numbers (EvaluateDialogues), and prints every failed turn.

#include "llm/local/dialogue_eval.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace carevoice::llm::local {
namespace {

TEST(DialogueEvalTest, ScriptedDialoguesAnswerFromTheRightEntry) {
  const char* dir = std::getenv("CAREVOICE_SOURCE_DIR");
  if (dir == nullptr) GTEST_SKIP() << "CAREVOICE_SOURCE_DIR is not set (run through CTest)";
  std::ifstream in(std::string(dir) + "/tests/dialogues/answers.json");
  ASSERT_TRUE(in) << "tests/dialogues/answers.json";
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto report = EvaluateDialogues(buffer.str());
  ASSERT_TRUE(report.has_value()) << report.error().message;
  std::cout << report->ToText();
  EXPECT_GE(report->all.turns, 60);
  EXPECT_GE(report->businesses.size(), 3U);
  EXPECT_EQ(report->all.broken_promises, 0);
  EXPECT_EQ(report->all.invented_numbers, 0);
  EXPECT_GE(report->all.Accuracy(), 0.852);  // As answers.test.mjs, which says why.
}

TEST(DialogueEvalTest, AnAgentTheApiWouldRejectIsAnError) {
  // The same set is run through the server (answers.test.mjs), which rejects this style.
  const std::string set = R"({"businesses": [{"id": "t", "agent": {"name": "A",
      "company": "Acme", "responseStyle": "empathetic", "knowledge": []},
      "dialogues": [{"turns": [{"say": "hi", "expect": ["help"]}]}]}]})";
  const auto report = EvaluateDialogues(set);
  ASSERT_FALSE(report.has_value());
  EXPECT_NE(report.error().message.find("responseStyle"), std::string::npos);
}

TEST(DialogueEvalTest, ARegexMatchesWholeCharacters) {
  // "[eé]" is one character of two: "é" matches it as a whole, not as one of its two bytes.
  const std::string set = R"({"businesses": [{"id": "t", "agent": {
      "name": "A", "company": "Acme", "knowledge": [
        {"question": "What coffee do you serve?", "answer": "We serve café crème."}]},
      "dialogues": [{"turns": [
        {"say": "what coffee do you serve", "expect": ["re:caf[eé] cr[eè]me"]},
        {"say": "what coffee do you serve", "expect": ["re:caf[ea] "]}]}]}]})";
  auto report = EvaluateDialogues(set);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->all.turns, 2);
  EXPECT_EQ(report->all.answered, 1);
}

TEST(DialogueEvalTest, AWrongReplyFailsItsTurn) {
  // The scorer itself: a fact the agent does not know cannot be expected of the reply, and an
  // unknown number in it would be invented.
  const std::string set = R"({"businesses": [{"id": "t", "heldout": true, "agent": {
      "name": "A", "company": "Acme", "knowledge": [
        {"question": "How long does delivery take?", "answer": "Delivery takes 3 days."}]},
      "dialogues": [{"turns": [
        {"say": "how long does delivery take", "expect": ["3 days"], "forbid": []},
        {"say": "how long does delivery take", "expect": ["7 days"], "forbid": []},
        {"say": "how long does delivery take", "expect": [], "forbid": ["days"]}]}]}]})";
  auto report = EvaluateDialogues(set);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->heldout.turns, 3);
  EXPECT_EQ(report->heldout.answered, 1);
  EXPECT_EQ(report->failures.size(), 2U);
  EXPECT_FALSE(EvaluateDialogues("[1, 2]").has_value());
}

TEST(DialogueEvalTest, MisspellAndUnpunctuatedRewordAsCustomersType) {
  // One word misspelt, the longest: by turn, swapped, dropped, doubled, a neighbouring key.
  EXPECT_EQ(Misspell("Which payment methods?", 0), "Which pamyent methods?");
  EXPECT_EQ(Misspell("Which payment methods?", 1), "Which payent methods?");
  EXPECT_EQ(Misspell("Which payment methods?", 2), "Which paymment methods?");
  EXPECT_EQ(Misspell("Which payment methods?", 3), "Which paynent methods?");
  EXPECT_EQ(Misspell("hi, how are you", 0), "hi, how are you");  // No word of five letters.
  EXPECT_EQ(Unpunctuated("Hi, is it FREE? Great!"), "hi is it free great");
}

TEST(DialogueEvalTest, StyleAndRewriteChangeEveryTurn) {
  // A formal agent greets with "assist"; a rewrite to another question loses the answer: both
  // options really reach the responder.
  const std::string set = R"({"businesses": [{"id": "t", "agent": {
      "name": "A", "company": "Acme", "responseStyle": "friendly", "knowledge": [
        {"question": "How long does delivery take?", "answer": "Delivery takes 3 days."}]},
      "dialogues": [{"turns": [
        {"say": "how long does delivery take", "expect": ["3 days"]}]}]}]})";
  DialogueEvalOptions options;
  ASSERT_EQ(EvaluateDialogues(set, options)->all.answered, 1);
  options.rewrite = [](std::string_view, int) { return std::string("do you sell hats"); };
  EXPECT_EQ(EvaluateDialogues(set, options)->all.answered, 0);
  options.rewrite = nullptr;
  options.style = "formal";
  const std::string hello = R"({"businesses": [{"id": "t", "agent": {
      "name": "A", "company": "Acme", "responseStyle": "friendly", "knowledge": []},
      "dialogues": [{"turns": [{"say": "hello", "expect": ["assist"]}]}]}]})";
  EXPECT_EQ(EvaluateDialogues(hello, options)->all.answered, 1);
  options.style.clear();
  EXPECT_EQ(EvaluateDialogues(hello, options)->all.answered, 0);
}

TEST(DialogueEvalTest, ACustomIntentWithEscalateHandsOver) {
  const std::string set = R"({"businesses": [{"id": "t", "agent": {
      "name": "A", "company": "Acme", "knowledge": [],
      "intents": [{"name": "legal", "examples": ["I will sue you"], "action": "escalate",
                   "reply": "I'm sorry to hear that. A colleague from our legal team will take this over."},
                  {"name": "opening", "examples": ["when are you open"],
                   "reply": "We are open 9 to 5."}]},
      "dialogues": [{"turns": [
        {"say": "when are you open", "expect": ["9 to 5"], "forbid": ["legal"], "escalated": false},
        {"say": "I will sue you", "expect": ["legal team"], "escalated": true}]}]}]})";
  DialogueEvalOptions options;
  options.analyze = [](std::string_view text, const core::Agent&) {
    core::MessageMetadata m;
    m.sentiment = "neutral";
    m.custom_intent = text.find("sue") != std::string_view::npos ? "legal" : "opening";
    return m;
  };
  auto report = EvaluateDialogues(set, options);
  ASSERT_TRUE(report.has_value());
  for (const auto& f : report->failures) ADD_FAILURE() << f;
  EXPECT_EQ(report->all.answered, 2);
  EXPECT_EQ(report->escalations, 1);
  EXPECT_EQ(report->escalations_correct, 1);
}

TEST(DialogueEvalTest, AHandOffNobodyScriptedFailsTheTurnsItLeavesUnanswered) {
  // The engine's policy hands the first turn over (as its NLU misread "looking for someone"
  // once): that turn and the next, neither scripted as a hand-off, got no answer and fail. An
  // urgent message is handed over too, but the knowledge's answer comes first, as the engine
  // sends it, and is checked.
  const std::string set = R"({"businesses": [{"id": "t", "agent": {
      "name": "A", "company": "Acme", "knowledge": [
        {"question": "How much is a clean?", "answer": "A clean costs 18 pounds an hour."},
        {"question": "What if I smell gas?", "answer": "If you smell gas, leave the property."}]},
      "dialogues": [
        {"turns": [{"say": "looking for someone to clean, what do you charge", "expect": ["18"]},
                   {"say": "how much is a clean", "expect": ["18"]}]},
        {"turns": [{"say": "I can smell gas", "expect": ["leave the property"]}]}]}]})";
  DialogueEvalOptions options;
  options.analyze = [](std::string_view text, const core::Agent&) {
    core::MessageMetadata m;
    m.sentiment = text.find("gas") != std::string_view::npos ? "urgent" : "neutral";
    return m;
  };
  options.escalate = [](const std::vector<core::Message>& history, const core::Message& latest) {
    return history.empty() && (latest.content.find("someone") != std::string::npos ||
                               latest.metadata->sentiment == "urgent");
  };
  auto report = EvaluateDialogues(set, options);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->all.turns, 3);
  EXPECT_EQ(report->all.answered, 1);  // The gas advice.
  ASSERT_EQ(report->failures.size(), 2U);
  EXPECT_NE(report->failures[0].find("handed to a person instead of answered"), std::string::npos);
}

}  // namespace
}  // namespace carevoice::llm::local
