#include "api/file_storage.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "core/ids.hpp"
#include "core/strings.hpp"

namespace carevoice::api {
namespace {

namespace fs = std::filesystem;

bool IsPlainFileName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of("/\\") == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

core::Error DiskError(const std::string& what) {
  return core::Error::Unavailable("Could not store the file: " + what);
}

}  // namespace

core::Result<std::string> SaveFile(const std::string& folder, std::string_view bytes,
                                   const std::string& extension) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) return DiskError(ec.message());
  const std::string name = core::RandomHex(12) + "." + extension;
  const fs::path final_path = fs::path(folder) / name;
  const fs::path temp_path = fs::path(folder) / ("." + name + ".part");
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (!out) return DiskError("cannot open " + temp_path.filename().string());
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      out.close();
      fs::remove(temp_path, ec);
      return DiskError("write failed");
    }
  }
  fs::rename(temp_path, final_path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp_path, ignored);
    return DiskError(ec.message());
  }
  return name;
}

void RemoveFileQuietly(const std::string& folder, std::string_view name) {
  if (!IsPlainFileName(name)) return;
  std::error_code ec;
  fs::remove(fs::path(folder) / std::string(name), ec);
}

std::string AudioFileNameOfUrl(std::string_view url) {
  if (!core::StartsWith(url, kAudioUrlPrefix)) return "";
  const std::string_view name = url.substr(kAudioUrlPrefix.size());
  return IsPlainFileName(name) ? std::string(name) : std::string();
}

}  // namespace carevoice::api
