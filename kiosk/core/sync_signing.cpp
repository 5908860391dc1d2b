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
    return {"Kiosk-Id: " + r.kiosk_id, "Kiosk-Request-Id: " + r.request_id,
            "Kiosk-Time: " + std::to_string(r.time_s), "Kiosk-Body-Digest: " + r.body_digest,
            "Kiosk-Signature: " + request_signature(r, key)};
}

}  // namespace kiosk
