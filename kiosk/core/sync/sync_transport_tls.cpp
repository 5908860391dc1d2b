#include "sync_transport_tls.hpp"

#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <sodium.h>

#include <algorithm>
#include <memory>

namespace kiosk {
namespace {

bool is_ip_address(const std::string& host) {
    return host.find(':') != std::string::npos || std::all_of(host.begin(), host.end(), [](char ch) {
               return ch == '.' || (ch >= '0' && ch <= '9');
           });
}

// The SHA-256 of the DER SubjectPublicKeyInfo; false when OpenSSL cannot encode the key.
bool key_digest(X509* certificate, std::array<unsigned char, 32>& digest) {
    unsigned char* der = nullptr;
    int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(certificate), &der);
    if (length <= 0) return false;
    std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(der,
                                                                   [](unsigned char* p) { OPENSSL_free(p); });
    unsigned int size = 0;
    return EVP_Digest(der, static_cast<std::size_t>(length), digest.data(), &size, EVP_sha256(), nullptr) ==
               1 &&
           size == digest.size();
}

}  // namespace

std::string public_key_pin(X509* certificate) {
    std::array<unsigned char, 32> digest{};
    if (!key_digest(certificate, digest)) return "";
    std::string text(sodium_base64_encoded_len(digest.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), digest.data(), digest.size(), sodium_base64_VARIANT_ORIGINAL);
    text.resize(text.find('\0'));
    return "sha256//" + text;
}

CertificateCheck::CertificateCheck(std::string host, const std::string& pins) : host_(std::move(host)) {
    if (pins.empty()) return;
    std::size_t at = 0;
    for (;;) {
        std::size_t end = std::min(pins.find(';', at), pins.size());
        std::string pin = pins.substr(at, end - at);
        const std::string prefix = "sha256//";
        std::array<unsigned char, 32> digest{};
        std::size_t decoded = 0;
        if (pin.rfind(prefix, 0) != 0 ||
            sodium_base642bin(digest.data(), digest.size(), pin.data() + prefix.size(),
                              pin.size() - prefix.size(), nullptr, &decoded, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) != 0 ||
            decoded != digest.size()) {
            problem_ = "sync.pinned_public_key: '" + pin + "' is not a pin in libcurl's sha256// form";
            pins_.clear();
            return;
        }
        pins_.push_back(digest);
        if (end == pins.size()) return;
        at = end + 1;
    }
}

bool CertificateCheck::install(SSL_CTX* context) {
    if (!context || !problem_.empty()) return false;
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(context);
    bool named = is_ip_address(host_) ? X509_VERIFY_PARAM_set1_ip_asc(param, host_.c_str()) == 1
                                      : X509_VERIFY_PARAM_set1_host(param, host_.c_str(), host_.size()) == 1;
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    SSL_CTX_set_cert_verify_callback(context, &CertificateCheck::verify, this);
    return named && SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1;
}

// Replaces OpenSSL's chain verification for the context: runs it, then the pin. A refusal sets the
// store context's error, which is what SSL_get_verify_result reports, so a caller that only looks at
// that result (cpp-httplib 0.11 does, after the handshake) still refuses the connection.
int CertificateCheck::verify(X509_STORE_CTX* store, void* self) {
    auto* check = static_cast<CertificateCheck*>(self);
    if (X509_verify_cert(store) != 1) {
        if (X509_STORE_CTX_get_error(store) == X509_V_OK)
            X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
        return 0;
    }
    if (check->pins_.empty()) return 1;
    X509* leaf = X509_STORE_CTX_get0_cert(store);
    std::array<unsigned char, 32> digest{};
    if (leaf && key_digest(leaf, digest) &&
        std::find(check->pins_.begin(), check->pins_.end(), digest) != check->pins_.end())
        return 1;
    check->pin_refused_ = true;
    check->key_seen_ = leaf ? public_key_pin(leaf) : "";
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
}

}  // namespace kiosk
