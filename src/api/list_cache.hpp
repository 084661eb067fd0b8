#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "engine/events.hpp"

namespace carevoice::api {

// Serialised GET /api/conversations responses, per user and query, valid until that user's
// conversations change. Correctness rests on the order of operations:
//   reader: v = Version(user); body = <read the store>; Put(key, v, body)
//   writer: <commit>; Invalidate(user)        (OnEvent: the engine publishes after the commit,
//                                              before it returns to the HTTP handler)
// An entry is served only while its version equals the user's current version, so a body read
// before a committed write is never served after it. Single-process only: with several server
// processes on one database, disable it. Thread-safe.
class ConversationListCache final : public engine::EventSink {
 public:
  // At most `max_entries` bodies are kept; past that the cache starts afresh.
  explicit ConversationListCache(std::size_t max_entries = 20'000) : max_entries_(max_entries) {}

  // Returns the current version of `user_id`'s conversations.
  std::uint64_t Version(const std::string& user_id) const;
  // Marks every cached body of `user_id` stale.
  void Invalidate(const std::string& user_id);
  // Subscribed to the engine's event feed: every event except kTyping and kToken invalidates the
  // conversation owner's bodies.
  void OnEvent(const engine::Event& event) override;
  // Returns the body cached under `key` for `user_id` if it is still current.
  std::optional<std::string> Get(const std::string& user_id, const std::string& key) const;
  // Caches `body` under `key`, as read at `version` (from Version() BEFORE the store read).
  void Put(const std::string& user_id, const std::string& key, std::uint64_t version,
           std::string body);

 private:
  struct Entry {
    std::uint64_t version = 0;
    std::string body;
  };
  std::uint64_t VersionLocked(const std::string& user_id) const;

  const std::size_t max_entries_;
  mutable std::shared_mutex mu_;
  std::uint64_t clock_ = 0;                                  // Guarded by mu_.
  std::unordered_map<std::string, std::uint64_t> versions_;  // Guarded by mu_.
  std::unordered_map<std::string, Entry> entries_;           // Guarded by mu_.
};

}  // namespace carevoice::api
