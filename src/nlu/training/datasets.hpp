#pragma once

// Loaders for the intent training/evaluation sources, all mapped onto the API's coarse
// intents (question, support, purchase, cancellation, general).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace carevoice::nlu::training {

// The five coarse intents of the API, in a fixed order.
inline constexpr const char* kCoarseIntents[] = {"question", "support", "purchase", "cancellation",
                                                 "general"};

struct Example {
  std::string text;
  std::string coarse;  // One of kCoarseIntents.
  std::string fine;    // Source-specific fine label; may be empty.
  std::string source;  // "bitext", "banking77", "clinc150", "own".
};

// Reads a mapping file {"<coarse>": ["label", ...], ...} (keys starting with '_' are comments;
// the key "skip" lists labels to leave out, mapped to ""). Returns label -> coarse.
// kBadRequest if a coarse key is unknown or a label appears twice.
core::Result<std::map<std::string, std::string>> LoadCoarseMap(const std::string& path);

// Bitext customer support (data_dir/intent/bitext_customer_support.csv), fine = its intent,
// coarse via data_dir/intent/coarse_map.json.
core::Result<std::vector<Example>> LoadBitext(const std::string& data_dir);

// Banking77 (data_dir/intent/banking77_train.csv), fine = its category, coarse via `map_path`.
// Categories mapped to "skip" are left out.
core::Result<std::vector<Example>> LoadBanking77(const std::string& data_dir,
                                                 const std::string& map_path);

// CLINC150 split `split` ("train", "val", "test", "oos_train", "oos_val", "oos_test") of
// data_dir/intent/clinc150_data_full.json. In-scope labels map via `map_path` (a mapping file
// that also has "general_fine": {label: fine}); oos lines are general / "out_of_scope".
// General in-scope lines get fine = general_fine[label] or "out_of_scope".
core::Result<std::vector<Example>> LoadClinc(const std::string& data_dir,
                                             const std::string& map_path, const std::string& split);

// Hand-written examples: a UTF-8 TSV with columns text, coarse, fine (fine may be empty);
// '#' lines and blank lines are ignored. kBadRequest on a bad row (with its line number).
core::Result<std::vector<Example>> LoadExamplesTsv(const std::string& path,
                                                   const std::string& source);

// Splits `examples` into (train, test) with about `test_fraction` of each `fine` label (or
// coarse if fine is empty) in test, chosen by a seeded shuffle; deterministic.
void StratifiedSplit(const std::vector<Example>& examples, double test_fraction, std::uint64_t seed,
                     std::vector<Example>* train, std::vector<Example>* test);

}  // namespace carevoice::nlu::training
