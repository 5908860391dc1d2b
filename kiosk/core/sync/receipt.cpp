#include "receipt.hpp"

#include <nlohmann/json.hpp>

#include "protocol/names.hpp"
#include "protocol/signature.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

// A member that must be there with the right type; says which one is not.
template <class T>
bool read_member(const json& object, const char* name, T& out, std::string& problem) {
    auto it = object.find(name);
    bool fits = false;
    if (it != object.end()) {
        if constexpr (std::is_same_v<T, std::string>)
            fits = it->is_string();
        else
            fits = it->is_number_integer() && it->template get<std::int64_t>() >= 0;
    }
    if (!fits) {
        problem = std::string("the receipt has no valid '") + name + "'";
        return false;
    }
    out = it->template get<T>();
    return true;
}

}  // namespace

ReceiptCheck check_receipt(const std::string& body, const protocol::PublicKey& store_public_key,
                           const ExpectedReceipt& expected) {
    namespace member = protocol::receipt_member;
    ReceiptCheck check;
    json answer = json::parse(body, nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
        check.problem = "the answer is not JSON";
        return check;
    }
    auto inner = answer.find(member::receipt);
    if (inner == answer.end() || !inner->is_object()) {
        check.problem = "the answer has no 'receipt' object";
        return check;
    }
    Receipt& r = check.receipt;
    if (!read_member(*inner, member::store_id, r.store_id, check.problem) ||
        !read_member(*inner, member::kiosk_id, r.kiosk_id, check.problem) ||
        !read_member(*inner, member::batch_id, r.batch_id, check.problem) ||
        !read_member(*inner, member::body_digest, r.body_digest, check.problem) ||
        !read_member(*inner, member::accepted, r.accepted, check.problem) ||
        !read_member(*inner, member::already_present, r.already_present, check.problem) ||
        !read_member(*inner, member::received, r.received, check.problem))
        return check;

    std::string signature_text;
    if (!read_member(answer, member::signature, signature_text, check.problem)) return check;
    auto signature = protocol::signature_from_field(signature_text);
    if (!signature) {
        check.problem = "the receipt's signature is not 'ed25519=' and 64 bytes of base64";
        return check;
    }
    if (!protocol::signature_verifies(protocol::receipt_signing_text(r), *signature, store_public_key)) {
        check.problem =
            "the receipt's signature does not verify with the store's key (sync.store_public_key)";
        return check;
    }
    if (r.kiosk_id != expected.kiosk_id)
        check.problem = "the receipt names kiosk '" + r.kiosk_id + "', not this one";
    else if (r.batch_id != expected.batch_id)
        check.problem = "the receipt names batch " + r.batch_id + ", not " + expected.batch_id;
    else if (r.body_digest != expected.body_digest)
        check.problem = "the receipt's body digest is not the one sent";
    else if (r.accepted + r.already_present != expected.ratings)
        check.problem = "the receipt counts " + std::to_string(r.accepted) + " accepted and " +
                        std::to_string(r.already_present) + " already present, but the batch holds " +
                        std::to_string(expected.ratings) + " ratings";
    else
        check.valid = true;
    return check;
}

}  // namespace kiosk
