#pragma once

// A thin RAII layer over the SQLite C API: connections, cached prepared statements and
// transactions, with SQLite result codes turned into core::Error values. Internal to the SQLite
// adapter. A Connection is thread-compatible: one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "core/domain.hpp"
#include "core/error.hpp"

namespace carevoice::core {
class Metrics;
}  // namespace carevoice::core

struct sqlite3;
struct sqlite3_stmt;

namespace carevoice::store::sqlite {

using core::Result;

// Returns the error for SQLite result code `rc` (extended codes understood) on `db`: constraint
// violations of a UNIQUE/PRIMARY KEY are kConflict, CHECK/NOT NULL violations kBadRequest, busy,
// locked, I/O, full and can't-open kUnavailable, everything else kInternal. `what` names the
// operation in the message.
core::Error SqliteError(sqlite3* db, int rc, std::string_view what);

struct ConnectionOptions {
  std::string path;               // ":memory:" = a private in-memory database.
  bool read_only = false;         // Opens SQLITE_OPEN_READONLY (the file must exist).
  bool synchronous_full = false;  // fsync the WAL on every commit (power-loss durability).
  int busy_timeout_ms = 5000;
  core::Metrics* metrics = nullptr;  // Optional: counts kUnavailable/kInternal errors.
};

class Connection;

// A prepared statement borrowed from a Connection's cache. Resets itself and clears its bindings
// when destroyed, so a half-read SELECT never pins a read transaction.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Bind parameters by 1-based index. Text is copied by SQLite (SQLITE_TRANSIENT).
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view{text});
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view{text}); }
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  // A domain enum binds as its column spelling (core::Name).
  template <class E>
  requires std::is_enum_v<E> Statement& Bind(int index, E value) {
    return Bind(index, core::Name(value));
  }
  Statement& BindNull(int index);

  // Binds `args` to parameters 1..N in order.
  template <class... Args>
  Statement& BindAll(const Args&... args) {
    int index = 0;
    (Bind(++index, args), ...);
    return *this;
  }

  // Advances: true = a row is available, false = done. Binding errors surface here.
  Result<bool> Step();
  // Runs the statement to completion, ignoring rows.
  Result<void> Run();

  bool IsNull(int column) const;
  std::string Text(int column) const;  // NULL reads as "".
  std::int64_t Int(int column) const;
  double Real(int column) const;

 private:
  friend class Connection;
  Statement(Connection* connection, sqlite3_stmt* stmt) : connection_(connection), stmt_(stmt) {}

  Connection* connection_;
  sqlite3_stmt* stmt_;
  int bind_error_ = 0;  // First failing sqlite3_bind_* code, reported by Step().
};

class Connection {
 public:
  // Opens `options.path` (created if missing unless read-only) and applies the per-connection
  // pragmas: WAL for files, foreign keys on, busy timeout, synchronous NORMAL or FULL.
  // Errors are kUnavailable.
  static Result<std::unique_ptr<Connection>> Open(const ConnectionOptions& options);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Returns the cached prepared statement for `sql`. REQUIRES: `sql` is one statement and the same
  // text is not prepared again while a previous Statement for it is alive.
  Result<Statement> Prepare(std::string_view sql);
  // Runs one or more `;`-separated statements without results.
  Result<void> Exec(const std::string& sql);
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  std::int64_t Changes() const;
  sqlite3* Raw() const { return db_; }
  // True inside an explicit transaction (false once SQLite has rolled one back by itself).
  bool InTransaction() const;
  // SqliteError(Raw(), rc, what), counted as a database error in the metrics when it is not the
  // request's own fault (not a constraint violation).
  core::Error Failure(int rc, std::string_view what) const;

 private:
  struct Key {};  // Restricts construction to Open() while allowing std::make_unique.

 public:
  Connection(Key, sqlite3* db, core::Metrics* metrics) : db_(db), metrics_(metrics) {}

 private:
  sqlite3* db_;
  core::Metrics* metrics_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// A transaction on one connection, rolled back on destruction unless committed.
class Transaction {
 public:
  // `immediate` = BEGIN IMMEDIATE (takes the write lock now), else a deferred (read) transaction.
  static Result<Transaction> Begin(Connection& connection, bool immediate);

  Transaction(Transaction&& other) noexcept : connection_(other.connection_) {
    other.connection_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Result<void> Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;
};

}  // namespace carevoice::store::sqlite
