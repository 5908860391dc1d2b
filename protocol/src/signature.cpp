#include "protocol/signature.hpp"

#include "protocol/base64.hpp"
#include "protocol/names.hpp"
#include "sodium_start.hpp"

namespace protocol {

std::string signature_field(const Signature& signature) {
    return std::string(signature_prefix) + base64(signature.data(), signature.size());
}

std::optional<Signature> signature_from_field(std::string_view field) {
    Signature out{};
    if (field.substr(0, signature_prefix.size()) != signature_prefix ||
        !decode_base64(field.substr(signature_prefix.size()), out.data(), out.size()))
        return std::nullopt;
    return out;
}

bool signature_verifies(std::string_view text, const Signature& signature, const PublicKey& public_key) {
    start_sodium();
    return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                       text.size(), public_key.data()) == 0;
}

}  // namespace protocol
