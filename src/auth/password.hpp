#pragma once

// bcrypt password hashing through libcrypt (libxcrypt). Hashes are "$2b$"; "$2a$" (bcryptjs 2.x,
// the old backend), "$2b$" (bcryptjs 3.x, OpenBSD) and "$2y$" (PHP) all verify.
//
// bcrypt only uses the first 72 bytes of a password: two passwords that share their first 72
// bytes have the same hash. Both functions here truncate explicitly, exactly as bcryptjs does, so
// hashes stay interchangeable. Validation limits passwords to 128 code points, so a long
// non-ASCII password can exceed 72 bytes; this is accepted.
//
// Both functions are blocking (cost 10 is ~50-100 ms of CPU) and thread-safe.

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace carevoice::auth {

inline constexpr int kDefaultBcryptCost = 10;
inline constexpr int kMinBcryptCost = 4;
inline constexpr int kMaxBcryptCost = 31;
// Bytes of the password that bcrypt uses.
inline constexpr std::size_t kBcryptMaxPasswordBytes = 72;

// Returns a "$2b$<cost>$<salt><hash>" bcrypt hash (60 characters) of `password` with a fresh
// random salt. Errors: kBadRequest if `password` contains a NUL byte; kInternal if `cost` is
// outside [kMinBcryptCost, kMaxBcryptCost] or libcrypt fails.
core::Result<std::string> HashPassword(std::string_view password, int cost = kDefaultBcryptCost);

// Returns true iff `hash` is a well-formed "$2a$", "$2b$" or "$2y$" bcrypt hash of `password`.
// The final comparison is constant-time. Returns false (never fails) on a malformed hash or a
// password containing a NUL byte.
bool VerifyPassword(std::string_view password, std::string_view hash);

// Returns the cost of a well-formed bcrypt `hash`, or -1.
int BcryptCost(std::string_view hash);

}  // namespace carevoice::auth
