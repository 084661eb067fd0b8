// The scripted dialogues of tests/dialogues/answers.json run straight through the built-in
// responder, without the NLU and the engine (tests/integration/answers.test.mjs runs them
// through the real server). Scores answer accuracy (every expected fact, nothing forbidden, no
// sentence twice), broken promises (a reply that says something was done or a person is taking
// over without setting `handoff`) and invented numbers, and prints every failed turn.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "llm/handoff.hpp"
#include "llm/local/local_responder.hpp"

namespace carevoice::llm {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::vector<std::string> Strs(const json::object& o, const char* key) {
  std::vector<std::string> out;
  if (const json::value* v = o.if_contains(key); v != nullptr && v->is_array()) {
    for (const json::value& e : v->get_array()) {
      if (e.is_string()) out.emplace_back(e.get_string());
    }
  }
  return out;
}

core::Agent AgentFrom(const json::object& o) {
  core::Agent a;
  a.name = Str(o, "name");
  a.company = Str(o, "company");
  a.personality = Str(o, "personality");
  a.response_style = Str(o, "responseStyle");
  a.company_info = Str(o, "companyInfo");
  a.prompts = Strs(o, "prompts");
  for (const json::value& k : o.at("knowledge").as_array()) {
    a.knowledge.push_back({Str(k.as_object(), "question"), Str(k.as_object(), "answer")});
  }
  return a;
}

// An expectation: "a|b" (any, case-insensitive substring) or "re:<regex>" (case-insensitive).
bool Matches(const std::string& reply, const std::string& pattern) {
  if (pattern.rfind("re:", 0) == 0) {
    return std::regex_search(reply, std::regex(pattern.substr(3), std::regex::icase));
  }
  const std::string lower = core::ToLowerAscii(reply);
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = pattern.find('|', start);
    const std::string alt = core::ToLowerAscii(pattern.substr(start, bar - start));
    if (lower.find(alt) != std::string::npos) return true;
    if (bar == std::string::npos) return false;
    start = bar + 1;
  }
}

std::vector<std::string> Numbers(const std::string& text) {
  static const std::regex kNumber(R"(\d+(?:[.,]\d+)?)");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kNumber);
       it != std::sregex_iterator(); ++it) {
    out.push_back(it->str());
  }
  return out;
}

const std::regex& PromiseRe() {
  static const std::regex kRe(
      R"((i'll|i will|i'm going to|let me) (now )?(connect|transfer|pass|put|hand) (you|this|it|your))"
      R"(|i(?:'ve| have) (passed|logged|forwarded|escalated|notified|submitted|cancelled|refunded))"
      R"(|(will|shall) (be with you|follow up|contact you|get back to you|reach out)|connecting you)"
      R"(|i'm passing)",
      std::regex::icase);
  return kRe;
}

TEST(DialogueEvalTest, ScriptedDialoguesAnswerFromTheRightEntry) {
  const char* dir = std::getenv("CAREVOICE_SOURCE_DIR");
  if (dir == nullptr) GTEST_SKIP() << "CAREVOICE_SOURCE_DIR is not set (run through CTest)";
  std::ifstream in(std::string(dir) + "/tests/dialogues/answers.json");
  ASSERT_TRUE(in) << "tests/dialogues/answers.json";
  std::stringstream buffer;
  buffer << in.rdbuf();
  const json::value data = json::parse(buffer.str());

  int turns = 0;
  int answered = 0;
  int broken = 0;
  int invented = 0;
  int heldout_turns = 0;
  int heldout_answered = 0;
  std::ostringstream failures;
  const auto responder = MakeLocalResponder();
  for (const json::value& bv : data.at("businesses").as_array()) {
    const json::object& business = bv.as_object();
    const bool heldout = business.at("heldout").as_bool();
    const core::Agent agent = AgentFrom(business.at("agent").as_object());
    std::string config = agent.company_info;
    for (const auto& p : agent.prompts) config += " " + p;
    for (const auto& k : agent.knowledge) config += " " + k.question + " " + k.answer;
    for (const json::value& dv : business.at("dialogues").as_array()) {
      std::vector<core::Message> history;
      std::string state;
      std::set<std::string> allowed;
      for (const auto& n : Numbers(config)) allowed.insert(n);
      bool escalated = false;
      for (const json::value& tv : dv.as_object().at("turns").as_array()) {
        const json::object& turn = tv.as_object();
        const std::string say = Str(turn, "say");
        for (const auto& n : Numbers(say)) allowed.insert(n);
        core::Message user;
        user.role = "user";
        user.content = say;
        // As the engine does: a plain yes to an offer of a person escalates.
        const bool accepts = !history.empty() && history.back().role == "assistant" &&
                             OffersHandoff(history.back().content) && AcceptsOffer(say);
        history.push_back(user);
        ResponderRequest request;
        request.agent = &agent;
        request.history = &history;
        request.state_json = state;
        auto reply = responder->Respond(request, {});
        ASSERT_TRUE(reply.has_value());
        state = reply->state_json;
        escalated = escalated || accepts || reply->handoff;
        core::Message assistant;
        assistant.role = "assistant";
        assistant.content = reply->text;
        history.push_back(assistant);

        std::vector<std::string> problems;
        if (!accepts) {  // The engine answers an accepted offer itself.
          for (const auto& e : Strs(turn, "expect")) {
            if (!Matches(reply->text, e)) problems.push_back("missing \"" + e + "\"");
          }
          for (const auto& f : Strs(turn, "forbid")) {
            if (Matches(reply->text, f)) problems.push_back("forbidden \"" + f + "\"");
          }
        }
        for (const auto& n : Numbers(reply->text)) {
          if (!allowed.contains(n)) {
            problems.push_back("invented number " + n);
            ++invented;
          }
        }
        if (std::regex_search(reply->text, PromiseRe()) && !reply->handoff && !accepts) {
          problems.push_back("promises an action that did not happen");
          ++broken;
        }
        if (const json::value* e = turn.if_contains("escalated"); e != nullptr && e->is_bool()) {
          if (e->as_bool() != escalated && say.find("person") == std::string::npos) {
            problems.push_back("escalation differs");
          }
        }
        ++turns;
        if (heldout) ++heldout_turns;
        if (problems.empty()) {
          ++answered;
          if (heldout) ++heldout_answered;
        } else {
          failures << "  [" << Str(business, "id") << "] \"" << say << "\"\n    -> " << reply->text
                   << "\n    !!";
          for (const auto& p : problems) failures << " " << p << ";";
          failures << "\n";
        }
      }
    }
  }
  const double accuracy = turns > 0 ? static_cast<double>(answered) / turns : 0;
  const double heldout_accuracy =
      heldout_turns > 0 ? static_cast<double>(heldout_answered) / heldout_turns : 0;
  std::cout << "dialogue eval (responder only): turns " << turns << ", accuracy " << accuracy
            << ", held-out accuracy " << heldout_accuracy << ", broken promises " << broken
            << ", invented numbers " << invented << "\n"
            << failures.str();
  EXPECT_GE(turns, 60);
  EXPECT_EQ(broken, 0);
  EXPECT_EQ(invented, 0);
  EXPECT_GE(accuracy, 0.85);
}

}  // namespace
}  // namespace carevoice::llm
