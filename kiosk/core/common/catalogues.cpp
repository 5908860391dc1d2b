#include "catalogues.hpp"

#include <algorithm>
#include <boost/locale/generator.hpp>
#include <boost/locale/message.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "text_marker.hpp"

namespace kiosk {
namespace {

constexpr const char* domain = "kiosk";

std::uint32_t read_u32(const std::string& data, std::size_t offset, bool swap, const std::string& path) {
    if (offset + 4 > data.size()) throw std::runtime_error(path + ": truncated catalogue");
    std::uint32_t v;
    std::memcpy(&v, data.data() + offset, 4);
    return swap ? __builtin_bswap32(v) : v;
}

std::vector<std::string> split_nul(const std::string& s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = s.find('\0', start);
        parts.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

}  // namespace

std::vector<CatalogueEntry> read_mo_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read the catalogue");
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::uint32_t magic = read_u32(data, 0, false, path);
    bool swap = magic == 0xde120495;
    if (!swap && magic != 0x950412de)
        throw std::runtime_error(path + ": not a compiled gettext catalogue (.mo)");
    std::uint32_t count = read_u32(data, 8, swap, path);
    std::uint32_t originals = read_u32(data, 12, swap, path);
    std::uint32_t translations = read_u32(data, 16, swap, path);
    std::uint32_t hash_size = read_u32(data, 20, swap, path);
    std::uint32_t hash_offset = read_u32(data, 24, swap, path);
    if (std::uint64_t(hash_offset) + 4ull * hash_size > data.size())
        throw std::runtime_error(path + ": truncated catalogue");
    auto string_at = [&](std::uint32_t table, std::uint32_t i) {
        std::uint32_t length = read_u32(data, table + 8 * i, swap, path);
        std::uint32_t offset = read_u32(data, table + 8 * i + 4, swap, path);
        if (std::size_t(offset) + length > data.size())
            throw std::runtime_error(path + ": truncated catalogue");
        return data.substr(offset, length);
    };
    std::vector<CatalogueEntry> entries;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::string original = string_at(originals, i);
        if (original.empty()) continue;  // the header
        CatalogueEntry e;
        if (auto eot = original.find('\x04'); eot != std::string::npos) {
            e.context = original.substr(0, eot);
            original = original.substr(eot + 1);
        }
        auto ids = split_nul(original);
        e.msgid = ids[0];
        if (ids.size() > 1) e.msgid_plural = ids[1];
        e.translations = split_nul(string_at(translations, i));
        entries.push_back(std::move(e));
    }
    return entries;
}

Catalogues::Catalogues(std::string locale_dir) : dir_(std::move(locale_dir)) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
        std::string lang = entry.path().filename().string();
        if (!fs::exists(entry.path() / "LC_MESSAGES" / (std::string(domain) + ".mo"))) continue;
        try {
            read_mo_file(mo_path(lang));  // what Boost.Locale would stop on later, named now
            languages_.push_back(lang);
        } catch (const std::exception& e) {
            damaged_[lang] = e.what();
        }
    }
    std::sort(languages_.begin(), languages_.end());
}

bool Catalogues::has(const std::string& language) const {
    return std::binary_search(languages_.begin(), languages_.end(), language);
}

std::string Catalogues::mo_path(const std::string& language) const {
    return dir_ + "/" + language + "/LC_MESSAGES/" + domain + ".mo";
}

const std::locale& Catalogues::locale_for(const std::string& language) const {
    auto it = locales_.find(language);
    if (it != locales_.end()) return it->second;
    boost::locale::generator generator;
    generator.add_messages_path(dir_);
    generator.add_messages_domain(domain);
    try {
        return locales_.emplace(language, generator(language + ".UTF-8")).first->second;
    } catch (const std::exception& e) {
        throw std::runtime_error(mo_path(language) + ": the catalogue for '" + language +
                                 "' cannot be loaded: " + e.what());
    }
}

std::string Catalogues::translate(const std::string& language, const char* context, const char* msgid) const {
    return boost::locale::translate(context, msgid).str(locale_for(language));
}

std::string Catalogues::translate_plural(const std::string& language, const char* context,
                                         const char* singular, const char* plural, long n) const {
    return boost::locale::translate(context, singular, plural, n).str(locale_for(language));
}

std::string Catalogues::endonym(const std::string& language) const {
    // TRANSLATORS: the name of your language, written in your language and script (Deutsch, Ελληνικά).
    return translate(language, "language-name", NC_("language-name", "English"));
}

bool Catalogues::right_to_left(const std::string& language) const {
    // TRANSLATORS: write "rtl" if your language is written from right to left, otherwise "ltr".
    return translate(language, "text-direction", NC_("text-direction", "ltr")) == "rtl";
}

std::string fill(std::string text, const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string mark = "{" + std::to_string(i + 1) + "}";
        for (std::size_t at = text.find(mark); at != std::string::npos;
             at = text.find(mark, at + args[i].size()))
            text.replace(at, mark.size(), args[i]);
    }
    return text;
}

}  // namespace kiosk
