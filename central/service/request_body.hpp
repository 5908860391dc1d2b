// Reading a request's body within the limits (docs/protocol.md, "Limits").
//
// cpp-httplib 0.11.4's server always undoes Content-Encoding gzip, deflate and br while it reads, and
// limits only a Content-Length (set_payload_max_length): a chunked body, or a small gzip body that
// unpacks to gigabytes, would fill memory. So every POST is served through a content reader, and
// these functions check the headers before a byte is read, then count the decoded bytes as they come
// and stop at the limit. The digest is then taken over the decoded body, as the protocol says.
#pragma once
#include <optional>
#include <string>

#include "central_config.hpp"
#include "problem.hpp"

namespace httplib {
struct Request;
class ContentReader;
}  // namespace httplib

namespace central {

// The body's framing and coding: a Content-Length (chunked is refused), Content-Encoding absent,
// "identity" or "gzip", no multipart form. 400 bad-request-headers otherwise.
std::optional<Problem> check_body_headers(const httplib::Request& request);

// Reads and drops the body of a request refused before its body was read, so the client, still
// sending, gets to read the answer and the connection stays usable. A body over the limit as sent is
// skipped unread by httplib; the decoding stops at the decoded limit. False when the body could not be
// read to its end (then the connection must close).
bool drain_body(const httplib::Request& request, const httplib::ContentReader& reader, const Limits& limits);

// The body, decoded: 413 body-too-large over `limits.body_bytes` as sent (skipped unread) or
// `limits.decoded_body_bytes` decoded (reading stops there); 400 when the gzip coding is broken.
// Call check_body_headers first.
std::optional<Problem> read_body(const httplib::Request& request, const httplib::ContentReader& reader,
                                 const Limits& limits, std::string& body);

}  // namespace central
