#pragma once

// The store factory: picks the adapter (store/sqlite or store/postgres) that a DATABASE_URL names.
// It is its own library target (cv_store_open), so that code which only needs the Store port
// (cv_store) links neither database library.

#include <memory>
#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace carevoice::core {
class Metrics;
}  // namespace carevoice::core

namespace carevoice::store {

struct OpenOptions {
  int pool_size = 8;                 // PostgreSQL: connections at most (>= 1). SQLite ignores it.
  core::Metrics* metrics = nullptr;  // Optional, must outlive the store: counts database errors
                                     // (unavailable or internal, not constraint violations).
};

// Opens the store named by `url` ("sqlite:PATH", "sqlite::memory:", a bare path, or
// "postgres://..." / "postgresql://..." with the PG* variables filling what it leaves out) and
// runs its migrations. Errors are kUnavailable with a readable message (never the password).
Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const OpenOptions& options = {});

}  // namespace carevoice::store
