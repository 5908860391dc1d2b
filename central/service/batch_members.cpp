#include "batch_members.hpp"

#include <cassert>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

namespace central {
namespace {

using nlohmann::json;

// Where a name of a batch or of a rating is collected. Kiosks send the members in one order, so the
// search for a name starts after the one found last: almost always one comparison per member.
template <class Owner>
struct MemberName {
    std::string_view name;
    JsonValue Owner::*value;
};

constexpr MemberName<BatchMembers> batch_names[] = {
    {"protocol", &BatchMembers::protocol},   {"batch_id", &BatchMembers::batch_id},
    {"kiosk_id", &BatchMembers::kiosk_id},   {"created", &BatchMembers::created},
    {"first_seq", &BatchMembers::first_seq}, {"last_seq", &BatchMembers::last_seq},
    {"ratings", &BatchMembers::ratings},
};

constexpr MemberName<RatingMembers> rating_names[] = {
    {"id", &RatingMembers::id},
    {"seq", &RatingMembers::seq},
    {"reference", &RatingMembers::reference},
    {"site", &RatingMembers::site},
    {"counter", &RatingMembers::counter},
    {"service", &RatingMembers::service},
    {"language", &RatingMembers::language},
    {"norms_asked", &RatingMembers::norms_asked},
    {"answers", &RatingMembers::answers},
    {"grade", &RatingMembers::grade},
    {"started", &RatingMembers::started},
    {"finished", &RatingMembers::finished},
    {"clock_synchronised", &RatingMembers::clock_synchronised},
    {"end_reason", &RatingMembers::end_reason},
    {"flags", &RatingMembers::flags},
    {"program_version", &RatingMembers::program_version},
    {"config_digest", &RatingMembers::config_digest},
};

template <class Owner, std::size_t N>
JsonValue* find_member(const MemberName<Owner> (&names)[N], Owner& owner, std::string_view name,
                       std::size_t& search_from) {
    for (std::size_t step = 0; step < N; ++step) {
        const std::size_t i = (search_from + step) % N;
        if (names[i].name == name) {
            search_from = i + 1;
            return &(owner.*names[i].value);
        }
    }
    return nullptr;
}

// The parser's events, routed by what is open: the body, the ratings array, one rating, its norms_asked
// array, its answers object, or something skipped (unknown, or not the shape this store reads).
class Collector final : public json::json_sax_t {
  public:
    explicit Collector(BatchMembers& out) : out_(out) {
        next_ = Target{&out_.self, Frame::skip, Frame::body};
    }

    std::optional<JsonSyntaxError> error;

    bool null() override {
        if (JsonValue* v = take_target().value) v->kind = JsonValue::Kind::null;
        return true;
    }
    bool boolean(bool b) override {
        if (JsonValue* v = take_target().value) {
            v->kind = JsonValue::Kind::boolean;
            v->boolean = b;
        }
        return true;
    }
    bool number_integer(number_integer_t n) override {
        if (JsonValue* v = take_target().value) {
            v->kind = JsonValue::Kind::integer;
            v->is_unsigned = false;
            v->signed_value = n;
        }
        return true;
    }
    bool number_unsigned(number_unsigned_t n) override {
        if (JsonValue* v = take_target().value) {
            v->kind = JsonValue::Kind::integer;
            v->is_unsigned = true;
            v->unsigned_value = n;
        }
        return true;
    }
    bool number_float(number_float_t, const string_t& as_sent) override {
        if (JsonValue* v = take_target().value) {
            v->kind = JsonValue::Kind::floating;
            v->text = as_sent;
        }
        return true;
    }
    bool string(string_t& s) override {
        if (JsonValue* v = take_target().value) {
            v->kind = JsonValue::Kind::string;
            v->text = std::move(s);
        }
        return true;
    }
    bool binary(binary_t&) override {
        assert(false && "JSON text has no binary values (only CBOR and the like do)");
        return false;
    }
    bool start_object(std::size_t) override {
        const Target t = take_target();
        if (t.value) t.value->kind = JsonValue::Kind::object;
        if (t.object_opens == Frame::answers) current_rating().answer_of.clear();
        frames_.push_back(t.object_opens);
        search_from_ = 0;
        return true;
    }
    bool key(string_t& name) override {
        switch (frames_.back()) {
            case Frame::body:
                next_ = Target{find_member(batch_names, out_, name, search_from_), Frame::skip, Frame::skip};
                if (name == "ratings") next_.array_opens = Frame::ratings;
                break;
            case Frame::rating:
                next_ = Target{find_member(rating_names, current_rating(), name, search_from_), Frame::skip,
                               Frame::skip};
                if (name == "norms_asked") next_.array_opens = Frame::norms;
                if (name == "answers") next_.object_opens = Frame::answers;
                break;
            case Frame::answers:
                next_ = Target{&current_rating().answer_of[std::move(name)], Frame::skip, Frame::skip};
                break;
            default:
                next_ = Target{};
        }
        return true;
    }
    bool end_object() override {
        frames_.pop_back();
        return true;
    }
    bool start_array(std::size_t) override {
        const Target t = take_target();
        if (t.value) t.value->kind = JsonValue::Kind::array;
        if (t.array_opens == Frame::ratings) out_.rating_list.clear();
        if (t.array_opens == Frame::norms) current_rating().norms.clear();
        frames_.push_back(t.array_opens);
        return true;
    }
    bool end_array() override {
        frames_.pop_back();
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& e) override {
        error = JsonSyntaxError{position, e.what()};
        return false;
    }

  private:
    enum class Frame { body, ratings, rating, norms, answers, skip };

    // Where the next value goes, and what an array or an object there opens.
    struct Target {
        JsonValue* value = nullptr;  // nullptr: not read
        Frame array_opens = Frame::skip;
        Frame object_opens = Frame::skip;
    };

    RatingMembers& current_rating() {
        assert(!out_.rating_list.empty() && "a rating's members come inside a rating");
        return out_.rating_list.back();
    }

    // The target of the value that starts now: in an array each item is a new place; in an object the
    // member's name (key) chose it.
    Target take_target() {
        if (!frames_.empty()) {
            if (frames_.back() == Frame::ratings) {
                out_.rating_list.emplace_back();
                return Target{&out_.rating_list.back().self, Frame::skip, Frame::rating};
            }
            if (frames_.back() == Frame::norms) {
                auto& norms = current_rating().norms;
                norms.emplace_back();
                return Target{&norms.back(), Frame::skip, Frame::skip};
            }
        }
        return std::exchange(next_, Target{});
    }

    BatchMembers& out_;
    std::vector<Frame> frames_;
    Target next_;
    std::size_t search_from_ = 0;  // see find_member
};

}  // namespace

std::optional<JsonSyntaxError> collect_batch_members(const std::string& body, BatchMembers& out) {
    out = BatchMembers{};
    Collector collector(out);
    if (json::sax_parse(body, &collector)) return std::nullopt;
    assert(collector.error && "the parser stops early only through parse_error");
    return collector.error;
}

}  // namespace central
