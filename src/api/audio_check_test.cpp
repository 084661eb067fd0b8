#include "api/audio_check.hpp"

#include <gtest/gtest.h>

#include <string>

namespace carevoice::api {
namespace {

std::string Le32(std::uint32_t v) {
  std::string s;
  for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  return s;
}

std::string Le16(std::uint16_t v) {
  return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}

std::string Fmt(std::uint16_t format, std::uint16_t channels, std::uint32_t rate,
                std::uint16_t bits) {
  return "fmt " + Le32(16) + Le16(format) + Le16(channels) + Le32(rate) +
         Le32(rate * channels * bits / 8) + Le16(static_cast<std::uint16_t>(channels * bits / 8)) +
         Le16(bits);
}

std::string Riff(const std::string& chunks) {
  return "RIFF" + Le32(4 + chunks.size()) + "WAVE" + chunks;
}

const AudioType kWav{"wav", "audio/wav"};

TEST(AudioTypeTest, ContentTypeThenExtension) {
  EXPECT_EQ(DetectAudioType("audio/mpeg", "x.bin")->extension, "mp3");
  EXPECT_EQ(DetectAudioType("audio/x-wav", "")->extension, "wav");
  EXPECT_EQ(DetectAudioType("application/octet-stream", "voice.WEBM")->extension, "webm");
  EXPECT_EQ(DetectAudioType("text/plain", "a.ogg")->mime_type, "audio/ogg");
  const auto bad = DetectAudioType("text/plain", "a.txt");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().HttpStatus(), 415);
  EXPECT_FALSE(DetectAudioType("", "").has_value());
}

TEST(AudioContainerTest, ValidWav) {
  EXPECT_TRUE(CheckAudioContainer(kWav, Riff(Fmt(1, 1, 16000, 16) + "data" + Le32(2) + "ab")));
  // Chunks before fmt (LIST) are skipped; odd sizes are padded.
  EXPECT_TRUE(CheckAudioContainer(kWav, Riff("LIST" + Le32(3) + "abc" + std::string(1, '\0') +
                                             Fmt(3, 2, 48000, 32) + "data" + Le32(0))));
}

TEST(AudioContainerTest, BrokenWavIs422WithReason) {
  struct Case {
    std::string bytes;
    const char* reason;
  };
  const Case cases[] = {
      {"RIFF", "no RIFF/WAVE header"},
      {"RIFX0000WAVE", "no RIFF/WAVE header"},
      {Riff(""), "no fmt chunk"},
      {Riff(Fmt(1, 1, 16000, 16)), "no data chunk"},
      {Riff("data" + Le32(0) + Fmt(1, 1, 16000, 16)), "before its fmt chunk"},
      {Riff(Fmt(2, 1, 16000, 16) + "data" + Le32(0)), "Unsupported WAV encoding"},
      {Riff(Fmt(1, 0, 16000, 16) + "data" + Le32(0)), "channel count"},
      {Riff(Fmt(1, 1, 0, 16) + "data" + Le32(0)), "sample rate"},
      {Riff(Fmt(1, 1, 16000, 12) + "data" + Le32(0)), "bits per sample"},
      {Riff("fmt " + Le32(16) + "abc"), "truncated"},
  };
  for (const Case& c : cases) {
    const auto r = CheckAudioContainer(kWav, c.bytes);
    ASSERT_FALSE(r.has_value()) << c.reason;
    EXPECT_EQ(r.error().HttpStatus(), 422);
    EXPECT_EQ(r.error().code, "INVALID_AUDIO");
    EXPECT_NE(r.error().message.find(c.reason), std::string::npos) << r.error().message;
  }
}

TEST(AudioContainerTest, MagicBytesOfOtherFormats) {
  EXPECT_TRUE(CheckAudioContainer({"mp3", "audio/mpeg"}, "ID3\x04rest"));
  EXPECT_TRUE(CheckAudioContainer({"mp3", "audio/mpeg"}, "\xFF\xFB\x90\x00"));
  EXPECT_FALSE(CheckAudioContainer({"mp3", "audio/mpeg"}, "<html>"));
  EXPECT_TRUE(CheckAudioContainer({"ogg", "audio/ogg"}, std::string("OggS\0\x02", 6)));
  EXPECT_FALSE(CheckAudioContainer({"ogg", "audio/ogg"}, "Ogg"));
  EXPECT_TRUE(CheckAudioContainer({"webm", "audio/webm"}, "\x1A\x45\xDF\xA3\x9F"));
  EXPECT_FALSE(CheckAudioContainer({"webm", "audio/webm"}, "RIFF"));
  EXPECT_TRUE(CheckAudioContainer({"m4a", "audio/mp4"}, std::string("\0\0\0\x20", 4) + "ftypM4A "));
  EXPECT_FALSE(CheckAudioContainer({"m4a", "audio/mp4"}, "ftyp"));
  EXPECT_TRUE(CheckAudioContainer({"flac", "audio/flac"}, "fLaC\0"));
  EXPECT_TRUE(CheckAudioContainer({"raw", "audio/L16"}, "abcd"));
  EXPECT_FALSE(CheckAudioContainer({"raw", "audio/L16"}, "abc"));
  EXPECT_FALSE(CheckAudioContainer({"raw", "audio/L16"}, ""));
}

}  // namespace
}  // namespace carevoice::api
