#include "api/list_cache.hpp"

#include <mutex>

namespace carevoice::api {

std::uint64_t ConversationListCache::VersionLocked(const std::string& user_id) const {
  const auto it = versions_.find(user_id);
  return it == versions_.end() ? 0 : it->second;
}

std::uint64_t ConversationListCache::Version(const std::string& user_id) const {
  std::shared_lock lock(mu_);
  return VersionLocked(user_id);
}

void ConversationListCache::Invalidate(const std::string& user_id) {
  std::unique_lock lock(mu_);
  versions_[user_id] = ++clock_;
}

void ConversationListCache::OnEvent(const engine::Event& event) {
  if (event.type == engine::EventType::kTyping || event.type == engine::EventType::kToken ||
      event.type == engine::EventType::kSpeech || event.type == engine::EventType::kReplyAudio) {
    return;
  }
  if (event.conversation == nullptr) return;
  Invalidate(event.conversation->user_id);
}

std::optional<std::string> ConversationListCache::Get(const std::string& user_id,
                                                      const std::string& key) const {
  std::shared_lock lock(mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != VersionLocked(user_id)) return std::nullopt;
  return it->second.body;
}

void ConversationListCache::Put(const std::string& user_id, const std::string& key,
                                std::uint64_t version, std::string body) {
  std::unique_lock lock(mu_);
  if (version != VersionLocked(user_id)) return;  // Already stale: a write came in between.
  if (entries_.size() >= max_entries_ && entries_.find(key) == entries_.end()) entries_.clear();
  entries_[key] = Entry{version, std::move(body)};
}

}  // namespace carevoice::api
