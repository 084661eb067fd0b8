#pragma once

// The Tts and Stt ports. Adapters (voice issue): flite/, espeak/, openai/ for Tts;
// pocketsphinx/, openai/ for Stt.

#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace carevoice::voice {

struct Audio {
  std::string bytes;      // Encoded file contents.
  std::string mime_type;  // e.g. "audio/wav", "audio/mpeg"
};

class Tts {
 public:
  virtual ~Tts() = default;
  // Blocking: run it on the worker pool. Synthesises `text` with `voice` ("" = default).
  virtual core::Result<Audio> Synthesize(std::string_view text, std::string_view voice) = 0;
};

class Stt {
 public:
  virtual ~Stt() = default;
  // Blocking: run it on the worker pool. Returns the transcript of `audio`;
  // kUnprocessable if the audio cannot be decoded.
  virtual core::Result<std::string> Transcribe(const Audio& audio) = 0;
};

}  // namespace carevoice::voice
