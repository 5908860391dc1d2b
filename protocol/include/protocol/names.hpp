// The names both ends of the sync protocol write and read (docs/protocol.md): paths, headers, the first
// lines of the signing texts, the prefixes of digests and signatures, and the members of a receipt and
// of a signed refusal. A name spelt here is spelt the same by the kiosk and by kiosk-central.
#pragma once
#include <string_view>

namespace protocol {

// ---- paths -----------------------------------------------------------------------------------------
inline constexpr std::string_view batches_path = "/v1/batches";
inline constexpr std::string_view heartbeats_path = "/v1/heartbeats";
// A site's figures, aggregates only, for the kiosk's manager view ("A site's figures").
inline constexpr std::string_view site_scores_path = "/v1/site-scores";

// ---- the five headers of a signed request ("Signed requests") ---------------------------------------
inline constexpr const char* kiosk_id_header = "Kiosk-Id";
inline constexpr const char* request_id_header = "Kiosk-Request-Id";
inline constexpr const char* time_header = "Kiosk-Time";
inline constexpr const char* body_digest_header = "Kiosk-Body-Digest";
inline constexpr const char* signature_header = "Kiosk-Signature";
// The store's signature over a site's figures and the request they answer ("A site's figures").
inline constexpr const char* store_signature_header = "Store-Signature";

// ---- the first line of each signing text: it keeps a request, a receipt and a refusal apart ----------
inline constexpr std::string_view request_text_v1 = "charter-kiosk-request-v1";
inline constexpr std::string_view receipt_text_v1 = "charter-kiosk-receipt-v1";
inline constexpr std::string_view refusal_text_v2 = "charter-kiosk-refusal-v2";
inline constexpr std::string_view site_scores_text_v1 = "charter-kiosk-site-scores-v1";

// ---- fields ------------------------------------------------------------------------------------------
inline constexpr std::string_view digest_prefix = "sha-256=";     // then base64 with padding
inline constexpr std::string_view signature_prefix = "ed25519=";  // then base64 with padding
// received_body_digest's value when the store refused before it had read the body whole.
inline constexpr std::string_view body_not_read = "not-read";
// Where a problem's type URI starts; its name is the last part ("…/problems/batch-conflict").
inline constexpr std::string_view problem_type_base = "https://charter-kiosk.invalid/problems/";
// The `protocol` member of batches, heartbeats and receipts (their form has not changed since 1).
inline constexpr int body_protocol = 1;

// ---- a receipt: {"receipt": {...}, "signature": "ed25519=…"} ----------------------------------------
namespace receipt_member {
inline constexpr const char* receipt = "receipt";
inline constexpr const char* signature = "signature";
inline constexpr const char* protocol = "protocol";
inline constexpr const char* store_id = "store_id";
inline constexpr const char* kiosk_id = "kiosk_id";
inline constexpr const char* batch_id = "batch_id";
inline constexpr const char* body_digest = "body_digest";
inline constexpr const char* accepted = "accepted";
inline constexpr const char* already_present = "already_present";
inline constexpr const char* received = "received";
}  // namespace receipt_member

// ---- the members a signed refusal adds to a problem+json ("Signed refusals") -------------------------
namespace refusal_member {
inline constexpr const char* store_id = "store_id";
inline constexpr const char* store_time = "store_time";
inline constexpr const char* received_body_digest = "received_body_digest";
inline constexpr const char* signature = "signature";
}  // namespace refusal_member

// ---- a site's figures: the request's members, then the answer's ("A site's figures") -----------------
namespace site_scores_member {
// The request (the answer repeats each of them, as the store read it).
inline constexpr const char* period = "period";  // "today", "7d", "30d" or "12m"
inline constexpr const char* counter = "counter";
inline constexpr const char* service = "service";
inline constexpr const char* with_bursts = "with_bursts";
inline constexpr const char* time_zone = "time_zone";
// The answer.
inline constexpr const char* protocol = "protocol";
inline constexpr const char* store_id = "store_id";
inline constexpr const char* computed_at = "computed_at";
inline constexpr const char* site = "site";
inline constexpr const char* first_day = "first_day";
inline constexpr const char* last_day = "last_day";
inline constexpr const char* kiosks = "kiosks";
inline constexpr const char* count = "count";
inline constexpr const char* average_grade = "average_grade";
inline constexpr const char* grade_distribution = "grade_distribution";
inline constexpr const char* norms = "norms";
inline constexpr const char* average = "average";
inline constexpr const char* answers = "answers";
inline constexpr const char* not_applicable = "not_applicable";
inline constexpr const char* end_reasons = "end_reasons";
inline constexpr const char* bursts = "bursts";
inline constexpr const char* trend = "trend";
inline constexpr const char* start = "start";
inline constexpr const char* hours = "hours";
inline constexpr const char* languages = "languages";
}  // namespace site_scores_member

// The four periods a site's figures cover, as the request names them.
inline constexpr std::string_view site_scores_periods[] = {"today", "7d", "30d", "12m"};
// The four end reasons a rating has (docs/protocol.md, "A batch"), each counted in end_reasons.
inline constexpr std::string_view end_reasons[] = {"completed", "stopped", "timed-out", "abandoned"};

}  // namespace protocol
