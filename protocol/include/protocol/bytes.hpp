// The fixed-size byte strings of the protocol: Ed25519 keys, seeds and signatures, SHA-256 digests.
#pragma once
#include <array>
#include <cstddef>

namespace protocol {

inline constexpr std::size_t public_key_bytes = 32;  // Ed25519 public key
inline constexpr std::size_t seed_bytes = 32;        // what a key file holds; the key pair follows from it
inline constexpr std::size_t signature_bytes = 64;   // Ed25519 detached signature
inline constexpr std::size_t digest_bytes = 32;      // SHA-256

using PublicKey = std::array<unsigned char, public_key_bytes>;
using Seed = std::array<unsigned char, seed_bytes>;
using Signature = std::array<unsigned char, signature_bytes>;
using Digest = std::array<unsigned char, digest_bytes>;

}  // namespace protocol
