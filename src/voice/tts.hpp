#pragma once

// The Tts and Stt ports (design.md "Ports"). Adapters: flite/ (default), espeak/ (other
// languages) and openai/ for Tts; pocketsphinx/ (default) and openai/ for Stt. app/ picks them.
// Both ports stream: Tts hands audio to a sink sentence by sentence, and an SttStream accepts
// audio incrementally and yields partial and final hypotheses.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "voice/pcm.hpp"

namespace carevoice::voice {

struct Audio {
  std::string bytes;      // Encoded file contents.
  std::string mime_type;  // e.g. "audio/wav", "audio/mpeg"
};

struct VoiceInfo {
  std::string id;        // What Agent::voice names: "slt", "espeak:fr", "openai:alloy".
  std::string name;      // Human-readable.
  std::string engine;    // "flite", "espeak-ng", "openai".
  std::string language;  // BCP-47-ish: "en-US", "fr".
  std::string gender;    // "female", "male" or "".
};

// Receives one piece of synthesised speech (one sentence, or part of one), in order. Returns
// false to cancel the rest.
using PcmSink = std::function<bool(const Pcm& chunk)>;

class Tts {
 public:
  virtual ~Tts() = default;

  // Blocking: run it on the worker pool. Normalises `text` for speech (prices, codes, dates...),
  // synthesises it sentence by sentence with `voice` ("" = the default voice; an unknown one
  // falls back to the default) and hands each sentence's audio to `sink` as soon as it exists.
  // Returns kUnavailable when the engine fails; a sink returning false stops it early (not an
  // error).
  virtual core::Result<void> SynthesizeStream(std::string_view text, std::string_view voice,
                                              const PcmSink& sink) = 0;

  // The voices this adapter offers.
  virtual std::vector<VoiceInfo> Voices() const = 0;

  // Blocking. The whole of `text` as one PCM buffer (the voice's native rate, mono).
  core::Result<Pcm> SynthesizePcm(std::string_view text, std::string_view voice);

  // Blocking. The whole of `text` as an encoded file: "audio/mpeg" (MP3; the old frontend plays
  // audioData as audio/mpeg) or "audio/wav".
  core::Result<Audio> Synthesize(std::string_view text, std::string_view voice,
                                 std::string_view mime_type = "audio/mpeg");
};

// One utterance being recognised. Not thread-safe; one caller at a time.
class SttStream {
 public:
  virtual ~SttStream() = default;
  // Feeds 16 kHz mono PCM16. Blocking (runs the decoder); cheap per 20-100 ms chunk.
  virtual core::Result<void> Accept(std::span<const std::int16_t> pcm16k) = 0;
  // The best hypothesis so far ("" if none).
  virtual std::string Partial() = 0;
  // Ends the utterance and returns the final hypothesis. The stream is finished afterwards.
  virtual core::Result<std::string> Finish() = 0;
};

// What one agent's speech recognition should expect (domain biasing): adapters with a language
// model (PocketSphinx) build one from `text` and cache it by `key`; others ignore it.
// AgentSttBias (stt_bias.hpp) makes it from an agent.
struct SttBias {
  std::string key;   // "" = no agent biasing. Different whenever `text` is.
  std::string text;  // The agent's own words: company, products, knowledge, prompts.
};

class Stt {
 public:
  virtual ~Stt() = default;
  // Starts an utterance. Blocking. kUnavailable when no recogniser is free or the engine fails.
  virtual core::Result<std::unique_ptr<SttStream>> Start(const SttBias& bias) = 0;
  core::Result<std::unique_ptr<SttStream>> Start() { return Start(SttBias{}); }
  // Like Start(bias), but never waits for the bias's recogniser to be built (about a second of
  // CPU for a new agent with PocketSphinx): until it exists the stream may recognise without the
  // bias while it is built in the background, and the stream takes it up when its utterance
  // starts if it is ready by then. Live calls use it (CallSession). The default is Start(bias).
  virtual core::Result<std::unique_ptr<SttStream>> StartWithoutWaiting(const SttBias& bias) {
    return Start(bias);
  }

  // Blocking: run it on the worker pool. Returns the transcript of `audio` (any rate and channel
  // count: resampled to 16 kHz mono). 415 UNSUPPORTED_AUDIO_CODEC for containers this build does
  // not decode, 422 INVALID_AUDIO for broken bytes. The default decodes and streams through
  // Start(); adapters that take whole files (OpenAI, PocketSphinx) override it.
  virtual core::Result<std::string> Transcribe(const Audio& audio, const SttBias& bias);
  core::Result<std::string> Transcribe(const Audio& audio) { return Transcribe(audio, SttBias{}); }
};

}  // namespace carevoice::voice
