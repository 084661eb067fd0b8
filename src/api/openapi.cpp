#include "api/openapi.hpp"

#include <boost/json/parse.hpp>

#include <array>
#include <memory>
#include <string_view>

#include "api/route_util.hpp"
#include "api/routes.hpp"
#include "wire/json_codec.hpp"
#include "wire/validation.hpp"

namespace carevoice::api {
namespace {

namespace json = boost::json;

// The component schemas, in JSON for readability. Keep in step with json_codec.hpp.
constexpr std::string_view kSchemas = R"json({
"Error": {"type": "object", "required": ["message", "error", "code"], "properties": {
  "message": {"type": "string"},
  "error": {"type": "string", "description": "The same text as message (the old frontend reads error)"},
  "code": {"type": "string", "example": "VALIDATION_ERROR",
    "description": "VALIDATION_ERROR, INVALID_ID, INVALID_JSON, UNAUTHORIZED, TOKEN_EXPIRED, FORBIDDEN, NOT_FOUND, USER_EXISTS, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INVALID_AUDIO, TRANSCRIPT_REQUIRED, TOO_MANY_REQUESTS, LIVEKIT_NOT_CONFIGURED, LIVEKIT_URL_NOT_CONFIGURED, NOT_IMPLEMENTED, ..."},
  "details": {"description": "Per-field messages keyed by field path, e.g. {\"settings.maxTokens\": \"settings.maxTokens must be an integer\"}", "type": "object", "additionalProperties": true}}},
"MessageResponse": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
"VoiceList": {"type": "object", "required": ["voices", "default"], "properties": {"voices": {"type": "array", "items": {"type": "object", "required": ["id", "name", "engine", "language"], "properties": {"id": {"type": "string", "example": "slt"}, "name": {"type": "string"}, "engine": {"type": "string", "enum": ["flite", "espeak-ng", "openai"]}, "language": {"type": "string"}, "gender": {"type": "string", "nullable": true}}}}, "default": {"type": "string", "nullable": true}}},
"Health": {"type": "object", "required": ["status", "message", "timestamp", "database"], "properties": {
  "status": {"type": "string", "enum": ["OK", "ERROR"]},
  "message": {"type": "string", "example": "Server is running"},
  "timestamp": {"type": "string", "format": "date-time"},
  "database": {"type": "string", "example": "connected"},
  "version": {"type": "string"}}},
"User": {"type": "object", "required": ["_id", "name", "email", "role", "createdAt", "updatedAt"], "properties": {
  "_id": {"$ref": "#/components/schemas/ObjectId"},
  "name": {"type": "string"}, "email": {"type": "string", "format": "email"},
  "role": {"type": "string", "enum": ["user", "admin"]},
  "avatar": {"type": "string"},
  "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"}}},
"ObjectId": {"type": "string", "pattern": "^[0-9a-fA-F]{24}$", "example": "665f1c2e9b1e8a0012345678"},
"AuthTokens": {"type": "object", "required": ["token", "refreshToken", "user"], "properties": {
  "token": {"type": "string", "description": "HS256 JWT access token (Authorization: Bearer)"},
  "refreshToken": {"type": "string", "description": "Opaque; single use (rotated by /refresh)"},
  "user": {"$ref": "#/components/schemas/User"}}},
"RegisterRequest": {"type": "object", "required": ["name", "email", "password"], "properties": {
  "name": {"type": "string", "minLength": 2, "maxLength": 50},
  "email": {"type": "string", "format": "email"},
  "password": {"type": "string", "minLength": 6, "maxLength": 128, "description": "At least one upper-case letter, one lower-case letter and one digit"}}},
"LoginRequest": {"type": "object", "required": ["email", "password"], "properties": {
  "email": {"type": "string"}, "password": {"type": "string"}}},
"RefreshRequest": {"type": "object", "required": ["refreshToken"], "properties": {"refreshToken": {"type": "string"}}},
"ProfileUpdate": {"type": "object", "properties": {
  "name": {"type": "string"}, "email": {"type": "string"}, "avatar": {"type": "string"},
  "password": {"type": "string"},
  "currentPassword": {"type": "string", "description": "Required to change email or password"}}},
"AgentSettings": {"type": "object", "properties": {
  "maxTokens": {"type": "integer", "minimum": 1, "maximum": 4096, "default": 150},
  "temperature": {"type": "number", "minimum": 0, "maximum": 2, "default": 0.7}}},
"KnowledgeItem": {"type": "object", "required": ["question", "answer"], "properties": {
  "question": {"type": "string", "minLength": 1, "maxLength": 1000},
  "answer": {"type": "string", "minLength": 1, "maxLength": 5000}}},
"CustomIntent": {"type": "object", "required": ["name", "examples"], "properties": {
  "name": {"type": "string", "minLength": 1, "maxLength": 64},
  "examples": {"type": "array", "minItems": 1, "maxItems": 200, "items": {"type": "string", "maxLength": 500}},
  "reply": {"type": "string", "maxLength": 5000, "description": "What the built-in responder replies when the intent matches"},
  "action": {"type": "string", "enum": ["", "escalate"], "description": "escalate: the conversation is handed to a person"}}},
"Agent": {"type": "object", "required": ["_id", "name", "company", "companyName", "personality", "systemPrompt", "responseStyle", "settings", "companyInfo", "prompts", "knowledge", "intents", "userId", "isDemo", "published", "widgetKey", "createdAt", "updatedAt"], "properties": {
  "_id": {"$ref": "#/components/schemas/ObjectId"},
  "name": {"type": "string"},
  "company": {"type": "string"},
  "companyName": {"type": "string", "description": "The old API's name of company (same value)"},
  "personality": {"type": "string"}, "systemPrompt": {"type": "string"},
  "responseStyle": {"type": "string", "enum": ["formal", "casual", "friendly", "professional"]},
  "settings": {"$ref": "#/components/schemas/AgentSettings"},
  "companyInfo": {"type": "string"},
  "prompts": {"type": "array", "items": {"type": "string"}},
  "knowledge": {"type": "array", "items": {"$ref": "#/components/schemas/KnowledgeItem"}},
  "intents": {"type": "array", "items": {"$ref": "#/components/schemas/CustomIntent"}},
  "voice": {"type": "string"}, "avatar": {"type": "string"},
  "userId": {"type": "string", "nullable": true, "description": "null for built-in demo agents"},
  "isDemo": {"type": "boolean"},
  "published": {"type": "boolean", "description": "Anonymous visitors can reach the agent with its widget key"},
  "widgetKey": {"type": "string", "nullable": true, "pattern": "^wk_[A-Za-z0-9_-]{32}$", "description": "null until first published; kept while unpublished"},
  "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"}}},
"AgentInput": {"type": "object", "description": "POST requires name and company (or companyName); PUT accepts any subset. personality and companyInfo default to \"\" (the old API required them). Unknown and server-owned keys (_id, userId, isDemo, createdAt, updatedAt, __v) are ignored.", "properties": {
  "name": {"type": "string", "minLength": 1, "maxLength": 50},
  "company": {"type": "string", "minLength": 1, "maxLength": 100},
  "companyName": {"type": "string", "minLength": 1, "maxLength": 100, "description": "Alias of company; company wins when both are sent"},
  "personality": {"type": "string", "maxLength": 500},
  "systemPrompt": {"type": "string", "maxLength": 10000},
  "responseStyle": {"type": "string", "enum": ["formal", "casual", "friendly", "professional"], "default": "professional"},
  "settings": {"$ref": "#/components/schemas/AgentSettings"},
  "companyInfo": {"type": "string", "maxLength": 20000, "description": "Free-text knowledge"},
  "prompts": {"type": "array", "maxItems": 100, "items": {"type": "string", "maxLength": 2000}, "description": "Knowledge lines (blank lines are dropped)"},
  "knowledge": {"type": "array", "maxItems": 500, "items": {"$ref": "#/components/schemas/KnowledgeItem"}},
  "intents": {"type": "array", "maxItems": 100, "items": {"$ref": "#/components/schemas/CustomIntent"}},
  "voice": {"type": "string", "maxLength": 64},
  "avatar": {"type": "string", "maxLength": 2048}}},
"AgentTestRequest": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string", "minLength": 1, "maxLength": 10000}}},
"Publication": {"type": "object", "required": ["agentId", "published"], "properties": {
  "agentId": {"$ref": "#/components/schemas/ObjectId"},
  "published": {"type": "boolean"},
  "widgetKey": {"type": "string", "pattern": "^wk_[A-Za-z0-9_-]{32}$", "description": "Present while published (and after a rotation)"},
  "embed": {"type": "string", "example": "<script src=\"/widget.js\" data-widget-key=\"wk_...\" async></script>"}}},
"AgentTestResponse": {"type": "object", "required": ["message", "response", "metadata", "conversationId"], "properties": {
  "message": {"type": "string", "description": "The agent's reply (\"\" if the conversation was escalated)"},
  "response": {"type": "string", "description": "Same as message"},
  "metadata": {"$ref": "#/components/schemas/MessageMetadata"},
  "conversationId": {"$ref": "#/components/schemas/ObjectId"},
  "escalated": {"type": "boolean"}}},
"MessageMetadata": {"type": "object", "required": ["sentiment", "intent", "intents", "confidence", "company"], "properties": {
  "sentiment": {"type": "string", "enum": ["positive", "negative", "neutral", "urgent"]},
  "sentimentScore": {"type": "number"},
  "intent": {"type": "string", "example": "support", "description": "question|support|purchase|cancellation|general"},
  "intents": {"type": "array", "items": {"type": "string"}},
  "fineIntent": {"type": "string", "nullable": true, "example": "cancel_order"},
  "customIntent": {"type": "string", "description": "The agent's own intent, when one matched"},
  "confidence": {"type": "number"},
  "company": {"type": "string", "description": "\"general\" when no company was detected"},
  "companyConfidence": {"type": "number"}}},
"Message": {"type": "object", "required": ["_id", "role", "content", "timestamp"], "properties": {
  "_id": {"$ref": "#/components/schemas/ObjectId"},
  "conversationId": {"$ref": "#/components/schemas/ObjectId"},
  "role": {"type": "string", "enum": ["user", "assistant", "system", "human"]},
  "content": {"type": "string"},
  "timestamp": {"type": "string", "format": "date-time"},
  "audioUrl": {"type": "string", "example": "/public/audio/65f0c2a1b3d4e5f6a7b8c9d0/0f3c9a7b1d2e4f5a6b7c8d9e.mp3"},
  "metadata": {"$ref": "#/components/schemas/MessageMetadata"}}},
"Analytics": {"type": "object", "properties": {
  "duration": {"type": "integer", "description": "Seconds"}, "messageCount": {"type": "integer"},
  "sentiment": {"type": "string"}, "satisfaction": {"type": "number", "description": "1..5; 0 = not estimated yet"}}},
"LegacyConversationMetadata": {"type": "object", "description": "The old API's block, derived from analytics and timestamps", "properties": {
  "duration": {"type": "integer"}, "sentiment": {"type": "string"},
  "intents": {"type": "array", "items": {"type": "string"}, "description": "Collected from the user messages when messages are included, else []"},
  "created": {"type": "string", "format": "date-time"}, "updated": {"type": "string", "format": "date-time"}}},
"Conversation": {"type": "object", "required": ["_id", "title", "userId", "company", "status", "analytics", "isCallSimulator", "createdAt", "updatedAt", "metadata"], "properties": {
  "_id": {"$ref": "#/components/schemas/ObjectId"},
  "title": {"type": "string"},
  "userId": {"$ref": "#/components/schemas/ObjectId"},
  "agentId": {"$ref": "#/components/schemas/ObjectId"},
  "company": {"type": "string"},
  "status": {"type": "string", "enum": ["active", "completed", "archived", "escalated"]},
  "analytics": {"$ref": "#/components/schemas/Analytics"},
  "isCallSimulator": {"type": "boolean"},
  "isTest": {"type": "boolean", "description": "An agent test chat (POST /api/agents/{id}/test): left out of the stats"},
  "visitorId": {"type": "string", "description": "The anonymous visitor of a published agent; absent for staff conversations"},
  "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
  "endedAt": {"type": "string", "format": "date-time"},
  "metadata": {"$ref": "#/components/schemas/LegacyConversationMetadata"}}},
"ConversationDetail": {"allOf": [{"$ref": "#/components/schemas/Conversation"}, {"type": "object", "required": ["messages"], "properties": {
  "messages": {"type": "array", "description": "System messages are left out", "items": {"$ref": "#/components/schemas/Message"}}}}]},
"ConversationCreate": {"type": "object", "properties": {
  "agentId": {"$ref": "#/components/schemas/ObjectId"},
  "isCallSimulator": {"type": "boolean", "description": "Talk to the demo agent Sigma"},
  "title": {"type": "string", "minLength": 1, "maxLength": 200}}},
"ConversationCreated": {"allOf": [{"$ref": "#/components/schemas/ConversationDetail"}, {"type": "object", "required": ["welcomeMessage"], "properties": {
  "welcomeMessage": {"$ref": "#/components/schemas/Message"},
  "demoAgent": {"type": "object", "description": "Only for call-simulator conversations", "properties": {"name": {"type": "string"}, "company": {"type": "string"}, "personality": {"type": "string"}}}}}]},
"ConversationUpdate": {"type": "object", "properties": {
  "title": {"type": "string", "minLength": 1, "maxLength": 200},
  "status": {"type": "string", "enum": ["active", "completed", "archived", "escalated"]}}},
"MessageInput": {"type": "object", "required": ["content"], "properties": {
  "content": {"type": "string", "minLength": 1, "maxLength": 10000, "description": "\"message\" is accepted as an alias"},
  "role": {"type": "string", "enum": ["user", "human"], "default": "user", "description": "human: the owner or an admin answers in an escalated conversation (no bot reply)"},
  "wantAudio": {"type": "boolean", "default": false, "description": "Synthesise the reply; its URL is returned in audioUrl"}}},
"TurnResponse": {"type": "object", "required": ["_id", "role", "content", "timestamp", "audioUrl", "title", "metadata", "conversationId", "status", "escalated", "userMessage", "reply"], "description": "The reply at the top level (the old API's shape). When the conversation is escalated and no bot reply follows, the top level carries the stored user message, reply is null, awaitingHuman is true and notice explains why.", "properties": {
  "_id": {"$ref": "#/components/schemas/ObjectId"},
  "role": {"type": "string", "enum": ["assistant", "user"]},
  "content": {"type": "string"},
  "timestamp": {"type": "string", "format": "date-time"},
  "audioUrl": {"type": "string", "nullable": true, "description": "Reply audio (POST /messages with wantAudio); for POST /audio the uploaded audio"},
  "replyAudioUrl": {"type": "string", "description": "POST /audio only: the reply audio, when synthesised"},
  "title": {"type": "string"},
  "metadata": {"$ref": "#/components/schemas/MessageMetadata"},
  "conversationId": {"$ref": "#/components/schemas/ObjectId"},
  "status": {"type": "string"},
  "escalated": {"type": "boolean"},
  "escalatedNow": {"type": "boolean"},
  "userMessage": {"$ref": "#/components/schemas/Message"},
  "reply": {"allOf": [{"$ref": "#/components/schemas/Message"}], "nullable": true},
  "awaitingHuman": {"type": "boolean"},
  "notice": {"type": "string"},
  "transcript": {"type": "string", "description": "POST /audio only"}}},
"HumanMessageResponse": {"allOf": [{"$ref": "#/components/schemas/Message"}, {"type": "object", "properties": {"reply": {"nullable": true, "type": "object", "description": "Always null"}}}]},
"AudioUpload": {"type": "object", "required": ["audio"], "properties": {
  "audio": {"type": "string", "format": "binary", "description": "wav, mp3, ogg, webm, m4a, flac or raw (audio/L16); at most MAX_FILE_SIZE bytes"},
  "transcript": {"type": "string", "maxLength": 10000, "description": "Required until speech recognition is enabled (else 422 TRANSCRIPT_REQUIRED)"}}},
"UserStats": {"type": "object", "required": ["totalCalls", "averageDuration", "lastActivity", "sentimentBreakdown", "totalMessages", "companiesInteractedWith"], "properties": {
  "totalCalls": {"type": "integer"},
  "averageDuration": {"type": "integer", "description": "Seconds, rounded"},
  "lastActivity": {"type": "string", "format": "date-time", "nullable": true},
  "sentimentBreakdown": {"type": "object", "properties": {"positive": {"type": "integer"}, "negative": {"type": "integer"}, "neutral": {"type": "integer"}, "urgent": {"type": "integer"}}},
  "totalMessages": {"type": "integer"},
  "companiesInteractedWith": {"type": "array", "items": {"type": "string"}},
  "escalatedCount": {"type": "integer", "description": "Escalated now, or a human replied"},
  "escalationRate": {"type": "number", "description": "escalatedCount / totalCalls; 0 with none"},
  "ratedCount": {"type": "integer", "description": "Conversations with a satisfaction estimate"},
  "averageSatisfaction": {"type": "number", "nullable": true, "description": "1..5 over ratedCount; null when 0"},
  "companyBreakdown": {"type": "array", "items": {"type": "object", "properties": {"company": {"type": "string"}, "count": {"type": "integer"}}}},
  "topIntents": {"type": "array", "description": "Coarse intents of user messages, at most 10", "items": {"type": "object", "properties": {"intent": {"type": "string"}, "count": {"type": "integer"}}}},
  "conversationsPerDay": {"type": "array", "description": "By creation day at UTC+tz, oldest first", "items": {"type": "object", "properties": {"date": {"type": "string", "format": "date"}, "count": {"type": "integer"}}}},
  "busiestHours": {"type": "array", "description": "24 counts of user messages by hour at UTC+tz", "items": {"type": "integer"}}}},
"VoicePreviewRequest": {"type": "object", "properties": {
  "voice": {"type": "string", "maxLength": 64, "description": "A voice id of GET /api/voices; empty = the default"},
  "text": {"type": "string", "maxLength": 200, "description": "What to say; empty = a short greeting"}}},
"NluAnalyzeRequest": {"type": "object", "required": ["text"], "properties": {
  "text": {"type": "string", "minLength": 1, "maxLength": 10000},
  "agentId": {"$ref": "#/components/schemas/ObjectId"}}},
"LiveKitTokenRequest": {"type": "object", "required": ["roomName"], "properties": {
  "roomName": {"type": "string", "pattern": "^[A-Za-z0-9_.:=@-]{1,128}$"},
  "participantName": {"type": "string", "maxLength": 128, "description": "Defaults to the identity"},
  "identity": {"type": "string", "maxLength": 128, "description": "Defaults to the caller's user id"}}},
"LiveKitTokenResponse": {"type": "object", "required": ["token", "wsUrl", "roomName", "identity"], "properties": {
  "token": {"type": "string"}, "wsUrl": {"type": "string", "nullable": true, "description": "LIVEKIT_URL as ws:// or wss://; null if unset"},
  "roomName": {"type": "string"}, "identity": {"type": "string"}}},
"LegacyRoomRequest": {"type": "object", "required": ["roomName", "participantName", "participantIdentity"], "properties": {
  "roomName": {"type": "string", "pattern": "^[A-Za-z0-9_.:=@-]{1,128}$"},
  "participantName": {"type": "string", "maxLength": 128},
  "participantIdentity": {"type": "string", "maxLength": 128}}},
"CreateRoomTokens": {"type": "object", "required": ["roomToken", "participantToken", "wsUrl", "roomName"], "properties": {
  "roomToken": {"type": "string", "description": "identity room-creator with roomCreate"},
  "participantToken": {"type": "string"}, "wsUrl": {"type": "string", "nullable": true}, "roomName": {"type": "string"}}},
"JoinRoomTokens": {"type": "object", "required": ["participantToken", "wsUrl", "roomName"], "properties": {
  "participantToken": {"type": "string"}, "wsUrl": {"type": "string", "nullable": true}, "roomName": {"type": "string"}}},
"TestRoom": {"type": "object", "required": ["name", "token", "wsUrl"], "properties": {
  "name": {"type": "string", "example": "test-room"}, "token": {"type": "string"}, "wsUrl": {"type": "string", "nullable": true}}},
"RoomCreateRequest": {"type": "object", "properties": {
  "roomName": {"type": "string", "pattern": "^[A-Za-z0-9_.:=@-]{1,128}$"},
  "name": {"type": "string", "description": "Alias of roomName"},
  "emptyTimeout": {"type": "integer", "minimum": 0, "maximum": 86400, "default": 600},
  "maxParticipants": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 20}}},
"ReanalyzeResponse": {"type": "object", "required": ["success", "message", "totalConversations", "updatedConversations"], "properties": {
  "success": {"type": "boolean"}, "message": {"type": "string"},
  "totalConversations": {"type": "integer"}, "updatedConversations": {"type": "integer", "description": "Conversations whose sentiment changed"}}},
"PublicSessionRequest": {"type": "object", "required": ["widgetKey"], "properties": {
  "widgetKey": {"type": "string", "pattern": "^wk_[A-Za-z0-9_-]{32}$", "description": "The published agent's widget key (the X-Widget-Key header is accepted instead)"},
  "visitorToken": {"type": "string", "description": "The token of an earlier session: the same visitor resumes (an invalid or expired one starts a new visitor)"}}},
"PublicAgent": {"type": "object", "required": ["_id", "name", "company", "avatar", "voice"], "description": "What a visitor may see of an agent: never its prompt, knowledge, key or owner", "properties": {
  "_id": {"$ref": "#/components/schemas/ObjectId"},
  "name": {"type": "string"}, "company": {"type": "string"},
  "personality": {"type": "string", "description": "Absent when empty"},
  "avatar": {"type": "string", "nullable": true}, "voice": {"type": "string", "nullable": true}}},
"PublicSession": {"type": "object", "required": ["visitorToken", "visitorId", "newVisitor", "agent"], "properties": {
  "visitorToken": {"type": "string", "description": "Send it as X-Visitor-Token (with X-Widget-Key) on every other /api/public route; keep it to resume later (30 days)"},
  "visitorId": {"$ref": "#/components/schemas/ObjectId"},
  "newVisitor": {"type": "boolean", "description": "False when visitorToken was valid and is returned unchanged"},
  "agent": {"$ref": "#/components/schemas/PublicAgent"}}},
"PublicConversationCreate": {"type": "object", "description": "agentId, agentInfo and isCallSimulator are refused (400): the widget names the agent", "properties": {
  "title": {"type": "string", "minLength": 1, "maxLength": 200}}},
"PublicMessageInput": {"type": "object", "required": ["content"], "properties": {
  "content": {"type": "string", "minLength": 1, "maxLength": 10000, "description": "\"message\" is accepted as an alias"},
  "wantAudio": {"type": "boolean", "description": "Synthesise the reply (audioUrl)"}}},
"Room": {"type": "object", "description": "A LiveKit Room object as LiveKit's RoomService returns it", "additionalProperties": true, "properties": {"name": {"type": "string"}, "sid": {"type": "string"}}}
})json";

// One documented operation.
struct Operation {
  std::string_view method;  // Lower-case OpenAPI method.
  std::string_view path;    // OpenAPI path ("{id}").
  std::string_view tag;
  std::string_view summary;
  bool auth;
  std::string_view request;   // Schema name; "" = no body; "multipart:X" = multipart/form-data.
  int status;                 // Success status.
  std::string_view response;  // Schema name, "X[]" for an array, "binary" for a file.
  std::string_view errors;    // Comma-separated statuses, e.g. "400,404".
  std::string_view query;     // Comma-separated query parameters.
};

constexpr std::array kOperations = {
    Operation{"get", "/health", "health", "Liveness and database status", false, "", 200, "Health",
              "503", ""},
    Operation{"get", "/api/openapi.json", "meta", "This OpenAPI document", false, "", 200, "", "",
              ""},
    Operation{"post", "/api/auth/register", "auth", "Create an account", false, "RegisterRequest",
              201, "AuthTokens", "400,415,429", ""},
    Operation{"post", "/api/auth/login", "auth", "Log in", false, "LoginRequest", 200, "AuthTokens",
              "400,401,415,429", ""},
    Operation{"post", "/api/auth/refresh", "auth",
              "Rotate a refresh token (the old one becomes invalid)", false, "RefreshRequest", 200,
              "AuthTokens", "400,401", ""},
    Operation{"post", "/api/auth/logout", "auth", "Revoke a refresh token family", true,
              "RefreshRequest", 200, "MessageResponse", "400,401", ""},
    Operation{"post", "/api/auth/logout-all", "auth",
              "End every session of the caller, this one included", true, "", 200,
              "MessageResponse", "401", ""},
    Operation{"post", "/api/admin/users/{id}/revoke-sessions", "auth",
              "End every session of a user (admin only)", true, "", 200, "MessageResponse",
              "400,401,403,404", ""},
    Operation{"get", "/api/auth/profile", "auth", "The caller (bare user object)", true, "", 200,
              "User", "401,404", ""},
    Operation{"get", "/api/auth/me", "auth", "Alias of GET /api/auth/profile", true, "", 200,
              "User", "401,404", ""},
    Operation{"put", "/api/auth/profile", "auth", "Update the caller's profile", true,
              "ProfileUpdate", 200, "User", "400,401,409", ""},
    Operation{"get", "/api/agents", "agents", "The caller's agents, newest first", true, "", 200,
              "Agent[]", "401", ""},
    Operation{"post", "/api/agents", "agents", "Create an agent", true, "AgentInput", 201, "Agent",
              "400,401,415", ""},
    Operation{"get", "/api/agents/{id}", "agents", "One agent (own or demo)", true, "", 200,
              "Agent", "400,401,404", ""},
    Operation{"put", "/api/agents/{id}", "agents", "Update an agent (partial)", true, "AgentInput",
              200, "Agent", "400,401,403,404", ""},
    Operation{"delete", "/api/agents/{id}", "agents", "Delete an agent", true, "", 200,
              "MessageResponse", "400,401,403,404", ""},
    Operation{"post", "/api/agents/{id}/test", "agents",
              "Answer one message as the agent (kept as a conversation titled \"Agent test\")",
              true, "AgentTestRequest", 200, "AgentTestResponse", "400,401,404", ""},
    Operation{"post", "/api/agents/{id}/publish", "agents",
              "Publish for anonymous visitors: a widget key and its embed snippet (idempotent)",
              true, "", 200, "Publication", "400,401,404", ""},
    Operation{"delete", "/api/agents/{id}/publish", "agents",
              "Unpublish: the widget key stops working at once", true, "", 200, "Publication",
              "400,401,404", ""},
    Operation{"post", "/api/agents/{id}/publish/rotate", "agents",
              "Replace the widget key; the old one stops working at once", true, "", 200,
              "Publication", "400,401,404", ""},
    Operation{"get", "/api/conversations", "conversations",
              "The caller's conversations, newest first; with messages[] when include=messages "
              "(the default while the legacy switch is on)",
              true, "", 200, "Conversation[]", "400,401",
              "agentId,status,sentiment,company,q,limit,offset,include"},
    Operation{"post", "/api/conversations/reanalyze-sentiment", "conversations",
              "Re-run the NLU over the caller's conversations and update their sentiment", true, "",
              200, "ReanalyzeResponse", "400,401", ""},
    Operation{"post", "/api/conversations", "conversations",
              "Start a conversation with its welcome message", true, "ConversationCreate", 201,
              "ConversationCreated", "400,401,404", ""},
    Operation{"get", "/api/conversations/stats/user/{userId}", "conversations",
              "Per-user statistics (own only; admins any), agent tests left out", true, "", 200,
              "UserStats", "400,401,403", "from,to,agentId,tz"},
    Operation{"get", "/api/conversations/{id}", "conversations", "A conversation with its messages",
              true, "", 200, "ConversationDetail", "400,401,404", ""},
    Operation{"put", "/api/conversations/{id}", "conversations", "Update title and/or status", true,
              "ConversationUpdate", 200, "Conversation", "400,401,404", ""},
    Operation{"delete", "/api/conversations/{id}", "conversations",
              "Delete a conversation, its messages and audio", true, "", 200, "MessageResponse",
              "400,401,404", ""},
    Operation{"put", "/api/conversations/{id}/end", "conversations",
              "End: duration, sentiment, satisfaction, title; status completed", true, "", 200,
              "ConversationDetail", "400,401,404", ""},
    Operation{"post", "/api/conversations/{id}/takeover", "conversations",
              "A human takes the conversation over (status escalated: the bot stays silent)", true,
              "", 200, "Conversation", "400,401,404", ""},
    Operation{"post", "/api/conversations/{id}/handback", "conversations",
              "Hand the conversation back to the bot (status active)", true, "", 200,
              "Conversation", "400,401,404", ""},
    Operation{"get", "/api/conversations/{id}/messages", "conversations",
              "The conversation's messages (system messages left out)", true, "", 200, "Message[]",
              "400,401,404", ""},
    Operation{"post", "/api/conversations/{id}/messages", "conversations",
              "Send a message; returns the reply (role user) or the stored human message (role "
              "human, HumanMessageResponse)",
              true, "MessageInput", 201, "TurnResponse", "400,401,404,409", ""},
    Operation{"post", "/api/conversations/{id}/audio", "conversations",
              "Upload a voice message (multipart); answered like POST /messages", true,
              "multipart:AudioUpload", 201, "TurnResponse", "400,401,404,413,415,422", ""},
    Operation{"get", "/api/voices", "voice", "The installed voices (an agent's voice names one)",
              true, "", 200, "VoiceList", "401", ""},
    Operation{"post", "/api/voices/preview", "voice",
              "A short sample in a voice, as audio/wav (10 per minute per user)", true,
              "VoicePreviewRequest", 200, "binary", "400,401,429,503", ""},
    Operation{"post", "/api/nlu/analyze", "nlu", "Analyse one message", true, "NluAnalyzeRequest",
              200, "MessageMetadata", "400,401,404", ""},
    Operation{"post", "/api/livekit/token", "livekit", "A LiveKit join token", true,
              "LiveKitTokenRequest", 200, "LiveKitTokenResponse", "400,401,503", ""},
    Operation{"post", "/api/livekit/room", "livekit", "Create a LiveKit room (RoomService)", true,
              "RoomCreateRequest", 201, "Room", "400,401,403,404,503", ""},
    Operation{"get", "/api/livekit/rooms", "livekit", "List LiveKit rooms (RoomService)", true, "",
              200, "Room[]", "401,403,503", ""},
    Operation{"delete", "/api/livekit/room/{id}", "livekit", "Delete a LiveKit room by name", true,
              "", 200, "MessageResponse", "400,401,404,503", ""},
    Operation{"post", "/api/livekit/create-room", "livekit",
              "Old API: room-creator and participant tokens", true, "LegacyRoomRequest", 200,
              "CreateRoomTokens", "400,401,503", ""},
    Operation{"post", "/api/livekit/join-room", "livekit", "Old API: a participant token", true,
              "LegacyRoomRequest", 200, "JoinRoomTokens", "400,401,503", ""},
    Operation{"post", "/api/livekit/create-test-room", "livekit",
              "Old API: a token for test-room (identity test-user)", true, "", 200, "TestRoom",
              "401,503", ""},
    Operation{"delete", "/api/livekit/rooms/{roomName}", "livekit",
              "Old API: delete a LiveKit room", true, "", 200, "MessageResponse", "400,401,404,503",
              ""},
    Operation{"get", "/api/livekit/rooms/{roomName}/participants", "livekit",
              "The participants of a LiveKit room", true, "", 200, "", "400,401,403,404,503", ""},
    Operation{"delete", "/api/livekit/rooms/{roomName}/participants/{identity}", "livekit",
              "Remove a participant from a LiveKit room", true, "", 200, "MessageResponse",
              "400,401,403,404,503", ""},
    Operation{"post", "/api/livekit/webhook", "livekit",
              "LiveKit's signed webhooks (room_finished ends a conversation's room)", false, "",
              200, "", "400,401,503", ""},
    Operation{"post", "/api/public/session", "public",
              "Visitor session: resolve a widget key (and an earlier visitor token) to the "
              "published agent and a visitor token",
              false, "PublicSessionRequest", 200, "PublicSession", "400,404,415,429,503", ""},
    Operation{"get", "/api/public/conversations", "public",
              "The visitor's conversations with the widget's agent, newest first (no userId)",
              false, "", 200, "Conversation[]", "401,404,503", ""},
    Operation{"post", "/api/public/conversations", "public",
              "Start a conversation with the widget's agent, with its welcome message", false,
              "PublicConversationCreate", 201, "ConversationCreated", "400,401,404,415,429,503",
              ""},
    Operation{"get", "/api/public/conversations/{id}", "public",
              "One of the visitor's conversations with its messages", false, "", 200,
              "ConversationDetail", "400,401,404,503", ""},
    Operation{"get", "/api/public/conversations/{id}/messages", "public",
              "The messages of one of the visitor's conversations", false, "", 200, "Message[]",
              "400,401,404,503", ""},
    Operation{"post", "/api/public/conversations/{id}/messages", "public",
              "Send a message as the visitor; returns the reply as POST "
              "/api/conversations/{id}/messages does",
              false, "PublicMessageInput", 201, "TurnResponse", "400,401,404,415,429,503", ""},
    Operation{"get", "/public/avatars/{file}", "static", "An avatar image", false, "", 200,
              "binary", "404", ""},
    Operation{
        "get", "/public/audio/{file}", "static",
        "An audio file (<owner id>/<name>: uploads and spoken replies; Cache-Control: private)",
        false, "", 200, "binary", "404", ""},
};

json::object Ref(std::string_view schema) {
  return json::object{{"$ref", "#/components/schemas/" + std::string(schema)}};
}

json::object SchemaOf(std::string_view name) {
  if (name.size() > 2 && name.substr(name.size() - 2) == "[]") {
    return json::object{{"type", "array"}, {"items", Ref(name.substr(0, name.size() - 2))}};
  }
  return Ref(name);
}

std::string_view ReasonOf(int status) {
  switch (status) {
    case 400:
      return "Invalid input (VALIDATION_ERROR with per-field details, INVALID_ID, INVALID_JSON)";
    case 401:
      return "Missing, invalid or expired token (visitor routes: WIDGET_KEY_REQUIRED, "
             "VISITOR_TOKEN_REQUIRED, INVALID_VISITOR_TOKEN, TOKEN_EXPIRED)";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found (also another user's resource)";
    case 409:
      return "Conflict";
    case 413:
      return "Payload too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "Unprocessable (undecodable audio, transcript required)";
    case 429:
      return "Too many requests (Retry-After header)";
    case 503:
      return "A dependency is unavailable or not configured";
    default:
      return "Error";
  }
}

json::object ErrorResponses() {
  json::object out;
  for (int status : {400, 401, 403, 404, 409, 413, 415, 422, 429, 503}) {
    out["E" + std::to_string(status)] = json::object{
        {"description", ReasonOf(status)},
        {"content", json::object{{"application/json", json::object{{"schema", Ref("Error")}}}}}};
  }
  return out;
}

std::vector<std::string_view> SplitList(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    out.push_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

json::array Parameters(const Operation& op) {
  json::array params;
  std::string_view path = op.path;
  for (std::size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    const std::size_t close = path.find('}', open);
    const std::string name(path.substr(open + 1, close - open - 1));
    const bool is_id = name == "id" && op.tag != "livekit";
    json::object schema =
        is_id || name == "userId" ? Ref("ObjectId") : json::object{{"type", "string"}};
    params.push_back(
        json::object{{"name", name}, {"in", "path"}, {"required", true}, {"schema", schema}});
  }
  for (std::string_view q : SplitList(op.query)) {
    json::object schema = q == "agentId" ? Ref("ObjectId")
                          : q == "include"
                              ? json::object{{"type", "string"}, {"example", "messages"}}
                              : json::object{{"type", "integer"}};
    params.push_back(
        json::object{{"name", q}, {"in", "query"}, {"required", false}, {"schema", schema}});
  }
  return params;
}

json::object BuildOperation(const Operation& op) {
  json::object o;
  o["tags"] = json::array{op.tag};
  o["summary"] = op.summary;
  o["operationId"] = std::string(op.method) + std::string(op.path);
  // Every /api/public route but /session authenticates a visitor: X-Widget-Key + X-Visitor-Token.
  const bool visitor = op.path.starts_with("/api/public/") && op.path != "/api/public/session";
  if (visitor) {
    o["security"] =
        json::array{json::object{{"widgetKey", json::array{}}, {"visitorToken", json::array{}}}};
  } else if (!op.auth) {
    o["security"] = json::array{};
  }
  json::array params = Parameters(op);
  if (!params.empty()) o["parameters"] = std::move(params);
  if (!op.request.empty()) {
    constexpr std::string_view kMultipart = "multipart:";
    const bool multipart = op.request.substr(0, kMultipart.size()) == kMultipart;
    const std::string_view schema = multipart ? op.request.substr(kMultipart.size()) : op.request;
    o["requestBody"] = json::object{
        {"required", true},
        {"content", json::object{{multipart ? "multipart/form-data" : "application/json",
                                  json::object{{"schema", Ref(schema)}}}}}};
  }
  json::object responses;
  json::object ok{{"description", "Success"}};
  if (op.response == "binary") {
    ok["content"] = json::object{
        {"application/octet-stream",
         json::object{{"schema", json::object{{"type", "string"}, {"format", "binary"}}}}}};
  } else if (!op.response.empty()) {
    ok["content"] =
        json::object{{"application/json", json::object{{"schema", SchemaOf(op.response)}}}};
  } else {
    ok["content"] = json::object{
        {"application/json", json::object{{"schema", json::object{{"type", "object"}}}}}};
  }
  responses[std::to_string(op.status)] = std::move(ok);
  for (std::string_view e : SplitList(op.errors)) {
    responses[e] = json::object{{"$ref", "#/components/responses/E" + std::string(e)}};
  }
  o["responses"] = std::move(responses);
  return o;
}

}  // namespace

std::string ToOpenApiPath(std::string_view pattern) {
  std::string out;
  bool in_param = false;
  for (const char c : pattern) {
    if ((c == ':' || c == '*') && (out.empty() || out.back() == '/')) {
      out += '{';
      in_param = true;
    } else if (c == '/' && in_param) {
      out += "}/";
      in_param = false;
    } else {
      out += c;
    }
  }
  if (in_param) out += '}';
  return out;
}

json::object BuildOpenApiDocument(const std::string& version) {
  json::object doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = json::object{
      {"title", "CareVoice API"},
      {"version", version.empty() ? "0.0.0" : version},
      {"description",
       "AI customer-care backend; drop-in successor of the CustomerCare-VoiceAI REST API. Every "
       "error is {message, code, details?}. Ids are 24-hex strings, timestamps ISO-8601 UTC."}};
  doc["security"] = json::array{json::object{{"bearerAuth", json::array{}}}};
  json::object paths;
  for (const Operation& op : kOperations) {
    json::value& item = paths[op.path];
    if (!item.is_object()) item = json::object{};
    item.as_object()[op.method] = BuildOperation(op);
  }
  doc["paths"] = std::move(paths);
  doc["components"] = json::object{
      {"securitySchemes",
       json::object{
           {"bearerAuth",
            json::object{{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}},
           {"widgetKey",
            json::object{{"type", "apiKey"}, {"in", "header"}, {"name", "X-Widget-Key"}}},
           {"visitorToken",
            json::object{{"type", "apiKey"}, {"in", "header"}, {"name", "X-Visitor-Token"}}}}},
      {"schemas", json::parse(kSchemas)},
      {"responses", ErrorResponses()}};
  return doc;
}

void RegisterOpenApiRoute(http::Router& router, ApiDeps& deps) {
  // Built once: the document does not change while the server runs.
  auto document = std::make_shared<const json::object>(BuildOpenApiDocument(deps.config.version));
  router.Add(http::Verb::get, "/api/openapi.json",
             [document](http::RequestContext& ctx) -> HandlerResult {
               co_return Json(ctx, 200, *document);
             },
             {.requires_auth = false});
}

}  // namespace carevoice::api
