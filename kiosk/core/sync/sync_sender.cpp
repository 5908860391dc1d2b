#include "sync_sender.hpp"

#include <cassert>
#include <nlohmann/json.hpp>

#include "heartbeat.hpp"
#include "identifiers.hpp"
#include "log.hpp"
#include "protocol/digest.hpp"
#include "protocol/names.hpp"
#include "receipt.hpp"
#include "sync_alerts.hpp"
#include "sync_signing.hpp"

namespace kiosk {
namespace {

using nlohmann::json;

constexpr std::size_t first_bytes_shown = 120;
// A problem's detail is shown whole up to this: the store's are shorter, and one forged on the way
// must not fill the alerts table.
constexpr std::size_t detail_shown = 400;

bool is_retryable(long status) { return status == 408 || status == 429 || status >= 500 || status < 400; }

std::string first_bytes(const std::string& body, std::size_t shown = first_bytes_shown) {
    std::string out;
    for (char ch : body.substr(0, shown))
        out += (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ? ' ' : ch;
    return out + (body.size() > shown ? "…" : "");
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
bool refuses_the_kiosk(long status, const std::string& name) {
    if (status != 401 && status != 403) return false;
    return name == "unknown-kiosk" || name == "revoked-kiosk" || name == "bad-signature";
}

}  // namespace

std::string describe_answerer(const HttpAnswer& answer) {
    std::string out = describe_answer(answer);
    if (answer.server.empty()) return out;
    std::size_t status_end = out.find_first_of(" ,");
    return out.substr(0, status_end) + " (Server: " + first_bytes(answer.server) + ")" +
           (status_end == std::string::npos ? "" : out.substr(status_end));
}

std::string describe_answer(const HttpAnswer& answer) {
    std::string out = std::to_string(answer.status);
    if (json problem = problem_of(answer); !problem.is_null() && !problem_name(problem).empty()) {
        out += " " + problem_name(problem);
        if (auto detail = problem.find("detail"); detail != problem.end() && detail->is_string())
            out += ": " + first_bytes(detail->get<std::string>(), detail_shown);
        return out;
    }
    return out + ", " + (answer.content_type.empty() ? "no content type" : answer.content_type) +
           ", first bytes: " + (answer.body.empty() ? "(none)" : first_bytes(answer.body));
}

SyncSender::SyncSender(const SyncConfig& config, SyncIdentity identity, const KioskKey& key, Outbox& outbox,
                       std::function<bool()> stopping, TransportLimits limits)
    : config_(config),
      identity_(std::move(identity)),
      key_(key),
      outbox_(outbox),
      stopping_(std::move(stopping)),
      transport_(config, stopping_, limits) {}

SyncSender make_sender(const KioskConfig& config, const KioskKey& key, Outbox& outbox,
                       std::function<bool()> stopping, TransportLimits limits) {
    assert(config.sync && "a sender is made only for a configuration with a [sync] table");
    return SyncSender(*config.sync,
                      SyncIdentity{config.kiosk_id, KIOSK_VERSION, config.config_digest, config.database},
                      key, outbox, std::move(stopping), limits);
}

std::int64_t SyncSender::wall_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

SyncSender::Posted SyncSender::post_signed(const std::string& path, const std::string& request_id,
                                           const std::string& body, const std::string& body_digest) {
    Posted posted;
    posted.sent.request = SignedRequest{"POST " + path, identity_.kiosk_id, request_id,
                                        wall_ms() / 1000 + clock_offset_s_, body_digest};
    posted.sent.signature = request_signature(posted.sent.request, key_);
    std::vector<std::string> headers = signed_headers(posted.sent.request, posted.sent.signature);
    posted.result = transport_.post(path, headers, body);
    return posted;
}

bool SyncSender::learn_clock(const HttpAnswer& answer, const SentRequest& sent) {
    if (answer.status != 401 || problem_name_of(answer.body) != "stale-timestamp") return false;
    // Anything on the way can answer 401 with a store_time; only the store's own signed answer about
    // this request moves the clock the kiosk signs with.
    RefusalCheck check = check_refusal(answer, sent, config_.store_public_key);
    if (check.trust != RefusalTrust::trusted) return false;
    clock_offset_s_ = check.store_time_s - wall_ms() / 1000;
    std::int64_t off = std::llabs(clock_offset_s_);
    if (off >= clock_skew_alert_s)
        outbox_.alert("clock-skew",
                      "this kiosk's clock is " + std::to_string(off) + " s " +
                          (clock_offset_s_ > 0 ? "behind" : "ahead of") + " the central store's (" +
                          config_.url +
                          "); requests are signed with the store's time from now on. Check NTP on the kiosk",
                      wall_ms());
    else
        log_info("sync: the central store corrected the clock offset to " + std::to_string(clock_offset_s_) +
                 " s, under the " + std::to_string(clock_skew_alert_s) + " s worth an alert");
    return true;
}

SendResult SyncSender::not_the_stores(const Batch& batch, const HttpAnswer& answer,
                                      const RefusalCheck& check) {
    SendResult result;
    result.retry_after = answer.retry_after;
    result.message = describe_answer(answer) + " (not trusted: " + check.why + ")";
    outbox_.failed_attempt(batch.id, result.message);
    outbox_.alert("untrusted-refusal",
                  "batch " + batch.id + " sent to " + config_.url + " was answered " +
                      describe_answerer(answer) +
                      ", which is not the store's own refusal of it: " + check.why +
                      ". Something between the kiosk and the store (a portal, proxy or firewall) may answer "
                      "for it; nothing is set aside and the batch is tried again later",
                  wall_ms());
    return result;
}

SendResult SyncSender::refused_by_the_store(const Batch& batch, SendResult result) {
    if (brought_back_.erase(batch.id) > 0) {
        // Offered again by the slow schedule and refused again: back aside, as before, without counting
        // towards a store that refuses everything (it did deliver the ones in between).
        outbox_.set_aside(batch.id, result.message);
        log_info("sync: batch " + batch.id +
                 ", set aside before, is refused again and stays aside: " + result.message);
        result.outcome = SendOutcome::set_aside;
        return result;
    }
    if (set_aside_in_a_row_ >= max_set_aside_in_a_row) {
        outbox_.failed_attempt(batch.id, result.message);
        outbox_.alert("store-refuses-all",
                      "the central store " + config_.url + " refused " + std::to_string(set_aside_in_a_row_) +
                          " batches in a row and now batch " + batch.id + " (" + result.message +
                          "). A store that refuses every batch has a problem of its own (its configuration, "
                          "its version): the batch is not set aside but tried again later",
                      wall_ms());
        return result;
    }
    ++set_aside_in_a_row_;
    outbox_.set_aside(batch.id, result.message);
    outbox_.alert("batch-set-aside",
                  "the central store refused batch " + batch.id + " (ratings " +
                      std::to_string(batch.first_seq) + "-" + std::to_string(batch.last_seq) +
                      "): " + result.message +
                      ". It is kept and offered again every hour and after a restart; "
                      "'kiosk sync-now' offers it at once",
                  wall_ms());
    result.outcome = SendOutcome::set_aside;
    return result;
}

SendResult SyncSender::send(const Batch& batch) {
    const std::string path(protocol::batches_path);
    Posted posted = post_signed(path, batch.id, batch.body, batch.body_digest);
    if (posted.result.answer && learn_clock(*posted.result.answer, posted.sent)) {
        // Once: a second stale-timestamp is retried later like a server error.
        posted = post_signed(path, batch.id, batch.body, batch.body_digest);
    }
    const TransportResult& sent = posted.result;
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
            set_aside_in_a_row_ = 0;
            brought_back_.erase(batch.id);
            result.outcome = SendOutcome::delivered;
            result.message = "delivered: " + std::to_string(check.receipt.accepted) + " accepted, " +
                             std::to_string(check.receipt.already_present) + " already there";
            return result;
        }
        result.message = "200 without a valid receipt (" + check.problem + "): " + describe_answer(answer);
        outbox_.failed_attempt(batch.id, result.message);
        outbox_.alert("no-receipt",
                      "batch " + batch.id + " sent to " + config_.url + " came back " + result.message +
                          (answer.server.empty() ? "" : " (Server: " + answer.server + ")"),
                      wall_ms());
        return result;
    }
    result.message = describe_answer(answer);
    if (is_retryable(answer.status)) {
        outbox_.failed_attempt(batch.id, result.message);
        return result;
    }
    RefusalCheck refusal = check_refusal(answer, posted.sent, config_.store_public_key);
    if (refusal.trust != RefusalTrust::trusted) return not_the_stores(batch, answer, refusal);
    if (refuses_the_kiosk(answer.status, refusal.problem)) {
        outbox_.failed_attempt(batch.id, result.message);
        outbox_.alert("kiosk-refused",
                      "the central store " + config_.url + " refuses this kiosk: " + result.message +
                          ". Enrol it there ('kiosk enrolment-code' gives the code); its ratings wait",
                      wall_ms());
        return result;
    }
    if (refusal.problem == "stale-timestamp" || refusal.received_body_digest == protocol::body_not_read) {
        // A second stale-timestamp, or a refusal before the store read the body (its headers, its
        // size): about the request, not the ratings in it. Tried again later.
        outbox_.failed_attempt(batch.id, result.message);
        return result;
    }
    return refused_by_the_store(batch, result);
}

void SyncSender::bring_back_set_aside_if_due(SendLoopSummary& summary) {
    auto now = std::chrono::steady_clock::now();
    if (next_set_aside_retry_ && now < *next_set_aside_retry_) return;
    next_set_aside_retry_ = now + set_aside_retry_every_;
    std::vector<std::string> ids = outbox_.retry_set_aside_ids();
    brought_back_.insert(ids.begin(), ids.end());
    summary.brought_back = static_cast<int>(ids.size());
    if (!ids.empty())
        log_info("sync: " + std::to_string(ids.size()) +
                 " batches set aside before are offered to the central store again");
}

SendLoopSummary SyncSender::send_pending(const std::function<void(const Batch&, const SendResult&)>& each) {
    SendLoopSummary summary;
    bring_back_set_aside_if_due(summary);
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
    // Batches offered again that the store did not answer (it could not be reached, or something else
    // answered) go back aside until the next turn, instead of waiting at the head of the queue.
    std::vector<std::string> unanswered(brought_back_.begin(), brought_back_.end());
    brought_back_.clear();
    if (!unanswered.empty()) outbox_.set_aside_again(unanswered);
    return summary;
}

SendResult SyncSender::heartbeat(std::optional<std::int64_t> uptime_s, const std::string& sent_by) {
    Heartbeat beat =
        build_heartbeat(HeartbeatFacts{identity_.kiosk_id, identity_.program_version, identity_.config_digest,
                                       identity_.database_path, wall_ms(), uptime_s, sent_by},
                        outbox_.waiting(), outbox_.unreported_alerts());
    const std::string path(protocol::heartbeats_path);
    std::string digest = protocol::sha256_field(beat.body);
    Posted posted = post_signed(path, make_uuid_v7(wall_ms()), beat.body, digest);
    if (posted.result.answer && learn_clock(*posted.result.answer, posted.sent))
        posted = post_signed(path, make_uuid_v7(wall_ms()), beat.body, digest);
    const TransportResult& sent = posted.result;
    SendResult result;
    if (!sent.answer) {
        result.message = "heartbeat: " + sent.error;
        result.stopped = sent.stopped;
        return result;
    }
    result.retry_after = sent.answer->retry_after;
    if (sent.answer->status == 204 || sent.answer->status == 200) {
        if (beat.alerts_up_to_id > 0) outbox_.mark_alerts_reported(beat.alerts_up_to_id);
        result.outcome = SendOutcome::delivered;
        result.message = "heartbeat sent";
        return result;
    }
    result.message = "heartbeat: " + describe_answerer(*sent.answer);
    return result;
}

}  // namespace kiosk
