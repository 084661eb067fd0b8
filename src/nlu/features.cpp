#include "nlu/features.hpp"

#include <algorithm>
#include <cmath>

#include "nlu/text.hpp"

namespace carevoice::nlu {
namespace {

constexpr std::size_t kMaxTextBytes = 2000;
constexpr std::uint64_t kUnigramSeed = 0x11;
constexpr std::uint64_t kBigramSeed = 0x22;
constexpr std::uint64_t kCharSeed = 0x33;
constexpr std::uint64_t kFlagSeed = 0x44;

// Returns the token as a feature: long numbers and ids collapse to a shape.
std::string_view WordShape(std::string_view token) {
  if (CountDigits(token) >= 3) return IsNumberToken(token) ? "<num>" : "<id>";
  return token;
}

}  // namespace

void AppendTfBlock(std::vector<std::uint32_t>& ids, std::uint32_t base, float weight,
                   SparseVector& out) {
  if (ids.empty() || weight <= 0) return;
  std::sort(ids.begin(), ids.end());
  const std::size_t first = out.size();
  double norm2 = 0;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i + 1;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    const float v = 1.0f + std::log(static_cast<float>(j - i));
    out.push_back({base + ids[i], v});
    norm2 += static_cast<double>(v) * v;
    i = j;
  }
  const float scale = static_cast<float>(weight / std::sqrt(norm2));
  for (std::size_t k = first; k < out.size(); ++k) out[k].value *= scale;
}

FeatureExtractor::FeatureExtractor(const FeatureConfig& config) : config_(config) {}

void FeatureExtractor::Extract(std::string_view text, SparseVector& out,
                               FeatureScratch& scratch) const {
  out.clear();
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  scratch.normalized.clear();
  NormalizeInto(text, scratch.normalized);
  scratch.tokens.clear();
  TokenizeInto(scratch.normalized, scratch.tokens);
  if (scratch.tokens.empty()) return;

  const std::uint32_t mask = config_.num_buckets - 1;
  const std::uint64_t seed = config_.seed;
  auto& word_ids = scratch.word_ids;
  auto& char_ids = scratch.char_ids;
  word_ids.clear();
  char_ids.clear();

  std::uint64_t prev = HashBytes("<s>", seed + kBigramSeed);
  for (const std::string_view token : scratch.tokens) {
    const std::string_view shape = WordShape(token);
    if (config_.word_unigrams) {
      word_ids.push_back(static_cast<std::uint32_t>(HashBytes(shape, seed + kUnigramSeed)) & mask);
    }
    const std::uint64_t cur = HashBytes(shape, seed + kBigramSeed);
    if (config_.word_bigrams) {
      word_ids.push_back(static_cast<std::uint32_t>(HashBytes(shape, prev)) & mask);
    }
    prev = cur;
    if (config_.char_min_n > 0) {
      scratch.padded.clear();
      scratch.padded.push_back('<');
      scratch.padded.append(shape);
      scratch.padded.push_back('>');
      ForEachCharNgram(
          scratch.padded, config_.char_min_n, config_.char_max_n, [&](std::string_view gram) {
            char_ids.push_back(static_cast<std::uint32_t>(HashBytes(gram, seed + kCharSeed)) &
                               mask);
          });
    }
  }
  if (config_.word_bigrams) {
    word_ids.push_back(static_cast<std::uint32_t>(HashBytes("</s>", prev)) & mask);
  }
  // Whole-message flags: a question mark, an exclamation mark, a one-word message.
  if (scratch.normalized.find('?') != std::string::npos) {
    word_ids.push_back(static_cast<std::uint32_t>(HashBytes("<?>", seed + kFlagSeed)) & mask);
  }
  if (scratch.normalized.find('!') != std::string::npos) {
    word_ids.push_back(static_cast<std::uint32_t>(HashBytes("<!>", seed + kFlagSeed)) & mask);
  }
  if (scratch.tokens.size() <= 2) {
    word_ids.push_back(static_cast<std::uint32_t>(HashBytes("<short>", seed + kFlagSeed)) & mask);
  }

  AppendTfBlock(word_ids, 0, config_.word_weight, out);
  const auto middle = static_cast<std::ptrdiff_t>(out.size());
  AppendTfBlock(char_ids, 0, config_.char_weight, out);
  // Merge the two sorted blocks into one sorted vector with unique indices.
  std::inplace_merge(out.begin(), out.begin() + middle, out.end(),
                     [](const SparseEntry& a, const SparseEntry& b) { return a.index < b.index; });
  std::size_t w = 0;
  for (std::size_t r = 0; r < out.size(); ++r) {
    if (w > 0 && out[w - 1].index == out[r].index) {
      out[w - 1].value += out[r].value;
    } else {
      out[w++] = out[r];
    }
  }
  out.resize(w);
}

SparseVector FeatureExtractor::Extract(std::string_view text) const {
  SparseVector out;
  FeatureScratch scratch;
  Extract(text, out, scratch);
  return out;
}

}  // namespace carevoice::nlu
