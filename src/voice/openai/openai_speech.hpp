#pragma once

// OpenAI-compatible speech: POST {base_url}/audio/speech (Tts) and
// {base_url}/audio/transcriptions (Stt), configured like the responder (OPENAI_API_KEY,
// OPENAI_BASE_URL) plus OPENAI_TTS_MODEL / OPENAI_STT_MODEL. Works with OpenAI and compatible
// servers (e.g. a local speaches/openedai-speech or whisper.cpp server). Never logs the key.

#include <chrono>
#include <memory>
#include <string>

#include "voice/tts.hpp"

namespace carevoice::voice {

struct OpenAiSpeechConfig {
  std::string api_key;  // "Authorization: Bearer ..."; empty = no header.
  std::string base_url = "https://api.openai.com/v1";
  std::string tts_model = "tts-1";
  std::string stt_model = "whisper-1";
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds total_timeout{60'000};
};

// Voices "openai:<name>" (alloy, echo, fable, onyx, nova, shimmer). Each sentence is one request
// asking for WAV (response_format "wav"), so audio streams sentence by sentence. kUnavailable
// on a transport error or a non-200 answer. Thread-safe.
std::unique_ptr<Tts> MakeOpenAiTts(OpenAiSpeechConfig config);

// Transcribe() posts the audio as a multipart "file" (WAV; other decodable input is converted
// to 16 kHz mono WAV first) and returns the answer's "text". Start() (streaming) is
// kUnavailable: the endpoint takes whole files. Thread-safe.
std::unique_ptr<Stt> MakeOpenAiStt(OpenAiSpeechConfig config);

}  // namespace carevoice::voice
