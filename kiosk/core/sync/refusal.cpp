#include "refusal.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace kiosk {
namespace {

using nlohmann::json;

std::string text_member(const json& object, const char* name) {
    auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::string refusal_signing_text(const RefusalText& r, const SentRequest& sent) {
    const SignedRequest& q = sent.request;
    return "charter-kiosk-refusal-v2\n" + r.store_id + "\n" + std::to_string(r.status) + "\n" + r.problem +
           "\n" + std::to_string(r.store_time_s) + "\n" + q.method_and_path + "\n" + q.kiosk_id + "\n" +
           q.request_id + "\n" + std::to_string(q.time_s) + "\n" + q.body_digest + "\n" + sent.signature +
           "\n" + r.received_body_digest + "\n";
}

std::string problem_name_of(const std::string& body) {
    json problem = json::parse(body, nullptr, false);
    if (!problem.is_object()) return "";
    std::string type = text_member(problem, "type");
    return type.substr(type.find_last_of('/') + 1);
}

RefusalCheck check_refusal(const HttpAnswer& answer, const SentRequest& sent,
                           const std::array<unsigned char, 32>& store_public_key) {
    RefusalCheck check;
    json problem = json::parse(answer.body, nullptr, false);
    if (!problem.is_object()) {
        check.why = "not a problem+json from the store (no signature)";
        return check;
    }
    check.problem = problem_name_of(answer.body);
    auto time = problem.find("store_time");
    if (time != problem.end() && time->is_number_integer()) check.store_time_s = time->get<std::int64_t>();
    check.received_body_digest = text_member(problem, "received_body_digest");
    auto signature = signature_from_text(text_member(problem, "signature"));
    if (!signature || time == problem.end() || !time->is_number_integer() ||
        check.received_body_digest.empty()) {
        check.why = "unsigned: no 'signature', 'store_time' and 'received_body_digest' of protocol 2";
        return check;
    }
    RefusalText text{text_member(problem, "store_id"), answer.status, check.problem, check.store_time_s,
                     check.received_body_digest};
    std::string signed_text = refusal_signing_text(text, sent);
    if (sodium_init() < 0 ||
        crypto_sign_verify_detached(signature->data(),
                                    reinterpret_cast<const unsigned char*>(signed_text.data()),
                                    signed_text.size(), store_public_key.data()) != 0) {
        check.why =
            "its signature does not verify with the store's key over the request sent (another key, or a "
            "header changed on the way)";
        return check;
    }
    if (check.received_body_digest != body_not_read &&
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
