#pragma once

// The PostgreSQL adapter of the Store port, for deployments that outgrow one machine or already
// run PostgreSQL. libpq, blocking calls on the caller's thread (the worker pool), a bounded pool of
// connections with each connection's statements prepared once, migrations at open.
//
// Connection loss: a call that finds the server gone returns kUnavailable with code
// pg::kUnavailableCode ("DATABASE_UNAVAILABLE"); a dead pooled connection is re-established on
// its next use, so the store recovers by itself when the server is back. Nothing is retried
// behind the caller's back (a write whose COMMIT was lost may or may not have happened).

#include <memory>
#include <string>

#include "core/error.hpp"
#include "store/store.hpp"

namespace carevoice::core {
class Metrics;
}  // namespace carevoice::core

namespace carevoice::store {

struct PostgresOptions {
  // A libpq connection string: "postgres://user:pass@host:port/db?sslmode=require" or
  // "host=... dbname=...". Anything it leaves out comes from the standard PG* variables
  // (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, ...), as for psql.
  std::string conninfo;
  int pool_size = 8;                 // Connections at most (opened on demand), >= 1.
  int connect_timeout_s = 5;         // Per connection attempt (PGCONNECT_TIMEOUT and the URL win).
  int acquire_timeout_ms = 10'000;   // Waiting for a free connection longer: kUnavailable.
  core::Metrics* metrics = nullptr;  // Optional: counts database errors (unavailable, internal).
};

// Connects, brings the schema up to date (serialised across processes by an advisory lock) and
// returns the store. Errors are kUnavailable with a readable message that never includes the
// password.
Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options);

}  // namespace carevoice::store
