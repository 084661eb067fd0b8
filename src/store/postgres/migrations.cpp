#include "store/postgres/migrations.hpp"

#include <array>
#include <string>

namespace carevoice::store::pg {
namespace {

// Append only: never edit a migration that has shipped. Version 1 is the SQLite schema after its
// migration 3, with PostgreSQL types: times are Unix milliseconds (BIGINT); ids are 24-hex strings
// compared byte-wise (COLLATE "C"), so ordering by id matches SQLite's whatever the database's
// locale.
constexpr std::array<const char*, 3> kMigrations = {
    R"sql(
CREATE TABLE users (
  id            TEXT COLLATE "C" PRIMARY KEY,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  avatar        TEXT NOT NULL DEFAULT '',
  role          TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE refresh_tokens (
  token_hash TEXT COLLATE "C" PRIMARY KEY,
  user_id    TEXT COLLATE "C" NOT NULL,
  family_id  TEXT COLLATE "C" NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  used       BOOLEAN NOT NULL DEFAULT false,
  revoked    BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE agents (
  id             TEXT COLLATE "C" PRIMARY KEY,
  user_id        TEXT COLLATE "C" NOT NULL DEFAULT '',  -- '' = built-in demo agent
  name           TEXT NOT NULL,
  company        TEXT NOT NULL DEFAULT '',
  personality    TEXT NOT NULL DEFAULT '',
  system_prompt  TEXT NOT NULL DEFAULT '',
  response_style TEXT NOT NULL DEFAULT 'professional',
  max_tokens     INTEGER NOT NULL DEFAULT 150,
  temperature    DOUBLE PRECISION NOT NULL DEFAULT 0.7,
  company_info   TEXT NOT NULL DEFAULT '',
  prompts        TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  knowledge      TEXT NOT NULL DEFAULT '[]',  -- JSON array of {question, answer}
  intents        TEXT NOT NULL DEFAULT '[]',  -- JSON array of {name, examples[]}
  voice          TEXT NOT NULL DEFAULT '',
  avatar         TEXT NOT NULL DEFAULT '',
  is_demo        BOOLEAN NOT NULL DEFAULT false,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  published      BOOLEAN NOT NULL DEFAULT false,
  widget_key     TEXT COLLATE "C"  -- NULL = never published; kept while unpublished
);
CREATE INDEX agents_user ON agents (user_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX agents_widget_key ON agents (widget_key);

CREATE TABLE conversations (
  id                TEXT COLLATE "C" PRIMARY KEY,
  user_id           TEXT COLLATE "C" NOT NULL,
  agent_id          TEXT COLLATE "C" NOT NULL DEFAULT '',
  title             TEXT NOT NULL DEFAULT '',
  company           TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'completed', 'archived', 'escalated')),
  duration          BIGINT NOT NULL DEFAULT 0,
  message_count     INTEGER NOT NULL DEFAULT 0,
  sentiment         TEXT NOT NULL DEFAULT 'neutral',
  satisfaction      DOUBLE PRECISION NOT NULL DEFAULT 0,
  is_call_simulator BOOLEAN NOT NULL DEFAULT false,
  state_json        TEXT NOT NULL DEFAULT '',
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  ended_at          BIGINT NOT NULL DEFAULT 0,
  visitor_id        TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX conversations_user ON conversations (user_id, created_at DESC, id DESC);
CREATE INDEX conversations_user_agent
  ON conversations (user_id, agent_id, created_at DESC, id DESC);
CREATE INDEX conversations_visitor
  ON conversations (visitor_id, agent_id, created_at DESC, id DESC) WHERE visitor_id <> '';

CREATE TABLE messages (
  seq                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- append order
  id                   TEXT COLLATE "C" NOT NULL UNIQUE,
  conversation_id      TEXT COLLATE "C" NOT NULL
                       REFERENCES conversations (id) ON DELETE CASCADE,
  role                 TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'human')),
  content              TEXT NOT NULL,
  timestamp            BIGINT NOT NULL,
  audio_url            TEXT NOT NULL DEFAULT '',
  has_metadata         BOOLEAN NOT NULL DEFAULT false,
  meta_sentiment       TEXT NOT NULL DEFAULT '',
  meta_sentiment_score DOUBLE PRECISION NOT NULL DEFAULT 0,
  meta_intent          TEXT NOT NULL DEFAULT '',
  meta_intents         TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  meta_fine_intent     TEXT NOT NULL DEFAULT '',
  meta_custom_intent   TEXT NOT NULL DEFAULT '',
  meta_confidence      DOUBLE PRECISION NOT NULL DEFAULT 0,
  meta_company         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_conversation ON messages (conversation_id, seq);
)sql",
    // 2: agent test chats (POST /api/agents/:id/test) are marked and left out of the stats. The
    // conversations that route made before have its title and its three messages.
    R"sql(
ALTER TABLE conversations ADD COLUMN is_test BOOLEAN NOT NULL DEFAULT false;
UPDATE conversations SET is_test = true WHERE title = 'Agent test' AND message_count <= 3;
)sql",
    // 3: the highest fencing token written to the conversation (ConversationPatch::fence).
    R"sql(
ALTER TABLE conversations ADD COLUMN fence BIGINT NOT NULL DEFAULT 0;
)sql",
};

// pg_advisory_xact_lock key: "CareVoic" in ASCII.
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(4855287652849510755)";

}  // namespace

int SchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<void> Migrate(Connection& connection) {
  for (;;) {
    Result<Transaction> tx = Transaction::Begin(connection);
    if (!tx) return tx.error();
    if (Result<void> r = connection.ExecScript(kLock); !r) return r.error();
    if (Result<void> r = connection.ExecScript(
            "CREATE TABLE IF NOT EXISTS carevoice_schema_migrations ("
            "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
        !r) {
      return r.error();
    }
    Result<Rows> read =
        connection.Exec("SELECT COALESCE(MAX(version), 0) FROM carevoice_schema_migrations");
    if (!read) return read.error();
    const int version = static_cast<int>(read->At(0).Int(0));
    if (version > SchemaVersion()) {
      return core::Error::Unavailable("Database schema version " + std::to_string(version) +
                                      " is newer than this build supports (" +
                                      std::to_string(SchemaVersion()) + ")");
    }
    if (version == SchemaVersion()) return tx->Commit();
    if (Result<void> r = connection.ExecScript(kMigrations[static_cast<std::size_t>(version)]);
        !r) {
      return core::Error::Unavailable("Migration " + std::to_string(version + 1) +
                                      " failed: " + r.error().message);
    }
    if (Result<Rows> r = connection.Exec(
            "INSERT INTO carevoice_schema_migrations (version) VALUES ($1::integer)",
            Params::Of(version + 1));
        !r) {
      return r.error();
    }
    if (Result<void> r = tx->Commit(); !r) return r.error();
  }
}

}  // namespace carevoice::store::pg
