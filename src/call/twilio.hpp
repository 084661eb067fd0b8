#pragma once

// Twilio Programmable Voice: the TwiML that connects a call to /twilio/media, request signature
// validation, and the Media Streams WebSocket messages (parsed from untrusted text: fuzzed by
// fuzz/twilio_media_fuzz.cpp). Pure; no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace carevoice::call {

// Returns the TwiML answering POST /twilio/voice: <Connect><Stream url="{stream_url}"> with
// `parameters` as <Parameter>s (Twilio echoes them in the media stream's start message).
std::string ConnectStreamTwiml(std::string_view stream_url,
                               const std::map<std::string, std::string>& parameters);

// Returns TwiML that says `text` and hangs up (unknown number, service unavailable).
std::string SayAndHangupTwiml(std::string_view text);

// Returns the X-Twilio-Signature Twilio sends for a POST to `url` with form `params`:
// base64(HMAC-SHA1(auth_token, url + each key + value, keys sorted)).
std::string TwilioSignature(std::string_view auth_token, std::string_view url,
                            const std::map<std::string, std::string>& params);

// Returns true when `signature` is TwilioSignature(...) (constant-time comparison).
bool ValidTwilioSignature(std::string_view auth_token, std::string_view url,
                          const std::map<std::string, std::string>& params,
                          std::string_view signature);

// Parses an application/x-www-form-urlencoded body ('+' is a space). nullopt when malformed.
std::optional<std::map<std::string, std::string>> ParseForm(std::string_view body);

// One Media Streams message from Twilio.
struct TwilioMessage {
  enum class Kind { kConnected, kStart, kMedia, kMark, kDtmf, kStop };
  Kind kind = Kind::kConnected;
  std::string stream_sid;
  std::string call_sid;                       // start
  std::map<std::string, std::string> custom;  // start.customParameters (string values)
  std::string encoding;                       // start.mediaFormat.encoding ("audio/x-mulaw")
  int sample_rate = 0;                        // start.mediaFormat.sampleRate
  std::string audio;                          // media: the decoded μ-law bytes
  std::string track;                          // media: "inbound" (others are ignored)
  std::string mark;                           // mark.name
  std::string digit;                          // dtmf.digit
};

// The largest media payload accepted (decoded bytes); Twilio sends 20 ms = 160 bytes.
inline constexpr std::size_t kMaxTwilioMediaBytes = std::size_t{16} * 1024;

// Parses one text frame. Returns nullopt (with `error` set) for anything that is not a
// well-formed message of a known event: not JSON, missing fields, bad base64, oversized audio.
std::optional<TwilioMessage> ParseTwilioMessage(std::string_view text, std::string& error);

// The messages CareVoice sends: media (μ-law bytes, base64-encoded here), mark and clear.
std::string TwilioMediaMessage(std::string_view stream_sid, std::string_view mulaw);
std::string TwilioMarkMessage(std::string_view stream_sid, std::string_view name);
std::string TwilioClearMessage(std::string_view stream_sid);

}  // namespace carevoice::call
