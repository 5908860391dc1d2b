#include "refusal_signature.hpp"

#include <httplib.h>

#include "wire_text.hpp"

namespace central {

std::string refusal_signing_text(const RefusalFacts& f) {
    return "charter-kiosk-refusal-v2\n" + f.store_id + "\n" + std::to_string(f.status) + "\n" + f.problem +
           "\n" + std::to_string(f.store_time_s) + "\n" + f.method_and_path + "\n" + f.kiosk_id + "\n" +
           f.request_id + "\n" + f.kiosk_time + "\n" + f.body_digest + "\n" + f.signature + "\n" +
           f.received_body_digest + "\n";
}

void sign_refusal(Problem& problem, const httplib::Request& request, const std::string& method_and_path,
                  const std::string& received_body_digest, const std::string& store_id, std::int64_t now_s,
                  const StoreKey& key) {
    auto time = problem.extra.find("store_time");
    std::int64_t store_time_s =
        time != problem.extra.end() && time->is_number_integer() ? time->get<std::int64_t>() : now_s;
    RefusalFacts facts{store_id,
                       problem.status,
                       problem.name,
                       store_time_s,
                       method_and_path,
                       request.get_header_value("Kiosk-Id"),
                       request.get_header_value("Kiosk-Request-Id"),
                       request.get_header_value("Kiosk-Time"),
                       request.get_header_value("Kiosk-Body-Digest"),
                       request.get_header_value("Kiosk-Signature"),
                       received_body_digest};
    problem.extra["store_id"] = store_id;
    problem.extra["store_time"] = store_time_s;
    problem.extra["received_body_digest"] = received_body_digest;
    problem.extra["signature"] = "ed25519=" + base64(key.sign(refusal_signing_text(facts)));
}

}  // namespace central
