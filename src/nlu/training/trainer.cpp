#include "nlu/training/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>

namespace carevoice::nlu::training {
namespace {

// Per-source example weights: realistic hand-written lines count most; Banking77 is large and
// narrow, CLINC's personal-assistant requests are many and only teach "general".
float CoarseWeight(const Example& e) {
  if (e.source == "own") return 3.0f;
  if (e.source == "banking77") return 0.4f;
  if (e.source == "clinc150")
    return e.coarse == "general" && e.fine == "out_of_scope" ? 0.5f : 1.0f;
  return 1.0f;
}

TrainOptions CoarseOptions() {
  return TrainOptions{
      .epochs = 10, .learning_rate = 0.3f, .l2 = 1e-6f, .seed = 42, .class_balance = 0.5f};
}

TrainOptions FineOptions() {
  return TrainOptions{
      .epochs = 12, .learning_rate = 0.3f, .l2 = 1e-6f, .seed = 43, .class_balance = 0.5f};
}

}  // namespace

FeatureConfig IntentFeatureConfig() {
  return FeatureConfig{.num_buckets = 1u << 18,
                       .word_unigrams = true,
                       .word_bigrams = true,
                       .char_min_n = 2,
                       .char_max_n = 5,
                       .word_weight = 1.0f,
                       .char_weight = 1.0f,
                       .seed = 0};
}

core::Result<IntentCorpus> LoadIntentCorpus(const std::string& data_dir,
                                            const std::string& own_data_dir) {
  IntentCorpus corpus;
  auto bitext = LoadBitext(data_dir);
  if (!bitext) return bitext.error();
  StratifiedSplit(*bitext, kBitextTestFraction, kBitextSplitSeed, &corpus.bitext_train,
                  &corpus.bitext_test);
  auto banking = LoadBanking77(data_dir, own_data_dir + "/banking77_map.json");
  if (!banking) return banking.error();
  corpus.banking77 = std::move(*banking);
  const std::string clinc_map = own_data_dir + "/clinc150_map.json";
  for (const char* split : {"train", "oos_train"}) {
    auto part = LoadClinc(data_dir, clinc_map, split);
    if (!part) return part.error();
    corpus.clinc_train.insert(corpus.clinc_train.end(), part->begin(), part->end());
  }
  auto test = LoadClinc(data_dir, clinc_map, "test");
  if (!test) return test.error();
  corpus.clinc_test = std::move(*test);
  auto oos = LoadClinc(data_dir, clinc_map, "oos_test");
  if (!oos) return oos.error();
  corpus.clinc_oos_test = std::move(*oos);
  auto own = LoadExamplesTsv(own_data_dir + "/own_examples.tsv", "own");
  if (!own) return own.error();
  corpus.own = std::move(*own);
  return corpus;
}

std::unique_ptr<IntentClassifier> TrainIntentClassifier(const IntentCorpus& corpus,
                                                        const std::string& exclude_source) {
  const FeatureConfig config = IntentFeatureConfig();
  const FeatureExtractor extractor(config);
  FeatureScratch scratch;

  std::vector<SparseVector> coarse_x;
  std::vector<int> coarse_y;
  std::vector<float> coarse_w;
  std::vector<SparseVector> fine_x;
  std::vector<int> fine_y;
  std::vector<float> fine_w;
  std::vector<std::string> fine_labels;
  std::map<std::string, int> fine_index;

  auto add = [&](const std::vector<Example>& examples) {
    for (const Example& e : examples) {
      if (e.source == exclude_source) continue;
      int coarse = -1;
      for (int c = 0; c < kNumCoarseIntents; ++c) {
        if (kCoarseIntentNames[static_cast<std::size_t>(c)] == e.coarse) coarse = c;
      }
      if (coarse < 0) continue;
      SparseVector v;
      extractor.Extract(e.text, v, scratch);
      if (v.empty()) continue;
      // The fine model learns Bitext's intents, the hand-written fine labels and CLINC's
      // general fine labels (greeting, thanks, goodbye, chitchat, out_of_scope).
      const bool fine_source = e.source == "bitext" || e.source == "own" ||
                               (e.source == "clinc150" && e.coarse == "general");
      if (fine_source && !e.fine.empty()) {
        const std::string label = e.coarse + ":" + e.fine;
        auto [it, inserted] = fine_index.try_emplace(label, static_cast<int>(fine_labels.size()));
        if (inserted) fine_labels.push_back(label);
        fine_x.push_back(v);
        fine_y.push_back(it->second);
        fine_w.push_back(e.source == "own" ? 3.0f : (e.fine == "out_of_scope" ? 0.3f : 1.0f));
      }
      coarse_x.push_back(std::move(v));
      coarse_y.push_back(coarse);
      coarse_w.push_back(CoarseWeight(e));
    }
  };
  add(corpus.own);
  add(corpus.bitext_train);
  add(corpus.banking77);
  add(corpus.clinc_train);

  // Group the fine labels by coarse intent (IntentClassifier scores one group at a time).
  std::vector<int> remap(fine_labels.size());
  {
    std::vector<std::pair<int, std::string>> keyed;
    for (const auto& label : fine_labels) {
      const std::string coarse = label.substr(0, label.find(':'));
      int c = 0;
      while (kCoarseIntentNames[static_cast<std::size_t>(c)] != coarse) ++c;
      keyed.emplace_back(c, label);
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::string> sorted;
    for (auto& [c, label] : keyed) sorted.push_back(label);
    for (std::size_t i = 0; i < fine_labels.size(); ++i) {
      remap[i] = static_cast<int>(std::find(sorted.begin(), sorted.end(), fine_labels[i]) -
                                  sorted.begin());
    }
    fine_labels = std::move(sorted);
    for (int& y : fine_y) y = remap[static_cast<std::size_t>(y)];
  }

  std::vector<std::string> coarse_labels(kCoarseIntentNames.begin(), kCoarseIntentNames.end());
  TextClassifier coarse(config, LinearModel::Train(coarse_x, coarse_y, coarse_w, coarse_labels,
                                                   config.num_buckets, CoarseOptions()));
  TextClassifier fine(config, LinearModel::Train(fine_x, fine_y, fine_w, fine_labels,
                                                 config.num_buckets, FineOptions()));
  return std::make_unique<IntentClassifier>(std::move(coarse), std::move(fine));
}

core::Result<std::string> TrainModels(const std::string& data_dir, const std::string& out_dir,
                                      const std::string& own_data_dir) {
  const auto start = std::chrono::steady_clock::now();
  auto corpus = LoadIntentCorpus(data_dir, own_data_dir);
  if (!corpus) return corpus.error();
  auto classifier = TrainIntentClassifier(*corpus);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return core::Error::Internal("cannot create " + out_dir + ": " + ec.message());
  auto saved = classifier->Save(out_dir);
  if (!saved) return saved.error();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ostringstream out;
  out << "trained intent models in " << seconds << " s: " << corpus->bitext_train.size()
      << " bitext, " << corpus->banking77.size() << " banking77, " << corpus->clinc_train.size()
      << " clinc150, " << corpus->own.size() << " own examples; "
      << classifier->fine_model().model().num_classes() << " fine intents -> " << out_dir;
  return out.str();
}

}  // namespace carevoice::nlu::training
