// The real engines: Flite and espeak-ng synthesis, PocketSphinx recognition, the TTS → STT round
// trip over customer-service sentences, and the recogniser's WER on real speech
// (../shared/data/speech, LibriVox) against PocketSphinx's own recorded baseline.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "voice/customer_sentences.hpp"
#include "voice/espeak/espeak_tts.hpp"
#include "voice/flite/flite_tts.hpp"
#include "voice/pocketsphinx/sphinx_stt.hpp"
#include "voice/resampler.hpp"
#include "voice/speech_text.hpp"
#include "voice/stt_bias.hpp"
#include "voice/wer.hpp"

namespace carevoice::voice {
namespace {

namespace fs = std::filesystem;

// ../shared/data/speech next to the repository: CAREVOICE_SHARED_DIR (CTest sets it), else found
// from this file's path.
fs::path SpeechDir() {
  if (const char* env = std::getenv("CAREVOICE_SHARED_DIR"); env != nullptr && *env != '\0') {
    return fs::path(env) / "data" / "speech";
  }
  return fs::absolute(fs::path(__FILE__)).parent_path() / ".." / ".." / ".." / "shared" / "data" /
         "speech";
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class EnginesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tts_ = MakeFliteTts();
    auto stt = MakeSphinxStt();
    ASSERT_TRUE(stt) << stt.error().message;
    stt_ = std::move(*stt);
  }
  static void TearDownTestSuite() {
    tts_.reset();
    stt_.reset();
  }
  static inline std::unique_ptr<Tts> tts_;
  static inline std::unique_ptr<Stt> stt_;
};

TEST_F(EnginesTest, FliteListsItsVoicesAndStreamsSentenceBySentence) {
  std::vector<std::string> ids;
  for (const VoiceInfo& v : tts_->Voices()) ids.push_back(v.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"slt", "awb", "rms", "kal"}));
  // Pieces as Flite makes them: a sentence's first audio reaches the sink while the rest of it
  // is still being synthesised (the sink is called from inside the synthesis), and the pieces
  // add up to the whole.
  const std::string text = "Hello there. Your order has shipped! Anything else?";
  int chunks = 0;
  std::size_t streamed = 0;
  auto r = tts_->SynthesizeStream(text, "", [&](const Pcm& pcm) {
    EXPECT_GT(pcm.samples.size(), 0u);
    ++chunks;
    streamed += pcm.samples.size();
    return true;
  });
  ASSERT_TRUE(r);
  EXPECT_GT(chunks, 10);
  auto whole = tts_->SynthesizePcm(text, "");
  ASSERT_TRUE(whole);
  EXPECT_EQ(streamed, whole->samples.size());
  int first_sentence_chunks = 0;
  ASSERT_TRUE(tts_->SynthesizeStream("Your refund of $25 was sent to your card today.", "slt",
                                     [&](const Pcm&) {
                                       ++first_sentence_chunks;
                                       return true;
                                     }));
  EXPECT_GT(first_sentence_chunks, 5);

  // A sink returning false stops it.
  chunks = 0;
  ASSERT_TRUE(tts_->SynthesizeStream("One. Two. Three.", "kal", [&](const Pcm&) {
    ++chunks;
    return false;
  }));
  EXPECT_EQ(chunks, 1);
  for (const char* voice : {"slt", "awb", "rms", "kal", "unknown"}) {
    auto audio = tts_->Synthesize("Thank you.", voice, "audio/wav");
    ASSERT_TRUE(audio) << voice;
    auto pcm = DecodeWav(audio->bytes);
    ASSERT_TRUE(pcm);
    EXPECT_GT(pcm->Seconds(), 0.3) << voice;
  }
  auto mp3 = tts_->Synthesize("Thank you.", "");
  ASSERT_TRUE(mp3);
  EXPECT_EQ(mp3->mime_type, "audio/mpeg");
}

TEST_F(EnginesTest, EspeakSpeaksOtherLanguages) {
  auto espeak = MakeEspeakTts();
  ASSERT_NE(espeak, nullptr);
  bool has_french = false;
  std::string ids;
  for (const VoiceInfo& v : espeak->Voices()) {
    has_french = has_french || v.id == "espeak:fr-fr";
    ids += v.id + " ";
  }
  EXPECT_TRUE(has_french) << ids;
  auto pcm = espeak->SynthesizePcm("Bonjour, comment puis-je vous aider ?", "espeak:fr");
  ASSERT_TRUE(pcm) << pcm.error().message;
  EXPECT_GT(pcm->Seconds(), 1.0);
}

TEST_F(EnginesTest, RecognitionIsIncrementalWithPartialHypotheses) {
  auto pcm = tts_->SynthesizePcm("I would like a refund for my last order.", "");
  ASSERT_TRUE(pcm);
  const Pcm speech = ToSpeechFormat(*pcm);
  auto stream = stt_->Start();
  ASSERT_TRUE(stream);
  std::string partial;
  constexpr std::size_t kFrame = 1600;  // 100 ms.
  for (std::size_t at = 0; at < speech.samples.size(); at += kFrame) {
    const std::size_t n = std::min(kFrame, speech.samples.size() - at);
    ASSERT_TRUE((*stream)->Accept(std::span(speech.samples).subspan(at, n)));
    if (partial.empty()) partial = (*stream)->Partial();
  }
  auto final_text = (*stream)->Finish();
  ASSERT_TRUE(final_text);
  EXPECT_FALSE(partial.empty());
  EXPECT_NE(final_text->find("refund"), std::string::npos) << *final_text;
}

// The round trip with the stock model and with a store agent's biased model, in the same run.
TEST_F(EnginesTest, TtsToSttRoundTripOnCustomerServiceSentences) {
  const SttBias bias = AgentSttBias(TestStoreAgent());
  WerCount stock_total;
  WerCount biased_total;
  double audio_seconds = 0;
  double decode_seconds = 0;
  ASSERT_TRUE(stt_->Start(bias));  // Builds the agent's recogniser (timed in the next test).
  for (std::string_view sentence : kCustomerSentences) {
    auto audio = tts_->Synthesize(sentence, "", "audio/wav");
    ASSERT_TRUE(audio);
    audio_seconds += DecodeWav(audio->bytes)->Seconds();
    const std::string reference = NormalizeForSpeech(sentence);
    auto stock = stt_->Transcribe(*audio);
    ASSERT_TRUE(stock) << stock.error().message;
    stock_total += WordErrors(reference, *stock);
    const auto start = std::chrono::steady_clock::now();
    auto heard = stt_->Transcribe(*audio, bias);
    decode_seconds += Seconds(start);
    ASSERT_TRUE(heard) << heard.error().message;
    const WerCount w = WordErrors(reference, *heard);
    biased_total += w;
    if (w.errors > 0) std::printf("  ref: %s\n  hyp: %s\n", reference.c_str(), heard->c_str());
    if (*heard != *stock) std::printf("  (stock: %s)\n", stock->c_str());
  }
  std::printf("TTS->STT WER: stock %.1f%% (%zu/%zu words), agent-biased %.1f%% (%zu/%zu)\n",
              100 * stock_total.Rate(), stock_total.errors, stock_total.words,
              100 * biased_total.Rate(), biased_total.errors, biased_total.words);
  std::printf("biased decode real-time factor: %.3f (%.1f s of audio)\n",
              decode_seconds / audio_seconds, audio_seconds);
  EXPECT_GE(biased_total.words, 250u);
  EXPECT_LE(stock_total.Rate(), 0.20);
  // The bias must not cost on sentences outside the agent's words: its model scores only the
  // words outside the stock model's 20,000 most probable (SphinxConfig::agent_common_words).
  // When it scored every word, its trigrams flipped function words (measured 2026-12-02: this
  // test alone stock 9.3%, biased 10.4%). 2026-12-05, whole suite: 10.1% both. Its gain is the
  // agent's own words (next).
  EXPECT_LE(biased_total.Rate(), stock_total.Rate() + 0.02);
}

// An agent's made-up product name: the stock and customer-service models cannot hear it (it is
// not even in the dictionary); the agent's biased recogniser does, and rebuilds when the agent
// changes.
TEST_F(EnginesTest, AgentBiasingHearsTheAgentsOwnProductNames) {
  Stt* stt = stt_.get();
  core::Agent agent;
  agent.id = "64b000000000000000000001";
  agent.name = "Mia";
  agent.company = "Quillon Home";
  agent.company_info = "Quillon Home sells the Zorblax blender and the Vexura kettle.";
  agent.knowledge = {{"How long is the Zorblax warranty?", "The Zorblax has a two year warranty."},
                     {"Can I return a Vexura kettle?", "Yes, within thirty days."}};
  const SttBias bias = AgentSttBias(agent);
  ASSERT_FALSE(bias.key.empty());
  const std::vector<std::string> sentences{"My Zorblax blender stopped working.",
                                           "I want to return the Vexura kettle.",
                                           "Is there a warranty on the Zorblax?"};
  std::size_t stock_hits = 0;
  std::size_t biased_hits = 0;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(stt->Start(bias));  // Builds the agent's model and its first recogniser.
  std::printf("agent model build + first recogniser: %.0f ms\n", 1000 * Seconds(start));
  for (const std::string& sentence : sentences) {
    auto audio = tts_->Synthesize(sentence, "", "audio/wav");
    ASSERT_TRUE(audio);
    auto plain = stt->Transcribe(*audio);
    auto biased = stt->Transcribe(*audio, bias);
    ASSERT_TRUE(plain && biased);
    std::printf("  %s\n    unbiased: %s\n    biased:   %s\n", sentence.c_str(), plain->c_str(),
                biased->c_str());
    const bool product = sentence.find("Zorblax") != std::string::npos;
    const std::string name = product ? "zorblax" : "vexura";
    stock_hits += plain->find(name) != std::string::npos ? 1 : 0;
    biased_hits += biased->find(name) != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(stock_hits, 0u);
  EXPECT_EQ(biased_hits, sentences.size());
  // A streamed utterance with the bias hears it too.
  auto pcm = tts_->SynthesizePcm("Does the Vexura kettle come in red?", "");
  ASSERT_TRUE(pcm);
  const Pcm speech = ToSpeechFormat(*pcm);
  auto stream = stt->Start(bias);
  ASSERT_TRUE(stream);
  ASSERT_TRUE((*stream)->Accept(speech.samples));
  auto streamed = (*stream)->Finish();
  ASSERT_TRUE(streamed);
  EXPECT_NE(streamed->find("vexura"), std::string::npos) << *streamed;
  // Editing the agent changes the key: the new product is heard after the rebuild.
  agent.knowledge.push_back({"Do you sell the Plinthor toaster?", "Yes, the Plinthor is $40."});
  const SttBias edited = AgentSttBias(agent);
  EXPECT_NE(edited.key, bias.key);
  auto toaster = tts_->Synthesize("I bought a Plinthor toaster.", "", "audio/wav");
  ASSERT_TRUE(toaster);
  auto before = stt->Transcribe(*toaster, bias);
  auto after = stt->Transcribe(*toaster, edited);
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->find("plinthor"), std::string::npos) << *before;
  EXPECT_NE(after->find("plinthor"), std::string::npos) << *after;
}

// Live calls (StartWithoutWaiting) never wait for an agent's recogniser to be built: an
// unbiased stand-in hears the first utterance while the agent's is made in the background, and
// the agent's made-up product name is heard once it is there.
TEST_F(EnginesTest, LiveStreamsTakeUpTheAgentsRecogniserWithoutWaitingForIt) {
  auto made = MakeSphinxStt();  // Its own pools: nothing of this agent exists yet.
  ASSERT_TRUE(made) << made.error().message;
  Stt* stt = made->get();
  core::Agent agent;
  agent.id = "64b000000000000000000003";
  agent.company = "Quillon Home";
  agent.company_info = "Quillon Home sells the Zorblax blender and the Vexura kettle.";
  const SttBias bias = AgentSttBias(agent);
  auto pcm = tts_->SynthesizePcm("My Zorblax blender stopped working.", "");
  ASSERT_TRUE(pcm);
  const Pcm speech = ToSpeechFormat(*pcm);
  auto hear = [&](SttStream& stream) -> std::string {
    EXPECT_TRUE(stream.Accept(speech.samples));
    auto text = stream.Finish();
    EXPECT_TRUE(text);
    return text ? *text : std::string();
  };
  {  // One unbiased decoder exists (as STT_WARM_DECODERS makes them at start-up).
    auto warm = stt->Start();
    ASSERT_TRUE(warm);
    ASSERT_TRUE((*warm)->Finish());
  }
  const auto start = std::chrono::steady_clock::now();
  auto first = stt->StartWithoutWaiting(bias);
  const double first_seconds = Seconds(start);
  ASSERT_TRUE(first) << first.error().message;
  const std::string stand_in = hear(**first);
  // The stand-in is the stock model, which does not know the word (it is not in its dictionary).
  EXPECT_EQ(stand_in.find("zorblax"), std::string::npos) << stand_in;
  std::string heard;
  int attempts = 0;
  while (heard.find("zorblax") == std::string::npos && Seconds(start) < 120) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto next = stt->StartWithoutWaiting(bias);
    ASSERT_TRUE(next) << next.error().message;
    heard = hear(**next);
    ++attempts;
  }
  std::printf(
      "live stream start %.0f ms (stand-in: %s); the agent's recogniser after %.1f s, %d "
      "tries: %s\n",
      1000 * first_seconds, stand_in.c_str(), Seconds(start), attempts, heard.c_str());
  EXPECT_NE(heard.find("zorblax"), std::string::npos) << heard;
}

// Live calls search a reduced vocabulary (SphinxConfig::stream_vocabulary: the stock model's most
// probable words): a word outside it is not heard on a plain stream, while voice messages keep
// the whole dictionary, and an agent's word outside it is added to the agent's recognisers.
TEST_F(EnginesTest, LiveCallsSearchAReducedVocabularyPlusTheAgentsWords) {
  SphinxConfig config;
  config.stream_vocabulary = 3000;  // "dishwasher" ranks about 13,000th in the stock model.
  auto made = MakeSphinxStt(config);
  ASSERT_TRUE(made) << made.error().message;
  Stt* stt = made->get();
  auto audio = tts_->Synthesize("My new dishwasher stopped working.", "", "audio/wav");
  ASSERT_TRUE(audio);
  const Pcm speech = ToSpeechFormat(*DecodeWav(audio->bytes));
  auto stream_text = [&](const SttBias& bias) -> std::string {
    auto stream = stt->Start(bias);
    EXPECT_TRUE(stream) << stream.error().message;
    if (!stream) return "";
    EXPECT_TRUE((*stream)->Accept(speech.samples));
    auto text = (*stream)->Finish();
    EXPECT_TRUE(text);
    return text ? *text : std::string();
  };
  const std::string plain = stream_text({});
  EXPECT_EQ(plain.find("dishwasher"), std::string::npos) << plain;
  EXPECT_NE(plain.find("working"), std::string::npos) << plain;  // The 325th word: in.
  auto file = stt->Transcribe(*audio);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_NE(file->find("dishwasher"), std::string::npos) << *file;
  core::Agent agent;
  agent.id = "64b000000000000000000004";
  agent.company = "Kitchen Fix";
  agent.company_info = "Kitchen Fix repairs every dishwasher and oven in town.";
  const std::string biased = stream_text(AgentSttBias(agent));
  EXPECT_NE(biased.find("dishwasher"), std::string::npos) << biased;
}

TEST_F(EnginesTest, LibriVoxWerIsNoWorseThanPocketSphinxsBaseline) {
  const fs::path dir = SpeechDir();
  ASSERT_TRUE(fs::exists(dir / "librivox.transcription")) << dir;
  // A fresh recogniser, as PocketSphinx's own baseline run was: its live cepstral mean adapts
  // across utterances, so what a decoder heard before (here: synthetic speech) shifts results.
  auto fresh = MakeSphinxStt();
  ASSERT_TRUE(fresh);
  std::ifstream refs(dir / "librivox.transcription");
  WerCount total;
  int files = 0;
  for (std::string line; std::getline(refs, line);) {
    const auto open = line.rfind('(');
    const auto dash = line.rfind('-');
    ASSERT_NE(open, std::string::npos);
    const std::string id = line.substr(dash + 1, line.rfind(')') - dash - 1);
    const std::string wav = ReadFile(dir / ("librivox_" + id + ".wav"));
    ASSERT_FALSE(wav.empty()) << id;
    auto heard = (*fresh)->Transcribe(Audio{wav, "audio/wav"});
    ASSERT_TRUE(heard) << heard.error().message;
    total += WordErrors(line.substr(0, open), *heard);
    ++files;
  }
  std::printf("LibriVox WER: %.1f%% over %d files (%zu words)\n", 100 * total.Rate(), files,
              total.words);
  EXPECT_EQ(files, 5);
  EXPECT_LE(total.Rate(), 0.282);
}

TEST_F(EnginesTest, BrokenAudioIsAClearError) {
  auto r = stt_->Transcribe(Audio{"RIFF\0\0\0\0WAVE", "audio/wav"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().HttpStatus(), 422u);
  auto webm = stt_->Transcribe(Audio{"\x1A\x45\xDF\xA3....", "audio/webm"});
  ASSERT_FALSE(webm);
  EXPECT_EQ(webm.error().HttpStatus(), 415u);
}

}  // namespace
}  // namespace carevoice::voice
