// The receipt check alone: the exact text the store signs, and each reason a receipt is refused.
#include <sodium.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <nlohmann/json.hpp>

#include "receipt.hpp"

using namespace kiosk;
using nlohmann::json;

namespace {

std::string base64_text(const unsigned char* bytes, std::size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

struct StoreKey {
    std::array<unsigned char, 32> public_key{};
    std::array<unsigned char, 64> secret{};
    StoreKey() {
        REQUIRE(sodium_init() >= 0);
        crypto_sign_keypair(public_key.data(), secret.data());
    }
    // A receipt as the store sends it, signed over `signed_text` (by default the protocol's text).
    std::string answer(const json& receipt, const std::string& signed_text) const {
        unsigned char sig[64];
        crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(signed_text.data()),
                             signed_text.size(), secret.data());
        return json({{"receipt", receipt}, {"signature", "ed25519=" + base64_text(sig, 64)}}).dump();
    }
};

const ExpectedReceipt ours{"kiosk-7", "0190f3c2-8a1b-7c3d-9e4f-0123456789ab", "sha-256=AAAA", 3};

json good_receipt() {
    return {{"protocol", 1},
            {"store_id", "nl-utrecht"},
            {"kiosk_id", "kiosk-7"},
            {"batch_id", ours.batch_id},
            {"body_digest", "sha-256=AAAA"},
            {"accepted", 2},
            {"already_present", 1},
            {"received", "2026-11-30T09:12:04Z"}};
}

// The protocol's text, written out here by hand from docs/protocol.md.
std::string text_of(const json& r) {
    return "charter-kiosk-receipt-v1\n" + r["store_id"].get<std::string>() + "\n" +
           r["kiosk_id"].get<std::string>() + "\n" + r["batch_id"].get<std::string>() + "\n" +
           r["body_digest"].get<std::string>() + "\n" + std::to_string(r["accepted"].get<int>()) + "\n" +
           std::to_string(r["already_present"].get<int>()) + "\n" + r["received"].get<std::string>() + "\n";
}

}  // namespace

TEST_CASE("the receipt signing text is the protocol's eight lines") {
    Receipt r{"nl-utrecht", "kiosk-7", "b-1", "sha-256=x", 2, 1, "2026-11-30T09:12:04Z"};
    CHECK(receipt_signing_text(r) ==
          "charter-kiosk-receipt-v1\nnl-utrecht\nkiosk-7\nb-1\nsha-256=x\n2\n1\n2026-11-30T09:12:04Z\n");
}

TEST_CASE("a receipt signed by the store for our batch and counts is valid") {
    StoreKey store;
    ReceiptCheck check =
        check_receipt(store.answer(good_receipt(), text_of(good_receipt())), store.public_key, ours);
    INFO(check.problem);
    CHECK(check.valid);
    CHECK(check.receipt.accepted == 2);
}

TEST_CASE("a receipt is refused for each thing that is not ours or does not add up") {
    StoreKey store, other;
    json r = good_receipt();
    SECTION("signed by another key") {
        CHECK_FALSE(check_receipt(other.answer(r, text_of(r)), store.public_key, ours).valid);
    }
    SECTION("signed over another text") {
        CHECK_FALSE(check_receipt(store.answer(r, text_of(r) + "x"), store.public_key, ours).valid);
    }
    SECTION("a member changed after signing") {
        std::string signed_text = text_of(r);
        r["accepted"] = 3;
        r["already_present"] = 0;
        CHECK_FALSE(check_receipt(store.answer(r, signed_text), store.public_key, ours).valid);
    }
    auto refused_when = [&](const char* member, json value, const char* words) {
        r[member] = value;
        ReceiptCheck check = check_receipt(store.answer(r, text_of(r)), store.public_key, ours);
        CHECK_FALSE(check.valid);
        CHECK_THAT(check.problem, Catch::Contains(words));
    };
    SECTION("another kiosk") { refused_when("kiosk_id", "kiosk-8", "kiosk"); }
    SECTION("another batch") { refused_when("batch_id", "0190f3c2-0000-7000-8000-000000000000", "batch"); }
    SECTION("another body") { refused_when("body_digest", "sha-256=BBBB", "digest"); }
    SECTION("counts that do not add up") { refused_when("accepted", 1, "3 ratings"); }
    // Signed by the store and adding up to the batch: only the sign of a count is wrong, so nothing
    // but the check that counts are not negative can refuse it.
    SECTION("a negative already_present") {
        r["accepted"] = 4;
        r["already_present"] = -1;
        ReceiptCheck check = check_receipt(store.answer(r, text_of(r)), store.public_key, ours);
        CHECK_FALSE(check.valid);
        CHECK_THAT(check.problem, Catch::Contains("'already_present'"));
    }
    SECTION("a negative accepted") {
        r["accepted"] = -1;
        r["already_present"] = 4;
        ReceiptCheck check = check_receipt(store.answer(r, text_of(r)), store.public_key, ours);
        CHECK_FALSE(check.valid);
        CHECK_THAT(check.problem, Catch::Contains("'accepted'"));
    }
    SECTION("not JSON") { CHECK_FALSE(check_receipt("<html>login</html>", store.public_key, ours).valid); }
    SECTION("no signature") {
        CHECK_FALSE(check_receipt(json({{"receipt", r}}).dump(), store.public_key, ours).valid);
    }
}
