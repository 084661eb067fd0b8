#pragma once

// A strict multipart/form-data parser (RFC 7578 / RFC 2046 §5.1) for uploads.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace carevoice::http {

struct Part {
  std::string name;          // Content-Disposition name (required).
  std::string filename;      // Content-Disposition filename; "" when the part is not a file.
  std::string content_type;  // The part's Content-Type; "text/plain" when absent.
  // The part's bytes: a view into the `body` given to ParseMultipart, valid while it lives.
  std::string_view data;
};

struct MultipartLimits {
  std::size_t max_parts = 32;
  std::size_t max_header_bytes = std::size_t{8} * 1024;  // Per part: all its header lines together.
};

// Parses `body` as multipart/form-data with the boundary from `content_type_header`
// ("multipart/form-data; boundary=..."; the boundary may be quoted; 1-70 characters). A preamble
// before the first delimiter and an epilogue after the closing one are ignored. Every part needs
// "Content-Disposition: form-data; name=...". Errors are kBadRequest with code "INVALID_MULTIPART"
// and a message saying what is wrong (not multipart, missing boundary, no first delimiter,
// truncated body, no closing delimiter, too many parts, part headers too large, malformed or
// missing Content-Disposition).
core::Result<std::vector<Part>> ParseMultipart(std::string_view content_type_header,
                                               std::string_view body,
                                               const MultipartLimits& limits = {});

// Returns the first part named `name`, or nullptr.
const Part* FindPart(const std::vector<Part>& parts, std::string_view name);

}  // namespace carevoice::http
