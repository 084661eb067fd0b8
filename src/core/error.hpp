#pragma once

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <source_location>
#include <string>
#include <utility>

namespace carevoice::core {

// The error kinds that cross module boundaries. Each maps to exactly one HTTP status.
enum class ErrorKind {
  kBadRequest,            // 400 malformed input (bad JSON, bad id, bad field)
  kUnauthorized,          // 401 missing/invalid credentials
  kForbidden,             // 403
  kNotFound,              // 404 unknown or another user's resource
  kConflict,              // 409
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kUnprocessable,         // 422 well-formed but semantically invalid (e.g. undecodable audio)
  kTooManyRequests,       // 429
  kInternal,              // 500: a bug, never caused by client input
  kUnavailable,           // 503 a dependency is down
};

// An error as a value. `code` is a stable machine-readable string ("VALIDATION_ERROR", ...);
// `details` is null or a JSON value (per-field validation messages, ...).
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
  std::string code;
  boost::json::value details;
  int retry_after_seconds = 0;  // Only for kTooManyRequests; 0 = unset.

  // Returns the HTTP status of `kind`.
  int HttpStatus() const;
  // Returns {"message","error","code","details"?} as the API sends it; "error" repeats "message"
  // for the old frontend, which reads either.
  boost::json::object ToJson() const;

  static Error BadRequest(std::string message, std::string code = "BAD_REQUEST");
  static Error Validation(std::string message, boost::json::value details);
  static Error Unauthorized(std::string message = "Not authorized");
  static Error Forbidden(std::string message = "Forbidden");
  static Error NotFound(std::string message = "Not found");
  static Error Conflict(std::string message);
  static Error Internal(std::string message = "Internal server error");
  static Error Unavailable(std::string message);
};

// Returns the default code string for `kind`, e.g. "NOT_FOUND".
const char* DefaultCode(ErrorKind kind);

// Result type at module boundaries.
template <class T>
using Result = boost::system::result<T, Error>;

// Found by ADL when `.value()` is called on an errored Result. Throws std::runtime_error;
// use only where an error is a programmer error.
[[noreturn]] void throw_exception_from_error(  // NOLINT(readability-identifier-naming)
    const Error& e, const boost::source_location& loc);

}  // namespace carevoice::core
