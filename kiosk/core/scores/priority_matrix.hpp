// The priority matrix: how important each norm is (how strongly its answers move with the grade) and
// where it falls against the other norms. docs/manager.md works an example through by hand.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "scores.hpp"

namespace kiosk {

// How often each (grade, answer) pair occurred: [grade - 1][answer - 1].
using GradeAnswerCounts = std::array<std::array<std::int64_t, 5>, 10>;

// Spearman's rank correlation of grade and answer over these pairs: Pearson's correlation of their
// ranks, tied values taking the average of the ranks they share. nullopt when there is no pair, or
// when all grades or all answers are the same (no ranking to correlate).
std::optional<double> spearman(const GradeAnswerCounts& pairs);

// The median of `values` (the mean of the middle two when their number is even); nullopt when empty.
std::optional<double> median(std::vector<double> values);

// Sets each norm's importance, placement and quadrant from its pairs (`pairs[i]` belongs to
// `norms[i]`), and the matrix's two lines in `scores`.
void place_norms(Scores& scores, const std::vector<GradeAnswerCounts>& pairs);

}  // namespace kiosk
