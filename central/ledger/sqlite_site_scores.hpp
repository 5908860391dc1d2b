// A site's figures on SQLite (site_scores.hpp). SQLite knows no time zones: the site's local hours
// come from ICU (site_calendar.hpp) as a list of UTC stretches, each with its day (or week) and hour,
// and the ratings are joined to them on finished_ms through the index ratings_by_site.
#pragma once
#include <SQLiteCpp/Database.h>

#include "site_scores.hpp"

namespace central {

// Reads in one transaction on `db` (a connection of the pool, not in a transaction).
SiteFigures sqlite_site_scores(SQLite::Database& db, const SiteScoresQuery& query);

}  // namespace central
