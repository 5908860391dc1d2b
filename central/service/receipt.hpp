// The store's signed receipt for a stored batch (docs/protocol.md, "The receipt"): only with it does a
// kiosk count the batch delivered. Its members and signing text are the protocol library's.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "ledger.hpp"
#include "protocol/signing_texts.hpp"
#include "store_key.hpp"

namespace central {

using Receipt = protocol::Receipt;

// The receipt for `batch` as the ledger stored it: its counts, and its time in whole seconds.
Receipt make_receipt(const std::string& store_id, const IncomingBatch& batch, const BatchOutcome& outcome);

// {"receipt": {"protocol": 1, ...}, "signature": "ed25519=<base64>"}, signed over
// protocol::receipt_signing_text.
nlohmann::json signed_receipt_json(const Receipt& receipt, const StoreKey& key);

}  // namespace central
