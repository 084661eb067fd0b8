#include "store/sqlite/db.hpp"

#include <sqlite3.h>

#include "core/metrics.hpp"

#include <string>
#include <utility>

namespace carevoice::store::sqlite {

core::Error SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = std::string(what) + ": " + detail;
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return core::Error::Conflict(std::move(message));
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return core::Error::BadRequest(std::move(message), "INVALID_VALUE");
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return core::Error::NotFound(std::move(message));
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
      return core::Error::Unavailable("Database unavailable: " + message);
    default:
      return core::Error::Internal("Database error: " + message);
  }
}

// --- Statement ---

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_), stmt_(other.stmt_), bind_error_(other.bind_error_) {
  other.stmt_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, std::string_view text) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != 0) return connection_->Failure(bind_error_, "bind");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step returns the extended code (prepare_v3 statements), so constraint kinds survive.
  core::Error error = connection_->Failure(rc, "step");
  sqlite3_reset(stmt_);
  return error;
}

Result<void> Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row) return row.error();
    if (!*row) return {};
  }
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  const int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::Real(int column) const { return sqlite3_column_double(stmt_, column); }

// --- Connection ---

Result<std::unique_ptr<Connection>> Connection::Open(const ConnectionOptions& options) {
  sqlite3* raw = nullptr;
  const int flags =
      (options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(options.path.c_str(), &raw, flags, nullptr);
  auto connection =
      std::make_unique<Connection>(Key{}, raw, options.metrics);  // Closes `raw` on every path.
  if (rc != SQLITE_OK) {
    return core::Error::Unavailable("Cannot open SQLite database '" + options.path + "': " +
                                    (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;";
  pragmas +=
      options.synchronous_full ? " PRAGMA synchronous = FULL;" : " PRAGMA synchronous = NORMAL;";
  if (Result<void> r = connection->Exec(pragmas); !r) {
    return core::Error::Unavailable("Cannot configure SQLite database '" + options.path +
                                    "': " + r.error().message);
  }
  if (!options.read_only && options.path != ":memory:") {
    Result<Statement> wal = connection->Prepare("PRAGMA journal_mode = WAL");
    if (!wal) return wal.error();
    Result<bool> row = wal->Step();
    if (!row || !*row || wal->Text(0) != "wal") {
      return core::Error::Unavailable("Cannot switch SQLite database '" + options.path +
                                      "' to WAL mode");
    }
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  // Heterogeneous lookup needs C++20 transparent hashing; the SQL strings are short literals.
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) return Statement(this, it->second);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Failure(rc, "prepare");
  }
  cache_.emplace(std::move(key), stmt);
  return Statement(this, stmt);
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

Result<void> Connection::Exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    core::Error error = Failure(rc, "exec");
    sqlite3_free(message);
    return error;
  }
  return {};
}

core::Error Connection::Failure(int rc, std::string_view what) const {
  core::Error error = SqliteError(db_, rc, what);
  if (metrics_ != nullptr &&
      (error.kind == core::ErrorKind::kUnavailable || error.kind == core::ErrorKind::kInternal)) {
    metrics_->DatabaseError();
  }
  return error;
}

std::int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

// --- Transaction ---

Result<Transaction> Transaction::Begin(Connection& connection, bool immediate) {
  Result<Statement> begin = connection.Prepare(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!begin) return begin.error();
  if (Result<void> r = begin->Run(); !r) return r.error();
  return Transaction(&connection);
}

Transaction::~Transaction() {
  if (connection_ == nullptr) return;
  // A failed statement may already have rolled back; ROLLBACK then reports "no transaction".
  if (connection_->InTransaction()) {
    sqlite3_exec(connection_->Raw(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Result<void> Transaction::Commit() {
  Result<Statement> commit = connection_->Prepare("COMMIT");
  if (!commit) return commit.error();
  if (Result<void> r = commit->Run(); !r) return r.error();
  connection_ = nullptr;
  return {};
}

}  // namespace carevoice::store::sqlite
