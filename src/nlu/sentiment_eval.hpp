#pragma once

// Evaluation of the sentiment analyser on the airline-tweet dev set (evaluation only: nothing
// shipped is trained on it) and on the hand-labelled realistic set.

#include <array>
#include <string>

#include "core/error.hpp"
#include "nlu/sentiment_features.hpp"

namespace carevoice::nlu {

struct SentimentEvalOptions {
  // Hand-labelled realistic set (text, intent, sentiment, company); skipped if empty/missing.
  std::string realistic_path = "src/nlu/testdata/realistic.tsv";
  // Folds of the in-domain cross-validation of a learned model (0 = skip it).
  int folds = 5;
  // The hashed-text models of the cross-validation (cv_text, cv_text_lexicon).
  bool text_cv = true;
  // The tweet-feature model of the cross-validation (cv_tweet); tweet_cv = false skips it.
  bool tweet_cv = true;
  TweetFeatureConfig tweet_features;
  // Defaults: the best of a small grid measured with this same 5-fold split (see the report in
  // the commit message); the choice itself was made on the outer folds, so the figure is
  // slightly optimistic.
  int epochs = 12;
  float learning_rate = 0.5f;
  float l2 = 1e-4f;
  float class_balance = 0.3f;  // 0 = off, 1 = fully balanced.
  // NBSVM (Wang & Manning 2012): one-vs-rest models over features scaled by each class's
  // naive-Bayes log-count ratio, instead of one softmax model over the raw features.
  bool nb_scaling = false;
  float nb_alpha = 1.0f;  // Laplace smoothing of the log-count ratios.
  // Per-class decision offsets for macro-F1, chosen by an inner cross-validation on each
  // training fold only (nested), never on the test fold.
  bool calibrate = false;
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
  // k-fold cross-validation of the tweet-feature model (options.tweet_*); not shipped.
  ThreeWayScore cv_tweet;
  // The shipped analyser on the realistic set, four labels (urgent kept apart) and collapsed.
  int realistic_rows = 0;
  double realistic_accuracy4 = 0;
  ThreeWayScore realistic3;
  // Urgency on the realistic set: recall over the rows labelled urgent, false alarms over the
  // rest (the engine escalates at once on urgent).
  int realistic_urgent = 0;
  int realistic_urgent_found = 0;
  int realistic_not_urgent = 0;
  int realistic_false_alarms = 0;

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
