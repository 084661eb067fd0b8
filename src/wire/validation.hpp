#pragma once

// Typed, per-field reading of untrusted JSON bodies. Every reader treats an absent key and a JSON
// null alike (nullopt, no error) and records "<field> must be a <type>" for any other type, so a
// handler can collect every problem of a body and answer one 400 VALIDATION_ERROR whose details
// name each field: {"name": "name must be a string", "settings.maxTokens": "..."}.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace carevoice::wire {

// Longest chat message, transcript or NLU input, in code points.
inline constexpr std::size_t kMaxMessageLength = 10'000;

class FieldErrors {
 public:
  // Records `message` for `field` unless the field already has one (the first problem wins).
  void Add(std::string_view field, std::string message);
  bool Empty() const { return details_.empty(); }
  bool Has(std::string_view field) const { return details_.contains(field); }
  const boost::json::object& Details() const { return details_; }
  // Returns a 400 VALIDATION_ERROR with the recorded details. Its message is the only detail's
  // message when there is one, else `summary`. REQUIRES: !Empty().
  core::Error ToError(std::string summary = "Validation failed") const;

 private:
  boost::json::object details_;
};

// Field path helpers: Join("settings", "maxTokens") = "settings.maxTokens"; Index("prompts", 2) =
// "prompts[2]".
std::string JoinField(std::string_view parent, std::string_view child);
std::string IndexField(std::string_view parent, std::size_t index);

// Each Read* returns the value of `key` in `obj` or nullopt; `field` names it in error details
// (defaults to `key`).
std::optional<std::string> ReadString(const boost::json::object& obj, std::string_view key,
                                      FieldErrors& errors, std::string_view field = {});
std::optional<bool> ReadBool(const boost::json::object& obj, std::string_view key,
                             FieldErrors& errors, std::string_view field = {});
// Any finite JSON number.
std::optional<double> ReadNumber(const boost::json::object& obj, std::string_view key,
                                 FieldErrors& errors, std::string_view field = {});
// A JSON number with an integral value (2 and 2.0 both pass; 2.5 is "must be an integer").
std::optional<std::int64_t> ReadInteger(const boost::json::object& obj, std::string_view key,
                                        FieldErrors& errors, std::string_view field = {});
// Returns a pointer into `obj`, valid while `obj` lives; nullptr if absent, null or mistyped.
const boost::json::array* ReadArray(const boost::json::object& obj, std::string_view key,
                                    FieldErrors& errors, std::string_view field = {});
const boost::json::object* ReadObject(const boost::json::object& obj, std::string_view key,
                                      FieldErrors& errors, std::string_view field = {});

// Returns true if `value` is well-formed UTF-8 of min..max code points; otherwise records
// "<field> is required" (empty, min > 0), "<field> must be at most N characters", "<field> must
// be at least N characters" or "<field> must be valid UTF-8" and returns false.
bool CheckLength(std::string_view value, std::string_view field, std::size_t min, std::size_t max,
                 FieldErrors& errors);

// Returns `value` without leading and trailing ASCII whitespace.
std::string Trimmed(std::string_view value);

}  // namespace carevoice::wire
