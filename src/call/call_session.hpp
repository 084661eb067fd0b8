#pragma once

// One live voice call, whatever carries it (the /api/voice/stream WebSocket, a Twilio Media
// Stream): voice activity and end of turn, partial and final transcripts, the engine turn (the
// one pipeline: the caller's words become a stored user message and the reply a stored assistant
// message), the reply spoken sentence by sentence and paced in real time, barge-in, silence
// re-prompts, and per-turn latencies (engine::VoiceTurnRecord, core::Metrics).
//
// Threading: a session lives on one strand (the connection's). Every public method and every
// CallTransport callback runs there. STT, TTS and the engine's blocking work run on the worker
// pool and resume on the strand.
//
// Barge-in (documented in docs/API.md): caller speech during playback pauses the reply (nothing
// more is sent) once 90 ms of it are voiced, about 130 ms after its onset. Then:
// - speech shorter than TurnConfig::min_speech (a noise), or a backchannel transcript ("mm-hm",
//   "ok", "yeah"), resumes the reply where it paused;
// - anything else (or speech longer than barge_in_confirm) cancels the rest of the reply: the
//   client is told to drop its buffer (ClearAudio), synthesis stops, and the conversation's voice
//   record marks the reply truncated with the text actually played; the utterance becomes the
//   next turn.

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "call/turn_policy.hpp"
#include "core/voice_metrics.hpp"
#include "engine/engine.hpp"
#include "voice/tts.hpp"

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace carevoice::call {

inline constexpr int kCallRate = 16000;        // The session's audio: 16 kHz mono PCM16.
inline constexpr int kCallFrameSamples = 320;  // 20 ms: the unit of paced playback.

// Where a session's output goes. Called on the session's strand only; must not block.
class CallTransport {
 public:
  virtual ~CallTransport() = default;
  // A control or transcript message ({type: ...}).
  virtual void SendJson(const boost::json::object& message) = 0;
  // 20 ms (or the last, shorter piece) of reply audio, 16 kHz mono PCM16.
  virtual void SendAudio(std::span<const std::int16_t> pcm16k) = 0;
  // A reply piece ended (one sentence, or the whole reply with `last`): Twilio's mark.
  virtual void MarkAudio(const std::string& name) = 0;
  // Barge-in: the client must drop the reply audio it has buffered.
  virtual void ClearAudio() = 0;
  // The session is over: close once what is queued is sent.
  virtual void EndCall(const std::string& reason) = 0;
};

struct CallConfig {
  TurnConfig turn;
  // Reply audio sent ahead of real time (the client's jitter buffer).
  std::chrono::milliseconds playout_lead{100};
  std::string reprompt = "Are you still there? I'm here if you need anything else.";
  std::string goodbye = "It seems we got disconnected. Thank you for calling. Goodbye!";
};

struct CallDeps {
  engine::Engine* engine = nullptr;          // REQUIRED
  voice::Tts* tts = nullptr;                 // REQUIRED
  voice::Stt* stt = nullptr;                 // REQUIRED
  boost::asio::thread_pool* pool = nullptr;  // REQUIRED
  core::VoiceMetrics* metrics = nullptr;     // Optional.
  CallConfig config;
};

class CallSession {
 public:
  // `transport` must stay valid until Stop() returns. `voice` is the agent's voice ("" = the
  // default); `bias` what the recogniser should expect (the agent's words; empty = none).
  static std::shared_ptr<CallSession> Create(boost::asio::any_io_executor strand,
                                             const CallDeps& deps, CallTransport& transport,
                                             engine::Actor actor, std::string conversation_id,
                                             std::string voice, voice::SttBias bias);
  virtual ~CallSession() = default;

  // Starts the playout clock and, when `greeting` is not empty, speaks it (not stored: the
  // conversation's welcome message already is).
  virtual void Start(const std::string& greeting) = 0;
  // Caller audio: 16 kHz mono PCM16, any length.
  virtual void OnAudio(std::span<const std::int16_t> pcm16k) = 0;
  // A keypad digit: '0' asks for a person (an engine turn that escalates).
  virtual void OnDtmf(char digit) = 0;
  // The caller hung up (or asked to end): ends the conversation (status completed, duration).
  virtual void Hangup() = 0;
  // The transport is going away: everything is cancelled; no transport call follows.
  virtual void Stop() = 0;
};

}  // namespace carevoice::call
