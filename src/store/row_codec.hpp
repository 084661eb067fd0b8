#pragma once

// How the SQL adapters encode the domain types into columns and decode them back. Shared by
// sqlite/ and postgres/ so both store exactly the same values. Internal to the store module.
//
// The Read* templates take a row `R` with `Text(i)` (NULL reads as ""), `Int(i)` (booleans read
// as 0/1) and `Real(i)`, in the column order of the kUserColumns... lists below.

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/domain.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace carevoice::store::codec {

// Column lists, in the order the Read* functions expect.
#define CV_USER_COLUMNS "id, name, email, password_hash, avatar, role, created_at, updated_at"
#define CV_TOKEN_COLUMNS "token_hash, user_id, family_id, expires_at, created_at, used, revoked"
#define CV_AGENT_COLUMNS                                                                         \
  "id, user_id, name, company, personality, system_prompt, response_style, max_tokens, "         \
  "temperature, company_info, prompts, knowledge, intents, voice, avatar, is_demo, created_at, " \
  "updated_at"
// CV_AGENT_COLUMNS plus the publishing columns, for reads.
#define CV_AGENT_READ_COLUMNS CV_AGENT_COLUMNS ", published, widget_key"
#define CV_CONVERSATION_COLUMNS                                                                 \
  "id, user_id, agent_id, title, company, status, duration, message_count, sentiment, "         \
  "satisfaction, is_call_simulator, state_json, created_at, updated_at, ended_at, visitor_id, " \
  "is_test"
#define CV_MESSAGE_COLUMNS                                                                   \
  "id, conversation_id, role, content, timestamp, audio_url, has_metadata, meta_sentiment, " \
  "meta_sentiment_score, meta_intent, meta_intents, meta_fine_intent, meta_custom_intent, "  \
  "meta_confidence, meta_company"

constexpr const char* kUserNotFound = "User not found";
constexpr const char* kAgentNotFound = "Agent not found";
constexpr const char* kConversationNotFound = "Conversation not found";

// A fenced write (ConversationPatch::fence) after a newer holder of the conversation's lock wrote.
inline core::Error LockLost() {
  return core::Error{core::ErrorKind::kConflict,
                     "Another process took over this conversation; the change was not saved",
                     "LOCK_LOST", nullptr, 0};
}
constexpr const char* kTokenNotFound = "Refresh token not found";
constexpr const char* kDuplicateEmail = "User already exists with this email";

// The decoded type of a row reader `Read` over rows of type `Row`: T for a reader returning T or
// Result<T>.
template <class T>
struct Unwrap {
  using type = T;
};
template <class T>
struct Unwrap<Result<T>> {
  using type = T;
};
template <class Read, class Row>
using RowType = typename Unwrap<std::invoke_result_t<Read&, const Row&>>::type;

// JSON text columns.
std::string StringsToJson(const std::vector<std::string>& strings);
Result<std::vector<std::string>> StringsFromJson(const std::string& text, std::string_view what);
std::string KnowledgeToJson(const std::vector<core::KnowledgeItem>& items);
Result<std::vector<core::KnowledgeItem>> KnowledgeFromJson(const std::string& text);
std::string IntentsToJson(const std::vector<core::CustomIntent>& intents);
Result<std::vector<core::CustomIntent>> IntentsFromJson(const std::string& text);

template <class R>
core::User ReadUser(const R& s) {
  core::User user;
  user.id = s.Text(0);
  user.name = s.Text(1);
  user.email = s.Text(2);
  user.password_hash = s.Text(3);
  user.avatar = s.Text(4);
  user.role = core::ParseUserRole(s.Text(5)).value_or(core::UserRole::kUser);  // CHECKed.
  user.created_at = s.Int(6);
  user.updated_at = s.Int(7);
  return user;
}

template <class R>
RefreshToken ReadToken(const R& s) {
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

template <class R>
Result<core::Agent> ReadAgent(const R& s) {
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

template <class R>
core::Conversation ReadConversation(const R& s) {
  core::Conversation c;
  c.id = s.Text(0);
  c.user_id = s.Text(1);
  c.agent_id = s.Text(2);
  c.title = s.Text(3);
  c.company = s.Text(4);
  c.status = core::ParseConversationStatus(s.Text(5)).value_or(core::ConversationStatus::kActive);
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
  c.is_test = s.Int(16) != 0;
  return c;
}

template <class R>
Result<core::Message> ReadMessage(const R& s) {
  core::Message m;
  m.id = s.Text(0);
  m.conversation_id = s.Text(1);
  m.role = core::ParseMessageRole(s.Text(2)).value_or(core::MessageRole::kUser);
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

}  // namespace carevoice::store::codec
