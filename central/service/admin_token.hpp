// Admin tokens for the IT endpoints (Authorization: Bearer <token>). The store keeps only their hash,
// so a copy of the database gives no access.
#pragma once
#include <optional>
#include <string>

namespace central {

// A fresh random token: 32 bytes in base64url (43 characters).
std::string make_admin_token();
// "sha-256=<base64>" of the token's text: what Ledger::add_admin_token and admin_token_known take.
std::string admin_token_hash(const std::string& token);
// The token of an "Authorization: Bearer <token>" header value, or nothing.
std::optional<std::string> bearer_token(const std::string& authorization);

}  // namespace central
