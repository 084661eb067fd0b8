#include "voice/voices.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace carevoice::voice {
namespace {

// Speaks each sentence as two pieces whose samples are the sentence's length; counts the
// sentences it was asked for.
class CountingTts final : public Tts {
 public:
  core::Result<void> SynthesizeStream(std::string_view text, std::string_view /*voice*/,
                                      const PcmSink& sink) override {
    asked.emplace_back(text);
    if (fail) return core::Error::Unavailable("engine down");
    for (int i = 0; i < 2; ++i) {
      Pcm piece;
      piece.sample_rate = 16000;
      piece.channels = 1;
      piece.samples.assign(100, static_cast<std::int16_t>(text.size() + i));
      if (!sink(piece)) return {};
    }
    return {};
  }
  std::vector<VoiceInfo> Voices() const override { return {{"v", "V", "fake", "en-US", ""}}; }
  std::vector<std::string> asked;
  bool fail = false;
};

std::vector<Pcm> Spoken(Tts& tts, std::string_view text, std::string_view voice, int keep = -1) {
  std::vector<Pcm> out;
  auto done = tts.SynthesizeStream(text, voice, [&](const Pcm& p) {
    out.push_back(p);
    return keep < 0 || static_cast<int>(out.size()) < keep;
  });
  EXPECT_TRUE(done);
  return out;
}

TEST(CachingTtsTest, ASentenceSpokenBeforeIsHandedOverWithoutTheEngine) {
  auto inner = std::make_unique<CountingTts>();
  CountingTts* engine = inner.get();
  auto tts = MakeCachingTts(std::move(inner), 1 << 20);
  const auto first = Spoken(*tts, "Hello there. How can I help?", "slt");
  EXPECT_EQ(engine->asked, (std::vector<std::string>{"Hello there.", "How can I help?"}));
  const auto again = Spoken(*tts, "How can I help? Hello there.", "slt");
  EXPECT_EQ(engine->asked.size(), 2u);  // Both sentences came from the cache.
  ASSERT_EQ(again.size(), 4u);
  EXPECT_EQ(again[0].samples, first[2].samples);
  EXPECT_EQ(again[2].samples, first[0].samples);
  // Another voice is another sentence.
  Spoken(*tts, "Hello there.", "awb");
  EXPECT_EQ(engine->asked.size(), 3u);
  EXPECT_EQ(tts->Voices().size(), 1u);
}

TEST(CachingTtsTest, KeepsOnlyWholeSentencesAndStaysWithinItsBudget) {
  auto inner = std::make_unique<CountingTts>();
  CountingTts* engine = inner.get();
  // Each sentence is 2 × 100 samples (400 bytes) plus its key: two fit, not three.
  auto tts = MakeCachingTts(std::move(inner), 900);
  Spoken(*tts, "One.", "", 1);  // Stopped after the first piece: not kept.
  Spoken(*tts, "One.", "");
  EXPECT_EQ(engine->asked.size(), 2u);
  Spoken(*tts, "Two.", "");
  Spoken(*tts, "One.", "");  // Still kept, and now the most recent.
  EXPECT_EQ(engine->asked.size(), 3u);
  Spoken(*tts, "Three.", "");  // Drops "Two.", the least recently used.
  Spoken(*tts, "One.", "");
  EXPECT_EQ(engine->asked.size(), 4u);
  Spoken(*tts, "Two.", "");
  EXPECT_EQ(engine->asked.size(), 5u);
  // A failure is passed on, and nothing is kept.
  engine->fail = true;
  EXPECT_FALSE(tts->SynthesizeStream("Four.", "", [](const Pcm&) { return true; }));
  EXPECT_FALSE(tts->SynthesizeStream("Four.", "", [](const Pcm&) { return true; }));
  EXPECT_EQ(engine->asked.size(), 7u);
}

TEST(CachingTtsTest, ZeroBudgetIsTheEngineItself) {
  auto inner = std::make_unique<CountingTts>();
  Tts* engine = inner.get();
  EXPECT_EQ(MakeCachingTts(std::move(inner), 0).get(), engine);
}

}  // namespace
}  // namespace carevoice::voice
