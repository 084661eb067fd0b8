#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carevoice::core {

// Lower-case hex of the bytes in `bytes`.
std::string HexEncode(std::string_view bytes);

// Standard base64 with padding, and unpadded base64url (RFC 4648 §5).
std::string Base64Encode(std::string_view bytes);
std::string Base64UrlEncode(std::string_view bytes);
// Returns the decoded bytes, or nullopt if `text` is not valid base64url (padding optional).
std::optional<std::string> Base64UrlDecode(std::string_view text);
// Returns the decoded bytes, or nullopt if `text` is not valid standard base64.
std::optional<std::string> Base64Decode(std::string_view text);

// ASCII-only helpers; bytes >= 0x80 are left unchanged.
std::string ToLowerAscii(std::string_view s);
std::string_view TrimAscii(std::string_view s);
bool EqualsIgnoreCaseAscii(std::string_view a, std::string_view b);
bool StartsWith(std::string_view s, std::string_view prefix);

// Splits on `sep`, keeping empty pieces.
std::vector<std::string_view> Split(std::string_view s, char sep);

// Returns the number of Unicode code points in valid UTF-8 `s` (bytes of invalid sequences count
// one each).
std::size_t Utf8Length(std::string_view s);
// Returns true iff `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);
// Returns the code points of `s`, one per well-formed UTF-8 sequence; each byte of a malformed
// sequence stands for itself (as Utf8Length counts them).
std::u32string Utf8CodePoints(std::string_view s);

// Returns `text` without the code points that hide or disguise text: C0 controls except tab and
// newline (a CR is dropped, so CRLF becomes LF), DEL, C1 controls (U+0080..U+009F), and the
// bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069). Bytes of
// malformed UTF-8 are kept as they are (validation reports them).
std::string StripUnsafeControls(std::string_view text);
// Returns true if `text` has at least one visible code point: one that is not whitespace and not
// invisible (zero-width spaces and joiners, bidi marks, word joiner, BOM, soft hyphen, Unicode
// spaces, Hangul fillers, braille blank).
bool HasVisibleText(std::string_view text);

// Parses exactly `n` ASCII digits of `s` starting at `pos` into `out`. Returns false (leaving
// `out` alone) if `s` is too short or any of them is not a digit. REQUIRES: n <= 9.
bool ParseFixedDigits(std::string_view s, std::size_t pos, std::size_t n, int& out);

// Compares two byte strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Returns the SHA-256 digest of `data` as lower-case hex.
std::string Sha256Hex(std::string_view data);

// Returns the optimal-string-alignment edit distance of `a` and `b` (insertions, deletions,
// substitutions and adjacent transpositions), or `limit + 1` when it exceeds `limit`. Words of
// more than 32 bytes are only ever equal (0) or too far.
int EditDistance(std::string_view a, std::string_view b, int limit);

}  // namespace carevoice::core
