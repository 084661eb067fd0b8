#include "store/notifying_store.hpp"

#include <utility>

namespace carevoice::store {
namespace {

class NotifyingStore final : public Store {
 public:
  NotifyingStore(std::unique_ptr<Store> inner, ConversationsChanged on_change)
      : inner_(std::move(inner)), on_change_(std::move(on_change)) {}

  Result<std::string> Ping() override { return inner_->Ping(); }

  Result<void> CreateUser(const core::User& user) override { return inner_->CreateUser(user); }
  Result<core::User> GetUserById(const std::string& id) override { return inner_->GetUserById(id); }
  Result<core::User> GetUserByEmail(const std::string& email) override {
    return inner_->GetUserByEmail(email);
  }
  Result<void> UpdateUser(const core::User& user) override { return inner_->UpdateUser(user); }

  Result<void> InsertRefreshToken(const RefreshToken& token) override {
    return inner_->InsertRefreshToken(token);
  }
  Result<RefreshToken> GetRefreshToken(const std::string& token_hash) override {
    return inner_->GetRefreshToken(token_hash);
  }
  Result<void> RotateRefreshToken(const std::string& old_hash, const RefreshToken& next) override {
    return inner_->RotateRefreshToken(old_hash, next);
  }
  Result<void> RevokeRefreshFamily(const std::string& family_id) override {
    return inner_->RevokeRefreshFamily(family_id);
  }

  Result<void> CreateAgent(const core::Agent& agent) override { return inner_->CreateAgent(agent); }
  Result<core::Agent> GetAgent(const std::string& id, const std::string& user_id) override {
    return inner_->GetAgent(id, user_id);
  }
  Result<std::vector<core::Agent>> ListAgents(const std::string& user_id) override {
    return inner_->ListAgents(user_id);
  }
  Result<std::vector<core::Agent>> ListDemoAgents() override { return inner_->ListDemoAgents(); }
  Result<void> UpdateAgent(const core::Agent& agent) override { return inner_->UpdateAgent(agent); }
  Result<void> DeleteAgent(const std::string& id, const std::string& user_id) override {
    return inner_->DeleteAgent(id, user_id);
  }
  Result<core::Agent> PublishAgent(const std::string& id, const std::string& user_id,
                                   const std::string& new_widget_key) override {
    return inner_->PublishAgent(id, user_id, new_widget_key);
  }
  Result<core::Agent> UnpublishAgent(const std::string& id, const std::string& user_id) override {
    return inner_->UnpublishAgent(id, user_id);
  }
  Result<core::Agent> RotateAgentWidgetKey(const std::string& id, const std::string& user_id,
                                           const std::string& new_widget_key) override {
    return inner_->RotateAgentWidgetKey(id, user_id, new_widget_key);
  }
  Result<core::Agent> GetAgentByWidgetKey(const std::string& widget_key) override {
    return inner_->GetAgentByWidgetKey(widget_key);
  }

  Result<void> CreateConversation(const core::Conversation& conversation) override {
    auto r = inner_->CreateConversation(conversation);
    if (r) on_change_(conversation.user_id);
    return r;
  }
  Result<core::Conversation> GetConversation(const std::string& id,
                                             const std::string& user_id) override {
    return inner_->GetConversation(id, user_id);
  }
  Result<std::vector<core::Conversation>> ListConversations(const std::string& user_id,
                                                            const ListOptions& opts) override {
    return inner_->ListConversations(user_id, opts);
  }
  Result<core::Conversation> UpdateConversation(const std::string& id, const std::string& user_id,
                                                const ConversationPatch& patch,
                                                core::TimeMs now) override {
    auto r = inner_->UpdateConversation(id, user_id, patch, now);
    if (r) on_change_(r->user_id);
    return r;
  }
  Result<void> DeleteConversation(const std::string& id, const std::string& user_id) override {
    auto r = inner_->DeleteConversation(id, user_id);
    if (r) on_change_(user_id);
    return r;
  }

  Result<void> AppendMessage(const core::Message& message, const std::string& user_id) override {
    auto r = inner_->AppendMessage(message, user_id);
    if (!r) return r;
    if (!user_id.empty()) {
      on_change_(user_id);
    } else if (auto conv = inner_->GetConversation(message.conversation_id, ""); conv) {
      on_change_(conv->user_id);  // An admin wrote: report the real owner.
    }
    return r;
  }
  Result<std::vector<core::Message>> ListMessages(const std::string& conversation_id,
                                                  const std::string& user_id) override {
    return inner_->ListMessages(conversation_id, user_id);
  }

  Result<core::UserStats> GetUserStats(const std::string& user_id) override {
    return inner_->GetUserStats(user_id);
  }

 private:
  std::unique_ptr<Store> inner_;
  ConversationsChanged on_change_;
};

}  // namespace

std::unique_ptr<Store> MakeNotifyingStore(std::unique_ptr<Store> inner,
                                          ConversationsChanged on_change) {
  return std::make_unique<NotifyingStore>(std::move(inner), std::move(on_change));
}

}  // namespace carevoice::store
