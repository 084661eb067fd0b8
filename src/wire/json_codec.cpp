#include "wire/json_codec.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "core/ids.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"
#include "wire/validation.hpp"

namespace carevoice::wire {
namespace {

namespace json = boost::json;

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

template <std::size_t N>
std::string JoinValues(const std::array<std::string_view, N>& values) {
  std::string out;
  for (std::string_view v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

json::value NullIfEmpty(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

json::array StringArray(const std::vector<std::string>& values) {
  json::array out;
  out.reserve(values.size());
  for (const std::string& v : values) out.emplace_back(v);
  return out;
}

// Reads an optional string field without its unsafe controls (core::StripUnsafeControls),
// trimmed, and checks its length; a required field (min > 0) must have visible text. Returns
// nullopt on absence or error.
std::optional<std::string> ReadText(const json::object& obj, std::string_view key,
                                    std::string_view field, std::size_t min, std::size_t max,
                                    FieldErrors& errors) {
  std::optional<std::string> raw = ReadString(obj, key, errors, field);
  if (!raw) return std::nullopt;
  std::string value = Trimmed(core::StripUnsafeControls(*raw));
  if (!CheckLength(value, field, min, max, errors)) return std::nullopt;
  if (min > 0 && !core::HasVisibleText(value)) {
    errors.Add(field, std::string(field) + " must contain visible text");
    return std::nullopt;
  }
  return value;
}

void ParseSettings(const json::object& body, core::AgentSettings& settings, FieldErrors& errors) {
  const json::object* obj = ReadObject(body, "settings", errors);
  if (obj == nullptr) return;
  if (auto max_tokens = ReadInteger(*obj, "maxTokens", errors, "settings.maxTokens")) {
    if (*max_tokens < kMinMaxTokens || *max_tokens > kMaxMaxTokens) {
      errors.Add("settings.maxTokens", "settings.maxTokens must be an integer from " +
                                           std::to_string(kMinMaxTokens) + " to " +
                                           std::to_string(kMaxMaxTokens));
    } else {
      settings.max_tokens = static_cast<int>(*max_tokens);
    }
  }
  if (auto temperature = ReadNumber(*obj, "temperature", errors, "settings.temperature")) {
    if (*temperature < 0 || *temperature > kMaxTemperature) {
      errors.Add("settings.temperature", "settings.temperature must be a number from 0 to 2");
    } else {
      settings.temperature = *temperature;
    }
  }
}

// Parses `prompts`: an array of strings. Returns nullopt when absent or invalid.
std::optional<std::vector<std::string>> ParsePrompts(const json::object& body,
                                                     FieldErrors& errors) {
  const json::array* arr = ReadArray(body, "prompts", errors);
  if (arr == nullptr) return std::nullopt;
  if (arr->size() > kMaxPrompts) {
    errors.Add("prompts", "prompts must have at most " + std::to_string(kMaxPrompts) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string field = IndexField("prompts", i);
    const json::string* s = (*arr)[i].if_string();
    if (s == nullptr) {
      errors.Add(field, field + " must be a string");
      ok = false;
      continue;
    }
    std::string value = Trimmed(*s);
    if (!CheckLength(value, field, 0, kMaxPromptLength, errors)) {
      ok = false;
      continue;
    }
    if (!value.empty()) out.push_back(std::move(value));  // Blank lines carry no knowledge.
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<core::KnowledgeItem>> ParseKnowledge(const json::object& body,
                                                               FieldErrors& errors) {
  const json::array* arr = ReadArray(body, "knowledge", errors);
  if (arr == nullptr) return std::nullopt;
  if (arr->size() > kMaxKnowledgeItems) {
    errors.Add("knowledge",
               "knowledge must have at most " + std::to_string(kMaxKnowledgeItems) + " items");
    return std::nullopt;
  }
  std::vector<core::KnowledgeItem> out;
  const std::size_t before = errors.Details().size();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string field = IndexField("knowledge", i);
    const json::object* item = (*arr)[i].if_object();
    if (item == nullptr) {
      errors.Add(field, field + " must be an object with question and answer");
      continue;
    }
    const std::string q_field = JoinField(field, "question");
    const std::string a_field = JoinField(field, "answer");
    auto question = ReadText(*item, "question", q_field, 1, kMaxQuestionLength, errors);
    auto answer = ReadText(*item, "answer", a_field, 1, kMaxAnswerLength, errors);
    if (!question && !errors.Has(q_field)) errors.Add(q_field, q_field + " is required");
    if (!answer && !errors.Has(a_field)) errors.Add(a_field, a_field + " is required");
    if (question && answer) out.push_back({std::move(*question), std::move(*answer)});
  }
  if (errors.Details().size() != before) return std::nullopt;
  return out;
}

std::optional<std::vector<core::CustomIntent>> ParseIntents(const json::object& body,
                                                            FieldErrors& errors) {
  const json::array* arr = ReadArray(body, "intents", errors);
  if (arr == nullptr) return std::nullopt;
  if (arr->size() > kMaxIntents) {
    errors.Add("intents", "intents must have at most " + std::to_string(kMaxIntents) + " items");
    return std::nullopt;
  }
  std::vector<core::CustomIntent> out;
  const std::size_t before = errors.Details().size();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string field = IndexField("intents", i);
    const json::object* item = (*arr)[i].if_object();
    if (item == nullptr) {
      errors.Add(field, field + " must be an object with name and examples");
      continue;
    }
    core::CustomIntent intent;
    const std::string name_field = JoinField(field, "name");
    auto name = ReadText(*item, "name", name_field, 1, kMaxIntentNameLength, errors);
    if (!name && !errors.Has(name_field)) errors.Add(name_field, name_field + " is required");
    if (name) {
      const bool duplicate = std::any_of(
          out.begin(), out.end(), [&](const core::CustomIntent& o) { return o.name == *name; });
      if (duplicate) errors.Add(name_field, name_field + " is a duplicate");
      intent.name = *name;
    }
    const std::string ex_field = JoinField(field, "examples");
    const json::array* examples = ReadArray(*item, "examples", errors, ex_field);
    if (examples == nullptr) {
      if (!errors.Has(ex_field)) errors.Add(ex_field, ex_field + " is required");
    } else if (examples->empty() || examples->size() > kMaxIntentExamples) {
      errors.Add(ex_field,
                 ex_field + " must have 1 to " + std::to_string(kMaxIntentExamples) + " items");
    } else {
      for (std::size_t j = 0; j < examples->size(); ++j) {
        const std::string e_field = IndexField(ex_field, j);
        const json::string* s = (*examples)[j].if_string();
        if (s == nullptr) {
          errors.Add(e_field, e_field + " must be a string");
          continue;
        }
        std::string value = Trimmed(*s);
        if (CheckLength(value, e_field, 1, kMaxIntentExampleLength, errors)) {
          intent.examples.push_back(std::move(value));
        }
      }
    }
    // Optional: what the built-in responder replies, and an action ("escalate").
    const std::string reply_field = JoinField(field, "reply");
    if (auto reply = ReadText(*item, "reply", reply_field, 0, kMaxAnswerLength, errors)) {
      intent.reply = std::move(*reply);
    }
    const std::string action_field = JoinField(field, "action");
    if (auto action = ReadText(*item, "action", action_field, 0, 32, errors)) {
      if (!action->empty() && *action != "escalate") {
        errors.Add(action_field, action_field + " must be \"escalate\" or empty");
      } else {
        intent.action = std::move(*action);
      }
    }
    out.push_back(std::move(intent));
  }
  if (errors.Details().size() != before) return std::nullopt;
  return out;
}

}  // namespace

// --- Encoders ---

json::object UserToJson(const core::User& user) {
  json::object o;
  o["_id"] = user.id;
  o["name"] = user.name;
  o["email"] = user.email;
  o["role"] = core::Name(user.role);
  if (!user.avatar.empty()) o["avatar"] = user.avatar;
  o["createdAt"] = core::ToIso8601(user.created_at);
  o["updatedAt"] = core::ToIso8601(user.updated_at);
  return o;
}

json::object AgentToJson(const core::Agent& agent) {
  json::object o;
  o["_id"] = agent.id;
  o["name"] = agent.name;
  o["company"] = agent.company;
  o["companyName"] = agent.company;
  o["personality"] = agent.personality;
  o["systemPrompt"] = agent.system_prompt;
  o["responseStyle"] = agent.response_style;
  o["settings"] = json::object{{"maxTokens", agent.settings.max_tokens},
                               {"temperature", agent.settings.temperature}};
  o["companyInfo"] = agent.company_info;
  o["prompts"] = StringArray(agent.prompts);
  json::array knowledge;
  for (const core::KnowledgeItem& k : agent.knowledge) {
    knowledge.push_back(json::object{{"question", k.question}, {"answer", k.answer}});
  }
  o["knowledge"] = std::move(knowledge);
  json::array intents;
  for (const core::CustomIntent& i : agent.intents) {
    json::object intent{{"name", i.name}, {"examples", StringArray(i.examples)}};
    if (!i.reply.empty()) intent["reply"] = i.reply;
    if (!i.action.empty()) intent["action"] = i.action;
    intents.push_back(std::move(intent));
  }
  o["intents"] = std::move(intents);
  if (!agent.voice.empty()) o["voice"] = agent.voice;
  if (!agent.avatar.empty()) o["avatar"] = agent.avatar;
  o["userId"] = NullIfEmpty(agent.user_id);
  o["isDemo"] = agent.is_demo;
  o["published"] = agent.published;
  o["widgetKey"] = NullIfEmpty(agent.widget_key);
  o["createdAt"] = core::ToIso8601(agent.created_at);
  o["updatedAt"] = core::ToIso8601(agent.updated_at);
  return o;
}

json::object MetadataToJson(const core::MessageMetadata& m) {
  json::object o;
  o["sentiment"] = m.sentiment.empty() ? "neutral" : m.sentiment;
  o["sentimentScore"] = m.sentiment_score;
  o["intent"] = m.intent.empty() ? "general" : m.intent;
  o["intents"] = m.intents.empty() ? json::array{"general"} : StringArray(m.intents);
  o["fineIntent"] = NullIfEmpty(m.fine_intent);
  if (!m.custom_intent.empty()) o["customIntent"] = m.custom_intent;
  o["confidence"] = m.confidence;
  o["company"] = m.company.empty() ? "general" : m.company;
  o["companyConfidence"] = m.company_confidence;
  return o;
}

json::object MessageToJson(const core::Message& message) {
  json::object o;
  o["_id"] = message.id;
  o["conversationId"] = message.conversation_id;
  o["role"] = core::Name(message.role);
  o["content"] = message.content;
  o["timestamp"] = core::ToIso8601(message.timestamp);
  if (!message.audio_url.empty()) o["audioUrl"] = message.audio_url;
  if (message.metadata) o["metadata"] = MetadataToJson(*message.metadata);
  return o;
}

json::object ConversationToJson(const core::Conversation& c) {
  json::object o;
  o["_id"] = c.id;
  o["title"] = c.title;
  o["userId"] = c.user_id;
  if (!c.agent_id.empty()) o["agentId"] = c.agent_id;
  o["company"] = c.company;
  o["status"] = core::Name(c.status);
  o["analytics"] = json::object{{"duration", c.analytics.duration},
                                {"messageCount", c.analytics.message_count},
                                {"sentiment", c.analytics.sentiment},
                                {"satisfaction", c.analytics.satisfaction}};
  o["isCallSimulator"] = c.is_call_simulator;
  o["isTest"] = c.is_test;
  if (!c.visitor_id.empty()) o["visitorId"] = c.visitor_id;
  o["createdAt"] = core::ToIso8601(c.created_at);
  o["updatedAt"] = core::ToIso8601(c.updated_at);
  if (c.ended_at != 0) o["endedAt"] = core::ToIso8601(c.ended_at);
  o["metadata"] = json::object{{"duration", c.analytics.duration},
                               {"sentiment", c.analytics.sentiment},
                               {"intents", json::array{}},
                               {"created", core::ToIso8601(c.created_at)},
                               {"updated", core::ToIso8601(c.updated_at)}};
  return o;
}

json::object PublicConversationJson(json::object conversation) {
  conversation.erase("userId");
  return conversation;
}

json::object ConversationToJson(const core::Conversation& c,
                                const std::vector<core::Message>& messages) {
  json::object o = ConversationToJson(c);
  json::array out;
  std::vector<std::string> intents;
  for (const core::Message& m : messages) {
    if (m.role == core::MessageRole::kSystem) continue;
    out.push_back(MessageToJson(m));
    if (m.role != core::MessageRole::kUser || !m.metadata) continue;
    for (const std::string& intent : m.metadata->intents) {
      if (std::find(intents.begin(), intents.end(), intent) == intents.end()) {
        intents.push_back(intent);
      }
    }
  }
  o["messages"] = std::move(out);
  o["metadata"].as_object()["intents"] = StringArray(intents);
  return o;
}

json::object StatsToJson(const core::UserStats& s) {
  json::object o;
  o["totalCalls"] = s.total_calls;
  o["averageDuration"] = static_cast<std::int64_t>(std::llround(s.average_duration));
  o["lastActivity"] =
      s.last_activity == 0 ? json::value(nullptr) : json::value(core::ToIso8601(s.last_activity));
  o["sentimentBreakdown"] = json::object{{"positive", s.positive},
                                         {"negative", s.negative},
                                         {"neutral", s.neutral},
                                         {"urgent", s.urgent}};
  o["totalMessages"] = s.total_messages;
  o["companiesInteractedWith"] = StringArray(s.companies);
  // Added for the dashboard; the fields above are the old API's, unchanged.
  auto counts = [](const std::vector<core::NameCount>& items, const char* key) {
    json::array out;
    out.reserve(items.size());
    for (const core::NameCount& item : items) {
      out.push_back(json::object{{key, item.name}, {"count", item.count}});
    }
    return out;
  };
  o["escalatedCount"] = s.escalated;
  o["escalationRate"] = s.total_calls > 0 ? static_cast<double>(s.escalated) / s.total_calls : 0.0;
  o["ratedCount"] = s.rated;
  o["averageSatisfaction"] =
      s.rated > 0 ? json::value(s.average_satisfaction) : json::value(nullptr);
  o["companyBreakdown"] = counts(s.company_counts, "company");
  o["topIntents"] = counts(s.top_intents, "intent");
  o["conversationsPerDay"] = counts(s.per_day, "date");
  json::array hours;
  for (int n : s.hours) hours.push_back(n);
  o["busiestHours"] = std::move(hours);
  return o;
}

json::object TurnToJson(const engine::Turn& turn, const std::string& reply_audio_url) {
  const core::Message& top = turn.reply ? *turn.reply : turn.user_message;
  json::object o;
  o["_id"] = top.id;
  o["role"] = core::Name(top.role);
  o["content"] = top.content;
  o["timestamp"] = core::ToIso8601(top.timestamp);
  std::string audio_url = reply_audio_url;
  if (audio_url.empty() && turn.reply) audio_url = turn.reply->audio_url;
  o["audioUrl"] = NullIfEmpty(audio_url);
  o["title"] = turn.conversation.title;
  o["metadata"] = MetadataToJson(turn.user_message.metadata.value_or(core::MessageMetadata{}));
  o["conversationId"] = turn.conversation.id;
  o["status"] = core::Name(turn.conversation.status);
  o["escalated"] = turn.conversation.status == core::ConversationStatus::kEscalated;
  o["escalatedNow"] = turn.escalated_now;
  o["userMessage"] = MessageToJson(turn.user_message);
  if (turn.reply) {
    json::object reply = MessageToJson(*turn.reply);
    if (!audio_url.empty()) reply["audioUrl"] = audio_url;
    o["reply"] = std::move(reply);
  } else {
    o["reply"] = nullptr;
    o["awaitingHuman"] = true;
    o["notice"] =
        "The conversation is escalated to a human agent; no automated reply was generated.";
  }
  return o;
}

// --- Parsers ---

core::Result<void> ApplyAgentJson(const json::object& body, bool partial, core::Agent& agent) {
  FieldErrors errors;

  if (auto name = ReadText(body, "name", "name", 1, kMaxAgentNameLength, errors)) {
    agent.name = std::move(*name);
  } else if (!partial && !errors.Has("name")) {
    errors.Add("name", "name is required");
  }

  // `company` (README) and `companyName` (old code) are aliases; `company` wins.
  const bool has_company = body.contains("company") && !body.at("company").is_null();
  const char* company_key = has_company ? "company" : "companyName";
  if (auto company = ReadText(body, company_key, company_key, 1, kMaxCompanyLength, errors)) {
    agent.company = std::move(*company);
  } else if (!partial && !errors.Has(company_key)) {
    errors.Add("company", "company (or companyName) is required");
  }
  if (has_company) {  // Still type-check the alias so a bad value is not silently ignored.
    ReadString(body, "companyName", errors);
  }

  if (auto v = ReadText(body, "personality", "personality", 0, kMaxPersonalityLength, errors)) {
    agent.personality = std::move(*v);
  }
  if (auto v = ReadText(body, "systemPrompt", "systemPrompt", 0, kMaxSystemPromptLength, errors)) {
    agent.system_prompt = std::move(*v);
  }
  if (auto v = ReadText(body, "companyInfo", "companyInfo", 0, kMaxCompanyInfoLength, errors)) {
    agent.company_info = std::move(*v);
  }
  if (auto style = ReadString(body, "responseStyle", errors)) {
    if (OneOf(core::kResponseStyleNames, *style)) {
      agent.response_style = *style;
    } else {
      errors.Add("responseStyle",
                 "responseStyle must be one of " + JoinValues(core::kResponseStyleNames));
    }
  }
  ParseSettings(body, agent.settings, errors);
  if (auto prompts = ParsePrompts(body, errors)) agent.prompts = std::move(*prompts);
  if (auto knowledge = ParseKnowledge(body, errors)) agent.knowledge = std::move(*knowledge);
  if (auto intents = ParseIntents(body, errors)) agent.intents = std::move(*intents);
  if (auto v = ReadText(body, "voice", "voice", 0, kMaxVoiceLength, errors)) {
    agent.voice = std::move(*v);
  }
  if (auto v = ReadText(body, "avatar", "avatar", 0, kMaxAvatarLength, errors)) {
    agent.avatar = std::move(*v);
  }

  if (!errors.Empty()) return errors.ToError("Agent validation failed");
  return {};
}

core::Result<ConversationCreateInput> ParseConversationCreate(const json::object& body) {
  FieldErrors errors;
  ConversationCreateInput in;
  if (auto agent_id = ReadString(body, "agentId", errors)) {
    // Absent (or null) means "no agent"; a string must be a real id, "" included.
    if (!core::IsObjectId(*agent_id)) {
      core::Error e = core::Error::BadRequest("agentId is not a valid id", "INVALID_ID");
      e.details = json::object{{"agentId", "agentId must be a 24-character hex id"}};
      return e;
    }
    in.agent_id = std::move(*agent_id);
  }
  if (auto sim = ReadBool(body, "isCallSimulator", errors)) in.is_call_simulator = *sim;
  in.title = ReadText(body, "title", "title", 1, kMaxTitleLength, errors);
  if (!errors.Empty()) return errors.ToError();
  return in;
}

core::Result<store::ConversationPatch> ParseConversationPatch(const json::object& body) {
  FieldErrors errors;
  store::ConversationPatch patch;
  patch.title = ReadText(body, "title", "title", 1, kMaxTitleLength, errors);
  if (auto status = ReadString(body, "status", errors)) {
    if (auto parsed = core::ParseConversationStatus(*status)) {
      patch.status = *parsed;
    } else {
      errors.Add("status", "status must be one of " + JoinValues(core::kConversationStatusNames));
    }
  }
  if (!errors.Empty()) return errors.ToError();
  return patch;
}

core::Result<MessageInput> ParseMessageInput(const json::object& body) {
  FieldErrors errors;
  MessageInput in;
  const char* key =
      body.contains("content") && !body.at("content").is_null() ? "content" : "message";
  if (auto content = ReadText(body, key, "content", 1, kMaxMessageLength, errors)) {
    in.content = std::move(*content);
  } else if (!errors.Has("content")) {
    errors.Add("content", "content is required");
  }
  if (auto role = ReadString(body, "role", errors)) {
    const auto parsed = core::ParseMessageRole(*role);
    if (parsed == core::MessageRole::kUser || parsed == core::MessageRole::kHuman) {
      in.role = *parsed;
    } else {
      errors.Add("role", "role must be \"user\" or \"human\"");
    }
  }
  if (auto want_audio = ReadBool(body, "wantAudio", errors)) in.want_audio = *want_audio;
  if (!errors.Empty()) return errors.ToError();
  return in;
}

}  // namespace carevoice::wire
