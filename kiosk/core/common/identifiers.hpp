// Identifiers that must never collide across kiosks: UUIDv7 for ratings, short references for the QR link.
#pragma once
#include <cstdint>
#include <string>

namespace kiosk {

// RFC 9562 version 7: 48-bit Unix milliseconds, then random bits (from the kernel's getrandom).
std::string make_uuid_v7(std::int64_t unix_ms);

// Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), e.g. "K7QX-M3RD".
// "7KQ4-M2XP": 8 symbols of 31 and a dash.
constexpr std::size_t reference_length = 9;
std::string make_short_reference();

}  // namespace kiosk
