#include "norm_text.hpp"

#include "charter.hpp"

namespace kiosk {
namespace {

std::string pick(const std::map<std::string, std::string>& texts, const std::string& language,
                 const std::string& fallback) {
    auto it = texts.find(language);
    if (it == texts.end()) it = texts.find(fallback);
    return it == texts.end() ? std::string() : it->second;
}

}  // namespace

NormText norm_text(const std::string& norm_id, const std::string& language, const KioskConfig& config,
                   const Catalogues& catalogues) {
    if (const CharterNorm* norm = find_charter_norm(norm_id)) {
        return {catalogues.translate(language, "norm-title", std::string(norm->title).c_str()),
                catalogues.translate(language, "norm-question", std::string(norm->question).c_str())};
    }
    for (const auto& local : config.local_norms) {
        if (local.id == norm_id)
            return {pick(local.title, language, config.default_language),
                    pick(local.question, language, config.default_language)};
    }
    return {norm_id, norm_id};
}

}  // namespace kiosk
