#pragma once

// The default Stt adapter: CMU PocketSphinx with Debian's pocketsphinx-en-us model.

#include <memory>
#include <string>

#include "core/error.hpp"
#include "voice/tts.hpp"

namespace carevoice::voice {

struct SphinxConfig {
  // The model folder (contains en-us/, en-us.lm.bin, cmudict-en-us.dict).
  std::string model_dir = "/usr/share/pocketsphinx/model/en-us";
  std::string lm_path;    // "" = <model_dir>/en-us.lm.bin. An ARPA or binary n-gram model.
  std::string dict_path;  // "" = <model_dir>/cmudict-en-us.dict.
  int max_decoders = 16;  // Concurrent utterances; Start() beyond it is kUnavailable.
};

// Returns the PocketSphinx adapter with one decoder loaded, or kUnavailable when the model
// cannot be loaded. Thread-safe: each stream holds its own decoder from a pool (decoders are
// created on demand up to max_decoders and reused).
core::Result<std::unique_ptr<Stt>> MakeSphinxStt(SphinxConfig config = {});

}  // namespace carevoice::voice
