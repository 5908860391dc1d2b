#include "sync_sender.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

#include "digest.hpp"
#include "heartbeat.hpp"
#include "identifiers.hpp"
#include "receipt.hpp"
#include "sync_alerts.hpp"
#include "sync_signing.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

constexpr std::size_t first_bytes_shown = 120;

bool is_retryable(long status) { return status == 408 || status == 429 || status >= 500 || status < 400; }

std::string first_bytes(const std::string& body) {
    std::string out;
    for (char ch : body.substr(0, first_bytes_shown))
        out += (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ? ' ' : ch;
    return out + (body.size() > first_bytes_shown ? "…" : "");
}

// The problem's name: the last part of its type URI ("…/problems/stale-timestamp").
std::string problem_name(const json& problem) {
    auto type = problem.find("type");
    if (type == problem.end() || !type->is_string()) return "";
    std::string text = type->get<std::string>();
    return text.substr(text.find_last_of('/') + 1);
}

json problem_of(const HttpAnswer& answer) {
    json problem = json::parse(answer.body, nullptr, false);
    return problem.is_object() ? problem : json();
}

// The store refused the kiosk, not the batch (not enrolled yet, revoked, a key it does not know):
// every batch would get the same answer, so setting them aside would empty the queue into a pile IT
// must resend by hand. A kiosk installed before its enrolment just waits, and says why.
bool refuses_the_kiosk(const HttpAnswer& answer) {
    if (answer.status != 401 && answer.status != 403) return false;
    const std::string name = problem_name(problem_of(answer));
    return name == "unknown-kiosk" || name == "revoked-kiosk" || name == "bad-signature";
}

// store_time: seconds since 1970 as a number or digits, or an RFC 3339 UTC time.
std::optional<std::int64_t> store_time_s(const json& problem) {
    auto it = problem.find("store_time");
    if (it == problem.end()) return std::nullopt;
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (!it->is_string()) return std::nullopt;
    std::string text = it->get<std::string>();
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) return std::stoll(text);
    std::tm tm{};
    const char* end = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end) return std::nullopt;
    return static_cast<std::int64_t>(::timegm(&tm));
}

}  // namespace

std::string describe_answer(const HttpAnswer& answer) {
    std::string out = std::to_string(answer.status);
    if (json problem = problem_of(answer); !problem.is_null() && !problem_name(problem).empty()) {
        out += " " + problem_name(problem);
        if (auto detail = problem.find("detail"); detail != problem.end() && detail->is_string())
            out += ": " + detail->get<std::string>();
        return out;
    }
    return out + ", " + (answer.content_type.empty() ? "no content type" : answer.content_type) +
           ", first bytes: " + (answer.body.empty() ? "(none)" : first_bytes(answer.body));
}

SyncSender::SyncSender(const SyncConfig& config, SyncIdentity identity, const KioskKey& key, Outbox& outbox,
                       std::function<bool()> stopping)
    : config_(config),
      identity_(std::move(identity)),
      key_(key),
      outbox_(outbox),
      stopping_(std::move(stopping)),
      transport_(config, stopping_) {}

std::int64_t SyncSender::wall_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

TransportResult SyncSender::post_signed(const std::string& path, const std::string& request_id,
                                        const std::string& body, const std::string& body_digest) {
    SignedRequest request{"POST " + path, identity_.kiosk_id, request_id, wall_ms() / 1000 + clock_offset_s_,
                          body_digest};
    return transport_.post(path, signed_headers(request, key_), body);
}

bool SyncSender::learn_clock(const HttpAnswer& answer) {
    if (answer.status != 401) return false;
    json problem = problem_of(answer);
    if (problem.is_null() || problem_name(problem) != "stale-timestamp") return false;
    auto store_s = store_time_s(problem);
    if (!store_s) return false;
    std::int64_t now_s = wall_ms() / 1000;
    clock_offset_s_ = *store_s - now_s;
    store_alert(outbox_.database(), "clock-skew",
                "this kiosk's clock is " + std::to_string(-clock_offset_s_) + " s off the central store's (" +
                    config_.url +
                    "); requests are signed with the store's time from now on. Check NTP on the kiosk",
                wall_ms());
    return true;
}

SendResult SyncSender::send(const Batch& batch) {
    const std::string path = "/v1/batches";
    TransportResult sent = post_signed(path, batch.id, batch.body, batch.body_digest);
    if (sent.answer && learn_clock(*sent.answer)) {
        // Once: a second stale-timestamp is retried later like a server error.
        sent = post_signed(path, batch.id, batch.body, batch.body_digest);
    }
    SendResult result;
    if (!sent.answer) {
        result.message = sent.error;
        result.stopped = sent.stopped;
        if (!sent.stopped) outbox_.failed_attempt(batch.id, sent.error);
        return result;
    }
    const HttpAnswer& answer = *sent.answer;
    result.retry_after = answer.retry_after;
    if (answer.status == 200) {
        ReceiptCheck check =
            check_receipt(answer.body, config_.store_public_key,
                          ExpectedReceipt{identity_.kiosk_id, batch.id, batch.body_digest, batch.ratings});
        if (check.valid) {
            outbox_.delivered(batch.id, answer.body);
            result.outcome = SendOutcome::delivered;
            result.message = "delivered: " + std::to_string(check.receipt.accepted) + " accepted, " +
                             std::to_string(check.receipt.already_present) + " already there";
            return result;
        }
        result.message = "200 without a valid receipt (" + check.problem + "): " + describe_answer(answer);
        outbox_.failed_attempt(batch.id, result.message);
        store_alert(outbox_.database(), "no-receipt",
                    "batch " + batch.id + " sent to " + config_.url + " came back " + result.message,
                    wall_ms());
        return result;
    }
    result.message = describe_answer(answer);
    if (is_retryable(answer.status) || (answer.status == 401 && learn_clock(answer))) {
        outbox_.failed_attempt(batch.id, result.message);
        return result;
    }
    if (refuses_the_kiosk(answer)) {
        outbox_.failed_attempt(batch.id, result.message);
        store_alert(outbox_.database(), "kiosk-refused",
                    "the central store " + config_.url + " refuses this kiosk: " + result.message +
                        ". Enrol it there ('kiosk enrolment-code' gives the code); its ratings wait",
                    wall_ms());
        return result;
    }
    outbox_.set_aside(batch.id, result.message);
    store_alert(outbox_.database(), "batch-set-aside",
                "the central store refused batch " + batch.id + " (ratings " +
                    std::to_string(batch.first_seq) + "-" + std::to_string(batch.last_seq) +
                    "): " + result.message +
                    ". It is kept; after fixing the cause run 'kiosk sync-now --retry-set-aside'",
                wall_ms());
    result.outcome = SendOutcome::set_aside;
    return result;
}

SendLoopSummary SyncSender::send_pending(const std::function<void(const Batch&, const SendResult&)>& each) {
    SendLoopSummary summary;
    while (!(stopping_ && stopping_())) {
        std::optional<Batch> batch = outbox_.next(wall_ms());
        if (!batch) break;
        SendResult result = send(*batch);
        if (each) each(*batch, result);
        if (result.outcome == SendOutcome::delivered) {
            ++summary.delivered;
        } else if (result.outcome == SendOutcome::set_aside) {
            ++summary.set_aside;
            summary.last_error = result.message;
        } else {
            summary.stopped = result.stopped;
            if (!result.stopped) {
                summary.failed = 1;
                summary.last_error = result.message;
                summary.retry_after = result.retry_after;
            }
            break;
        }
    }
    return summary;
}

SendResult SyncSender::heartbeat(std::int64_t uptime_s) {
    Heartbeat beat =
        build_heartbeat(outbox_.database(),
                        HeartbeatFacts{identity_.kiosk_id, identity_.program_version, identity_.config_digest,
                                       identity_.database_path, wall_ms(), uptime_s});
    const std::string path = "/v1/heartbeats";
    std::string digest = sha256_field(beat.body);
    TransportResult sent = post_signed(path, make_uuid_v7(wall_ms()), beat.body, digest);
    if (sent.answer && learn_clock(*sent.answer))
        sent = post_signed(path, make_uuid_v7(wall_ms()), beat.body, digest);
    SendResult result;
    if (!sent.answer) {
        result.message = "heartbeat: " + sent.error;
        result.stopped = sent.stopped;
        return result;
    }
    result.retry_after = sent.answer->retry_after;
    if (sent.answer->status == 204 || sent.answer->status == 200) {
        if (beat.alerts_up_to_id > 0) mark_alerts_reported(outbox_.database(), beat.alerts_up_to_id);
        result.outcome = SendOutcome::delivered;
        result.message = "heartbeat sent";
        return result;
    }
    result.message = "heartbeat: " + describe_answer(*sent.answer);
    return result;
}

}  // namespace kiosk
