// Chooses which norms a visit asks about, so that over many visits every norm is asked equally often
// while each visit stays short: the least-asked norms first, ties in random order.
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

    // Picks the next visit's norms and counts them as asked.
    std::vector<std::string> plan_visit();

    std::int64_t asked(const std::string& norm) const;

private:
    std::vector<std::string> norms_;
    int per_visit_;
    std::map<std::string, std::int64_t> asked_;
    std::mt19937_64 random_;
};

}  // namespace kiosk
