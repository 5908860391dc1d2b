#include "receipt.hpp"

#include "batch_reader.hpp"
#include "wire_text.hpp"

namespace central {

Receipt make_receipt(const std::string& store_id, const IncomingBatch& batch, const BatchOutcome& outcome) {
    return Receipt{store_id,
                   batch.kiosk_id,
                   batch.batch_id,
                   batch.body_digest,
                   outcome.accepted,
                   outcome.already_present,
                   utc_seconds_text(outcome.received_ms)};
}

std::string receipt_signing_text(const Receipt& r) {
    return "charter-kiosk-receipt-v1\n" + r.store_id + "\n" + r.kiosk_id + "\n" + r.batch_id + "\n" +
           r.body_digest + "\n" + std::to_string(r.accepted) + "\n" + std::to_string(r.already_present) +
           "\n" + r.received + "\n";
}

nlohmann::json signed_receipt_json(const Receipt& r, const StoreKey& key) {
    nlohmann::json receipt = {{"protocol", protocol_version},
                              {"store_id", r.store_id},
                              {"kiosk_id", r.kiosk_id},
                              {"batch_id", r.batch_id},
                              {"body_digest", r.body_digest},
                              {"accepted", r.accepted},
                              {"already_present", r.already_present},
                              {"received", r.received}};
    return {{"receipt", receipt}, {"signature", "ed25519=" + base64(key.sign(receipt_signing_text(r)))}};
}

}  // namespace central
