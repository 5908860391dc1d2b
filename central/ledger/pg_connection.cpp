#include "pg_connection.hpp"

#include <cassert>
#include <functional>

namespace central {

PgConnection::PgConnection(const std::string& url) {
    // connect_timeout comes before the URI, so a value given in the URI wins.
    const char* const keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* const values[] = {"10", "kiosk-central", url.c_str(), nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (conn_ == nullptr) throw PgError("out of memory while connecting", "", true);
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string reason = PQerrorMessage(conn_);
        while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
        PQfinish(conn_);
        throw PgError("cannot connect: " + reason, "", true);
    }
    // Notices ("relation already exists, skipping") are not errors: keep them out of the service's stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() { PQfinish(conn_); }

namespace {
struct ParamArrays {
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    explicit ParamArrays(const std::vector<PgParam>& params) {
        for (const auto& p : params) {
            values.push_back(p.value ? p.value->data() : nullptr);
            lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
            formats.push_back(p.binary ? 1 : 0);
        }
    }
};
}  // namespace

PgResult PgConnection::run(const char* sql, const std::vector<PgParam>& params) {
    const ParamArrays arrays(params);
    PgResult result(PQexecParams(conn_, sql, static_cast<int>(params.size()), nullptr, arrays.values.data(),
                                 arrays.lengths.data(), arrays.formats.data(), 0));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result.get(), "run a statement");
    return result;
}

void PgConnection::run_script(const char* sql) {
    PgResult result(PQexec(conn_, sql));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result.get(), "run a script");
}

void PgConnection::stream(const char* sql, const std::vector<PgParam>& params,
                          const std::function<void(PGresult*)>& row) {
    const ParamArrays arrays(params);
    if (PQsendQueryParams(conn_, sql, static_cast<int>(params.size()), nullptr, arrays.values.data(),
                          arrays.lengths.data(), arrays.formats.data(), 0) == 0 ||
        PQsetSingleRowMode(conn_) == 0) {
        fail(nullptr, "send a query");
    }
    std::optional<PgError> error;
    while (PgResult result{PQgetResult(conn_)}) {
        const auto status = PQresultStatus(result.get());
        if (status == PGRES_SINGLE_TUPLE) {
            if (!error) row(result.get());
        } else if (status != PGRES_TUPLES_OK && !error) {
            try {
                fail(result.get(), "read a query's rows");
            } catch (const PgError& e) {
                error = e;  // read on to the end, so the connection is ready for its next statement
            }
        }
    }
    if (error) throw *error;
}

void PgConnection::fail(const PGresult* result, const char* doing) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result) : "";
    if (message.empty()) message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    if (message.empty()) message = std::string("could not ") + doing;
    throw PgError(message, state ? state : "", lost());
}

std::string pg_text(const PGresult* result, int row, int column) {
    assert(PQgetisnull(result, row, column) == 0 && "a NOT NULL column came back NULL");
    return std::string(PQgetvalue(result, row, column),
                       static_cast<std::size_t>(PQgetlength(result, row, column)));
}

std::optional<std::string> pg_optional_text(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) return std::nullopt;
    return pg_text(result, row, column);
}

std::int64_t pg_int(const PGresult* result, int row, int column) {
    return std::stoll(pg_text(result, row, column));
}

std::optional<std::int64_t> pg_optional_int(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) return std::nullopt;
    return pg_int(result, row, column);
}

}  // namespace central
