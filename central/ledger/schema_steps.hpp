// The central store's schema as forward-only numbered steps, one list per backend: step N (1-based)
// brings a database from version N-1 to N. A shipped step is never edited; a change is a new step.
// Both lists describe the same tables, in each backend's own dialect, and grow together.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace central {

// The version after the last step: what this program knows. A database above it is refused.
int known_schema_version();
// Throws SchemaTooNew naming `database` when `version` is above known_schema_version().
void refuse_newer_schema(const std::string& database, int version);

const std::vector<std::string_view>& sqlite_schema_steps();
const std::vector<std::string_view>& postgresql_schema_steps();

}  // namespace central
