// carevoice-nlu: a developer tool to train and evaluate the built-in NLU models.
//   carevoice-nlu train --data ../shared/data --out models [--own src/nlu/data]
//   carevoice-nlu eval --data ../shared/data --models models [--own src/nlu/data] [--fast]
//   carevoice-nlu classify --models models "text" ...

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "nlu/intent.hpp"
#include "nlu/training/evaluation.hpp"
#include "nlu/training/trainer.hpp"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: carevoice-nlu train --data DIR --out DIR [--own DIR]\n"
               "       carevoice-nlu eval --data DIR --models DIR [--own DIR] "
               "[--realistic FILE] [--fast]\n"
               "       carevoice-nlu classify --models DIR TEXT...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string command = argv[1];
  std::string data = "../shared/data";
  std::string models = "models";
  std::string own = "src/nlu/data";
  std::string realistic = "src/nlu/testdata/realistic.tsv";
  bool fast = false;
  std::vector<std::string> texts;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--data" && has_value) {
      data = argv[++i];
    } else if ((arg == "--out" || arg == "--models") && has_value) {
      models = argv[++i];
    } else if (arg == "--own" && has_value) {
      own = argv[++i];
    } else if (arg == "--realistic" && has_value) {
      realistic = argv[++i];
    } else if (arg == "--fast") {
      fast = true;
    } else if (arg.starts_with("--")) {
      return Usage();
    } else {
      texts.push_back(arg);
    }
  }
  namespace training = carevoice::nlu::training;
  if (command == "train") {
    auto summary = training::TrainModels(data, models, own);
    if (!summary) {
      std::fprintf(stderr, "train failed: %s\n", summary.error().message.c_str());
      return 1;
    }
    std::printf("%s\n", summary->c_str());
    return 0;
  }
  if (command == "eval") {
    training::EvalOptions options;
    options.own_data_dir = own;
    options.realistic_path = realistic;
    options.cross_source = !fast;
    auto report = training::EvaluateIntent(data, models, options);
    if (!report) {
      std::fprintf(stderr, "eval failed: %s\n", report.error().message.c_str());
      return 1;
    }
    std::printf("%s", report->c_str());
    return 0;
  }
  if (command == "classify") {
    auto clf = carevoice::nlu::IntentClassifier::Load(models);
    if (!clf) {
      std::fprintf(stderr, "%s\n", clf.error().message.c_str());
      return 1;
    }
    for (const auto& text : texts) {
      const auto r = (*clf)->Classify(text);
      std::string intents;
      for (const auto& i : r.IntentList()) intents += (intents.empty() ? "" : ",") + i;
      std::printf("%-12s %-26s %.3f [%s]  %s\n", std::string(r.intent).c_str(),
                  std::string(r.fine_intent).c_str(), r.confidence, intents.c_str(), text.c_str());
    }
    return 0;
  }
  return Usage();
}
