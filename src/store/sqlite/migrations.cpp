#include "store/sqlite/migrations.hpp"

#include <array>
#include <string>

namespace carevoice::store::sqlite {
namespace {

// Append only: never edit a migration that has shipped.
constexpr std::array<const char*, 5> kMigrations = {
    // 1: the initial schema. Times are Unix milliseconds; ids are 24-hex strings.
    R"sql(
CREATE TABLE users (
  id            TEXT PRIMARY KEY NOT NULL,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  avatar        TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY NOT NULL,
  user_id    TEXT NOT NULL,
  family_id  TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  used       INTEGER NOT NULL DEFAULT 0,
  revoked    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE agents (
  id             TEXT PRIMARY KEY NOT NULL,
  user_id        TEXT NOT NULL DEFAULT '',  -- '' = built-in demo agent
  name           TEXT NOT NULL,
  company        TEXT NOT NULL DEFAULT '',
  personality    TEXT NOT NULL DEFAULT '',
  system_prompt  TEXT NOT NULL DEFAULT '',
  response_style TEXT NOT NULL DEFAULT 'professional',
  max_tokens     INTEGER NOT NULL DEFAULT 150,
  temperature    REAL NOT NULL DEFAULT 0.7,
  company_info   TEXT NOT NULL DEFAULT '',
  prompts        TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  knowledge      TEXT NOT NULL DEFAULT '[]',  -- JSON array of {question, answer}
  intents        TEXT NOT NULL DEFAULT '[]',  -- JSON array of {name, examples[]}
  voice          TEXT NOT NULL DEFAULT '',
  avatar         TEXT NOT NULL DEFAULT '',
  is_demo        INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX agents_user ON agents (user_id, created_at DESC, id DESC);

CREATE TABLE conversations (
  id                TEXT PRIMARY KEY NOT NULL,
  user_id           TEXT NOT NULL,
  agent_id          TEXT NOT NULL DEFAULT '',
  title             TEXT NOT NULL DEFAULT '',
  company           TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'completed', 'archived', 'escalated')),
  duration          INTEGER NOT NULL DEFAULT 0,
  message_count     INTEGER NOT NULL DEFAULT 0,
  sentiment         TEXT NOT NULL DEFAULT 'neutral',
  satisfaction      REAL NOT NULL DEFAULT 0,
  is_call_simulator INTEGER NOT NULL DEFAULT 0,
  state_json        TEXT NOT NULL DEFAULT '',
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  ended_at          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conversations_user ON conversations (user_id, created_at DESC, id DESC);
CREATE INDEX conversations_user_agent
  ON conversations (user_id, agent_id, created_at DESC, id DESC);

CREATE TABLE messages (
  seq                  INTEGER PRIMARY KEY,  -- append order
  id                   TEXT NOT NULL UNIQUE,
  conversation_id      TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  role                 TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'human')),
  content              TEXT NOT NULL,
  timestamp            INTEGER NOT NULL,
  audio_url            TEXT NOT NULL DEFAULT '',
  has_metadata         INTEGER NOT NULL DEFAULT 0,
  meta_sentiment       TEXT NOT NULL DEFAULT '',
  meta_sentiment_score REAL NOT NULL DEFAULT 0,
  meta_intent          TEXT NOT NULL DEFAULT '',
  meta_intents         TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  meta_fine_intent     TEXT NOT NULL DEFAULT '',
  meta_custom_intent   TEXT NOT NULL DEFAULT '',
  meta_confidence      REAL NOT NULL DEFAULT 0,
  meta_company         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_conversation ON messages (conversation_id, seq);
)sql",
    // 2: visitors. A visitor's conversation belongs to the agent's owner and names the visitor;
    // a visitor lists their own conversations with one agent, newest first.
    R"sql(
ALTER TABLE conversations ADD COLUMN visitor_id TEXT NOT NULL DEFAULT '';
CREATE INDEX conversations_visitor
  ON conversations (visitor_id, agent_id, created_at DESC, id DESC) WHERE visitor_id <> '';
)sql",
    // 3: publishing an agent (issue 10): a published agent answers anonymous visitors who
    // present its widget key. NULL = never published; the key is kept while unpublished.
    R"sql(
ALTER TABLE agents ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN widget_key TEXT;
CREATE UNIQUE INDEX agents_widget_key ON agents (widget_key);
)sql",
    // 4: agent test chats (POST /api/agents/:id/test) are marked and left out of the stats. The
    // conversations that route made before have its title and its three messages.
    R"sql(
ALTER TABLE conversations ADD COLUMN is_test INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET is_test = 1 WHERE title = 'Agent test' AND message_count <= 3;
)sql",
    // 5: the highest fencing token written to the conversation (ConversationPatch::fence).
    R"sql(
ALTER TABLE conversations ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
)sql",
};

Result<int> ReadUserVersion(Connection& connection) {
  Result<Statement> read = connection.Prepare("PRAGMA user_version");
  if (!read) return read.error();
  Result<bool> row = read->Step();
  if (!row || !*row) return core::Error::Unavailable("Cannot read the database schema version");
  return static_cast<int>(read->Int(0));
}

}  // namespace

int SchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<void> Migrate(Connection& connection) {
  for (;;) {
    // Read and bump the version under the write lock so two processes cannot both migrate.
    Result<Transaction> tx = Transaction::Begin(connection, /*immediate=*/true);
    if (!tx) return core::Error::Unavailable("Cannot migrate database: " + tx.error().message);
    Result<int> version_or = ReadUserVersion(connection);
    if (!version_or) return version_or.error();
    const int version = *version_or;
    if (version > SchemaVersion()) {
      return core::Error::Unavailable("Database schema version " + std::to_string(version) +
                                      " is newer than this build supports (" +
                                      std::to_string(SchemaVersion()) + ")");
    }
    if (version == SchemaVersion()) return {};
    std::string sql = kMigrations[static_cast<std::size_t>(version)];
    sql += "\nPRAGMA user_version = " + std::to_string(version + 1) + ";";
    if (Result<void> r = connection.Exec(sql); !r) {
      return core::Error::Unavailable("Migration " + std::to_string(version + 1) +
                                      " failed: " + r.error().message);
    }
    if (Result<void> r = tx->Commit(); !r) {
      return core::Error::Unavailable("Cannot commit migration: " + r.error().message);
    }
  }
}

}  // namespace carevoice::store::sqlite
