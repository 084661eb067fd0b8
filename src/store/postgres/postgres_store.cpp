#include "store/postgres/postgres_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/metrics.hpp"
#include "store/filter_sql.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/pg.hpp"
#include "store/row_codec.hpp"

namespace carevoice::store {
namespace {

using codec::IntentsToJson;
using codec::kAgentNotFound;
using codec::kConversationNotFound;
using codec::KnowledgeToJson;
using codec::kTokenNotFound;
using codec::kUserNotFound;
using codec::StringsToJson;
using pg::Connection;
using pg::Params;
using pg::Row;
using pg::Rows;
using pg::Transaction;
constexpr auto kReadUser = codec::ReadUser<Row>;
constexpr auto kReadToken = codec::ReadToken<Row>;
constexpr auto kReadAgent = codec::ReadAgent<Row>;
constexpr auto kReadConversation = codec::ReadConversation<Row>;
constexpr auto kReadMessage = codec::ReadMessage<Row>;

// Matches the row's owner, or any owner when the bound user id ($2) is empty.
#define CV_OWNED_BY_2_OR_ANY "($2 = '' OR user_id = $2)"
// CV_MESSAGE_COLUMNS of the table aliased m.
#define CV_MESSAGE_COLUMNS_M                                                                      \
  "m.id, m.conversation_id, m.role, m.content, m.timestamp, m.audio_url, m.has_metadata, "        \
  "m.meta_sentiment, m.meta_sentiment_score, m.meta_intent, m.meta_intents, m.meta_fine_intent, " \
  "m.meta_custom_intent, m.meta_confidence, m.meta_company"

template <class Read>
using RowType = codec::RowType<Read, Row>;

// Decodes the single row of `rows` with `read`; kNotFound(`not_found`) if there is none.
template <class Read>
Result<RowType<Read>> ReadOne(Result<Rows> rows, Read read, const char* not_found) {
  if (!rows) return rows.error();
  if (rows->Size() == 0) return core::Error::NotFound(not_found);
  return read(rows->At(0));
}

// Decodes every row of `rows` with `read`, from column `offset` on.
template <class Read>
Result<std::vector<RowType<Read>>> ReadAll(const Rows& rows, Read read, int offset = 0) {
  std::vector<RowType<Read>> out;
  out.reserve(static_cast<std::size_t>(rows.Size()));
  for (int i = 0; i < rows.Size(); ++i) {
    Result<RowType<Read>> item = read(rows.At(i).Shifted(offset));
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return out;
}

template <class Read>
Result<std::vector<RowType<Read>>> ReadAll(Result<Rows> rows, Read read) {
  if (!rows) return rows.error();
  return ReadAll(*rows, read);
}

// The parameters of `query`, as text.
Params ParamsOf(const sql::Query& query) {
  Params params;
  for (const sql::Value& value : query.params) {
    std::visit([&](const auto& v) { params.Add(v); }, value);
  }
  return params;
}

// kNotFound(`not_found`) if the command changed no row.
Result<void> ExpectChange(Result<Rows> rows, const char* not_found) {
  if (!rows) return rows.error();
  if (rows->Affected() == 0) return core::Error::NotFound(not_found);
  return {};
}

Result<void> Done(Result<Rows> rows) {
  if (!rows) return rows.error();
  return {};
}

// Gives the duplicate-email conflict its user-facing message.
Result<void> NameUserConflict(Result<Rows> rows) {
  if (!rows && rows.error().kind == core::ErrorKind::kConflict &&
      rows.error().message.find("users_email_key") != std::string::npos) {
    return core::Error::Conflict(codec::kDuplicateEmail);
  }
  return Done(std::move(rows));
}

// Conversation (LEFT JOIN) messages: no row = no such conversation; a row with NULL message
// columns = a conversation without messages. One statement, so one snapshot.
Result<std::vector<core::Message>> ReadJoinedMessages(Result<Rows> rows) {
  if (!rows) return rows.error();
  if (rows->Size() == 0) return core::Error::NotFound(kConversationNotFound);
  if (rows->At(0).IsNull(1)) return std::vector<core::Message>{};
  return ReadAll(*rows, kReadMessage, /*offset=*/1);
}

// The connection pool: at most `size` connections, opened on demand, checked before each use and
// re-established when the server dropped them.
class Pool {
 public:
  explicit Pool(const PostgresOptions& options) : options_(options) {}

  void Adopt(std::unique_ptr<Connection> connection) {
    std::lock_guard<std::mutex> lock(mu_);
    ++open_;
    idle_.push_back(std::move(connection));
  }

  // Runs `fn(connection)` on a pooled connection.
  template <class Fn>
  auto With(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    Result<std::unique_ptr<Connection>> connection = Acquire();
    if (!connection) return connection.error();
    auto result = fn(**connection);
    Note(result, **connection);
    Release(std::move(*connection));
    return result;
  }

 private:
  Result<std::unique_ptr<Connection>> Acquire() {
    std::unique_ptr<Connection> connection;
    {
      std::unique_lock<std::mutex> lock(mu_);
      const bool ready = cv_.wait_for(lock, std::chrono::milliseconds(options_.acquire_timeout_ms),
                                      [&] { return !idle_.empty() || open_ < options_.pool_size; });
      if (!ready) return pg::Unavailable("no free database connection");
      if (!idle_.empty()) {
        connection = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    if (connection == nullptr) {
      Result<std::unique_ptr<Connection>> opened =
          Connection::Open({options_.conninfo, options_.connect_timeout_s});
      if (!opened) {
        Forget();
        NoteDown(opened.error().message);
        return pg::Unavailable(opened.error().message);
      }
      return opened;
    }
    if (!connection->LooksAlive()) {
      if (Result<void> r = connection->Reset(); !r) {
        NoteDown(connection->LastError());
        Release(std::move(connection));  // Kept: the next caller tries to reconnect it again.
        return r.error();
      }
    }
    return connection;
  }

  void Release(std::unique_ptr<Connection> connection) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(connection));
    cv_.notify_one();
  }

  void Forget() {
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    cv_.notify_one();
  }

  // Logs the transitions between reachable and unreachable, once each.
  template <class R>
  void Note(const R& result, const Connection& connection) {
    if (!result && options_.metrics != nullptr &&
        (result.error().kind == core::ErrorKind::kUnavailable ||
         result.error().kind == core::ErrorKind::kInternal)) {
      options_.metrics->DatabaseError();
    }
    if (!result && result.error().code == pg::kUnavailableCode) {
      NoteDown(connection.LastError());
    } else if (down_.exchange(false)) {
      spdlog::info("PostgreSQL is reachable again");
    }
  }
  void NoteDown(const std::string& why) {
    if (!down_.exchange(true)) spdlog::error("PostgreSQL is unavailable ({})", why);
  }

  const PostgresOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // Guarded by mu_.
  int open_ = 0;                                   // Guarded by mu_.
  std::atomic<bool> down_{false};
};

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(const PostgresOptions& options) : pool_(options) {}
  Pool& pool() { return pool_; }

  Result<std::string> Ping() override {
    return pool_.With([](Connection& db) -> Result<std::string> {
      Result<Rows> rows = db.Exec("SELECT 1");
      if (!rows) return rows.error();
      return std::string("connected");
    });
  }

  // --- Users ---

  Result<void> CreateUser(const core::User& u) override {
    return pool_.With([&](Connection& db) {
      return NameUserConflict(db.Exec("INSERT INTO users (" CV_USER_COLUMNS
                                      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                      Params::Of(u.id, u.name, u.email, u.password_hash, u.avatar,
                                                 u.role, u.created_at, u.updated_at)));
    });
  }

  Result<core::User> GetUserById(const std::string& id) override {
    return pool_.With([&](Connection& db) {
      return ReadOne(db.Exec("SELECT " CV_USER_COLUMNS " FROM users WHERE id = $1", Params::Of(id)),
                     kReadUser, kUserNotFound);
    });
  }

  Result<core::User> GetUserByEmail(const std::string& email) override {
    return pool_.With([&](Connection& db) {
      return ReadOne(db.Exec("SELECT " CV_USER_COLUMNS " FROM users WHERE lower(email) = lower($1)",
                             Params::Of(email)),
                     kReadUser, kUserNotFound);
    });
  }

  Result<void> UpdateUser(const core::User& u) override {
    return pool_.With([&](Connection& db) -> Result<void> {
      Result<Rows> rows = db.Exec(
          "UPDATE users SET name = $1, email = $2, avatar = $3, password_hash = $4, role = $5, "
          "updated_at = $6 WHERE id = $7",
          Params::Of(u.name, u.email, u.avatar, u.password_hash, u.role, u.updated_at, u.id));
      if (rows && rows->Affected() == 0) return core::Error::NotFound(kUserNotFound);
      return NameUserConflict(std::move(rows));
    });
  }

  // --- Refresh tokens ---

  Result<void> InsertRefreshToken(const RefreshToken& t) override {
    return pool_.With([&](Connection& db) {
      return Done(db.Exec("INSERT INTO refresh_tokens (" CV_TOKEN_COLUMNS
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
                          Params::Of(t.token_hash, t.user_id, t.family_id, t.expires_at,
                                     t.created_at, t.used, t.revoked)));
    });
  }

  Result<RefreshToken> GetRefreshToken(const std::string& token_hash) override {
    return pool_.With([&](Connection& db) {
      return ReadOne(
          db.Exec("SELECT " CV_TOKEN_COLUMNS " FROM refresh_tokens WHERE token_hash = $1",
                  Params::Of(token_hash)),
          kReadToken, kTokenNotFound);
    });
  }

  Result<void> RotateRefreshToken(const std::string& old_hash, const RefreshToken& t) override {
    return pool_.With([&](Connection& db) -> Result<void> {
      // One statement, so one transaction: the old token is marked used only if the new one is
      // inserted. A concurrent rotation waits for the row lock and then sees used = true.
      Result<Rows> rows = db.Exec(
          "WITH old AS (UPDATE refresh_tokens SET used = true "
          "WHERE token_hash = $1 AND NOT used AND NOT revoked RETURNING 1) "
          "INSERT INTO refresh_tokens (" CV_TOKEN_COLUMNS
          ") SELECT $2, $3, $4, $5::bigint, $6::bigint, $7::boolean, $8::boolean FROM old",
          Params::Of(old_hash, t.token_hash, t.user_id, t.family_id, t.expires_at, t.created_at,
                     t.used, t.revoked));
      if (!rows) return rows.error();
      if (rows->Affected() == 0) {
        return core::Error::Unauthorized("Refresh token already used or revoked");
      }
      return {};
    });
  }

  Result<void> RevokeRefreshFamily(const std::string& family_id) override {
    return pool_.With([&](Connection& db) {
      return Done(
          db.Exec("UPDATE refresh_tokens SET revoked = true WHERE family_id = $1 AND NOT revoked",
                  Params::Of(family_id)));
    });
  }

  Result<std::vector<std::string>> RevokeUserRefreshFamilies(
      const std::string& user_id, const std::string& keep_family_id) override {
    return pool_.With([&](Connection& db) {
      // One statement: the families returned are exactly those this update revoked tokens of.
      return ReadAll(db.Exec("WITH changed AS (UPDATE refresh_tokens SET revoked = true "
                             "WHERE user_id = $1 AND family_id <> $2 AND NOT revoked "
                             "RETURNING family_id) SELECT DISTINCT family_id FROM changed",
                             Params::Of(user_id, keep_family_id)),
                     [](const pg::Row& row) -> Result<std::string> { return row.Text(0); });
    });
  }

  Result<std::vector<RevokedFamily>> ListRevokedFamilies(core::TimeMs created_after) override {
    return pool_.With([&](Connection& db) {
      return ReadAll(db.Exec("SELECT family_id, MIN(user_id), MAX(created_at) FROM refresh_tokens "
                             "GROUP BY family_id HAVING bool_or(revoked) AND MAX(created_at) > $1",
                             Params::Of(created_after)),
                     [](const pg::Row& row) -> Result<RevokedFamily> {
                       return RevokedFamily{row.Text(0), row.Text(1), row.Int(2)};
                     });
    });
  }

  Result<std::int64_t> PurgeRefreshTokens(core::TimeMs expired_before,
                                          core::TimeMs created_before) override {
    return pool_.With([&](Connection& db) -> Result<std::int64_t> {
      Result<Rows> rows =
          db.Exec("DELETE FROM refresh_tokens WHERE expires_at < $1 AND created_at < $2",
                  Params::Of(expired_before, created_before));
      if (!rows) return rows.error();
      return rows->Affected();
    });
  }

  // --- Agents ---

  Result<void> CreateAgent(const core::Agent& a) override {
    return pool_.With([&](Connection& db) {
      return Done(db.Exec(
          "INSERT INTO agents (" CV_AGENT_COLUMNS
          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
          "$18)",
          Params::Of(a.id, a.user_id, a.name, a.company, a.personality, a.system_prompt,
                     a.response_style, a.settings.max_tokens, a.settings.temperature,
                     a.company_info, StringsToJson(a.prompts), KnowledgeToJson(a.knowledge),
                     IntentsToJson(a.intents), a.voice, a.avatar, a.is_demo, a.created_at,
                     a.updated_at)));
    });
  }

  Result<core::Agent> GetAgent(const std::string& id, const std::string& user_id) override {
    return pool_.With([&](Connection& db) {
      return ReadOne(db.Exec("SELECT " CV_AGENT_READ_COLUMNS
                             " FROM agents WHERE id = $1 AND user_id IN ($2, '')",
                             Params::Of(id, user_id)),
                     kReadAgent, kAgentNotFound);
    });
  }

  Result<std::vector<core::Agent>> ListAgents(const std::string& user_id) override {
    return pool_.With([&](Connection& db) {
      return ReadAll(
          db.Exec("SELECT " CV_AGENT_READ_COLUMNS
                  " FROM agents WHERE user_id = $1 AND user_id <> '' ORDER BY created_at DESC, "
                  "id DESC",
                  Params::Of(user_id)),
          kReadAgent);
    });
  }

  Result<std::vector<core::Agent>> ListDemoAgents() override {
    return pool_.With([&](Connection& db) {
      return ReadAll(db.Exec("SELECT " CV_AGENT_READ_COLUMNS
                             " FROM agents WHERE user_id = '' ORDER BY created_at, id"),
                     kReadAgent);
    });
  }

  Result<void> UpdateAgent(const core::Agent& a) override {
    return pool_.With([&](Connection& db) {
      return ExpectChange(
          db.Exec("UPDATE agents SET name = $1, company = $2, personality = $3, "
                  "system_prompt = $4, response_style = $5, max_tokens = $6, temperature = $7, "
                  "company_info = $8, prompts = $9, knowledge = $10, intents = $11, voice = $12, "
                  "avatar = $13, updated_at = $14 WHERE id = $15 AND user_id = $16",
                  Params::Of(a.name, a.company, a.personality, a.system_prompt, a.response_style,
                             a.settings.max_tokens, a.settings.temperature, a.company_info,
                             StringsToJson(a.prompts), KnowledgeToJson(a.knowledge),
                             IntentsToJson(a.intents), a.voice, a.avatar, a.updated_at, a.id,
                             a.user_id)),
          kAgentNotFound);
    });
  }

  Result<void> DeleteAgent(const std::string& id, const std::string& user_id) override {
    return pool_.With([&](Connection& db) {
      return ExpectChange(
          db.Exec("DELETE FROM agents WHERE id = $1 AND user_id = $2", Params::Of(id, user_id)),
          kAgentNotFound);
    });
  }

  // --- Agent publishing ---

  Result<core::Agent> PublishAgent(const std::string& id, const std::string& user_id,
                                   const std::string& new_widget_key) override {
    return UpdatePublication("published = true, widget_key = COALESCE(widget_key, $3)", id, user_id,
                             new_widget_key);
  }

  Result<core::Agent> UnpublishAgent(const std::string& id, const std::string& user_id) override {
    return UpdatePublication("published = false", id, user_id, std::nullopt);
  }

  Result<core::Agent> RotateAgentWidgetKey(const std::string& id, const std::string& user_id,
                                           const std::string& new_widget_key) override {
    return UpdatePublication("widget_key = $3", id, user_id, new_widget_key);
  }

  Result<core::Agent> GetAgentByWidgetKey(const std::string& widget_key) override {
    return pool_.With([&](Connection& db) {
      return ReadOne(db.Exec("SELECT " CV_AGENT_READ_COLUMNS
                             " FROM agents WHERE widget_key = $1 AND published "
                             "AND user_id <> '' AND NOT is_demo",
                             Params::Of(widget_key)),
                     kReadAgent, kAgentNotFound);
    });
  }

  // --- Conversations ---

  Result<void> CreateConversation(const core::Conversation& c) override {
    return pool_.With([&](Connection& db) {
      return Done(db.Exec(
          "INSERT INTO conversations (" CV_CONVERSATION_COLUMNS
          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
          Params::Of(c.id, c.user_id, c.agent_id, c.title, c.company, c.status,
                     c.analytics.duration, c.analytics.message_count, c.analytics.sentiment,
                     c.analytics.satisfaction, c.is_call_simulator, c.state_json, c.created_at,
                     c.updated_at, c.ended_at, c.visitor_id, c.is_test)));
    });
  }

  Result<core::Conversation> GetConversation(const std::string& id,
                                             const std::string& user_id) override {
    return pool_.With([&](Connection& db) {
      return ReadOne(db.Exec("SELECT " CV_CONVERSATION_COLUMNS
                             " FROM conversations WHERE id = $1 AND " CV_OWNED_BY_2_OR_ANY,
                             Params::Of(id, user_id)),
                     kReadConversation, kConversationNotFound);
    });
  }

  Result<std::vector<core::Conversation>> ListConversations(const std::string& user_id,
                                                            const ListOptions& opts) override {
    const sql::Query query = sql::ListConversationsQuery(sql::Dialect::kPostgres, user_id, opts);
    return pool_.With([&](Connection& db) {
      return ReadAll(db.Exec(query.text, ParamsOf(query)), kReadConversation);
    });
  }

  Result<core::Conversation> UpdateConversation(const std::string& id, const std::string& user_id,
                                                const ConversationPatch& patch,
                                                core::TimeMs now) override {
    return pool_.With([&](Connection& db) { return UpdateIn(db, id, user_id, patch, now); });
  }

  Result<std::vector<core::Conversation>> ListVisitorConversations(
      const std::string& user_id, const std::string& visitor_id, const ListOptions& opts) override {
    const int limit = std::clamp(opts.limit, 1, 1000);
    const int offset = std::max(opts.offset, 0);
    return pool_.With([&](Connection& db) {
      // Served by the partial index conversations_visitor.
      return ReadAll(db.Exec("SELECT " CV_CONVERSATION_COLUMNS
                             " FROM conversations WHERE visitor_id = $4 AND visitor_id <> '' "
                             "AND user_id = $1 AND ($5::text IS NULL OR agent_id = $5) "
                             "ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
                             Params::Of(user_id, limit, offset, visitor_id, opts.agent_id)),
                     kReadConversation);
    });
  }

  Result<void> DeleteConversation(const std::string& id, const std::string& user_id) override {
    return pool_.With([&](Connection& db) {
      // Messages go with it (ON DELETE CASCADE).
      return ExpectChange(db.Exec("DELETE FROM conversations WHERE id = $1 AND user_id = $2",
                                  Params::Of(id, user_id)),
                          kConversationNotFound);
    });
  }

  // --- Messages ---

  Result<void> AppendMessage(const core::Message& m, const std::string& user_id) override {
    return pool_.With([&](Connection& db) { return AppendIn(db, m, user_id); });
  }

  Result<core::Conversation> AppendAndUpdate(const std::vector<core::Message>& messages,
                                             const std::string& conversation_id,
                                             const std::string& user_id,
                                             const ConversationPatch& patch,
                                             core::TimeMs now) override {
    return pool_.With([&](Connection& db) -> Result<core::Conversation> {
      for (const core::Message& m : messages) {
        if (m.conversation_id != conversation_id) {
          return core::Error::BadRequest("A message of another conversation");
        }
      }
      Result<Transaction> tx = Transaction::Begin(db);
      if (!tx) return tx.error();
      for (const core::Message& m : messages) {
        if (Result<void> r = AppendIn(db, m, user_id); !r) return r.error();
      }
      Result<core::Conversation> updated = UpdateIn(db, conversation_id, user_id, patch, now);
      if (!updated) return updated;
      if (Result<void> r = tx->Commit(); !r) return r.error();
      return updated;
    });
  }

  Result<std::vector<core::Message>> ListRecentMessages(const std::string& conversation_id,
                                                        const std::string& user_id,
                                                        int limit) override {
    return pool_.With([&](Connection& db) {
      return ReadJoinedMessages(db.Exec(
          "SELECT c.id, " CV_MESSAGE_COLUMNS_M
          " FROM conversations c LEFT JOIN LATERAL "
          "(SELECT * FROM messages WHERE conversation_id = c.id ORDER BY seq DESC LIMIT $3) m "
          "ON true WHERE c.id = $1 AND ($2 = '' OR c.user_id = $2) ORDER BY m.seq",
          Params::Of(conversation_id, user_id, std::max(limit, 0))));
    });
  }

  Result<std::vector<core::Message>> ListMessages(const std::string& conversation_id,
                                                  const std::string& user_id) override {
    return pool_.With([&](Connection& db) {
      return ReadJoinedMessages(
          db.Exec("SELECT c.id, " CV_MESSAGE_COLUMNS_M
                  " FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id "
                  "WHERE c.id = $1 AND ($2 = '' OR c.user_id = $2) ORDER BY m.seq",
                  Params::Of(conversation_id, user_id)));
    });
  }

  // --- Analytics ---

  Result<core::UserStats> GetUserStats(const std::string& user_id,
                                       const StatsFilter& filter) override {
    const auto queries = sql::UserStatsQueries(sql::Dialect::kPostgres, user_id, filter);
    using Reader = void (*)(const Row&, core::UserStats&);
    constexpr std::array<Reader, 6> kReaders = {sql::ReadSummary<Row>, sql::ReadMessageCount<Row>,
                                                sql::ReadCompany<Row>, sql::ReadIntent<Row>,
                                                sql::ReadDay<Row>,     sql::ReadHour<Row>};
    return pool_.With([&](Connection& db) -> Result<core::UserStats> {
      // One snapshot for every statement.
      Result<Transaction> tx =
          Transaction::Begin(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      if (!tx) return tx.error();
      core::UserStats stats;
      for (std::size_t i = 0; i < queries.size(); ++i) {
        Result<Rows> rows = db.Exec(queries[i].text, ParamsOf(queries[i]));
        if (!rows) return rows.error();
        for (int r = 0; r < rows->Size(); ++r) kReaders[i](rows->At(r), stats);
      }
      if (Result<void> done = tx->Commit(); !done) return done.error();
      return stats;
    });
  }

 private:
  // Runs "UPDATE agents SET <assignments>" ($3 = `key`, if given) on agent `id` owned by
  // `user_id` (never a demo agent) and returns the updated agent. kNotFound if no such agent;
  // kConflict if the widget key is taken.
  Result<core::Agent> UpdatePublication(const char* assignments, const std::string& id,
                                        const std::string& user_id,
                                        const std::optional<std::string>& key) {
    return pool_.With([&](Connection& db) -> Result<core::Agent> {
      Params params = Params::Of(id, user_id);
      if (key) params.Add(*key);
      Result<core::Agent> agent =
          ReadOne(db.Exec(std::string("UPDATE agents SET ") + assignments +
                              " WHERE id = $1 AND user_id = $2 AND user_id <> '' AND NOT is_demo "
                              "RETURNING " CV_AGENT_READ_COLUMNS,
                          params),
                  kReadAgent, kAgentNotFound);
      if (!agent && agent.error().kind == core::ErrorKind::kConflict) {
        return core::Error::Conflict("Widget key already in use");
      }
      return agent;
    });
  }

  // AppendMessage as one statement (atomic on its own, or inside the caller's transaction): the
  // conversation's count and updated_at are bumped only if the message is inserted.
  static Result<void> AppendIn(Connection& db, const core::Message& m, const std::string& user_id) {
    const core::MessageMetadata meta = m.metadata.value_or(core::MessageMetadata{});
    Result<Rows> rows = db.Exec(
        "WITH bump AS (UPDATE conversations SET message_count = message_count + 1, "
        "updated_at = GREATEST(updated_at, $5::bigint) "
        "WHERE id = $2 AND ($16 = '' OR user_id = $16) RETURNING id) "
        "INSERT INTO messages (" CV_MESSAGE_COLUMNS
        ") SELECT $1, bump.id, $3, $4, $5::bigint, $6, $7::boolean, $8, $9::float8, $10, $11, "
        "$12, $13, $14::float8, $15 FROM bump",
        Params::Of(m.id, m.conversation_id, m.role, m.content, m.timestamp, m.audio_url,
                   m.metadata.has_value(), meta.sentiment, meta.sentiment_score, meta.intent,
                   StringsToJson(meta.intents), meta.fine_intent, meta.custom_intent,
                   meta.confidence, meta.company, user_id));
    return ExpectChange(std::move(rows), kConversationNotFound);
  }

  // UpdateConversation's write. NULL parameters leave their column alone; message_count is owned
  // by AppendMessage and is not taken from the patch.
  static Result<core::Conversation> UpdateIn(Connection& db, const std::string& id,
                                             const std::string& user_id,
                                             const ConversationPatch& patch, core::TimeMs now) {
    Params params = Params::Of(id, user_id, patch.title, patch.status, patch.company);
    if (patch.analytics) {
      params.Add(patch.analytics->duration)
          .Add(patch.analytics->sentiment)
          .Add(patch.analytics->satisfaction);
    } else {
      params.Add(std::nullopt).Add(std::nullopt).Add(std::nullopt);
    }
    params.Add(patch.state_json);
    if (patch.ended_at) {
      params.Add(*patch.ended_at);
    } else {
      params.Add(std::nullopt);
    }
    params.Add(now).Add(static_cast<std::int64_t>(patch.fence));
    Result<core::Conversation> updated = ReadOne(
        db.Exec("UPDATE conversations SET title = COALESCE($3::text, title), "
                "status = COALESCE($4::text, status), company = COALESCE($5::text, company), "
                "duration = COALESCE($6::bigint, duration), "
                "sentiment = COALESCE($7::text, sentiment), "
                "satisfaction = COALESCE($8::float8, satisfaction), "
                "state_json = COALESCE($9::text, state_json), "
                "ended_at = COALESCE($10::bigint, ended_at), updated_at = $11, "
                "fence = GREATEST(fence, $12::bigint) "
                "WHERE id = $1 AND " CV_OWNED_BY_2_OR_ANY
                " AND ($12::bigint = 0 OR fence <= $12::bigint) RETURNING " CV_CONVERSATION_COLUMNS,
                params),
        kReadConversation, kConversationNotFound);
    if (!updated && patch.fence != 0 && updated.error().kind == core::ErrorKind::kNotFound) {
      // Refused by the fence, or not there at all?
      Result<core::Conversation> there =
          ReadOne(db.Exec("SELECT " CV_CONVERSATION_COLUMNS
                          " FROM conversations WHERE id = $1 AND " CV_OWNED_BY_2_OR_ANY,
                          Params::Of(id, user_id)),
                  kReadConversation, kConversationNotFound);
      if (there) return codec::LockLost();
    }
    return updated;
  }

  Pool pool_;
};

#undef CV_OWNED_BY_2_OR_ANY
#undef CV_MESSAGE_COLUMNS_M

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options) {
  PostgresOptions effective = options;
  effective.pool_size = std::max(1, options.pool_size);
  Result<std::unique_ptr<Connection>> first =
      Connection::Open({effective.conninfo, effective.connect_timeout_s});
  if (!first) return first.error();
  if (Result<void> r = pg::Migrate(**first); !r) {
    return core::Error::Unavailable("PostgreSQL: " + r.error().message);
  }
  auto store = std::make_unique<PostgresStore>(effective);
  store->pool().Adopt(std::move(*first));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace carevoice::store
