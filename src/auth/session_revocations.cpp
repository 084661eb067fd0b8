#include "auth/session_revocations.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace carevoice::auth {
namespace {

// Transparent hashing so that string_view lookups allocate nothing.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class InMemorySessionRevocations final : public SessionRevocations {
 public:
  bool IsRevoked(std::string_view user_id, std::string_view session_id,
                 std::int64_t issued_at) const override {
    std::shared_lock lock(mu_);
    if (!session_id.empty()) return sessions_.find(session_id) != sessions_.end();
    const auto it = unbound_.find(user_id);
    return it != unbound_.end() && issued_at <= it->second.issued_at_or_before;
  }

  void RevokeSession(std::string_view session_id, core::TimeMs until) override {
    if (session_id.empty()) return;
    std::unique_lock lock(mu_);
    auto [it, inserted] = sessions_.try_emplace(std::string(session_id), until);
    if (!inserted) it->second = std::max(it->second, until);
  }

  void RevokeUnboundTokens(std::string_view user_id, std::int64_t issued_at_or_before,
                           core::TimeMs until) override {
    std::unique_lock lock(mu_);
    auto [it, inserted] =
        unbound_.try_emplace(std::string(user_id), Cutoff{issued_at_or_before, until});
    if (!inserted) {
      it->second.issued_at_or_before =
          std::max(it->second.issued_at_or_before, issued_at_or_before);
      it->second.until = std::max(it->second.until, until);
    }
  }

  void Prune(core::TimeMs now) override {
    std::unique_lock lock(mu_);
    std::erase_if(sessions_, [now](const auto& entry) { return entry.second <= now; });
    std::erase_if(unbound_, [now](const auto& entry) { return entry.second.until <= now; });
  }

  std::size_t Size() const override {
    std::shared_lock lock(mu_);
    return sessions_.size() + unbound_.size();
  }

 private:
  struct Cutoff {
    std::int64_t issued_at_or_before = 0;
    core::TimeMs until = 0;
  };

  mutable std::shared_mutex mu_;
  // Guarded by mu_: revoked sid → until.
  std::unordered_map<std::string, core::TimeMs, StringHash, std::equal_to<>> sessions_;
  // Guarded by mu_: user id → cutoff of its tokens without a sid.
  std::unordered_map<std::string, Cutoff, StringHash, std::equal_to<>> unbound_;
};

}  // namespace

std::unique_ptr<SessionRevocations> MakeInMemorySessionRevocations() {
  return std::make_unique<InMemorySessionRevocations>();
}

}  // namespace carevoice::auth
