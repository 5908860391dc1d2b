#include "receipt.hpp"

#include "batch_reader.hpp"
#include "protocol/names.hpp"
#include "protocol/signature.hpp"
#include "protocol/utc_text.hpp"

namespace central {

Receipt make_receipt(const std::string& store_id, const IncomingBatch& batch, const BatchOutcome& outcome) {
    return Receipt{store_id,
                   batch.kiosk_id,
                   batch.batch_id,
                   batch.body_digest,
                   outcome.accepted,
                   outcome.already_present,
                   protocol::utc_seconds_text(outcome.received_ms)};
}

nlohmann::json signed_receipt_json(const Receipt& r, const StoreKey& key) {
    namespace member = protocol::receipt_member;
    nlohmann::json receipt = {{member::protocol, protocol_version},
                              {member::store_id, r.store_id},
                              {member::kiosk_id, r.kiosk_id},
                              {member::batch_id, r.batch_id},
                              {member::body_digest, r.body_digest},
                              {member::accepted, r.accepted},
                              {member::already_present, r.already_present},
                              {member::received, r.received}};
    return {{member::receipt, receipt},
            {member::signature, protocol::signature_field(key.sign(protocol::receipt_signing_text(r)))}};
}

}  // namespace central
