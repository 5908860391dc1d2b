#include "ratings_csv.hpp"

#include <string_view>

#include "protocol/utc_text.hpp"

namespace central {
namespace {

const char* const fixed_columns[] = {"kiosk_id",
                                     "rating_id",
                                     "seq",
                                     "reference",
                                     "site",
                                     "counter",
                                     "service",
                                     "language",
                                     "norms_asked",
                                     "grade",
                                     "started",
                                     "finished",
                                     "clock_synchronised",
                                     "end_reason",
                                     "flags",
                                     "program_version",
                                     "config_digest",
                                     "received"};

}  // namespace

std::string csv_field(const std::string& text) {
    // Text a kiosk sent, opened in a spreadsheet: a cell starting with one of these is run as a formula
    // ("=cmd|' /C calc'!A0", "@SUM(…)"). OWASP's advice: a leading ' makes it text, shown as sent.
    const bool formula =
        !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
    const std::string value = formula ? "'" + text : text;
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::set<std::string> export_norms(Ledger& ledger, const ExportFilter& filter, std::int64_t cutoff_ms) {
    std::set<std::string> norms;
    ledger.export_ratings(filter, [&](const StoredRating& stored) {
        if (stored.received_ms > cutoff_ms) return;
        norms.insert(stored.rating.norms_asked.begin(), stored.rating.norms_asked.end());
        for (const auto& [norm, value] : stored.rating.answers) norms.insert(norm);
    });
    return norms;
}

std::string csv_header(const std::set<std::string>& norms) {
    std::string line;
    for (const char* column : fixed_columns) line += (line.empty() ? "" : ",") + std::string(column);
    for (const std::string& norm : norms) line += "," + csv_field("norm:" + norm);
    return line + "\r\n";
}

std::string csv_row(const StoredRating& stored, const std::set<std::string>& norms) {
    const IncomingRating& r = stored.rating;
    std::string asked;
    for (const std::string& norm : r.norms_asked) asked += (asked.empty() ? "" : " ") + norm;
    std::string line = csv_field(stored.kiosk_id) + "," + csv_field(r.id) + "," + std::to_string(r.seq) +
                       "," + csv_field(r.reference) + "," + csv_field(r.site) + "," + csv_field(r.counter) +
                       "," + csv_field(r.service.value_or("")) + "," + csv_field(r.language) + "," +
                       csv_field(asked) + "," + (r.grade ? std::to_string(*r.grade) : "") + "," +
                       csv_field(r.started) + "," + csv_field(r.finished) + "," +
                       (r.clock_synchronised ? "true" : "false") + "," + csv_field(r.end_reason) + "," +
                       std::to_string(r.flags) + "," + csv_field(r.program_version) + "," +
                       csv_field(r.config_digest) + "," + protocol::utc_seconds_text(stored.received_ms);
    // An empty norm cell: not answered (asked but skipped when norms_asked names it, else not asked).
    for (const std::string& norm : norms) {
        auto answer = r.answers.find(norm);
        line += "," + (answer == r.answers.end() ? std::string() : std::to_string(answer->second));
    }
    return line + "\r\n";
}

void write_ratings_csv_rows(Ledger& ledger, const ExportFilter& filter, std::int64_t cutoff_ms,
                            const std::set<std::string>& norms,
                            const std::function<void(const std::string&)>& line) {
    ledger.export_ratings(filter, [&](const StoredRating& stored) {
        if (stored.received_ms <= cutoff_ms) line(csv_row(stored, norms));
    });
}

void write_ratings_csv(Ledger& ledger, const ExportFilter& filter, std::int64_t cutoff_ms,
                       const std::function<void(const std::string&)>& line) {
    std::set<std::string> norms = export_norms(ledger, filter, cutoff_ms);
    line(csv_header(norms));
    write_ratings_csv_rows(ledger, filter, cutoff_ms, norms, line);
}

}  // namespace central
