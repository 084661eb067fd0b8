#include "http/static_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <cerrno>
#include <utility>

#include "core/blocking.hpp"
#include "core/strings.hpp"
#include "http/http_date.hpp"

namespace carevoice::http {
namespace {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;

struct MimeEntry {
  std::string_view extension;
  std::string_view type;
};

constexpr std::array<MimeEntry, 22> kMimeTypes = {{
    {"wav", "audio/wav"},
    {"mp3", "audio/mpeg"},
    {"ogg", "audio/ogg"},
    {"webm", "audio/webm"},
    {"m4a", "audio/mp4"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"svg", "image/svg+xml"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
}};

// What the blocking part found out and read.
struct FileResult {
  unsigned status = 200;  // 200, 206, 304, 400, 404, 416, 500
  std::string body;
  std::uint64_t size = 0;
  std::string etag;
  std::time_t mtime = 0;
  ByteRange range;
  std::string served_name;  // For the MIME type (the index file when a folder was asked).
};

// The request headers the blocking part needs (copied: it may run on another thread).
struct FileRequest {
  std::string relative;
  bool head = false;
  std::string if_none_match;
  std::string if_modified_since;
  std::string range;
  std::string if_range;
};

bool EtagListMatches(std::string_view header, std::string_view etag) {
  header = core::TrimAscii(header);
  if (header == "*") return true;
  const auto strip_weak = [](std::string_view t) {
    t = core::TrimAscii(t);
    if (core::StartsWith(t, "W/")) t.remove_prefix(2);
    return t;
  };
  for (const std::string_view candidate : core::Split(header, ',')) {
    if (strip_weak(candidate) == strip_weak(etag)) return true;
  }
  return false;
}

bool ReadExactly(int fd, std::uint64_t offset, std::uint64_t length, std::string& out) {
  out.resize(length);
  std::uint64_t done = 0;
  while (done < length) {
    const ssize_t n =
        ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::uint64_t>(n);
  }
  return true;
}

FileResult ServeBlocking(const fs::path& root, const std::string& index_file,
                         const FileRequest& req) {
  FileResult result;
  std::optional<fs::path> relative;
  if (req.relative.empty()) {
    relative = fs::path();
  } else {
    relative = SafeRelativePath(req.relative);
  }
  if (!relative) {
    result.status = 400;
    return result;
  }
  // Hidden files (".env", ".git") are never served.
  for (const fs::path& part : *relative) {
    if (!part.empty() && part.native().front() == '.') {
      result.status = 404;
      return result;
    }
  }
  std::error_code ec;
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) {
    result.status = 404;
    return result;
  }
  fs::path target = fs::canonical(canonical_root / *relative, ec);
  if (ec) {
    result.status = 404;
    return result;
  }
  if (fs::is_directory(target, ec) && !index_file.empty()) {
    target = fs::canonical(target / index_file, ec);
    if (ec) {
      result.status = 404;
      return result;
    }
  }
  // After symlinks are resolved the file must still be below the root.
  const std::string& root_text = canonical_root.native();
  const std::string& target_text = target.native();
  if (target_text.size() <= root_text.size() ||
      target_text.compare(0, root_text.size(), root_text) != 0 ||
      (root_text.back() != '/' && target_text[root_text.size()] != '/')) {
    result.status = 404;
    return result;
  }
  const int fd = ::open(target.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    result.status = 404;
    return result;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    result.status = 404;
    return result;
  }
  result.served_name = target.filename().string();
  result.size = static_cast<std::uint64_t>(st.st_size);
  result.mtime = st.st_mtim.tv_sec;
  char etag[64];
  const int etag_len = std::snprintf(
      etag, sizeof(etag), "\"%llx-%llx\"", static_cast<unsigned long long>(result.size),
      static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ULL +
          static_cast<unsigned long long>(st.st_mtim.tv_nsec));
  result.etag.assign(etag, etag_len > 0 ? static_cast<std::size_t>(etag_len) : 0);

  bool not_modified = false;
  if (!req.if_none_match.empty()) {
    not_modified = EtagListMatches(req.if_none_match, result.etag);
  } else if (!req.if_modified_since.empty()) {
    const auto since = ParseHttpDate(req.if_modified_since);
    not_modified = since && result.mtime <= *since;
  }
  if (not_modified) {
    ::close(fd);
    result.status = 304;
    return result;
  }
  RangeKind range_kind = RangeKind::kNone;
  if (!req.range.empty()) {
    // If-Range: only a matching (strong) validator keeps the range; a date must match exactly.
    bool use_range = true;
    if (!req.if_range.empty()) {
      const std::string_view if_range = core::TrimAscii(req.if_range);
      if (if_range.front() == '"' || core::StartsWith(if_range, "W/")) {
        use_range = if_range == result.etag;
      } else {
        const auto date = ParseHttpDate(if_range);
        use_range = date && *date == result.mtime;
      }
    }
    if (use_range) range_kind = ParseRange(req.range, result.size, result.range);
  }
  if (range_kind == RangeKind::kUnsatisfiable) {
    ::close(fd);
    result.status = 416;
    return result;
  }
  std::uint64_t offset = 0;
  std::uint64_t length = result.size;
  if (range_kind == RangeKind::kSatisfiable) {
    result.status = 206;
    offset = result.range.first;
    length = result.range.last - result.range.first + 1;
  }
  if (!req.head && !ReadExactly(fd, offset, length, result.body)) {
    ::close(fd);
    result.status = 500;
    result.body.clear();
    return result;
  }
  ::close(fd);
  return result;
}

Response MakeJsonError(const RequestContext& ctx, unsigned status, std::string message,
                       std::string code) {
  // The shape of core::Error::ToJson (416 has no ErrorKind): `error` repeats `message`.
  return JsonResponse(
      ctx, status,
      boost::json::object{{"message", message}, {"error", message}, {"code", std::move(code)}});
}

}  // namespace

std::string_view MimeTypeForPath(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos || dot + 1 == name.size()) return "application/octet-stream";
  const std::string extension = core::ToLowerAscii(name.substr(dot + 1));
  for (const MimeEntry& entry : kMimeTypes) {
    if (entry.extension == extension) return entry.type;
  }
  return "application/octet-stream";
}

std::optional<fs::path> SafeRelativePath(std::string_view relative) {
  if (relative.empty() || relative.front() == '/') return std::nullopt;
  for (const char c : relative) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') return std::nullopt;
  }
  fs::path out;
  for (const std::string_view part : core::Split(relative, '/')) {
    if (part.empty() || part == "." || part == "..") return std::nullopt;
    out /= std::string(part);
  }
  return out;
}

RangeKind ParseRange(std::string_view header, std::uint64_t size, ByteRange& range) {
  header = core::TrimAscii(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() <= kUnit.size() ||
      !core::EqualsIgnoreCaseAscii(header.substr(0, kUnit.size()), kUnit)) {
    return RangeKind::kNone;
  }
  const std::string_view spec = core::TrimAscii(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return RangeKind::kNone;  // Multi-range.
  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeKind::kNone;
  const auto parse = [](std::string_view s, std::uint64_t& out) {
    s = core::TrimAscii(s);
    if (s.empty() || s.size() > 19) return false;
    out = 0;
    for (const char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
  };
  const std::string_view first_text = spec.substr(0, dash);
  const std::string_view last_text = spec.substr(dash + 1);
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  if (core::TrimAscii(first_text).empty()) {
    // Suffix range: the last N bytes.
    if (!parse(last_text, last)) return RangeKind::kNone;
    if (last == 0 || size == 0) return RangeKind::kUnsatisfiable;
    range.first = last >= size ? 0 : size - last;
    range.last = size - 1;
    return RangeKind::kSatisfiable;
  }
  if (!parse(first_text, first)) return RangeKind::kNone;
  if (core::TrimAscii(last_text).empty()) {
    last = size == 0 ? 0 : size - 1;
  } else if (!parse(last_text, last) || last < first) {
    return RangeKind::kNone;
  }
  if (first >= size) return RangeKind::kUnsatisfiable;
  range.first = first;
  range.last = std::min(last, size - 1);
  return RangeKind::kSatisfiable;
}

Handler MakeStaticFileHandler(StaticFileOptions options) {
  return [options = std::move(options)](RequestContext& ctx) -> boost::asio::awaitable<Response> {
    FileRequest req;
    const auto it = ctx.params.find(options.param);
    if (it != ctx.params.end()) req.relative = it->second;
    if (req.relative.empty() && options.index_file.empty()) {
      co_return ErrorResponse(ctx, core::Error::NotFound("File not found"));
    }
    req.head = ctx.request != nullptr && ctx.request->method() == bhttp::verb::head;
    req.if_none_match = std::string(ctx.Header("If-None-Match"));
    req.if_modified_since = std::string(ctx.Header("If-Modified-Since"));
    req.range = std::string(ctx.Header("Range"));
    req.if_range = std::string(ctx.Header("If-Range"));

    FileResult file;
    if (options.pool != nullptr) {
      auto job = [&options, req] { return ServeBlocking(options.root, options.index_file, req); };
      file = co_await core::RunBlocking(*options.pool, std::move(job));
    } else {
      file = ServeBlocking(options.root, options.index_file, req);
    }

    switch (file.status) {
      case 400:
        co_return ErrorResponse(ctx, core::Error::BadRequest("Invalid file path", "INVALID_PATH"));
      case 404:
        co_return ErrorResponse(ctx, core::Error::NotFound("File not found"));
      case 500:
        co_return ErrorResponse(ctx, core::Error::Internal("File could not be read"));
      default:
        break;
    }
    if (file.status == 416) {
      Response res = MakeJsonError(ctx, 416, "Range not satisfiable", "RANGE_NOT_SATISFIABLE");
      res.set(bhttp::field::content_range, "bytes */" + std::to_string(file.size));
      res.set(bhttp::field::accept_ranges, "bytes");
      co_return res;
    }
    Response res{static_cast<bhttp::status>(file.status), ctx.request->version()};
    res.keep_alive(ctx.request->keep_alive());
    res.set(bhttp::field::etag, file.etag);
    res.set(bhttp::field::last_modified, FormatHttpDate(file.mtime));
    res.set(bhttp::field::cache_control, options.cache_control);
    res.set(bhttp::field::accept_ranges, "bytes");
    if (file.status == 304) co_return res;
    res.set(bhttp::field::content_type, MimeTypeForPath(file.served_name));
    std::uint64_t length = file.size;
    if (file.status == 206) {
      length = file.range.last - file.range.first + 1;
      res.set(bhttp::field::content_range, "bytes " + std::to_string(file.range.first) + "-" +
                                               std::to_string(file.range.last) + "/" +
                                               std::to_string(file.size));
    }
    res.body() = std::move(file.body);
    // For HEAD nothing was read: announce the length the GET would send.
    res.content_length(length);
    co_return res;
  };
}

}  // namespace carevoice::http
