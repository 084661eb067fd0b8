#include "store/sqlite/sqlite_store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/sqlite/db.hpp"
#include "store/sqlite/migrations.hpp"

namespace carevoice::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

// Column lists, kept in the order the Read* functions below expect.
#define CV_USER_COLUMNS "id, name, email, password_hash, avatar, role, created_at, updated_at"
#define CV_TOKEN_COLUMNS "token_hash, user_id, family_id, expires_at, created_at, used, revoked"
#define CV_AGENT_COLUMNS                                                                         \
  "id, user_id, name, company, personality, system_prompt, response_style, max_tokens, "         \
  "temperature, company_info, prompts, knowledge, intents, voice, avatar, is_demo, created_at, " \
  "updated_at"
// CV_AGENT_COLUMNS plus the publishing columns (migration 2), for reads.
#define CV_AGENT_READ_COLUMNS CV_AGENT_COLUMNS ", published, widget_key"
#define CV_CONVERSATION_COLUMNS                                                         \
  "id, user_id, agent_id, title, company, status, duration, message_count, sentiment, " \
  "satisfaction, is_call_simulator, state_json, created_at, updated_at, ended_at, visitor_id"
#define CV_MESSAGE_COLUMNS                                                                   \
  "id, conversation_id, role, content, timestamp, audio_url, has_metadata, meta_sentiment, " \
  "meta_sentiment_score, meta_intent, meta_intents, meta_fine_intent, meta_custom_intent, "  \
  "meta_confidence, meta_company"

// Matches the row's owner, or any owner when the bound user id (?2) is empty.
#define CV_OWNED_BY_2_OR_ANY "(?2 = '' OR user_id = ?2)"

// --- JSON columns ---

std::string StringsToJson(const std::vector<std::string>& strings) {
  boost::json::array array;
  array.reserve(strings.size());
  for (const std::string& s : strings) array.emplace_back(s);
  return boost::json::serialize(array);
}

core::Error Corrupt(std::string_view what) {
  return core::Error::Internal("Corrupt " + std::string(what) + " column in the database");
}

Result<boost::json::array> ParseArray(const std::string& text, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return Corrupt(what);
  return std::move(value.as_array());
}

Result<std::vector<std::string>> StringsFromJsonArray(const boost::json::array& array,
                                                      std::string_view what) {
  std::vector<std::string> strings;
  strings.reserve(array.size());
  for (const boost::json::value& v : array) {
    if (!v.is_string()) return Corrupt(what);
    strings.emplace_back(v.as_string());
  }
  return strings;
}

Result<std::vector<std::string>> StringsFromJson(const std::string& text, std::string_view what) {
  Result<boost::json::array> array = ParseArray(text, what);
  if (!array) return array.error();
  return StringsFromJsonArray(*array, what);
}

std::string KnowledgeToJson(const std::vector<core::KnowledgeItem>& items) {
  boost::json::array array;
  array.reserve(items.size());
  for (const core::KnowledgeItem& item : items) {
    array.emplace_back(boost::json::object{{"question", item.question}, {"answer", item.answer}});
  }
  return boost::json::serialize(array);
}

Result<std::vector<core::KnowledgeItem>> KnowledgeFromJson(const std::string& text) {
  Result<boost::json::array> array = ParseArray(text, "agents.knowledge");
  if (!array) return array.error();
  std::vector<core::KnowledgeItem> items;
  items.reserve(array->size());
  for (const boost::json::value& v : *array) {
    const boost::json::object* o = v.if_object();
    const boost::json::value* question = o != nullptr ? o->if_contains("question") : nullptr;
    const boost::json::value* answer = o != nullptr ? o->if_contains("answer") : nullptr;
    if (question == nullptr || answer == nullptr || !question->is_string() ||
        !answer->is_string()) {
      return Corrupt("agents.knowledge");
    }
    items.push_back({std::string(question->as_string()), std::string(answer->as_string())});
  }
  return items;
}

std::string IntentsToJson(const std::vector<core::CustomIntent>& intents) {
  boost::json::array array;
  array.reserve(intents.size());
  for (const core::CustomIntent& intent : intents) {
    boost::json::array examples;
    for (const std::string& e : intent.examples) examples.emplace_back(e);
    array.emplace_back(
        boost::json::object{{"name", intent.name}, {"examples", std::move(examples)}});
  }
  return boost::json::serialize(array);
}

Result<std::vector<core::CustomIntent>> IntentsFromJson(const std::string& text) {
  Result<boost::json::array> array = ParseArray(text, "agents.intents");
  if (!array) return array.error();
  std::vector<core::CustomIntent> intents;
  intents.reserve(array->size());
  for (const boost::json::value& v : *array) {
    const boost::json::object* o = v.if_object();
    const boost::json::value* name = o != nullptr ? o->if_contains("name") : nullptr;
    const boost::json::value* examples = o != nullptr ? o->if_contains("examples") : nullptr;
    if (name == nullptr || examples == nullptr || !name->is_string() || !examples->is_array()) {
      return Corrupt("agents.intents");
    }
    Result<std::vector<std::string>> list =
        StringsFromJsonArray(examples->as_array(), "agents.intents");
    if (!list) return list.error();
    intents.push_back({std::string(name->as_string()), std::move(*list)});
  }
  return intents;
}

// --- Rows ---

core::User ReadUser(const Statement& s) {
  core::User user;
  user.id = s.Text(0);
  user.name = s.Text(1);
  user.email = s.Text(2);
  user.password_hash = s.Text(3);
  user.avatar = s.Text(4);
  user.role = s.Text(5);
  user.created_at = s.Int(6);
  user.updated_at = s.Int(7);
  return user;
}

RefreshToken ReadToken(const Statement& s) {
  RefreshToken token;
  token.token_hash = s.Text(0);
  token.user_id = s.Text(1);
  token.family_id = s.Text(2);
  token.expires_at = s.Int(3);
  token.created_at = s.Int(4);
  token.used = s.Int(5) != 0;
  token.revoked = s.Int(6) != 0;
  return token;
}

Result<core::Agent> ReadAgent(const Statement& s) {
  core::Agent agent;
  agent.id = s.Text(0);
  agent.user_id = s.Text(1);
  agent.name = s.Text(2);
  agent.company = s.Text(3);
  agent.personality = s.Text(4);
  agent.system_prompt = s.Text(5);
  agent.response_style = s.Text(6);
  agent.settings.max_tokens = static_cast<int>(s.Int(7));
  agent.settings.temperature = s.Real(8);
  agent.company_info = s.Text(9);
  Result<std::vector<std::string>> prompts = StringsFromJson(s.Text(10), "agents.prompts");
  if (!prompts) return prompts.error();
  agent.prompts = std::move(*prompts);
  Result<std::vector<core::KnowledgeItem>> knowledge = KnowledgeFromJson(s.Text(11));
  if (!knowledge) return knowledge.error();
  agent.knowledge = std::move(*knowledge);
  Result<std::vector<core::CustomIntent>> intents = IntentsFromJson(s.Text(12));
  if (!intents) return intents.error();
  agent.intents = std::move(*intents);
  agent.voice = s.Text(13);
  agent.avatar = s.Text(14);
  agent.is_demo = s.Int(15) != 0;
  agent.created_at = s.Int(16);
  agent.updated_at = s.Int(17);
  agent.published = s.Int(18) != 0;
  agent.widget_key = s.Text(19);  // NULL (never published) reads as "".
  return agent;
}

core::Conversation ReadConversation(const Statement& s) {
  core::Conversation c;
  c.id = s.Text(0);
  c.user_id = s.Text(1);
  c.agent_id = s.Text(2);
  c.title = s.Text(3);
  c.company = s.Text(4);
  c.status = s.Text(5);
  c.analytics.duration = s.Int(6);
  c.analytics.message_count = static_cast<int>(s.Int(7));
  c.analytics.sentiment = s.Text(8);
  c.analytics.satisfaction = s.Real(9);
  c.is_call_simulator = s.Int(10) != 0;
  c.state_json = s.Text(11);
  c.created_at = s.Int(12);
  c.updated_at = s.Int(13);
  c.ended_at = s.Int(14);
  c.visitor_id = s.Text(15);
  return c;
}

Result<core::Message> ReadMessage(const Statement& s) {
  core::Message m;
  m.id = s.Text(0);
  m.conversation_id = s.Text(1);
  m.role = s.Text(2);
  m.content = s.Text(3);
  m.timestamp = s.Int(4);
  m.audio_url = s.Text(5);
  if (s.Int(6) != 0) {
    core::MessageMetadata meta;
    meta.sentiment = s.Text(7);
    meta.sentiment_score = s.Real(8);
    meta.intent = s.Text(9);
    Result<std::vector<std::string>> intents = StringsFromJson(s.Text(10), "messages.meta_intents");
    if (!intents) return intents.error();
    meta.intents = std::move(*intents);
    meta.fine_intent = s.Text(11);
    meta.custom_intent = s.Text(12);
    meta.confidence = s.Real(13);
    meta.company = s.Text(14);
    m.metadata = std::move(meta);
  }
  return m;
}

// The decoded type of a row reader: T for a reader returning T or Result<T>.
template <class T>
struct Unwrap {
  using type = T;
};
template <class T>
struct Unwrap<Result<T>> {
  using type = T;
};
template <class Read>
using RowType = typename Unwrap<std::invoke_result_t<Read&, const Statement&>>::type;

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

void BindOptional(Statement& stmt, int index, const std::optional<std::string>& value) {
  if (value) {
    stmt.Bind(index, *value);
  } else {
    stmt.BindNull(index);
  }
}

constexpr const char* kUserNotFound = "User not found";
constexpr const char* kAgentNotFound = "Agent not found";
constexpr const char* kConversationNotFound = "Conversation not found";
constexpr const char* kTokenNotFound = "Refresh token not found";

class SqliteStore final : public Store {
 public:
  SqliteStore(SqliteOptions options, std::unique_ptr<Connection> writer)
      : options_(std::move(options)), writer_(std::move(writer)) {}

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
      return ReadOne(*stmt, ReadUser, kUserNotFound);
    });
  }

  Result<core::User> GetUserByEmail(const std::string& email) override {
    return WithReader([&](Connection& db) -> Result<core::User> {
      Result<Statement> stmt = db.Prepare("SELECT " CV_USER_COLUMNS " FROM users WHERE email = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(email);
      return ReadOne(*stmt, ReadUser, kUserNotFound);
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
      return ReadOne(*stmt, ReadToken, kTokenNotFound);
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
    return WithReader([&](Connection& db) -> Result<core::Agent> {
      Result<Statement> stmt = db.Prepare("SELECT " CV_AGENT_READ_COLUMNS
                                          " FROM agents WHERE id = ? AND user_id IN (?, '')");
      if (!stmt) return stmt.error();
      stmt->BindAll(id, user_id);
      return ReadOne(*stmt, ReadAgent, kAgentNotFound);
    });
  }

  Result<std::vector<core::Agent>> ListAgents(const std::string& user_id) override {
    return WithReader([&](Connection& db) -> Result<std::vector<core::Agent>> {
      Result<Statement> stmt = db.Prepare(
          "SELECT " CV_AGENT_READ_COLUMNS
          " FROM agents WHERE user_id = ? AND user_id <> '' ORDER BY created_at DESC, id DESC");
      if (!stmt) return stmt.error();
      stmt->BindAll(user_id);
      return ReadAll(*stmt, ReadAgent);
    });
  }

  Result<std::vector<core::Agent>> ListDemoAgents() override {
    return WithReader([&](Connection& db) -> Result<std::vector<core::Agent>> {
      Result<Statement> stmt =
          db.Prepare("SELECT " CV_AGENT_READ_COLUMNS
                     " FROM agents WHERE user_id = '' ORDER BY created_at, id");
      if (!stmt) return stmt.error();
      return ReadAll(*stmt, ReadAgent);
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
      return RunExpectingChange(db, *stmt, kAgentNotFound);
    });
  }

  Result<void> DeleteAgent(const std::string& id, const std::string& user_id) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt = db.Prepare("DELETE FROM agents WHERE id = ? AND user_id = ?");
      if (!stmt) return stmt.error();
      stmt->BindAll(id, user_id);
      return RunExpectingChange(db, *stmt, kAgentNotFound);
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
      return ReadOne(*stmt, ReadAgent, kAgentNotFound);
    });
  }

  // --- Conversations ---

  Result<void> CreateConversation(const core::Conversation& c) override {
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Statement> stmt =
          db.Prepare("INSERT INTO conversations (" CV_CONVERSATION_COLUMNS
                     ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!stmt) return stmt.error();
      stmt->BindAll(c.id, c.user_id, c.agent_id, c.title, c.company, c.status, c.analytics.duration,
                    c.analytics.message_count, c.analytics.sentiment, c.analytics.satisfaction,
                    c.is_call_simulator, c.state_json, c.created_at, c.updated_at, c.ended_at,
                    c.visitor_id);
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
      return ReadOne(*stmt, ReadConversation, kConversationNotFound);
    });
  }

  Result<std::vector<core::Conversation>> ListConversations(const std::string& user_id,
                                                            const ListOptions& opts) override {
    const int limit = std::clamp(opts.limit, 1, 1000);
    const int offset = std::max(opts.offset, 0);
    return WithReader([&](Connection& db) -> Result<std::vector<core::Conversation>> {
      Result<Statement> stmt =
          opts.agent_id ? db.Prepare("SELECT " CV_CONVERSATION_COLUMNS
                                     " FROM conversations WHERE user_id = ?1 AND agent_id = ?4 "
                                     "ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3")
                        : db.Prepare("SELECT " CV_CONVERSATION_COLUMNS
                                     " FROM conversations WHERE user_id = ?1 "
                                     "ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3");
      if (!stmt) return stmt.error();
      stmt->BindAll(user_id, limit, offset);
      if (opts.agent_id) stmt->Bind(4, *opts.agent_id);
      return ReadAll(*stmt, ReadConversation);
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
      return ReadAll(*stmt, ReadConversation);
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
    return WithWriter([&](Connection& db) -> Result<void> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/true);
      if (!tx) return tx.error();
      if (Result<void> r = AppendIn(db, m, user_id); !r) return r;
      return tx->Commit();
    });
  }

  Result<core::Conversation> AppendAndUpdate(const std::vector<core::Message>& messages,
                                             const std::string& conversation_id,
                                             const std::string& user_id,
                                             const ConversationPatch& patch,
                                             core::TimeMs now) override {
    return WithWriter([&](Connection& db) -> Result<core::Conversation> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/true);
      if (!tx) return tx.error();
      for (const core::Message& m : messages) {
        if (m.conversation_id != conversation_id) {
          return core::Error::BadRequest("A message of another conversation");
        }
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
    return WithReader([&](Connection& db) -> Result<std::vector<core::Message>> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/false);  // One snapshot.
      if (!tx) return tx.error();
      if (Result<void> r = CheckOwner(db, conversation_id, user_id); !r) return r.error();
      Result<Statement> stmt = db.Prepare(
          "SELECT " CV_MESSAGE_COLUMNS " FROM (SELECT seq, " CV_MESSAGE_COLUMNS
          " FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq");
      if (!stmt) return stmt.error();
      stmt->BindAll(conversation_id, std::max(limit, 0));
      return ReadAll(*stmt, ReadMessage);
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
      return ReadAll(*stmt, ReadMessage);
    });
  }

  // --- Analytics ---

  Result<core::UserStats> GetUserStats(const std::string& user_id) override {
    return WithReader([&](Connection& db) -> Result<core::UserStats> {
      Result<Transaction> tx = Transaction::Begin(db, /*immediate=*/false);  // One snapshot.
      if (!tx) return tx.error();
      core::UserStats stats;
      {
        Result<Statement> stmt = db.Prepare(
            "SELECT COUNT(*), COALESCE(AVG(duration), 0), COALESCE(MAX(updated_at), 0), "
            "COALESCE(SUM(sentiment = 'positive'), 0), COALESCE(SUM(sentiment = 'negative'), 0), "
            "COALESCE(SUM(sentiment = 'urgent'), 0) FROM conversations WHERE user_id = ?");
        if (!stmt) return stmt.error();
        stmt->BindAll(user_id);
        Result<bool> row = stmt->Step();
        if (!row) return row.error();
        if (*row) {
          stats.total_calls = static_cast<int>(stmt->Int(0));
          stats.average_duration = stmt->Real(1);
          stats.last_activity = stmt->Int(2);
          stats.positive = static_cast<int>(stmt->Int(3));
          stats.negative = static_cast<int>(stmt->Int(4));
          stats.urgent = static_cast<int>(stmt->Int(5));
          // Unknown sentiments count as neutral, as the old backend did.
          stats.neutral = stats.total_calls - stats.positive - stats.negative - stats.urgent;
        }
      }
      {
        Result<Statement> stmt = db.Prepare(
            "SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            "WHERE c.user_id = ? AND m.role <> 'system'");
        if (!stmt) return stmt.error();
        stmt->BindAll(user_id);
        Result<bool> row = stmt->Step();
        if (!row) return row.error();
        if (*row) stats.total_messages = static_cast<int>(stmt->Int(0));
      }
      {
        // Each company once, lower-cased, in the order the user first talked to it.
        Result<Statement> stmt = db.Prepare(
            "SELECT lower(company) AS co FROM conversations "
            "WHERE user_id = ? AND company <> '' AND lower(company) <> 'general' "
            "GROUP BY co ORDER BY MIN(created_at), MIN(id)");
        if (!stmt) return stmt.error();
        stmt->BindAll(user_id);
        Result<std::vector<std::string>> companies =
            ReadAll(*stmt, [](const Statement& s) { return s.Text(0); });
        if (!companies) return companies.error();
        stats.companies = std::move(*companies);
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
      Result<core::Agent> agent = ReadOne(*stmt, ReadAgent, kAgentNotFound);
      if (!agent && agent.error().kind == core::ErrorKind::kConflict) {
        return core::Error::Conflict("Widget key already in use");
      }
      return agent;
    });
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
        "updated_at = ?11 WHERE id = ?1 AND " CV_OWNED_BY_2_OR_ANY
        " RETURNING " CV_CONVERSATION_COLUMNS);
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
    Result<core::Conversation> updated = ReadOne(*stmt, ReadConversation, kConversationNotFound);
    if (!updated) return updated;
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
      return core::Error::Conflict("User already exists with this email");
    }
    return result;
  }

  const SqliteOptions options_;

  std::mutex write_mu_;
  const std::unique_ptr<Connection> writer_;  // Used only with write_mu_ held.

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
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(effective), std::move(*writer)));
}

}  // namespace carevoice::store
