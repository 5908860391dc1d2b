#include "kiosk_endpoints.hpp"

#include <httplib.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <utility>

#include "batch_reader.hpp"
#include "protocol/digest.hpp"
#include "protocol/names.hpp"
#include "protocol/utc_text.hpp"
#include "receipt.hpp"
#include "refusal_signature.hpp"
#include "request_body.hpp"
#include "service_context.hpp"
#include "signed_request.hpp"
#include "site_scores_answer.hpp"
#include "site_scores_request.hpp"

namespace central {
namespace {

const std::string batches_request = "POST " + std::string(protocol::batches_path);
const std::string heartbeats_request = "POST " + std::string(protocol::heartbeats_path);
const std::string site_scores_request = "POST " + std::string(protocol::site_scores_path);

// The checks of "Signed requests", in the protocol's order, then the body read and its digest checked.
// On success `headers` and `body` (decoded) are filled. `received_body_digest` is the decoded body's
// digest once it is read whole (a refusal is signed over it), and stays body_not_read before.
std::optional<Problem> accept_signed_request(ServiceContext& context, const httplib::Request& request,
                                             const httplib::ContentReader& reader,
                                             const std::string& method_and_path, SignedHeaders& headers,
                                             std::string& body, std::string& received_body_digest) {
    auto refused = [](Problem problem) {
        problem.body_unread = true;  // refused before its body was read
        return problem;
    };
    if (auto problem = read_signed_headers(request, headers)) return refused(*problem);
    if (auto problem = check_body_headers(request)) return problem;
    std::optional<EnrolledKiosk> kiosk = context.ledger.kiosk(headers.kiosk_id);
    if (!kiosk)
        return refused(make_problem(401, "unknown-kiosk",
                                    "the kiosk " + headers.kiosk_id +
                                        " is not enrolled at this store; give its enrolment code to "
                                        "'kiosk-central enrol'"));
    if (kiosk->revoked_ms)
        return refused(make_problem(403, "revoked-kiosk",
                                    "the kiosk " + headers.kiosk_id + " was revoked at " +
                                        protocol::utc_seconds_text(*kiosk->revoked_ms) +
                                        "; its requests are refused"));
    if (!signature_verifies(request_signing_text(method_and_path, headers), headers.signature,
                            kiosk->public_key))
        return refused(make_problem(401, "bad-signature",
                                    "the signature does not verify with the key enrolled for " +
                                        headers.kiosk_id +
                                        " (a different key, or a header changed on the way)"));
    std::int64_t now_seconds = context.clock() / 1000;
    std::int64_t skew = headers.time_seconds - now_seconds;
    if (std::llabs(skew) > context.options.limits.clock_skew_seconds) {
        Problem problem = make_problem(
            401, "stale-timestamp",
            "Kiosk-Time " + headers.time_text + " is " + std::to_string(std::llabs(skew)) + " s " +
                (skew < 0 ? "behind" : "ahead of") + " the store's clock; the limit is " +
                std::to_string(context.options.limits.clock_skew_seconds) +
                " s. Sign with your time plus the offset to store_time");
        problem.extra["store_time"] = now_seconds;
        return refused(problem);
    }
    if (auto wait = context.rate_limiter.admit(headers.kiosk_id, context.clock())) {
        Problem problem =
            make_problem(429, "rate-limited",
                         "the kiosk " + headers.kiosk_id + " sent more than " +
                             std::to_string(context.options.limits.requests_per_minute) +
                             " requests in a minute; retry after " + std::to_string(*wait) + " s");
        problem.retry_after_seconds = *wait;
        return refused(problem);
    }
    if (auto problem = read_body(request, reader, context.options.limits, body)) return problem;
    protocol::Digest digest = protocol::sha256(body);  // once: ~2 ms for a 1 000-rating batch
    received_body_digest = protocol::digest_field(digest);
    if (digest != headers.digest)
        return make_problem(400, "digest-mismatch",
                            "the body's SHA-256 (" + received_body_digest +
                                ", after any gzip is undone) is not " + headers.body_digest +
                                " from Kiosk-Body-Digest: the body changed on the way");
    return std::nullopt;
}

std::optional<Problem> store_batch(ServiceContext& context, const httplib::Request& request,
                                   const httplib::ContentReader& reader, httplib::Response& response,
                                   std::string& received_body_digest) {
    SignedHeaders headers;
    std::string body;
    if (auto problem = accept_signed_request(context, request, reader, batches_request, headers, body,
                                             received_body_digest))
        return problem;
    IncomingBatch batch;
    if (auto problem = read_batch(std::move(body), headers, batch)) return problem;
    BatchOutcome outcome = context.ledger.store_batch(batch, context.clock());
    if (outcome.kind == BatchOutcome::Kind::conflict)
        return make_problem(
            409, "batch-conflict",
            "the batch " + batch.batch_id + " was stored before with another body; this body (" +
                batch.body_digest +
                ") is kept for IT and not stored. A kiosk sends the same bytes on every retry: "
                "was its database restored from an old copy, or do two kiosks share an id?");
    Receipt receipt = make_receipt(context.options.store_id, batch, outcome);
    response.status = 200;
    response.set_content(signed_receipt_json(receipt, context.key).dump(), "application/json");
    return std::nullopt;
}

std::optional<Problem> store_heartbeat(ServiceContext& context, const httplib::Request& request,
                                       const httplib::ContentReader& reader, httplib::Response& response,
                                       std::string& received_body_digest) {
    SignedHeaders headers;
    std::string body;
    if (auto problem = accept_signed_request(context, request, reader, heartbeats_request, headers, body,
                                             received_body_digest))
        return problem;
    nlohmann::json heartbeat = nlohmann::json::parse(body, nullptr, false);
    if (!heartbeat.is_object())
        return make_problem(400, "malformed-heartbeat", "the body is not a JSON object");
    auto kiosk_id = heartbeat.find("kiosk_id");
    if (kiosk_id == heartbeat.end() || !kiosk_id->is_string() || *kiosk_id != headers.kiosk_id)
        return make_problem(400, "malformed-heartbeat",
                            "the member kiosk_id is missing or not Kiosk-Id (" + headers.kiosk_id + ")");
    auto version = heartbeat.find("protocol");
    if (version != heartbeat.end() && *version != protocol_version)
        return make_problem(400, "unsupported-protocol",
                            "the heartbeat is protocol " + version->dump() + "; this store knows protocol " +
                                std::to_string(protocol_version) + " only");
    // An older one than the kiosk's latest is not kept (a replay), and answered 204 all the same. Ordered
    // by the kiosk's own time of sending, to the millisecond (the body is signed through its digest):
    // the worker's and `kiosk sync-now`'s heartbeats in the same second are both news. Kiosk-Time, in
    // whole seconds, where the body has no usable `sent`.
    std::int64_t signed_ms = headers.time_seconds * 1000;
    if (auto sent = heartbeat.find("sent"); sent != heartbeat.end() && sent->is_string())
        signed_ms = protocol::utc_time_ms(sent->get<std::string>()).value_or(signed_ms);
    context.ledger.store_heartbeat(headers.kiosk_id, body, signed_ms, context.clock());
    response.status = 204;
    return std::nullopt;
}

// A site's figures for the kiosk's manager view: the site is the one the ledger holds for the kiosk
// (that of its latest rating), never one the request names, so a kiosk reads its own site only.
std::optional<Problem> answer_site_scores(ServiceContext& context, const httplib::Request& request,
                                          const httplib::ContentReader& reader, httplib::Response& response,
                                          std::string& received_body_digest) {
    SignedHeaders headers;
    std::string body;
    if (auto problem = accept_signed_request(context, request, reader, site_scores_request, headers, body,
                                             received_body_digest))
        return problem;
    SiteScoresQuery query;
    if (auto problem = read_site_scores_request(body, query)) return problem;
    std::optional<std::string> site = context.ledger.kiosk_site(headers.kiosk_id);
    if (!site)
        return make_problem(404, "site-unknown",
                            "the store holds no rating of the kiosk " + headers.kiosk_id +
                                " yet, so it does not know its site; the site's figures come once its first "
                                "ratings are delivered");
    query.site = *site;
    query.now_ms = context.clock();
    SiteFigures figures;
    try {
        figures = context.ledger.site_scores(query);
    } catch (const std::invalid_argument& e) {
        // The database's own time-zone data lacks a zone ICU knows (PostgreSQL's tzdata is older).
        return make_problem(
            400, "bad-time-zone",
            "the time zone '" + query.time_zone + "' is not known to the store's database: " + e.what());
    }
    std::string answer = site_scores_json(figures, query, context.options.store_id, query.now_ms)
                             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.status = 200;
    response.set_header(
        protocol::store_signature_header,
        site_scores_signature(request_lines(site_scores_request, headers), answer, context.key));
    response.set_content(std::move(answer), "application/json");
    return std::nullopt;
}

using KioskEndpoint = std::optional<Problem> (*)(ServiceContext&, const httplib::Request&,
                                                 const httplib::ContentReader&, httplib::Response&,
                                                 std::string&);

// Answers a kiosk's request, its refusals signed by the store (protocol 2).
std::optional<Problem> answer_signed(ServiceContext& context, const httplib::Request& request,
                                     const httplib::ContentReader& reader, httplib::Response& response,
                                     const std::string& method_and_path, KioskEndpoint endpoint) {
    std::string received_body_digest(protocol::body_not_read);
    std::optional<Problem> problem = endpoint(context, request, reader, response, received_body_digest);
    if (problem)
        sign_refusal(*problem, request, method_and_path, received_body_digest, context.options.store_id,
                     context.clock() / 1000, context.key);
    return problem;
}

}  // namespace

void add_kiosk_endpoints(httplib::Server& server, ServiceContext& context) {
    // Through content readers: the body is read only after the signature is checked, and within limits.
    server.Post(std::string(protocol::batches_path), [&context](const httplib::Request& request,
                                                                httplib::Response& response,
                                                                const httplib::ContentReader& reader) {
        answer_guarded(
            context, request, response,
            [&] { return answer_signed(context, request, reader, response, batches_request, store_batch); },
            &reader);
    });
    server.Post(std::string(protocol::heartbeats_path), [&context](const httplib::Request& request,
                                                                   httplib::Response& response,
                                                                   const httplib::ContentReader& reader) {
        answer_guarded(
            context, request, response,
            [&] {
                return answer_signed(context, request, reader, response, heartbeats_request, store_heartbeat);
            },
            &reader);
    });
    server.Post(std::string(protocol::site_scores_path),
                [&context](const httplib::Request& request, httplib::Response& response,
                           const httplib::ContentReader& reader) {
                    answer_guarded(
                        context, request, response,
                        [&] {
                            return answer_signed(context, request, reader, response, site_scores_request,
                                                 answer_site_scores);
                        },
                        &reader);
                });
}

}  // namespace central
