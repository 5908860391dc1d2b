// Placeholder until the ledger backends land.
#include "ledger.hpp"
