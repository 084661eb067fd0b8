#include "store/store.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "core/strings.hpp"

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

}  // namespace carevoice::store
