#include "nlu/training/datasets.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <set>

#include "core/strings.hpp"
#include "nlu/training/csv.hpp"

namespace carevoice::nlu::training {
namespace {

bool IsCoarse(std::string_view s) {
  for (const char* c : kCoarseIntents) {
    if (s == c) return true;
  }
  return false;
}

core::Result<boost::json::value> ReadJson(const std::string& path) {
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.error();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*bytes, ec);
  if (ec) return core::Error::BadRequest(path + ": invalid JSON: " + ec.message());
  return v;
}

std::uint64_t NextRandom(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Returns the index of column `name` in `header`, or -1.
int Column(const CsvRow& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Trimmed(std::string_view s) { return std::string(core::TrimAscii(s)); }

// Reads `path` as CSV with a header and returns (text, label) of columns `text_name` and
// `label_name` for every row that has both.
core::Result<std::vector<std::pair<std::string, std::string>>> ReadCsvPairs(
    const std::string& path, std::string_view text_name, std::string_view label_name) {
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.error();
  auto rows = ParseCsv(*bytes);
  if (!rows) return rows.error();
  if (rows->empty()) return core::Error::BadRequest(path + ": empty");
  const int text_col = Column(rows->front(), text_name);
  const int label_col = Column(rows->front(), label_name);
  if (text_col < 0 || label_col < 0) {
    return core::Error::BadRequest(path + ": missing " + std::string(text_name) + "/" +
                                   std::string(label_name) + " columns");
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t r = 1; r < rows->size(); ++r) {
    CsvRow& row = (*rows)[r];
    if (row.size() <= static_cast<std::size_t>(std::max(text_col, label_col))) continue;
    out.emplace_back(Trimmed(row[static_cast<std::size_t>(text_col)]),
                     std::move(row[static_cast<std::size_t>(label_col)]));
  }
  return out;
}

// Maps (text, label) pairs through `map` (labels mapped to "" are left out).
core::Result<std::vector<Example>> MapPairs(
    const std::vector<std::pair<std::string, std::string>>& pairs,
    const std::map<std::string, std::string>& map, const std::string& map_name,
    const std::string& source) {
  std::vector<Example> out;
  for (const auto& [text, fine] : pairs) {
    const auto it = map.find(fine);
    if (it == map.end()) return core::Error::BadRequest(map_name + ": unmapped label " + fine);
    if (it->second.empty()) continue;
    out.push_back({text, it->second, fine, source});
  }
  return out;
}

}  // namespace

core::Result<std::map<std::string, std::string>> LoadCoarseMap(const std::string& path) {
  auto json = ReadJson(path);
  if (!json) return json.error();
  if (!json->is_object()) return core::Error::BadRequest(path + ": expected an object");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : json->as_object()) {
    if (key.starts_with("_") || key == "general_fine") continue;
    const bool skip = key == "skip";
    if (!skip && !IsCoarse(key)) {
      return core::Error::BadRequest(path + ": unknown coarse intent " + std::string(key));
    }
    if (!value.is_array()) return core::Error::BadRequest(path + ": expected arrays");
    for (const auto& label : value.as_array()) {
      if (!label.is_string()) return core::Error::BadRequest(path + ": expected strings");
      const std::string name(label.as_string());
      if (!out.emplace(name, skip ? std::string() : std::string(key)).second) {
        return core::Error::BadRequest(path + ": label listed twice: " + name);
      }
    }
  }
  return out;
}

core::Result<std::vector<Example>> LoadBitext(const std::string& data_dir) {
  const std::string map_path = data_dir + "/intent/coarse_map.json";
  auto map = LoadCoarseMap(map_path);
  if (!map) return map.error();
  auto pairs =
      ReadCsvPairs(data_dir + "/intent/bitext_customer_support.csv", "instruction", "intent");
  if (!pairs) return pairs.error();
  return MapPairs(*pairs, *map, map_path, "bitext");
}

core::Result<std::vector<Example>> LoadBanking77(const std::string& data_dir,
                                                 const std::string& map_path) {
  auto map = LoadCoarseMap(map_path);
  if (!map) return map.error();
  auto pairs = ReadCsvPairs(data_dir + "/intent/banking77_train.csv", "text", "category");
  if (!pairs) return pairs.error();
  return MapPairs(*pairs, *map, map_path, "banking77");
}

core::Result<std::vector<Example>> LoadClinc(const std::string& data_dir,
                                             const std::string& map_path,
                                             const std::string& split) {
  auto map = LoadCoarseMap(map_path);
  if (!map) return map.error();
  auto map_json = ReadJson(map_path);
  if (!map_json) return map_json.error();
  std::map<std::string, std::string> general_fine;
  if (const auto* gf = map_json->as_object().if_contains("general_fine"); gf && gf->is_object()) {
    for (const auto& [k, v] : gf->as_object()) {
      if (v.is_string()) general_fine.emplace(std::string(k), std::string(v.as_string()));
    }
  }
  const std::string path = data_dir + "/intent/clinc150_data_full.json";
  auto json = ReadJson(path);
  if (!json) return json.error();
  const auto* lines = json->is_object() ? json->as_object().if_contains(split) : nullptr;
  if (lines == nullptr || !lines->is_array()) {
    return core::Error::BadRequest(path + ": no split " + split);
  }
  std::vector<Example> out;
  for (const auto& item : lines->as_array()) {
    if (!item.is_array() || item.as_array().size() != 2 || !item.as_array()[0].is_string() ||
        !item.as_array()[1].is_string()) {
      return core::Error::BadRequest(path + ": expected [text, label] pairs");
    }
    const std::string text(item.as_array()[0].as_string());
    const std::string label(item.as_array()[1].as_string());
    if (label == "oos") {
      out.push_back({text, "general", "out_of_scope", "clinc150"});
      continue;
    }
    const auto it = map->find(label);
    if (it == map->end()) return core::Error::BadRequest(map_path + ": unmapped intent " + label);
    if (it->second.empty()) continue;
    std::string fine = label;
    if (it->second == "general") {
      const auto g = general_fine.find(label);
      fine = g == general_fine.end() ? "out_of_scope" : g->second;
    }
    out.push_back({text, it->second, fine, "clinc150"});
  }
  return out;
}

core::Result<std::vector<Example>> LoadExamplesTsv(const std::string& path,
                                                   const std::string& source) {
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.error();
  std::vector<Example> out;
  int line_no = 0;
  for (const std::string_view line : core::Split(*bytes, '\n')) {
    ++line_no;
    const std::string_view trimmed = core::TrimAscii(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const auto cols = core::Split(line, '\t');
    if (cols.size() < 2) {
      return core::Error::BadRequest(path + ":" + std::to_string(line_no) +
                                     ": expected text<TAB>coarse[<TAB>fine]");
    }
    Example e{Trimmed(cols[0]), Trimmed(cols[1]), cols.size() > 2 ? Trimmed(cols[2]) : "", source};
    if (!IsCoarse(e.coarse) || e.text.empty()) {
      return core::Error::BadRequest(path + ":" + std::to_string(line_no) +
                                     ": unknown coarse intent or empty text");
    }
    out.push_back(std::move(e));
  }
  return out;
}

void StratifiedSplit(const std::vector<Example>& examples, double test_fraction, std::uint64_t seed,
                     std::vector<Example>* train, std::vector<Example>* test) {
  std::map<std::string, std::vector<std::size_t>> by_label;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    const Example& e = examples[i];
    by_label[e.fine.empty() ? e.coarse : e.fine].push_back(i);
  }
  std::uint64_t state = seed;
  std::vector<bool> in_test(examples.size(), false);
  for (auto& [label, idx] : by_label) {
    for (std::size_t i = idx.size(); i > 1; --i) {
      std::swap(idx[i - 1], idx[static_cast<std::size_t>(NextRandom(state) % i)]);
    }
    const auto k = static_cast<std::size_t>(static_cast<double>(idx.size()) * test_fraction + 0.5);
    for (std::size_t j = 0; j < k && j < idx.size(); ++j) in_test[idx[j]] = true;
  }
  for (std::size_t i = 0; i < examples.size(); ++i) {
    (in_test[i] ? test : train)->push_back(examples[i]);
  }
}

}  // namespace carevoice::nlu::training
