// What the sync test tools share: key pairs made from a text (so a rerun with the same --seed gives the
// same keys), base64 in the protocol's two forms, digests, UTC times, and the receipt's and request's
// signing texts (docs/protocol.md). Written here from the document on purpose, not taken from the
// protocol library (protocol/): the tools are an independent oracle, so a mistake in the library cannot
// cancel out against itself. Header-only: every tools/*.cpp is a program of its own
// (tests/sync/CMakeLists.txt).
#pragma once
#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sync_tools {

struct KeyPair {
    std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
    std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key{};
};

inline void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("Unable to start libsodium");
}

// The seed is the SHA-256 of `text`: the same text always gives the same pair. Test keys only.
inline KeyPair key_pair_from_text(std::string_view text) {
    start_sodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> seed{};
    crypto_hash_sha256(seed.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    KeyPair pair;
    crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data());
    return pair;
}

inline std::string base64(const unsigned char* bytes, std::size_t size, int variant) {
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

inline std::string base64url(const unsigned char* bytes, std::size_t size) {
    return base64(bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

// Decodes `text` (base64url without padding, or standard base64 with `variant`); nullopt when it is not
// exactly `size` bytes of that form.
inline std::optional<std::string> decode_base64(std::string_view text, std::size_t size,
                                                int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING) {
    start_sodium();
    std::string out(size, '\0');
    std::size_t decoded = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &decoded, nullptr, variant) != 0 ||
        decoded != size)
        return std::nullopt;
    return out;
}

// docs/protocol.md: "sha-256=" and the base64 (with padding) of the SHA-256 of `bytes`.
inline std::string sha256_field(std::string_view bytes) {
    start_sodium();
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return "sha-256=" + base64(hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
}

// "2026-11-30T09:01:12.345Z": a UTC time as the kiosk writes it, for `ms` since 1970 (after 1970).
inline std::string utc_ms_text(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[40];
    std::size_t n = std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(out + n, sizeof out - n, ".%03dZ", static_cast<int>(ms % 1000));
    return out;
}

inline std::string sign_text(std::string_view text, const KeyPair& key) {
    unsigned char signature[crypto_sign_BYTES];
    crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                         key.secret_key.data());
    return "ed25519=" + base64(signature, sizeof signature, sodium_base64_VARIANT_ORIGINAL);
}

// True when `field` ("ed25519=<base64>") is a signature of `text` by `public_key` (32 raw bytes).
inline bool signature_verifies(std::string_view field, std::string_view text, const std::string& public_key) {
    constexpr std::string_view prefix = "ed25519=";
    if (field.substr(0, prefix.size()) != prefix || public_key.size() != crypto_sign_PUBLICKEYBYTES)
        return false;
    auto signature =
        decode_base64(field.substr(prefix.size()), crypto_sign_BYTES, sodium_base64_VARIANT_ORIGINAL);
    return signature &&
           crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                       reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                       reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

// docs/protocol.md, "The receipt": eight lines, each ended by '\n'. Throws nlohmann::json's type_error
// when a member is missing or of the wrong type (the caller reports the receipt as malformed).
inline std::string receipt_signing_text(const nlohmann::json& receipt) {
    std::string text = "charter-kiosk-receipt-v1\n";
    for (const char* member : {"store_id", "kiosk_id", "batch_id", "body_digest"})
        text += receipt.at(member).get<std::string>() + "\n";
    text += std::to_string(receipt.at("accepted").get<std::int64_t>()) + "\n";
    text += std::to_string(receipt.at("already_present").get<std::int64_t>()) + "\n";
    text += receipt.at("received").get<std::string>() + "\n";
    return text;
}

// docs/protocol.md, "Signed requests": six lines, each ended by '\n'.
inline std::string request_signing_text(std::string_view method_and_path, std::string_view kiosk_id,
                                        std::string_view request_id, std::string_view time,
                                        std::string_view body_digest) {
    std::string text = "charter-kiosk-request-v1\n";
    for (std::string_view line : {method_and_path, kiosk_id, request_id, time, body_digest})
        text.append(line).append("\n");
    return text;
}

}  // namespace sync_tools
