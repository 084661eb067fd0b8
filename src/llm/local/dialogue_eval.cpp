#include "llm/local/dialogue_eval.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/domain.hpp"
#include "core/strings.hpp"
#include "llm/handoff.hpp"
#include "llm/local/local_responder.hpp"

namespace carevoice::llm::local {
namespace {

namespace json = boost::json;

constexpr double kAccuracyTarget = 0.90;

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
  a.system_prompt = Str(o, "systemPrompt");
  a.company_info = Str(o, "companyInfo");
  a.prompts = Strs(o, "prompts");
  if (const json::value* k = o.if_contains("knowledge"); k != nullptr && k->is_array()) {
    for (const json::value& item : k->get_array()) {
      if (!item.is_object()) continue;
      a.knowledge.push_back({Str(item.as_object(), "question"), Str(item.as_object(), "answer")});
    }
  }
  if (const json::value* list = o.if_contains("intents"); list != nullptr && list->is_array()) {
    for (const json::value& item : list->get_array()) {
      if (!item.is_object()) continue;
      core::CustomIntent intent;
      intent.name = Str(item.as_object(), "name");
      intent.examples = Strs(item.as_object(), "examples");
      intent.reply = Str(item.as_object(), "reply");
      intent.action = Str(item.as_object(), "action");
      a.intents.push_back(std::move(intent));
    }
  }
  if (const json::value* s = o.if_contains("settings"); s != nullptr && s->is_object()) {
    if (const json::value* m = s->as_object().if_contains("maxTokens"); m && m->is_int64()) {
      a.settings.max_tokens = static_cast<int>(m->as_int64());
    }
  }
  return a;
}

// `text` as one wide character per code point (core::Utf8CodePoints), so that a regex bracket or
// repeat applies to a whole "é", not to one of its bytes.
std::wstring Widen(std::string_view text) {
  const std::u32string points = core::Utf8CodePoints(text);
  return {points.begin(), points.end()};
}

// An expectation: "a|b" (any, case-insensitive substring) or "re:<regex>" (case-insensitive,
// over code points).
bool Matches(const std::string& reply, const std::string& pattern) {
  if (pattern.rfind("re:", 0) == 0) {
    return std::regex_search(Widen(reply),
                             std::wregex(Widen(pattern.substr(3)), std::regex::icase));
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

// A reply that says something was done or a person is taking over.
const std::regex& PromiseRe() {
  static const std::regex kRe(
      R"((i'll|i will|i'm going to|let me) (now )?(connect|transfer|pass|put|hand) (you|this|it|your))"
      R"(|i(?:'ve| have) (passed|logged|forwarded|escalated|notified|submitted|cancelled|refunded))"
      R"(|(will|shall) (be with you|follow up|contact you|get back to you|reach out)|connecting you)"
      R"(|i'm passing)",
      std::regex::icase);
  return kRe;
}

std::string Fixed(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", v);
  return buffer;
}

void Count(DialogueScore& s, bool ok, int broken, int invented) {
  ++s.turns;
  if (ok) ++s.answered;
  s.broken_promises += broken;
  s.invented_numbers += invented;
}

std::string Line(const std::string& name, const DialogueScore& s) {
  return name + ": turns " + std::to_string(s.turns) + ", accuracy " + Fixed(s.Accuracy()) +
         ", broken promises " + std::to_string(s.broken_promises) + ", invented numbers " +
         std::to_string(s.invented_numbers) + "\n";
}

}  // namespace

std::string Misspell(std::string_view text, int turn) {
  std::string out(text);
  std::size_t best = 0;
  std::size_t best_length = 0;
  for (std::size_t i = 0; i < out.size();) {
    std::size_t end = i;
    while (end < out.size() && std::isalpha(static_cast<unsigned char>(out[end])) != 0) ++end;
    if (end - i > best_length) {
      best = i;
      best_length = end - i;
    }
    i = end == i ? i + 1 : end;
  }
  if (best_length < 5) return out;
  const std::size_t mid = best + best_length / 2;
  switch (turn % 4) {
    case 0:
      std::swap(out[mid - 1], out[mid]);
      break;
    case 1:
      out.erase(mid, 1);
      break;
    case 2:
      out.insert(mid, 1, out[mid]);
      break;
    default: {
      static constexpr std::string_view kRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(out[mid])));
      for (std::string_view row : kRows) {
        const std::size_t at = row.find(c);
        if (at != std::string_view::npos) out[mid] = row[at + 1 < row.size() ? at + 1 : at - 1];
      }
    }
  }
  return out;
}

std::string Unpunctuated(std::string_view text) {
  std::string out;
  for (const char c : core::ToLowerAscii(text)) {
    if (c != '.' && c != ',' && c != '?' && c != '!') out += c;
  }
  return out;
}

core::Result<DialogueEvalReport> EvaluateDialogues(std::string_view json_text,
                                                   const DialogueEvalOptions& options) {
  boost::system::error_code ec;
  const json::value data = json::parse(json_text, ec);
  if (ec || !data.is_object() || !data.as_object().contains("businesses") ||
      !data.at("businesses").is_array()) {
    return core::Error::BadRequest("dialogue set: expected {\"businesses\": [...]}");
  }
  DialogueEvalReport report;
  double responder_ms = 0;
  int turn_number = 0;
  const auto responder = MakeLocalResponder();
  for (const json::value& bv : data.at("businesses").as_array()) {
    if (!bv.is_object() || !bv.as_object().contains("agent")) continue;
    const json::object& business = bv.as_object();
    DialogueEvalReport::Business result;
    result.id = Str(business, "id");
    const json::value* h = business.if_contains("heldout");
    result.heldout = h != nullptr && h->is_bool() && h->as_bool();
    core::Agent agent = AgentFrom(business.at("agent").as_object());
    // The agent must be one the API accepts (tests/integration/answers.test.mjs creates it there).
    if (!agent.response_style.empty() &&
        std::ranges::find(core::kResponseStyleNames, agent.response_style) ==
            core::kResponseStyleNames.end()) {
      return core::Error::BadRequest("dialogue set: " + result.id + ": responseStyle \"" +
                                     agent.response_style + "\" is not one the API accepts");
    }
    if (!options.style.empty()) agent.response_style = options.style;
    std::string config = agent.company_info + " " + agent.system_prompt;
    for (const auto& p : agent.prompts) config += " " + p;
    for (const auto& k : agent.knowledge) config += " " + k.question + " " + k.answer;
    for (const auto& i : agent.intents) config += " " + i.reply;
    const json::value* dialogues = business.if_contains("dialogues");
    if (dialogues == nullptr || !dialogues->is_array()) continue;
    for (const json::value& dv : dialogues->as_array()) {
      std::vector<core::Message> history;
      std::string state;
      std::set<std::string> allowed;
      for (const auto& n : Numbers(config)) allowed.insert(n);
      bool escalated = false;
      const json::value* turns = dv.is_object() ? dv.as_object().if_contains("turns") : nullptr;
      if (turns == nullptr || !turns->is_array()) continue;
      for (const json::value& tv : turns->as_array()) {
        if (!tv.is_object()) continue;
        const json::object& turn = tv.as_object();
        const std::string say =
            options.rewrite ? options.rewrite(Str(turn, "say"), turn_number) : Str(turn, "say");
        ++turn_number;
        for (const auto& n : Numbers(say)) allowed.insert(n);
        core::Message user;
        user.role = core::MessageRole::kUser;
        user.content = say;
        if (options.analyze) user.metadata = options.analyze(say, agent);
        std::vector<std::string> problems;
        if (user.metadata) {
          const core::MessageMetadata& m = *user.metadata;
          const json::value* nn = turn.if_contains("not_negative");
          if (nn != nullptr && nn->is_bool() && nn->as_bool() &&
              (m.sentiment == "negative" || m.sentiment == "urgent")) {
            problems.push_back("read as " + m.sentiment);
          }
          if (const std::string s = Str(turn, "sentiment"); !s.empty() && s != m.sentiment) {
            problems.push_back("sentiment " + m.sentiment + ", expected " + s);
          }
          if (const std::string i = Str(turn, "intent"); !i.empty() && i != m.intent) {
            problems.push_back("intent " + m.intent + ", expected " + i);
          }
        }
        bool engine_escalates = false;
        if (!escalated) {
          if (options.escalate) {
            engine_escalates = options.escalate(history, user);
          } else {  // The engine's own rule for a plain yes to an offer of a person.
            engine_escalates = !history.empty() &&
                               history.back().role == core::MessageRole::kAssistant &&
                               OffersHandoff(history.back().content) && AcceptsOffer(say);
          }
        }
        history.push_back(user);
        ResponderReply reply;
        const bool was_escalated = escalated;
        // As the engine does, an urgent message handed over at once still gets what the
        // knowledge says about it first (the responder's answer, then the hand-off).
        const bool urgent_handoff =
            engine_escalates && !escalated && user.metadata && user.metadata->sentiment == "urgent";
        if ((!engine_escalates && !escalated) || urgent_handoff) {
          ResponderRequest request;
          request.agent = &agent;
          request.history = &history;
          request.state_json = state;
          if (user.metadata) request.analysis = *user.metadata;
          const auto start = std::chrono::steady_clock::now();
          auto responded = responder->Respond(request, {});
          responder_ms +=
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
          if (!responded) return responded.error();
          reply = std::move(*responded);
          if (urgent_handoff) {
            reply.text = reply.answer;  // The engine's hand-off text follows it.
            reply.offered_human = false;
            reply.handoff = false;
          } else {
            state = reply.state_json;
          }
        }
        escalated = escalated || engine_escalates || reply.handoff;
        if (escalated && !was_escalated) ++report.escalations;
        core::Message assistant;
        assistant.role = core::MessageRole::kAssistant;
        assistant.content = reply.text;
        history.push_back(assistant);

        // The engine answers an escalation with its own hand-off text: only responder replies
        // are checked for facts.
        const bool responded = !engine_escalates && !was_escalated;
        // (A turn scripted as a hand-off is checked for the hand-off, below; the engine's own
        // text is not known here.)
        const json::value* scripted = turn.if_contains("escalated");
        const bool answered = responded || (urgent_handoff && scripted == nullptr);
        if (answered) {
          for (const auto& e : Strs(turn, "expect")) {
            if (!Matches(reply.text, e)) problems.push_back("missing \"" + e + "\"");
          }
          for (const auto& f : Strs(turn, "forbid")) {
            if (Matches(reply.text, f)) problems.push_back("forbidden \"" + f + "\"");
          }
          for (const auto& o : Strs(turn, "once")) {
            const std::string lower = core::ToLowerAscii(reply.text);
            const std::string needle = core::ToLowerAscii(o);
            const std::size_t first = lower.find(needle);
            if (first != std::string::npos && lower.find(needle, first + 1) != std::string::npos) {
              problems.push_back("\"" + o + "\" said twice");
            }
          }
        }
        int invented = 0;
        for (const auto& n : Numbers(reply.text)) {
          if (!allowed.contains(n)) {
            problems.push_back("invented number " + n);
            ++invented;
          }
        }
        int broken = 0;
        if (responded && std::regex_search(reply.text, PromiseRe()) && !reply.handoff) {
          problems.push_back("promises an action that did not happen");
          broken = 1;
        }
        if (!answered && scripted == nullptr && !Strs(turn, "expect").empty()) {
          // A turn not scripted as a hand-off that got the engine's hand-off text instead of its
          // answer (the conversation was handed to a person here or before) fails: its facts
          // were never given.
          problems.push_back("handed to a person instead of answered");
        }
        if (const json::value* e = scripted; e != nullptr && e->is_bool()) {
          if (e->as_bool()) {
            ++report.escalations_expected;
            if (escalated) ++report.escalations_found;
            if (escalated && !was_escalated) ++report.escalations_correct;
          }
          // Without the engine's policy a direct request for a person is not seen here.
          // Without the engine's policy a direct request for a person gets the responder's
          // offer only (the engine escalates it before the responder runs).
          const bool policy_blind = !options.escalate && e->as_bool() && reply.offered_human;
          if (e->as_bool() != escalated && !policy_blind) {
            problems.push_back(escalated ? "escalated" : "not escalated");
          }
        }
        const bool ok = problems.empty();
        Count(result.score, ok, broken, invented);
        Count(report.all, ok, broken, invented);
        if (result.heldout) Count(report.heldout, ok, broken, invented);
        if (!ok && result.heldout) {
          // Nobody tunes on the held-out business: its failures are counted, not shown.
          report.failures.push_back("[" + result.id + "] (held out: the turn is not shown)");
        } else if (!ok) {
          std::string f = "[" + result.id + "] \"" + say + "\"\n    -> " + reply.text + "\n    !!";
          for (const auto& p : problems) f += " " + p + ";";
          report.failures.push_back(std::move(f));
        }
      }
    }
    report.businesses.push_back(std::move(result));
  }
  const int responded_turns = report.all.turns;
  report.responder_ms_per_turn = responded_turns > 0 ? responder_ms / responded_turns : 0;
  return report;
}

std::string DialogueEvalReport::ToText() const {
  std::ostringstream out;
  out << "dialogues (tests/dialogues/answers.json: answer accuracy = every expected fact and "
         "nothing forbidden)\n";
  for (const Business& b : businesses) {
    out << "  " << Line(b.id + (b.heldout ? " (held out)" : ""), b.score);
  }
  out << "  " << Line("all", all);
  const double precision =
      escalations > 0 ? static_cast<double>(escalations_correct) / escalations : 0;
  const double recall =
      escalations_expected > 0 ? static_cast<double>(escalations_found) / escalations_expected : 0;
  out << "  escalations: " << escalations << ", precision " << Fixed(precision) << " (at a turn "
      << "scripted as escalated), recall " << Fixed(recall) << " (" << escalations_found << "/"
      << escalations_expected << ")\n";
  out << "  responder ms per turn: " << Fixed(responder_ms_per_turn) << "\n";
  const bool met = heldout.turns > 0 && heldout.Accuracy() >= kAccuracyTarget &&
                   heldout.broken_promises == 0 && heldout.invented_numbers == 0;
  out << "  target: held-out accuracy " << Fixed(heldout.Accuracy())
      << " >= " << Fixed(kAccuracyTarget)
      << ", 0 broken promises, 0 invented numbers: " << (met ? "MET" : "NOT MET") << "\n";
  if (!failures.empty()) out << "  failed turns:\n";
  for (const std::string& f : failures) out << "  " << f << "\n";
  return out.str();
}

}  // namespace carevoice::llm::local
