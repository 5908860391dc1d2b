// The ledger in PostgreSQL (production; several kiosk-central instances share one database): a pool of
// libpq connections, a connection that broke dropped and replaced, each batch in one transaction of
// two statements however many ratings it holds.
#pragma once
#include <memory>
#include <string>

#include "ledger.hpp"

namespace central {

// `url`: libpq's connection URI. Throws std::invalid_argument when libpq cannot read it,
// LedgerUnavailable when the database cannot be reached.
std::unique_ptr<Ledger> open_postgresql_ledger(const std::string& url, int pool_size);

}  // namespace central
