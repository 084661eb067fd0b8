#include "wire/json_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace carevoice::wire {
namespace {

namespace json = boost::json;

json::object Parse(std::string_view text) { return json::parse(text).as_object(); }

core::Agent SampleAgent() {
  core::Agent a;
  a.id = "0123456789abcdef01234567";
  a.user_id = "89abcdef0123456789abcdef";
  a.name = "Ava";
  a.company = "Acme";
  a.personality = "warm";
  a.system_prompt = "Be kind.";
  a.response_style = "friendly";
  a.settings = {512, 0.4};
  a.company_info = "Acme sells anvils.";
  a.prompts = {"Open 9-5", "Free shipping over $50"};
  a.knowledge = {{"Hours?", "9 to 5"}};
  a.intents = {{"track_anvil", {"where is my anvil", "track my anvil"}},
               {"legal", {"I will sue you"}, "Our legal team will contact you.", "escalate"}};
  a.voice = "slt";
  a.avatar = "/public/avatars/a.png";
  a.created_at = 1'700'000'000'000;
  a.updated_at = 1'700'000'001'000;
  return a;
}

TEST(AgentCodecTest, EmitsBothCompanyKeysAndNoSecrets) {
  const json::object o = AgentToJson(SampleAgent());
  EXPECT_EQ(o.at("_id").as_string(), "0123456789abcdef01234567");
  EXPECT_EQ(o.at("company").as_string(), "Acme");
  EXPECT_EQ(o.at("companyName").as_string(), "Acme");
  EXPECT_EQ(o.at("settings").at("maxTokens").as_int64(), 512);
  EXPECT_DOUBLE_EQ(o.at("settings").at("temperature").as_double(), 0.4);
  EXPECT_EQ(o.at("createdAt").as_string(), "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(o.at("prompts").as_array().size(), 2u);
  EXPECT_FALSE(o.at("isDemo").as_bool());
  EXPECT_FALSE(o.at("published").as_bool());
  EXPECT_TRUE(o.at("widgetKey").is_null());  // Never published.
}

TEST(AgentCodecTest, EmitsPublishingFields) {
  core::Agent agent = SampleAgent();
  agent.published = true;
  agent.widget_key = "wk_0123456789abcdefghijklmnopqrstuv";
  const json::object o = AgentToJson(agent);
  EXPECT_TRUE(o.at("published").as_bool());
  EXPECT_EQ(o.at("widgetKey").as_string(), agent.widget_key);
}

TEST(AgentCodecTest, RoundTripThroughCreate) {
  const core::Agent original = SampleAgent();
  const json::object encoded = AgentToJson(original);
  core::Agent decoded;
  ASSERT_TRUE(ApplyAgentJson(encoded, /*partial=*/false, decoded).has_value());
  EXPECT_EQ(decoded.name, original.name);
  EXPECT_EQ(decoded.company, original.company);
  EXPECT_EQ(decoded.personality, original.personality);
  EXPECT_EQ(decoded.system_prompt, original.system_prompt);
  EXPECT_EQ(decoded.response_style, original.response_style);
  EXPECT_EQ(decoded.settings.max_tokens, original.settings.max_tokens);
  EXPECT_DOUBLE_EQ(decoded.settings.temperature, original.settings.temperature);
  EXPECT_EQ(decoded.company_info, original.company_info);
  EXPECT_EQ(decoded.prompts, original.prompts);
  ASSERT_EQ(decoded.knowledge.size(), 1u);
  EXPECT_EQ(decoded.knowledge[0].answer, "9 to 5");
  ASSERT_EQ(decoded.intents.size(), 2u);
  EXPECT_EQ(decoded.intents[0].examples, original.intents[0].examples);
  EXPECT_TRUE(decoded.intents[0].reply.empty());
  EXPECT_FALSE(encoded.at("intents").as_array()[0].as_object().contains("action"));
  EXPECT_EQ(decoded.intents[1].reply, "Our legal team will contact you.");
  EXPECT_EQ(decoded.intents[1].action, "escalate");
  EXPECT_EQ(decoded.voice, "slt");
  EXPECT_EQ(decoded.avatar, original.avatar);
  // Server-owned fields are not taken from the body.
  EXPECT_TRUE(decoded.id.empty());
  EXPECT_TRUE(decoded.user_id.empty());
  EXPECT_EQ(decoded.created_at, 0);
}

TEST(AgentCodecTest, LegacyBodyWithCompanyNameAlias) {
  core::Agent a;
  const auto r = ApplyAgentJson(Parse(R"({"name":" Bob ","companyName":"Zero to Hero",
      "personality":"sharp","companyInfo":"Mentoring","prompts":["  be bold  ",""]})"),
                                false, a);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(a.name, "Bob");
  EXPECT_EQ(a.company, "Zero to Hero");
  EXPECT_EQ(a.company_info, "Mentoring");
  EXPECT_EQ(a.prompts, std::vector<std::string>{"be bold"});
  EXPECT_EQ(a.response_style, "professional");  // Default kept.
}

TEST(AgentCodecTest, CompanyWinsOverCompanyName) {
  core::Agent a;
  ASSERT_TRUE(
      ApplyAgentJson(Parse(R"({"name":"x","company":"New","companyName":"Old"})"), false, a));
  EXPECT_EQ(a.company, "New");
}

TEST(AgentCodecTest, TypeErrorsNameEachField) {
  core::Agent a;
  const auto r = ApplyAgentJson(Parse(R"({"name":5,"company":true,"personality":[],
      "settings":{"maxTokens":"many","temperature":"hot"},"prompts":"p","knowledge":{},
      "intents":7,"responseStyle":3,"voice":{}})"),
                                false, a);
  ASSERT_FALSE(r.has_value());
  const core::Error& e = r.error();
  EXPECT_EQ(e.HttpStatus(), 400);
  EXPECT_EQ(e.code, "VALIDATION_ERROR");
  const json::object& d = e.details.as_object();
  EXPECT_EQ(d.at("name").as_string(), "name must be a string");
  EXPECT_EQ(d.at("company").as_string(), "company must be a string");
  EXPECT_EQ(d.at("personality").as_string(), "personality must be a string");
  EXPECT_EQ(d.at("settings.maxTokens").as_string(), "settings.maxTokens must be an integer");
  EXPECT_EQ(d.at("settings.temperature").as_string(), "settings.temperature must be a number");
  EXPECT_EQ(d.at("prompts").as_string(), "prompts must be an array");
  EXPECT_EQ(d.at("knowledge").as_string(), "knowledge must be an array");
  EXPECT_EQ(d.at("intents").as_string(), "intents must be an array");
  EXPECT_EQ(d.at("responseStyle").as_string(), "responseStyle must be a string");
  EXPECT_EQ(d.at("voice").as_string(), "voice must be a string");
  EXPECT_EQ(e.message, "Agent validation failed");
}

TEST(AgentCodecTest, SingleProblemBecomesTheMessage) {
  core::Agent a;
  const auto r = ApplyAgentJson(Parse(R"({"company":"Acme"})"), false, a);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "name is required");
}

TEST(AgentCodecTest, AnUnknownIntentActionIsRefused) {
  core::Agent a;
  const auto r = ApplyAgentJson(Parse(R"({"name":"a","company":"b",
      "intents":[{"name":"n","examples":["e"],"action":"refund"},
                 {"name":"m","examples":["e"],"reply":7}]})"),
                                false, a);
  ASSERT_FALSE(r.has_value());
  const core::Error e = r.error();  // result::error() returns a copy: keep it alive.
  const json::object& d = e.details.as_object();
  EXPECT_EQ(d.at("intents[0].action").as_string(),
            "intents[0].action must be \"escalate\" or empty");
  EXPECT_TRUE(d.contains("intents[1].reply"));
}

TEST(AgentCodecTest, NestedItemErrorsCarryTheirPath) {
  core::Agent a;
  const auto r = ApplyAgentJson(Parse(R"({"name":"a","company":"b",
      "prompts":["ok", 3],
      "knowledge":[{"question":"q","answer":"a"},{"question":"","answer":1},"x"],
      "intents":[{"name":"n","examples":["e"]},{"name":"n","examples":[]},{"examples":[2]}]})"),
                                false, a);
  ASSERT_FALSE(r.has_value());
  const core::Error err = r.error();
  const json::object& d = err.details.as_object();
  EXPECT_TRUE(d.contains("prompts[1]"));
  EXPECT_EQ(d.at("knowledge[1].question").as_string(), "knowledge[1].question is required");
  EXPECT_EQ(d.at("knowledge[1].answer").as_string(), "knowledge[1].answer must be a string");
  EXPECT_TRUE(d.contains("knowledge[2]"));
  EXPECT_FALSE(d.contains("knowledge[0].question"));
  EXPECT_EQ(d.at("intents[1].name").as_string(), "intents[1].name is a duplicate");
  EXPECT_TRUE(d.contains("intents[1].examples"));
  EXPECT_EQ(d.at("intents[2].name").as_string(), "intents[2].name is required");
  EXPECT_EQ(d.at("intents[2].examples[0]").as_string(), "intents[2].examples[0] must be a string");
}

TEST(AgentCodecTest, PartialUpdateKeepsAbsentFields) {
  core::Agent a = SampleAgent();
  ASSERT_TRUE(
      ApplyAgentJson(Parse(R"({"personality":"calm","settings":{"temperature":1.5}})"), true, a));
  EXPECT_EQ(a.name, "Ava");
  EXPECT_EQ(a.company, "Acme");
  EXPECT_EQ(a.personality, "calm");
  EXPECT_EQ(a.settings.max_tokens, 512);
  EXPECT_DOUBLE_EQ(a.settings.temperature, 1.5);
}

TEST(AgentCodecTest, PartialUpdateStillRejectsEmptyRequiredFields) {
  core::Agent a = SampleAgent();
  const auto r = ApplyAgentJson(Parse(R"({"name":"   ","companyName":""})"), true, a);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().details.at("name").as_string(), "name is required");
  EXPECT_EQ(r.error().details.at("companyName").as_string(), "companyName is required");
}

TEST(AgentCodecTest, NullMeansAbsent) {
  core::Agent a = SampleAgent();
  ASSERT_TRUE(ApplyAgentJson(Parse(R"({"voice":null,"company":null,"companyName":"Z"})"), true, a));
  EXPECT_EQ(a.voice, "slt");
  EXPECT_EQ(a.company, "Z");
}

// One row of the agent validation matrix: a body and the detail key that must (or must not)
// appear.
struct MatrixRow {
  const char* body;
  const char* field;  // nullptr = the body is valid.
};

class AgentValidationMatrix : public testing::TestWithParam<MatrixRow> {};

TEST_P(AgentValidationMatrix, Row) {
  const MatrixRow& row = GetParam();
  core::Agent a;
  const auto r = ApplyAgentJson(Parse(row.body), false, a);
  if (row.field == nullptr) {
    EXPECT_TRUE(r.has_value()) << row.body << " → " << json::serialize(r.error().details);
  } else {
    ASSERT_FALSE(r.has_value()) << row.body;
    EXPECT_TRUE(r.error().details.as_object().contains(row.field))
        << row.body << " → " << json::serialize(r.error().details);
  }
}

std::string Repeat(char c, std::size_t n) { return std::string(n, c); }

const std::string kName50 = R"({"company":"c","name":")" + Repeat('n', 50) + "\"}";
const std::string kName51 = R"({"company":"c","name":")" + Repeat('n', 51) + "\"}";
const std::string kCompany100 = R"({"name":"n","company":")" + Repeat('c', 100) + "\"}";
const std::string kCompany101 = R"({"name":"n","company":")" + Repeat('c', 101) + "\"}";
const std::string kPersonality501 =
    R"({"name":"n","company":"c","personality":")" + Repeat('p', 501) + "\"}";
const std::string kPrompt10k =
    R"({"name":"n","company":"c","systemPrompt":")" + Repeat('s', 10'000) + "\"}";
const std::string kPrompt10k1 =
    R"({"name":"n","company":"c","systemPrompt":")" + Repeat('s', 10'001) + "\"}";
// 50 multi-byte code points are 50 characters, not 100 bytes.
const std::string kNameUtf8 = R"({"company":"c","name":")" + [] {
  std::string s;
  for (int i = 0; i < 50; ++i) s += "\xC3\xA9";
  return s;
}() + "\"}";

std::string ManyPrompts(std::size_t n) {
  std::string s = R"({"name":"n","company":"c","prompts":[)";
  for (std::size_t i = 0; i < n; ++i) s += (i ? ",\"p\"" : "\"p\"");
  return s + "]}";
}
const std::string kPrompts100 = ManyPrompts(100);
const std::string kPrompts101 = ManyPrompts(101);

INSTANTIATE_TEST_SUITE_P(
    Rows, AgentValidationMatrix,
    testing::Values(
        MatrixRow{R"({"name":"n","company":"c"})", nullptr},
        MatrixRow{R"({"name":"n","companyName":"c"})", nullptr},
        MatrixRow{R"({"company":"c"})", "name"}, MatrixRow{R"({"name":"","company":"c"})", "name"},
        MatrixRow{kName50.c_str(), nullptr}, MatrixRow{kName51.c_str(), "name"},
        MatrixRow{kNameUtf8.c_str(), nullptr}, MatrixRow{R"({"name":"n"})", "company"},
        MatrixRow{kCompany100.c_str(), nullptr}, MatrixRow{kCompany101.c_str(), "company"},
        MatrixRow{kPersonality501.c_str(), "personality"}, MatrixRow{kPrompt10k.c_str(), nullptr},
        MatrixRow{kPrompt10k1.c_str(), "systemPrompt"},
        MatrixRow{R"({"name":"n","company":"c","personality":""})", nullptr},
        MatrixRow{R"({"name":"n","company":"c","responseStyle":"formal"})", nullptr},
        MatrixRow{R"({"name":"n","company":"c","responseStyle":"rude"})", "responseStyle"},
        MatrixRow{R"({"name":"n","company":"c","settings":{"maxTokens":1}})", nullptr},
        MatrixRow{R"({"name":"n","company":"c","settings":{"maxTokens":4096}})", nullptr},
        MatrixRow{R"({"name":"n","company":"c","settings":{"maxTokens":0}})", "settings.maxTokens"},
        MatrixRow{R"({"name":"n","company":"c","settings":{"maxTokens":4097}})",
                  "settings.maxTokens"},
        MatrixRow{R"({"name":"n","company":"c","settings":{"maxTokens":10.5}})",
                  "settings.maxTokens"},
        MatrixRow{R"({"name":"n","company":"c","settings":{"temperature":0}})", nullptr},
        MatrixRow{R"({"name":"n","company":"c","settings":{"temperature":2}})", nullptr},
        MatrixRow{R"({"name":"n","company":"c","settings":{"temperature":2.01}})",
                  "settings.temperature"},
        MatrixRow{R"({"name":"n","company":"c","settings":{"temperature":-0.1}})",
                  "settings.temperature"},
        MatrixRow{R"({"name":"n","company":"c","settings":[]})", "settings"},
        MatrixRow{kPrompts100.c_str(), nullptr}, MatrixRow{kPrompts101.c_str(), "prompts"},
        MatrixRow{R"({"name":"n","company":"c","knowledge":[]})", nullptr},
        MatrixRow{R"({"name":"n","company":"c","intents":[{"name":"a","examples":["x"]}]})",
                  nullptr},
        MatrixRow{R"({"name":"n","company":"c","intents":[{"name":"a"}]})", "intents[0].examples"},
        MatrixRow{R"({"name":"n","company":"c","_id":"zzz","userId":"hack","__v":0})", nullptr}));

TEST(ConversationCodecTest, VisitorIdOnlyForVisitorConversations) {
  core::Conversation staff;
  staff.id = "aaaaaaaaaaaaaaaaaaaaaaaa";
  staff.user_id = "bbbbbbbbbbbbbbbbbbbbbbbb";
  EXPECT_FALSE(ConversationToJson(staff).contains("visitorId"));
  core::Conversation visitor = staff;
  visitor.visitor_id = "v-123";
  const json::object o = ConversationToJson(visitor);
  ASSERT_TRUE(o.contains("visitorId"));
  EXPECT_EQ(o.at("visitorId").as_string(), "v-123");
  EXPECT_EQ(o.at("userId").as_string(), "bbbbbbbbbbbbbbbbbbbbbbbb");  // The owner.
}

TEST(MessageCodecTest, OmitsEmptyOptionalFields) {
  core::Message m;
  m.id = "m1";
  m.conversation_id = "c1";
  m.role = core::MessageRole::kAssistant;
  m.content = "hi";
  m.timestamp = 0;
  const json::object o = MessageToJson(m);
  EXPECT_EQ(o.at("timestamp").as_string(), "1970-01-01T00:00:00.000Z");
  EXPECT_FALSE(o.contains("audioUrl"));
  EXPECT_FALSE(o.contains("metadata"));
  m.audio_url = "/public/audio/x.wav";
  m.metadata = core::MessageMetadata{};
  m.metadata->intents = {"support", "question"};
  m.metadata->fine_intent = "track_order";
  const json::object o2 = MessageToJson(m);
  EXPECT_EQ(o2.at("audioUrl").as_string(), "/public/audio/x.wav");
  EXPECT_EQ(o2.at("metadata").at("company").as_string(), "general");
  EXPECT_EQ(o2.at("metadata").at("sentiment").as_string(), "neutral");
  EXPECT_EQ(o2.at("metadata").at("intents").as_array().size(), 2u);
  EXPECT_EQ(o2.at("metadata").at("fineIntent").as_string(), "track_order");
}

TEST(ConversationCodecTest, LegacyMetadataAndMessages) {
  core::Conversation c;
  c.id = "c1";
  c.title = "Refund";
  c.user_id = "u1";
  c.analytics.duration = 42;
  c.analytics.sentiment = "negative";
  c.created_at = 1000;
  c.updated_at = 2000;
  const json::object bare = ConversationToJson(c);
  EXPECT_FALSE(bare.contains("agentId"));
  EXPECT_FALSE(bare.contains("endedAt"));
  EXPECT_FALSE(bare.contains("messages"));
  EXPECT_EQ(bare.at("metadata").at("duration").as_int64(), 42);
  EXPECT_EQ(bare.at("metadata").at("sentiment").as_string(), "negative");
  EXPECT_EQ(bare.at("metadata").at("created").as_string(), "1970-01-01T00:00:01.000Z");

  core::Message sys{"m0", "c1", core::MessageRole::kSystem, "secret prompt", 1, "", std::nullopt};
  core::Message user{"m1", "c1", core::MessageRole::kUser, "refund",
                     2,    "",   core::MessageMetadata{}};
  user.metadata->intents = {"cancellation", "support"};
  core::Message user2{"m2", "c1", core::MessageRole::kUser, "now", 3, "", core::MessageMetadata{}};
  user2.metadata->intents = {"support"};
  core::Message bot{"m3", "c1", core::MessageRole::kAssistant, "ok", 4, "", std::nullopt};
  const json::object full = ConversationToJson(c, {sys, user, user2, bot});
  const json::array& msgs = full.at("messages").as_array();
  ASSERT_EQ(msgs.size(), 3u);  // The system message is left out.
  EXPECT_EQ(msgs[0].at("_id").as_string(), "m1");
  EXPECT_EQ(json::serialize(full.at("metadata").at("intents")), R"(["cancellation","support"])");
}

TEST(StatsCodecTest, Shape) {
  core::UserStats s;
  s.total_calls = 3;
  s.average_duration = 10.6;
  s.positive = 1;
  s.urgent = 2;
  s.companies = {"netflix"};
  json::object o = StatsToJson(s);
  EXPECT_EQ(o.at("averageDuration").as_int64(), 11);
  EXPECT_TRUE(o.at("lastActivity").is_null());
  EXPECT_EQ(o.at("sentimentBreakdown").at("urgent").as_int64(), 2);
  s.last_activity = 1000;
  EXPECT_EQ(StatsToJson(s).at("lastActivity").as_string(), "1970-01-01T00:00:01.000Z");
}

TEST(UserCodecTest, NeverEmitsPassword) {
  core::User u{"u1", "Ann", "ann@x.io", "$2b$10$hash", "", core::UserRole::kAdmin, 0, 0};
  const json::object o = UserToJson(u);
  EXPECT_FALSE(o.contains("password"));
  EXPECT_FALSE(o.contains("passwordHash"));
  EXPECT_FALSE(o.contains("avatar"));
  EXPECT_EQ(json::serialize(o).find("$2b$"), std::string::npos);
  EXPECT_EQ(o.at("role").as_string(), "admin");
}

TEST(ConversationInputTest, CreateValidatesTypesAndIds) {
  auto ok = ParseConversationCreate(
      Parse(R"({"agentId":"0123456789abcdef01234567","isCallSimulator":true,"title":" T "})"));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok->agent_id, "0123456789abcdef01234567");
  EXPECT_TRUE(ok->is_call_simulator);
  EXPECT_EQ(*ok->title, "T");
  auto bad_id = ParseConversationCreate(Parse(R"({"agentId":"nope"})"));
  ASSERT_FALSE(bad_id.has_value());
  EXPECT_EQ(bad_id.error().code, "INVALID_ID");
  auto bad_type = ParseConversationCreate(Parse(R"({"isCallSimulator":"yes","title":4})"));
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_TRUE(bad_type.error().details.as_object().contains("isCallSimulator"));
  EXPECT_TRUE(bad_type.error().details.as_object().contains("title"));
}

TEST(ConversationInputTest, PatchValidatesStatus) {
  auto ok = ParseConversationPatch(Parse(R"({"status":"archived"})"));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok->status, core::ConversationStatus::kArchived);
  EXPECT_FALSE(ok->title.has_value());
  auto bad = ParseConversationPatch(Parse(R"({"status":"deleted","title":""})"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(bad.error().details.as_object().contains("status"));
  EXPECT_TRUE(bad.error().details.as_object().contains("title"));
}

TEST(MessageInputTest, RolesAndContent) {
  auto ok = ParseMessageInput(Parse(R"({"content":"  hello "})"));
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->content, "hello");
  EXPECT_EQ(ok->role, core::MessageRole::kUser);
  auto alias = ParseMessageInput(Parse(R"({"message":"hi","role":"human"})"));
  ASSERT_TRUE(alias.has_value());
  EXPECT_EQ(alias->content, "hi");
  EXPECT_EQ(alias->role, core::MessageRole::kHuman);
  for (const char* body : {R"({"content":"x","role":"assistant"})",
                           R"({"content":"x","role":"system"})", R"({"content":"x","role":1})"}) {
    auto r = ParseMessageInput(Parse(body));
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_TRUE(r.error().details.as_object().contains("role")) << body;
  }
  for (const char* body : {R"({})", R"({"content":""})", R"({"content":"   "})",
                           R"({"content":42})", R"({"content":null})"}) {
    auto r = ParseMessageInput(Parse(body));
    ASSERT_FALSE(r.has_value()) << body;
    EXPECT_TRUE(r.error().details.as_object().contains("content")) << body;
  }
  const std::string long_body = R"({"content":")" + std::string(10'001, 'a') + "\"}";
  EXPECT_FALSE(ParseMessageInput(Parse(long_body)).has_value());
  const std::string max_body = R"({"content":")" + std::string(10'000, 'a') + "\"}";
  EXPECT_TRUE(ParseMessageInput(Parse(max_body)).has_value());
}

}  // namespace
}  // namespace carevoice::wire
