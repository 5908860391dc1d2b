// A site's figures on PostgreSQL (site_scores.hpp): the site's local days and hours by PostgreSQL's
// own time-zone data (AT TIME ZONE), the ratings found through the index ratings_by_site.
#pragma once
#include "pg_connection.hpp"
#include "site_scores.hpp"

namespace central {

// Runs its statements on `connection`, which the caller holds in one read-only snapshot
// (REPEATABLE READ): both statements read the same ratings. Throws PgError (22023 for a time zone
// PostgreSQL does not know).
SiteFigures postgresql_site_scores(PgConnection& connection, const SiteScoresQuery& query);

}  // namespace central
