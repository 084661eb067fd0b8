#pragma once

// The PostgreSQL schema as an ordered, append-only list of migrations, recorded in the table
// carevoice_schema_migrations (one row per applied version).

#include "core/error.hpp"
#include "store/postgres/pg.hpp"

namespace carevoice::store::pg {

// Returns the schema version this build writes (the number of migrations).
int SchemaVersion();

// Brings the database up to SchemaVersion(), each migration in its own transaction, holding a
// transaction-scoped advisory lock so concurrent processes migrate one at a time. kUnavailable on
// failure, including a database written by a newer build.
Result<void> Migrate(Connection& connection);

}  // namespace carevoice::store::pg
