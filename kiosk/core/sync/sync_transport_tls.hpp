// What the kiosk checks of the store's certificate, on top of OpenSSL's verification of its chain
// against sync.ca_file or the system's CAs: the host name or IP address of the URL (OpenSSL's RFC 6125
// rules, no partial wildcards), and, when sync.pinned_public_key is set, that the leaf certificate's
// public key is one of the pinned ones. Both run inside the chain verification of every handshake, so
// a mismatch is a verification failure like an unknown CA: the connection is refused before anything
// is sent. The pin is libcurl's form: "sha256//" and the base64 of the SHA-256 of the DER
// SubjectPublicKeyInfo, several joined by ';' (a key rollover).
#pragma once
#include <openssl/ssl.h>

#include <array>
#include <string>
#include <vector>

namespace kiosk {

// "sha256//<base64>" of `certificate`'s public key, as a pin names it.
std::string public_key_pin(X509* certificate);

class CertificateCheck {
  public:
    // `host`: the store's host name or IP address (IPv6 without brackets); `pins` may be empty.
    CertificateCheck(std::string host, const std::string& pins);
    CertificateCheck(const CertificateCheck&) = delete;
    CertificateCheck& operator=(const CertificateCheck&) = delete;

    // Empty when the check can be used; else why not (a pin that is not in libcurl's form).
    const std::string& problem() const { return problem_; }

    // Makes every handshake of `context` run the checks; false when OpenSSL refused a setting. The
    // check must outlive `context`'s connections.
    bool install(SSL_CTX* context);

    // After a refused handshake: whether the pin refused it, and the pin of the key the store showed.
    void forget_last() {
        pin_refused_ = false;
        key_seen_.clear();
    }
    bool pin_refused() const { return pin_refused_; }
    const std::string& key_seen() const { return key_seen_; }

  private:
    static int verify(X509_STORE_CTX* store, void* self);

    std::string host_;
    std::vector<std::array<unsigned char, 32>> pins_;
    std::string problem_;
    bool pin_refused_ = false;
    std::string key_seen_;
};

}  // namespace kiosk
