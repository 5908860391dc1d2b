#include "digest.hpp"

#include <sodium.h>

#include <cstring>
#include <stdexcept>

namespace kiosk {

std::string sha256_field(std::string_view bytes) {
    if (sodium_init() < 0) throw std::runtime_error("Unable to start libsodium");
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    std::string out(sodium_base64_encoded_len(sizeof hash, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return "sha-256=" + out;
}

}  // namespace kiosk
