// An in-memory Ledger for the service's tests: the semantics of central/ledger/ledger.hpp (batch ids
// unique, a retry answered with the first counts, a conflict kept aside, ratings unique per kiosk) with
// no database, and a switch that makes every call fail as an unreachable database does.
#pragma once
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "ledger.hpp"

namespace central_test {

class FakeLedger : public central::Ledger {
  public:
    std::atomic<bool> unavailable{false};
    std::atomic<bool> cannot_write{false};  // answers, but check_writable() says it cannot write

    struct Batch {
        std::string digest;
        central::BatchOutcome outcome;
    };
    std::mutex mutex;
    std::map<std::string, central::EnrolledKiosk> kiosks;
    std::map<std::string, Batch> batches;
    std::vector<central::IncomingBatch> conflicts;  // the bodies kept for IT
    std::map<std::pair<std::string, std::string>, central::StoredRating> ratings;
    std::map<std::string, std::pair<std::string, std::int64_t>> heartbeats;
    std::map<std::string, std::int64_t> heartbeats_signed_ms;
    std::set<std::string> token_hashes;
    std::vector<central::FleetEntry> fleet_entries;      // what fleet() answers, when a test sets it
    std::vector<central::SiteScoresQuery> site_queries;  // every query site_scores() was asked

    std::string backend() const override { return "fake"; }
    int migrate() override { return check(), 1; }
    void ping() override { check(); }
    void check_writable() override {
        check();
        if (cannot_write) throw central::LedgerUnavailable("fake database: cannot write, says the test");
    }

    std::optional<central::EnrolledKiosk> kiosk(const std::string& id) override {
        check();
        std::lock_guard lock(mutex);
        auto found = kiosks.find(id);
        if (found == kiosks.end()) return std::nullopt;
        return found->second;
    }
    bool enrol(const std::string& id, const std::string& public_key, std::int64_t now_ms) override {
        check();
        std::lock_guard lock(mutex);
        return kiosks.emplace(id, central::EnrolledKiosk{id, public_key, now_ms, std::nullopt}).second;
    }
    bool revoke(const std::string& id, std::int64_t now_ms) override {
        check();
        std::lock_guard lock(mutex);
        auto found = kiosks.find(id);
        if (found == kiosks.end()) return false;
        if (!found->second.revoked_ms) found->second.revoked_ms = now_ms;
        return true;
    }
    central::BatchOutcome store_batch(const central::IncomingBatch& batch, std::int64_t now_ms) override {
        check();
        std::lock_guard lock(mutex);
        auto known = batches.find(batch.batch_id);
        if (known != batches.end()) {
            central::BatchOutcome outcome = known->second.outcome;
            if (known->second.digest == batch.body_digest) {
                outcome.kind = central::BatchOutcome::Kind::retry;
            } else {
                outcome.kind = central::BatchOutcome::Kind::conflict;
                conflicts.push_back(batch);
            }
            return outcome;
        }
        central::BatchOutcome outcome;
        outcome.received_ms = now_ms;
        for (const auto& r : batch.ratings) {
            bool inserted = ratings
                                .emplace(std::pair{batch.kiosk_id, r.id},
                                         central::StoredRating{batch.kiosk_id, r, now_ms})
                                .second;
            (inserted ? outcome.accepted : outcome.already_present)++;
        }
        batches[batch.batch_id] = Batch{batch.body_digest, outcome};
        return outcome;
    }
    bool store_heartbeat(const std::string& kiosk_id, const std::string& body, std::int64_t signed_ms,
                         std::int64_t now_ms) override {
        check();
        std::lock_guard lock(mutex);
        auto kept = heartbeats_signed_ms.find(kiosk_id);
        if (kept != heartbeats_signed_ms.end() && kept->second >= signed_ms) return false;
        heartbeats[kiosk_id] = {body, now_ms};
        heartbeats_signed_ms[kiosk_id] = signed_ms;
        return true;
    }
    std::vector<central::FleetEntry> fleet() override {
        check();
        std::lock_guard lock(mutex);
        if (!fleet_entries.empty()) return fleet_entries;
        std::vector<central::FleetEntry> out;
        for (const auto& [id, k] : kiosks) {
            central::FleetEntry e;
            e.kiosk_id = id;
            e.enrolled_ms = k.enrolled_ms;
            e.revoked_ms = k.revoked_ms;
            auto hb = heartbeats.find(id);
            if (hb != heartbeats.end()) {
                e.last_heartbeat = hb->second.first;
                e.last_seen_ms = hb->second.second;
            }
            out.push_back(e);
        }
        return out;
    }
    void export_ratings(const central::ExportFilter& filter,
                        const std::function<void(const central::StoredRating&)>& row) override {
        check();
        std::vector<central::StoredRating> rows;
        {
            std::lock_guard lock(mutex);
            for (const auto& [key, stored] : ratings) {
                const auto& r = stored.rating;
                if (filter.site && r.site != *filter.site) continue;
                if (filter.counter && r.counter != *filter.counter) continue;
                if (filter.service && r.service != filter.service) continue;
                if (filter.from && r.finished.substr(0, 10) < *filter.from) continue;
                if (filter.to && r.finished.substr(0, 10) >= *filter.to) continue;
                rows.push_back(stored);
            }
        }
        for (const auto& stored : rows) row(stored);
    }
    std::optional<std::string> kiosk_site(const std::string& kiosk_id) override {
        check();
        std::lock_guard lock(mutex);
        const central::StoredRating* latest = nullptr;
        for (const auto& [key, stored] : ratings) {
            if (key.first == kiosk_id && (latest == nullptr || stored.rating.seq > latest->rating.seq))
                latest = &stored;
        }
        if (latest == nullptr) return std::nullopt;
        return latest->rating.site;
    }
    // Counts the ratings of the query's site and their grades, every one finished "today"; the real
    // figures are the ledger's tests' (ledger_site_scores_test.cpp).
    central::SiteFigures site_scores(const central::SiteScoresQuery& query) override {
        check();
        std::lock_guard lock(mutex);
        site_queries.push_back(query);
        central::SiteTally tally(query, central::plan_site_scores(query));
        std::int64_t count = 0, graded = 0, sum = 0;
        for (const auto& [key, stored] : ratings) {
            if (stored.rating.site != query.site) continue;
            ++count;
            if (stored.rating.grade) ++graded, sum += *stored.rating.grade;
        }
        tally.add("all", "", count, graded, sum);
        return std::move(tally).done();
    }
    void add_admin_token(const std::string& token_hash, const std::string&, std::int64_t) override {
        check();
        std::lock_guard lock(mutex);
        token_hashes.insert(token_hash);
    }
    bool admin_token_known(const std::string& token_hash) override {
        check();
        std::lock_guard lock(mutex);
        return token_hashes.count(token_hash) > 0;
    }

  private:
    void check() const {
        if (unavailable) throw central::LedgerUnavailable("fake database: switched off by the test");
    }
};

}  // namespace central_test
