#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "store/filter_sql.hpp"
#include "store/row_codec.hpp"
#include "store/sqlite/checkpointer.hpp"
#include "store/sqlite/db.hpp"
#include "store/sqlite/migrations.hpp"

namespace carevoice::store {
namespace {

using codec::IntentsToJson;
using codec::kAgentNotFound;
using codec::kConversationNotFound;
using codec::KnowledgeToJson;
using codec::kTokenNotFound;
using codec::kUserNotFound;
using codec::StringsToJson;
using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;
constexpr auto kReadUser = codec::ReadUser<Statement>;
constexpr auto kReadToken = codec::ReadToken<Statement>;
constexpr auto kReadAgent = codec::ReadAgent<Statement>;
constexpr auto kReadConversation = codec::ReadConversation<Statement>;
constexpr auto kReadMessage = codec::ReadMessage<Statement>;

// Matches the row's owner, or any owner when the bound user id (?2) is empty.
#define CV_OWNED_BY_2_OR_ANY "(?2 = '' OR user_id = ?2)"

template <class Read>
using RowType = codec::RowType<Read, Statement>;

// Steps `stmt` for its single row and decodes it with `read`; kNotFound(`not_found`) if none.
template <class Read>
Result<RowType<Read>> ReadOne(Statement& stmt, Read read, const char* not_found) {
  Result<bool> row = stmt.Step();
  if (!row) return row.error();
  if (!*row) return core::Error::NotFound(not_found);
  return read(stmt);
}

// Steps `stmt` to the end, decoding every row with `read`.
template <class Read>
Result<std::vector<RowType<Read>>> ReadAll(Statement& stmt, Read read) {
  std::vector<RowType<Read>> rows;
  for (;;) {
    Result<bool> row = stmt.Step();
    if (!row) return row.error();
    if (!*row) return rows;
    Result<RowType<Read>> item = read(stmt);
    if (!item) return item.error();
    rows.push_back(std::move(*item));
  }
}

// Runs a write statement and reports kNotFound(`not_found`) if it changed no row.
Result<void> RunExpectingChange(Connection& db, Statement& stmt, const char* not_found) {
  if (Result<void> r = stmt.Run(); !r) return r.error();
  if (db.Changes() == 0) return core::Error::NotFound(not_found);
  return {};
}

template <class T>
void BindOptional(Statement& stmt, int index, const std::optional<T>& value) {
  if (value) {
    stmt.Bind(index, *value);
  } else {
    stmt.BindNull(index);
  }
}

// Prepares `query` and binds its parameters.
Result<Statement> Prepare(Connection& db, const sql::Query& query) {
  Result<Statement> stmt = db.Prepare(query.text);
  if (!stmt) return stmt;
  int index = 0;
  for (const sql::Value& value : query.params) {
    std::visit([&](const auto& v) { stmt->Bind(++index, v); }, value);
  }
  return stmt;
}

// Agents by id, for the turn path (every turn reads its agent; a decoded row costs a read
// transaction and the knowledge's JSON). Correct because every write to the agents table goes
// through this store: each write calls Forget after it commits. A read that overlaps a write
// (its generation moved on) is not kept.
class AgentCache {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  std::shared_ptr<const core::Agent> Find(const std::string& id) const {
    const std::lock_guard<std::mutex> lock(mu_);
    auto it = agents_.find(id);
    return it == agents_.end() ? nullptr : it->second;
  }
  std::uint64_t Generation() const {
    const std::lock_guard<std::mutex> lock(mu_);
    return generation_;
  }
  // Keeps `agent` (read when Generation() was `generation`) unless a write came since.
  void Keep(const core::Agent& agent, std::uint64_t generation) {
    const std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_) return;
    if (agents_.size() >= kMaxEntries) agents_.clear();
    agents_[agent.id] = std::make_shared<const core::Agent>(agent);
  }
  void Forget(const std::string& id) {
    const std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
    agents_.erase(id);
  }

 private:
  mutable std::mutex mu_;
  std::uint64_t generation_ = 0;                                                // Guarded by mu_.
  std::unordered_map<std::string, std::shared_ptr<const core::Agent>> agents_;  // Guarded by mu_.
};

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteOptions options, std::unique_ptr<Connection> writer,
              std::unique_ptr<sqlite::Checkpointer> checkpointer)
      : options_(std::move(options)),
        writer_(std::move(writer)),
        checkpointer_(std::move(checkpointer)) {}

  Result<std::string> Ping() override {
    return WithReader([](Connection& db) -> Result<std::string> {
      Result<Statement> stmt = db.Prepare("SELECT 1");
      if (!stmt) return stmt.error();
      Result<bool> row = stmt->Step();
      if (!row) return row.error();
      if (!*row || stmt->Int(0) != 1) return core::Error::Unavailable("Database did not answer");
      return std::string("connected");
    });
  }

  // --- Users ---

  Result<void> CreateUser(const core::User& user) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt =
          db.Prepare("INSERT INTO users (" CV_USER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      if (!stmt) return stmt.error();
      stmt->BindAll(user.id, user.name, user.email, user.password_hash, user.avatar, user.role,
                    user.created_at, user.updated_at);
      return NameUserConflict(stmt->Run());
    });
  }

  Result<core::User> GetUserById(const std::string& id) override {
    return WithReader([&](Connection& db) -> Result<core::User> {
      Result<Statement> stmt = db.Prepare("SELECT " CV_USER_COLUMNS " FROM users WHERE id = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(id);
      return ReadOne(*stmt, kReadUser, kUserNotFound);
    });
  }

  Result<core::User> GetUserByEmail(const std::string& email) override {
    return WithReader([&](Connection& db) -> Result<core::User> {
      Result<Statement> stmt = db.Prepare("SELECT " CV_USER_COLUMNS " FROM users WHERE email = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(email);
      return ReadOne(*stmt, kReadUser, kUserNotFound);
    });
  }

  Result<void> UpdateUser(const core::User& user) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt = db.Prepare(
          "UPDATE users SET name = ?, email = ?, avatar = ?, password_hash = ?, role = ?, "
          "updated_at = ? WHERE id = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(user.name, user.email, user.avatar, user.password_hash, user.role,
                    user.updated_at, user.id);
      Result<void> r = NameUserConflict(stmt->Run());
      if (!r) return r;
      if (db.Changes() == 0) return core::Error::NotFound(kUserNotFound);
      return {};
    });
  }

  // --- Refresh tokens ---

  Result<void> InsertRefreshToken(const RefreshToken& token) override {
    return WithWriter([&](Connection& db) { return InsertToken(db, token); });
  }

  Result<RefreshToken> GetRefreshToken(const std::string& token_hash) override {
    return WithReader([&](Connection& db) -> Result<RefreshToken> {
      Result<Statement> stmt =
          db.Prepare("SELECT " CV_TOKEN_COLUMNS " FROM refresh_tokens WHERE token_hash = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(token_hash);
      return ReadOne(*stmt, kReadToken, kTokenNotFound);
    });
  }

  Result<void> RotateRefreshToken(const std::string& old_hash, const RefreshToken& next) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/true);
      if (!tx) return tx.error();
      {
        Result<Statement> stmt = db.Prepare(
            "UPDATE refresh_tokens SET used = 1 "
            "WHERE token_hash = ? AND used = 0 AND revoked = 0");
        if (!stmt) return stmt.error();
        stmt->BindAll(old_hash);
        if (Result<void> r = stmt->Run(); !r) return r;
        if (db.Changes() == 0) {
          return core::Error::Unauthorized("Refresh token already used or revoked");
        }
      }
      if (Result<void> r = InsertToken(db, next); !r) return r;
      return tx->Commit();
    });
  }

  Result<void> RevokeRefreshFamily(const std::string& family_id) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt =
          db.Prepare("UPDATE refresh_tokens SET revoked = 1 WHERE family_id = ? AND revoked = 0");
      if (!stmt) return stmt.error();
      stmt->BindAll(family_id);
      return stmt->Run();
    });
  }

  Result<std::vector<std::string>> RevokeUserRefreshFamilies(
      const std::string& user_id, const std::string& keep_family_id) override {
    return WithWriter([&](Connection& db) -> Result<std::vector<std::string>> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/true);
      if (!tx) return tx.error();
      Result<Statement> select = db.Prepare(
          "SELECT DISTINCT family_id FROM refresh_tokens "
          "WHERE user_id = ? AND family_id <> ? AND revoked = 0");
      if (!select) return select.error();
      select->BindAll(user_id, keep_family_id);
      Result<std::vector<std::string>> families =
          ReadAll(*select, [](const Statement& s) -> Result<std::string> { return s.Text(0); });
      if (!families) return families.error();
      Result<Statement> update = db.Prepare(
          "UPDATE refresh_tokens SET revoked = 1 "
          "WHERE user_id = ? AND family_id <> ? AND revoked = 0");
      if (!update) return update.error();
      update->BindAll(user_id, keep_family_id);
      if (Result<void> r = update->Run(); !r) return r.error();
      if (Result<void> r = tx->Commit(); !r) return r.error();
      return families;
    });
  }

  Result<std::vector<RevokedFamily>> ListRevokedFamilies(core::TimeMs created_after) override {
    return WithReader([&](Connection& db) -> Result<std::vector<RevokedFamily>> {
      Result<Statement> stmt = db.Prepare(
          "SELECT family_id, MIN(user_id), MAX(created_at) FROM refresh_tokens "
          "GROUP BY family_id HAVING MAX(revoked) = 1 AND MAX(created_at) > ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(created_after);
      return ReadAll(*stmt, [](const Statement& s) -> Result<RevokedFamily> {
        return RevokedFamily{s.Text(0), s.Text(1), s.Int(2)};
      });
    });
  }

  Result<std::int64_t> PurgeRefreshTokens(core::TimeMs expired_before,
                                          core::TimeMs created_before) override {
    return WithWriter([&](Connection& db) -> Result<std::int64_t> {
      Result<Statement> stmt =
          db.Prepare("DELETE FROM refresh_tokens WHERE expires_at < ? AND created_at < ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(expired_before, created_before);
      if (Result<void> r = stmt->Run(); !r) return r.error();
      return db.Changes();
    });
  }

  // --- Agents ---

  Result<void> CreateAgent(const core::Agent& agent) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt =
          db.Prepare("INSERT INTO agents (" CV_AGENT_COLUMNS
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!stmt) return stmt.error();
      stmt->BindAll(agent.id, agent.user_id, agent.name, agent.company, agent.personality,
                    agent.system_prompt, agent.response_style, agent.settings.max_tokens,
                    agent.settings.temperature, agent.company_info, StringsToJson(agent.prompts),
                    KnowledgeToJson(agent.knowledge), IntentsToJson(agent.intents), agent.voice,
                    agent.avatar, agent.is_demo, agent.created_at, agent.updated_at);
      return stmt->Run();
    });
  }

  Result<core::Agent> GetAgent(const std::string& id, const std::string& user_id) override {
    // The same rule as the query's: the owner's agent, or a demo agent (no owner).
    auto visible = [&](const core::Agent& a) { return a.user_id == user_id || a.user_id.empty(); };
    if (auto cached = agent_cache_.Find(id)) {
      if (!visible(*cached)) return core::Error::NotFound(kAgentNotFound);
      return *cached;
    }
    const std::uint64_t generation = agent_cache_.Generation();
    Result<core::Agent> agent = WithReader([&](Connection& db) -> Result<core::Agent> {
      Result<Statement> stmt =
          db.Prepare("SELECT " CV_AGENT_READ_COLUMNS " FROM agents WHERE id = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(id);
      return ReadOne(*stmt, kReadAgent, kAgentNotFound);
    });
    if (!agent) return agent;
    agent_cache_.Keep(*agent, generation);
    if (!visible(*agent)) return core::Error::NotFound(kAgentNotFound);
    return agent;
  }

  Result<std::vector<core::Agent>> ListAgents(const std::string& user_id) override {
    return WithReader([&](Connection& db) -> Result<std::vector<core::Agent>> {
      Result<Statement> stmt = db.Prepare(
          "SELECT " CV_AGENT_READ_COLUMNS
          " FROM agents WHERE user_id = ? AND user_id <> '' ORDER BY created_at DESC, id DESC");
      if (!stmt) return stmt.error();
      stmt->BindAll(user_id);
      return ReadAll(*stmt, kReadAgent);
    });
  }

  Result<std::vector<core::Agent>> ListDemoAgents() override {
    return WithReader([&](Connection& db) -> Result<std::vector<core::Agent>> {
      Result<Statement> stmt =
          db.Prepare("SELECT " CV_AGENT_READ_COLUMNS
                     " FROM agents WHERE user_id = '' ORDER BY created_at, id");
      if (!stmt) return stmt.error();
      return ReadAll(*stmt, kReadAgent);
    });
  }

  Result<void> UpdateAgent(const core::Agent& agent) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt = db.Prepare(
          "UPDATE agents SET name = ?, company = ?, personality = ?, system_prompt = ?, "
          "response_style = ?, max_tokens = ?, temperature = ?, company_info = ?, prompts = ?, "
          "knowledge = ?, intents = ?, voice = ?, avatar = ?, updated_at = ? "
          "WHERE id = ? AND user_id = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(agent.name, agent.company, agent.personality, agent.system_prompt,
                    agent.response_style, agent.settings.max_tokens, agent.settings.temperature,
                    agent.company_info, StringsToJson(agent.prompts),
                    KnowledgeToJson(agent.knowledge), IntentsToJson(agent.intents), agent.voice,
                    agent.avatar, agent.updated_at, agent.id, agent.user_id);
      Result<void> r = RunExpectingChange(db, *stmt, kAgentNotFound);
      agent_cache_.Forget(agent.id);
      return r;
    });
  }

  Result<void> DeleteAgent(const std::string& id, const std::string& user_id) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt = db.Prepare("DELETE FROM agents WHERE id = ? AND user_id = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(id, user_id);
      Result<void> r = RunExpectingChange(db, *stmt, kAgentNotFound);
      agent_cache_.Forget(id);
      return r;
    });
  }

  // --- Agent publishing ---

  Result<core::Agent> PublishAgent(const std::string& id, const std::string& user_id,
                                   const std::string& new_widget_key) override {
    return UpdatePublication("published = 1, widget_key = COALESCE(widget_key, ?)", new_widget_key,
                             id, user_id);
  }

  Result<core::Agent> UnpublishAgent(const std::string& id, const std::string& user_id) override {
    return UpdatePublication("published = 0", std::nullopt, id, user_id);
  }

  Result<core::Agent> RotateAgentWidgetKey(const std::string& id, const std::string& user_id,
                                           const std::string& new_widget_key) override {
    return UpdatePublication("widget_key = ?", new_widget_key, id, user_id);
  }

  Result<core::Agent> GetAgentByWidgetKey(const std::string& widget_key) override {
    return WithReader([&](Connection& db) -> Result<core::Agent> {
      Result<Statement> stmt = db.Prepare("SELECT " CV_AGENT_READ_COLUMNS
                                          " FROM agents WHERE widget_key = ? AND published = 1 "
                                          "AND user_id <> '' AND is_demo = 0");
      if (!stmt) return stmt.error();
      stmt->BindAll(widget_key);
      return ReadOne(*stmt, kReadAgent, kAgentNotFound);
    });
  }

  // --- Conversations ---

  Result<void> CreateConversation(const core::Conversation& c) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt =
          db.Prepare("INSERT INTO conversations (" CV_CONVERSATION_COLUMNS
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!stmt) return stmt.error();
      stmt->BindAll(c.id, c.user_id, c.agent_id, c.title, c.company, c.status, c.analytics.duration,
                    c.analytics.message_count, c.analytics.sentiment, c.analytics.satisfaction,
                    c.is_call_simulator, c.state_json, c.created_at, c.updated_at, c.ended_at,
                    c.visitor_id, c.is_test);
      return stmt->Run();
    });
  }

  Result<core::Conversation> GetConversation(const std::string& id,
                                             const std::string& user_id) override {
    return WithReader([&](Connection& db) -> Result<core::Conversation> {
      Result<Statement> stmt =
          db.Prepare("SELECT " CV_CONVERSATION_COLUMNS
                     " FROM conversations WHERE id = ?1 AND " CV_OWNED_BY_2_OR_ANY);
      if (!stmt) return stmt.error();
      stmt->BindAll(id, user_id);
      return ReadOne(*stmt, kReadConversation, kConversationNotFound);
    });
  }

  Result<std::vector<core::Conversation>> ListConversations(const std::string& user_id,
                                                            const ListOptions& opts) override {
    const sql::Query query = sql::ListConversationsQuery(sql::Dialect::kSqlite, user_id, opts);
    return WithReader([&](Connection& db) -> Result<std::vector<core::Conversation>> {
      Result<Statement> stmt = Prepare(db, query);
      if (!stmt) return stmt.error();
      return ReadAll(*stmt, kReadConversation);
    });
  }

  Result<core::Conversation> UpdateConversation(const std::string& id, const std::string& user_id,
                                                const ConversationPatch& patch,
                                                core::TimeMs now) override {
    return WithWriter([&](Connection& db) { return UpdateIn(db, id, user_id, patch, now); });
  }

  Result<std::vector<core::Conversation>> ListVisitorConversations(
      const std::string& user_id, const std::string& visitor_id, const ListOptions& opts) override {
    const int limit = std::clamp(opts.limit, 1, 1000);
    const int offset = std::max(opts.offset, 0);
    return WithReader([&](Connection& db) -> Result<std::vector<core::Conversation>> {
      // Served by the partial index conversations_visitor.
      Result<Statement> stmt = db.Prepare(
          "SELECT " CV_CONVERSATION_COLUMNS
          " FROM conversations WHERE visitor_id = ?4 AND visitor_id <> '' AND user_id = ?1 "
          "AND (?5 IS NULL OR agent_id = ?5) "
          "ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3");
      if (!stmt) return stmt.error();
      stmt->BindAll(user_id, limit, offset, visitor_id);
      BindOptional(*stmt, 5, opts.agent_id);
      return ReadAll(*stmt, kReadConversation);
    });
  }

  Result<void> DeleteConversation(const std::string& id, const std::string& user_id) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      // Messages go with it (ON DELETE CASCADE).
      Result<Statement> stmt = db.Prepare("DELETE FROM conversations WHERE id = ? AND user_id = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(id, user_id);
      return RunExpectingChange(db, *stmt, kConversationNotFound);
    });
  }

  // --- Messages ---

  Result<void> AppendMessage(const core::Message& m, const std::string& user_id) override {
    return WriteInGroup([&](Connection& db) { return AppendIn(db, m, user_id); });
  }

  Result<core::Conversation> AppendAndUpdate(const std::vector<core::Message>& messages,
                                             const std::string& conversation_id,
                                             const std::string& user_id,
                                             const ConversationPatch& patch,
                                             core::TimeMs now) override {
    for (const core::Message& m : messages) {
      if (m.conversation_id != conversation_id) {
        return core::Error::BadRequest("A message of another conversation");
      }
    }
    std::optional<core::Conversation> updated;
    Result<void> written = WriteInGroup([&](Connection& db) -> Result<void> {
      for (const core::Message& m : messages) {
        if (Result<void> r = AppendIn(db, m, user_id); !r) return r;
      }
      Result<core::Conversation> u = UpdateIn(db, conversation_id, user_id, patch, now);
      if (!u) return u.error();
      updated = std::move(*u);
      return {};
    });
    if (!written) return written.error();
    return std::move(*updated);
  }

  Result<std::vector<core::Message>> ListRecentMessages(const std::string& conversation_id,
                                                        const std::string& user_id,
                                                        int limit) override {
    return WithReader([&](Connection& db) -> Result<std::vector<core::Message>> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/false);  // One snapshot.
      if (!tx) return tx.error();
      if (Result<void> r = CheckOwner(db, conversation_id, user_id); !r) return r.error();
      Result<Statement> stmt = db.Prepare(
          "SELECT " CV_MESSAGE_COLUMNS " FROM (SELECT seq, " CV_MESSAGE_COLUMNS
          " FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq");
      if (!stmt) return stmt.error();
      stmt->BindAll(conversation_id, std::max(limit, 0));
      return ReadAll(*stmt, kReadMessage);
    });
  }

  Result<std::vector<core::Message>> ListMessages(const std::string& conversation_id,
                                                  const std::string& user_id) override {
    return WithReader([&](Connection& db) -> Result<std::vector<core::Message>> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/false);  // One snapshot.
      if (!tx) return tx.error();
      if (Result<void> r = CheckOwner(db, conversation_id, user_id); !r) return r.error();
      Result<Statement> stmt = db.Prepare("SELECT " CV_MESSAGE_COLUMNS
                                          " FROM messages WHERE conversation_id = ? ORDER BY seq");
      if (!stmt) return stmt.error();
      stmt->BindAll(conversation_id);
      return ReadAll(*stmt, kReadMessage);
    });
  }

  // --- Analytics ---

  Result<core::UserStats> GetUserStats(const std::string& user_id,
                                       const StatsFilter& filter) override {
    const auto queries = sql::UserStatsQueries(sql::Dialect::kSqlite, user_id, filter);
    using Reader = void (*)(const Statement&, core::UserStats&);
    constexpr std::array<Reader, 6> kReaders = {
        sql::ReadSummary<Statement>, sql::ReadMessageCount<Statement>, sql::ReadCompany<Statement>,
        sql::ReadIntent<Statement>,  sql::ReadDay<Statement>,          sql::ReadHour<Statement>};
    return WithReader([&](Connection& db) -> Result<core::UserStats> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/false);  // One snapshot.
      if (!tx) return tx.error();
      core::UserStats stats;
      for (std::size_t i = 0; i < queries.size(); ++i) {
        Result<Statement> stmt = Prepare(db, queries[i]);
        if (!stmt) return stmt.error();
        for (;;) {
          Result<bool> row = stmt->Step();
          if (!row) return row.error();
          if (!*row) break;
          kReaders[i](*stmt, stats);
        }
      }
      return stats;
    });
  }

 private:
  // Runs "UPDATE agents SET <assignments>" on agent `id` owned by `user_id` (never a demo agent),
  // binding `key` to the one '?' of `assignments` if given, and returns the updated agent.
  // kNotFound if no such agent; kConflict if the widget key is taken.
  Result<core::Agent> UpdatePublication(const char* assignments,
                                        const std::optional<std::string>& key,
                                        const std::string& id, const std::string& user_id) {
    return WithWriter([&](Connection& db) -> Result<core::Agent> {
      Result<Statement> stmt = db.Prepare(std::string("UPDATE agents SET ") + assignments +
                                          " WHERE id = ? AND user_id = ? AND user_id <> '' AND "
                                          "is_demo = 0 RETURNING " CV_AGENT_READ_COLUMNS);
      if (!stmt) return stmt.error();
      int index = 1;
      if (key) stmt->Bind(index++, *key);
      stmt->Bind(index++, id);
      stmt->Bind(index, user_id);
      Result<core::Agent> agent = ReadOne(*stmt, kReadAgent, kAgentNotFound);
      // RETURNING: the statement is stepped to its end (and committed) before the cache forgets.
      if (agent) {
        if (Result<void> r = stmt->Run(); !r) agent = r.error();
      }
      agent_cache_.Forget(id);
      if (!agent && agent.error().kind == core::ErrorKind::kConflict) {
        return core::Error::Conflict("Widget key already in use");
      }
      return agent;
    });
  }

  // Group commit. Runs `fn(writer)` in a write transaction and returns once that transaction has
  // committed (a success is as durable as its own commit would be). Writes that arrive while
  // another group is committing wait, and the first of them commits them all together in one
  // transaction: under load a turn pays a fraction of BEGIN/COMMIT and of the WAL's page
  // writes. In a group, each write runs under its own savepoint, so one that fails is undone
  // alone; a failure that ends the whole transaction (SQLite rolls back on I/O errors and the
  // like) fails every write of the group.
  Result<void> WriteInGroup(const std::function<Result<void>(Connection&)>& fn) {
    GroupWrite mine{&fn};
    std::unique_lock<std::mutex> lock(group_mu_);
    group_queue_.push_back(&mine);
    while (!mine.done) {
      if (group_committing_) {
        group_cv_.wait(lock);
        continue;
      }
      group_committing_ = true;
      std::vector<GroupWrite*> group;
      group.swap(group_queue_);
      lock.unlock();
      {
        // Hands the group back even if a write throws (bad_alloc): no waiter is left behind.
        struct Finish {
          SqliteStore& store;
          std::unique_lock<std::mutex>& lock;
          std::vector<GroupWrite*>& group;
          ~Finish() {
            lock.lock();
            for (GroupWrite* w : group) w->done = true;
            store.group_committing_ = false;
            store.group_cv_.notify_all();
          }
        } finish{*this, lock, group};
        WithWriter([&](Connection& db) { CommitGroup(db, group); });
      }
    }
    return std::move(mine.result);
  }

  struct GroupWrite {
    const std::function<Result<void>(Connection&)>* fn;
    Result<void> result{};
    bool done = false;  // Guarded by group_mu_.
  };

  static void CommitGroup(Connection& db, const std::vector<GroupWrite*>& group) {
    auto fail_all = [&](const core::Error& error) {
      for (GroupWrite* w : group) w->result = error;
    };
    auto run = [&db](const char* sql) -> Result<void> {
      Result<Statement> stmt = db.Prepare(sql);  // Prepared once per connection.
      if (!stmt) return stmt.error();
      return stmt->Run();
    };
    Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/true);
    if (!tx) return fail_all(tx.error());
    const bool alone = group.size() == 1;
    for (GroupWrite* w : group) {
      if (alone) {
        w->result = (*w->fn)(db);
        if (!w->result) return;  // The transaction rolls back.
        continue;
      }
      if (Result<void> r = run("SAVEPOINT cv_write"); !r) return fail_all(r.error());
      w->result = (*w->fn)(db);
      if (!db.InTransaction()) {
        // SQLite ended the transaction: the group's earlier writes are gone too.
        return fail_all(w->result ? core::Error::Unavailable("The write was rolled back")
                                  : w->result.error());
      }
      if (!w->result) {
        if (Result<void> r = run("ROLLBACK TO cv_write"); !r) return fail_all(r.error());
      }
      if (Result<void> r = run("RELEASE cv_write"); !r) return fail_all(r.error());
    }
    if (Result<void> r = tx->Commit(); !r) {
      for (GroupWrite* w : group) {
        if (w->result) w->result = r.error();
      }
    }
  }

  // Runs `fn(writer)` with the write mutex held: writers queue here rather than in SQLite's busy
  // handler.
  template <class Fn>
  auto WithWriter(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    std::lock_guard<std::mutex> lock(write_mu_);
    return fn(*writer_);
  }

  // Runs `fn(reader)` on a pooled read-only connection (the writer when there is no pool).
  // kNotFound unless conversation `id` exists and is owned by `user_id` ("" = any owner).
  static Result<void> CheckOwner(Connection& db, const std::string& id,
                                 const std::string& user_id) {
    Result<Statement> owner =
        db.Prepare("SELECT 1 FROM conversations WHERE id = ?1 AND " CV_OWNED_BY_2_OR_ANY);
    if (!owner) return owner.error();
    owner->BindAll(id, user_id);
    Result<bool> row = owner->Step();
    if (!row) return row.error();
    if (!*row) return core::Error::NotFound(kConversationNotFound);
    return {};
  }

  // AppendMessage's writes, inside the caller's transaction.
  static Result<void> AppendIn(Connection& db, const core::Message& m, const std::string& user_id) {
    {
      Result<Statement> bump = db.Prepare(
          "UPDATE conversations SET message_count = message_count + 1, "
          "updated_at = MAX(updated_at, ?3) WHERE id = ?1 AND " CV_OWNED_BY_2_OR_ANY);
      if (!bump) return bump.error();
      bump->BindAll(m.conversation_id, user_id, m.timestamp);
      if (Result<void> r = RunExpectingChange(db, *bump, kConversationNotFound); !r) return r;
    }
    {
      Result<Statement> insert =
          db.Prepare("INSERT INTO messages (" CV_MESSAGE_COLUMNS
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!insert) return insert.error();
      const core::MessageMetadata meta = m.metadata.value_or(core::MessageMetadata{});
      insert->BindAll(m.id, m.conversation_id, m.role, m.content, m.timestamp, m.audio_url,
                      m.metadata.has_value(), meta.sentiment, meta.sentiment_score, meta.intent,
                      StringsToJson(meta.intents), meta.fine_intent, meta.custom_intent,
                      meta.confidence, meta.company);
      if (Result<void> r = insert->Run(); !r) return r;
    }
    return {};
  }

  // UpdateConversation's write, inside the caller's transaction (or its own implicit one).
  static Result<core::Conversation> UpdateIn(Connection& db, const std::string& id,
                                             const std::string& user_id,
                                             const ConversationPatch& patch, core::TimeMs now) {
    // One statement: NULL parameters leave their column alone. analytics.message_count is
    // owned by AppendMessage and is not taken from the patch.
    Result<Statement> stmt = db.Prepare(
        "UPDATE conversations SET title = COALESCE(?3, title), status = COALESCE(?4, status), "
        "company = COALESCE(?5, company), duration = COALESCE(?6, duration), "
        "sentiment = COALESCE(?7, sentiment), satisfaction = COALESCE(?8, satisfaction), "
        "state_json = COALESCE(?9, state_json), ended_at = COALESCE(?10, ended_at), "
        "updated_at = ?11, fence = MAX(fence, ?12) WHERE id = ?1 AND " CV_OWNED_BY_2_OR_ANY
        " AND (?12 = 0 OR fence <= ?12) RETURNING " CV_CONVERSATION_COLUMNS);
    if (!stmt) return stmt.error();
    stmt->BindAll(id, user_id);
    BindOptional(*stmt, 3, patch.title);
    BindOptional(*stmt, 4, patch.status);
    BindOptional(*stmt, 5, patch.company);
    if (patch.analytics) {
      stmt->Bind(6, patch.analytics->duration);
      stmt->Bind(7, patch.analytics->sentiment);
      stmt->Bind(8, patch.analytics->satisfaction);
    } else {
      stmt->BindNull(6).BindNull(7).BindNull(8);
    }
    BindOptional(*stmt, 9, patch.state_json);
    if (patch.ended_at) {
      stmt->Bind(10, *patch.ended_at);
    } else {
      stmt->BindNull(10);
    }
    stmt->Bind(11, now);
    stmt->Bind(12, static_cast<std::int64_t>(patch.fence));
    Result<core::Conversation> updated = ReadOne(*stmt, kReadConversation, kConversationNotFound);
    if (!updated) {
      if (patch.fence != 0 && updated.error().kind == core::ErrorKind::kNotFound) {
        if (Result<void> owned = CheckOwner(db, id, user_id); owned) return codec::LockLost();
      }
      return updated;
    }
    // Step to the end so the statement's implicit transaction commits here, with errors seen.
    if (Result<void> r = stmt->Run(); !r) return r.error();
    return updated;
  }

  template <class Fn>
  auto WithReader(Fn&& fn) -> decltype(fn(std::declval<Connection&>())) {
    if (options_.max_readers <= 0) return WithWriter(std::forward<Fn>(fn));
    Result<std::unique_ptr<Connection>> reader = AcquireReader();
    if (!reader) return reader.error();
    auto result = fn(**reader);
    ReleaseReader(std::move(*reader));
    return result;
  }

  Result<std::unique_ptr<Connection>> AcquireReader() {
    {
      std::unique_lock<std::mutex> lock(pool_mu_);
      pool_cv_.wait(lock,
                    [&] { return !idle_readers_.empty() || open_readers_ < options_.max_readers; });
      if (!idle_readers_.empty()) {
        std::unique_ptr<Connection> reader = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return reader;
      }
      ++open_readers_;
    }
    sqlite::ConnectionOptions connection_options;
    connection_options.path = options_.path;
    connection_options.read_only = true;
    connection_options.busy_timeout_ms = options_.busy_timeout_ms;
    connection_options.metrics = options_.metrics;
    Result<std::unique_ptr<Connection>> reader = Connection::Open(connection_options);
    if (!reader) {
      std::lock_guard<std::mutex> lock(pool_mu_);
      --open_readers_;
      pool_cv_.notify_one();
    }
    return reader;
  }

  void ReleaseReader(std::unique_ptr<Connection> reader) {
    std::lock_guard<std::mutex> lock(pool_mu_);
    idle_readers_.push_back(std::move(reader));
    pool_cv_.notify_one();
  }

  static Result<void> InsertToken(Connection& db, const RefreshToken& token) {
    Result<Statement> stmt = db.Prepare("INSERT INTO refresh_tokens (" CV_TOKEN_COLUMNS
                                        ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return stmt.error();
    stmt->BindAll(token.token_hash, token.user_id, token.family_id, token.expires_at,
                  token.created_at, token.used, token.revoked);
    return stmt->Run();
  }

  // Gives the duplicate-email conflict its user-facing message.
  static Result<void> NameUserConflict(Result<void> result) {
    if (!result && result.error().kind == core::ErrorKind::kConflict &&
        result.error().message.find("users.email") != std::string::npos) {
      return core::Error::Conflict(codec::kDuplicateEmail);
    }
    return result;
  }

  const SqliteOptions options_;

  std::mutex write_mu_;
  const std::unique_ptr<Connection> writer_;  // Used only with write_mu_ held.
  // Checkpoints writer_'s WAL on its own thread (null in memory); destroyed before writer_.
  const std::unique_ptr<sqlite::Checkpointer> checkpointer_;
  AgentCache agent_cache_;

  std::mutex group_mu_;  // Group commit (WriteInGroup); taken before write_mu_, never inside it.
  std::condition_variable group_cv_;
  std::vector<GroupWrite*> group_queue_;  // Guarded by group_mu_: writes waiting for a group.
  bool group_committing_ = false;         // Guarded by group_mu_.

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;  // Guarded by pool_mu_.
  int open_readers_ = 0;                                   // Guarded by pool_mu_.
};

#undef CV_USER_COLUMNS
#undef CV_TOKEN_COLUMNS
#undef CV_AGENT_COLUMNS
#undef CV_AGENT_READ_COLUMNS
#undef CV_CONVERSATION_COLUMNS
#undef CV_MESSAGE_COLUMNS
#undef CV_OWNED_BY_2_OR_ANY

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  if (options.path.empty()) return core::Error::Unavailable("SQLite database path is empty");
  SqliteOptions effective = options;
  const bool in_memory = options.path == ":memory:";
  if (in_memory) effective.max_readers = 0;  // Other connections would see other databases.
  if (!in_memory) {
    const std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return core::Error::Unavailable("Cannot create the folder of SQLite database '" +
                                      options.path + "': " + ec.message());
    }
  }
  sqlite::ConnectionOptions connection_options;
  connection_options.path = options.path;
  connection_options.synchronous_full = options.synchronous_full;
  connection_options.busy_timeout_ms = options.busy_timeout_ms;
  connection_options.metrics = options.metrics;
  Result<std::unique_ptr<Connection>> writer = Connection::Open(connection_options);
  if (!writer) return writer.error();
  if (Result<void> r = sqlite::Migrate(**writer); !r) {
    return core::Error::Unavailable("SQLite database '" + options.path + "': " + r.error().message);
  }
  std::unique_ptr<sqlite::Checkpointer> checkpointer;
  if (!in_memory) {
    Result<std::unique_ptr<sqlite::Checkpointer>> started =
        sqlite::Checkpointer::Start(**writer, connection_options);
    if (!started) return started.error();
    checkpointer = std::move(*started);
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(
      std::move(effective), std::move(*writer), std::move(checkpointer)));
}

}  // namespace carevoice::store
