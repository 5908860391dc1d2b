#include "receipt.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "sync_signing.hpp"

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

std::string receipt_signing_text(const Receipt& r) {
    return "charter-kiosk-receipt-v1\n" + r.store_id + "\n" + r.kiosk_id + "\n" + r.batch_id + "\n" +
           r.body_digest + "\n" + std::to_string(r.accepted) + "\n" + std::to_string(r.already_present) +
           "\n" + r.received + "\n";
}

ReceiptCheck check_receipt(const std::string& body, const std::array<unsigned char, 32>& store_public_key,
                           const ExpectedReceipt& expected) {
    ReceiptCheck check;
    json answer = json::parse(body, nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
        check.problem = "the answer is not JSON";
        return check;
    }
    auto inner = answer.find("receipt");
    if (inner == answer.end() || !inner->is_object()) {
        check.problem = "the answer has no 'receipt' object";
        return check;
    }
    Receipt& r = check.receipt;
    if (!read_member(*inner, "store_id", r.store_id, check.problem) ||
        !read_member(*inner, "kiosk_id", r.kiosk_id, check.problem) ||
        !read_member(*inner, "batch_id", r.batch_id, check.problem) ||
        !read_member(*inner, "body_digest", r.body_digest, check.problem) ||
        !read_member(*inner, "accepted", r.accepted, check.problem) ||
        !read_member(*inner, "already_present", r.already_present, check.problem) ||
        !read_member(*inner, "received", r.received, check.problem))
        return check;

    std::string signature_text;
    if (!read_member(answer, "signature", signature_text, check.problem)) return check;
    auto signature = signature_from_text(signature_text);
    if (sodium_init() < 0 || !signature) {
        check.problem = "the receipt's signature is not 'ed25519=' and 64 bytes of base64";
        return check;
    }
    std::string signed_text = receipt_signing_text(r);
    if (crypto_sign_verify_detached(signature->data(),
                                    reinterpret_cast<const unsigned char*>(signed_text.data()),
                                    signed_text.size(), store_public_key.data()) != 0) {
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
