#include "nlu/linear_model.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "nlu/text.hpp"

namespace carevoice::nlu {
namespace {

static_assert(std::endian::native == std::endian::little, "model files are little-endian");

constexpr char kModelMagic[4] = {'C', 'V', 'L', 'M'};
constexpr char kClassifierMagic[4] = {'C', 'V', 'T', 'C'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kMaxClasses = 100000;
constexpr std::uint32_t kMaxFeatures = 1u << 26;

std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

template <class T>
void Put(std::string& out, T value) {
  char buf[sizeof(T)];
  std::memcpy(buf, &value, sizeof(T));
  out.append(buf, sizeof(T));
}

template <class T>
void PutArray(std::string& out, const std::vector<T>& values) {
  if (values.empty()) return;
  out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// A bounds-checked little-endian reader.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  bool Get(T& value) {
    if (in_.size() < sizeof(T)) return false;
    std::memcpy(&value, in_.data(), sizeof(T));
    in_.remove_prefix(sizeof(T));
    return true;
  }
  template <class T>
  bool GetArray(std::vector<T>& values, std::size_t count) {
    if (count > in_.size() / sizeof(T)) return false;
    values.resize(count);
    if (count > 0) std::memcpy(values.data(), in_.data(), count * sizeof(T));
    in_.remove_prefix(count * sizeof(T));
    return true;
  }
  bool GetBytes(std::string& value, std::size_t count) {
    if (count > in_.size()) return false;
    value.assign(in_.data(), count);
    in_.remove_prefix(count);
    return true;
  }
  std::string_view rest() const { return in_; }

 private:
  std::string_view in_;
};

core::Error Corrupt(std::string what) {
  return core::Error::Unavailable("corrupt model: " + std::move(what));
}

void Softmax(std::span<float> s) {
  float max = s[0];
  for (const float v : s) max = std::max(max, v);
  float sum = 0;
  for (float& v : s) {
    v = std::exp(v - max);
    sum += v;
  }
  const float inv = 1.0f / sum;
  for (float& v : s) v *= inv;
}

}  // namespace

LinearModel LinearModel::Train(const std::vector<SparseVector>& x, const std::vector<int>& y,
                               const std::vector<float>& weights, std::vector<std::string> labels,
                               std::uint32_t num_features, const TrainOptions& options) {
  LinearModel model;
  model.num_features_ = num_features;
  model.labels_ = std::move(labels);
  const std::size_t num_classes = model.labels_.size();
  const std::size_t n = x.size();

  // Compact rows: only features seen in training get weights.
  std::vector<std::int32_t> row_of(num_features, -1);
  for (const auto& v : x) {
    for (const auto& e : v) {
      if (e.index < num_features) row_of[e.index] = 0;
    }
  }
  std::vector<std::uint32_t> row_feature;
  for (std::uint32_t f = 0; f < num_features; ++f) {
    if (row_of[f] == 0) {
      row_of[f] = static_cast<std::int32_t>(row_feature.size());
      row_feature.push_back(f);
    }
  }
  const std::size_t rows = row_feature.size();

  // Example weights, optionally class-balanced.
  std::vector<double> class_total(num_classes, 0);
  for (std::size_t i = 0; i < n; ++i) {
    class_total[static_cast<std::size_t>(y[i])] += weights.empty() ? 1.0 : weights[i];
  }
  std::vector<float> class_weight(num_classes, 1.0f);
  if (options.class_balance > 0 && n > 0) {
    double present = 0;
    for (const double t : class_total) present += t > 0 ? 1 : 0;
    const double mean = static_cast<double>(n) / std::max(1.0, present);
    for (std::size_t c = 0; c < num_classes; ++c) {
      if (class_total[c] <= 0) continue;
      class_weight[c] =
          static_cast<float>(std::pow(mean / class_total[c], double{options.class_balance}));
    }
  }

  std::vector<float> w(rows * num_classes, 0.0f);
  std::vector<float> g2(rows * num_classes, 0.0f);
  std::vector<float> bias(num_classes, 0.0f);
  std::vector<float> bias_g2(num_classes, 0.0f);
  std::vector<float> scores(num_classes);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::uint64_t rng = options.seed;
  const float lr = options.learning_rate;
  const float l2 = options.l2;
  constexpr float kEps = 1e-8f;
  constexpr float kSkip = 1e-5f;

  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = n; i > 1; --i) {
      const std::size_t j = static_cast<std::size_t>(SplitMix64(rng) % i);
      std::swap(order[i - 1], order[j]);
    }
    for (const std::size_t i : order) {
      const auto& xi = x[i];
      const int yi = y[i];
      const float ew =
          (weights.empty() ? 1.0f : weights[i]) * class_weight[static_cast<std::size_t>(yi)];
      std::copy(bias.begin(), bias.end(), scores.begin());
      for (const auto& e : xi) {
        if (e.index >= num_features) continue;
        const float* row = &w[static_cast<std::size_t>(row_of[e.index]) * num_classes];
        for (std::size_t c = 0; c < num_classes; ++c) scores[c] += e.value * row[c];
      }
      Softmax(scores);
      scores[static_cast<std::size_t>(yi)] -= 1.0f;
      for (std::size_t c = 0; c < num_classes; ++c) {
        const float g = scores[c] * ew;
        if (std::fabs(g) < kSkip) continue;
        bias_g2[c] += g * g;
        bias[c] -= lr * g / std::sqrt(bias_g2[c] + kEps);
      }
      for (const auto& e : xi) {
        if (e.index >= num_features) continue;
        const std::size_t base = static_cast<std::size_t>(row_of[e.index]) * num_classes;
        for (std::size_t c = 0; c < num_classes; ++c) {
          const float g = scores[c] * ew;
          if (std::fabs(g) < kSkip) continue;
          const float grad = g * e.value + l2 * w[base + c];
          g2[base + c] += grad * grad;
          w[base + c] -= lr * grad / std::sqrt(g2[base + c] + kEps);
        }
      }
    }
  }

  // Quantise: int8 per row with one scale; drop all-zero rows.
  model.bias_ = bias;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = &w[r * num_classes];
    float max_abs = 0;
    for (std::size_t c = 0; c < num_classes; ++c) max_abs = std::max(max_abs, std::fabs(row[c]));
    if (max_abs <= 0) continue;
    const float scale = max_abs / 127.0f;
    model.row_feature_.push_back(row_feature[r]);
    model.row_scale_.push_back(scale);
    for (std::size_t c = 0; c < num_classes; ++c) {
      const float q = std::round(row[c] / scale);
      model.weights_.push_back(static_cast<std::int8_t>(std::clamp(q, -127.0f, 127.0f)));
    }
  }
  model.BuildRowIndex();
  return model;
}

void LinearModel::BuildRowIndex() {
  row_of_.assign(num_features_, -1);
  for (std::size_t r = 0; r < row_feature_.size(); ++r) {
    row_of_[row_feature_[r]] = static_cast<std::int32_t>(r);
  }
}

int LinearModel::Predict(const SparseVector& x, std::span<float> probs) const {
  const std::size_t num_classes = labels_.size();
  std::copy(bias_.begin(), bias_.end(), probs.begin());
  for (const auto& e : x) {
    if (e.index >= num_features_) continue;
    const std::int32_t r = row_of_[e.index];
    if (r < 0) continue;
    const float v = e.value * row_scale_[static_cast<std::size_t>(r)];
    const std::int8_t* q = &weights_[static_cast<std::size_t>(r) * num_classes];
    for (std::size_t c = 0; c < num_classes; ++c) probs[c] += v * static_cast<float>(q[c]);
  }
  Softmax(probs);
  return static_cast<int>(std::max_element(probs.begin(), probs.end()) - probs.begin());
}

void LinearModel::Scores(const SparseVector& x, int begin, int end, std::span<float> scores) const {
  const std::size_t num_classes = labels_.size();
  const auto b = static_cast<std::size_t>(begin);
  const auto k = static_cast<std::size_t>(end - begin);
  for (std::size_t c = 0; c < k; ++c) scores[c] = bias_[b + c];
  for (const auto& e : x) {
    if (e.index >= num_features_) continue;
    const std::int32_t r = row_of_[e.index];
    if (r < 0) continue;
    const float v = e.value * row_scale_[static_cast<std::size_t>(r)];
    const std::int8_t* q = &weights_[static_cast<std::size_t>(r) * num_classes + b];
    for (std::size_t c = 0; c < k; ++c) scores[c] += v * static_cast<float>(q[c]);
  }
}

std::vector<float> LinearModel::Predict(const SparseVector& x) const {
  std::vector<float> probs(labels_.size());
  Predict(x, probs);
  return probs;
}

int LinearModel::LabelIndex(std::string_view label) const {
  for (std::size_t i = 0; i < labels_.size(); ++i) {
    if (labels_[i] == label) return static_cast<int>(i);
  }
  return -1;
}

void LinearModel::SerializeTo(std::string& out) const {
  const std::size_t start = out.size();
  out.append(kModelMagic, 4);
  Put<std::uint32_t>(out, kVersion);
  Put<std::uint32_t>(out, num_features_);
  Put<std::uint32_t>(out, static_cast<std::uint32_t>(labels_.size()));
  for (const auto& label : labels_) {
    Put<std::uint32_t>(out, static_cast<std::uint32_t>(label.size()));
    out.append(label);
  }
  PutArray(out, bias_);
  Put<std::uint32_t>(out, static_cast<std::uint32_t>(row_feature_.size()));
  PutArray(out, row_feature_);
  PutArray(out, row_scale_);
  PutArray(out, weights_);
  Put<std::uint64_t>(out, HashBytes(std::string_view(out).substr(start)));
}

core::Result<LinearModel> LinearModel::Parse(std::string_view* in) {
  Reader reader(*in);
  std::string magic;
  std::uint32_t version = 0;
  std::uint32_t num_classes = 0;
  LinearModel model;
  if (!reader.GetBytes(magic, 4) || std::memcmp(magic.data(), kModelMagic, 4) != 0) {
    return Corrupt("bad magic");
  }
  if (!reader.Get(version) || version != kVersion) return Corrupt("unsupported version");
  if (!reader.Get(model.num_features_) || model.num_features_ > kMaxFeatures) {
    return Corrupt("bad feature count");
  }
  if (!reader.Get(num_classes) || num_classes == 0 || num_classes > kMaxClasses) {
    return Corrupt("bad class count");
  }
  for (std::uint32_t c = 0; c < num_classes; ++c) {
    std::uint32_t len = 0;
    std::string label;
    if (!reader.Get(len) || !reader.GetBytes(label, len)) return Corrupt("truncated labels");
    model.labels_.push_back(std::move(label));
  }
  std::uint32_t rows = 0;
  if (!reader.GetArray(model.bias_, num_classes) || !reader.Get(rows) ||
      rows > model.num_features_ || !reader.GetArray(model.row_feature_, rows) ||
      !reader.GetArray(model.row_scale_, rows) ||
      !reader.GetArray(model.weights_, static_cast<std::size_t>(rows) * num_classes)) {
    return Corrupt("truncated weights");
  }
  const std::size_t body = in->size() - reader.rest().size();
  std::uint64_t checksum = 0;
  if (!reader.Get(checksum) || checksum != HashBytes(in->substr(0, body))) {
    return Corrupt("checksum mismatch");
  }
  for (std::size_t r = 0; r < rows; ++r) {
    if (model.row_feature_[r] >= model.num_features_ ||
        (r > 0 && model.row_feature_[r] <= model.row_feature_[r - 1])) {
      return Corrupt("bad row index");
    }
  }
  model.BuildRowIndex();
  *in = reader.rest();
  return model;
}

TextClassifier TextClassifier::Train(
    const std::vector<std::pair<std::string, std::string>>& examples, const FeatureConfig& config,
    const TrainOptions& options, const std::vector<float>& weights) {
  FeatureExtractor extractor(config);
  std::vector<std::string> labels;
  std::map<std::string, int, std::less<>> label_index;
  std::vector<SparseVector> x;
  std::vector<int> y;
  x.reserve(examples.size());
  y.reserve(examples.size());
  FeatureScratch scratch;
  for (const auto& [text, label] : examples) {
    auto [it, inserted] = label_index.try_emplace(label, static_cast<int>(labels.size()));
    if (inserted) labels.push_back(label);
    SparseVector v;
    extractor.Extract(text, v, scratch);
    x.push_back(std::move(v));
    y.push_back(it->second);
  }
  return TextClassifier(
      config, LinearModel::Train(x, y, weights, std::move(labels), config.num_buckets, options));
}

int TextClassifier::Predict(std::string_view text, std::span<float> probs, FeatureScratch& scratch,
                            SparseVector& features) const {
  extractor_.Extract(text, features, scratch);
  return model_.Predict(features, probs);
}

std::pair<std::string, float> TextClassifier::PredictLabel(std::string_view text) const {
  std::vector<float> probs(static_cast<std::size_t>(model_.num_classes()));
  FeatureScratch scratch;
  SparseVector features;
  const int best = Predict(text, probs, scratch, features);
  return {model_.labels()[static_cast<std::size_t>(best)], probs[static_cast<std::size_t>(best)]};
}

std::string TextClassifier::Serialize() const {
  std::string out;
  const FeatureConfig& c = extractor_.config();
  out.append(kClassifierMagic, 4);
  Put<std::uint32_t>(out, kVersion);
  Put<std::uint32_t>(out, c.num_buckets);
  Put<std::uint8_t>(out, c.word_unigrams ? 1 : 0);
  Put<std::uint8_t>(out, c.word_bigrams ? 1 : 0);
  Put<std::int32_t>(out, c.char_min_n);
  Put<std::int32_t>(out, c.char_max_n);
  Put<float>(out, c.word_weight);
  Put<float>(out, c.char_weight);
  Put<std::uint32_t>(out, c.seed);
  model_.SerializeTo(out);
  return out;
}

core::Result<TextClassifier> TextClassifier::Parse(std::string_view bytes) {
  Reader reader(bytes);
  std::string magic;
  std::uint32_t version = 0;
  FeatureConfig c;
  std::uint8_t unigrams = 0;
  std::uint8_t bigrams = 0;
  if (!reader.GetBytes(magic, 4) || std::memcmp(magic.data(), kClassifierMagic, 4) != 0) {
    return Corrupt("bad classifier magic");
  }
  if (!reader.Get(version) || version != kVersion) return Corrupt("unsupported version");
  if (!reader.Get(c.num_buckets) || !reader.Get(unigrams) || !reader.Get(bigrams) ||
      !reader.Get(c.char_min_n) || !reader.Get(c.char_max_n) || !reader.Get(c.word_weight) ||
      !reader.Get(c.char_weight) || !reader.Get(c.seed)) {
    return Corrupt("truncated feature config");
  }
  c.word_unigrams = unigrams != 0;
  c.word_bigrams = bigrams != 0;
  if (c.num_buckets < 2 || !std::has_single_bit(c.num_buckets) || c.num_buckets > kMaxFeatures ||
      c.char_min_n < 0 || c.char_max_n > 16 || (c.char_min_n > 0 && c.char_min_n > c.char_max_n)) {
    return Corrupt("bad feature config");
  }
  std::string_view rest = reader.rest();
  auto model = LinearModel::Parse(&rest);
  if (!model) return model.error();
  if (model->num_features() != c.num_buckets) return Corrupt("feature count mismatch");
  return TextClassifier(c, std::move(*model));
}

core::Result<void> TextClassifier::Save(const std::string& path) const {
  const std::string bytes = Serialize();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return core::Error::Internal("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return core::Error::Internal("cannot rename " + tmp + " to " + path);
  }
  return {};
}

core::Result<TextClassifier> TextClassifier::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::Unavailable("cannot open model file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  auto parsed = Parse(buf.str());
  if (!parsed) {
    core::Error e = parsed.error();
    e.message += " (" + path + ")";
    return e;
  }
  return parsed;
}

}  // namespace carevoice::nlu
