#include "store/postgres/pg.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace carevoice::store::pg {
namespace {

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Returns libpq's message without its trailing newline.
std::string Trimmed(const char* message) {
  std::string s = message != nullptr ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

core::Error Unavailable(std::string_view detail) {
  core::Error e = core::Error::Unavailable("The database is unavailable; try again shortly");
  e.code = kUnavailableCode;
  (void)detail;  // For the log (the pool logs the connection's error), never sent to clients.
  return e;
}

// --- Params ---

std::string Params::FormatDouble(double value) {
  std::array<char, 32> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "0";
  return std::string(buffer.data(), end);
}

// --- Row ---

bool Row::IsNull(int column) const { return PQgetisnull(result_, row_, base_ + column) != 0; }

std::string Row::Text(int column) const {
  const int c = base_ + column;
  if (PQgetisnull(result_, row_, c) != 0) return {};
  return std::string(PQgetvalue(result_, row_, c),
                     static_cast<std::size_t>(PQgetlength(result_, row_, c)));
}

std::int64_t Row::Int(int column) const {
  const int c = base_ + column;
  if (PQgetisnull(result_, row_, c) != 0) return 0;
  const char* v = PQgetvalue(result_, row_, c);
  const std::size_t n = static_cast<std::size_t>(PQgetlength(result_, row_, c));
  if (n == 1 && (v[0] == 't' || v[0] == 'f')) return v[0] == 't' ? 1 : 0;  // boolean
  std::int64_t out = 0;
  std::from_chars(v, v + n, out);
  return out;
}

double Row::Real(int column) const {
  const int c = base_ + column;
  if (PQgetisnull(result_, row_, c) != 0) return 0;
  const char* v = PQgetvalue(result_, row_, c);
  double out = 0;
  std::from_chars(v, v + PQgetlength(result_, row_, c), out);
  return out;
}

// --- Rows ---

Rows::Rows(pg_result* result) : result_(result) {}
Rows::~Rows() {
  if (result_ != nullptr) PQclear(result_);
}
int Rows::Size() const { return PQntuples(result_); }
std::int64_t Rows::Affected() const {
  const char* n = PQcmdTuples(result_);
  return n != nullptr && *n != '\0' ? std::strtoll(n, nullptr, 10) : 0;
}

// --- Connection ---

Result<std::unique_ptr<Connection>> Connection::Open(const ConnectOptions& options) {
  // Later keywords override earlier ones, so the URI's own connect_timeout wins over ours, and
  // PGCONNECT_TIMEOUT over our default.
  const std::string timeout = std::to_string(options.connect_timeout_s);
  const bool env_timeout = std::getenv("PGCONNECT_TIMEOUT") != nullptr;
  std::array<const char*, 3> keys = {"connect_timeout", "dbname", nullptr};
  std::array<const char*, 3> values = {timeout.c_str(), options.conninfo.c_str(), nullptr};
  const int first = env_timeout ? 1 : 0;
  PGconn* conn = PQconnectdbParams(keys.data() + first, values.data() + first, /*expand=*/1);
  if (conn == nullptr) return Unavailable("out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    core::Error e = Unavailable(detail);
    e.message = "Cannot connect to PostgreSQL: " + detail;  // For the operator at start-up.
    return e;
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() { PQfinish(conn_); }

core::Error Connection::ErrorOf(const pg_result* result, std::string_view what) const {
  const std::string detail =
      Trimmed(result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (result == nullptr || PQstatus(conn_) != CONNECTION_OK) return Unavailable(detail);
  const char* state_or_null = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  const std::string_view state = state_or_null != nullptr ? state_or_null : "";
  const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
  std::string message = std::string(what) + ": " + detail;
  if (constraint != nullptr) message += " (" + std::string(constraint) + ")";
  if (state == "23505") return core::Error::Conflict(std::move(message));
  if (state == "23514" || state == "23502" || state == "22P02" || state == "22001" ||
      state == "22021") {
    return core::Error::BadRequest(std::move(message), "INVALID_VALUE");
  }
  if (state == "23503") return core::Error::NotFound(std::move(message));
  // Connection exceptions, shutdown, too many connections, out of resources, serialization.
  if (StartsWith(state, "08") || StartsWith(state, "57P") || StartsWith(state, "53") ||
      state == "40001" || state == "40P01" || state.empty()) {
    return Unavailable(detail);
  }
  return core::Error::Internal("Database error: " + message);
}

Result<Rows> Connection::Exec(const std::string& sql, const Params& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "cv" + std::to_string(prepared_.size() + 1);
    PGresult* prepared = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    if (prepared == nullptr || PQresultStatus(prepared) != PGRES_COMMAND_OK) {
      core::Error e = ErrorOf(prepared, "Cannot prepare a statement");
      PQclear(prepared);
      return e;
    }
    PQclear(prepared);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const std::vector<std::optional<std::string>>& values = params.Values();
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::optional<std::string>& v : values) {
    pointers.push_back(v ? v->c_str() : nullptr);
  }
  PGresult* result = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(values.size()),
                                    pointers.data(), nullptr, nullptr, /*resultFormat=*/0);
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    core::Error e = ErrorOf(result, "Query failed");
    PQclear(result);
    return e;
  }
  return Rows(result);
}

Result<void> Connection::ExecScript(const std::string& sql) {
  PGresult* result = PQexec(conn_, sql.c_str());
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    core::Error e = ErrorOf(result, "Statement failed");
    PQclear(result);
    return e;
  }
  PQclear(result);
  return {};
}

bool Connection::LooksAlive() {
  if (PQstatus(conn_) != CONNECTION_OK) return false;
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (::poll(&fd, 1, 0) <= 0) return true;  // Nothing to read: as alive as we can tell.
  // An idle connection has nothing to read unless the server closed it (a FATAL message and EOF)
  // or sent a notification.
  if (PQconsumeInput(conn_) == 0) return false;
  while (PGnotify* n = PQnotifies(conn_)) PQfreemem(n);
  return PQstatus(conn_) == CONNECTION_OK;
}

std::string Connection::LastError() const { return Trimmed(PQerrorMessage(conn_)); }

Result<void> Connection::Reset() {
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return Unavailable(Trimmed(PQerrorMessage(conn_)));
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  return {};
}

// --- Transaction ---

Result<Transaction> Transaction::Begin(Connection& connection, const char* begin) {
  if (Result<void> r = connection.ExecScript(begin); !r) return r.error();
  return Transaction(&connection);
}

Transaction::~Transaction() {
  if (connection_ != nullptr) (void)connection_->ExecScript("ROLLBACK");
}

Result<void> Transaction::Commit() {
  Connection* connection = std::exchange(connection_, nullptr);
  return connection->ExecScript("COMMIT");
}

}  // namespace carevoice::store::pg
