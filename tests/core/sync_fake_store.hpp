// A fake central store for the sync tests: an httplib server on 127.0.0.1 that checks each request's
// signature as docs/protocol.md writes it (its own copy of the signing text, so a kiosk that signs
// the wrong text is caught), and answers each batch as the test scripts it: a receipt signed with its
// own test key, or a broken one, or an error, or no answer at all (hangs until released). Its refusals
// are signed as protocol 2 says (its own copy of that signing text too), unless the test scripts a
// refusal that is not the store's: unsigned, signed with another key, or about another body. It does
// not use the protocol library (protocol/): an oracle of its own, written from docs/protocol.md. It also
// answers a site's figures (POST /v1/site-scores), signed or forged as the test scripts it.
#pragma once
#include <httplib.h>
#include <sodium.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "kiosk_key.hpp"

namespace fake_store {

using nlohmann::json;

enum class Answer {
    receipt,                 // 200 with a valid signed receipt
    bad_signature,           // 200, receipt signed by another key
    wrong_batch_id,          // 200, signed receipt naming another batch
    wrong_counts,            // 200, signed receipt whose counts do not add up
    wrong_kiosk,             // 200, signed receipt naming another kiosk
    html_page,               // 200, a captive portal's login page
    redirect,                // 302 to a login page
    server_error,            // 500
    unavailable,             // 503 with Retry-After (7 s unless the test says otherwise)
    bad_request,             // 400 malformed-batch, signed
    conflict,                // 409 batch-conflict, signed
    unsigned_conflict,       // 409 batch-conflict without a signature (a middlebox's forgery)
    forged_conflict,         // 409 batch-conflict signed with another key
    conflict_on_other_body,  // 409 batch-conflict signed by the store, about another body digest
    forged_stale_timestamp,  // 401 stale-timestamp, two hours ahead, without a signature
    proxy_rate_limited,      // 429 with Retry-After from a front (HAProxy) in the store's place: unsigned
    hang,                    // no answer until released
};

// How the store answers POST /v1/site-scores (docs/protocol.md, "A site's figures").
enum class ScoresAnswer {
    figures,             // 200, the figures for the request, signed over it and the body
    unsigned_figures,    // 200, the same without Store-Signature (a proxy that strips it, or a forgery)
    other_key,           // 200, signed with another key
    changed_on_the_way,  // 200, signed, then one figure changed after signing (a middlebox)
    other_request,       // 200, signed over another request id (an old answer replayed)
    other_period,        // 200, signed, but the figures of another period than asked
    unreadable,          // 200, signed, but not figures
    revoked,             // 403 revoked-kiosk, signed
    unsigned_revoked,    // 403 revoked-kiosk without a signature
    portal_page,         // 200, a captive portal's login page
    unavailable,         // 503
};

inline std::string b64(const unsigned char* bytes, std::size_t size,
                       int variant = sodium_base64_VARIANT_ORIGINAL) {
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

// docs/protocol.md: "sha-256=" and the base64 of the SHA-256 (this store's own, not the protocol library's).
inline std::string sha256_field(const std::string& bytes) {
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return "sha-256=" + b64(hash, sizeof hash);
}

class Store {
  public:
    std::array<unsigned char, 32> public_key{};
    std::string public_key_text;     // base64url, as sync.store_public_key
    std::int64_t clock_ahead_s = 0;  // the store's clock runs this far ahead of the machine's
    std::string retry_after = "7";   // sent with 503

    explicit Store(std::array<unsigned char, 32> kiosk_public_key) : kiosk_key_(kiosk_public_key) {
        if (sodium_init() < 0) throw std::runtime_error("libsodium");
        crypto_sign_keypair(public_key.data(), secret_key_.data());
        public_key_text = b64(public_key.data(), public_key.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
        server_.Post("/v1/batches", [this](const httplib::Request& q, httplib::Response& a) { batch(q, a); });
        server_.Post("/v1/heartbeats",
                     [this](const httplib::Request& q, httplib::Response& a) { heartbeat(q, a); });
        server_.Post("/v1/site-scores",
                     [this](const httplib::Request& q, httplib::Response& a) { site_scores(q, a); });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ~Store() {
        release();
        server_.stop();
        thread_.join();
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    void script(std::initializer_list<Answer> answers) {
        std::lock_guard lock(mutex_);
        script_.insert(script_.end(), answers);
    }
    void script_scores(std::initializer_list<ScoresAnswer> answers) {
        std::lock_guard lock(mutex_);
        scores_script_.insert(scores_script_.end(), answers);
    }
    void release() {
        {
            std::lock_guard lock(mutex_);
            released_ = true;
        }
        wake_.notify_all();
    }

    // What the store holds and saw.
    std::size_t ratings_held() {
        std::lock_guard lock(mutex_);
        return ratings_.size();
    }
    int batch_requests() {
        std::lock_guard lock(mutex_);
        return batch_requests_;
    }
    int heartbeats() {
        std::lock_guard lock(mutex_);
        return static_cast<int>(heartbeat_bodies_.size());
    }
    json last_heartbeat() {
        std::lock_guard lock(mutex_);
        return heartbeat_bodies_.empty() ? json() : heartbeat_bodies_.back();
    }
    // The bodies of the site-scores requests that passed the signature checks.
    std::vector<json> scores_requests() {
        std::lock_guard lock(mutex_);
        return scores_requests_;
    }
    int bad_signatures() {
        std::lock_guard lock(mutex_);
        return bad_signatures_;
    }
    int hanging() const { return hanging_.load(); }

  private:
    enum class Signing { store, none, other_key, other_body };

    // A problem+json, signed (protocol 2) over the request `q` and the body received, or as `signing` says.
    void problem(const httplib::Request& q, httplib::Response& a, int status, const std::string& name,
                 json extra = json::object(), Signing signing = Signing::store) {
        extra["type"] = "https://charter-kiosk.invalid/problems/" + name;
        extra["title"] = name;
        extra["status"] = status;
        extra["detail"] = "the fake store says " + name;
        if (signing != Signing::none) {
            std::int64_t store_time = extra.contains("store_time") ? extra["store_time"].get<std::int64_t>()
                                                                   : std::time(nullptr) + clock_ahead_s;
            std::string received = sha256_field(signing == Signing::other_body ? q.body + " " : q.body);
            std::string text =
                "charter-kiosk-refusal-v2\ntest-store\n" + std::to_string(status) + "\n" + name + "\n" +
                std::to_string(store_time) + "\nPOST " + q.path + "\n" + q.get_header_value("Kiosk-Id") +
                "\n" + q.get_header_value("Kiosk-Request-Id") + "\n" + q.get_header_value("Kiosk-Time") +
                "\n" + q.get_header_value("Kiosk-Body-Digest") + "\n" +
                q.get_header_value("Kiosk-Signature") + "\n" + received + "\n";
            std::array<unsigned char, 32> other_public{};
            std::array<unsigned char, 64> other_secret{};
            if (signing == Signing::other_key) crypto_sign_keypair(other_public.data(), other_secret.data());
            unsigned char sig[64];
            crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size(),
                                 signing == Signing::other_key ? other_secret.data() : secret_key_.data());
            extra["store_id"] = "test-store";
            extra["store_time"] = store_time;
            extra["received_body_digest"] = received;
            extra["signature"] = "ed25519=" + b64(sig, 64);
        }
        a.status = status;
        a.set_content(extra.dump(), "application/problem+json");
    }

    // The protocol's checks before the body: digest and signature over the six lines, and the time.
    bool signed_well(const httplib::Request& q, httplib::Response& a, const std::string& path) {
        std::string text = "charter-kiosk-request-v1\nPOST " + path + "\n" + q.get_header_value("Kiosk-Id") +
                           "\n" + q.get_header_value("Kiosk-Request-Id") + "\n" +
                           q.get_header_value("Kiosk-Time") + "\n" + q.get_header_value("Kiosk-Body-Digest") +
                           "\n";
        std::string signature = q.get_header_value("Kiosk-Signature");
        unsigned char sig[64];
        std::size_t decoded = 0;
        bool ok = signature.rfind("ed25519=", 0) == 0 &&
                  sodium_base642bin(sig, sizeof sig, signature.data() + 8, signature.size() - 8, nullptr,
                                    &decoded, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0 &&
                  decoded == 64 &&
                  crypto_sign_verify_detached(sig, reinterpret_cast<const unsigned char*>(text.data()),
                                              text.size(), kiosk_key_.data()) == 0 &&
                  q.get_header_value("Kiosk-Body-Digest") == sha256_field(q.body);
        if (!ok) {
            ++bad_signatures_;
            problem(q, a, 401, "bad-signature");
            return false;
        }
        std::int64_t store_now = std::time(nullptr) + clock_ahead_s;
        if (std::llabs(std::stoll(q.get_header_value("Kiosk-Time")) - store_now) > 900) {
            problem(q, a, 401, "stale-timestamp", {{"store_time", store_now}});
            return false;
        }
        return true;
    }

    void heartbeat(const httplib::Request& q, httplib::Response& a) {
        std::lock_guard lock(mutex_);
        if (!signed_well(q, a, "/v1/heartbeats")) return;
        heartbeat_bodies_.push_back(json::parse(q.body));
        a.status = 204;
    }

    void batch(const httplib::Request& q, httplib::Response& a) {
        std::unique_lock lock(mutex_);
        ++batch_requests_;
        if (!signed_well(q, a, "/v1/batches")) return;
        Answer answer = Answer::receipt;
        if (!script_.empty()) {
            answer = script_.front();
            script_.pop_front();
        }
        if (answer == Answer::hang) {
            ++hanging_;
            wake_.wait(lock, [this] { return released_; });
            --hanging_;
            problem(q, a, 503, "released");
            return;
        }
        json body = json::parse(q.body);
        switch (answer) {
            case Answer::html_page:
                a.status = 200;
                a.set_content("<html><body>Please log in to the guest wifi</body></html>", "text/html");
                return;
            case Answer::redirect:
                a.status = 302;
                a.set_header("Location", "http://127.0.0.1:1/login");
                return;
            case Answer::server_error:
                problem(q, a, 500, "internal");
                return;
            case Answer::unavailable:
                a.set_header("Retry-After", retry_after);
                problem(q, a, 503, "unavailable");
                return;
            case Answer::bad_request:
                problem(q, a, 400, "malformed-batch");
                return;
            case Answer::conflict:
                problem(q, a, 409, "batch-conflict");
                return;
            case Answer::unsigned_conflict:
                problem(q, a, 409, "batch-conflict", json::object(), Signing::none);
                return;
            case Answer::forged_conflict:
                problem(q, a, 409, "batch-conflict", json::object(), Signing::other_key);
                return;
            case Answer::conflict_on_other_body:
                problem(q, a, 409, "batch-conflict", json::object(), Signing::other_body);
                return;
            case Answer::proxy_rate_limited:
                a.set_header("Retry-After", retry_after);
                problem(q, a, 429, "rate-limited", json::object(), Signing::none);
                return;
            case Answer::forged_stale_timestamp:
                problem(q, a, 401, "stale-timestamp", {{"store_time", std::time(nullptr) + 7200}},
                        Signing::none);
                return;
            default:
                break;
        }
        int accepted = 0, already = 0;
        for (const json& r : body["ratings"]) {
            if (answer != Answer::receipt) continue;  // a broken receipt stores nothing
            (ratings_.insert(r["id"].get<std::string>()).second ? accepted : already)++;
        }
        if (answer != Answer::receipt) accepted = static_cast<int>(body["ratings"].size());
        json receipt = {{"protocol", 1},
                        {"store_id", "test-store"},
                        {"kiosk_id", answer == Answer::wrong_kiosk ? "another-kiosk" : body["kiosk_id"]},
                        {"batch_id", answer == Answer::wrong_batch_id ? "0190f3c2-0000-7000-8000-000000000000"
                                                                      : body["batch_id"]},
                        {"body_digest", q.get_header_value("Kiosk-Body-Digest")},
                        {"accepted", accepted + (answer == Answer::wrong_counts ? 1 : 0)},
                        {"already_present", already},
                        {"received", "2026-11-30T09:12:04Z"}};
        std::string text = "charter-kiosk-receipt-v1\n" + receipt["store_id"].get<std::string>() + "\n" +
                           receipt["kiosk_id"].get<std::string>() + "\n" +
                           receipt["batch_id"].get<std::string>() + "\n" +
                           receipt["body_digest"].get<std::string>() + "\n" +
                           std::to_string(receipt["accepted"].get<int>()) + "\n" +
                           std::to_string(receipt["already_present"].get<int>()) + "\n" +
                           receipt["received"].get<std::string>() + "\n";
        std::array<unsigned char, 64> other_secret{};
        std::array<unsigned char, 32> other_public{};
        if (answer == Answer::bad_signature) crypto_sign_keypair(other_public.data(), other_secret.data());
        unsigned char sig[64];
        crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             answer == Answer::bad_signature ? other_secret.data() : secret_key_.data());
        a.status = 200;
        a.set_content(json({{"receipt", receipt}, {"signature", "ed25519=" + b64(sig, 64)}}).dump(),
                      "application/json");
    }

    // A site's figures for the request `q`: fixed numbers, the request's own period, filters and zone.
    void site_scores(const httplib::Request& q, httplib::Response& a) {
        std::lock_guard lock(mutex_);
        if (!signed_well(q, a, "/v1/site-scores")) return;
        json request = json::parse(q.body);
        scores_requests_.push_back(request);
        ScoresAnswer answer = ScoresAnswer::figures;
        if (!scores_script_.empty()) {
            answer = scores_script_.front();
            scores_script_.pop_front();
        }
        switch (answer) {
            case ScoresAnswer::revoked:
                return problem(q, a, 403, "revoked-kiosk");
            case ScoresAnswer::unsigned_revoked:
                return problem(q, a, 403, "revoked-kiosk", json::object(), Signing::none);
            case ScoresAnswer::portal_page:
                a.status = 200;
                a.set_content("<html><body>Please log in to the guest wifi</body></html>", "text/html");
                return;
            case ScoresAnswer::unavailable:
                return problem(q, a, 503, "database-unavailable", json::object(), Signing::none);
            default:
                break;
        }
        json hours = json::array();
        for (int h = 0; h < 24; ++h) hours.push_back(h == 10 ? 3 : 0);
        json figures = {
            {"protocol", 1},
            {"store_id", "test-store"},
            {"computed_at", "2026-11-30T13:00:00Z"},
            {"site", "Town hall"},
            {"period", answer == ScoresAnswer::other_period ? "30d" : request["period"]},
            {"counter", request.contains("counter") ? request["counter"] : json()},
            {"service", request.contains("service") ? request["service"] : json()},
            {"with_bursts", request["with_bursts"]},
            {"time_zone", request["time_zone"]},
            {"first_day", "2026-11-24"},
            {"last_day", "2026-11-30"},
            {"kiosks", 2},
            {"count", 3},
            {"average_grade", 7.5},
            {"grade_distribution", {0, 0, 0, 0, 0, 0, 1, 1, 0, 0}},
            {"norms",
             {{"bsc1", {{"average", 4.5}, {"answers", 2}, {"not_applicable", 1}}},
              {"bsc4", {{"average", nullptr}, {"answers", 0}, {"not_applicable", 2}}}}},
            {"end_reasons", {{"completed", 2}, {"stopped", 0}, {"timed-out", 0}, {"abandoned", 1}}},
            {"bursts", 0},
            {"trend",
             {{{"start", "2026-11-29"}, {"count", 0}, {"average_grade", nullptr}},
              {{"start", "2026-11-30"}, {"count", 3}, {"average_grade", 7.5}}}},
            {"hours", hours},
            {"languages", {{"nl", 2}, {"en", 1}}}};
        std::string body =
            answer == ScoresAnswer::unreadable ? json({{"count", "many"}}).dump() : figures.dump();
        std::string request_id = answer == ScoresAnswer::other_request
                                     ? "0190f3c2-0000-7000-8000-000000000000"
                                     : q.get_header_value("Kiosk-Request-Id");
        std::string text = "charter-kiosk-site-scores-v1\nPOST /v1/site-scores\n" +
                           q.get_header_value("Kiosk-Id") + "\n" + request_id + "\n" +
                           q.get_header_value("Kiosk-Time") + "\n" + q.get_header_value("Kiosk-Body-Digest") +
                           "\n" + sha256_field(body) + "\n";
        std::array<unsigned char, 32> other_public{};
        std::array<unsigned char, 64> other_secret{};
        if (answer == ScoresAnswer::other_key) crypto_sign_keypair(other_public.data(), other_secret.data());
        unsigned char sig[64];
        crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             answer == ScoresAnswer::other_key ? other_secret.data() : secret_key_.data());
        if (answer != ScoresAnswer::unsigned_figures)
            a.set_header("Store-Signature", "ed25519=" + b64(sig, 64));
        if (answer == ScoresAnswer::changed_on_the_way)
            body.replace(body.find("\"count\":3"), 9, "\"count\":4");
        a.status = 200;
        a.set_content(body, "application/json");
    }

    std::array<unsigned char, 32> kiosk_key_;
    std::array<unsigned char, 64> secret_key_{};
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool released_ = false;
    std::atomic<int> hanging_{0};
    std::deque<Answer> script_;
    std::deque<ScoresAnswer> scores_script_;
    std::vector<json> scores_requests_;
    std::set<std::string> ratings_;
    std::vector<json> heartbeat_bodies_;
    int batch_requests_ = 0;
    int bad_signatures_ = 0;
};

// The kiosk's public key as bytes, from its key file's public half.
inline std::array<unsigned char, 32> public_key_of(const kiosk::KioskKey& key) {
    std::array<unsigned char, 32> out{};
    std::string text = key.public_key_text();
    std::size_t decoded = 0;
    sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &decoded, nullptr,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

}  // namespace fake_store
