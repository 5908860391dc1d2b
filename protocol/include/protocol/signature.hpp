// Ed25519 signatures (libsodium) as the protocol writes them: "ed25519=<base64 with padding>", in a
// request's Kiosk-Signature and in the store's receipts and refusals.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "protocol/bytes.hpp"

namespace protocol {

std::string signature_field(const Signature& signature);
// The 64 bytes of an "ed25519=<base64>" field; nothing when `field` is not exactly that.
std::optional<Signature> signature_from_field(std::string_view field);
// True when `signature` is the Ed25519 signature of `text` by the holder of `public_key`.
bool signature_verifies(std::string_view text, const Signature& signature, const PublicKey& public_key);

}  // namespace protocol
