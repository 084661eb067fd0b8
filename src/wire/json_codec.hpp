#pragma once

// The JSON shapes of the REST API (docs/API.md, GET /api/openapi.json): ids as "_id", camelCase
// keys, ISO-8601 UTC timestamps. Encoders never fail; parsers validate untrusted bodies and
// return a 400 VALIDATION_ERROR whose details name every bad field.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"
#include "engine/engine.hpp"
#include "store/store.hpp"

namespace carevoice::wire {

// --- Limits of agent fields (code points unless stated) ---
inline constexpr std::size_t kMaxAgentNameLength = 50;
inline constexpr std::size_t kMaxCompanyLength = 100;
inline constexpr std::size_t kMaxPersonalityLength = 500;
inline constexpr std::size_t kMaxSystemPromptLength = 10'000;
inline constexpr std::size_t kMaxCompanyInfoLength = 20'000;
inline constexpr std::size_t kMaxPrompts = 100;
inline constexpr std::size_t kMaxPromptLength = 2'000;
inline constexpr std::size_t kMaxKnowledgeItems = 500;
inline constexpr std::size_t kMaxQuestionLength = 1'000;
inline constexpr std::size_t kMaxAnswerLength = 5'000;
inline constexpr std::size_t kMaxIntents = 100;
inline constexpr std::size_t kMaxIntentNameLength = 64;
inline constexpr std::size_t kMaxIntentExamples = 200;
inline constexpr std::size_t kMaxIntentExampleLength = 500;
inline constexpr std::size_t kMaxVoiceLength = 64;
inline constexpr std::size_t kMaxAvatarLength = 2'048;
inline constexpr int kMinMaxTokens = 1;
inline constexpr int kMaxMaxTokens = 4'096;
inline constexpr double kMaxTemperature = 2.0;
inline constexpr std::size_t kMaxTitleLength = 200;

// --- Encoders ---

// {_id,name,email,role,avatar?,createdAt,updatedAt}; never the password hash.
boost::json::object UserToJson(const core::User& user);
// {_id,name,company,companyName,personality,systemPrompt,responseStyle,settings{maxTokens,
// temperature},companyInfo,prompts[],knowledge[{question,answer}],intents[{name,examples[]}],
// voice?,avatar?,userId (null for demo agents),isDemo,createdAt,updatedAt}.
boost::json::object AgentToJson(const core::Agent& agent);
// {sentiment,sentimentScore,intent,intents[],fineIntent,customIntent?,confidence,company,
// companyConfidence}; company is "general" when none was detected (the old API's convention).
boost::json::object MetadataToJson(const core::MessageMetadata& metadata);
// {_id,conversationId,role,content,timestamp,audioUrl?,metadata?}.
boost::json::object MessageToJson(const core::Message& message);
// {_id,title,userId,agentId?,company,status,analytics{duration,messageCount,sentiment,
// satisfaction},isCallSimulator,createdAt,updatedAt,endedAt?,metadata{duration,sentiment,intents,
// created,updated}}. The `metadata` block is the old API's shape, derived from the rest.
boost::json::object ConversationToJson(const core::Conversation& conversation);
// As above plus `messages` (system messages left out) and metadata.intents collected from the
// user messages' intents, first occurrence first.
boost::json::object ConversationToJson(const core::Conversation& conversation,
                                       const std::vector<core::Message>& messages);
// A conversation (the JSON of ConversationToJson) as its visitor may see it: without the owner's
// user id. What the public REST routes and the visitors' Socket.IO events send.
boost::json::object PublicConversationJson(boost::json::object conversation);
// {totalCalls,averageDuration (whole seconds),lastActivity (ISO or null),
// sentimentBreakdown{positive,negative,neutral,urgent},totalMessages,companiesInteractedWith[]}.
boost::json::object StatsToJson(const core::UserStats& stats);

// The answer to POST /api/conversations/:id/messages (and /audio): the reply's
// {_id,role,content,timestamp} at the top level (the old API's shape), plus `audioUrl`
// (`reply_audio_url`, or null), `title`, `metadata` (the NLU analysis of the user message),
// `conversationId`, `status`, `escalated` (the conversation is escalated), `escalatedNow`,
// `userMessage` and `reply` (a Message, or null). When the conversation is escalated and no bot
// reply follows, the top level carries the stored user message, `reply` is null, `awaitingHuman`
// is true and `notice` explains why.
boost::json::object TurnToJson(const engine::Turn& turn, const std::string& reply_audio_url);

// --- Parsers of request bodies ---

// Applies an agent body to `agent`. Accepts `company` or its alias `companyName` (`company` wins
// when both are present), `companyInfo` and `prompts[]` (the old API's knowledge), `knowledge[]`,
// `intents[]`, `voice`, `avatar`, `settings` (partial objects allowed). Strings are trimmed.
// Server-owned keys (_id, userId, isDemo, createdAt, updatedAt, __v) and unknown keys are
// ignored. With `partial` false (create) name and company are required; with `partial` true
// (update) absent fields keep their value. On error `agent` may be partly updated.
core::Result<void> ApplyAgentJson(const boost::json::object& body, bool partial,
                                  core::Agent& agent);

struct ConversationCreateInput {
  std::optional<std::string> agent_id;  // A 24-hex id.
  bool is_call_simulator = false;
  std::optional<std::string> title;  // Trimmed, 1..kMaxTitleLength.
};
// {agentId?, isCallSimulator?, title?}. A malformed agentId is 400 INVALID_ID.
core::Result<ConversationCreateInput> ParseConversationCreate(const boost::json::object& body);

// {title?, status?}: title trimmed 1..kMaxTitleLength, status active|completed|archived|escalated.
core::Result<store::ConversationPatch> ParseConversationPatch(const boost::json::object& body);

struct MessageInput {
  std::string content;  // 1..kMaxMessageLength code points after trimming.
  core::MessageRole role = core::MessageRole::kUser;  // kUser | kHuman
  bool want_audio = false;                            // `wantAudio`: synthesise the reply.
};
// {content, role?, wantAudio?}. `message` is accepted as an alias of `content`.
core::Result<MessageInput> ParseMessageInput(const boost::json::object& body);

}  // namespace carevoice::wire
