// carevoice-nlu: a developer tool to train and evaluate the built-in NLU models.
//   carevoice-nlu train --data ../shared/data --out models [--own src/nlu/data]
//   carevoice-nlu eval --data ../shared/data --models models [--own src/nlu/data] [--fast]
//   carevoice-nlu classify --models models "text" ...
//   carevoice-nlu sentiment < lines.txt   (label, score and cue of each input line)
//   carevoice-nlu sentiment-eval --data ../shared/data [--folds 5] [--nb] [--calibrate] ...
//     Zero-shot figures of the shipped sentiment analyser and the k-fold cross-validation of
//     learned models on the airline tweets (evaluation only: nothing shipped is trained on them).

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "nlu/intent.hpp"
#include "nlu/sentiment.hpp"
#include "nlu/sentiment_eval.hpp"
#include "nlu/training/evaluation.hpp"
#include "nlu/training/trainer.hpp"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: carevoice-nlu train --data DIR --out DIR [--own DIR]\n"
               "       carevoice-nlu eval --data DIR --models DIR [--own DIR] "
               "[--realistic FILE] [--fast]\n"
               "       carevoice-nlu classify --models DIR TEXT...\n"
               "       carevoice-nlu sentiment < LINES\n"
               "       carevoice-nlu sentiment-eval --data DIR [--realistic FILE] [--folds K]\n"
               "           [--no-text-cv] [--no-tweet-cv] [--nb] [--nb-alpha A] [--calibrate]\n"
               "           [--balance B] [--epochs N] [--lr R] [--l2 L] [--word-n N]\n"
               "           [--char N M] [--no-negation] [--lexicon-weight W] [--char-weight W]\n");
  return 2;
}

// `carevoice-nlu sentiment-eval ...` (argv[2..]).
int SentimentEval(int argc, char** argv) {
  std::string data = "../shared/data";
  carevoice::nlu::SentimentEvalOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    const auto number = [&]() { return std::strtod(argv[++i], nullptr); };
    if (arg == "--data" && has_value) {
      data = argv[++i];
    } else if (arg == "--realistic" && has_value) {
      options.realistic_path = argv[++i];
    } else if (arg == "--folds" && has_value) {
      options.folds = static_cast<int>(number());
    } else if (arg == "--no-text-cv") {
      options.text_cv = false;
    } else if (arg == "--no-tweet-cv") {
      options.tweet_cv = false;
    } else if (arg == "--nb") {
      options.nb_scaling = true;
    } else if (arg == "--nb-alpha" && has_value) {
      options.nb_alpha = static_cast<float>(number());
    } else if (arg == "--calibrate") {
      options.calibrate = true;
    } else if (arg == "--balance" && has_value) {
      options.class_balance = static_cast<float>(number());
    } else if (arg == "--epochs" && has_value) {
      options.epochs = static_cast<int>(number());
    } else if (arg == "--lr" && has_value) {
      options.learning_rate = static_cast<float>(number());
    } else if (arg == "--l2" && has_value) {
      options.l2 = static_cast<float>(number());
    } else if (arg == "--word-n" && has_value) {
      options.tweet_features.word_max_n = static_cast<int>(number());
    } else if (arg == "--char" && i + 2 < argc) {
      options.tweet_features.char_min_n = static_cast<int>(number());
      options.tweet_features.char_max_n = static_cast<int>(number());
    } else if (arg == "--no-negation") {
      options.tweet_features.mark_negation = false;
    } else if (arg == "--lexicon-weight" && has_value) {
      options.tweet_features.lexicon_weight = static_cast<float>(number());
    } else if (arg == "--char-weight" && has_value) {
      options.tweet_features.char_weight = static_cast<float>(number());
    } else {
      return Usage();
    }
  }
  auto report = carevoice::nlu::EvaluateSentiment(data, options);
  if (!report) {
    std::fprintf(stderr, "sentiment-eval failed: %s\n", report.error().message.c_str());
    return 1;
  }
  std::printf("%s", report->c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage();
  const std::string command = argv[1];
  if (command == "sentiment-eval") return SentimentEval(argc, argv);
  if (command == "sentiment") {
    const carevoice::nlu::SentimentAnalyzer analyzer;
    std::string line;
    while (std::getline(std::cin, line)) {
      const auto r = analyzer.Analyze(line);
      std::printf("%s\t%.3f\t%s\t%s\n", std::string(r.label).c_str(), r.score,
                  std::string(carevoice::nlu::UrgencyCueName(r.cue)).c_str(), line.c_str());
    }
    return 0;
  }
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
