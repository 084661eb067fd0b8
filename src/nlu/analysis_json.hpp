#pragma once

// The JSON form of one message analysis, as `carevoice analyze` prints it and
// POST /api/nlu/analyze returns it.

#include <boost/json/object.hpp>

#include <string>

#include "core/domain.hpp"

namespace carevoice::nlu {

// Returns {intent, intents, fineIntent, confidence, sentiment, sentimentScore, company} (company
// null when none; customIntent added when one matched). Numbers are rounded to 4 decimals.
boost::json::object AnalysisToJson(const core::MessageMetadata& metadata);

// Returns AnalysisToJson(metadata) serialised on one line, without a trailing newline.
std::string AnalysisJsonLine(const core::MessageMetadata& metadata);

}  // namespace carevoice::nlu
