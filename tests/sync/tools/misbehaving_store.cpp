// misbehaving_store: a stand-in for kiosk-central that answers POST /v1/batches and /v1/heartbeats the
// ways a real network goes wrong (5xx, 429, a truncated body, a captive portal's page, a forged receipt, a
// server that never answers), or with a valid signed receipt, so the kiosk's sync worker can be tested
// against each. One log line per request lets a test count requests and measure the spacing of retries.
#include <httplib.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_keys.hpp"
#include "utc_text.hpp"

namespace {

using nlohmann::json;

const std::set<std::string> answer_modes = {"500",        "503",         "429",  "malformed",
                                            "login-page", "bad-receipt", "hang", "ok"};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The modes to answer with, one per request, in the order of a script file; the last one repeats.
class Script {
  public:
    void load(const std::string& path) {
        std::ifstream in(path);
        if (!in) throw std::runtime_error("Unable to read the script " + path);
        std::string line;
        for (int number = 1; std::getline(in, line); ++number) {
            auto first = line.find_first_not_of(" \t\r");
            if (first == std::string::npos || line[first] == '#') continue;
            std::string mode = line.substr(first, line.find_last_not_of(" \t\r") + 1 - first);
            if (!answer_modes.count(mode))
                throw std::runtime_error(path + ":" + std::to_string(number) + ": unknown mode '" + mode +
                                         "' (one of 500 503 429 malformed login-page bad-receipt hang ok)");
            modes_.push_back(mode);
        }
        if (modes_.empty()) throw std::runtime_error("the script " + path + " names no mode");
    }
    std::string next() {
        std::lock_guard lock(mutex_);
        std::string mode = modes_[std::min(used_, modes_.size() - 1)];
        ++used_;
        return mode;
    }

  private:
    std::mutex mutex_;
    std::vector<std::string> modes_;
    std::size_t used_ = 0;
};

// What a store that works would remember: batches by id and the ratings it holds, so that a batch sent
// again gets the counts of its first time (docs/protocol.md), as after a cut connection.
class Ledger {
  public:
    struct Counts {
        std::string digest;
        std::int64_t accepted = 0;
        std::int64_t already_present = 0;
        std::string received;
    };
    // nullopt when the batch id is known with another digest (a conflict).
    std::optional<Counts> record(const std::string& kiosk_id, const std::string& batch_id,
                                 const std::string& digest, const json& ratings) {
        std::lock_guard lock(mutex_);
        auto known = batches_.find(batch_id);
        if (known != batches_.end()) {
            if (known->second.digest != digest) return std::nullopt;
            return known->second;
        }
        Counts counts{digest, 0, 0, kiosk::utc_text(now_ms(), "%Y-%m-%dT%H:%M:%SZ")};
        for (const auto& rating : ratings) {
            if (ratings_.insert(kiosk_id + "/" + rating.at("id").get<std::string>()).second)
                ++counts.accepted;
            else
                ++counts.already_present;
        }
        batches_.emplace(batch_id, counts);
        return counts;
    }

  private:
    std::mutex mutex_;
    std::map<std::string, Counts> batches_;
    std::set<std::string> ratings_;
};

struct Settings {
    std::string mode;
    std::string heartbeat_mode;  // empty: heartbeats are answered like batches
    int retry_after = 2;
    int hang_seconds = 0;  // 0: until killed
    std::string store_id = "misbehaving-store";
    sync_tools::KeyPair store_key;
    sync_tools::KeyPair wrong_key;                // signs the forged receipts of bad-receipt
    std::map<std::string, std::string> enrolled;  // kiosk id -> public key (raw); empty: no check
};

void problem(httplib::Response& res, int status, const std::string& name, const std::string& detail) {
    json body = {{"type", "https://charter-kiosk.invalid/problems/" + name},
                 {"title", name},
                 {"status", status},
                 {"detail", detail}};
    res.status = status;
    res.set_content(body.dump(), "application/problem+json");
}

// The receipt for this request's batch, signed with `key`; counts from the ledger when given.
json receipt_for(const httplib::Request& req, const Settings& s, const sync_tools::KeyPair& key,
                 const std::optional<Ledger::Counts>& counts) {
    json batch = json::parse(req.body, nullptr, false);
    auto text_member = [&](const char* name, const std::string& fallback) {
        return batch.is_object() && batch.contains(name) && batch[name].is_string()
                   ? batch[name].get<std::string>()
                   : fallback;
    };
    std::int64_t ratings = batch.is_object() && batch.contains("ratings") && batch["ratings"].is_array()
                               ? batch["ratings"].size()
                               : 0;
    json receipt = {
        {"protocol", 1},
        {"store_id", s.store_id},
        {"kiosk_id", text_member("kiosk_id", req.get_header_value("Kiosk-Id"))},
        {"batch_id", text_member("batch_id", req.get_header_value("Kiosk-Request-Id"))},
        {"body_digest", sync_tools::sha256_field(req.body)},
        {"accepted", counts ? counts->accepted : ratings},
        {"already_present", counts ? counts->already_present : 0},
        {"received", counts ? counts->received : kiosk::utc_text(now_ms(), "%Y-%m-%dT%H:%M:%SZ")}};
    return {{"receipt", receipt},
            {"signature", sync_tools::sign_text(sync_tools::receipt_signing_text(receipt), key)}};
}

// In `ok` mode with --enrolled: the checks a store makes before reading a body (docs/protocol.md).
bool request_refused(const httplib::Request& req, const Settings& s, httplib::Response& res) {
    if (s.enrolled.empty()) return false;
    for (const char* header :
         {"Kiosk-Id", "Kiosk-Request-Id", "Kiosk-Time", "Kiosk-Body-Digest", "Kiosk-Signature"})
        if (!req.has_header(header)) {
            problem(res, 400, "bad-request-headers", std::string("the header ") + header + " is missing");
            return true;
        }
    std::string kiosk_id = req.get_header_value("Kiosk-Id");
    auto key = s.enrolled.find(kiosk_id);
    if (key == s.enrolled.end()) {
        problem(res, 401, "unknown-kiosk", "the kiosk " + kiosk_id + " is not enrolled");
        return true;
    }
    std::string text = sync_tools::request_signing_text(
        req.method + " " + req.path, kiosk_id, req.get_header_value("Kiosk-Request-Id"),
        req.get_header_value("Kiosk-Time"), req.get_header_value("Kiosk-Body-Digest"));
    if (!sync_tools::signature_verifies(req.get_header_value("Kiosk-Signature"), text, key->second)) {
        problem(res, 401, "bad-signature",
                "the signature does not verify with the key enrolled for " + kiosk_id);
        return true;
    }
    if (sync_tools::sha256_field(req.body) != req.get_header_value("Kiosk-Body-Digest")) {
        problem(res, 400, "digest-mismatch", "the body's SHA-256 differs from Kiosk-Body-Digest");
        return true;
    }
    return false;
}

void answer_ok(const httplib::Request& req, const Settings& s, Ledger& ledger, httplib::Response& res) {
    if (request_refused(req, s, res)) return;
    if (req.path == "/v1/heartbeats") {
        res.status = 204;
        return;
    }
    json batch = json::parse(req.body, nullptr, false);
    if (!batch.is_object() || !batch.contains("ratings") || !batch["ratings"].is_array() ||
        !batch.contains("batch_id") || !batch["batch_id"].is_string()) {
        problem(res, 400, "malformed-batch", "the body is not a batch (no batch_id or ratings)");
        return;
    }
    std::optional<Ledger::Counts> counts;
    try {
        counts = ledger.record(req.get_header_value("Kiosk-Id"), batch["batch_id"],
                               sync_tools::sha256_field(req.body), batch["ratings"]);
    } catch (const json::exception& e) {
        problem(res, 400, "malformed-batch", std::string("a rating has no id: ") + e.what());
        return;
    }
    if (!counts) {
        problem(res, 409, "batch-conflict", "the batch id is known with another digest");
        return;
    }
    res.set_content(receipt_for(req, s, s.store_key, counts).dump(), "application/json");
}

void answer(const std::string& mode, const httplib::Request& req, const Settings& s, Ledger& ledger,
            httplib::Response& res) {
    if (mode == "500") {
        problem(res, 500, "internal-error", "misbehaving_store answers 500 on purpose");
    } else if (mode == "503" || mode == "429") {
        problem(res, std::stoi(mode), mode == "503" ? "unavailable" : "rate-limited",
                "misbehaving_store answers " + mode + " on purpose");
        res.set_header("Retry-After", std::to_string(s.retry_after));
    } else if (mode == "malformed") {
        std::string whole = receipt_for(req, s, s.store_key, std::nullopt).dump();
        res.set_content(whole.substr(0, whole.size() / 2), "application/json");  // cut off mid-value
    } else if (mode == "login-page") {
        res.set_content(
            "<!DOCTYPE html>\n<html><head><title>Guest Wi-Fi</title></head><body>\n"
            "<h1>Welcome to Guest Wi-Fi</h1><p>Please accept the terms of use to continue.</p>\n"
            "<form method=\"post\" action=\"/login\"><input type=\"checkbox\" name=\"accept\"> I accept "
            "<button>Connect</button></form>\n</body></html>\n",
            "text/html; charset=utf-8");
    } else if (mode == "bad-receipt") {
        // Receipt-shaped and signed, but by a key that is not the store's.
        res.set_content(receipt_for(req, s, s.wrong_key, std::nullopt).dump(), "application/json");
    } else if (mode == "hang") {
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(s.hang_seconds);
        while (s.hang_seconds == 0 || std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        problem(res, 504, "hung", "misbehaving_store hung for " + std::to_string(s.hang_seconds) + " s");
    } else {
        assert(mode == "ok" && "modes are checked when the options are read");
        answer_ok(req, s, ledger, res);
    }
}

class RequestLog {
  public:
    void open(const std::string& path) {
        out_.open(path, std::ios::app);
        if (!out_) throw std::runtime_error("Unable to open the log " + path + " for appending");
    }
    // "<UTC time>\t<unix ms>\t<method path>\t<Kiosk-Request-Id>\t<mode>", flushed at once: a test reads it
    // while requests still hang.
    void write(const httplib::Request& req, const std::string& mode) {
        std::lock_guard lock(mutex_);
        if (!out_.is_open()) return;
        std::int64_t ms = now_ms();
        std::string id = req.get_header_value("Kiosk-Request-Id");
        out_ << sync_tools::utc_ms_text(ms) << '\t' << ms << '\t' << req.method << ' ' << req.path << '\t'
             << (id.empty() ? "-" : id) << '\t' << mode << std::endl;
    }

  private:
    std::mutex mutex_;
    std::ofstream out_;
};

std::map<std::string, std::string> read_codes(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("Unable to read the enrolment codes " + path);
    std::map<std::string, std::string> keys;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        auto dot = line.rfind('.');
        auto key =
            dot == std::string::npos ? std::nullopt : sync_tools::decode_base64(line.substr(dot + 1), 32);
        if (line.rfind("CK1.", 0) != 0 || dot <= 4 || !key)
            throw std::runtime_error(path + ":" + std::to_string(number) +
                                     ": not an enrolment code CK1.<id>.<public key, base64url>");
        keys[line.substr(4, dot - 4)] = *key;
    }
    return keys;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "A stand-in for kiosk-central that misbehaves on purpose, for testing the kiosk's sync worker.\n"
        "Answers POST /v1/batches and POST /v1/heartbeats as --mode says:\n"
        "  500          500 with a problem body\n"
        "  503, 429     that status with Retry-After: --retry-after\n"
        "  malformed    200 application/json, the receipt cut off half way\n"
        "  login-page   200 text/html, a captive portal's login page\n"
        "  bad-receipt  200 with a receipt for the batch, signed by a key that is not the store's\n"
        "  hang         never answers (or after --hang-seconds, 504)\n"
        "  ok           a valid receipt signed with the store key (--store-seed); heartbeats 204; a batch\n"
        "               sent again gets the counts of its first time\n"
        "  script       the modes of --script FILE, one line per request; the last line repeats\n"
        "Prints 'listening on 127.0.0.1:<port>' once ready."};
    Settings s;
    int port = 0;
    std::string script_path, log_path, store_seed = "misbehaving-store", codes_path, cert, key;
    bool show_key = false;
    app.add_option("--mode", s.mode, "how to answer (see above)")
        ->check(CLI::IsMember(
            {"500", "503", "429", "malformed", "login-page", "bad-receipt", "hang", "ok", "script"}));
    app.add_option("--port", port, "port on 127.0.0.1; 0 picks a free one")->capture_default_str();
    app.add_option("--retry-after", s.retry_after, "seconds in Retry-After of 503 and 429")
        ->capture_default_str();
    app.add_option("--hang-seconds", s.hang_seconds, "hang: answer 504 after this long; 0: never answer")
        ->capture_default_str();
    app.add_option("--script", script_path, "script: file of modes, one per line ('#' comments)");
    app.add_option("--heartbeats", s.heartbeat_mode,
                   "answer heartbeats with this mode instead (they then take no script line)")
        ->check(CLI::IsMember(answer_modes));
    app.add_option("--log", log_path, "append one line per request: time, unix ms, path, request id, mode");
    app.add_option("--store-id", s.store_id, "store id written in receipts")->capture_default_str();
    app.add_option("--store-seed", store_seed, "text the store's key pair is made from")
        ->capture_default_str();
    app.add_flag("--show-store-key", show_key, "print the store's public key (base64url) and exit");
    app.add_option("--enrolled", codes_path,
                   "ok: file of enrolment codes (fleet_sim codes); requests must then be signed by them");
    app.add_option("--tls-cert", cert, "serve HTTPS with this certificate (PEM) ...");
    app.add_option("--tls-key", key, "... and this private key (PEM)");
    CLI11_PARSE(app, argc, argv);

    try {
        s.store_key = sync_tools::key_pair_from_text(store_seed);
        s.wrong_key = sync_tools::key_pair_from_text("not the store: " + store_seed);
        if (show_key) {
            std::cout << sync_tools::base64url(s.store_key.public_key.data(), s.store_key.public_key.size())
                      << "\n";
            return 0;
        }
        if (s.mode.empty()) throw std::runtime_error("--mode is required (see --help)");
        Script script;
        if (s.mode == "script") {
            if (script_path.empty()) throw std::runtime_error("--mode script needs --script FILE");
            script.load(script_path);
        }
        if (!codes_path.empty()) s.enrolled = read_codes(codes_path);
        if (cert.empty() != key.empty()) throw std::runtime_error("--tls-cert and --tls-key go together");
        RequestLog log;
        if (!log_path.empty()) log.open(log_path);
        Ledger ledger;

        std::unique_ptr<httplib::Server> server;
        if (cert.empty()) {
            server = std::make_unique<httplib::Server>();
        } else {
            auto tls = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
            if (!tls->is_valid())
                throw std::runtime_error("Unable to serve HTTPS with " + cert + " and " + key +
                                         " (unreadable, or the key does not match the certificate)");
            server = std::move(tls);
        }
        // Hanging answers hold a thread each: room for many, so the others are still answered.
        server->new_task_queue = [] { return new httplib::ThreadPool(64); };
        server->set_tcp_nodelay(true);  // else each small answer waits on delayed ACKs (40 ms)
        auto handle = [&](const httplib::Request& req, httplib::Response& res) {
            bool heartbeat = req.path == "/v1/heartbeats";
            std::string mode = heartbeat && !s.heartbeat_mode.empty() ? s.heartbeat_mode
                               : s.mode == "script"                   ? script.next()
                                                                      : s.mode;
            log.write(req, mode);
            answer(mode, req, s, ledger, res);
        };
        server->Post("/v1/batches", handle);
        server->Post("/v1/heartbeats", handle);

        int bound = port == 0 ? server->bind_to_any_port("127.0.0.1")
                              : (server->bind_to_port("127.0.0.1", port) ? port : -1);
        if (bound <= 0)
            throw std::runtime_error("Unable to listen on 127.0.0.1:" + std::to_string(port) +
                                     " (port in use?)");
        std::cout << "listening on 127.0.0.1:" << bound << std::endl;
        if (!server->listen_after_bind()) throw std::runtime_error("the server stopped unexpectedly");
    } catch (const std::exception& e) {
        std::cerr << "misbehaving_store: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
