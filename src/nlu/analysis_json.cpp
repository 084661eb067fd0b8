#include "nlu/analysis_json.hpp"
#include "core/json_text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>

namespace carevoice::nlu {
namespace {

double Round4(double v) { return std::round(v * 10000.0) / 10000.0; }

}  // namespace

boost::json::object AnalysisToJson(const core::MessageMetadata& metadata) {
  boost::json::object out;
  out["intent"] = metadata.intent;
  boost::json::array intents;
  for (const std::string& i : metadata.intents) intents.emplace_back(i);
  out["intents"] = std::move(intents);
  out["fineIntent"] = metadata.fine_intent;
  out["confidence"] = Round4(metadata.confidence);
  out["sentiment"] = metadata.sentiment;
  out["sentimentScore"] = Round4(metadata.sentiment_score);
  if (metadata.company.empty()) {
    out["company"] = nullptr;
  } else {
    out["company"] = metadata.company;
  }
  if (!metadata.custom_intent.empty()) out["customIntent"] = metadata.custom_intent;
  if (!metadata.text.empty()) out["text"] = metadata.text;  // As read, spelling corrected.
  return out;
}

std::string AnalysisJsonLine(const core::MessageMetadata& metadata) {
  return core::ToJsonText(AnalysisToJson(metadata));
}

}  // namespace carevoice::nlu
