#include "core/domain.hpp"

#include <array>
#include <cstddef>

namespace carevoice::core {
namespace {

constexpr std::array<std::string_view, 2> kUserRoles{"user", "admin"};
constexpr std::array<std::string_view, 4> kMessageRoles{"user", "assistant", "system", "human"};

template <typename Enum, std::size_t N>
std::optional<Enum> Parse(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(UserRole role) { return kUserRoles.at(static_cast<std::size_t>(role)); }
std::string_view Name(MessageRole role) { return kMessageRoles.at(static_cast<std::size_t>(role)); }
std::string_view Name(ConversationStatus status) {
  return kConversationStatusNames.at(static_cast<std::size_t>(status));
}

std::optional<UserRole> ParseUserRole(std::string_view text) {
  return Parse<UserRole>(kUserRoles, text);
}
std::optional<MessageRole> ParseMessageRole(std::string_view text) {
  return Parse<MessageRole>(kMessageRoles, text);
}
std::optional<ConversationStatus> ParseConversationStatus(std::string_view text) {
  return Parse<ConversationStatus>(kConversationStatusNames, text);
}

}  // namespace carevoice::core
