// The store's signed receipt for a stored batch (docs/protocol.md, "The receipt"): only with it does a
// kiosk count the batch delivered.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "ledger.hpp"
#include "store_key.hpp"

namespace central {

struct Receipt {
    std::string store_id;
    std::string kiosk_id;
    std::string batch_id;
    std::string body_digest;
    int accepted = 0;
    int already_present = 0;
    std::string received;  // "2026-11-30T09:12:04Z"
};

Receipt make_receipt(const std::string& store_id, const IncomingBatch& batch, const BatchOutcome& outcome);

// The eight lines, each ended by "\n": "charter-kiosk-receipt-v1", then the members in protocol order.
std::string receipt_signing_text(const Receipt& receipt);

// {"receipt": {...}, "signature": "ed25519=<base64>"}
nlohmann::json signed_receipt_json(const Receipt& receipt, const StoreKey& key);

}  // namespace central
