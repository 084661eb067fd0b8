#pragma once

// The default Stt adapter: CMU PocketSphinx with Debian's pocketsphinx-en-us model.

#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "voice/tts.hpp"

namespace carevoice::voice {

struct SphinxConfig {
  // The model folder (contains en-us/, en-us.lm.bin, cmudict-en-us.dict).
  std::string model_dir = "/usr/share/pocketsphinx/model/en-us";
  std::string lm_path;    // "" = <model_dir>/en-us.lm.bin. An ARPA or binary n-gram model.
  std::string dict_path;  // "" = <model_dir>/cmudict-en-us.dict.
  // Concurrent utterances of each kind (streams, whole files) per model; Start() beyond it is
  // kUnavailable (STT_MAX_DECODERS). A decoder holds about 95 MB (the stock model and the
  // dictionary are loaded per decoder) and takes about 1 s of CPU to create; idle ones are reused.
  int max_decoders = 32;
  // Stream decoders created in the background at start-up (STT_WARM_DECODERS; a low-priority
  // thread), so that the first calls, or a burst of them, do not wait a second each for theirs.
  // The server's default is 2 (app::Config); 0 here: tools and tests create what they use.
  int warm_stream_decoders = 0;
  // Streams (Start: live calls) decode in one pass, the tree search that runs as the audio
  // arrives: Finish() is then end_utt and the hypothesis (~10 ms), where PocketSphinx's second,
  // flat-lexicon pass re-decodes the whole utterance at the end (~100-150 ms for a 3 s request,
  // and as much CPU again). Whole files (Transcribe) keep both passes: more accurate (measured
  // 2026-12-02 decoding the 32 TTS sentences in 100 ms chunks: 8.9% vs 11.8% WER; LibriVox
  // 31.0% vs 29.6%).
  bool stream_second_pass = false;
  // Live calls' vocabulary: the stock model's N most probable words (and every word of the
  // customer-service model; an agent's own words are added to its recognisers as before), 0 = the
  // whole dictionary (STT_STREAM_VOCABULARY). Measured 2026-12-03 (bench/voice_rtf --stream
  // --agent): 20,000 words decode in 0.077 of real time against 0.115-0.126 for the whole
  // 134,000-word dictionary, with the same or lower word error on the customer-service sets
  // (10.0% / 10.9% against 10.4% / 11.8%), a decoder takes half the CPU to create (0.18 against
  // 0.38 s) and about 40 MB less; general read speech (LibriVox) loses (36.6% against 29.6%).
  // Voice messages (whole files) keep the whole dictionary.
  int stream_vocabulary = 20000;
  // PocketSphinx's -maxhmmpf for live calls' decoders (0: its default, 30,000): the most HMMs
  // searched per frame. 3,000 cut decoding CPU by about a quarter at the same word error rate on
  // the customer-service sets (bench/voice_rtf --stream --agent). Not applied when decoder_args
  // sets it.
  int stream_max_hmms = 3000;
  // Domain biasing. The customer-service trigram model `carevoice train` writes
  // (<MODELS_DIR>/speech_domain.arpa), interpolated with the stock model; "" = stock only.
  std::string domain_lm_path;
  // Linear interpolation weights of the stock, customer-service and agent models (renormalised
  // over the models present).
  float stock_weight = 0.6f;
  float domain_weight = 0.25f;
  float agent_weight = 0.15f;
  // The agent's model votes only for the words outside the stock model's N most probable ones
  // (0 = for every word): it biases the recogniser towards the agent's own words (product and
  // company names, rarer policy words) and leaves the common words, whose context the stock
  // model knows far better than an agent's few hundred sentences, as the stock model scores them.
  // Measured 2026-12-05 (bench/voice_rtf --agent --no-librivox --tuning, whole files; the 32
  // round-trip sentences / the 16 held-out store requests / the 40 tuning sentences): every word
  // scored at λ 0.04, 8.6% / 16.8% / 14.4% (stock alone 7.6% / 14.3% / 13.6%: the agent's
  // trigrams flipped function words, "return a" heard as "return it"); the 20,000 most probable
  // words left out, λ 0.15, 7.6% / 13.4% / 13.6%.
  int agent_common_words = 20000;
  // More PocketSphinx arguments, name then value (e.g. {"-lw", "7"}), after CareVoice's own.
  std::vector<std::string> decoder_args;
  // Agents whose biased recognisers are kept (least recently used dropped first); each keeps at
  // most max_idle_per_agent idle decoders.
  int max_agent_models = 4;
  int max_idle_per_agent = 2;
};

// Returns the PocketSphinx adapter with one decoder loaded, or kUnavailable when the model
// cannot be loaded. Thread-safe: each stream holds its own decoder from a pool (decoders are
// created on demand up to max_decoders and reused).
//
// Start/Transcribe with a non-empty SttBias use that agent's recogniser: a trigram model built
// from bias.text (NgramLm) interpolated with the stock and customer-service models, and the
// dictionary extended with the agent's words it lacks (pronounced by Flite's lexicon and
// letter-to-sound rules). Built on first use of a bias key, then cached by key.
core::Result<std::unique_ptr<Stt>> MakeSphinxStt(SphinxConfig config = {});

}  // namespace carevoice::voice
