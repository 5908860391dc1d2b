#include "refusal.hpp"

#include <nlohmann/json.hpp>

#include "protocol/names.hpp"
#include "protocol/signature.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

std::string text_member(const json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::string refusal_signing_text(const RefusalText& r, const SentRequest& sent) {
    // Lines 6-11 from the request as this kiosk sent it: a refusal signed over anything else is not
    // about this request.
    return protocol::refusal_signing_text({r.store_id, r.status, r.problem, r.store_time_s,
                                           request_lines(sent.request), sent.signature,
                                           r.received_body_digest});
}

std::string problem_name_of(const std::string& body) {
    json problem = json::parse(body, nullptr, false);
    if (!problem.is_object()) return "";
    std::string type = text_member(problem, "type");
    return type.substr(type.find_last_of('/') + 1);
}

RefusalCheck check_refusal(const HttpAnswer& answer, const SentRequest& sent,
                           const protocol::PublicKey& store_public_key) {
    namespace member = protocol::refusal_member;
    RefusalCheck check;
    json problem = json::parse(answer.body, nullptr, false);
    if (!problem.is_object()) {
        check.why = "not a problem+json from the store (no signature)";
        return check;
    }
    check.problem = problem_name_of(answer.body);
    auto time = problem.find(member::store_time);
    if (time != problem.end() && time->is_number_integer()) check.store_time_s = time->get<std::int64_t>();
    check.received_body_digest = text_member(problem, member::received_body_digest);
    auto signature = protocol::signature_from_field(text_member(problem, member::signature));
    if (!signature || time == problem.end() || !time->is_number_integer() ||
        check.received_body_digest.empty()) {
        check.why = "unsigned: no 'signature', 'store_time' and 'received_body_digest' of protocol 2";
        return check;
    }
    RefusalText text{text_member(problem, member::store_id), answer.status, check.problem, check.store_time_s,
                     check.received_body_digest};
    if (!protocol::signature_verifies(refusal_signing_text(text, sent), *signature, store_public_key)) {
        check.why =
            "its signature does not verify with the store's key over the request sent (another key, or a "
            "header changed on the way)";
        return check;
    }
    if (check.received_body_digest != protocol::body_not_read &&
        check.received_body_digest != sent.request.body_digest) {
        check.trust = RefusalTrust::about_other_bytes;
        check.why = "the store received a body other than the one sent (" + check.received_body_digest +
                    ", not " + sent.request.body_digest + "): it was changed on the way";
        return check;
    }
    check.trust = RefusalTrust::trusted;
    return check;
}

}  // namespace kiosk
