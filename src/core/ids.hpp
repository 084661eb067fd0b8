#pragma once

#include <string>
#include <string_view>

namespace carevoice::core {

// Returns a new 24-hex-digit id shaped like a MongoDB ObjectId: 4 bytes of seconds since the
// epoch, 5 random bytes chosen once per process, and a 3-byte counter. Ids made later sort later
// (to the second). Thread-safe.
std::string NewObjectId();

// Returns true iff `s` is exactly 24 lower- or upper-case hex digits.
bool IsObjectId(std::string_view s);

// Returns `n` cryptographically random bytes encoded as lower-case hex (2n characters).
std::string RandomHex(std::size_t n);

// Returns `n` cryptographically random bytes encoded as unpadded base64url.
std::string RandomBase64Url(std::size_t n);

}  // namespace carevoice::core
