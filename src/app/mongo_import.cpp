#include "app/mongo_import.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include "auth/validation.hpp"
#include "core/ids.hpp"
#include "core/strings.hpp"
#include "core/time.hpp"

namespace carevoice::app {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// --- Extended JSON ---

const json::value* Field(const json::object& o, std::string_view key) { return o.if_contains(key); }

// A string field, or "" if absent or not a string.
std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = Field(o, key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// {"$oid": "<24 hex>"} or a bare 24-hex string -> lower-case hex.
std::optional<std::string> Oid(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  std::string hex;
  if (v->is_string()) {
    hex = std::string(v->get_string());
  } else if (v->is_object()) {
    const json::value* oid = v->get_object().if_contains("$oid");
    if (oid == nullptr || !oid->is_string()) return std::nullopt;
    hex = std::string(oid->get_string());
  } else {
    return std::nullopt;
  }
  if (!core::IsObjectId(hex)) return std::nullopt;
  return core::ToLowerAscii(hex);
}

// A number in relaxed ({"$numberLong": "5"} is canonical) or plain form.
std::optional<double> Number(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  if (v->is_double()) return v->get_double();
  if (v->is_object()) {
    for (const char* key : {"$numberInt", "$numberLong", "$numberDouble", "$numberDecimal"}) {
      const json::value* s = v->get_object().if_contains(key);
      if (s != nullptr && s->is_string()) {
        try {
          return std::stod(std::string(s->get_string()));
        } catch (...) {
          return std::nullopt;
        }
      }
    }
  }
  return std::nullopt;
}

// {"$date": "ISO"} / {"$date": {"$numberLong": "ms"}} / {"$date": ms}, or a bare ISO string.
std::optional<core::TimeMs> Date(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return core::ParseIso8601(v->get_string());
  if (!v->is_object()) return std::nullopt;
  const json::value* d = v->get_object().if_contains("$date");
  if (d == nullptr) return std::nullopt;
  if (d->is_string()) return core::ParseIso8601(d->get_string());
  if (std::optional<double> ms = Number(d)) return static_cast<core::TimeMs>(std::llround(*ms));
  return std::nullopt;
}

// The creation time an ObjectId carries (its first 4 bytes: seconds since the epoch).
core::TimeMs OidTime(const std::string& oid) {
  return static_cast<core::TimeMs>(std::stoll(oid.substr(0, 8), nullptr, 16)) * 1000;
}

std::vector<std::string> Strings(const json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const json::value& s : v->get_array()) {
    if (s.is_string()) {
      std::string t(core::TrimAscii(s.get_string()));
      if (!t.empty()) out.push_back(std::move(t));
    }
  }
  return out;
}

bool IsBcrypt(std::string_view hash) {
  return hash.size() == 60 && (core::StartsWith(hash, "$2a$") || core::StartsWith(hash, "$2b$") ||
                               core::StartsWith(hash, "$2y$"));
}

// The old backend stored the model's raw word ("Positive.", "pending"): the four buckets, else
// neutral.
std::string Sentiment(std::string raw) {
  raw = core::ToLowerAscii(core::TrimAscii(raw));
  while (!raw.empty() && !std::isalpha(static_cast<unsigned char>(raw.back()))) raw.pop_back();
  for (const char* s : {"positive", "negative", "neutral", "urgent"}) {
    if (raw == s) return raw;
  }
  return "neutral";
}

// The old stats' company rule: the first of these found in the conversation's text.
std::string LegacyCompany(const std::string& text) {
  static constexpr std::array<const char*, 8> kCompanies = {
      "amazon", "netflix", "pizza hut", "apple", "microsoft", "google", "uber", "airbnb"};
  const std::string lower = core::ToLowerAscii(text);
  for (const char* c : kCompanies) {
    if (lower.find(c) != std::string::npos) return c;
  }
  return "";
}

// --- The dump ---

struct Collection {
  std::string file;
  json::array records;
  bool present = false;
};

core::Result<Collection> Load(const fs::path& dir, const std::string& name) {
  Collection c;
  c.file = name + ".json";
  const fs::path path = dir / c.file;
  if (!fs::exists(path)) return c;
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in && !in.eof()) return core::Error::BadRequest("cannot read " + path.string());
  boost::system::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  if (ec) return core::Error::BadRequest(path.string() + " is not JSON: " + ec.message());
  if (!v.is_array()) {
    return core::Error::BadRequest(path.string() +
                                   " is not a JSON array (export with mongoexport --jsonArray)");
  }
  c.records = std::move(v.get_array());
  c.present = true;
  return c;
}

class Importer {
 public:
  Importer(store::Store& store, ImportReport& report) : store_(store), report_(report) {}

  core::Result<void> Users(const Collection& users) {
    std::map<std::string, std::string> email_owner;  // Within the dump.
    for (std::size_t i = 0; i < users.records.size(); ++i) {
      std::optional<Record> record = Open(users, i, report_.users, /*owned=*/false);
      if (!record) continue;
      const json::object* o = record->object;
      const std::optional<std::string> id = record->id;
      auto skip = [&](const std::string& why) { Skip(report_.users, users.file, i, *id, why); };
      if (core::Result<core::User> existing = store_.GetUserById(*id); existing) {
        ++report_.users.unchanged;
        users_.insert(*id);
        continue;
      } else if (existing.error().kind != core::ErrorKind::kNotFound) {
        return existing.error();
      }
      core::User u;
      u.id = *id;
      u.name = auth::NormalizeName(Str(*o, "name"));
      u.email = auth::NormalizeEmail(Str(*o, "email"));
      u.password_hash = Str(*o, "password");
      u.avatar = Str(*o, "avatar");
      u.created_at = Date(Field(*o, "createdAt")).value_or(OidTime(*id));
      u.updated_at = Date(Field(*o, "updatedAt")).value_or(u.created_at);
      if (u.name.empty()) {
        skip("no name");
        continue;
      }
      if (auto bad = auth::ValidateEmail(u.email)) {
        skip("email '" + u.email + "': " + *bad);
        continue;
      }
      if (!IsBcrypt(u.password_hash)) {
        skip(u.password_hash.empty() ? "no password hash (was it exported with the password field?)"
                                     : "password is not a bcrypt hash");
        continue;
      }
      const std::string role = Str(*o, "role");
      if (auto parsed = core::ParseUserRole(role.empty() ? "user" : role)) {
        u.role = *parsed;
      } else {
        skip("role '" + role + "' is neither user nor admin");
        continue;
      }
      if (!u.avatar.empty() && auth::ValidateAvatar(u.avatar)) {
        Note(users.file, i, *id, "avatar dropped (not a path or http(s) URL)");
        u.avatar.clear();
      }
      if (auto [it, fresh] = email_owner.emplace(u.email, u.id); !fresh) {
        skip("email " + u.email + " already belongs to user " + it->second + " in this dump");
        continue;
      }
      core::Result<void> created = store_.CreateUser(u);
      if (!created) {
        if (created.error().kind != core::ErrorKind::kConflict) return created.error();
        skip("email " + u.email + " already belongs to another stored user");
        continue;
      }
      ++report_.users.imported;
      users_.insert(*id);
    }
    return {};
  }

  core::Result<void> Agents(const Collection& agents) {
    for (std::size_t i = 0; i < agents.records.size(); ++i) {
      std::optional<Record> record = Open(agents, i, report_.agents, /*owned=*/true);
      if (!record) continue;
      const json::object* o = record->object;
      const std::optional<std::string> id = record->id;
      const std::optional<std::string> owner = record->owner;
      auto skip = [&](const std::string& why) { Skip(report_.agents, agents.file, i, *id, why); };
      if (core::Result<core::Agent> existing = store_.GetAgent(*id, *owner); existing) {
        ++report_.agents.unchanged;
        agents_[*id] = {*owner, existing->company};
        continue;
      } else if (existing.error().kind != core::ErrorKind::kNotFound) {
        return existing.error();
      }
      core::Agent a;
      a.id = *id;
      a.user_id = *owner;
      a.name = std::string(core::TrimAscii(Str(*o, "name")));
      a.company = std::string(core::TrimAscii(Str(*o, "companyName")));
      if (a.company.empty()) a.company = std::string(core::TrimAscii(Str(*o, "company")));
      a.personality = std::string(core::TrimAscii(Str(*o, "personality")));
      a.company_info = std::string(core::TrimAscii(Str(*o, "companyInfo")));
      a.prompts = Strings(Field(*o, "prompts"));
      a.system_prompt = Str(*o, "systemPrompt");
      if (const std::string style = Str(*o, "responseStyle");
          style == "formal" || style == "casual" || style == "friendly" ||
          style == "professional") {
        a.response_style = style;
      }
      if (const json::value* s = Field(*o, "settings"); s != nullptr && s->is_object()) {
        if (auto n = Number(s->get_object().if_contains("maxTokens")); n && *n >= 1 && *n <= 4096) {
          a.settings.max_tokens = static_cast<int>(*n);
        }
        if (auto t = Number(s->get_object().if_contains("temperature")); t && *t >= 0 && *t <= 2) {
          a.settings.temperature = *t;
        }
      }
      a.created_at = Date(Field(*o, "createdAt")).value_or(OidTime(*id));
      a.updated_at = Date(Field(*o, "updatedAt")).value_or(a.created_at);
      if (a.name.empty()) {
        skip("no name");
        continue;
      }
      core::Result<void> created = store_.CreateAgent(a);
      if (!created) {
        if (created.error().kind != core::ErrorKind::kConflict) return created.error();
        skip("the id is already used by another user's agent");
        continue;
      }
      ++report_.agents.imported;
      agents_[*id] = {*owner, a.company};
    }
    return {};
  }

  core::Result<void> Conversations(const Collection& conversations) {
    for (std::size_t i = 0; i < conversations.records.size(); ++i) {
      std::optional<Record> record = Open(conversations, i, report_.conversations, /*owned=*/true);
      if (!record) continue;
      const json::object* o = record->object;
      const std::optional<std::string> id = record->id;
      const std::optional<std::string> owner = record->owner;
      auto skip = [&](const std::string& why) {
        Skip(report_.conversations, conversations.file, i, *id, why);
      };
      const json::value* messages_value = Field(*o, "messages");
      if (messages_value != nullptr && !messages_value->is_array()) {
        skip("messages is not an array");
        continue;
      }
      const json::object empty_object;
      const json::value* metadata_value = Field(*o, "metadata");
      const json::object& meta = metadata_value != nullptr && metadata_value->is_object()
                                     ? metadata_value->get_object()
                                     : empty_object;

      core::Conversation c;
      c.id = *id;
      c.user_id = *owner;
      c.title = std::string(core::TrimAscii(Str(*o, "title")));
      if (c.title.empty()) c.title = "New Conversation";
      c.created_at = Date(Field(meta, "created"))
                         .value_or(Date(Field(*o, "createdAt")).value_or(OidTime(*id)));
      c.updated_at = Date(Field(meta, "updated"))
                         .value_or(Date(Field(*o, "updatedAt")).value_or(c.created_at));
      c.status = core::ParseConversationStatus(Str(*o, "status"))
                     .value_or(core::ConversationStatus::kActive);
      std::string agent_company;
      if (std::optional<std::string> agent = Oid(Field(*o, "agentId"))) {
        auto it = agents_.find(*agent);
        if (it != agents_.end() && it->second.owner == *owner) {
          c.agent_id = *agent;
          agent_company = it->second.company;
        } else {
          Note(conversations.file, i, *id,
               "its agent " + *agent + " was not imported; kept without");
        }
      }

      // Messages, in array order.
      std::vector<core::Message> messages;
      std::string all_text;
      if (messages_value != nullptr) {
        const json::array& array = messages_value->get_array();
        for (std::size_t j = 0; j < array.size(); ++j) {
          const json::object* m = array[j].if_object();
          const std::string where = "message " + std::to_string(j);
          if (m == nullptr) {
            Note(conversations.file, i, *id, where + " dropped: not an object");
            continue;
          }
          core::Message message;
          message.id = Oid(Field(*m, "_id"))
                           .value_or(core::Sha256Hex(*id + ":" + std::to_string(j)).substr(0, 24));
          message.conversation_id = *id;
          message.content = Str(*m, "content");
          message.timestamp = Date(Field(*m, "timestamp")).value_or(c.created_at);
          message.audio_url = Str(*m, "audioUrl");
          const std::string role = Str(*m, "role");
          if (auto parsed = core::ParseMessageRole(role)) {
            message.role = *parsed;
          } else {
            std::string note = where;
            note += " dropped: role '" + role + "' is not user/assistant/system";
            Note(conversations.file, i, *id, note);
            continue;
          }
          if (message.content.empty()) {
            Note(conversations.file, i, *id, where + " dropped: no content");
            continue;
          }
          all_text += message.content;
          all_text += '\n';
          messages.push_back(std::move(message));
        }
      }
      c.company = LegacyCompany(all_text);
      if (c.company.empty()) c.company = agent_company;
      c.analytics.sentiment = Sentiment(Str(meta, "sentiment"));
      c.analytics.duration = static_cast<std::int64_t>(
          std::llround(std::max(0.0, Number(Field(meta, "duration")).value_or(0))));

      // Already stored: unchanged, unless a run stopped between creating it and its messages.
      core::Result<core::Conversation> existing = store_.GetConversation(*id, "");
      if (existing) {
        if (existing->user_id != *owner) {
          skip("the id is already used by another user's conversation");
          continue;
        }
        if (existing->analytics.message_count > 0 || messages.empty()) {
          ++report_.conversations.unchanged;
          continue;
        }
      } else if (existing.error().kind != core::ErrorKind::kNotFound) {
        return existing.error();
      } else if (core::Result<void> created = store_.CreateConversation(c); !created) {
        return created.error();
      }
      store::ConversationPatch patch;
      patch.analytics = c.analytics;
      patch.company = c.company;
      core::Result<core::Conversation> done =
          store_.AppendAndUpdate(messages, *id, *owner, patch, c.updated_at);
      if (!done) {
        if (done.error().kind != core::ErrorKind::kConflict) return done.error();
        (void)store_.DeleteConversation(*id, *owner);
        skip("a message id is used twice");
        continue;
      }
      ++report_.conversations.imported;
      report_.messages_imported += static_cast<int>(messages.size());
    }
    return {};
  }

 private:
  struct Record {
    const json::object* object = nullptr;
    std::string id;
    std::string owner;  // Only for an owned record.
  };

  // Counts record `index` of `c` as read and returns its object, _id and (if `owned`) the userId of
  // a user of this dump now stored; nullopt, reported as skipped, if any of them is missing.
  std::optional<Record> Open(const Collection& c, std::size_t index, ImportCounts& counts,
                             bool owned) {
    ++counts.read;
    Record r;
    r.object = c.records[index].if_object();
    const std::optional<std::string> id =
        r.object != nullptr ? Oid(Field(*r.object, "_id")) : std::nullopt;
    const char* why = r.object == nullptr ? "not an object" : !id ? "no valid _id ObjectId" : "";
    std::optional<std::string> owner;
    if (*why == '\0' && owned) {
      owner = Oid(Field(*r.object, "userId"));
      if (!owner) why = "no valid userId";
    }
    if (*why != '\0') {
      Skip(counts, c.file, index, id.value_or("?"), why);
      return std::nullopt;
    }
    r.id = *id;
    if (owned) {
      if (!users_.contains(*owner)) {
        Skip(counts, c.file, index, r.id, "its owner " + *owner + " was not imported");
        return std::nullopt;
      }
      r.owner = *owner;
    }
    return r;
  }

  struct AgentInfo {
    std::string owner;
    std::string company;
  };

  void Skip(ImportCounts& counts, const std::string& file, std::size_t index, const std::string& id,
            const std::string& why) {
    ++counts.skipped;
    report_.skipped.push_back(file + "[" + std::to_string(index) + "] " + id + ": " + why);
  }
  void Note(const std::string& file, std::size_t index, const std::string& id,
            const std::string& what) {
    report_.notes.push_back(file + "[" + std::to_string(index) + "] " + id + ": " + what);
  }

  store::Store& store_;
  ImportReport& report_;
  std::set<std::string> users_;              // Ids of the dump's users now stored.
  std::map<std::string, AgentInfo> agents_;  // The dump's agents now stored.
};

}  // namespace

core::Result<ImportReport> ImportMongoDump(store::Store& store, const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    return core::Error::BadRequest(dir.string() + " is not a folder");
  }
  core::Result<Collection> users = Load(dir, "users");
  if (!users) return users.error();
  core::Result<Collection> agents = Load(dir, "agents");
  if (!agents) return agents.error();
  core::Result<Collection> conversations = Load(dir, "conversations");
  if (!conversations) return conversations.error();
  if (!users->present && !agents->present && !conversations->present) {
    return core::Error::BadRequest("no users.json, agents.json or conversations.json in " +
                                   dir.string());
  }
  ImportReport report;
  Importer importer(store, report);
  if (auto r = importer.Users(*users); !r) return r.error();
  if (auto r = importer.Agents(*agents); !r) return r.error();
  if (auto r = importer.Conversations(*conversations); !r) return r.error();
  return report;
}

std::string FormatImportReport(const ImportReport& report) {
  std::ostringstream out;
  auto line = [&](const char* name, const ImportCounts& c) {
    out << name << ": " << c.read << " read, " << c.imported << " imported, " << c.unchanged
        << " already there, " << c.skipped << " skipped\n";
  };
  line("users", report.users);
  line("agents", report.agents);
  line("conversations", report.conversations);
  out << "messages: " << report.messages_imported << " imported\n";
  for (const std::string& s : report.skipped) out << "skipped " << s << '\n';
  for (const std::string& n : report.notes) out << "note " << n << '\n';
  return out.str();
}

}  // namespace carevoice::app
