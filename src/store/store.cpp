#include "store/store.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "core/strings.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace carevoice::store {

Result<std::vector<core::Conversation>> Store::ListVisitorConversations(
    const std::string& user_id, const std::string& visitor_id, const ListOptions& opts) {
  ListOptions all = opts;
  all.limit = 1000;
  all.offset = 0;
  auto listed = ListConversations(user_id, all);
  if (!listed) return listed.error();
  std::vector<core::Conversation> out;
  int skipped = 0;
  for (core::Conversation& c : *listed) {
    if (visitor_id.empty() || c.visitor_id != visitor_id) continue;
    if (skipped++ < opts.offset) continue;
    if (static_cast<int>(out.size()) >= std::clamp(opts.limit, 1, 1000)) break;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<core::Message>> Store::ListRecentMessages(const std::string& conversation_id,
                                                             const std::string& user_id,
                                                             int limit) {
  auto all = ListMessages(conversation_id, user_id);
  if (!all) return all.error();
  const std::size_t keep = static_cast<std::size_t>(std::max(limit, 0));
  if (all->size() > keep) all->erase(all->begin(), all->end() - static_cast<std::ptrdiff_t>(keep));
  return all;
}

Result<core::Conversation> Store::AppendAndUpdate(const std::vector<core::Message>& messages,
                                                  const std::string& conversation_id,
                                                  const std::string& user_id,
                                                  const ConversationPatch& patch,
                                                  core::TimeMs now) {
  for (const core::Message& m : messages) {
    if (auto r = AppendMessage(m, user_id); !r) return r.error();
  }
  return UpdateConversation(conversation_id, user_id, patch, now);
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const OpenOptions& open_options) {
  const std::string_view trimmed = core::TrimAscii(url);
  if (trimmed.empty()) {
    return core::Error::Unavailable("DATABASE_URL is empty; use sqlite:PATH or sqlite::memory:");
  }
  const std::string lower = core::ToLowerAscii(trimmed);
  if (core::StartsWith(lower, "mongodb:") || core::StartsWith(lower, "mongodb+srv:")) {
    return core::Error::Unavailable(
        "MongoDB is not supported (MONGODB_URI / mongodb:// URLs); set DATABASE_URL to "
        "sqlite:PATH (the default) or postgres://...");
  }
  if (core::StartsWith(lower, "postgres://") || core::StartsWith(lower, "postgresql://")) {
    PostgresOptions options;
    options.conninfo = std::string(trimmed);
    options.pool_size = open_options.pool_size;
    options.metrics = open_options.metrics;
    return OpenPostgresStore(options);
  }
  SqliteOptions options;
  if (core::StartsWith(lower, "sqlite://")) {
    options.path = std::string(trimmed.substr(9));  // sqlite:///abs/path -> /abs/path
  } else if (core::StartsWith(lower, "sqlite:")) {
    options.path = std::string(trimmed.substr(7));  // sqlite:rel/path, sqlite::memory:
  } else if (lower.find("://") != std::string::npos) {
    return core::Error::Unavailable("Unsupported DATABASE_URL scheme in '" + std::string(trimmed) +
                                    "'; use sqlite:PATH or postgres://...");
  } else {
    options.path = std::string(trimmed);  // A bare path.
  }
  if (options.path.empty()) {
    return core::Error::Unavailable("DATABASE_URL '" + std::string(trimmed) + "' names no file");
  }
  options.metrics = open_options.metrics;
  return OpenSqliteStore(options);
}

}  // namespace carevoice::store
