#pragma once

// Serving files from a folder: GET/HEAD with MIME types, ETag/Last-Modified validation (304),
// single byte ranges (206/416), Cache-Control, and no way out of the root folder.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/router.hpp"

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace carevoice::http {

struct StaticFileOptions {
  // The folder served. Files outside it (after resolving symlinks) are never served.
  std::filesystem::path root = {};
  // The route parameter that holds the path below `root`: "file" for "/public/audio/:file",
  // "path" for "/*path".
  std::string param = "file";
  std::string cache_control = "public, max-age=3600";
  // When set, stat and reads run on this pool instead of the I/O thread. Must outlive the handler.
  boost::asio::thread_pool* pool = nullptr;
  // When non-empty, a request for the root or a folder serves this file from it (e.g.
  // "index.html" for the web console); otherwise folders are 404.
  std::string index_file = {};
};

// Returns a GET handler (the router also uses it for HEAD) serving `options.root`. Responses:
// 200/206 with the bytes, 304 when If-None-Match (or, without it, If-Modified-Since) matches,
// 416 with "Content-Range: bytes */size" for an unsatisfiable range (a multi-range or malformed
// Range is ignored: 200 full), 400 "INVALID_PATH" for a traversal attempt or a malformed name,
// 404 JSON for a missing, hidden (dot-file) or non-regular file.
Handler MakeStaticFileHandler(StaticFileOptions options);

// Returns the Content-Type for the extension of `path` (case-insensitive), or
// "application/octet-stream".
std::string_view MimeTypeForPath(std::string_view path);

// Returns `relative` (an already percent-decoded path below the root, '/'-separated) as a
// relative path if it is safe: not absolute, no "." or ".." or empty component, no backslash,
// NUL or other control character. Returns nullopt otherwise.
std::optional<std::filesystem::path> SafeRelativePath(std::string_view relative);

// A parsed single "Range: bytes=..." against a file of `size` bytes.
struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // Inclusive.
};
enum class RangeKind { kNone, kSatisfiable, kUnsatisfiable };
// Returns kNone for an absent, malformed or multi-range header (serve the full file).
RangeKind ParseRange(std::string_view header, std::uint64_t size, ByteRange& range);

}  // namespace carevoice::http
