#pragma once

// The one place audio files are written: uploads, synthesised replies and (later) call
// recordings. Every file is written atomically (a temporary file, then a rename, so a reader
// never sees a partial file) into its owner's folder "<root>/<user id>/", named with random hex
// (never client input), and counted against the owner's quota. Served at
// "/public/audio/<user id>/<file>" with Cache-Control: private. Thread-safe; Save and Remove
// block (run them on the worker pool).

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.hpp"

namespace carevoice::voice {

struct AudioStoreConfig {
  std::string root;                           // AUDIO_PATH.
  std::uint64_t max_user_bytes = 0;           // MAX_USER_STORAGE; 0 = unlimited.
  std::string url_prefix = "/public/audio/";  // Where `root` is served.
};

class AudioStore {
 public:
  explicit AudioStore(AudioStoreConfig config);

  // Writes `bytes` to "<root>/<owner>/<name>.<extension>" and returns its URL. `name` "" = 24
  // random hex digits. Errors: 413 STORAGE_QUOTA_EXCEEDED when the owner's files would exceed
  // max_user_bytes; kUnavailable (readable message) when the disk refuses. REQUIRES: `owner` is
  // a 24-hex id, `extension` is [a-z0-9]+ and `name` is "" or [a-z0-9]+.
  core::Result<std::string> Save(std::string_view owner, std::string_view bytes,
                                 std::string_view extension, std::string_view name = "");

  // Returns the URL Save(owner, ..., extension, name) would return (to store it before the file
  // exists; the static route answers 404 until then).
  std::string UrlFor(std::string_view owner, std::string_view name,
                     std::string_view extension) const;

  // Deletes the file behind `url` if it is one of this store's URLs ("<prefix><owner>/<file>" or
  // a legacy flat "<prefix><file>"); anything else, a missing file included, is ignored.
  void Remove(std::string_view url);

  // Bytes stored for `owner` (scans their folder once, then kept up to date).
  std::uint64_t UsedBytes(std::string_view owner);

  const AudioStoreConfig& config() const { return config_; }

 private:
  std::uint64_t& UsageLocked(const std::string& owner);

  const AudioStoreConfig config_;
  std::mutex mu_;
  std::unordered_map<std::string, std::uint64_t> used_;  // Guarded by mu_.
};

// Returns true iff `name` is a plain file name: no separator, not "." or "..", no NUL.
bool IsPlainFileName(std::string_view name);

}  // namespace carevoice::voice
