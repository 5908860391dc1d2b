#include "sync_signing.hpp"

#include <sodium.h>

#include <cstring>

#include "kiosk_key.hpp"

namespace kiosk {

std::string base64_text(const unsigned char* bytes, std::size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::string request_signing_text(const SignedRequest& r) {
    return "charter-kiosk-request-v1\n" + r.method_and_path + "\n" + r.kiosk_id + "\n" + r.request_id + "\n" +
           std::to_string(r.time_s) + "\n" + r.body_digest + "\n";
}

std::string request_signature(const SignedRequest& r, const KioskKey& key) {
    auto signature = key.sign(request_signing_text(r));
    return "ed25519=" + base64_text(signature.data(), signature.size());
}

std::vector<std::string> signed_headers(const SignedRequest& r, const KioskKey& key) {
    return signed_headers(r, request_signature(r, key));
}

std::vector<std::string> signed_headers(const SignedRequest& r, const std::string& signature) {
    return {"Kiosk-Id: " + r.kiosk_id, "Kiosk-Request-Id: " + r.request_id,
            "Kiosk-Time: " + std::to_string(r.time_s), "Kiosk-Body-Digest: " + r.body_digest,
            "Kiosk-Signature: " + signature};
}

std::optional<std::array<unsigned char, 64>> signature_from_text(const std::string& text) {
    static_assert(crypto_sign_BYTES == 64, "an Ed25519 signature is 64 bytes");
    const std::string prefix = "ed25519=";
    std::array<unsigned char, 64> out{};
    std::size_t decoded = 0;
    if (text.rfind(prefix, 0) != 0 ||
        sodium_base642bin(out.data(), out.size(), text.data() + prefix.size(), text.size() - prefix.size(),
                          nullptr, &decoded, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        decoded != out.size())
        return std::nullopt;
    return out;
}

}  // namespace kiosk
