#include "nlu/sentiment_eval.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string_view>
#include <utility>
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

ThreeWayScore CrossValidate(const std::vector<Example>& examples, int folds,
                            const SentimentAnalyzer* lexicon) {
  const FeatureConfig config;
  const FeatureExtractor extractor(config);
  std::vector<SparseVector> features(examples.size());
  for (std::size_t i = 0; i < examples.size(); ++i) {
    features[i] = extractor.Extract(examples[i].text);
    if (lexicon != nullptr) {
      AppendLexiconFeatures(lexicon->Analyze(examples[i].text), config.num_buckets, 1.0f,
                            features[i]);
    }
  }
  const std::uint32_t num_features =
      config.num_buckets + (lexicon != nullptr ? kTweetLexiconFeatures : 0);
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

using ClassScores = std::array<float, 3>;

bool InFold(const Example& e, int folds, int fold) {
  return static_cast<int>(e.key % static_cast<std::uint64_t>(folds)) == fold;
}

// Trains the tweet model on `train` (indices into examples/features) and returns the class
// scores (log-probability-like, larger = likelier) of `test`.
std::vector<ClassScores> TrainAndScore(const std::vector<Example>& examples,
                                       const std::vector<SparseVector>& features,
                                       std::uint32_t num_features,
                                       const std::vector<std::size_t>& train,
                                       const std::vector<std::size_t>& test,
                                       const SentimentEvalOptions& options) {
  TrainOptions train_options;
  train_options.epochs = options.epochs;
  train_options.learning_rate = options.learning_rate;
  train_options.l2 = options.l2;
  train_options.class_balance = options.class_balance;
  std::vector<ClassScores> out(test.size(), ClassScores{});
  if (!options.nb_scaling) {
    std::vector<SparseVector> x;
    std::vector<int> y;
    x.reserve(train.size());
    for (const std::size_t i : train) {
      x.push_back(features[i]);
      y.push_back(examples[i].label);
    }
    const LinearModel model = LinearModel::Train(x, y, {}, {"negative", "neutral", "positive"},
                                                 num_features, train_options);
    std::vector<float> probs(3);
    for (std::size_t k = 0; k < test.size(); ++k) {
      model.Predict(features[test[k]], probs);
      for (std::size_t c = 0; c < 3; ++c) out[k][c] = std::log(std::max(probs[c], 1e-9f));
    }
    return out;
  }
  // NBSVM, one-vs-rest: per class c, r_c[f] = log((a + p_c[f]) / |a + p_c|) -
  // log((a + q_c[f]) / |a + q_c|) with p_c the summed features of class c and q_c of the rest.
  std::vector<std::array<float, 3>> totals(num_features, std::array<float, 3>{});
  for (const std::size_t i : train) {
    for (const SparseEntry& e : features[i]) {
      totals[e.index][static_cast<std::size_t>(examples[i].label)] += std::fabs(e.value);
    }
  }
  const double a = options.nb_alpha;
  for (std::size_t c = 0; c < 3; ++c) {
    double p_norm = 0;
    double q_norm = 0;
    for (const auto& t : totals) {
      p_norm += a + t[c];
      q_norm += a + (t[0] + t[1] + t[2] - t[c]);
    }
    std::vector<float> ratio(num_features, 0.0f);
    for (std::size_t f = 0; f < num_features; ++f) {
      const auto& t = totals[f];
      ratio[f] = static_cast<float>(std::log((a + t[c]) / p_norm) -
                                    std::log((a + (t[0] + t[1] + t[2] - t[c])) / q_norm));
    }
    const auto scaled = [&](const SparseVector& v) {
      SparseVector s = v;
      for (SparseEntry& e : s) e.value *= ratio[e.index];
      return s;
    };
    std::vector<SparseVector> x;
    std::vector<int> y;
    x.reserve(train.size());
    for (const std::size_t i : train) {
      x.push_back(scaled(features[i]));
      y.push_back(examples[i].label == static_cast<int>(c) ? 1 : 0);
    }
    const LinearModel model =
        LinearModel::Train(x, y, {}, {"rest", "class"}, num_features, train_options);
    std::vector<float> probs(2);
    for (std::size_t k = 0; k < test.size(); ++k) {
      model.Predict(scaled(features[test[k]]), probs);
      out[k][c] = std::log(std::max(probs[1], 1e-9f));
    }
  }
  return out;
}

int Decide(const ClassScores& s, float neutral_offset, float positive_offset) {
  const std::array<float, 3> v = {s[0], s[1] + neutral_offset, s[2] + positive_offset};
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

// Returns the (neutral, positive) offsets that maximise macro-F1 of `scores` against `gold`.
std::pair<float, float> ChooseOffsets(const std::vector<ClassScores>& scores,
                                      const std::vector<int>& gold) {
  std::pair<float, float> best{0.0f, 0.0f};
  double best_f1 = -1;
  constexpr int kSteps = 15;
  constexpr float kStep = 0.1f;
  for (int a = -kSteps; a <= kSteps; ++a) {
    for (int b = -kSteps; b <= kSteps; ++b) {
      std::array<std::array<int, 3>, 3> confusion{};
      for (std::size_t k = 0; k < scores.size(); ++k) {
        ++confusion[static_cast<std::size_t>(gold[k])]
                   [static_cast<std::size_t>(Decide(scores[k], a * kStep, b * kStep))];
      }
      // Prefer small offsets on ties.
      const double f1 = ScoreConfusion(confusion).macro_f1 - 1e-6 * (std::abs(a) + std::abs(b));
      if (f1 > best_f1) {
        best_f1 = f1;
        best = {a * kStep, b * kStep};
      }
    }
  }
  return best;
}

ThreeWayScore CrossValidateTweet(const std::vector<Example>& examples,
                                 const SentimentEvalOptions& options,
                                 const SentimentAnalyzer& lexicon) {
  const TweetFeatureExtractor extractor(options.tweet_features, &lexicon);
  std::vector<SparseVector> features(examples.size());
  for (std::size_t i = 0; i < examples.size(); ++i) {
    features[i] = extractor.Extract(examples[i].text);
  }
  const int folds = options.folds;
  std::array<std::array<int, 3>, 3> confusion{};
  for (int fold = 0; fold < folds; ++fold) {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
    for (std::size_t i = 0; i < examples.size(); ++i) {
      (InFold(examples[i], folds, fold) ? test : train).push_back(i);
    }
    std::pair<float, float> offsets{0.0f, 0.0f};
    if (options.calibrate) {
      // Inner folds over the training fold only, split by a different hash of the key.
      constexpr int kInner = 3;
      std::vector<ClassScores> inner_scores;
      std::vector<int> inner_gold;
      for (int inner = 0; inner < kInner; ++inner) {
        std::vector<std::size_t> inner_train;
        std::vector<std::size_t> inner_test;
        for (const std::size_t i : train) {
          const bool held = static_cast<int>((examples[i].key / static_cast<std::uint64_t>(folds)) %
                                             kInner) == inner;
          (held ? inner_test : inner_train).push_back(i);
        }
        const auto s = TrainAndScore(examples, features, extractor.num_features(), inner_train,
                                     inner_test, options);
        for (std::size_t k = 0; k < inner_test.size(); ++k) {
          inner_scores.push_back(s[k]);
          inner_gold.push_back(examples[inner_test[k]].label);
        }
      }
      offsets = ChooseOffsets(inner_scores, inner_gold);
    }
    const auto scores =
        TrainAndScore(examples, features, extractor.num_features(), train, test, options);
    for (std::size_t k = 0; k < test.size(); ++k) {
      const int predicted = Decide(scores[k], offsets.first, offsets.second);
      ++confusion[static_cast<std::size_t>(examples[test[k]].label)]
                 [static_cast<std::size_t>(predicted)];
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
  if (cv_tweet.accuracy > 0) AppendScore(out, "airline.cv_tweet", cv_tweet);
  if (realistic_rows > 0) {
    out.append("realistic.rows: ").append(std::to_string(realistic_rows)).push_back('\n');
    out.append("realistic.accuracy4: ").append(Fixed(realistic_accuracy4)).push_back('\n');
    AppendScore(out, "realistic.three_way", realistic3);
    const double recall =
        realistic_urgent > 0 ? static_cast<double>(realistic_urgent_found) / realistic_urgent : 0;
    const double false_alarms =
        realistic_not_urgent > 0
            ? static_cast<double>(realistic_false_alarms) / realistic_not_urgent
            : 0;
    out.append("realistic.urgent_recall: ")
        .append(Fixed(recall))
        .append(" (" + std::to_string(realistic_urgent_found) + "/" +
                std::to_string(realistic_urgent) + ", target 0.90)\n");
    out.append("realistic.urgent_false_alarm_rate: ")
        .append(Fixed(false_alarms))
        .append(" (" + std::to_string(realistic_false_alarms) + "/" +
                std::to_string(realistic_not_urgent) + ", target <= 0.02)\n");
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
    if (options.text_cv) {
      report.cv_text = CrossValidate(examples, options.folds, nullptr);
      report.cv_text_lexicon = CrossValidate(examples, options.folds, &analyzer);
    }
    if (options.tweet_cv) report.cv_tweet = CrossValidateTweet(examples, options, analyzer);
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
      if (gold == "urgent") {
        ++report.realistic_urgent;
        if (predicted == "urgent") ++report.realistic_urgent_found;
      } else {
        ++report.realistic_not_urgent;
        if (predicted == "urgent") ++report.realistic_false_alarms;
      }
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
