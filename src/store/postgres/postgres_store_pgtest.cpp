// The PostgreSQL adapter against a real server (the *_pgtest tier): the Store contract suite plus
// what only PostgreSQL has (concurrent migration, the pool, connection loss and recovery, PG*
// variables). The harness (store/testing/pg_server) starts the server in a temporary folder.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/ids.hpp"
#include "store/open_store.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/pg.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/store_contract.hpp"
#include "store/testing/pg_server.hpp"

namespace carevoice::store {
namespace {

using testing::PgServer;

// One server for the whole binary, started before the first test and stopped after the last.
PgServer* g_server = nullptr;

class PgEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    core::Result<std::unique_ptr<PgServer>> server = PgServer::Start();
    ASSERT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
    g_server = server_.get();
  }
  void TearDown() override {
    g_server = nullptr;
    server_.reset();
  }

 private:
  std::unique_ptr<PgServer> server_;
};

const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new PgEnvironment);

Result<std::unique_ptr<Store>> OpenUrl(const std::string& url, int pool_size = 4) {
  PostgresOptions options;
  options.conninfo = url;
  options.pool_size = pool_size;
  options.connect_timeout_s = 2;
  options.acquire_timeout_ms = 3000;
  return OpenPostgresStore(options);
}

// Runs `sql` on the database at `url` outside the store.
void RawExec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* result = PQexec(conn, sql.c_str());
  EXPECT_TRUE(PQresultStatus(result) == PGRES_COMMAND_OK ||
              PQresultStatus(result) == PGRES_TUPLES_OK)
      << PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
}

const StoreBackend kPostgresBackend{
    "Postgres",
    []() -> Result<std::string> {
      if (g_server == nullptr) return core::Error::Unavailable("no PostgreSQL test server");
      return g_server->CreateDatabase();
    },
    [](const std::string& url) { return OpenUrl(url); },
    [](const std::string& url) {
      if (g_server == nullptr) return;
      RawExec(g_server->Url(), "DROP DATABASE IF EXISTS " + url.substr(url.rfind('/') + 1));
    }};

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest, ::testing::Values(&kPostgresBackend),
                         BackendName);

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(g_server, nullptr);
    Result<std::string> url = g_server->CreateDatabase();
    ASSERT_TRUE(url) << url.error().message;
    url_ = *url;
  }
  std::string url_;
};

TEST_F(PostgresStoreTest, MigrationsAreRecordedAndIdempotent) {
  for (int i = 0; i < 2; ++i) {
    Result<std::unique_ptr<Store>> store = OpenUrl(url_);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(*(*store)->Ping(), "connected");
  }
  PGconn* conn = PQconnectdb(url_.c_str());
  PGresult* r = PQexec(conn, "SELECT COUNT(*), MAX(version) FROM carevoice_schema_migrations");
  ASSERT_EQ(PQresultStatus(r), PGRES_TUPLES_OK);
  EXPECT_EQ(std::stoi(PQgetvalue(r, 0, 0)), pg::SchemaVersion());
  EXPECT_EQ(std::stoi(PQgetvalue(r, 0, 1)), pg::SchemaVersion());
  PQclear(r);
  PQfinish(conn);
}

TEST_F(PostgresStoreTest, ConcurrentOpenersMigrateOnce) {
  std::atomic<int> opened{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      Result<std::unique_ptr<Store>> store = OpenUrl(url_, 1);
      if (store && (*store)->Ping()) ++opened;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(opened.load(), 4);
}

TEST_F(PostgresStoreTest, DatabaseFromNewerBuildIsRefused) {
  ASSERT_TRUE(OpenUrl(url_));
  RawExec(url_, "INSERT INTO carevoice_schema_migrations (version) VALUES (" +
                    std::to_string(pg::SchemaVersion() + 1) + ")");
  Result<std::unique_ptr<Store>> store = OpenUrl(url_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

TEST_F(PostgresStoreTest, CorruptJsonColumnIsInternalErrorNotCrash) {
  Result<std::unique_ptr<Store>> store = OpenUrl(url_);
  ASSERT_TRUE(store);
  core::Agent a = MakeAgent(core::NewObjectId());
  ASSERT_TRUE((*store)->CreateAgent(a));
  RawExec(url_, "UPDATE agents SET prompts = '{not json' WHERE id = '" + a.id + "'");
  Result<core::Agent> read = (*store)->GetAgent(a.id, a.user_id);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().kind, core::ErrorKind::kInternal);
}

TEST_F(PostgresStoreTest, ASmallPoolServesManyThreads) {
  Result<std::unique_ptr<Store>> opened = OpenUrl(url_, /*pool_size=*/2);
  ASSERT_TRUE(opened);
  Store& store = **opened;
  core::User u = MakeUser("pool@example.com");
  ASSERT_TRUE(store.CreateUser(u));
  core::Conversation c = MakeConversation(u.id);
  ASSERT_TRUE(store.CreateConversation(c));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (!store.AppendMessage(MakeMessage(c.id, "m"), u.id)) ++failures;
        if (!store.GetConversation(c.id, u.id)) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store.GetConversation(c.id, u.id)->analytics.message_count, 200);
  // The pool never opened more than two connections.
  PGconn* conn = PQconnectdb(g_server->Url().c_str());
  const std::string db = url_.substr(url_.rfind('/') + 1);
  PGresult* r =
      PQexec(conn, ("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + db + "'").c_str());
  EXPECT_LE(std::stoi(PQgetvalue(r, 0, 0)), 2);
  PQclear(r);
  PQfinish(conn);
}

TEST_F(PostgresStoreTest, StandardPgVariablesFillTheUrl) {
  const std::string db = url_.substr(url_.rfind('/') + 1);
  setenv("PGHOST", "127.0.0.1", 1);
  setenv("PGPORT", std::to_string(g_server->Port()).c_str(), 1);
  setenv("PGUSER", "carevoice", 1);
  setenv("PGDATABASE", db.c_str(), 1);
  Result<std::unique_ptr<Store>> store = OpenStore("postgres://");
  for (const char* v : {"PGHOST", "PGPORT", "PGUSER", "PGDATABASE"}) unsetenv(v);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ(*(*store)->Ping(), "connected");
}

TEST(PostgresStoreOpenTest, UnreachableServerIsUnavailableWithoutThePassword) {
  Result<std::unique_ptr<Store>> store =
      OpenUrl("postgres://carevoice:s3cret-pass@127.0.0.1:1/x?sslmode=disable");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos) << store.error().message;
}

// Connection loss: the server goes away under a live store and comes back. Every call while it
// is away fails fast with kUnavailable/DATABASE_UNAVAILABLE; afterwards the store reconnects by
// itself and nothing acknowledged is lost. A server of its own, so the other tests are unaffected.
TEST(PostgresConnectionLossTest, UnavailableWhileDownAndRecoversWhenBack) {
  core::Result<std::unique_ptr<PgServer>> server = PgServer::Start();
  ASSERT_TRUE(server) << server.error().message;
  Result<std::unique_ptr<Store>> opened = OpenUrl((*server)->Url(), 3);
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  core::User u = MakeUser("loss@example.com");
  ASSERT_TRUE(store.CreateUser(u));
  core::Conversation c = MakeConversation(u.id);
  ASSERT_TRUE(store.CreateConversation(c));
  ASSERT_TRUE(store.AppendMessage(MakeMessage(c.id, "before"), u.id));
  // Warm several pooled connections so dead idle ones are exercised after the restart.
  std::vector<std::thread> warm;
  for (int i = 0; i < 3; ++i) warm.emplace_back([&] { (void)store.ListMessages(c.id, u.id); });
  for (std::thread& t : warm) t.join();

  ASSERT_TRUE((*server)->Stop());
  for (int i = 0; i < 5; ++i) {
    const auto started = std::chrono::steady_clock::now();
    Result<std::vector<core::Message>> list = store.ListMessages(c.id, u.id);
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_EQ(list.error().code, "DATABASE_UNAVAILABLE");
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
    Result<void> append = store.AppendMessage(MakeMessage(c.id, "while down"), u.id);
    ASSERT_FALSE(append);
    EXPECT_EQ(append.error().code, "DATABASE_UNAVAILABLE");
    EXPECT_FALSE(store.Ping());
  }

  ASSERT_TRUE((*server)->Restart());
  // Every pooled connection was dropped by the restart; each call still succeeds at once.
  for (int i = 0; i < 6; ++i) {
    Result<std::string> ping = store.Ping();
    ASSERT_TRUE(ping) << i << ": " << ping.error().message;
  }
  ASSERT_TRUE(store.AppendMessage(MakeMessage(c.id, "after"), u.id));
  Result<std::vector<core::Message>> list = store.ListMessages(c.id, u.id);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].content, "before");
  EXPECT_EQ((*list)[1].content, "after");
  EXPECT_EQ(store.GetConversation(c.id, u.id)->analytics.message_count, 2);
}

}  // namespace
}  // namespace carevoice::store
