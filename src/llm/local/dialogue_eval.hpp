#pragma once

// The scripted dialogue evaluation of the built-in responder (tests/dialogues/answers.json, issue
// 12): every turn's reply must hold each expected fact and nothing forbidden. Also counts broken
// promises (a reply that says a person is taking over, or that something was done, without
// ResponderReply::handoff or an accepted offer) and invented numbers (a number in a reply that is
// neither in the agent's configuration nor in the customer's messages). With an analyser and an
// escalation policy (as `carevoice eval` passes: the NLU and engine::DecideEscalation) it also
// checks the NLU labels the set states and measures escalation precision and recall; without
// them it runs the responder alone (the unit test), with the engine's "yes to an offer" rule.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"

namespace carevoice::llm::local {

struct DialogueEvalOptions {
  // Analyses a customer message for `agent` (sentiment, intents, custom intent); optional.
  std::function<core::MessageMetadata(std::string_view text, const core::Agent& agent)> analyze;
  // Returns true iff the engine escalates before the responder runs, given the earlier messages
  // (oldest first) and the analysed latest user message; optional.
  std::function<bool(const std::vector<core::Message>& history, const core::Message& latest)>
      escalate;
  // Every agent's responseStyle replaced by this one ("" = each agent's own): the facts of a
  // reply must not depend on its wording.
  std::string style;
  // Rewrites customer turn number `turn` (counted over the whole set from 0) before it is said:
  // a perturbation such as Misspell or Unpunctuated; optional.
  std::function<std::string(std::string_view say, int turn)> rewrite;
};

// Misspells one word of `text` as customers do, the longest of five letters or more (the first
// of equal length; none, none changed): by `turn` % 4, two middle letters swapped ("payemnt"), a
// middle letter dropped ("paymnt"), doubled ("paymment") or replaced by its right-hand neighbour
// on a QWERTY keyboard ("paymwnt"). Deterministic.
std::string Misspell(std::string_view text, int turn);

// Returns `text` in lower case without . , ? ! (as many customers type).
std::string Unpunctuated(std::string_view text);

struct DialogueScore {
  int turns = 0;
  int answered = 0;  // Every expected fact, nothing forbidden, NLU labels as stated.
  int broken_promises = 0;
  int invented_numbers = 0;
  double Accuracy() const { return turns > 0 ? static_cast<double>(answered) / turns : 0; }
};

struct DialogueEvalReport {
  struct Business {
    std::string id;
    bool heldout = false;
    DialogueScore score;
  };
  std::vector<Business> businesses;
  DialogueScore all;
  DialogueScore heldout;
  // Escalation against the turns that state `escalated` (true: a hand-off is due by then).
  int escalations = 0;          // Turns at which the conversation became escalated.
  int escalations_correct = 0;  // ... where the script expects it escalated.
  int escalations_expected = 0;
  int escalations_found = 0;          // Expected hand-offs that happened by that turn.
  std::vector<std::string> failures;  // One line block per failed turn.
  double responder_ms_per_turn = 0;   // Mean wall time of Respond.

  // The report as printed by `carevoice eval` (figures, targets, failed turns).
  std::string ToText() const;
};

// Runs the dialogues of the JSON document `json_text` (the answers.json format).
core::Result<DialogueEvalReport> EvaluateDialogues(std::string_view json_text,
                                                   const DialogueEvalOptions& options = {});

}  // namespace carevoice::llm::local
