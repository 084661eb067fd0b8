#pragma once

// A real PostgreSQL server for *_pgtest.cpp: Debian's postgresql-15 binaries (initdb, pg_ctl)
// run on a fresh data folder under the temp dir, on a free loopback port, trusted local auth.
// As root (CI), the server runs as the unprivileged `postgres` user (or `nobody`) through
// runuser, because PostgreSQL refuses to run as root. Test-only.

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.hpp"

namespace carevoice::store::testing {

class PgServer {
 public:
  // Creates the cluster and starts the server. kUnavailable with the reason (binaries missing,
  // initdb or start failed: the log's tail) otherwise.
  static core::Result<std::unique_ptr<PgServer>> Start();
  ~PgServer();  // Stops the server and removes its folder.
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // postgres://carevoice@127.0.0.1:PORT/`database`
  std::string Url(const std::string& database = "postgres") const;
  int Port() const { return port_; }
  // Creates an empty database with a fresh random name and returns its URL.
  core::Result<std::string> CreateDatabase();

  // Stops the server (fast shutdown: sessions are terminated) / starts it again on the same port.
  core::Result<void> Stop();
  core::Result<void> Restart();

 private:
  PgServer(std::filesystem::path dir, int port) : dir_(std::move(dir)), port_(port) {}
  core::Result<void> Ctl(const std::string& args) const;

  std::filesystem::path dir_;
  int port_;
  bool running_ = false;
};

// Returns the folder of initdb/pg_ctl (PG_BIN_DIR, else /usr/lib/postgresql/15/bin), or "" if
// absent.
std::string PgBinDir();

}  // namespace carevoice::store::testing
