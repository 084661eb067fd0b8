#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace carevoice::core {

// Returns `value` as compact JSON text, like boost::json::serialize, except that doubles are
// written in their shortest round-trip decimal form ("0.75", "3", "-0.0125", "1e+21") instead of
// Boost's "7.5E-1"/"3E0", which is how JavaScript clients print them. Non-finite doubles
// (which JSON cannot represent) are written as null.
std::string ToJsonText(const boost::json::value& value);

// Appends ToJsonText(value) to `out`.
void AppendJsonText(const boost::json::value& value, std::string& out);

}  // namespace carevoice::core
