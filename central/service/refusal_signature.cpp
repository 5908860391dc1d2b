#include "refusal_signature.hpp"

#include <httplib.h>

#include "protocol/names.hpp"
#include "protocol/signature.hpp"
#include "protocol/signing_texts.hpp"

namespace central {

void sign_refusal(Problem& problem, const httplib::Request& request, const std::string& method_and_path,
                  const std::string& received_body_digest, const std::string& store_id, std::int64_t now_s,
                  const StoreKey& key) {
    namespace member = protocol::refusal_member;
    auto time = problem.extra.find(member::store_time);
    std::int64_t store_time_s =
        time != problem.extra.end() && time->is_number_integer() ? time->get<std::int64_t>() : now_s;
    protocol::Refusal refusal{store_id,
                              problem.status,
                              problem.name,
                              store_time_s,
                              {method_and_path, request.get_header_value(protocol::kiosk_id_header),
                               request.get_header_value(protocol::request_id_header),
                               request.get_header_value(protocol::time_header),
                               request.get_header_value(protocol::body_digest_header)},
                              request.get_header_value(protocol::signature_header),
                              received_body_digest};
    problem.extra[member::store_id] = store_id;
    problem.extra[member::store_time] = store_time_s;
    problem.extra[member::received_body_digest] = received_body_digest;
    problem.extra[member::signature] =
        protocol::signature_field(key.sign(protocol::refusal_signing_text(refusal)));
}

}  // namespace central
