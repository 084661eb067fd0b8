#include "nlu/sentiment_features.hpp"

#include <algorithm>
#include <cmath>

#include "nlu/lexicon_tokens.hpp"
#include "nlu/sentiment_lexicon.hpp"
#include "nlu/text.hpp"

namespace carevoice::nlu {
namespace {

constexpr std::uint64_t kWordSeed = 0x5171;
constexpr std::uint64_t kCharSeed = 0x5172;
constexpr std::string_view kNegSuffix = "_neg";

// Collapses runs of three or more equal bytes to two ("sooooo" -> "soo").
std::string CollapseElongation(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  int run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    run = (i > 0 && s[i] == s[i - 1]) ? run + 1 : 1;
    if (run <= 2) out.push_back(s[i]);
  }
  return out;
}

bool IsNegator(std::string_view w) {
  if (w.size() > 3 && w.ends_with("n't")) return true;
  std::size_t i = 0;
  const std::string_view list = lexicon::kNegators;
  while (i < list.size()) {
    while (i < list.size() && (list[i] == ' ' || list[i] == '\n')) ++i;
    const std::size_t start = i;
    while (i < list.size() && list[i] != ' ' && list[i] != '\n') ++i;
    if (i > start && list.substr(start, i - start) == w) return true;
  }
  return false;
}

// Splits a hashtag's raw text ("#CustomerService", "#fail_again") into lower-case parts at
// case changes, digits and underscores.
void SplitHashtag(std::string_view raw, std::vector<std::string>& out) {
  if (!raw.empty() && raw.front() == '#') raw.remove_prefix(1);
  std::string part;
  const auto flush = [&]() {
    if (!part.empty()) out.push_back(CollapseElongation(part));
    part.clear();
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    if (!upper && !lower) {
      flush();
      continue;
    }
    const bool prev_lower = i > 0 && raw[i - 1] >= 'a' && raw[i - 1] <= 'z';
    if (upper && prev_lower) flush();
    part.push_back(static_cast<char>(upper ? c - 'A' + 'a' : c));
  }
  flush();
}

}  // namespace

void AppendLexiconFeatures(const SentimentResult& r, std::uint32_t base, float scale,
                           SparseVector& out) {
  const auto add = [&](std::uint32_t k, double v) {
    if (v != 0) out.push_back({base + k, static_cast<float>(v) * scale});
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

TweetFeatureExtractor::TweetFeatureExtractor(const TweetFeatureConfig& config,
                                             const SentimentAnalyzer* lexicon)
    : config_(config), lexicon_(lexicon) {}

std::uint32_t TweetFeatureExtractor::num_features() const {
  return config_.word_buckets + config_.char_buckets + kTweetLexiconFeatures;
}

std::vector<std::string> TweetFeatureExtractor::Tokens(std::string_view text) const {
  std::vector<std::string> out;
  if (text.find("http") != std::string_view::npos || text.find("www.") != std::string_view::npos) {
    out.emplace_back("<url>");
  }
  bool negated = false;
  const auto push = [&](std::string token) {
    if (negated && config_.mark_negation) token.append(kNegSuffix);
    out.push_back(std::move(token));
  };
  for (const ScanToken& tok : ScanTokens(text)) {
    switch (tok.kind) {
      case TokenKind::kWord: {
        std::string w =
            CountDigits(tok.lower) >= 2 ? std::string("<num>") : CollapseElongation(tok.lower);
        const bool negator = IsNegator(w);
        if (tok.all_caps && tok.raw.size() >= 3) out.emplace_back("<caps>");
        push(std::move(w));
        if (negator) negated = true;
        break;
      }
      case TokenKind::kHandle:
        out.emplace_back("<user>");
        break;
      case TokenKind::kHashtag: {
        std::vector<std::string> parts;
        SplitHashtag(tok.raw, parts);
        out.push_back("#" + CollapseElongation(tok.lower));
        for (std::string& p : parts) push(std::move(p));
        break;
      }
      case TokenKind::kEmoticon:
      case TokenKind::kEmoji:
        out.push_back(tok.lower);
        break;
      case TokenKind::kBang:
        if (tok.bangs > 0) out.emplace_back(tok.bangs > 1 ? "!!" : "!");
        if (tok.questions > 0) out.emplace_back(tok.questions > 1 ? "??" : "?");
        negated = false;
        break;
      case TokenKind::kBreak:
        negated = false;
        break;
    }
  }
  return out;
}

SparseVector TweetFeatureExtractor::Extract(std::string_view text) const {
  const std::vector<std::string> tokens = Tokens(text);
  std::vector<std::uint32_t> word_ids;
  std::vector<std::uint32_t> char_ids;
  const std::uint32_t word_mask = config_.word_buckets - 1;
  const std::uint32_t char_mask = config_.char_buckets - 1;
  std::vector<std::uint64_t> hashes(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) hashes[i] = HashBytes(tokens[i], kWordSeed);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::uint64_t h = 0;
    for (int n = 1; n <= config_.word_max_n && i + static_cast<std::size_t>(n) <= tokens.size();
         ++n) {
      h = n == 1 ? hashes[i] : HashBytes(tokens[i + static_cast<std::size_t>(n) - 1], h);
      word_ids.push_back(static_cast<std::uint32_t>(h) & word_mask);
    }
    if (config_.char_min_n > 0) {
      std::string_view t = tokens[i];
      if (t.ends_with(kNegSuffix)) t.remove_suffix(kNegSuffix.size());
      if (t.empty() || t.front() == '<') continue;
      const std::string padded = "<" + std::string(t) + ">";
      ForEachCharNgram(padded, config_.char_min_n, config_.char_max_n, [&](std::string_view gram) {
        char_ids.push_back(static_cast<std::uint32_t>(HashBytes(gram, kCharSeed)) & char_mask);
      });
    }
  }
  SparseVector out;
  AppendTfBlock(word_ids, 0, config_.word_weight, out);
  AppendTfBlock(char_ids, config_.word_buckets, config_.char_weight, out);
  if (lexicon_ != nullptr && config_.lexicon_weight > 0) {
    AppendLexiconFeatures(lexicon_->Analyze(text), config_.word_buckets + config_.char_buckets,
                          config_.lexicon_weight, out);
  }
  return out;
}

}  // namespace carevoice::nlu
