#include "wire/validation.hpp"

#include <cmath>

#include "core/strings.hpp"

namespace carevoice::wire {
namespace {

std::string_view FieldName(std::string_view key, std::string_view field) {
  return field.empty() ? key : field;
}

// Returns the value of `key`, or nullptr if absent or null.
const boost::json::value* Present(const boost::json::object& obj, std::string_view key) {
  const boost::json::value* v = obj.if_contains(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

void TypeError(FieldErrors& errors, std::string_view field, std::string_view article_type) {
  errors.Add(field, std::string(field) + " must be " + std::string(article_type));
}

}  // namespace

void FieldErrors::Add(std::string_view field, std::string message) {
  if (!details_.contains(field)) details_[field] = std::move(message);
}

core::Error FieldErrors::ToError(std::string summary) const {
  if (details_.size() == 1) {
    const boost::json::string* only = details_.begin()->value().if_string();
    if (only != nullptr) summary = std::string(*only);
  }
  return core::Error::Validation(std::move(summary), details_);
}

std::string JoinField(std::string_view parent, std::string_view child) {
  return std::string(parent) + "." + std::string(child);
}

std::string IndexField(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::optional<std::string> ReadString(const boost::json::object& obj, std::string_view key,
                                      FieldErrors& errors, std::string_view field) {
  const boost::json::value* v = Present(obj, key);
  if (v == nullptr) return std::nullopt;
  if (const boost::json::string* s = v->if_string()) return std::string(*s);
  TypeError(errors, FieldName(key, field), "a string");
  return std::nullopt;
}

std::optional<bool> ReadBool(const boost::json::object& obj, std::string_view key,
                             FieldErrors& errors, std::string_view field) {
  const boost::json::value* v = Present(obj, key);
  if (v == nullptr) return std::nullopt;
  if (const bool* b = v->if_bool()) return *b;
  TypeError(errors, FieldName(key, field), "a boolean");
  return std::nullopt;
}

std::optional<double> ReadNumber(const boost::json::object& obj, std::string_view key,
                                 FieldErrors& errors, std::string_view field) {
  const boost::json::value* v = Present(obj, key);
  if (v == nullptr) return std::nullopt;
  double d = 0;
  if (v->is_int64()) {
    d = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    d = static_cast<double>(v->get_uint64());
  } else if (v->is_double() && std::isfinite(v->get_double())) {
    d = v->get_double();
  } else {
    TypeError(errors, FieldName(key, field), "a number");
    return std::nullopt;
  }
  return d;
}

std::optional<std::int64_t> ReadInteger(const boost::json::object& obj, std::string_view key,
                                        FieldErrors& errors, std::string_view field) {
  const boost::json::value* v = Present(obj, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  constexpr double kLimit = 9.0e15;  // Well inside the exactly representable integers.
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(kLimit)) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  if (v->is_double()) {
    const double d = v->get_double();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= kLimit) {
      return static_cast<std::int64_t>(d);
    }
  }
  TypeError(errors, FieldName(key, field), "an integer");
  return std::nullopt;
}

const boost::json::array* ReadArray(const boost::json::object& obj, std::string_view key,
                                    FieldErrors& errors, std::string_view field) {
  const boost::json::value* v = Present(obj, key);
  if (v == nullptr) return nullptr;
  if (const boost::json::array* a = v->if_array()) return a;
  TypeError(errors, FieldName(key, field), "an array");
  return nullptr;
}

const boost::json::object* ReadObject(const boost::json::object& obj, std::string_view key,
                                      FieldErrors& errors, std::string_view field) {
  const boost::json::value* v = Present(obj, key);
  if (v == nullptr) return nullptr;
  if (const boost::json::object* o = v->if_object()) return o;
  TypeError(errors, FieldName(key, field), "an object");
  return nullptr;
}

bool CheckLength(std::string_view value, std::string_view field, std::size_t min, std::size_t max,
                 FieldErrors& errors) {
  const std::string name(field);
  if (!core::IsValidUtf8(value)) {
    errors.Add(field, name + " must be valid UTF-8");
    return false;
  }
  const std::size_t length = core::Utf8Length(value);
  if (length == 0 && min > 0) {
    errors.Add(field, name + " is required");
    return false;
  }
  if (length < min) {
    errors.Add(field, name + " must be at least " + std::to_string(min) + " characters");
    return false;
  }
  if (length > max) {
    errors.Add(field, name + " must be at most " + std::to_string(max) + " characters");
    return false;
  }
  return true;
}

std::string Trimmed(std::string_view value) { return std::string(core::TrimAscii(value)); }

}  // namespace carevoice::wire
