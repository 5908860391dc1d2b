// The store's receipt for a batch (docs/protocol.md, "The receipt"): the only proof that a batch
// arrived. A 200 without a receipt that verifies (a captive portal's page, a proxy's error, a cut-off
// body, another store's key) is not delivery. The receipt's members and signing text are the protocol
// library's; what the kiosk accepts as a receipt for its batch is decided here.
#pragma once
#include <string>

#include "protocol/bytes.hpp"
#include "protocol/signing_texts.hpp"

namespace kiosk {

using Receipt = protocol::Receipt;

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
ReceiptCheck check_receipt(const std::string& body, const protocol::PublicKey& store_public_key,
                           const ExpectedReceipt& expected);

}  // namespace kiosk
