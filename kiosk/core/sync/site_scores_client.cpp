#include "site_scores_client.hpp"

#include <chrono>

#include "identifiers.hpp"
#include "kiosk_key.hpp"
#include "protocol/digest.hpp"
#include "protocol/names.hpp"
#include "protocol/signature.hpp"
#include "protocol/signing_texts.hpp"
#include "sync_sender.hpp"
#include "sync_signing.hpp"

namespace kiosk {
namespace {

using Kind = SiteScoresError::Kind;

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Posted {
    SentRequest sent;
    TransportResult result;
};

Posted post(SyncTransport& transport, const KioskConfig& config, const KioskKey& key, const std::string& body,
            std::int64_t clock_offset_s) {
    const std::string path(protocol::site_scores_path);
    Posted posted;
    posted.sent.request = SignedRequest{"POST " + path, config.kiosk_id, make_uuid_v7(wall_ms()),
                                        wall_ms() / 1000 + clock_offset_s, protocol::sha256_field(body)};
    posted.sent.signature = request_signature(posted.sent.request, key);
    posted.result = transport.post(path, signed_headers(posted.sent.request, posted.sent.signature), body);
    return posted;
}

SiteScoresResult read_answer(const HttpAnswer& answer, const SentRequest& sent, const SyncConfig& sync,
                             const SiteScoresRequest& request) {
    const std::string from = "the central store " + sync.url;
    if (answer.status == 200) {
        if (!signed_by_the_store(answer, sent, sync.store_public_key))
            return SiteScoresError{Kind::bad_answer,
                                   from + " answered " + describe_answerer(answer) +
                                       ", without the store's signature over this request and answer "
                                       "(sync.store_public_key): not the store's figures"};
        std::string why;
        std::optional<SiteScores> scores = read_site_scores(answer.body, why);
        if (!scores)
            return SiteScoresError{Kind::bad_answer, from + " signed figures this kiosk cannot read: " + why};
        if (scores->period != request.period || scores->time_zone != request.time_zone ||
            scores->with_bursts != request.with_bursts || scores->counter != request.counter ||
            scores->service != request.service)
            return SiteScoresError{Kind::bad_answer, from + " answered figures for another request (period " +
                                                         scores->period + ", time zone " + scores->time_zone +
                                                         ")"};
        return SiteScoresAnswer{std::move(*scores), answer.body};
    }
    if (answer.status >= 400 && answer.status < 500 && answer.status != 408 && answer.status != 429) {
        RefusalCheck check = check_refusal(answer, sent, sync.store_public_key);
        if (check.trust == RefusalTrust::trusted)
            return SiteScoresError{Kind::refused, from + " refuses: " + describe_answer(answer)};
        return SiteScoresError{Kind::bad_answer, from + " was answered " + describe_answerer(answer) +
                                                     ", which is not the store's own refusal: " + check.why};
    }
    return SiteScoresError{Kind::bad_answer, from + " answered " + describe_answerer(answer)};
}

}  // namespace

bool signed_by_the_store(const HttpAnswer& answer, const SentRequest& sent,
                         const protocol::PublicKey& store_key) {
    std::optional<protocol::Signature> signature = protocol::signature_from_field(answer.store_signature);
    if (!signature) return false;
    const std::string text = protocol::site_scores_signing_text(
        {request_lines(sent.request), protocol::sha256_field(answer.body)});
    return protocol::signature_verifies(text, *signature, store_key);
}

SiteScoresResult fetch_site_scores(const KioskConfig& config, const KioskKey& key,
                                   const SiteScoresRequest& request, TransportLimits limits,
                                   std::function<bool()> stopping) {
    if (!config.sync)
        return SiteScoresError{
            Kind::no_sync,
            "this kiosk has no [sync] table, so no central store to ask for its site's figures "
            "(docs/configuration.md)"};
    const SyncConfig& sync = *config.sync;
    SyncTransport transport(sync, std::move(stopping), limits);
    const std::string body = site_scores_request_body(request);
    Posted posted = post(transport, config, key, body, 0);
    if (posted.result.answer && posted.result.answer->status == 401 &&
        problem_name_of(posted.result.answer->body) == "stale-timestamp") {
        // Only the store's own signed answer about this request moves the clock this kiosk signs with.
        RefusalCheck check = check_refusal(*posted.result.answer, posted.sent, sync.store_public_key);
        if (check.trust == RefusalTrust::trusted)
            posted = post(transport, config, key, body, check.store_time_s - wall_ms() / 1000);
    }
    if (!posted.result.answer)
        return SiteScoresError{
            Kind::unreachable,
            "the central store cannot be reached for the site's figures: " + posted.result.error};
    return read_answer(*posted.result.answer, posted.sent, sync, request);
}

}  // namespace kiosk
