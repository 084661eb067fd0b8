#pragma once

// Trains the built-in intent models from the shipped data (../shared/data) and the
// hand-written examples (src/nlu/data). Deterministic: the same inputs give bit-identical
// model files.

#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "nlu/intent.hpp"
#include "nlu/training/datasets.hpp"

namespace carevoice::nlu::training {

// Seed of the Bitext 80/20 held-out split used by training and evaluation.
inline constexpr std::uint64_t kBitextSplitSeed = 20240601;
inline constexpr double kBitextTestFraction = 0.2;

// Every intent source, split into what training may use and what only evaluation may use.
struct IntentCorpus {
  std::vector<Example> bitext_train;  // 80% of Bitext (stratified by fine intent).
  std::vector<Example> bitext_test;   // The other 20%: never trained on.
  std::vector<Example> banking77;     // All of banking77_train.csv, mapped.
  std::vector<Example> clinc_train;   // CLINC150 train + oos_train, mapped.
  std::vector<Example> clinc_test;    // CLINC150 test (in-scope, mapped; skips removed).
  std::vector<Example> clinc_oos_test;
  std::vector<Example> own;  // src/nlu/data/own_examples.tsv.
};

// Loads every source. `own_data_dir` holds own_examples.tsv and the mapping files.
core::Result<IntentCorpus> LoadIntentCorpus(const std::string& data_dir,
                                            const std::string& own_data_dir);

// Returns the feature configuration of the shipped intent models.
FeatureConfig IntentFeatureConfig();

// Trains coarse + fine models on the training parts of `corpus`, leaving out every example
// whose source is `exclude_source` ("" = leave out nothing).
std::unique_ptr<IntentClassifier> TrainIntentClassifier(const IntentCorpus& corpus,
                                                        const std::string& exclude_source = "");

// Trains the intent models and writes them into `out_dir` (created if missing). Returns a
// short human-readable summary. `own_data_dir` defaults to the repository's src/nlu/data.
core::Result<std::string> TrainModels(const std::string& data_dir, const std::string& out_dir,
                                      const std::string& own_data_dir = "src/nlu/data");

}  // namespace carevoice::nlu::training
