// The three texts the protocol signs (docs/protocol.md), each a few lines ended by a single '\n':
//   request  six lines, signed by the kiosk: "Signed requests"
//   receipt  eight lines, signed by the store for a stored batch: "The receipt"
//   refusal  twelve lines, signed by the store for a refused request: "Signed refusals" (protocol 2)
//   site's figures  seven lines, signed by the store for the figures it answers: "A site's figures"
// The kiosk builds the request's text to sign it and the other two to check them; the store the other
// way round. Both build them here, so the two cannot drift apart.
#pragma once
#include <cstdint>
#include <string>

namespace protocol {

// A request's five signed facts, as the headers carry them (the store takes them as it received them).
struct Request {
    std::string method_and_path;  // "POST /v1/batches"
    std::string kiosk_id;         // Kiosk-Id
    std::string request_id;       // Kiosk-Request-Id: the batch id, or a fresh UUID for a heartbeat
    std::string kiosk_time;       // Kiosk-Time: whole seconds since 1970, in decimal
    std::string body_digest;      // Kiosk-Body-Digest: "sha-256=…" of the body before any content coding
};
// "charter-kiosk-request-v1", then the five facts above in that order.
std::string request_signing_text(const Request& request);
// Kiosk-Time's text for a time in whole seconds since 1970.
std::string kiosk_time_text(std::int64_t seconds);

// A receipt's members (the JSON's "receipt" object but its "protocol").
struct Receipt {
    std::string store_id;
    std::string kiosk_id;
    std::string batch_id;
    std::string body_digest;
    std::int64_t accepted = 0;
    std::int64_t already_present = 0;
    std::string received;  // "2026-11-30T09:12:04Z" (utc_seconds_text)
};
// "charter-kiosk-receipt-v1", then the seven members above in that order, the counts in decimal.
std::string receipt_signing_text(const Receipt& receipt);

// A refusal's facts: the store's answer, and the request it refuses as the store received it.
struct Refusal {
    std::string store_id;
    long status = 0;                   // the HTTP status, e.g. 409
    std::string problem;               // the problem's name, the last part of its type URI: "batch-conflict"
    std::int64_t store_time_s = 0;     // the problem's store_time
    Request request;                   // its headers as received ("" for one missing, the first of several)
    std::string request_signature;     // Kiosk-Signature as received, "ed25519=…"
    std::string received_body_digest;  // "sha-256=…" of the body the store read, or body_not_read
};
// "charter-kiosk-refusal-v2", store id, status, problem, store time, the request's five facts, its
// signature, the received body digest.
std::string refusal_signing_text(const Refusal& refusal);

// The store's answer to POST /v1/site-scores: the request it answers (its five facts as received) and
// the digest of the answer's body as sent.
struct SiteScoresAnswer {
    Request request;
    std::string answer_digest;  // "sha-256=…" of the answer's body
};
// "charter-kiosk-site-scores-v1", the request's five facts, the answer's digest.
std::string site_scores_signing_text(const SiteScoresAnswer& answer);

}  // namespace protocol
