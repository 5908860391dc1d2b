// SHA-256 (libsodium) and the protocol's digest field, "sha-256=<base64 with padding>": a request's
// Kiosk-Body-Digest, a receipt's body_digest, a refusal's received_body_digest, a configuration's digest.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.hpp"

namespace protocol {

Digest sha256(std::string_view bytes);
// "sha-256=" and the base64 of the SHA-256 of `bytes`.
std::string sha256_field(std::string_view bytes);
std::string digest_field(const Digest& digest);
// The 32 bytes of a "sha-256=<base64>" field; nothing when `field` is not exactly that.
std::optional<Digest> digest_from_field(std::string_view field);

}  // namespace protocol
