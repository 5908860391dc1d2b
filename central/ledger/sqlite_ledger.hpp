// The ledger in one SQLite file (small deployments, tests): WAL, synchronous=FULL, a pool of
// connections. SQLite runs one writer at a time, so every write opens with BEGIN IMMEDIATE and is
// retried while the file is busy, up to a deadline, instead of failing the request.
#pragma once
#include <memory>
#include <string>

#include "ledger.hpp"

namespace central {

// `path`: the database file (made when missing, its folder must exist). Throws LedgerUnavailable.
std::unique_ptr<Ledger> open_sqlite_ledger(const std::string& path, int pool_size);

}  // namespace central
