// Base64 in the protocol's two forms (RFC 4648), by libsodium: standard with padding (digests,
// signatures) and base64url without padding (public keys, key files' seeds, admin tokens). A decoder
// takes only the one canonical text of the expected number of bytes: a second spelling of a key or a
// digest is refused, not read as the same.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.hpp"

namespace protocol {

// RFC 4648 §4, with padding.
std::string base64(std::string_view bytes);
std::string base64(const unsigned char* bytes, std::size_t size);
// RFC 4648 §5, without padding.
std::string base64url(std::string_view bytes);
std::string base64url(const unsigned char* bytes, std::size_t size);

// The `size` bytes `text` encodes, or nothing when `text` is not exactly their canonical encoding.
std::optional<std::string> decode_base64(std::string_view text, std::size_t size);
std::optional<std::string> decode_base64url(std::string_view text, std::size_t size);
// The same into `out` (which holds `size` bytes); false, and `out` wiped, when `text` is not one.
bool decode_base64(std::string_view text, unsigned char* out, std::size_t size);
bool decode_base64url(std::string_view text, unsigned char* out, std::size_t size);

// A public key as the protocol writes it (enrolment codes, sync.store_public_key): 43 characters of
// base64url. Nothing when `text` is not that.
std::string public_key_text(const PublicKey& key);
std::optional<PublicKey> public_key_from_text(std::string_view text);

}  // namespace protocol
