#include "voice/audio_store.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "core/ids.hpp"
#include "core/strings.hpp"

namespace carevoice::voice {
namespace {

namespace fs = std::filesystem;

core::Error DiskError(const std::string& what) {
  return core::Error::Unavailable("Could not store the audio file: " + what);
}

core::Error QuotaExceeded(std::uint64_t limit) {
  return core::Error{core::ErrorKind::kPayloadTooLarge,
                     "Audio storage quota exceeded (" + std::to_string(limit) +
                         " bytes per user): delete old conversations to free space",
                     "STORAGE_QUOTA_EXCEEDED", nullptr, 0};
}

std::uint64_t FolderBytes(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

}  // namespace

bool IsPlainFileName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of("/\\") == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

AudioStore::AudioStore(AudioStoreConfig config) : config_(std::move(config)) {}

std::uint64_t& AudioStore::UsageLocked(const std::string& owner) {
  auto it = used_.find(owner);
  if (it == used_.end()) {
    it = used_.emplace(owner, FolderBytes(fs::path(config_.root) / owner)).first;
  }
  return it->second;
}

std::uint64_t AudioStore::UsedBytes(std::string_view owner) {
  std::lock_guard lock(mu_);
  return UsageLocked(std::string(owner));
}

std::string AudioStore::UrlFor(std::string_view owner, std::string_view name,
                               std::string_view extension) const {
  return config_.url_prefix + std::string(owner) + "/" + std::string(name) + "." +
         std::string(extension);
}

core::Result<std::string> AudioStore::Save(std::string_view owner_view, std::string_view bytes,
                                           std::string_view extension, std::string_view name) {
  const std::string owner(owner_view);
  if (!core::IsObjectId(owner)) return core::Error::Internal("audio owner is not an id");
  {
    // Reserve the space first, so two concurrent writers cannot both pass the check.
    std::lock_guard lock(mu_);
    std::uint64_t& used = UsageLocked(owner);
    if (config_.max_user_bytes > 0 && used + bytes.size() > config_.max_user_bytes) {
      return QuotaExceeded(config_.max_user_bytes);
    }
    used += bytes.size();
  }
  auto release = [&] {
    std::lock_guard lock(mu_);
    std::uint64_t& used = UsageLocked(owner);
    used -= std::min<std::uint64_t>(used, bytes.size());
  };
  const fs::path folder = fs::path(config_.root) / owner;
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) {
    release();
    return DiskError(ec.message());
  }
  const std::string file =
      (name.empty() ? core::RandomHex(12) : std::string(name)) + "." + std::string(extension);
  const fs::path final_path = folder / file;
  const fs::path temp_path = folder / ("." + file + "." + core::RandomHex(4) + ".part");
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (!out) {
      release();
      return DiskError("cannot open " + temp_path.filename().string());
    }
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      out.close();
      fs::remove(temp_path, ec);
      release();
      return DiskError("write failed");
    }
  }
  fs::rename(temp_path, final_path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp_path, ignored);
    release();
    return DiskError(ec.message());
  }
  return UrlFor(owner, name.empty() ? file.substr(0, file.find('.')) : name, extension);
}

void AudioStore::Remove(std::string_view url) {
  if (!core::StartsWith(url, config_.url_prefix)) return;
  const std::string_view rest = url.substr(config_.url_prefix.size());
  const auto slash = rest.find('/');
  std::string owner;
  std::string_view file = rest;
  if (slash != std::string_view::npos) {
    owner = std::string(rest.substr(0, slash));
    file = rest.substr(slash + 1);
    if (!core::IsObjectId(owner)) return;
  }
  if (!IsPlainFileName(file) || file.front() == '.') return;
  const fs::path path = fs::path(config_.root) / owner / std::string(file);
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return;
  if (!fs::remove(path, ec) || ec) return;
  if (owner.empty()) return;
  std::lock_guard lock(mu_);
  if (auto it = used_.find(owner); it != used_.end()) it->second -= std::min(it->second, size);
}

}  // namespace carevoice::voice
