#pragma once

// Evaluation of the sentiment analyser on the airline-tweet dev set (evaluation only: nothing
// shipped is trained on it) and on the hand-labelled realistic set.

#include <array>
#include <string>

#include "core/error.hpp"

namespace carevoice::nlu {

struct SentimentEvalOptions {
  // Hand-labelled realistic set (text, intent, sentiment, company); skipped if empty/missing.
  std::string realistic_path = "src/nlu/testdata/realistic.tsv";
  // Folds of the in-domain cross-validation of a learned model (0 = skip it).
  int folds = 5;
};

// Accuracy and macro-F1 over negative / neutral / positive.
struct ThreeWayScore {
  double accuracy = 0;
  double macro_f1 = 0;
  std::array<std::array<int, 3>, 3> confusion{};  // [gold][predicted]: negative, neutral, positive
};

struct SentimentEvalReport {
  int airline_rows = 0;
  double always_negative_accuracy = 0;
  // The shipped lexicon analyser, zero-shot, urgent counted as negative.
  ThreeWayScore zero_shot;
  // k-fold cross-validation of NLU-A's linear model over the hashed text features, without and
  // with the lexicon's scores as extra features. In-domain: not shipped.
  ThreeWayScore cv_text;
  ThreeWayScore cv_text_lexicon;
  // The shipped analyser on the realistic set, four labels (urgent kept apart) and collapsed.
  int realistic_rows = 0;
  double realistic_accuracy4 = 0;
  ThreeWayScore realistic3;

  // Returns one figure per line ("name: value").
  std::string ToText() const;
};

// Returns the metrics of a confusion matrix.
ThreeWayScore ScoreConfusion(const std::array<std::array<int, 3>, 3>& confusion);

// Evaluates on `data_dir`/sentiment/airline_tweets_dev.csv (data_dir is the shared data folder,
// e.g. ../shared/data). kUnavailable when the file is missing or malformed.
core::Result<SentimentEvalReport> EvaluateSentimentReport(const std::string& data_dir,
                                                          const SentimentEvalOptions& options = {});

// As EvaluateSentimentReport, as text (for `carevoice eval`).
core::Result<std::string> EvaluateSentiment(const std::string& data_dir,
                                            const SentimentEvalOptions& options = {});

}  // namespace carevoice::nlu
