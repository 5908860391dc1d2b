// The store's receipt for a batch (docs/protocol.md, "The receipt"): the only proof that a batch
// arrived. A 200 without a receipt that verifies (a captive portal's page, a proxy's error, a cut-off
// body, another store's key) is not delivery.
#pragma once
#include <array>
#include <cstdint>
#include <string>

namespace kiosk {

struct Receipt {
    std::string store_id;
    std::string kiosk_id;
    std::string batch_id;
    std::string body_digest;
    std::int64_t accepted = 0;
    std::int64_t already_present = 0;
    std::string received;
};

// The eight lines the store signs, each ended by '\n'.
std::string receipt_signing_text(const Receipt& receipt);

// What the kiosk expects a receipt for its batch to say.
struct ExpectedReceipt {
    std::string kiosk_id;
    std::string batch_id;
    std::string body_digest;
    int ratings = 0;
};

struct ReceiptCheck {
    bool valid = false;
    std::string problem;  // why not, for a person reading the log; empty when valid
    Receipt receipt;      // as far as it could be read
};

// Reads a 200's body as {"receipt": {...}, "signature": "ed25519=…"} and checks the signature with
// the store's key from the configuration, that it names our kiosk, batch and body, and that its
// counts add up to the batch's ratings.
ReceiptCheck check_receipt(const std::string& body, const std::array<unsigned char, 32>& store_public_key,
                           const ExpectedReceipt& expected);

}  // namespace kiosk
