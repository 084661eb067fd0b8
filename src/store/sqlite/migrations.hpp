#pragma once

// The SQLite schema as an ordered list of migrations. The database's PRAGMA user_version is the
// number of migrations applied; each migration runs in its own transaction.

#include "core/error.hpp"
#include "store/sqlite/db.hpp"

namespace carevoice::store::sqlite {

// Returns the schema version this build writes (the number of migrations).
int SchemaVersion();

// Brings the database on `connection` up to SchemaVersion(). Errors are kUnavailable, including a
// database written by a newer build (user_version > SchemaVersion()).
Result<void> Migrate(Connection& connection);

}  // namespace carevoice::store::sqlite
