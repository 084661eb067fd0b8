#pragma once

// The SQLite adapter of the Store port: the default, zero-setup storage of CareVoice.
//
// One writer connection serialised by a mutex (writers queue in-process instead of spinning on
// SQLITE_BUSY) and a small pool of read-only connections that read concurrently in WAL mode.
// Every write is one transaction; a method that returned success has committed it to the WAL,
// which survives a crash of the process (and of the machine with `synchronous_full`).

#include <memory>
#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace carevoice::core {
class Metrics;
}  // namespace carevoice::core

namespace carevoice::store {

struct SqliteOptions {
  std::string path;     // A file path (parent folders are created), or ":memory:" for a private
                        // in-memory database (one connection, gone when the store is destroyed).
  int max_readers = 4;  // Read-only connections, opened on demand; 0 = reads use the writer.
  bool synchronous_full = false;  // fsync every commit: durable across power loss, slower.
  int busy_timeout_ms = 5000;     // Wait for other processes' locks this long before kUnavailable.
  core::Metrics* metrics = nullptr;  // Optional: counts database errors.
};

// Opens the database and brings its schema up to date. Errors are kUnavailable with a readable
// message (unwritable path, not a database, schema from a newer build, ...).
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace carevoice::store
