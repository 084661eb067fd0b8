#pragma once

// The Store port: every durable read and write of CareVoice. Adapters: sqlite/ (default),
// postgres/. All methods are blocking and thread-safe; callers on the I/O threads must
// run them on the worker pool (core/blocking.hpp). Every resource lookup takes the owner's user
// id, and a resource owned by someone else is reported as kNotFound, indistinguishable from a
// missing one. Where a `user_id` parameter is documented as "empty = any owner", an empty string
// skips the ownership filter: REQUIRES the caller has checked the principal is an admin.
// Roles and statuses are enums (core/domain.hpp), stored as their wire spellings under the
// schema's CHECK constraints; a constraint violation is kBadRequest; a duplicate id is kConflict;
// an unreachable database is kUnavailable.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"

namespace carevoice::store {

using core::Result;

// A stored refresh token. Only the SHA-256 hash of the opaque token is stored.
struct RefreshToken {
  std::string token_hash;
  std::string user_id;
  std::string family_id;  // All tokens rotated from one login share a family.
  core::TimeMs expires_at = 0;
  core::TimeMs created_at = 0;
  bool used = false;     // Set when rotated; presenting a used token revokes the family.
  bool revoked = false;  // Set on logout or family revocation.
};

// A refresh-token family (a login session) that was revoked.
struct RevokedFamily {
  std::string family_id;
  std::string user_id;
  core::TimeMs last_created_at = 0;  // Creation time of its newest token.
};

// Partial update of a conversation: unset fields are left alone.
struct ConversationPatch {
  std::optional<std::string> title;
  std::optional<core::ConversationStatus> status;
  std::optional<std::string> company;
  // Sets duration, sentiment and satisfaction. message_count is ignored: AppendMessage owns it.
  std::optional<core::Analytics> analytics;
  std::optional<std::string> state_json;
  std::optional<core::TimeMs> ended_at;
  // The writer's fencing token (several processes: the conversation's shared lock; 0 = none, the
  // write is not fenced). The conversation remembers the highest token written; a write carrying
  // a lower one fails with kConflict ("LOCK_LOST") and changes nothing (with AppendAndUpdate,
  // not its messages either): a process whose lock expired mid-turn cannot overwrite the next
  // holder's work.
  std::uint64_t fence = 0;
};

struct ListOptions {
  std::optional<std::string> agent_id;  // Filter; empty optional = all.
  int limit = 100;                      // 1..1000; out-of-range values are clamped.
  int offset = 0;                       // Negative values count as 0.
  // More filters (ListConversations only; empty optional = all):
  std::optional<core::ConversationStatus> status;  // Exact status.
  std::optional<std::string> sentiment;            // "neutral" also matches an unknown sentiment.
  std::optional<std::string> company;  // The company, case-insensitively (ASCII in SQLite).
  // A substring of the title or of any message's text, case-insensitively (ASCII letters in
  // SQLite, every letter in PostgreSQL); '%', '_' and '\' match themselves.
  std::optional<std::string> query;
};

// Which conversations GetUserStats aggregates. Agent test conversations (is_test) never count.
struct StatsFilter {
  std::optional<core::TimeMs> from;     // created_at >= from.
  std::optional<core::TimeMs> to;       // created_at < to (exclusive).
  std::optional<std::string> agent_id;  // Only this agent's; another user's agent matches none.
  int tz_offset_minutes = 0;            // Days and hours are counted at UTC + this offset.
};

class Store {
 public:
  virtual ~Store() = default;

  // Returns "connected" if the database answers a trivial query, else an error.
  virtual Result<std::string> Ping() = 0;

  // --- Users ---
  // Inserts `user` (id, created_at, updated_at must be set). kConflict if the email exists.
  virtual Result<void> CreateUser(const core::User& user) = 0;
  virtual Result<core::User> GetUserById(const std::string& id) = 0;
  // REQUIRES: `email` is already lower-cased and trimmed.
  virtual Result<core::User> GetUserByEmail(const std::string& email) = 0;
  // Replaces name, email, avatar, password_hash, role, updated_at of the user with `user.id`.
  // kConflict if the new email belongs to another user.
  virtual Result<void> UpdateUser(const core::User& user) = 0;

  // --- Refresh tokens ---
  virtual Result<void> InsertRefreshToken(const RefreshToken& token) = 0;
  virtual Result<RefreshToken> GetRefreshToken(const std::string& token_hash) = 0;
  // Atomically marks `old_hash` used and inserts `next`. Fails with kUnauthorized if `old_hash`
  // was already used or revoked (a concurrent rotation lost the race).
  virtual Result<void> RotateRefreshToken(const std::string& old_hash,
                                          const RefreshToken& next) = 0;
  virtual Result<void> RevokeRefreshFamily(const std::string& family_id) = 0;
  // Revokes every family of `user_id` except `keep_family_id` ("" = keep none) and returns the
  // ids of the families that had a token left to revoke.
  virtual Result<std::vector<std::string>> RevokeUserRefreshFamilies(
      const std::string& user_id, const std::string& keep_family_id) = 0;
  // Returns the revoked families whose newest token was created after `created_after`.
  virtual Result<std::vector<RevokedFamily>> ListRevokedFamilies(core::TimeMs created_after) = 0;
  // Deletes the tokens that expired before `expired_before` and were created before
  // `created_before`; returns how many.
  virtual Result<std::int64_t> PurgeRefreshTokens(core::TimeMs expired_before,
                                                  core::TimeMs created_before) = 0;

  // --- Agents ---
  // Inserts `agent` (id and times set by the caller).
  virtual Result<void> CreateAgent(const core::Agent& agent) = 0;
  // Returns the agent if it is owned by `user_id` or is a demo agent (user_id empty).
  virtual Result<core::Agent> GetAgent(const std::string& id, const std::string& user_id) = 0;
  // Returns the user's agents, newest first (demo agents are not included).
  virtual Result<std::vector<core::Agent>> ListAgents(const std::string& user_id) = 0;
  // Returns the built-in demo agents (user_id empty).
  virtual Result<std::vector<core::Agent>> ListDemoAgents() = 0;
  // Replaces every field of the agent with `agent.id` owned by `agent.user_id`, except id,
  // user_id, is_demo and created_at, which are kept. kNotFound if no such agent.
  virtual Result<void> UpdateAgent(const core::Agent& agent) = 0;
  virtual Result<void> DeleteAgent(const std::string& id, const std::string& user_id) = 0;

  // --- Agent publishing ---
  // Each of these acts on agent `id` owned by `user_id`, never on a demo agent (kNotFound), and
  // returns the updated agent. A widget key is unique among agents (kConflict otherwise).
  // Sets published; gives the agent `new_widget_key` only if it has no key yet (idempotent).
  virtual Result<core::Agent> PublishAgent(const std::string& id, const std::string& user_id,
                                           const std::string& new_widget_key) = 0;
  // Clears published: GetAgentByWidgetKey stops finding the agent at once. The key is kept and
  // works again after PublishAgent.
  virtual Result<core::Agent> UnpublishAgent(const std::string& id, const std::string& user_id) = 0;
  // Replaces the widget key (published is unchanged): the old key stops working at once.
  virtual Result<core::Agent> RotateAgentWidgetKey(const std::string& id,
                                                   const std::string& user_id,
                                                   const std::string& new_widget_key) = 0;
  // Returns the published agent whose key is `widget_key` (with its owner's user_id); kNotFound
  // if no agent has it or the agent is not published.
  virtual Result<core::Agent> GetAgentByWidgetKey(const std::string& widget_key) = 0;

  // --- Conversations ---
  virtual Result<void> CreateConversation(const core::Conversation& conversation) = 0;
  // `user_id` empty = any owner.
  virtual Result<core::Conversation> GetConversation(const std::string& id,
                                                     const std::string& user_id) = 0;
  // Newest (by created_at, then id) first.
  virtual Result<std::vector<core::Conversation>> ListConversations(const std::string& user_id,
                                                                    const ListOptions& opts) = 0;
  // Applies `patch` and sets updated_at = `now`. `user_id` empty = any owner.
  virtual Result<core::Conversation> UpdateConversation(const std::string& id,
                                                        const std::string& user_id,
                                                        const ConversationPatch& patch,
                                                        core::TimeMs now) = 0;
  // Deletes the conversation and its messages. `user_id` must be the owner (empty matches none).
  virtual Result<void> DeleteConversation(const std::string& id, const std::string& user_id) = 0;
  // Returns the conversations of visitor `visitor_id` (non-empty) owned by `user_id`, with the
  // agent opts.agent_id (empty optional = any agent), newest (by created_at, then id) first.
  // The default implementation filters ListConversations; adapters answer from an index.
  virtual Result<std::vector<core::Conversation>> ListVisitorConversations(
      const std::string& user_id, const std::string& visitor_id, const ListOptions& opts);

  // --- Messages ---
  // Appends `message` to its conversation (message.conversation_id, owned by `user_id`), durably,
  // and bumps the conversation's updated_at and analytics.message_count. `user_id` empty = any
  // owner. updated_at becomes max(updated_at, message.timestamp). All or nothing: kConflict on a
  // duplicate message id leaves the count unchanged.
  virtual Result<void> AppendMessage(const core::Message& message, const std::string& user_id) = 0;
  // Returns the conversation's messages in the order they were appended. `user_id` empty = any
  // owner.
  virtual Result<std::vector<core::Message>> ListMessages(const std::string& conversation_id,
                                                          const std::string& user_id) = 0;
  // Returns the last `limit` (>= 0) messages of the conversation, oldest first. `user_id` empty =
  // any owner. Its cost depends on `limit`, not on the length of the conversation (adapters).
  virtual Result<std::vector<core::Message>> ListRecentMessages(const std::string& conversation_id,
                                                                const std::string& user_id,
                                                                int limit);
  // Appends `messages` (each as AppendMessage does, in order; every conversation_id must be
  // `conversation_id`) and then applies `patch` as UpdateConversation does, in ONE transaction:
  // all or nothing. Returns the conversation after both. The default implementation is not
  // atomic (adapters override it).
  virtual Result<core::Conversation> AppendAndUpdate(const std::vector<core::Message>& messages,
                                                     const std::string& conversation_id,
                                                     const std::string& user_id,
                                                     const ConversationPatch& patch,
                                                     core::TimeMs now);

  // --- Analytics ---
  // Over the user's conversations that match `filter` (never agent tests): average_duration is the
  // unrounded mean; last_activity the largest updated_at; a sentiment outside the four buckets
  // counts as neutral; total_messages excludes system messages; companies are the distinct
  // lower-cased conversation companies (empty and "general" left out), in the order the user first
  // talked to each; escalated counts the conversations escalated now or with a human reply;
  // average_satisfaction is over those with satisfaction > 0; top_intents are the coarse intents of
  // user messages (at most 10, most frequent first, then by name); per_day counts conversations by
  // creation day and hours user messages by hour, both at UTC + filter.tz_offset_minutes.
  virtual Result<core::UserStats> GetUserStats(const std::string& user_id,
                                               const StatsFilter& filter) = 0;
};

}  // namespace carevoice::store
