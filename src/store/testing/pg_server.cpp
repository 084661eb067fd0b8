#include "store/testing/pg_server.hpp"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/ids.hpp"

namespace carevoice::store::testing {
namespace fs = std::filesystem;
namespace {

constexpr const char* kUser = "carevoice";

// Returns a port that was free a moment ago (bind port 0, read it, close).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The unprivileged account the server runs as when we are root; "" when we are not root.
std::string RunAsUser() {
  if (::geteuid() != 0) return "";
  for (const char* name : {"postgres", "nobody"}) {
    if (::getpwnam(name) != nullptr) return name;
  }
  return "nobody";
}

// Prefixes `command` so it runs as RunAsUser() (if any).
std::string AsServerUser(const std::string& command) {
  const std::string user = RunAsUser();
  if (user.empty()) return command;
  return "runuser -u " + user + " -- " + command;
}

std::string Tail(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

void GiveTo(const fs::path& path, const std::string& user) {
  if (user.empty()) return;
  const passwd* pw = ::getpwnam(user.c_str());
  if (pw == nullptr) return;
  (void)::chown(path.c_str(), pw->pw_uid, pw->pw_gid);
}

}  // namespace

std::string PgBinDir() {
  const char* env = std::getenv("PG_BIN_DIR");
  const std::string dir = env != nullptr ? env : "/usr/lib/postgresql/15/bin";
  return fs::exists(fs::path(dir) / "initdb") ? dir : "";
}

core::Result<std::unique_ptr<PgServer>> PgServer::Start() {
  const std::string bin = PgBinDir();
  if (bin.empty()) {
    return core::Error::Unavailable("PostgreSQL binaries not found (install postgresql-15)");
  }
  const fs::path dir = fs::temp_directory_path() / ("cv_pg_" + core::RandomHex(8));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return core::Error::Unavailable("cannot create " + dir.string());
  const std::string user = RunAsUser();
  GiveTo(dir, user);
  const fs::path data = dir / "data";
  const fs::path log = dir / "initdb.log";
  const std::string initdb =
      AsServerUser(Quote(bin + "/initdb") + " -D " + Quote(data.string()) + " -U " + kUser +
                   " --auth=trust --encoding=UTF8 --locale=C.UTF-8 -N") +
      " > " + Quote(log.string()) + " 2>&1";
  if (std::system(initdb.c_str()) != 0) {
    std::string why = Tail(log);
    fs::remove_all(dir, ec);
    return core::Error::Unavailable("initdb failed: " + why);
  }
  const int port = FreePort();
  {
    // Loopback TCP only; no durability needed for tests.
    std::ofstream conf(data / "postgresql.conf", std::ios::app);
    conf << "\nport = " << port
         << "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            "max_connections = 200\nshared_buffers = 32MB\n";
  }
  std::unique_ptr<PgServer> server(new PgServer(dir, port));
  if (core::Result<void> r = server->Restart(); !r) return r.error();
  return server;
}

PgServer::~PgServer() {
  if (running_) (void)Stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string PgServer::Url(const std::string& database) const {
  return "postgres://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/" +
         database;
}

core::Result<void> PgServer::Ctl(const std::string& args) const {
  const fs::path log = dir_ / "server.log";
  const std::string command =
      AsServerUser(Quote(PgBinDir() + "/pg_ctl") + " -D " + Quote((dir_ / "data").string()) +
                   " -l " + Quote(log.string()) + " " + args) +
      " > /dev/null 2>&1";
  if (std::system(command.c_str()) != 0) {
    return core::Error::Unavailable("pg_ctl " + args + " failed: " + Tail(log));
  }
  return {};
}

core::Result<void> PgServer::Stop() {
  if (core::Result<void> r = Ctl("-m fast -w -t 60 stop"); !r) return r;
  running_ = false;
  return {};
}

core::Result<void> PgServer::Restart() {
  if (core::Result<void> r = Ctl("-w -t 60 start"); !r) return r;
  running_ = true;
  return {};
}

core::Result<std::string> PgServer::CreateDatabase() {
  const std::string name = "cv_" + core::RandomHex(8);
  PGconn* conn = PQconnectdb(Url().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    return core::Error::Unavailable("cannot connect to the test server: " + why);
  }
  PGresult* result = PQexec(conn, ("CREATE DATABASE " + name).c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  std::string why = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) return core::Error::Unavailable("CREATE DATABASE failed: " + why);
  return Url(name);
}

}  // namespace carevoice::store::testing
