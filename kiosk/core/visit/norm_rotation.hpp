// Chooses which norms a visit asks about, so that over many visits every norm is asked equally often
// while each visit stays short: the least-asked norms first, ties in random order. Over any run the
// most- and least-asked norm differ by at most one.
#pragma once
#include <map>
#include <random>
#include <string>
#include <vector>

namespace kiosk {

class NormRotation {
  public:
    NormRotation(std::vector<std::string> norms, int per_visit, std::uint64_t seed);

    // Restores the counts kept in the database, so a restart does not favour any norm.
    void restore(const std::map<std::string, std::int64_t>& asked);

    // Picks the next visit's norms: the least asked, ties in random order. Counts nothing yet.
    std::vector<std::string> plan_visit();
    // Counts a visit's norms as asked, when its rating is first saved: exactly what the store counts,
    // so the counts restored after a restart are the counts before it.
    void count_asked(const std::vector<std::string>& plan);

    std::int64_t asked(const std::string& norm) const;

  private:
    std::vector<std::string> norms_;
    int per_visit_;
    std::map<std::string, std::int64_t> asked_;
    std::mt19937_64 random_;
};

}  // namespace kiosk
