// The small text forms the sync protocol writes on the wire (docs/protocol.md): base64 in its two
// variants, "sha-256=" digests, UTC times, kiosk ids and UUIDs. libsodium does the encoding.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace central {

// RFC 4648 §4 base64 with padding (digests, signatures in headers).
std::string base64(std::string_view bytes);
// RFC 4648 §5 base64url without padding (public keys, the key file's seed, admin tokens).
std::string base64url(std::string_view bytes);
// The decoded bytes, or nothing when `text` is not exactly that encoding of `size` bytes.
std::optional<std::string> decode_base64(std::string_view text, std::size_t size);
std::optional<std::string> decode_base64url(std::string_view text, std::size_t size);

// The raw SHA-256 of `bytes` (32 bytes), and the protocol's field: "sha-256=<base64>".
std::string sha256(std::string_view bytes);
std::string sha256_field(std::string_view bytes);

// "2026-11-30T09:12:04Z": whole seconds, as the receipt's "received" and the fleet's times.
std::string utc_seconds_text(std::int64_t ms);
// True for "YYYY-MM-DD" naming a real calendar day (the export's from/to).
bool is_utc_date(std::string_view text);
// True for an RFC 3339 UTC time as the kiosk writes it: "YYYY-MM-DDTHH:MM:SS[.fff]Z".
bool is_utc_time(std::string_view text);
// Such a time as milliseconds since 1970 (a finer fraction is cut to the millisecond); nothing when
// `text` is not one.
std::optional<std::int64_t> utc_time_ms(std::string_view text);

// 1–64 characters from A–Z a–z 0–9 . _ - (kiosk and store ids).
bool is_kiosk_id(std::string_view text);
// A UUID written lower-case and hyphenated: 8-4-4-4-12 hexadecimal digits.
bool is_uuid(std::string_view text);

// Milliseconds since 1970 by the system clock.
std::int64_t system_now_ms();

}  // namespace central
