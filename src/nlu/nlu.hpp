#pragma once

// The NLU facade: company, intent (coarse + fine + per-agent custom), sentiment with urgency,
// titles. Pure and deterministic: the same model and input give the same output. Thread-safe
// for concurrent Analyze() calls.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"

namespace carevoice::nlu {

class Nlu {
 public:
  virtual ~Nlu() = default;

  // Returns the analysis of one customer message. `agent` may be null; when given, its company
  // name joins the company catalogue and its custom intents (core::Agent::intents) are
  // recognised (learned on first use and re-learned when agent->updated_at changes).
  virtual core::MessageMetadata Analyze(std::string_view text, const core::Agent* agent) const = 0;

  // Returns the conversation's overall sentiment from its user messages' metadata, weighted
  // towards recent messages: positive|negative|neutral|urgent.
  virtual std::string ConversationSentiment(const std::vector<core::Message>& messages) const = 0;

  // Returns a customer-satisfaction estimate in [1, 5] from the sentiment trajectory of the
  // user messages (1 = very unhappy). Returns 3 when there is no user message.
  virtual double EstimateSatisfaction(const std::vector<core::Message>& messages) const = 0;

  // Returns a 3-6 word Title Case title made from the conversation's content.
  virtual std::string MakeTitle(const std::vector<core::Message>& messages) const = 0;
};

class Speller;

// Loads the trained model from `model_dir` (the repository's models/ folder by default).
// kUnavailable with a readable message if the files are missing or corrupt. Messages are
// spelling-corrected first by `speller` (nlu/spelling.hpp; DefaultSpeller() unless given, null =
// read as written), which must outlive the Nlu.
core::Result<std::unique_ptr<Nlu>> LoadNlu(const std::string& model_dir);
core::Result<std::unique_ptr<Nlu>> LoadNlu(const std::string& model_dir, const Speller* speller);

}  // namespace carevoice::nlu
