// The priority matrix: Spearman's rank correlation on data whose answer is known, the median, the
// minimum of answers, and each quadrant.
#include "priority_matrix.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace kiosk;

namespace {

// `times` of each (grade, answer) pair.
GradeAnswerCounts pairs_of(std::initializer_list<std::pair<int, int>> pairs, std::int64_t times = 1) {
    GradeAnswerCounts counts{};
    for (auto [grade, answer] : pairs) counts[grade - 1][answer - 1] += times;
    return counts;
}

NormScore norm_with(const std::string& id, std::int64_t pairs, double average) {
    NormScore n;
    n.norm_id = id;
    n.answers = pairs;
    n.pairs = pairs;
    n.average = average;
    return n;
}

}  // namespace

TEST_CASE("importance: answers that rise with the grade correlate 1, whatever the spacing") {
    // Grade and answer always in the same order, the grades unevenly spaced: ranks see only the order.
    auto monotone = pairs_of({{2, 1}, {3, 2}, {7, 3}, {8, 4}, {10, 5}}, 6);
    CHECK(spearman(monotone) == Approx(1.0));
}

TEST_CASE("importance: answers that fall as the grade rises correlate -1") {
    auto reversed = pairs_of({{2, 5}, {3, 4}, {7, 3}, {8, 2}, {10, 1}}, 6);
    CHECK(spearman(reversed) == Approx(-1.0));
}

TEST_CASE("importance: answers independent of the grade correlate 0") {
    // Every grade beside every answer equally often.
    GradeAnswerCounts independent{};
    for (int g : {1, 4, 6, 9})
        for (int a = 1; a <= 5; ++a) independent[g - 1][a - 1] = 2;
    CHECK(spearman(independent) == Approx(0.0).margin(1e-12));
}

TEST_CASE("importance: ties take their average rank (a hand-worked table)") {
    // Pairs (grade, answer): (4,2) (4,2) (7,4) (9,4) (9,5). Grade ranks: 4 -> 1.5, 7 -> 3, 9 -> 4.5;
    // answer ranks: 2 -> 1.5, 4 -> 3.5, 5 -> 5; mean rank 3. Deviations (grade, answer): (-1.5,-1.5) twice,
    // (0, 0.5), (1.5, 0.5), (1.5, 2). Sum of products 2.25+2.25+0+0.75+3 = 8.25; sums of squares:
    // grades 2.25+2.25+0+2.25+2.25 = 9, answers 2.25+2.25+0.25+0.25+4 = 9. rho = 8.25 / 9.
    auto table = pairs_of({{4, 2}, {4, 2}, {7, 4}, {9, 4}, {9, 5}});
    CHECK(spearman(table) == Approx(8.25 / 9));
}

TEST_CASE("importance: no pairs, or all grades or all answers the same, has no correlation") {
    CHECK_FALSE(spearman(GradeAnswerCounts{}));
    CHECK_FALSE(spearman(pairs_of({{7, 1}, {7, 3}, {7, 5}}, 10)));
    CHECK_FALSE(spearman(pairs_of({{2, 4}, {5, 4}, {9, 4}}, 10)));
}

TEST_CASE("the median is the middle value, or the mean of the middle two") {
    CHECK_FALSE(median({}));
    CHECK(median({3.0}) == 3.0);
    CHECK(median({4.0, 1.0, 3.0}) == 3.0);
    CHECK(median({4.0, 1.0, 3.0, 2.0}) == 2.5);
}

TEST_CASE("a norm with fewer than 30 answers beside a grade is not placed, and one with 30 is") {
    Scores s;
    s.norms = {norm_with("few", 29, 4.0), norm_with("enough", 30, 4.0)};
    auto rising = pairs_of({{2, 1}, {4, 2}, {6, 3}, {8, 4}, {10, 5}}, 6);  // 30 pairs
    place_norms(s, {rising, rising});
    CHECK(s.norms[0].placement == Placement::too_few_answers);
    CHECK_FALSE(s.norms[0].importance);
    CHECK(s.norms[0].quadrant == Quadrant::none);
    CHECK(s.norms[1].placement == Placement::placed);
    CHECK(s.norms[1].importance == Approx(1.0));
}

TEST_CASE("a norm whose answers are all the same is not placed, for want of spread") {
    Scores s;
    s.norms = {norm_with("flat", 30, 4.0)};
    place_norms(s, {pairs_of({{3, 4}, {6, 4}, {9, 4}}, 10)});
    CHECK(s.norms[0].placement == Placement::no_spread);
    CHECK_FALSE(s.satisfaction_line);
    CHECK_FALSE(s.importance_line);
}

TEST_CASE("the quadrants: important is above the median importance, weak below the median average or 3") {
    // Importances 1, 8.25/9 = 0.917, 0, -1 from the tables below; median (0.917 + 0) / 2 = 0.458.
    // Averages 3.5, 4.5, 3.2, 4.0; median (3.5 + 4.0) / 2 = 3.75.
    auto strong = pairs_of({{2, 1}, {4, 2}, {6, 3}, {8, 4}, {10, 5}}, 6);  // rho 1
    auto tied = pairs_of({{4, 2}, {4, 2}, {7, 4}, {9, 4}, {9, 5}}, 6);     // rho 8.25 / 9
    GradeAnswerCounts none{};
    for (int g : {1, 4, 6, 9})
        for (int a = 1; a <= 5; ++a) none[g - 1][a - 1] = 2;                // rho 0
    auto against = pairs_of({{2, 5}, {4, 4}, {6, 3}, {8, 2}, {10, 1}}, 6);  // rho -1
    Scores s;
    s.norms = {norm_with("a", 30, 3.5), norm_with("b", 30, 4.5), norm_with("c", 40, 3.2),
               norm_with("d", 30, 4.0)};
    place_norms(s, {strong, tied, none, against});
    CHECK(s.importance_line == Approx((8.25 / 9 + 0) / 2));
    CHECK(s.satisfaction_line == Approx(3.75));
    CHECK(s.norms[0].quadrant == Quadrant::fix_first);     // important, 3.5 < 3.75
    CHECK(s.norms[1].quadrant == Quadrant::keep_up);       // important, 4.5
    CHECK(s.norms[2].quadrant == Quadrant::low_priority);  // 0 is not above the line, 3.2 < 3.75
    CHECK(s.norms[3].quadrant == Quadrant::maintain);      // -1, 4.0
}

TEST_CASE("a norm below the face scale's middle is weak even when the others are weaker still") {
    auto strong = pairs_of({{2, 1}, {4, 2}, {6, 3}, {8, 4}, {10, 5}}, 6);
    GradeAnswerCounts none{};
    for (int g : {1, 4, 6, 9})
        for (int a = 1; a <= 5; ++a) none[g - 1][a - 1] = 2;
    Scores s;
    s.norms = {norm_with("a", 30, 2.9), norm_with("b", 40, 2.0)};
    place_norms(s, {strong, none});
    // Median average 2.45: 2.9 is above it, but below 3.
    CHECK(s.norms[0].quadrant == Quadrant::fix_first);
    CHECK(s.norms[1].quadrant == Quadrant::low_priority);
}

TEST_CASE("the worked example of docs/manager.md: four norms, one in each quadrant") {
    // 30 ratings, each answering all four norms; grades 4 (6 times), 6 (8), 8 (10), 9 (6).
    GradeAnswerCounts waiting{}, bsc4{}, bsc2{}, bsc6{};
    auto put = [](GradeAnswerCounts& t, int grade, int answer, std::int64_t n) {
        t[grade - 1][answer - 1] = n;
    };
    put(waiting, 4, 1, 4);
    put(waiting, 4, 2, 2);
    put(waiting, 6, 2, 6);
    put(waiting, 6, 3, 2);
    put(waiting, 8, 3, 4);
    put(waiting, 8, 4, 6);
    put(waiting, 9, 4, 2);
    put(waiting, 9, 5, 4);
    put(bsc4, 4, 3, 3);
    put(bsc4, 4, 4, 3);
    put(bsc4, 6, 3, 4);
    put(bsc4, 6, 4, 4);
    put(bsc4, 8, 3, 5);
    put(bsc4, 8, 4, 5);
    put(bsc4, 9, 3, 3);
    put(bsc4, 9, 4, 3);
    put(bsc2, 4, 2, 6);
    put(bsc2, 6, 3, 5);
    put(bsc2, 6, 4, 3);
    put(bsc2, 8, 4, 7);
    put(bsc2, 8, 5, 3);
    put(bsc2, 9, 5, 6);
    put(bsc6, 4, 2, 4);
    put(bsc6, 4, 3, 2);
    put(bsc6, 6, 2, 4);
    put(bsc6, 6, 3, 4);
    put(bsc6, 8, 2, 4);
    put(bsc6, 8, 3, 4);
    put(bsc6, 8, 4, 2);
    put(bsc6, 9, 2, 2);
    put(bsc6, 9, 3, 3);
    put(bsc6, 9, 4, 1);
    CHECK(spearman(waiting) == Approx(1962 / std::sqrt(2088.0 * 2136)));
    CHECK(spearman(waiting) == Approx(0.9290).epsilon(1e-4));
    CHECK(spearman(bsc4) == Approx(0.0).margin(1e-12));
    CHECK(spearman(bsc2) == Approx(1921.5 / std::sqrt(2088.0 * 2077.5)));
    CHECK(spearman(bsc6) == Approx(538 / std::sqrt(2088.0 * 1836)));
    Scores s;
    s.norms = {norm_with("waiting-time", 30, 3.0), norm_with("bsc4", 30, 3.5),
               norm_with("bsc2", 30, 56.0 / 15), norm_with("bsc6", 30, 79.0 / 30)};
    place_norms(s, {waiting, bsc4, bsc2, bsc6});
    CHECK(s.satisfaction_line == Approx(3.25));
    CHECK(s.importance_line == Approx((0.2748 + 0.9226) / 2).epsilon(1e-3));
    CHECK(s.norms[0].quadrant == Quadrant::fix_first);
    CHECK(s.norms[1].quadrant == Quadrant::maintain);
    CHECK(s.norms[2].quadrant == Quadrant::keep_up);
    CHECK(s.norms[3].quadrant == Quadrant::low_priority);
}

TEST_CASE("a norm exactly on both lines is neither important nor weak") {
    // Three placed norms: the middle one is the median of both importance (0) and average (3.5).
    auto rising = pairs_of({{2, 1}, {4, 2}, {6, 3}, {8, 4}, {10, 5}}, 6);   // rho 1
    auto falling = pairs_of({{2, 5}, {4, 4}, {6, 3}, {8, 2}, {10, 1}}, 6);  // rho -1
    GradeAnswerCounts none{};
    for (int g : {1, 4, 6, 9})
        for (int a = 1; a <= 5; ++a) none[g - 1][a - 1] = 2;  // rho 0
    Scores s;
    s.norms = {norm_with("a", 30, 4.0), norm_with("on-the-lines", 40, 3.5), norm_with("c", 30, 3.0)};
    place_norms(s, {rising, none, falling});
    CHECK(s.importance_line == Approx(0.0).margin(1e-12));
    CHECK(s.satisfaction_line == 3.5);
    CHECK(s.norms[1].quadrant == Quadrant::maintain);
    CHECK(s.norms[0].quadrant == Quadrant::keep_up);
    CHECK(s.norms[2].quadrant == Quadrant::low_priority);
}
