#include "http/multipart.hpp"

#include <optional>
#include <utility>

#include "core/strings.hpp"

namespace carevoice::http {
namespace {

constexpr std::size_t kMaxBoundary = 70;

core::Error Invalid(std::string message) {
  return core::Error::BadRequest(std::move(message), "INVALID_MULTIPART");
}

bool IsTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// Parses `; key=value; key="quoted"` parameters after a media type or disposition type.
// Keys are lower-cased. Returns nullopt when malformed.
struct Param {
  std::string key;
  std::string value;
};
std::optional<std::vector<Param>> ParseParams(std::string_view s) {
  std::vector<Param> out;
  std::size_t i = 0;
  const auto skip_ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  };
  while (true) {
    skip_ws();
    if (i == s.size()) return out;
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_ws();
    if (i == s.size()) return out;  // A trailing ';' is tolerated.
    const std::size_t key_start = i;
    while (i < s.size() && IsTokenChar(s[i])) ++i;
    if (i == key_start) return std::nullopt;
    Param p;
    p.key = core::ToLowerAscii(s.substr(key_start, i - key_start));
    skip_ws();
    if (i == s.size() || s[i] != '=') return std::nullopt;
    ++i;
    skip_ws();
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        const char c = s[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        // Only \" and \\ are escapes: browsers send Windows paths with bare backslashes.
        if (c == '\\' && i < s.size() && (s[i] == '"' || s[i] == '\\')) {
          p.value.push_back(s[i++]);
          continue;
        }
        if (c == '\r' || c == '\n') return std::nullopt;
        p.value.push_back(c);
      }
      if (!closed) return std::nullopt;
    } else {
      const std::size_t value_start = i;
      while (i < s.size() && IsTokenChar(s[i])) ++i;
      if (i == value_start) return std::nullopt;
      p.value = std::string(s.substr(value_start, i - value_start));
    }
    out.push_back(std::move(p));
  }
}

const Param* FindParam(const std::vector<Param>& params, std::string_view key) {
  for (const Param& p : params) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

// Returns the boundary from the Content-Type header, or an error.
core::Result<std::string> BoundaryOf(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  const std::string_view media = core::TrimAscii(content_type.substr(0, semi));
  if (!core::EqualsIgnoreCaseAscii(media, "multipart/form-data")) {
    return Invalid("Content-Type must be multipart/form-data");
  }
  if (semi == std::string_view::npos) return Invalid("Missing multipart boundary");
  auto params = ParseParams(content_type.substr(semi));
  if (!params) return Invalid("Malformed Content-Type parameters");
  const Param* boundary = FindParam(*params, "boundary");
  if (boundary == nullptr || boundary->value.empty()) {
    return Invalid("Missing multipart boundary");
  }
  if (boundary->value.size() > kMaxBoundary || boundary->value.back() == ' ') {
    return Invalid("Invalid multipart boundary (1-70 characters, not ending in a space)");
  }
  return boundary->value;
}

// Fills `part` from the header block (lines separated by CRLF, without the final blank line).
core::Result<void> ParsePartHeaders(std::string_view block, std::size_t index, Part& part) {
  bool has_disposition = false;
  const std::string which = "part " + std::to_string(index + 1);
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t eol = block.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = block.size();
    const std::string_view line = block.substr(pos, eol - pos);
    pos = eol + 2;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Invalid("Malformed header line in " + which);
    }
    const std::string_view name = line.substr(0, colon);
    for (const char c : name) {
      if (!IsTokenChar(c)) return Invalid("Malformed header name in " + which);
    }
    const std::string_view value = core::TrimAscii(line.substr(colon + 1));
    if (core::EqualsIgnoreCaseAscii(name, "Content-Disposition")) {
      if (has_disposition) return Invalid("Duplicate Content-Disposition in " + which);
      has_disposition = true;
      const std::size_t semi = value.find(';');
      const std::string_view type = core::TrimAscii(value.substr(0, semi));
      if (!core::EqualsIgnoreCaseAscii(type, "form-data")) {
        return Invalid("Content-Disposition of " + which + " must be form-data");
      }
      if (semi == std::string_view::npos) {
        return Invalid("Content-Disposition of " + which + " has no name");
      }
      auto params = ParseParams(value.substr(semi));
      if (!params) return Invalid("Malformed Content-Disposition in " + which);
      const Param* field_name = FindParam(*params, "name");
      if (field_name == nullptr || field_name->value.empty()) {
        return Invalid("Content-Disposition of " + which + " has no name");
      }
      part.name = field_name->value;
      if (const Param* filename = FindParam(*params, "filename")) {
        // Never trust a client path: keep the last component only.
        const std::string& f = filename->value;
        const std::size_t sep = f.find_last_of("/\\");
        part.filename = sep == std::string::npos ? f : f.substr(sep + 1);
      }
    } else if (core::EqualsIgnoreCaseAscii(name, "Content-Type")) {
      part.content_type = std::string(value);
    }
  }
  if (!has_disposition) return Invalid("Missing Content-Disposition in " + which);
  if (part.content_type.empty()) part.content_type = "text/plain";
  return {};
}

}  // namespace

core::Result<std::vector<Part>> ParseMultipart(std::string_view content_type_header,
                                               std::string_view body,
                                               const MultipartLimits& limits) {
  auto boundary = BoundaryOf(content_type_header);
  if (!boundary) return boundary.error();
  const std::string delimiter = "--" + *boundary;
  const std::string inner_delimiter = "\r\n" + delimiter;

  std::size_t pos = 0;
  if (core::StartsWith(body, delimiter)) {
    pos = delimiter.size();
  } else {
    const std::size_t first = body.find(inner_delimiter);
    if (first == std::string_view::npos) {
      return Invalid(body.empty() ? "Empty multipart body"
                                  : "Multipart body does not contain the boundary");
    }
    pos = first + inner_delimiter.size();
  }

  std::vector<Part> parts;
  while (true) {
    // After a delimiter: "--" closes; otherwise optional padding then CRLF.
    if (body.substr(pos, 2) == "--") return parts;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (pos >= body.size()) return Invalid("Truncated multipart body (no closing delimiter)");
    if (body.substr(pos, 2) != "\r\n") return Invalid("Malformed multipart delimiter line");
    pos += 2;
    if (parts.size() >= limits.max_parts) {
      return Invalid("Too many multipart parts (limit " + std::to_string(limits.max_parts) + ")");
    }

    Part part;
    std::string_view headers;
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;  // No headers at all (rejected below: no Content-Disposition).
    } else {
      const std::size_t end = body.find("\r\n\r\n", pos);
      const std::size_t length = end == std::string_view::npos ? body.size() - pos : end - pos;
      if (length > limits.max_header_bytes) {
        return Invalid("Multipart part headers too large (limit " +
                       std::to_string(limits.max_header_bytes) + " bytes)");
      }
      if (end == std::string_view::npos) {
        return Invalid("Truncated multipart body (part headers not terminated)");
      }
      headers = body.substr(pos, length);
      pos = end + 4;
    }
    if (auto ok = ParsePartHeaders(headers, parts.size(), part); !ok) return ok.error();

    const std::size_t data_end = body.find(inner_delimiter, pos);
    if (data_end == std::string_view::npos) {
      return Invalid("Truncated multipart body (no closing delimiter)");
    }
    part.data = body.substr(pos, data_end - pos);
    parts.push_back(std::move(part));
    pos = data_end + inner_delimiter.size();
  }
}

const Part* FindPart(const std::vector<Part>& parts, std::string_view name) {
  for (const Part& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace carevoice::http
