#include "request_body.hpp"

#include <httplib.h>

namespace central {
namespace {

// Content-Length as a number, or nothing when absent (then the body is empty: RFC 9112 §6.3).
std::optional<std::uint64_t> content_length(const httplib::Request& request, bool& well_formed) {
    well_formed = true;
    if (!request.has_header("Content-Length")) return std::nullopt;
    std::string text = request.get_header_value("Content-Length");
    well_formed = request.get_header_value_count("Content-Length") == 1 && !text.empty() &&
                  text.size() <= 15 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!well_formed) return std::nullopt;
    return std::stoull(text);
}

Problem refused_before_reading(Problem problem) {
    problem.close_connection =
        true;  // its body cannot be read past: the connection cannot carry another request
    return problem;
}

}  // namespace

std::optional<Problem> check_body_headers(const httplib::Request& request) {
    if (request.has_header("Transfer-Encoding"))
        return refused_before_reading(make_problem(
            400, "bad-request-headers",
            "the header Transfer-Encoding is not accepted: send the body with a Content-Length"));
    bool well_formed = true;
    content_length(request, well_formed);
    if (!well_formed)
        return refused_before_reading(
            make_problem(400, "bad-request-headers", "the header Content-Length is not one decimal number"));
    std::string coding = request.get_header_value("Content-Encoding");
    if (request.get_header_value_count("Content-Encoding") > 1 ||
        !(coding.empty() || coding == "identity" || coding == "gzip"))
        return refused_before_reading(make_problem(400, "bad-request-headers",
                                                   "the header Content-Encoding is '" + coding.substr(0, 40) +
                                                       "': only gzip (or none) is accepted"));
    if (request.is_multipart_form_data())
        return refused_before_reading(
            make_problem(400, "bad-request-headers",
                         "the header Content-Type is multipart/form-data: send application/json"));
    return std::nullopt;
}

bool drain_body(const httplib::Request& request, const httplib::ContentReader& reader, const Limits& limits) {
    if (request.has_header("Transfer-Encoding")) return false;
    bool well_formed = true;
    std::optional<std::uint64_t> length = content_length(request, well_formed);
    if (!well_formed) return false;
    if (!length || *length == 0) return true;
    if (*length > static_cast<std::uint64_t>(limits.body_bytes)) {
        // httplib's own limit (set_payload_max_length) reads it past without decoding or keeping it.
        reader([](const char*, std::size_t) { return true; });
        return true;
    }
    std::uint64_t decoded = 0;
    return reader([&](const char*, std::size_t size) {
        decoded += size;
        return decoded <= static_cast<std::uint64_t>(limits.decoded_body_bytes);
    });
}

std::optional<Problem> read_body(const httplib::Request& request, const httplib::ContentReader& reader,
                                 const Limits& limits, std::string& body) {
    body.clear();
    bool well_formed = true;
    std::optional<std::uint64_t> length = content_length(request, well_formed);
    if (!length || *length == 0) return std::nullopt;
    if (*length > static_cast<std::uint64_t>(limits.body_bytes)) {
        Problem problem =
            make_problem(413, "body-too-large",
                         "the body is " + std::to_string(*length) + " bytes as sent; the limit is " +
                             std::to_string(limits.body_bytes) + " (send fewer ratings per batch)");
        problem.close_connection = !drain_body(request, reader, limits);
        return problem;
    }
    bool too_large = false;
    bool read = reader([&](const char* data, std::size_t size) {
        if (body.size() + size > static_cast<std::size_t>(limits.decoded_body_bytes)) {
            too_large = true;
            return false;  // stop here: an unpacked body may be a thousand times its packed size
        }
        body.append(data, size);
        return true;
    });
    if (too_large) {
        body.clear();
        return refused_before_reading(make_problem(413, "body-too-large",
                                                   "the body is over " +
                                                       std::to_string(limits.decoded_body_bytes) +
                                                       " bytes once gzip is undone; that is the limit"));
    }
    if (!read) {
        body.clear();
        return refused_before_reading(make_problem(
            400, "bad-request-headers",
            "the body could not be read whole" +
                std::string(
                    request.get_header_value("Content-Encoding") == "gzip"
                        ? ": it is not valid gzip although Content-Encoding says gzip, or it ended early"
                        : ": it ended before its Content-Length")));
    }
    return std::nullopt;
}

}  // namespace central
