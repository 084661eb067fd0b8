#pragma once

// Evaluation of the intent models on data they were not trained on.

#include <string>

#include "core/error.hpp"

namespace carevoice::nlu::training {

struct EvalOptions {
  std::string own_data_dir = "src/nlu/data";
  // Hand-labelled realistic set (text, intent, sentiment, company); skipped if missing.
  std::string realistic_path = "src/nlu/testdata/realistic.tsv";
  // A second hand-labelled set (same columns), labelled before any model ran on it, written
  // after rules were drawn from the first set's errors: it checks those rules. Skipped if empty
  // or missing.
  std::string realistic_b_path;
  bool cross_source = true;    // Re-train without each source and test on it (slower).
  bool custom_intents = true;  // Banking77 80/20 through the custom-intent learner.
};

// Evaluates the models in `model_dir` on the held-out parts of the data in `data_dir` and
// returns a plain-text report with one figure per line ("name: value").
core::Result<std::string> EvaluateIntent(const std::string& data_dir, const std::string& model_dir,
                                         const EvalOptions& options = {});

}  // namespace carevoice::nlu::training
