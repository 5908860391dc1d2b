#include "admin_token.hpp"

#include <sodium.h>

#include <cctype>
#include <stdexcept>

#include "protocol/base64.hpp"
#include "protocol/digest.hpp"

namespace central {

std::string make_admin_token() {
    if (sodium_init() < 0) throw std::runtime_error("Unable to start libsodium");
    std::string bytes(32, '\0');
    randombytes_buf(bytes.data(), bytes.size());
    return protocol::base64url(bytes);
}

std::string admin_token_hash(const std::string& token) { return protocol::sha256_field(token); }

std::optional<std::string> bearer_token(const std::string& authorization) {
    // The scheme is case-insensitive (RFC 9110 §11.1).
    if (authorization.size() <= 7) return std::nullopt;
    std::string scheme = authorization.substr(0, 7);
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "bearer ") return std::nullopt;
    std::string token = authorization.substr(7);
    if (token.empty() || token.find_first_of(" \t") != std::string::npos) return std::nullopt;
    return token;
}

}  // namespace central
