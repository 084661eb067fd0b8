#pragma once

// Uncompressed audio: 16-bit PCM buffers, WAV read (untrusted bytes) and write, G.711 μ-law.
// Pure; no I/O.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace carevoice::voice {

// Interleaved signed 16-bit samples.
struct Pcm {
  int sample_rate = 16000;  // Hz, > 0.
  int channels = 1;         // >= 1.
  std::vector<std::int16_t> samples;

  // Seconds of audio (frames / rate).
  double Seconds() const;
};

// The largest WAV the decoder accepts, in decoded samples (about 1 h of 16 kHz mono).
inline constexpr std::size_t kMaxDecodedSamples = std::size_t{64} * 1024 * 1024;

// Decodes a WAV file: PCM 8/16/24/32-bit, IEEE float 32/64-bit, WAVE_FORMAT_EXTENSIBLE of
// either, 1-16 channels, 1 Hz-768 kHz. A data chunk whose declared size runs past the end (or is
// 0 / 0xFFFFFFFF, as streaming recorders write) is read up to the end; a trailing partial frame
// is dropped. Returns 422 INVALID_AUDIO with a reason for anything else. Never reads out of
// bounds, whatever the bytes.
core::Result<Pcm> DecodeWav(std::string_view bytes);

// Returns a canonical 44-byte-header PCM16 WAV of `pcm`.
std::string EncodeWav(const Pcm& pcm);

// Raw little-endian PCM16 bytes → Pcm. 422 INVALID_AUDIO when the length is odd or not a whole
// number of frames.
core::Result<Pcm> DecodeRawPcm16(std::string_view bytes, int sample_rate, int channels);

// Returns the little-endian bytes of `samples`.
std::string Pcm16Bytes(std::span<const std::int16_t> samples);

// G.711 μ-law (ITU-T G.711, as Twilio Media Streams and telephony use it).
std::uint8_t MuLawEncode(std::int16_t sample);
std::int16_t MuLawDecode(std::uint8_t code);
std::string MuLawEncode(std::span<const std::int16_t> samples);
std::vector<std::int16_t> MuLawDecode(std::string_view codes);

// Decodes an audio file of a type this build can decode (WAV; raw PCM16 as `raw_rate` Hz mono
// when `mime_type` is audio/L16). 415 UNSUPPORTED_MEDIA_TYPE naming the container for the
// others (WebM/Ogg/MP3/...: not decoded), 422 INVALID_AUDIO for broken bytes.
core::Result<Pcm> DecodeAudio(std::string_view bytes, std::string_view mime_type,
                              int raw_rate = 16000);

}  // namespace carevoice::voice
