// SHA-256 digests written as the sync protocol writes them: "sha-256=<base64>" (docs/protocol.md).
#pragma once
#include <string>
#include <string_view>

namespace kiosk {

std::string sha256_field(std::string_view bytes);

}  // namespace kiosk
