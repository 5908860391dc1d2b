// libsodium is started before its first use (sodium_init is safe to call again, and from any thread).
#pragma once
#include <sodium.h>

#include <stdexcept>

#include "protocol/bytes.hpp"

namespace protocol {

static_assert(crypto_sign_PUBLICKEYBYTES == public_key_bytes && crypto_sign_SEEDBYTES == seed_bytes &&
                  crypto_sign_BYTES == signature_bytes && crypto_hash_sha256_BYTES == digest_bytes,
              "the protocol's sizes are libsodium's Ed25519 and SHA-256 sizes");

inline void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("Unable to start libsodium");
}

}  // namespace protocol
