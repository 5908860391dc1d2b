// What the service's tests share: a temporary folder, a kiosk's key and signed headers made with
// libsodium directly (not with the service's own code, so a mistake there cannot cancel out), batch
// bodies as docs/protocol.md writes them, and the service running in-process on 127.0.0.1, port 0.
#pragma once
#include <httplib.h>
#include <sodium.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "ledger.hpp"
#include "service.hpp"
#include "store_key.hpp"

namespace central_test {

using nlohmann::json;

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "central-test-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string sodium_text(const unsigned char* bytes, std::size_t size, int variant) {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    std::string out(sodium_base64_encoded_len(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

inline std::string digest_field(const std::string& body) {
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    return "sha-256=" + sodium_text(hash, sizeof hash, sodium_base64_VARIANT_ORIGINAL);
}

struct TestKiosk {
    std::string id;
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    unsigned char secret_key[crypto_sign_SECRETKEYBYTES];

    explicit TestKiosk(std::string kiosk_id) : id(std::move(kiosk_id)) {
        if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
        crypto_sign_keypair(public_key, secret_key);
    }
    std::string public_key_text() const {
        return sodium_text(public_key, sizeof public_key, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    }
    std::string enrolment_code() const { return "CK1." + id + "." + public_key_text(); }
    std::string signature_field(const std::string& text) const {
        unsigned char signature[crypto_sign_BYTES];
        crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                             text.size(), secret_key);
        return "ed25519=" + sodium_text(signature, sizeof signature, sodium_base64_VARIANT_ORIGINAL);
    }
    // The five headers of docs/protocol.md, "Signed requests", for `body` (its digest before any gzip).
    httplib::Headers headers(const std::string& method_and_path, const std::string& request_id,
                             std::int64_t time_seconds, const std::string& body) const {
        std::string digest = digest_field(body);
        std::string text = "charter-kiosk-request-v1\n" + method_and_path + "\n" + id + "\n" + request_id +
                           "\n" + std::to_string(time_seconds) + "\n" + digest + "\n";
        return {{"Kiosk-Id", id},
                {"Kiosk-Request-Id", request_id},
                {"Kiosk-Time", std::to_string(time_seconds)},
                {"Kiosk-Body-Digest", digest},
                {"Kiosk-Signature", signature_field(text)}};
    }
};

// A UUID-shaped id, lower-case, distinct per `n`.
inline std::string uuid(int n) {
    char out[37];
    std::snprintf(out, sizeof out, "0190f3c2-8a1b-7c3d-9e4f-%012x", n);
    return out;
}

inline json rating_json(std::int64_t seq, const std::string& id) {
    return {{"id", id},
            {"seq", seq},
            {"reference", "MW7S-CRJ9"},
            {"site", "Town hall"},
            {"counter", "Desk 2"},
            {"service", "moving"},
            {"language", "nl"},
            {"norms_asked", {"bsc1", "bsc4", "waiting-time"}},
            {"answers", {{"bsc1", 4}, {"bsc4", 0}, {"waiting-time", 5}}},
            {"grade", 8},
            {"started", "2026-11-30T09:01:12.345Z"},
            {"finished", "2026-11-30T09:01:40.120Z"},
            {"clock_synchronised", true},
            {"end_reason", "completed"},
            {"flags", 0},
            {"program_version", "0.3.0"},
            {"config_digest", "sha-256=abc"}};
}

// A batch of `count` ratings from `first_seq`, ratings ids distinct per (batch number, index).
inline json batch_json(const std::string& kiosk_id, const std::string& batch_id, std::int64_t first_seq,
                       int count) {
    json ratings = json::array();
    for (int i = 0; i < count; ++i)
        ratings.push_back(rating_json(first_seq + i, uuid(100000 + static_cast<int>(first_seq) + i)));
    return {{"protocol", 1},          {"batch_id", batch_id},
            {"kiosk_id", kiosk_id},   {"created", "2026-11-30T09:12:03Z"},
            {"first_seq", first_seq}, {"last_seq", first_seq + count - 1},
            {"ratings", ratings}};
}

// The test store's key, from a fixed seed.
inline central::StoreKey test_store_key() {
    std::array<unsigned char, 32> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<unsigned char>(i * 7 + 1);
    return central::StoreKey::from_seed(seed);
}

// The service on 127.0.0.1, a free port, on its own thread, with a clock the test sets.
class RunningService {
  public:
    std::atomic<std::int64_t> now_ms{1'795'000'000'000};  // 2026-11-18, a fixed "now"
    central::StoreKey key = test_store_key();
    central::ServiceOptions options;
    std::mutex log_mutex;
    std::vector<std::string> log_lines;

    explicit RunningService(central::Ledger& ledger,
                            const std::function<void(central::ServiceOptions&)>& adjust = {}) {
        options.store_id = "test-store";
        options.host = "127.0.0.1";
        options.port = 0;
        options.threads = 4;
        if (adjust) adjust(options);
        service_ = std::make_unique<central::Service>(
            options, ledger, key, [this] { return now_ms.load(); },
            [this](const std::string& line) {
                std::lock_guard lock(log_mutex);
                log_lines.push_back(line);
            });
        port = service_->bind();
        thread_ = std::thread([this] { service_->run(); });
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!service_->is_running() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (!service_->is_running()) throw std::runtime_error("the service did not start");
    }
    ~RunningService() {
        service_->stop();
        thread_.join();
    }
    std::int64_t now_seconds() const { return now_ms.load() / 1000; }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(30, 0);
        return c;
    }
    std::string url() const { return service_->url(); }

    int port = 0;

  private:
    std::unique_ptr<central::Service> service_;
    std::thread thread_;
};

inline json body_json(const httplib::Result& result) {
    if (!result) throw std::runtime_error("no answer: " + httplib::to_string(result.error()));
    return json::parse(result->body, nullptr, false);
}

inline std::string problem_name(const httplib::Result& result) {
    json body = body_json(result);
    if (!body.is_object() || !body.contains("type"))
        return "(not a problem: " + result->body.substr(0, 200) + ")";
    std::string type = body["type"];
    return type.substr(type.rfind('/') + 1);
}

}  // namespace central_test
