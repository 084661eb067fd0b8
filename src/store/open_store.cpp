#include "store/open_store.hpp"

#include <memory>
#include <string>
#include <string_view>

#include "core/strings.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace carevoice::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const OpenOptions& open_options) {
  const std::string_view trimmed = core::TrimAscii(url);
  if (trimmed.empty()) {
    return core::Error::Unavailable("DATABASE_URL is empty; use sqlite:PATH or sqlite::memory:");
  }
  const std::string lower = core::ToLowerAscii(trimmed);
  if (core::StartsWith(lower, "mongodb:") || core::StartsWith(lower, "mongodb+srv:")) {
    return core::Error::Unavailable(
        "MongoDB is not supported (MONGODB_URI / mongodb:// URLs); set DATABASE_URL to "
        "sqlite:PATH (the default) or postgres://...");
  }
  if (core::StartsWith(lower, "postgres://") || core::StartsWith(lower, "postgresql://")) {
    PostgresOptions options;
    options.conninfo = std::string(trimmed);
    options.pool_size = open_options.pool_size;
    options.metrics = open_options.metrics;
    return OpenPostgresStore(options);
  }
  SqliteOptions options;
  if (core::StartsWith(lower, "sqlite://")) {
    options.path = std::string(trimmed.substr(9));  // sqlite:///abs/path -> /abs/path
  } else if (core::StartsWith(lower, "sqlite:")) {
    options.path = std::string(trimmed.substr(7));  // sqlite:rel/path, sqlite::memory:
  } else if (lower.find("://") != std::string::npos) {
    return core::Error::Unavailable("Unsupported DATABASE_URL scheme in '" + std::string(trimmed) +
                                    "'; use sqlite:PATH or postgres://...");
  } else {
    options.path = std::string(trimmed);  // A bare path.
  }
  if (options.path.empty()) {
    return core::Error::Unavailable("DATABASE_URL '" + std::string(trimmed) + "' names no file");
  }
  options.metrics = open_options.metrics;
  return OpenSqliteStore(options);
}

}  // namespace carevoice::store
