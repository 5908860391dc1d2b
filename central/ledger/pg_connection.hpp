// A thin RAII layer over libpq for the PostgreSQL ledger: one connection, statements with parameters
// (PQexecParams: values never spliced into SQL), results freed by their owner, and failures as PgError
// carrying the SQLSTATE and whether the connection itself was lost.
#pragma once
#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace central {

struct PgError : std::runtime_error {
    PgError(const std::string& message, std::string sqlstate, bool connection_lost)
        : std::runtime_error(message), sqlstate(std::move(sqlstate)), connection_lost(connection_lost) {}
    std::string sqlstate;  // "" when the server sent none (e.g. the connection dropped)
    bool connection_lost;
};

struct PgResultFree {
    void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

// One statement parameter: text (or binary bytes, for bytea), or SQL NULL.
struct PgParam {
    std::optional<std::string> value;
    bool binary = false;
    static PgParam text(std::string v) { return PgParam{std::move(v), false}; }
    static PgParam bytes(std::string v) { return PgParam{std::move(v), true}; }
    static PgParam number(std::int64_t v) { return PgParam{std::to_string(v), false}; }
    static PgParam null() { return PgParam{std::nullopt, false}; }
};

class PgConnection {
  public:
    // Connects with libpq's URI (`connect_timeout` 10 s unless the URI says otherwise). Throws PgError.
    explicit PgConnection(const std::string& url);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // One statement with parameters; throws PgError unless it succeeded.
    PgResult run(const char* sql, const std::vector<PgParam>& params = {});
    // Several statements without parameters (a migration step).
    void run_script(const char* sql);
    // A statement whose rows are handed over one at a time as they arrive (single-row mode), so a
    // large export is never held in memory whole. If `row` throws, the connection is left mid-result:
    // the caller must not reuse it.
    void stream(const char* sql, const std::vector<PgParam>& params,
                const std::function<void(PGresult*)>& row);

    bool lost() const { return PQstatus(conn_) == CONNECTION_BAD; }
    // Between statements, outside any transaction: fit to go back to the pool.
    bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

  private:
    [[noreturn]] void fail(const PGresult* result, const char* doing) const;
    PGconn* conn_;
};

// Reading a column of row 0..n of a result.
std::string pg_text(const PGresult* result, int row, int column);
std::optional<std::string> pg_optional_text(const PGresult* result, int row, int column);
std::int64_t pg_int(const PGresult* result, int row, int column);
std::optional<std::int64_t> pg_optional_int(const PGresult* result, int row, int column);

}  // namespace central
