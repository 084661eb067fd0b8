#pragma once

// Field rules for registration and profile updates, with the old backend's messages.

#include <optional>
#include <string>
#include <string_view>

namespace carevoice::auth {

inline constexpr std::size_t kMinNameLength = 2;   // Code points, after trimming.
inline constexpr std::size_t kMaxNameLength = 50;  // Code points, after trimming.
inline constexpr std::size_t kMinPasswordLength = 6;
inline constexpr std::size_t kMaxPasswordLength = 128;
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMaxAvatarLength = 2048;

// Returns `s` without leading and trailing ASCII whitespace.
std::string NormalizeName(std::string_view s);
// Returns `s` trimmed and ASCII-lower-cased.
std::string NormalizeEmail(std::string_view s);

// Each Validate* takes a normalized value and returns nullopt if it is acceptable, else the
// message to show for that field.

// 2..50 code points of well-formed UTF-8 without control characters.
std::optional<std::string> ValidateName(std::string_view name);
// A pragmatic address check: one '@'; a local part of 1..64 characters from the RFC 5322 atom
// set, dots only between characters; a domain of two or more dot-separated labels of letters,
// digits and inner hyphens (1..63 each); a top-level label of two or more letters (any length,
// so ".info" and ".technology" pass) or an "xn--" label; 254 characters at most.
std::optional<std::string> ValidateEmail(std::string_view email);
// 6..128 code points with at least one ASCII upper-case letter, lower-case letter and digit, and
// no NUL byte.
std::optional<std::string> ValidatePassword(std::string_view password);
// Empty (no avatar), a path starting with '/', or an http(s) URL; no whitespace or control
// characters; 2048 bytes at most.
std::optional<std::string> ValidateAvatar(std::string_view avatar);

}  // namespace carevoice::auth
