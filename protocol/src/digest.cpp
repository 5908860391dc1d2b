#include "protocol/digest.hpp"

#include "protocol/base64.hpp"
#include "protocol/names.hpp"
#include "sodium_start.hpp"

namespace protocol {

// libsodium's SHA-256, not OpenSSL's: the library needs nothing but libsodium. OpenSSL's is faster where
// the CPU has SHA instructions (docs/performance.md has the figures for a 1 000-rating batch).
Digest sha256(std::string_view bytes) {
    start_sodium();
    Digest out{};
    crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return out;
}

std::string sha256_field(std::string_view bytes) { return digest_field(sha256(bytes)); }

std::string digest_field(const Digest& digest) {
    return std::string(digest_prefix) + base64(digest.data(), digest.size());
}

std::optional<Digest> digest_from_field(std::string_view field) {
    Digest out{};
    if (field.substr(0, digest_prefix.size()) != digest_prefix ||
        !decode_base64(field.substr(digest_prefix.size()), out.data(), out.size()))
        return std::nullopt;
    return out;
}

}  // namespace protocol
