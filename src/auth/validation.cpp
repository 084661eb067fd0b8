#include "auth/validation.hpp"

#include <string_view>
#include <vector>

#include "core/strings.hpp"

namespace carevoice::auth {
namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

bool IsLocalPartChar(char c) {
  if (IsAsciiLetter(c) || IsAsciiDigit(c)) return true;
  constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-";
  return kSpecials.find(c) != std::string_view::npos;
}

bool IsValidLocalPart(std::string_view local) {
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  char prev = '\0';
  for (char c : local) {
    if (c == '.') {
      if (prev == '.') return false;
    } else if (!IsLocalPartChar(c)) {
      return false;
    }
    prev = c;
  }
  return true;
}

bool IsValidDomainLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '-') return false;
  }
  return true;
}

bool IsValidTopLevelLabel(std::string_view label) {
  if (label.size() < 2) return false;
  if (core::StartsWith(label, "xn--")) return label.size() > 4;
  for (char c : label) {
    if (!IsAsciiLetter(c)) return false;
  }
  return true;
}

}  // namespace

std::string NormalizeName(std::string_view s) { return std::string(core::TrimAscii(s)); }

std::string NormalizeEmail(std::string_view s) { return core::ToLowerAscii(core::TrimAscii(s)); }

std::optional<std::string> ValidateName(std::string_view name) {
  if (!core::IsValidUtf8(name)) return "Name contains invalid characters";
  for (char c : name) {
    if (IsControl(c)) return "Name contains invalid characters";
  }
  const std::size_t length = core::Utf8Length(name);
  if (length < kMinNameLength) return "Name must be at least 2 characters long";
  if (length > kMaxNameLength) return "Name cannot exceed 50 characters";
  return std::nullopt;
}

std::optional<std::string> ValidateEmail(std::string_view email) {
  static constexpr std::string_view kMessage = "Please provide a valid email address";
  if (email.size() > kMaxEmailLength) return std::string(kMessage);
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return std::string(kMessage);
  }
  if (!IsValidLocalPart(email.substr(0, at))) return std::string(kMessage);
  const std::vector<std::string_view> labels = core::Split(email.substr(at + 1), '.');
  if (labels.size() < 2) return std::string(kMessage);
  for (std::string_view label : labels) {
    if (!IsValidDomainLabel(label)) return std::string(kMessage);
  }
  if (!IsValidTopLevelLabel(labels.back())) return std::string(kMessage);
  return std::nullopt;
}

std::optional<std::string> ValidatePassword(std::string_view password) {
  if (password.find('\0') != std::string_view::npos || !core::IsValidUtf8(password)) {
    return "Password contains invalid characters";
  }
  const std::size_t length = core::Utf8Length(password);
  if (length < kMinPasswordLength) return "Password must be at least 6 characters long";
  if (length > kMaxPasswordLength) return "Password is too long";
  bool upper = false;
  bool lower = false;
  bool digit = false;
  for (char c : password) {
    upper = upper || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
    digit = digit || IsAsciiDigit(c);
  }
  if (!upper || !lower || !digit) {
    return "Password must contain at least one uppercase letter, one lowercase letter, and one "
           "number";
  }
  return std::nullopt;
}

std::optional<std::string> ValidateAvatar(std::string_view avatar) {
  if (avatar.empty()) return std::nullopt;
  static constexpr std::string_view kMessage = "Avatar must be an http(s) URL or a path";
  if (avatar.size() > kMaxAvatarLength) return "Avatar URL is too long";
  if (!core::IsValidUtf8(avatar)) return std::string(kMessage);
  for (char c : avatar) {
    if (IsControl(c) || c == ' ') return std::string(kMessage);
  }
  const std::string lower = core::ToLowerAscii(avatar.substr(0, 8));
  const bool is_path = avatar.front() == '/' && !core::StartsWith(avatar, "//");
  const bool is_url = (core::StartsWith(lower, "https://") && avatar.size() > 8) ||
                      (core::StartsWith(lower, "http://") && avatar.size() > 7);
  if (!is_path && !is_url) return std::string(kMessage);
  return std::nullopt;
}

}  // namespace carevoice::auth
