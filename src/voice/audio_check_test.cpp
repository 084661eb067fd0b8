#include "voice/audio_check.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace carevoice::voice {
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

// Real first bytes of each container, as recorders and encoders write them.
std::string Bytes(std::initializer_list<int> bytes, std::string_view tail = "") {
  std::string s;
  for (const int b : bytes) s += static_cast<char>(b);
  return s + std::string(tail);
}
// Chrome's MediaRecorder (audio/webm;codecs=opus): EBML header, DocType "webm".
const std::string kWebmOpus =
    Bytes({0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81,
           0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84},
          "webm") +
    Bytes({0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02, 0x18, 0x53, 0x80, 0x67});
// Firefox's MediaRecorder (audio/ogg;codecs=opus): an Ogg page holding "OpusHead".
const std::string kOggOpus =
    Bytes({'O',  'g',  'g',  'S',  0x00, 0x02, 0, 0, 0,    0,    0,    0,    0,    0,
           0x5A, 0x1C, 0x3B, 0x07, 0,    0,    0, 0, 0x9E, 0x3D, 0x43, 0x1A, 0x01, 0x13},
          "OpusHead") +
    Bytes({0x01, 0x01, 0x38, 0x01, 0x80, 0xBB, 0, 0, 0, 0, 0});
const std::string kId3Mp3 = Bytes({'I', 'D', '3', 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x23});
const std::string kFrameMp3 = Bytes({0xFF, 0xFB, 0x90, 0x64, 0x00, 0x0F});  // MPEG-1 layer III.
const std::string kFlac = Bytes({'f', 'L', 'a', 'C', 0x00, 0x00, 0x00, 0x22, 0x10, 0x00});
const std::string kM4a =
    Bytes({0x00, 0x00, 0x00, 0x20}, "ftypM4A ") + Bytes({0, 0, 0, 0}, "M4A mp42");

TEST(SniffAudioTypeTest, RecognisesEachContainerFromItsFirstBytes) {
  const std::string wav = Riff(Fmt(1, 1, 16000, 16) + "data" + Le32(2) + "ab");
  const struct {
    const std::string& bytes;
    const char* extension;
    const char* mime;
  } cases[] = {{wav, "wav", "audio/wav"},        {kWebmOpus, "webm", "audio/webm"},
               {kOggOpus, "ogg", "audio/ogg"},   {kId3Mp3, "mp3", "audio/mpeg"},
               {kFrameMp3, "mp3", "audio/mpeg"}, {kFlac, "flac", "audio/flac"},
               {kM4a, "m4a", "audio/mp4"}};
  for (const auto& c : cases) {
    const std::optional<AudioType> type = SniffAudioType(c.bytes);
    ASSERT_TRUE(type.has_value()) << c.extension;
    EXPECT_EQ(type->extension, c.extension);
    EXPECT_EQ(type->mime_type, c.mime);
  }
}

TEST(SniffAudioTypeTest, NotAudioIsNotSniffed) {
  for (const std::string& bytes :
       {Bytes({0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}), std::string("%PDF-1.7\n"),
        std::string("<html><body>"), std::string("#!/bin/sh\necho hi\n"),
        Bytes({0xFF, 0xFB, 0xF0, 0x00}),  // Bitrate index 15 is "bad".
        Bytes({0xFF, 0xF1, 0x50, 0x80}),  // ADTS AAC: layer 00 is not MPEG audio.
        Bytes({0xFF, 0xEB, 0x90, 0x00}),  // Reserved MPEG version.
        Bytes({'R', 'I', 'F', 'F', 0, 0, 0, 0, 'A', 'V', 'I', ' '}),
        std::string("OggS").substr(0, 3), std::string()}) {
    EXPECT_FALSE(SniffAudioType(bytes).has_value()) << bytes;
  }
}

TEST(DetectUploadedAudioTest, MediaRecorderWebmLabelledWavIsStoredAsWebm) {
  // What the old frontend sends: WebM/Opus as audio/wav, file name "blob".
  auto type = DetectUploadedAudio("audio/wav", "blob", kWebmOpus);
  ASSERT_TRUE(type) << type.error().message;
  EXPECT_EQ(type->extension, "webm");
  EXPECT_EQ(type->mime_type, "audio/webm");
  type = DetectUploadedAudio("audio/wav", "blob", kOggOpus);
  ASSERT_TRUE(type);
  EXPECT_EQ(type->extension, "ogg");
  // No declared type at all.
  type = DetectUploadedAudio("", "", kFlac);
  ASSERT_TRUE(type);
  EXPECT_EQ(type->extension, "flac");
  type = DetectUploadedAudio("application/octet-stream", "voice", kM4a);
  ASSERT_TRUE(type);
  EXPECT_EQ(type->extension, "m4a");
}

TEST(DetectUploadedAudioTest, NotAudioIsRefusedWithAClearCode) {
  auto labelled_audio = DetectUploadedAudio("audio/wav", "blob", "definitely not audio");
  ASSERT_FALSE(labelled_audio);
  EXPECT_EQ(labelled_audio.error().HttpStatus(), 422);
  EXPECT_EQ(labelled_audio.error().code, "INVALID_AUDIO");
  auto script = DetectUploadedAudio("application/x-sh", "x.sh", "#!/bin/sh\necho hi\n");
  ASSERT_FALSE(script);
  EXPECT_EQ(script.error().HttpStatus(), 415);
  EXPECT_EQ(script.error().code, "UNSUPPORTED_MEDIA_TYPE");
  // A sniffed WAV is still checked in full.
  auto broken_wav = DetectUploadedAudio("audio/webm", "a.webm", Riff(""));
  ASSERT_FALSE(broken_wav);
  EXPECT_EQ(broken_wav.error().code, "INVALID_AUDIO");
  EXPECT_FALSE(DetectUploadedAudio("audio/wav", "a.wav", ""));
}

TEST(DetectUploadedAudioTest, RawPcmIsTakenAsDeclared) {
  // PCM has no header; bytes that happen to look like an MPEG frame stay raw.
  auto raw = DetectUploadedAudio("audio/L16", "", kFrameMp3);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->extension, "raw");
  EXPECT_FALSE(DetectUploadedAudio("audio/L16", "", "abc"));  // Odd length.
}

}  // namespace
}  // namespace carevoice::voice
