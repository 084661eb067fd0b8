#include "core/error.hpp"

#include <stdexcept>

namespace carevoice::core {

int Error::HttpStatus() const {
  switch (kind) {
    case ErrorKind::kBadRequest:
      return 400;
    case ErrorKind::kUnauthorized:
      return 401;
    case ErrorKind::kForbidden:
      return 403;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kConflict:
      return 409;
    case ErrorKind::kPayloadTooLarge:
      return 413;
    case ErrorKind::kUnsupportedMediaType:
      return 415;
    case ErrorKind::kUnprocessable:
      return 422;
    case ErrorKind::kTooManyRequests:
      return 429;
    case ErrorKind::kInternal:
      return 500;
    case ErrorKind::kUnavailable:
      return 503;
  }
  return 500;
}

const char* DefaultCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadRequest:
      return "BAD_REQUEST";
    case ErrorKind::kUnauthorized:
      return "UNAUTHORIZED";
    case ErrorKind::kForbidden:
      return "FORBIDDEN";
    case ErrorKind::kNotFound:
      return "NOT_FOUND";
    case ErrorKind::kConflict:
      return "CONFLICT";
    case ErrorKind::kPayloadTooLarge:
      return "PAYLOAD_TOO_LARGE";
    case ErrorKind::kUnsupportedMediaType:
      return "UNSUPPORTED_MEDIA_TYPE";
    case ErrorKind::kUnprocessable:
      return "UNPROCESSABLE";
    case ErrorKind::kTooManyRequests:
      return "TOO_MANY_REQUESTS";
    case ErrorKind::kInternal:
      return "INTERNAL";
    case ErrorKind::kUnavailable:
      return "UNAVAILABLE";
  }
  return "INTERNAL";
}

boost::json::object Error::ToJson() const {
  boost::json::object o;
  o["message"] = message;
  o["error"] = message;  // The old frontend reads `error` on some pages.
  o["code"] = code.empty() ? DefaultCode(kind) : code;
  if (!details.is_null()) o["details"] = details;
  return o;
}

Error Error::BadRequest(std::string message, std::string code) {
  return Error{ErrorKind::kBadRequest, std::move(message), std::move(code), nullptr, 0};
}
Error Error::Validation(std::string message, boost::json::value details) {
  return Error{ErrorKind::kBadRequest, std::move(message), "VALIDATION_ERROR", std::move(details),
               0};
}
Error Error::Unauthorized(std::string message) {
  return Error{ErrorKind::kUnauthorized, std::move(message), "UNAUTHORIZED", nullptr, 0};
}
Error Error::Forbidden(std::string message) {
  return Error{ErrorKind::kForbidden, std::move(message), "FORBIDDEN", nullptr, 0};
}
Error Error::NotFound(std::string message) {
  return Error{ErrorKind::kNotFound, std::move(message), "NOT_FOUND", nullptr, 0};
}
Error Error::Conflict(std::string message) {
  return Error{ErrorKind::kConflict, std::move(message), "CONFLICT", nullptr, 0};
}
Error Error::Internal(std::string message) {
  return Error{ErrorKind::kInternal, std::move(message), "INTERNAL", nullptr, 0};
}
Error Error::Unavailable(std::string message) {
  return Error{ErrorKind::kUnavailable, std::move(message), "UNAVAILABLE", nullptr, 0};
}

void throw_exception_from_error(const Error& e, const boost::source_location& /*loc*/) {
  throw std::runtime_error(e.message);
}

}  // namespace carevoice::core
