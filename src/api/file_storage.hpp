#pragma once

// Files the API writes into the public folders (audio uploads, synthesised replies). Blocking:
// run on the worker pool. File names are random, never derived from client input.

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace carevoice::api {

// The URL prefix under which ApiConfig::audio_path is served.
inline constexpr std::string_view kAudioUrlPrefix = "/public/audio/";

// Writes `bytes` to "<folder>/<24 random hex>.<extension>" (creating `folder` if needed) through a
// temporary file and a rename, so a reader never sees a partial file. Returns the file name.
// kUnavailable with a readable message if the disk refuses. REQUIRES: `extension` is [a-z0-9]+.
core::Result<std::string> SaveFile(const std::string& folder, std::string_view bytes,
                                   const std::string& extension);

// Deletes "<folder>/<name>" if `name` is a plain file name (no path separator, not "." or "..").
// Errors (a missing file included) are ignored.
void RemoveFileQuietly(const std::string& folder, std::string_view name);

// Returns "<name>" for a URL "/public/audio/<name>" with a plain file name, else "".
std::string AudioFileNameOfUrl(std::string_view url);

}  // namespace carevoice::api
