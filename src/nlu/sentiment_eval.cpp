#include "nlu/sentiment_eval.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string_view>
#include <vector>

#include "nlu/features.hpp"
#include "nlu/linear_model.hpp"
#include "nlu/sentiment.hpp"
#include "nlu/text.hpp"
#include "nlu/training/csv.hpp"

namespace carevoice::nlu {
namespace {

// Index of a three-way label, or -1.
int LabelIndex3(std::string_view label) {
  if (label == "negative" || label == "urgent") return 0;
  if (label == "neutral") return 1;
  if (label == "positive") return 2;
  return -1;
}

struct Example {
  std::string text;
  int label = 0;
  std::uint64_t key = 0;  // Fold assignment hash.
};

constexpr int kLexiconFeatures = 8;

// Appends the lexicon analyser's outputs as features after the hashed text features.
void AppendLexiconFeatures(const SentimentResult& r, std::uint32_t base, SparseVector& x) {
  const auto add = [&](std::uint32_t k, double v) {
    if (v != 0) x.push_back({base + k, static_cast<float>(v)});
  };
  add(0, r.positive_sum / 4.0);
  add(1, r.negative_sum / 4.0);
  add(2, r.score);
  add(3, r.label == "negative" ? 1.0 : 0.0);
  add(4, r.label == "neutral" ? 1.0 : 0.0);
  add(5, r.label == "positive" ? 1.0 : 0.0);
  add(6, r.label == "urgent" ? 1.0 : 0.0);
  add(7, r.cue != UrgencyCue::kNone ? 1.0 : 0.0);
}

ThreeWayScore CrossValidate(const std::vector<Example>& examples, int folds,
                            const SentimentAnalyzer* lexicon) {
  const FeatureConfig config;
  const FeatureExtractor extractor(config);
  std::vector<SparseVector> features(examples.size());
  for (std::size_t i = 0; i < examples.size(); ++i) {
    features[i] = extractor.Extract(examples[i].text);
    if (lexicon != nullptr) {
      AppendLexiconFeatures(lexicon->Analyze(examples[i].text), config.num_buckets, features[i]);
    }
  }
  const std::uint32_t num_features =
      config.num_buckets + (lexicon != nullptr ? kLexiconFeatures : 0);
  std::array<std::array<int, 3>, 3> confusion{};
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<SparseVector> train_x;
    std::vector<int> train_y;
    for (std::size_t i = 0; i < examples.size(); ++i) {
      if (static_cast<int>(examples[i].key % static_cast<std::uint64_t>(folds)) == fold) continue;
      train_x.push_back(features[i]);
      train_y.push_back(examples[i].label);
    }
    const LinearModel model = LinearModel::Train(
        train_x, train_y, {}, {"negative", "neutral", "positive"}, num_features, TrainOptions{});
    std::vector<float> probs(3);
    for (std::size_t i = 0; i < examples.size(); ++i) {
      if (static_cast<int>(examples[i].key % static_cast<std::uint64_t>(folds)) != fold) continue;
      const int predicted = model.Predict(features[i], probs);
      ++confusion[static_cast<std::size_t>(examples[i].label)][static_cast<std::size_t>(predicted)];
    }
  }
  return ScoreConfusion(confusion);
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

void AppendScore(std::string& out, std::string_view name, const ThreeWayScore& s) {
  out.append(name).append(".accuracy: ").append(Fixed(s.accuracy)).push_back('\n');
  out.append(name).append(".macro_f1: ").append(Fixed(s.macro_f1)).push_back('\n');
  out.append(name).append(".confusion[gold neg/neu/pos][pred neg/neu/pos]:");
  for (const auto& row : s.confusion) {
    out.append(" [");
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k > 0) out.push_back(' ');
      out.append(std::to_string(row[k]));
    }
    out.push_back(']');
  }
  out.push_back('\n');
}

}  // namespace

ThreeWayScore ScoreConfusion(const std::array<std::array<int, 3>, 3>& confusion) {
  ThreeWayScore s;
  s.confusion = confusion;
  int total = 0;
  int correct = 0;
  double f1_sum = 0;
  for (std::size_t c = 0; c < 3; ++c) {
    int gold = 0;
    int predicted = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      gold += confusion[c][k];
      predicted += confusion[k][c];
      total += confusion[c][k];
    }
    correct += confusion[c][c];
    const double precision = predicted > 0 ? static_cast<double>(confusion[c][c]) / predicted : 0;
    const double recall = gold > 0 ? static_cast<double>(confusion[c][c]) / gold : 0;
    f1_sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  }
  s.accuracy = total > 0 ? static_cast<double>(correct) / total : 0;
  s.macro_f1 = f1_sum / 3.0;
  return s;
}

std::string SentimentEvalReport::ToText() const {
  std::string out;
  out.append("airline.rows: ").append(std::to_string(airline_rows)).push_back('\n');
  out.append("airline.always_negative.accuracy: ")
      .append(Fixed(always_negative_accuracy))
      .push_back('\n');
  AppendScore(out, "airline.zero_shot", zero_shot);
  if (cv_text.accuracy > 0) {
    AppendScore(out, "airline.cv_text", cv_text);
    AppendScore(out, "airline.cv_text_lexicon", cv_text_lexicon);
  }
  if (realistic_rows > 0) {
    out.append("realistic.rows: ").append(std::to_string(realistic_rows)).push_back('\n');
    out.append("realistic.accuracy4: ").append(Fixed(realistic_accuracy4)).push_back('\n');
    AppendScore(out, "realistic.three_way", realistic3);
  }
  return out;
}

core::Result<SentimentEvalReport> EvaluateSentimentReport(const std::string& data_dir,
                                                          const SentimentEvalOptions& options) {
  const std::string path = data_dir + "/sentiment/airline_tweets_dev.csv";
  auto bytes = training::ReadFile(path);
  if (!bytes) return core::Error::Unavailable("cannot read " + path);
  auto rows = training::ParseCsv(*bytes);
  if (!rows) return core::Error::Unavailable(path + ": " + rows.error().message);
  if (rows->empty()) return core::Error::Unavailable(path + " is empty");
  const training::CsvRow& header = rows->front();
  const auto column = [&](std::string_view name) -> int {
    for (std::size_t k = 0; k < header.size(); ++k) {
      if (header[k] == name) return static_cast<int>(k);
    }
    return -1;
  };
  const int id_col = column("tweet_id");
  const int label_col = column("airline_sentiment");
  const int text_col = column("text");
  if (label_col < 0 || text_col < 0) {
    return core::Error::Unavailable(path + ": missing airline_sentiment or text column");
  }
  std::vector<Example> examples;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    const training::CsvRow& row = (*rows)[r];
    if (row.size() <= static_cast<std::size_t>(std::max(label_col, text_col))) continue;
    const int label = LabelIndex3(row[static_cast<std::size_t>(label_col)]);
    if (label < 0) continue;
    Example e;
    e.text = row[static_cast<std::size_t>(text_col)];
    e.label = label;
    const std::string& id = id_col >= 0 && static_cast<std::size_t>(id_col) < row.size()
                                ? row[static_cast<std::size_t>(id_col)]
                                : e.text;
    e.key = HashBytes(id, 7);
    examples.push_back(std::move(e));
  }
  if (examples.empty()) return core::Error::Unavailable(path + " has no labelled rows");

  SentimentEvalReport report;
  report.airline_rows = static_cast<int>(examples.size());
  const SentimentAnalyzer analyzer;
  std::array<std::array<int, 3>, 3> confusion{};
  int negatives = 0;
  for (const Example& e : examples) {
    const int predicted = LabelIndex3(analyzer.Analyze(e.text).label);
    ++confusion[static_cast<std::size_t>(e.label)][static_cast<std::size_t>(predicted)];
    if (e.label == 0) ++negatives;
  }
  report.always_negative_accuracy = static_cast<double>(negatives) / examples.size();
  report.zero_shot = ScoreConfusion(confusion);
  if (options.folds >= 2) {
    report.cv_text = CrossValidate(examples, options.folds, nullptr);
    report.cv_text_lexicon = CrossValidate(examples, options.folds, &analyzer);
  }

  if (!options.realistic_path.empty()) {
    std::ifstream in(options.realistic_path);
    std::string line;
    std::array<std::array<int, 3>, 3> realistic{};
    int rows4 = 0;
    int correct4 = 0;
    bool first = true;
    while (in && std::getline(in, line)) {
      if (first) {  // Header.
        first = false;
        continue;
      }
      const std::size_t t1 = line.find('\t');
      const std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
      const std::size_t t3 = t2 == std::string::npos ? t2 : line.find('\t', t2 + 1);
      if (t2 == std::string::npos) continue;
      const std::string_view gold = std::string_view(line).substr(
          t2 + 1, (t3 == std::string::npos ? line.size() : t3) - t2 - 1);
      const std::string_view predicted = analyzer.Analyze(line.substr(0, t1)).label;
      ++rows4;
      if (predicted == gold) ++correct4;
      const int g = LabelIndex3(gold);
      if (g >= 0) {
        ++realistic[static_cast<std::size_t>(g)][static_cast<std::size_t>(LabelIndex3(predicted))];
      }
    }
    report.realistic_rows = rows4;
    report.realistic_accuracy4 = rows4 > 0 ? static_cast<double>(correct4) / rows4 : 0;
    report.realistic3 = ScoreConfusion(realistic);
  }
  return report;
}

core::Result<std::string> EvaluateSentiment(const std::string& data_dir,
                                            const SentimentEvalOptions& options) {
  auto report = EvaluateSentimentReport(data_dir, options);
  if (!report) return report.error();
  return report->ToText();
}

}  // namespace carevoice::nlu
