#include "wire_text.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace central {
namespace {

void start_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("Unable to start libsodium");
}

std::string encode(std::string_view bytes, int variant) {
    start_sodium();
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<std::string> decode(std::string_view text, std::size_t size, int variant) {
    start_sodium();
    std::string out(size, '\0');
    std::size_t decoded = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                          nullptr, &decoded, &end, variant) != 0 ||
        decoded != size || end != text.data() + text.size())
        return std::nullopt;
    // Only the one canonical text of these bytes: a second spelling of a key or digest is refused.
    if (encode(out, variant) != text) return std::nullopt;
    return out;
}

bool digits(std::string_view text, std::size_t at, std::size_t count) {
    for (std::size_t i = at; i < at + count; ++i)
        if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
    return true;
}

int number(std::string_view text, std::size_t at, std::size_t count) {
    int n = 0;
    for (std::size_t i = at; i < at + count; ++i) n = n * 10 + (text[i] - '0');
    return n;
}

bool real_day(int year, int month, int day) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= days[month - 1] + (month == 2 && leap ? 1 : 0);
}

}  // namespace

std::string base64(std::string_view bytes) { return encode(bytes, sodium_base64_VARIANT_ORIGINAL); }
std::string base64url(std::string_view bytes) {
    return encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
std::optional<std::string> decode_base64(std::string_view text, std::size_t size) {
    return decode(text, size, sodium_base64_VARIANT_ORIGINAL);
}
std::optional<std::string> decode_base64url(std::string_view text, std::size_t size) {
    return decode(text, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

// OpenSSL's SHA-256, not libsodium's: it uses the CPU's SHA instructions where there are some, and a
// 1 000-rating batch (~480 kB) is hashed in ~1 ms instead of ~4 (bench/sync_benchmark.sh).
std::string sha256(std::string_view bytes) {
    std::string hash(SHA256_DIGEST_LENGTH, '\0');
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), reinterpret_cast<unsigned char*>(hash.data()), &size,
                   EVP_sha256(), nullptr) != 1 ||
        size != hash.size())
        throw std::runtime_error("Unable to compute a SHA-256 with OpenSSL");
    return hash;
}

std::string sha256_field(std::string_view bytes) { return "sha-256=" + base64(sha256(bytes)); }

std::string utc_seconds_text(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[32];
    std::size_t n = std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(out, n);
}

bool is_utc_date(std::string_view text) {
    return text.size() == 10 && digits(text, 0, 4) && text[4] == '-' && digits(text, 5, 2) &&
           text[7] == '-' && digits(text, 8, 2) &&
           real_day(number(text, 0, 4), number(text, 5, 2), number(text, 8, 2));
}

bool is_utc_time(std::string_view text) {
    if (text.size() < 20 || !is_utc_date(text.substr(0, 10)) || text[10] != 'T' || !digits(text, 11, 2) ||
        text[13] != ':' || !digits(text, 14, 2) || text[16] != ':' || !digits(text, 17, 2) ||
        text.back() != 'Z')
        return false;
    if (number(text, 11, 2) > 23 || number(text, 14, 2) > 59 || number(text, 17, 2) > 60) return false;
    if (text.size() == 20) return true;
    // A fraction: a dot and 1 to 9 digits before the Z.
    return text[19] == '.' && text.size() >= 22 && text.size() <= 30 && digits(text, 20, text.size() - 21);
}

std::optional<std::int64_t> utc_time_ms(std::string_view text) {
    if (!is_utc_time(text)) return std::nullopt;
    std::tm tm{};
    tm.tm_year = number(text, 0, 4) - 1900;
    tm.tm_mon = number(text, 5, 2) - 1;
    tm.tm_mday = number(text, 8, 2);
    tm.tm_hour = number(text, 11, 2);
    tm.tm_min = number(text, 14, 2);
    tm.tm_sec = number(text, 17, 2);
    std::int64_t ms = 0;
    for (std::size_t at = 20, scale = 100; at < text.size() - 1 && scale > 0; ++at, scale /= 10)
        ms += (text[at] - '0') * static_cast<std::int64_t>(scale);
    return static_cast<std::int64_t>(::timegm(&tm)) * 1000 + ms;
}

bool is_kiosk_id(std::string_view text) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace central
