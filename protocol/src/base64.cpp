#include "protocol/base64.hpp"

#include <sodium.h>

#include <cstring>

#include "sodium_start.hpp"

namespace protocol {
namespace {

std::string encode(const unsigned char* bytes, std::size_t size, int variant) {
    start_sodium();
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

bool decode(std::string_view text, unsigned char* out, std::size_t size, int variant) {
    start_sodium();
    std::size_t decoded = 0;
    const char* end = nullptr;
    bool ok = sodium_base642bin(out, size, text.data(), text.size(), nullptr, &decoded, &end, variant) == 0 &&
              decoded == size && end == text.data() + text.size() &&
              // Only the one canonical text of these bytes (unused trailing bits zero).
              encode(out, size, variant) == text;
    if (!ok) sodium_memzero(out, size);
    return ok;
}

std::optional<std::string> decode_string(std::string_view text, std::size_t size, int variant) {
    std::string out(size, '\0');
    if (!decode(text, reinterpret_cast<unsigned char*>(out.data()), size, variant)) return std::nullopt;
    return out;
}

const unsigned char* bytes_of(std::string_view text) {
    return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string base64(std::string_view bytes) { return base64(bytes_of(bytes), bytes.size()); }
std::string base64(const unsigned char* bytes, std::size_t size) {
    return encode(bytes, size, sodium_base64_VARIANT_ORIGINAL);
}
std::string base64url(std::string_view bytes) { return base64url(bytes_of(bytes), bytes.size()); }
std::string base64url(const unsigned char* bytes, std::size_t size) {
    return encode(bytes, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> decode_base64(std::string_view text, std::size_t size) {
    return decode_string(text, size, sodium_base64_VARIANT_ORIGINAL);
}
std::optional<std::string> decode_base64url(std::string_view text, std::size_t size) {
    return decode_string(text, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
bool decode_base64(std::string_view text, unsigned char* out, std::size_t size) {
    return decode(text, out, size, sodium_base64_VARIANT_ORIGINAL);
}
bool decode_base64url(std::string_view text, unsigned char* out, std::size_t size) {
    return decode(text, out, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string public_key_text(const PublicKey& key) { return base64url(key.data(), key.size()); }

std::optional<PublicKey> public_key_from_text(std::string_view text) {
    PublicKey key{};
    if (!decode_base64url(text, key.data(), key.size())) return std::nullopt;
    return key;
}

}  // namespace protocol
