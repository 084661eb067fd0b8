#pragma once

// `carevoice train` / `carevoice train-lm`: the recogniser's customer-service language model
// (issue 11, domain biasing), built with voice::NgramLm from the shipped intent data.

#include <string>

#include "core/error.hpp"

namespace carevoice::app {

// The file name of the model in MODELS_DIR.
inline constexpr const char* kSpeechLmFile = "speech_domain.arpa";

// Counts the customer text of Bitext, Banking77, CLINC150 (train + oos_train) and our own
// examples (data_dir, own_dir as for the NLU training), prunes bigrams and trigrams seen once,
// and writes the ARPA model to `out_path`. Returns a one-line report.
core::Result<std::string> TrainSpeechLm(const std::string& data_dir, const std::string& own_dir,
                                        const std::string& out_path);

}  // namespace carevoice::app
