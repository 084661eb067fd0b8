#pragma once

// A thin RAII layer over libpq for the PostgreSQL adapter: connections with a per-connection
// cache of prepared statements, text-format parameters and results, transactions, and SQLSTATEs
// turned into core::Error values. Internal to the PostgreSQL adapter.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"

struct pg_conn;
struct pg_result;

namespace carevoice::store::pg {

using core::Result;

// The error code of every kUnavailable the adapter returns: the server is down, unreachable,
// shutting down, or refused the connection. Retrying later can succeed.
inline constexpr const char* kUnavailableCode = "DATABASE_UNAVAILABLE";

// Returns kUnavailable with kUnavailableCode; `detail` is for the server's log, not the client.
core::Error Unavailable(std::string_view detail);

// Query parameters, sent in text format. A nullopt is SQL NULL.
class Params {
 public:
  template <class... A>
  static Params Of(const A&... values) {
    Params p;
    (p.Add(values), ...);
    return p;
  }

  template <class T>
  Params& Add(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      values_.emplace_back(value ? "true" : "false");
    } else if constexpr (std::is_integral_v<T>) {
      values_.emplace_back(std::to_string(value));
    } else if constexpr (std::is_floating_point_v<T>) {
      values_.emplace_back(FormatDouble(static_cast<double>(value)));
    } else if constexpr (std::is_enum_v<T>) {
      values_.emplace_back(std::string(core::Name(value)));
    } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
      values_.push_back(value);
    } else if constexpr (std::is_same_v<T, std::optional<core::ConversationStatus>>) {
      values_.emplace_back(value ? std::optional<std::string>(core::Name(*value)) : std::nullopt);
    } else if constexpr (std::is_same_v<T, std::nullopt_t>) {
      values_.emplace_back(std::nullopt);
    } else {
      values_.emplace_back(std::string(value));
    }
    return *this;
  }

  const std::vector<std::optional<std::string>>& Values() const { return values_; }

 private:
  static std::string FormatDouble(double value);  // Shortest text that reads back exactly.
  std::vector<std::optional<std::string>> values_;
};

// One row of a result, read by column index (plus an offset, see Shifted).
class Row {
 public:
  Row(const pg_result* result, int row, int base) : result_(result), row_(row), base_(base) {}
  bool IsNull(int column) const;
  std::string Text(int column) const;  // NULL reads as "".
  std::int64_t Int(int column) const;  // Booleans read as 0/1; NULL as 0.
  double Real(int column) const;
  // Returns this row with column 0 at `offset` (for a row that joins two tables).
  Row Shifted(int offset) const { return Row(result_, row_, base_ + offset); }

 private:
  const pg_result* result_;
  int row_;
  int base_;
};

// A completed command's result; owns the PGresult.
class Rows {
 public:
  explicit Rows(pg_result* result);
  ~Rows();
  Rows(Rows&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  Rows& operator=(Rows&&) = delete;
  Rows(const Rows&) = delete;

  int Size() const;
  Row At(int row) const { return Row(result_, row, 0); }
  std::int64_t Affected() const;  // Rows changed by INSERT/UPDATE/DELETE.

 private:
  pg_result* result_;
};

struct ConnectOptions {
  std::string conninfo;  // A postgres:// URI or key=value string; PG* variables fill the rest.
  int connect_timeout_s = 5;
};

class Connection {
 public:
  // Connects. kUnavailable (kUnavailableCode) if the server cannot be reached or refuses.
  static Result<std::unique_ptr<Connection>> Open(const ConnectOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with `params` ($1, $2, ...), prepared on first use on this connection and
  // reused after.
  Result<Rows> Exec(const std::string& sql, const Params& params = {});
  // Runs `sql` (several statements allowed, no parameters) without preparing it.
  Result<void> ExecScript(const std::string& sql);

  // Returns false if the connection is known dead or the server has closed it while idle
  // (checked without blocking).
  bool LooksAlive();
  // libpq's last error message on this connection (for the server's log).
  std::string LastError() const;
  // Reconnects with the original parameters; forgets the prepared statements.
  Result<void> Reset();

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  core::Error ErrorOf(const pg_result* result, std::string_view what) const;

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name.
};

// BEGIN on construction (Begin), ROLLBACK on destruction unless committed.
class Transaction {
 public:
  // `begin` is the statement that opens it, e.g. "BEGIN ISOLATION LEVEL REPEATABLE READ".
  static Result<Transaction> Begin(Connection& connection, const char* begin = "BEGIN");
  Transaction(Transaction&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Result<void> Commit();

 private:
  explicit Transaction(Connection* connection) : connection_(connection) {}
  Connection* connection_;  // nullptr once committed or moved from.
};

}  // namespace carevoice::store::pg
