// fleet_sim: K simulated kiosks speaking the sync protocol (docs/protocol.md) to a store, for the sync
// integration tests and the fleet benchmarks. Each kiosk has an Ed25519 key made from --seed (a rerun has
// the same keys, so one enrolment serves many runs), signs its requests, checks every receipt with the
// store's key and retries as a kiosk does. It reports what a test asserts: requests by status, latency,
// ratings accepted and already present, failures; its exit status is non-zero on any 500, any receipt
// that does not verify, or counts that do not add up to what was sent. Without --duration, every body
// (and its digest) is built before the clock starts and only signed as it is sent, so the rate it reports
// is the store's, not this program's JSON (docs/performance.md).
//
// Sections: the simulated kiosks · building batches · one HTTP request · sending a batch with retries ·
// statistics · the three ways of sending (queue, same batches at once, for a duration) · main.
#include <curl/curl.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "identifiers.hpp"
#include "test_keys.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// ---- the simulated kiosks ---------------------------------------------------------------------------------

struct Batch {
    std::string id;
    std::string body;
    std::string digest;
    int ratings = 0;
};

struct SimKiosk {
    std::string id;
    sync_tools::KeyPair key;
    std::mt19937_64 random;  // what its ratings say
    std::int64_t next_seq = 1;
    std::deque<Batch> ready;  // built before the clock started, sent in this order (--batches runs)
    int batches_sent = 0;
    Clock::time_point due{};  // when it may send its next batch
};

std::vector<SimKiosk> make_kiosks(int count, std::uint64_t seed, const std::string& prefix,
                                  std::int64_t first_seq) {
    std::vector<SimKiosk> kiosks(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        char number[16];
        std::snprintf(number, sizeof number, "%04d", i + 1);
        SimKiosk& k = kiosks[static_cast<std::size_t>(i)];
        k.id = prefix + number;
        k.key = sync_tools::key_pair_from_text("fleet_sim seed " + std::to_string(seed) + " kiosk " + k.id);
        k.random.seed(seed * 1000003ull + static_cast<std::uint64_t>(i));
        k.next_seq = first_seq;
    }
    return kiosks;
}

std::string enrolment_code(const SimKiosk& k) {
    return "CK1." + k.id + "." + sync_tools::base64url(k.key.public_key.data(), k.key.public_key.size());
}

// ---- building batches -------------------------------------------------------------------------------------

template <class T>
const T& pick(const std::vector<T>& items, std::mt19937_64& random) {
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(random)];
}

// `count` ratings with the kiosk's next seq numbers, valid as docs/protocol.md says.
Batch build_batch(SimKiosk& k, int count) {
    static const std::vector<std::string> services = {"passport", "moving", "birth", "driving-licence"};
    static const std::vector<std::string> languages = {"nl", "en", "de", "fr", "pl"};
    static const std::vector<std::string> norms = {"bsc1", "bsc2", "bsc3", "bsc4", "bsc5", "bsc6", "bsc7"};
    static const std::string config_digest = sync_tools::sha256_field("fleet_sim");
    std::int64_t now = unix_ms();
    json ratings = json::array();
    for (int i = 0; i < count; ++i) {
        std::int64_t finished = now - (count - i) * 1000;
        std::int64_t started = finished - std::uniform_int_distribution<std::int64_t>(15000, 90000)(k.random);
        std::vector<std::string> asked = norms;
        std::shuffle(asked.begin(), asked.end(), k.random);
        asked.resize(3);
        bool completed = std::uniform_int_distribution<int>(0, 9)(k.random) != 0;
        json answers = json::object();
        for (std::size_t n = 0; n < (completed ? asked.size() : 1); ++n)
            answers[asked[n]] = std::uniform_int_distribution<int>(0, 5)(k.random);
        ratings.push_back({{"id", kiosk::make_uuid_v7(started)},
                           {"seq", k.next_seq++},
                           {"reference", kiosk::make_short_reference()},
                           {"site", "Simulated office"},
                           {"counter", "Counter " + std::to_string(1 + k.random() % 4)},
                           {"service", k.random() % 5 == 0 ? json() : json(pick(services, k.random))},
                           {"language", pick(languages, k.random)},
                           {"norms_asked", asked},
                           {"answers", answers},
                           {"grade", completed ? json(1 + k.random() % 10) : json()},
                           {"started", sync_tools::utc_ms_text(started)},
                           {"finished", sync_tools::utc_ms_text(finished)},
                           {"clock_synchronised", true},
                           {"end_reason", completed ? "completed" : "timed-out"},
                           {"flags", 0},
                           {"program_version", "fleet-sim"},
                           {"config_digest", config_digest}});
    }
    Batch b;
    b.id = kiosk::make_uuid_v7(now);
    b.ratings = count;
    std::int64_t last_seq = k.next_seq - 1;
    b.body = json{{"protocol", 1},
                  {"batch_id", b.id},
                  {"kiosk_id", k.id},
                  {"created", sync_tools::utc_ms_text(now)},
                  {"first_seq", last_seq - count + 1},
                  {"last_seq", last_seq},
                  {"ratings", ratings}}
                 .dump();
    b.digest = sync_tools::sha256_field(b.body);
    return b;
}

// Every batch of a --batches run, body and digest, built before the clock starts: the rate then measures
// the store, not this program making JSON and hashing it on the same cores. Only the signature (it holds
// the time) is made when a batch is sent, as a kiosk signs each attempt.
void build_all_batches(std::vector<SimKiosk>& kiosks, int batches, int ratings) {
    const auto start = Clock::now();
    for (auto& k : kiosks)
        for (int n = 0; n < batches; ++n) k.ready.push_back(build_batch(k, ratings));
    std::cout << "built " << kiosks.size() * static_cast<std::size_t>(batches) << " batches of " << ratings
              << " ratings in " << std::fixed << std::setprecision(1)
              << std::chrono::duration<double>(Clock::now() - start).count() << " s before the clock started"
              << std::endl;
}

// The kiosk's next batch: the one built in advance, or (--duration runs, whose count is not known in
// advance) one built now.
Batch next_batch(SimKiosk& k, int ratings) {
    if (k.ready.empty()) return build_batch(k, ratings);
    Batch b = std::move(k.ready.front());
    k.ready.pop_front();
    return b;
}

// ---- one HTTP request -------------------------------------------------------------------------------------

struct Connection {
    std::string store_url;  // without a trailing '/'
    std::string ca_file;
    std::string pinned_key;
    long timeout_s = 30;
    std::int64_t clock_offset_s = 0;
};

struct Answer {
    long status = 0;  // 0: no HTTP answer (see error)
    std::string error;
    std::string body;
    std::string content_type;
    std::int64_t retry_after_s = -1;
    double ms = 0;
};

// One easy handle per thread: its connection is reused from request to request, as a kiosk's would be.
class HttpClient {
  public:
    explicit HttpClient(const Connection& c) : c_(c), curl_(curl_easy_init()) {
        if (!curl_) throw std::runtime_error("Unable to start a libcurl handle");
    }
    ~HttpClient() { curl_easy_cleanup(curl_); }
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    Answer post(const std::string& path, const std::string& body, const std::vector<std::string>& headers) {
        curl_easy_reset(curl_);
        Answer a;
        curl_slist* list = nullptr;
        for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
        list = curl_slist_append(list, "Content-Type: application/json");
        list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
        std::string url = c_.store_url + path;
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, c_.timeout_s);
        if (!c_.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, c_.ca_file.c_str());
        if (!c_.pinned_key.empty()) curl_easy_setopt(curl_, CURLOPT_PINNEDPUBLICKEY, c_.pinned_key.c_str());
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &HttpClient::collect);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &a.body);
        auto start = Clock::now();
        CURLcode rc = curl_easy_perform(curl_);
        a.ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (rc != CURLE_OK) {
            a.error = std::string(curl_easy_strerror(rc)) + " (" + url + ")";
        } else {
            curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &a.status);
            char* type = nullptr;
            curl_easy_getinfo(curl_, CURLINFO_CONTENT_TYPE, &type);
            if (type) a.content_type = type;
            curl_off_t retry_after = -1;
            if (curl_easy_getinfo(curl_, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0)
                a.retry_after_s = retry_after;
        }
        curl_slist_free_all(list);
        return a;
    }

    // The protocol's signed headers for `body` on `path`.
    std::vector<std::string> signed_headers(const SimKiosk& k, const std::string& path,
                                            const std::string& request_id, const std::string& digest) const {
        std::string time = std::to_string(unix_ms() / 1000 + c_.clock_offset_s);
        std::string text = sync_tools::request_signing_text("POST " + path, k.id, request_id, time, digest);
        return {"Kiosk-Id: " + k.id, "Kiosk-Request-Id: " + request_id, "Kiosk-Time: " + time,
                "Kiosk-Body-Digest: " + digest, "Kiosk-Signature: " + sync_tools::sign_text(text, k.key)};
    }

  private:
    static std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
        static_cast<std::string*>(out)->append(data, size * count);
        return size * count;
    }
    const Connection& c_;
    CURL* curl_;
};

// What came back, for a failure message an IT person can act on: status, type, first bytes.
std::string describe(const Answer& a) {
    if (a.status == 0) return a.error;
    std::string first = a.body.substr(0, 120);
    std::replace(first.begin(), first.end(), '\n', ' ');
    return "status " + std::to_string(a.status) + " (" +
           (a.content_type.empty() ? "no type" : a.content_type) + "): '" + first +
           (a.body.size() > first.size() ? "…'" : "'");
}

// ---- statistics -------------------------------------------------------------------------------------------

struct Minute {
    std::int64_t requests = 0;
    std::int64_t ratings_delivered = 0;
    std::map<std::string, std::int64_t> statuses;
    std::vector<double> latencies;
};

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5)];
}

json latency_json(const std::vector<double>& values) {
    return {{"p50", percentile(values, 0.50)}, {"p99", percentile(values, 0.99)}};
}

class Stats {
  public:
    Stats() : start_(Clock::now()) {}

    // The rate's clock starts here (after the batches are built), not when the program started.
    void start_clock() {
        std::lock_guard lock(mutex_);
        start_ = Clock::now();
    }

    void request(const Answer& a) {
        std::lock_guard lock(mutex_);
        std::string key = a.status ? std::to_string(a.status) : "transport-error";
        ++statuses_[key];
        Minute& m = minute_now();
        ++m.requests;
        ++m.statuses[key];
        if (a.status) {
            latencies_.push_back(a.ms);
            m.latencies.push_back(a.ms);
        }
    }
    void sent(int ratings) {
        std::lock_guard lock(mutex_);
        ++batches_;
        ratings_sent_ += ratings;
    }
    void delivered(std::int64_t accepted, std::int64_t already_present) {
        std::lock_guard lock(mutex_);
        ++delivered_;
        accepted_ += accepted;
        already_present_ += already_present;
        minute_now().ratings_delivered += accepted + already_present;
    }
    void failure(const std::string& kiosk_id, const std::string& batch_id, const std::string& what) {
        std::lock_guard lock(mutex_);
        if (failures_.size() < 100)
            failures_.push_back({{"kiosk", kiosk_id}, {"batch", batch_id}, {"what", what}});
        ++failure_count_;
        std::cerr << "fleet_sim: " << kiosk_id << " batch " << batch_id << ": " << what << std::endl;
    }

    // One line per finished minute (the soak's progress), printed as it ends.
    void print_finished_minutes(std::ostream& out) {
        std::lock_guard lock(mutex_);
        int current = minute_index();
        for (; printed_minutes_ < current; ++printed_minutes_) {
            const Minute& m = minutes_[static_cast<std::size_t>(printed_minutes_)];
            out << "minute " << printed_minutes_ + 1 << ": " << m.requests << " requests, "
                << m.ratings_delivered << " ratings delivered (" << std::fixed << std::setprecision(1)
                << m.ratings_delivered / 60.0 << "/s), p50 " << percentile(m.latencies, 0.5) << " ms, p99 "
                << percentile(m.latencies, 0.99) << " ms, statuses " << json(m.statuses).dump() << std::endl;
        }
    }

    json summary(int kiosks, const std::string& mode) const {
        std::lock_guard lock(mutex_);
        double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        json minutes = json::array();
        for (const Minute& m : minutes_)
            minutes.push_back({{"requests", m.requests},
                               {"ratings_delivered", m.ratings_delivered},
                               {"ratings_per_second", m.ratings_delivered / 60.0},
                               {"statuses", m.statuses},
                               {"latency_ms", latency_json(m.latencies)}});
        std::int64_t five_hundreds = statuses_.count("500") ? statuses_.at("500") : 0;
        bool counts_add_up = accepted_ + already_present_ == ratings_sent_;
        return {{"mode", mode},
                {"kiosks", kiosks},
                {"seconds", seconds},
                {"batches_sent", batches_},
                {"batches_delivered", delivered_},
                {"ratings_sent", ratings_sent_},
                {"accepted", accepted_},
                {"already_present", already_present_},
                {"ratings_per_second",
                 seconds > 0 ? static_cast<double>(accepted_ + already_present_) / seconds : 0},
                {"requests", static_cast<std::int64_t>(latencies_.size()) +
                                 (statuses_.count("transport-error") ? statuses_.at("transport-error") : 0)},
                {"statuses", statuses_},
                {"latency_ms", latency_json(latencies_)},
                {"minutes", minutes},
                {"failure_count", failure_count_},
                {"failures", failures_},
                {"server_errors_500", five_hundreds},
                {"counts_add_up", counts_add_up},
                {"ok", five_hundreds == 0 && failure_count_ == 0 && counts_add_up}};
    }

  private:
    int minute_index() const {
        return static_cast<int>(
            std::chrono::duration_cast<std::chrono::minutes>(Clock::now() - start_).count());
    }
    Minute& minute_now() {
        auto index = static_cast<std::size_t>(minute_index());
        if (minutes_.size() <= index) minutes_.resize(index + 1);
        return minutes_[index];
    }

    mutable std::mutex mutex_;
    Clock::time_point start_;
    std::map<std::string, std::int64_t> statuses_;
    std::vector<double> latencies_;
    std::vector<Minute> minutes_;
    int printed_minutes_ = 0;
    std::int64_t batches_ = 0, delivered_ = 0, ratings_sent_ = 0, accepted_ = 0, already_present_ = 0;
    std::int64_t failure_count_ = 0;
    json failures_ = json::array();
};

// ---- sending a batch with retries -------------------------------------------------------------------------

struct RetryRule {
    int max_attempts = 8;
    int base_ms = 250;
    int cap_ms = 10000;
};

struct Receipt {
    std::int64_t accepted = 0;
    std::int64_t already_present = 0;
};

// The kiosk's test of delivery (docs/protocol.md, "The receipt"); the reason when it fails.
std::variant<Receipt, std::string> check_receipt(const Answer& a, const SimKiosk& k, const Batch& b,
                                                 const std::string& store_key) {
    json whole = json::parse(a.body, nullptr, false);
    if (!whole.is_object() || !whole.contains("receipt") || !whole["receipt"].is_object() ||
        !whole.contains("signature") || !whole["signature"].is_string())
        return "200 without a receipt: " + describe(a);
    const json& r = whole["receipt"];
    std::string text;
    try {
        text = sync_tools::receipt_signing_text(r);
    } catch (const json::exception& e) {
        return "a receipt with a missing or mistyped member (" + std::string(e.what()) + "): " + describe(a);
    }
    if (!sync_tools::signature_verifies(whole["signature"].get<std::string>(), text, store_key))
        return "the receipt's signature does not verify with --store-key: " + describe(a);
    if (r["kiosk_id"] != k.id || r["batch_id"] != b.id || r["body_digest"] != b.digest)
        return "the receipt names another kiosk, batch or digest: " + r.dump();
    Receipt got{r["accepted"].get<std::int64_t>(), r["already_present"].get<std::int64_t>()};
    if (got.accepted + got.already_present != b.ratings)
        return "the receipt counts " + std::to_string(got.accepted) + " accepted + " +
               std::to_string(got.already_present) + " already present for a batch of " +
               std::to_string(b.ratings);
    return got;
}

// Sends `b` until a valid receipt, a refusal, or the last attempt; nullopt on failure (recorded in stats).
std::optional<Receipt> send_batch(HttpClient& http, const SimKiosk& k, const Batch& b,
                                  const std::string& store_key, const RetryRule& rule, Stats& stats,
                                  std::mt19937_64& random) {
    std::string last;
    for (int attempt = 1; attempt <= rule.max_attempts; ++attempt) {
        Answer a = http.post("/v1/batches", b.body, http.signed_headers(k, "/v1/batches", b.id, b.digest));
        stats.request(a);
        if (a.status == 200) {
            auto checked = check_receipt(a, k, b, store_key);
            if (auto* receipt = std::get_if<Receipt>(&checked)) return *receipt;
            stats.failure(k.id, b.id, std::get<std::string>(checked));
            return std::nullopt;
        }
        bool retry = a.status == 0 || a.status == 408 || a.status == 429 || a.status >= 500;
        last = describe(a);
        if (a.status == 0)  // counted among the statuses as transport-error; what it was, for the log
            std::cerr << "fleet_sim: " << k.id << " batch " << b.id << " attempt " << attempt << ": " << last
                      << std::endl;
        if (!retry) {
            stats.failure(k.id, b.id, "refused: " + last);
            return std::nullopt;
        }
        if (attempt == rule.max_attempts) break;
        // Full jitter as the kiosk does, on a shorter scale; Retry-After wins when longer.
        std::int64_t ceiling =
            std::min<std::int64_t>(rule.cap_ms, static_cast<std::int64_t>(rule.base_ms) << attempt);
        std::int64_t wait = std::uniform_int_distribution<std::int64_t>(0, ceiling)(random);
        if (a.retry_after_s > 0) wait = std::max(wait, a.retry_after_s * 1000);
        std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    stats.failure(k.id, b.id,
                  "gave up after " + std::to_string(rule.max_attempts) + " attempts; the last: " + last);
    return std::nullopt;
}

// ---- the three ways of sending ----------------------------------------------------------------------------

struct SendOptions {
    std::string store_key;  // 32 raw bytes
    int batches = 1;
    int ratings = 100;
    int threads = 0;
    bool same_batches = false;
    int repeat = 2;
    double duration_s = 0;
    double interval_s = 0;
    RetryRule retry;
};

// Each kiosk sends its batches one after the other, as a kiosk does; the threads serve whichever kiosk is
// due next. With a duration, kiosks go on until it is over (no new batch starts after it).
void send_queued(std::vector<SimKiosk>& kiosks, const Connection& c, const SendOptions& o, Stats& stats) {
    if (o.duration_s == 0) build_all_batches(kiosks, o.batches, o.ratings);
    stats.start_clock();
    auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(o.duration_s * 1000));
    auto later = [](const SimKiosk* a, const SimKiosk* b) { return a->due > b->due; };
    std::priority_queue<SimKiosk*, std::vector<SimKiosk*>, decltype(later)> due(later);
    for (auto& k : kiosks) due.push(&k);
    std::mutex mutex;
    std::condition_variable changed;
    int busy = 0;
    std::atomic<bool> finished{false};
    auto interval = std::chrono::milliseconds(static_cast<std::int64_t>(o.interval_s * 1000));

    auto work = [&](std::uint64_t thread_seed) {
        HttpClient http(c);
        std::mt19937_64 random(thread_seed);
        std::unique_lock lock(mutex);
        for (;;) {
            if (due.empty()) {
                if (busy == 0) break;
                changed.wait(lock);
                continue;
            }
            SimKiosk* k = due.top();
            if (k->due > Clock::now()) {
                changed.wait_until(lock, k->due);
                continue;
            }
            due.pop();
            if (o.duration_s > 0 && Clock::now() >= deadline) continue;  // the time is up: dropped
            ++busy;
            Batch b = next_batch(*k, o.ratings);  // under the lock: a kiosk's seq numbers in order
            ++k->batches_sent;
            lock.unlock();
            auto started = Clock::now();
            stats.sent(b.ratings);
            if (auto receipt = send_batch(http, *k, b, o.store_key, o.retry, stats, random))
                stats.delivered(receipt->accepted, receipt->already_present);
            lock.lock();
            --busy;
            bool more = o.duration_s > 0 ? Clock::now() < deadline : k->batches_sent < o.batches;
            if (more) {
                k->due = started + interval;
                due.push(k);
            }
            changed.notify_all();
        }
        changed.notify_all();
    };
    std::thread reporter([&] {
        while (!finished) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            if (o.duration_s > 0) stats.print_finished_minutes(std::cout);
        }
    });
    std::vector<std::thread> threads;
    for (int t = 0; t < o.threads; ++t) threads.emplace_back(work, static_cast<std::uint64_t>(t) + 7);
    for (auto& t : threads) t.join();
    finished = true;
    reporter.join();
}

// One set of batches per kiosk, each batch sent --repeat times at the same moment from as many threads (the
// retry storm of many kiosks' worth of senders): every copy must get a receipt with the same counts, and
// the batch counts once.
void send_same_batches(std::vector<SimKiosk>& kiosks, const Connection& c, const SendOptions& o,
                       Stats& stats) {
    build_all_batches(kiosks, o.batches, o.ratings);
    stats.start_clock();
    Batch current;
    const SimKiosk* owner = nullptr;
    bool stop = false;
    std::vector<std::optional<Receipt>> results(static_cast<std::size_t>(o.repeat));
    std::barrier gate(o.repeat + 1);
    std::vector<std::thread> senders;
    for (int t = 0; t < o.repeat; ++t)
        senders.emplace_back([&, t] {
            HttpClient http(c);
            std::mt19937_64 random(static_cast<std::uint64_t>(t) + 11);
            for (;;) {
                gate.arrive_and_wait();  // all start together
                if (stop) return;
                results[static_cast<std::size_t>(t)] =
                    send_batch(http, *owner, current, o.store_key, o.retry, stats, random);
                gate.arrive_and_wait();  // all done
            }
        });
    for (auto& k : kiosks) {
        for (int n = 0; n < o.batches; ++n) {
            current = next_batch(k, o.ratings);
            owner = &k;
            gate.arrive_and_wait();
            gate.arrive_and_wait();
            stats.sent(current.ratings);
            std::optional<Receipt> first;
            for (const auto& r : results) {
                if (!r) continue;
                if (!first) {
                    first = r;
                } else if (r->accepted != first->accepted || r->already_present != first->already_present) {
                    stats.failure(k.id, current.id,
                                  "copies of one batch got receipts with different counts: " +
                                      std::to_string(first->accepted) + "+" +
                                      std::to_string(first->already_present) + " and " +
                                      std::to_string(r->accepted) + "+" + std::to_string(r->already_present));
                }
            }
            if (first) stats.delivered(first->accepted, first->already_present);
        }
    }
    stop = true;
    gate.arrive_and_wait();
    for (auto& t : senders) t.join();
}

void print_summary(const json& s, std::ostream& out) {
    out << std::fixed << std::setprecision(1);
    out << "kiosks " << s["kiosks"] << ", " << s["batches_sent"] << " batches of " << s["ratings_sent"]
        << " ratings sent in " << s["seconds"].get<double>()
        << " s: " << s["ratings_per_second"].get<double>() << " ratings/s\n";
    out << "requests " << s["requests"] << " by status " << s["statuses"].dump() << "\n";
    out << "latency p50 " << s["latency_ms"]["p50"].get<double>() << " ms, p99 "
        << s["latency_ms"]["p99"].get<double>() << " ms\n";
    out << "receipts: " << s["batches_delivered"] << " batches delivered, accepted " << s["accepted"]
        << ", already present " << s["already_present"]
        << (s["counts_add_up"] ? " (adds up)" : " (DOES NOT ADD UP)") << "\n";
    out << "failures " << s["failure_count"]
        << (s["server_errors_500"].get<std::int64_t>() ? ", saw 500" : "") << "\n"
        << (s["ok"] ? "OK" : "FAILED") << std::endl;
}

// ---- enrolment through the store's admin endpoint ---------------------------------------------------------

int enrol_all(const std::vector<SimKiosk>& kiosks, const Connection& c, const std::string& token) {
    HttpClient http(c);
    int failed = 0;
    for (const auto& k : kiosks) {
        Answer a = http.post("/v1/kiosks", json{{"code", enrolment_code(k)}}.dump(),
                             {"Authorization: Bearer " + token});
        if (a.status != 201 && a.status != 409) {
            std::cerr << "fleet_sim: Unable to enrol " << k.id << ": " << describe(a) << "\n";
            ++failed;
        }
    }
    std::cout << "enrolled " << kiosks.size() - static_cast<std::size_t>(failed) << " of " << kiosks.size()
              << " kiosks (201 or already enrolled)" << std::endl;
    return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Simulates kiosks speaking the sync protocol (docs/protocol.md) to a store."};
    app.require_subcommand(1);
    int kiosk_count = 1;
    std::uint64_t seed = 1;
    std::string prefix = "sim-";
    std::int64_t first_seq = 1;
    app.add_option("--kiosks", kiosk_count, "how many kiosks (ids <prefix>0001, ...)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    app.add_option("--seed", seed, "makes the kiosks' keys: the same seed, the same keys")
        ->capture_default_str();
    app.add_option("--id-prefix", prefix, "kiosk ids start with this")->capture_default_str();

    auto* codes = app.add_subcommand("codes", "print each kiosk's enrolment code, one a line");

    Connection c;
    std::string store_key_text, json_path, admin_token;
    SendOptions o;
    auto add_connection = [&](CLI::App* sub) {
        sub->add_option("--store", c.store_url, "the store's URL, e.g. http://127.0.0.1:8080")->required();
        sub->add_option("--ca-file", c.ca_file, "CA certificates to verify the store's (PEM)");
        sub->add_option("--pinned-public-key", c.pinned_key, "libcurl's pin, e.g. sha256//...");
        sub->add_option("--timeout", c.timeout_s, "seconds for one request")->capture_default_str();
    };
    auto* enrol =
        app.add_subcommand("enrol", "enrol every kiosk through POST /v1/kiosks (201 or 409 are fine)");
    add_connection(enrol);
    enrol->add_option("--admin-token", admin_token, "the store's admin token")->required();

    auto* send = app.add_subcommand("send", "send batches, check receipts, report; non-zero exit on trouble");
    add_connection(send);
    send->add_option("--store-key", store_key_text, "the store's public key (base64url), for receipts")
        ->required();
    send->add_option("--batches", o.batches, "batches per kiosk")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    send->add_option("--ratings", o.ratings, "ratings per batch")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    send->add_option("--first-seq", first_seq, "the kiosks' first seq number")->capture_default_str();
    send->add_option("--threads", o.threads, "sending threads (default: kiosks, at most 64)");
    send->add_flag("--same-batches", o.same_batches,
                   "send each batch --repeat times at once from as many threads");
    send->add_option("--repeat", o.repeat, "--same-batches: copies of each batch sent at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    send->add_option("--duration", o.duration_s,
                     "keep sending for this many seconds (then --batches is ignored)")
        ->check(CLI::NonNegativeNumber);
    send->add_option("--interval", o.interval_s, "least seconds between the starts of one kiosk's batches")
        ->check(CLI::NonNegativeNumber);
    send->add_option("--max-attempts", o.retry.max_attempts,
                     "tries per batch on 5xx, 429, 408, transport errors")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    send->add_option("--retry-base-ms", o.retry.base_ms, "backoff base")->capture_default_str();
    send->add_option("--retry-cap-ms", o.retry.cap_ms, "backoff cap")->capture_default_str();
    send->add_option("--clock-offset", c.clock_offset_s,
                     "seconds added to Kiosk-Time (a kiosk with a wrong clock)");
    send->add_option("--json", json_path, "write the summary as JSON to this file");
    CLI11_PARSE(app, argc, argv);

    try {
        std::vector<SimKiosk> kiosks = make_kiosks(kiosk_count, seed, prefix, first_seq);
        if (codes->parsed()) {
            for (const auto& k : kiosks) std::cout << enrolment_code(k) << "\n";
            return 0;
        }
        while (!c.store_url.empty() && c.store_url.back() == '/') c.store_url.pop_back();
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("Unable to start libcurl");
        if (enrol->parsed()) return enrol_all(kiosks, c, admin_token);

        auto key = sync_tools::decode_base64(store_key_text, crypto_sign_PUBLICKEYBYTES);
        if (!key)
            throw std::runtime_error(
                "--store-key '" + store_key_text +
                "' is not an Ed25519 public key in base64url without padding (43 characters)");
        o.store_key = *key;
        if (o.same_batches && o.duration_s > 0)
            throw std::runtime_error("--same-batches and --duration exclude each other");
        if (o.threads <= 0) o.threads = std::min(kiosk_count, 64);
        Stats stats;
        std::string mode = o.same_batches ? "same-batches" : o.duration_s > 0 ? "duration" : "batches";
        if (o.same_batches)
            send_same_batches(kiosks, c, o, stats);
        else
            send_queued(kiosks, c, o, stats);
        json summary = stats.summary(kiosk_count, mode);
        print_summary(summary, std::cout);
        if (!json_path.empty()) {
            std::ofstream out(json_path);
            out << summary.dump(2) << "\n";
            if (!out) throw std::runtime_error("Unable to write the summary to " + json_path);
        }
        return summary["ok"] ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "fleet_sim: " << e.what() << "\n";
        return 2;
    }
}
