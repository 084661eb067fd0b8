// Speed of the full NLU analysis (spelling + company + sentiment + coarse/fine intent) on
// realistic lines, with and without the speller, and on misspelt lines.
// Run: cmake -S . -B build-nlub -G Ninja -DCAREVOICE_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release
//      && cmake --build build-nlub --target nlu_benchmark && build-nlub/bin/nlu_benchmark
// Needs the trained models in $CAREVOICE_SOURCE_DIR/models (default: ./models).

#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "nlu/company.hpp"
#include "nlu/nlu.hpp"
#include "nlu/sentiment.hpp"
#include "nlu/title.hpp"

namespace {

constexpr std::array<std::string_view, 16> kLines = {
    "hi",
    "where is my order? it's been 2 weeks!!!",
    "I want to cancel my Netflix membership",
    "can you tell me your hours on Sunday?",
    "My Amazon package says delivered but it's not here",
    "There are charges on my card I didn't make, I think my account was hacked",
    "thanks so much, that fixed it 😊",
    "I'd like to order two large pepperoni pizzas for delivery",
    "THIS IS UNACCEPTABLE. I WANT A REFUND NOW",
    "the app is nice but it keeps logging me out",
    "how do I reset my password?",
    "@UPSHelp tracking hasn't updated in 4 days, this is the third time I'm asking",
    "our target date for the move is next Friday, can you deliver before then?",
    "I'm not happy with the service, the driver was rude and the food was cold",
    "does the Spotify family plan cover 6 people?",
    "my internet is down and I have a work deadline in an hour",
};

std::string ModelDir() {
  const char* dir = std::getenv("CAREVOICE_SOURCE_DIR");
  return std::string(dir == nullptr ? "." : dir) + "/models";
}

// The same lines, each with one word misspelt as customers do ("pamyent").
constexpr std::array<std::string_view, 8> kMisspeltLines = {
    "where is my oder? it's been 2 weeks!!!",
    "I want to cancle my Netflix membership",
    "can you tell me your hours on Sundya?",
    "There are charges on my card I didn't make, I think my acount was hacked",
    "I'd like to order two large pepperoni pizzas for delievry",
    "how do I reset my pasword?",
    "can I talk to a real pesron please",
    "my internet is down and I have a work deadlnie in an hour",
};

// Analyze over `lines`, with the default speller (nlu/spelling.hpp) or none.
template <std::size_t N>
void Analyze(benchmark::State& state, const std::array<std::string_view, N>& lines, bool spelling) {
  auto loaded =
      spelling ? carevoice::nlu::LoadNlu(ModelDir()) : carevoice::nlu::LoadNlu(ModelDir(), nullptr);
  if (!loaded) {
    state.SkipWithError(loaded.error().message.c_str());
    return;
  }
  const std::unique_ptr<carevoice::nlu::Nlu> nlu = std::move(*loaded);
  std::size_t i = 0;
  for (auto _ : state) {
    auto m = nlu->Analyze(lines[i], nullptr);
    benchmark::DoNotOptimize(m);
    i = (i + 1) % lines.size();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_NluAnalyze(benchmark::State& state) { Analyze(state, kLines, true); }
BENCHMARK(BM_NluAnalyze);
void BM_NluAnalyzeWithoutSpelling(benchmark::State& state) { Analyze(state, kLines, false); }
BENCHMARK(BM_NluAnalyzeWithoutSpelling);
void BM_NluAnalyzeMisspelt(benchmark::State& state) { Analyze(state, kMisspeltLines, true); }
BENCHMARK(BM_NluAnalyzeMisspelt);

// The worst message the API accepts for the speller: 10,000 characters, every other word made up
// (less than half unknown, so it is not taken for another language).
void BM_NluAnalyzeHostile(benchmark::State& state) {
  std::string hostile;
  for (int i = 0; hostile.size() < 9990; ++i) {
    hostile += "please ";
    hostile += static_cast<char>('b' + i % 20);
    hostile += "qzvkx ";
  }
  hostile.resize(9990);
  const std::array<std::string_view, 1> lines = {hostile};
  Analyze(state, lines, true);
}
BENCHMARK(BM_NluAnalyzeHostile);

void BM_Sentiment(benchmark::State& state) {
  const carevoice::nlu::SentimentAnalyzer analyzer;
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = analyzer.Analyze(kLines[i]);
    benchmark::DoNotOptimize(r);
    i = (i + 1) % kLines.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Sentiment);

void BM_Company(benchmark::State& state) {
  const carevoice::nlu::CompanyDetector detector;
  std::size_t i = 0;
  for (auto _ : state) {
    auto r = detector.Detect(kLines[i], "Contoso Dental");
    benchmark::DoNotOptimize(r);
    i = (i + 1) % kLines.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Company);

void BM_Title(benchmark::State& state) {
  carevoice::nlu::TitleInput input;
  input.user_texts = {kLines[1], kLines[4], kLines[9]};
  input.company = "amazon";
  input.sentiment = "negative";
  for (auto _ : state) {
    auto t = carevoice::nlu::MakeConversationTitle(input);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_Title);

}  // namespace

BENCHMARK_MAIN();
