#include "priority_matrix.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace kiosk {
namespace {

// The average rank of each value's ties: values below it take ranks 1..below, its own below+1..below+n.
template <std::size_t N>
std::array<double, N> midranks(const std::array<double, N>& counts) {
    std::array<double, N> ranks{};
    double below = 0;
    for (std::size_t i = 0; i < N; ++i) {
        ranks[i] = below + (counts[i] + 1) / 2;
        below += counts[i];
    }
    return ranks;
}

}  // namespace

std::optional<double> spearman(const GradeAnswerCounts& pairs) {
    std::array<double, 10> by_grade{};
    std::array<double, 5> by_answer{};
    double n = 0;
    for (std::size_t g = 0; g < 10; ++g)
        for (std::size_t a = 0; a < 5; ++a) {
            auto count = static_cast<double>(pairs[g][a]);
            by_grade[g] += count;
            by_answer[a] += count;
            n += count;
        }
    if (n == 0) return std::nullopt;
    auto grade_rank = midranks(by_grade);
    auto answer_rank = midranks(by_answer);
    double mean_rank = (n + 1) / 2;  // the same for both: each ranks 1..n
    double covariance = 0, grade_spread = 0, answer_spread = 0;
    for (std::size_t g = 0; g < 10; ++g)
        for (std::size_t a = 0; a < 5; ++a)
            covariance +=
                static_cast<double>(pairs[g][a]) * (grade_rank[g] - mean_rank) * (answer_rank[a] - mean_rank);
    for (std::size_t g = 0; g < 10; ++g) grade_spread += by_grade[g] * std::pow(grade_rank[g] - mean_rank, 2);
    for (std::size_t a = 0; a < 5; ++a)
        answer_spread += by_answer[a] * std::pow(answer_rank[a] - mean_rank, 2);
    if (grade_spread <= 0 || answer_spread <= 0) return std::nullopt;
    return std::clamp(covariance / std::sqrt(grade_spread * answer_spread), -1.0, 1.0);
}

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    std::size_t middle = values.size() / 2;
    if (values.size() % 2 == 1) return values[middle];
    return (values[middle - 1] + values[middle]) / 2;
}

void place_norms(Scores& scores, const std::vector<GradeAnswerCounts>& pairs) {
    assert(pairs.size() == scores.norms.size() && "one table of pairs per norm");
    std::vector<double> averages, importances;
    for (std::size_t i = 0; i < scores.norms.size(); ++i) {
        NormScore& norm = scores.norms[i];
        norm.importance.reset();
        norm.quadrant = Quadrant::none;
        if (norm.pairs < min_pairs_for_importance) {
            norm.placement = Placement::too_few_answers;
            continue;
        }
        norm.importance = spearman(pairs[i]);
        if (!norm.importance) {
            norm.placement = Placement::no_spread;
            continue;
        }
        assert(norm.average && "a norm with pairs has answers");
        norm.placement = Placement::placed;
        averages.push_back(*norm.average);
        importances.push_back(*norm.importance);
    }
    scores.satisfaction_line = median(averages);
    scores.importance_line = median(importances);
    for (NormScore& norm : scores.norms) {
        if (norm.placement != Placement::placed) continue;
        bool weak = *norm.average < *scores.satisfaction_line || *norm.average < face_scale_middle;
        bool important = *norm.importance > *scores.importance_line;
        norm.quadrant = important ? (weak ? Quadrant::fix_first : Quadrant::keep_up)
                                  : (weak ? Quadrant::low_priority : Quadrant::maintain);
    }
}

}  // namespace kiosk
