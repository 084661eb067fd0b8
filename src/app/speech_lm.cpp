#include "app/speech_lm.hpp"

#include <chrono>
#include <fstream>

#include "nlu/training/trainer.hpp"
#include "voice/ngram_lm.hpp"

namespace carevoice::app {

core::Result<std::string> TrainSpeechLm(const std::string& data_dir, const std::string& own_dir,
                                        const std::string& out_path) {
  const auto start = std::chrono::steady_clock::now();
  auto corpus = nlu::training::LoadIntentCorpus(data_dir, own_dir);
  if (!corpus) return corpus.error();
  voice::NgramLm lm;
  std::size_t sentences = 0;
  for (const auto* part : {&corpus->bitext_train, &corpus->bitext_test, &corpus->banking77,
                           &corpus->clinc_train, &corpus->own}) {
    for (const nlu::training::Example& e : *part) {
      lm.AddText(e.text);
      ++sentences;
    }
  }
  lm.Build(/*min_count=*/2);
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << lm.ToArpa();
  out.close();
  if (!out) return core::Error::Unavailable("cannot write " + out_path);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  return "speech LM: " + std::to_string(sentences) + " sentences, " + std::to_string(lm.Size(1)) +
         " unigrams, " + std::to_string(lm.Size(2)) + " bigrams, " + std::to_string(lm.Size(3)) +
         " trigrams -> " + out_path + " (" + std::to_string(ms) + " ms)\n";
}

}  // namespace carevoice::app
