#include "norm_rotation.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace kiosk {

NormRotation::NormRotation(std::vector<std::string> norms, int per_visit, std::uint64_t seed)
    : norms_(std::move(norms)),
      per_visit_(std::min<int>(per_visit, static_cast<int>(norms_.size()))),
      random_(seed) {
    for (const auto& norm : norms_) asked_[norm] = 0;
}

void NormRotation::restore(const std::map<std::string, std::int64_t>& asked) {
    for (auto& [norm, count] : asked_) {
        auto it = asked.find(norm);
        count = it == asked.end() ? 0 : it->second;
    }
    // A norm added to the config later starts level with the least-asked one, not far behind.
    std::int64_t floor = std::numeric_limits<std::int64_t>::max();
    for (auto& [norm, count] : asked_)
        if (asked.count(norm)) floor = std::min(floor, count);
    if (floor == std::numeric_limits<std::int64_t>::max()) return;
    for (auto& [norm, count] : asked_)
        if (!asked.count(norm)) count = floor;
}

std::vector<std::string> NormRotation::plan_visit() {
    std::vector<std::string> order = norms_;
    std::shuffle(order.begin(), order.end(), random_);
    std::stable_sort(order.begin(), order.end(),
                     [&](const std::string& a, const std::string& b) { return asked_[a] < asked_[b]; });
    order.resize(static_cast<std::size_t>(per_visit_));
    // Ask them in the catalogue's order, so questions about related norms follow each other.
    std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
        return std::find(norms_.begin(), norms_.end(), a) < std::find(norms_.begin(), norms_.end(), b);
    });
    return order;
}

void NormRotation::count_asked(const std::vector<std::string>& plan) {
    for (const auto& norm : plan) {
        assert(asked_.count(norm) && "a visit only asks about norms the rotation was given");
        ++asked_[norm];
    }
}

std::int64_t NormRotation::asked(const std::string& norm) const {
    auto it = asked_.find(norm);
    return it == asked_.end() ? 0 : it->second;
}

}  // namespace kiosk
