#include "voice/pcm.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/strings.hpp"
#include "voice/audio_check.hpp"

namespace carevoice::voice {
namespace {

core::Error Invalid(std::string message) {
  return core::Error{core::ErrorKind::kUnprocessable, std::move(message), "INVALID_AUDIO", nullptr,
                     0};
}

std::uint32_t Le32(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

std::uint16_t Le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    static_cast<unsigned char>(b[at + 1]) << 8);
}

void PutLe32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void PutLe16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>(v >> 8);
}

std::int16_t ClampToInt16(double v) {
  if (std::isnan(v)) return 0;
  const double scaled = std::round(v * 32767.0);
  return static_cast<std::int16_t>(std::clamp(scaled, -32768.0, 32767.0));
}

// One sample of `bits` at `p` (REQUIRES: bytes available) as PCM16.
std::int16_t ReadSample(const unsigned char* p, int bits, bool is_float) {
  if (is_float) {
    if (bits == 32) {
      std::uint32_t u = static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                        static_cast<std::uint32_t>(p[2]) << 16 |
                        static_cast<std::uint32_t>(p[3]) << 24;
      float f;
      std::memcpy(&f, &u, sizeof f);
      return ClampToInt16(static_cast<double>(f));
    }
    std::uint64_t u = 0;
    for (int i = 0; i < 8; ++i) u |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    double d;
    std::memcpy(&d, &u, sizeof d);
    return ClampToInt16(d);
  }
  switch (bits) {
    case 8:
      return static_cast<std::int16_t>((static_cast<int>(p[0]) - 128) * 256);
    case 16:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(p[0] | p[1] << 8));
    case 24:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(p[1] | p[2] << 8));
    default:  // 32
      return static_cast<std::int16_t>(static_cast<std::uint16_t>(p[2] | p[3] << 8));
  }
}

}  // namespace

double Pcm::Seconds() const {
  if (sample_rate <= 0 || channels <= 0) return 0;
  return static_cast<double>(samples.size()) / channels / sample_rate;
}

core::Result<Pcm> DecodeWav(std::string_view b) {
  if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE") {
    return Invalid("The audio is not a WAV file (no RIFF/WAVE header)");
  }
  bool have_fmt = false;
  bool is_float = false;
  int bits = 0;
  Pcm pcm;
  std::size_t at = 12;
  while (at <= b.size() && b.size() - at >= 8) {
    const std::string_view id = b.substr(at, 4);
    const std::uint64_t size = Le32(b, at + 4);
    const std::size_t body = at + 8;
    if (id == "fmt ") {
      if (size < 16 || b.size() - body < 16) return Invalid("The WAV fmt chunk is truncated");
      std::uint16_t format = Le16(b, body);
      const std::uint16_t channels = Le16(b, body + 2);
      const std::uint32_t rate = Le32(b, body + 4);
      const std::uint16_t block_align = Le16(b, body + 12);
      bits = Le16(b, body + 14);
      if (format == 0xFFFE) {  // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID starts at 24.
        if (size < 40 || b.size() - body < 40) return Invalid("The WAV fmt chunk is truncated");
        format = Le16(b, body + 24);
      }
      if (format != 1 && format != 3) {
        return Invalid("Unsupported WAV encoding (only PCM and IEEE float)");
      }
      is_float = format == 3;
      if (channels == 0 || channels > 16) return Invalid("Invalid WAV channel count");
      if (rate == 0 || rate > 768'000) return Invalid("Invalid WAV sample rate");
      const bool bits_ok = is_float ? (bits == 32 || bits == 64)
                                    : (bits == 8 || bits == 16 || bits == 24 || bits == 32);
      if (!bits_ok) return Invalid("Invalid WAV bits per sample");
      if (block_align != channels * bits / 8) return Invalid("Invalid WAV block alignment");
      pcm.channels = channels;
      pcm.sample_rate = static_cast<int>(rate);
      have_fmt = true;
    } else if (id == "data") {
      if (!have_fmt) return Invalid("The WAV data chunk comes before its fmt chunk");
      const std::size_t available = b.size() - body;
      std::size_t length = size == 0 || size == 0xFFFFFFFFu
                               ? available
                               : static_cast<std::size_t>(std::min<std::uint64_t>(size, available));
      const std::size_t frame = static_cast<std::size_t>(pcm.channels) * (bits / 8);
      length -= length % frame;
      const std::size_t count = length / (bits / 8);
      if (count > kMaxDecodedSamples) return Invalid("The WAV file is too long");
      pcm.samples.resize(count);
      const auto* p = reinterpret_cast<const unsigned char*>(b.data() + body);
      for (std::size_t i = 0; i < count; ++i) {
        pcm.samples[i] = ReadSample(p + i * (bits / 8), bits, is_float);
      }
      return pcm;
    }
    if (size > b.size() - body) break;  // A chunk running past the end: no data chunk follows.
    at = body + size + (size & 1);      // Chunks are word-aligned.
  }
  return Invalid(have_fmt ? "The WAV file has no data chunk" : "The WAV file has no fmt chunk");
}

std::string EncodeWav(const Pcm& pcm) {
  const auto data_bytes = static_cast<std::uint32_t>(pcm.samples.size() * 2);
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  PutLe32(out, 36 + data_bytes);
  out += "WAVEfmt ";
  PutLe32(out, 16);
  PutLe16(out, 1);
  PutLe16(out, static_cast<std::uint16_t>(pcm.channels));
  PutLe32(out, static_cast<std::uint32_t>(pcm.sample_rate));
  PutLe32(out, static_cast<std::uint32_t>(pcm.sample_rate * pcm.channels * 2));
  PutLe16(out, static_cast<std::uint16_t>(pcm.channels * 2));
  PutLe16(out, 16);
  out += "data";
  PutLe32(out, data_bytes);
  out += Pcm16Bytes(pcm.samples);
  return out;
}

std::string Pcm16Bytes(std::span<const std::int16_t> samples) {
  std::string out(samples.size() * 2, '\0');
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto u = static_cast<std::uint16_t>(samples[i]);
    out[2 * i] = static_cast<char>(u & 0xFF);
    out[2 * i + 1] = static_cast<char>(u >> 8);
  }
  return out;
}

core::Result<Pcm> DecodeRawPcm16(std::string_view bytes, int sample_rate, int channels) {
  if (sample_rate <= 0 || channels <= 0) return Invalid("Invalid raw PCM format");
  if (bytes.size() % (2 * static_cast<std::size_t>(channels)) != 0) {
    return Invalid("Raw PCM16 must be a whole number of 16-bit frames");
  }
  if (bytes.size() / 2 > kMaxDecodedSamples) return Invalid("The audio is too long");
  Pcm pcm;
  pcm.sample_rate = sample_rate;
  pcm.channels = channels;
  pcm.samples.resize(bytes.size() / 2);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t i = 0; i < pcm.samples.size(); ++i) {
    pcm.samples[i] =
        static_cast<std::int16_t>(static_cast<std::uint16_t>(p[2 * i] | p[2 * i + 1] << 8));
  }
  return pcm;
}

std::uint8_t MuLawEncode(std::int16_t sample) {
  constexpr int kBias = 0x84;
  constexpr int kClip = 32635;
  int s = sample;
  const int sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = std::min(s, kClip) + kBias;
  int exponent = 7;
  for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) --exponent;
  const int mantissa = (s >> (exponent + 3)) & 0x0F;
  return static_cast<std::uint8_t>(~(sign | exponent << 4 | mantissa));
}

std::int16_t MuLawDecode(std::uint8_t code) {
  const int u = ~code & 0xFF;
  const int exponent = (u >> 4) & 0x07;
  const int mantissa = u & 0x0F;
  const int magnitude = ((mantissa << 3) + 0x84) << exponent;
  return static_cast<std::int16_t>((u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84);
}

std::string MuLawEncode(std::span<const std::int16_t> samples) {
  std::string out(samples.size(), '\0');
  for (std::size_t i = 0; i < samples.size(); ++i) {
    out[i] = static_cast<char>(MuLawEncode(samples[i]));
  }
  return out;
}

std::vector<std::int16_t> MuLawDecode(std::string_view codes) {
  std::vector<std::int16_t> out(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    out[i] = MuLawDecode(static_cast<std::uint8_t>(codes[i]));
  }
  return out;
}

core::Result<Pcm> DecodeAudio(std::string_view bytes, std::string_view mime_type, int raw_rate) {
  const std::string ext = AudioExtensionForMimeType(mime_type);
  if (ext == "raw") return DecodeRawPcm16(bytes, raw_rate, 1);
  if (ext == "wav" || ext.empty()) {
    if (ext.empty() && !core::StartsWith(bytes, "RIFF")) {
      return core::Error{core::ErrorKind::kUnsupportedMediaType,
                         "Unsupported audio type: " + std::string(mime_type.substr(0, 64)),
                         "UNSUPPORTED_MEDIA_TYPE", nullptr, 0};
    }
    return DecodeWav(bytes);
  }
  return core::Error{core::ErrorKind::kUnsupportedMediaType,
                     "Audio in " + ext +
                         " cannot be transcribed by this server: send WAV or raw PCM16 "
                         "(audio/L16, 16 kHz mono)",
                     "UNSUPPORTED_AUDIO_CODEC", nullptr, 0};
}

}  // namespace carevoice::voice
