// A rating as the core builds it during a visit and the store keeps it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

// 1..5 on the face scale (1 = very dissatisfied); 0 = "does not apply".
constexpr int answer_not_applicable = 0;

struct NormAnswer {
    std::string norm_id;
    int value = answer_not_applicable;
};

enum class RatingState { open, final };

// Why a rating became final; stored as text.
// stopped: ended with "Stop", or with "Start a new rating" by whoever found it left half-done.
enum class EndReason { none, completed, timed_out, abandoned, stopped };

enum RatingFlag : std::uint32_t {
    flag_burst = 1u << 0,  // finished within a burst of ratings; kept, but marked for review
};

struct Rating {
    std::string id;         // UUIDv7
    std::string reference;  // short random code shown as QR on Thanks; no personal data
    std::string language;
    std::string service;  // life event id, empty when the counter handles one service
    std::vector<std::string> planned_norms;
    std::int64_t started_ms = 0;   // UTC, milliseconds since 1970
    std::int64_t finished_ms = 0;  // 0 while open
    bool clock_synchronised = false;
    std::optional<int> grade;  // 1..10
    std::vector<NormAnswer> answers;
    std::uint32_t flags = 0;
    RatingState state = RatingState::open;
    EndReason end_reason = EndReason::none;
};

const char* to_string(EndReason reason);

}  // namespace kiosk
