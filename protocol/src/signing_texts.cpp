#include "protocol/signing_texts.hpp"

#include <initializer_list>
#include <string_view>

#include "protocol/names.hpp"

namespace protocol {
namespace {

// Each line ended by a single '\n', the last one too.
std::string lines(std::initializer_list<std::string_view> each) {
    std::string text;
    for (std::string_view line : each) text.append(line).push_back('\n');
    return text;
}

}  // namespace

std::string kiosk_time_text(std::int64_t seconds) { return std::to_string(seconds); }

std::string request_signing_text(const Request& r) {
    return lines({request_text_v1, r.method_and_path, r.kiosk_id, r.request_id, r.kiosk_time, r.body_digest});
}

std::string receipt_signing_text(const Receipt& r) {
    return lines({receipt_text_v1, r.store_id, r.kiosk_id, r.batch_id, r.body_digest,
                  std::to_string(r.accepted), std::to_string(r.already_present), r.received});
}

std::string refusal_signing_text(const Refusal& f) {
    const Request& q = f.request;
    return lines({refusal_text_v2, f.store_id, std::to_string(f.status), f.problem,
                  std::to_string(f.store_time_s), q.method_and_path, q.kiosk_id, q.request_id, q.kiosk_time,
                  q.body_digest, f.request_signature, f.received_body_digest});
}

std::string site_scores_signing_text(const SiteScoresAnswer& a) {
    const Request& q = a.request;
    return lines({site_scores_text_v1, q.method_and_path, q.kiosk_id, q.request_id, q.kiosk_time,
                  q.body_digest, a.answer_digest});
}

}  // namespace protocol
