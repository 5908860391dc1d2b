#include "identifiers.hpp"

#include <sys/random.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace kiosk {
namespace {

template <std::size_t N>
std::array<unsigned char, N> random_bytes() {
    std::array<unsigned char, N> bytes{};
    std::size_t filled = 0;
    while (filled < N) {
        ssize_t got = getrandom(bytes.data() + filled, N - filled, 0);
        if (got < 0) throw std::runtime_error("getrandom failed");
        filled += static_cast<std::size_t>(got);
    }
    return bytes;
}

}  // namespace

std::string make_uuid_v7(std::int64_t unix_ms) {
    auto b = random_bytes<16>();
    auto ms = static_cast<std::uint64_t>(unix_ms);
    for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
    b[6] = static_cast<unsigned char>(0x70 | (b[6] & 0x0f));  // version 7
    b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3f));  // RFC variant
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                  b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
}

std::string make_short_reference() {
    static constexpr char alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 symbols, none alike
    constexpr unsigned size = sizeof alphabet - 1;
    std::string out;
    auto bytes = random_bytes<16>();
    for (unsigned char byte : bytes) {
        if (byte >= 256 - 256 % size) continue;  // reject to keep every symbol equally likely
        out += alphabet[byte % size];
        if (out.size() == 4) out += '-';
        if (out.size() == 9) return out;
    }
    return make_short_reference();  // rare: too many rejections; draw again
}

}  // namespace kiosk
