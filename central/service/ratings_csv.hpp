// The ratings as CSV for managers (GET /v1/export.csv, `kiosk-central export`): RFC 4180, UTF-8, a header
// line, one rating a line, the answers as one column per norm. The norm columns are gathered in a first
// pass over the ledger; only ratings received up to the export's start are written, so a rating with
// a new norm arriving between the passes cannot lack its column. Text that a spreadsheet would run as a
// formula is made inert (csv_field).
#pragma once
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "ledger.hpp"

namespace central {

// Every norm asked or answered by the ratings that pass `filter` and were received by `cutoff_ms`.
std::set<std::string> export_norms(Ledger& ledger, const ExportFilter& filter, std::int64_t cutoff_ms);

std::string csv_header(const std::set<std::string>& norms);
std::string csv_row(const StoredRating& stored, const std::set<std::string>& norms);

// One text value (every column but the numbers: seq, grade, flags and the norms' answers, which are
// written as numbers and never pass here, so a negative number stays a number). Text starting with
// =, +, -, @, tab or CR gets a leading ' so a spreadsheet shows it instead of running it as a formula
// (OWASP, CSV injection); then quoted as RFC 4180 asks: in double quotes (doubled inside) when it holds
// a comma, quote, CR or LF.
std::string csv_field(const std::string& text);

// Both passes: the header line, then each row, each ended by CRLF, handed to `line`.
void write_ratings_csv(Ledger& ledger, const ExportFilter& filter, std::int64_t cutoff_ms,
                       const std::function<void(const std::string&)>& line);

// The second pass only, for a caller that ran export_norms itself.
void write_ratings_csv_rows(Ledger& ledger, const ExportFilter& filter, std::int64_t cutoff_ms,
                            const std::set<std::string>& norms,
                            const std::function<void(const std::string&)>& line);

}  // namespace central
