// The signed request headers: the exact six lines of docs/protocol.md, signed by the kiosk's key.
#include "sync_signing.hpp"

#include <sodium.h>

#include <catch2/catch.hpp>

#include "kiosk_key.hpp"
#include "sync_fake_store.hpp"
#include "temp_dir.hpp"

using namespace kiosk;

TEST_CASE("the request signing text is the protocol's six lines") {
    SignedRequest r{"POST /v1/batches", "kiosk-7", "0190f3c2-8a1b-7c3d-9e4f-0123456789ab", 1764493923,
                    "sha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="};
    CHECK(request_signing_text(r) ==
          "charter-kiosk-request-v1\nPOST /v1/batches\nkiosk-7\n0190f3c2-8a1b-7c3d-9e4f-0123456789ab\n"
          "1764493923\nsha-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
}

TEST_CASE("the signed headers carry the request and a signature that verifies with the kiosk's public key") {
    TempDir dir;
    KioskKey key = KioskKey::load_or_create(dir.file("kiosk.key"));
    SignedRequest r{"POST /v1/heartbeats", "kiosk-7", "0190f3c2-8a1b-7c3d-9e4f-0123456789ab", 1764493923,
                    "sha-256=abc="};
    auto headers = signed_headers(r, key);
    REQUIRE(headers.size() == 5);
    CHECK(headers[0] == "Kiosk-Id: kiosk-7");
    CHECK(headers[1] == "Kiosk-Request-Id: 0190f3c2-8a1b-7c3d-9e4f-0123456789ab");
    CHECK(headers[2] == "Kiosk-Time: 1764493923");
    CHECK(headers[3] == "Kiosk-Body-Digest: sha-256=abc=");
    const std::string prefix = "Kiosk-Signature: ed25519=";
    REQUIRE(headers[4].rfind(prefix, 0) == 0);
    std::string encoded = headers[4].substr(prefix.size());
    unsigned char sig[64];
    std::size_t decoded = 0;
    REQUIRE(sodium_base642bin(sig, sizeof sig, encoded.data(), encoded.size(), nullptr, &decoded, nullptr,
                              sodium_base64_VARIANT_ORIGINAL) == 0);
    REQUIRE(decoded == 64);
    auto public_key = fake_store::public_key_of(key);
    std::string text = request_signing_text(r);
    CHECK(crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                      public_key.data()) == 0);
}
