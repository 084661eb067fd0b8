#include "voice/pcm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "voice/mp3.hpp"
#include "voice/resampler.hpp"
#include "voice/wer.hpp"

namespace carevoice::voice {
namespace {

Pcm Sine(int rate, int channels, double seconds, double hz = 440) {
  Pcm pcm;
  pcm.sample_rate = rate;
  pcm.channels = channels;
  const auto frames = static_cast<std::size_t>(rate * seconds);
  for (std::size_t i = 0; i < frames; ++i) {
    const auto v = static_cast<std::int16_t>(
        8000 * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate));
    for (int c = 0; c < channels; ++c) pcm.samples.push_back(v);
  }
  return pcm;
}

TEST(WavTest, EncodeDecodeRoundTrip) {
  const Pcm pcm = Sine(22050, 2, 0.1);
  const std::string wav = EncodeWav(pcm);
  EXPECT_EQ(wav.size(), 44 + pcm.samples.size() * 2);
  auto back = DecodeWav(wav);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->sample_rate, 22050);
  EXPECT_EQ(back->channels, 2);
  EXPECT_EQ(back->samples, pcm.samples);
  EXPECT_NEAR(back->Seconds(), 0.1, 0.001);
}

TEST(WavTest, BrokenOrHostileWavIsInvalidAudio) {
  const std::string good = EncodeWav(Sine(16000, 1, 0.01));
  for (const std::string& bad :
       {std::string(), std::string("RIFF"), std::string("RIFF\x10\0\0\0WAVE", 12),
        good.substr(0, 30), std::string("RIFF\0\0\0\0WAVEdata\4\0\0\0abcd", 24)}) {
    auto r = DecodeWav(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().HttpStatus(), 422u);
    EXPECT_EQ(r.error().code, "INVALID_AUDIO");
  }
  // A chunk size pointing far past the end, a zero channel count, 12-bit samples.
  std::string huge = good;
  huge[16] = '\xFF';
  huge[17] = '\xFF';
  huge[18] = '\xFF';
  huge[19] = '\x7F';
  EXPECT_FALSE(DecodeWav(huge));
  std::string no_channels = good;
  no_channels[22] = 0;
  EXPECT_FALSE(DecodeWav(no_channels));
  std::string odd_bits = good;
  odd_bits[34] = 12;
  EXPECT_FALSE(DecodeWav(odd_bits));
}

TEST(WavTest, TruncatedDataIsReadToTheEnd) {
  const std::string good = EncodeWav(Sine(8000, 1, 0.05));
  auto r = DecodeWav(good.substr(0, good.size() - 101));  // Ends mid-sample.
  ASSERT_TRUE(r);
  EXPECT_EQ(r->samples.size(), (good.size() - 101 - 44) / 2);
}

TEST(WavTest, EightBitAndFloat) {
  std::string wav = EncodeWav(Sine(8000, 1, 0.01));
  // 8-bit unsigned: rewrite the header fields (block align 1, bits 8).
  std::string eight = wav;
  eight[32] = 1;
  eight[34] = 8;
  auto r = DecodeWav(eight);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->samples.size(), wav.size() - 44);
}

TEST(MuLawTest, RoundTripIsClose) {
  for (int v : {0, 1, -1, 100, -100, 1000, -1000, 8000, -8000, 32767, -32768}) {
    const auto s = static_cast<std::int16_t>(v);
    const int back = MuLawDecode(MuLawEncode(s));
    EXPECT_LE(std::abs(back - v), std::max(8, std::abs(v) / 16)) << v;
  }
  EXPECT_EQ(MuLawEncode(static_cast<std::int16_t>(0)), 0xFF);
  const std::vector<std::int16_t> samples{0, 500, -500};
  EXPECT_EQ(MuLawDecode(MuLawEncode(samples)).size(), 3u);
}

TEST(ResamplerTest, AnyRateAndChannelsToSpeechFormat) {
  for (int rate : {8000, 11025, 22050, 44100, 48000}) {
    const Pcm out = ToSpeechFormat(Sine(rate, 2, 0.5));
    EXPECT_EQ(out.sample_rate, 16000);
    EXPECT_EQ(out.channels, 1);
    EXPECT_NEAR(static_cast<double>(out.samples.size()), 8000.0, 200.0) << rate;
  }
  const Pcm same = ToSpeechFormat(Sine(16000, 1, 0.1));
  EXPECT_EQ(same.samples.size(), 1600u);
}

TEST(Mp3Test, EncodesMpegFrames) {
  auto mp3 = EncodeMp3(Sine(16000, 1, 1.0));
  ASSERT_TRUE(mp3) << mp3.error().message;
  ASSERT_GT(mp3->size(), 1000u);
  EXPECT_EQ(static_cast<unsigned char>((*mp3)[0]), 0xFF);
  EXPECT_EQ(static_cast<unsigned char>((*mp3)[1]) & 0xE0, 0xE0);
  EXPECT_TRUE(EncodeMp3(Sine(7000, 3, 0.2)));  // Resampled to a rate MP3 has.
}

TEST(DecodeAudioTest, ContainersThatAreNotDecodedSaySo) {
  auto webm = DecodeAudio("\x1A\x45\xDF\xA3xxxx", "audio/webm");
  ASSERT_FALSE(webm);
  EXPECT_EQ(webm.error().HttpStatus(), 415u);
  EXPECT_EQ(webm.error().code, "UNSUPPORTED_AUDIO_CODEC");
  auto raw = DecodeAudio(std::string("\1\0\2\0", 4), "audio/L16");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->samples, (std::vector<std::int16_t>{1, 2}));
  EXPECT_FALSE(DecodeAudio("abc", "audio/L16"));
}

TEST(WerTest, CountsEdits) {
  EXPECT_EQ(WordErrors("the cat sat", "the cat sat").errors, 0u);
  const WerCount w = WordErrors("<s> the cat sat </s> (id-1)", "the bat sat down");
  EXPECT_EQ(w.words, 3u);
  EXPECT_EQ(w.errors, 2u);
  EXPECT_EQ(WerWords("Twenty-five, dollars!"),
            (std::vector<std::string>{"twenty", "five", "dollars"}));
}

TEST(WerTest, SpellingVariantsOfTheSameWordsAreNoErrors) {
  EXPECT_EQ(
      ScoringWords("I'm sure we can't, they'll see"),
      (std::vector<std::string>{"i", "am", "sure", "we", "can", "not", "they", "will", "see"}));
  EXPECT_EQ(WordErrors("I am sorry", "i'm sorry").errors, 0u);
  EXPECT_EQ(WordErrors("it won't work", "it will not work").errors, 0u);
  // "9 a.m.", "nine a m" and "nine am" are one time of day; a lone "a" or "m" is untouched.
  EXPECT_EQ(WordErrors("open from nine a m to five p m", "open from nine am to five pm").errors,
            0u);
  EXPECT_EQ(WordErrors("from 9 a.m.", "from 9 am").errors, 0u);
  EXPECT_EQ(ScoringWords("a cat and an m"),
            (std::vector<std::string>{"a", "cat", "and", "an", "m"}));
  // Real mistakes still count; "it's" stays (is or has) and so does "we'd" (had or would).
  EXPECT_EQ(WordErrors("I am sorry", "hi i'm sorry").errors, 1u);
  EXPECT_EQ(WordErrors("it is here", "it's here").errors, 2u);
  EXPECT_EQ(WordErrors("nine a m", "nine i m").errors, 2u);
}

}  // namespace
}  // namespace carevoice::voice
