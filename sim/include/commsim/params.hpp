// Parameter declarations: each parameter is declared once, with its type,
// default, valid range and one sentence of documentation. Scenario
// validation, `commsim describe`, the docs tables and the Python layer all
// read these declarations; nothing else lists parameters.
//
// Validated values live in ParamValues, a flat map from dotted key paths
// ("population.graph.mean_degree") to typed values. Models never see it
// directly: ParamBinder<P> turns it into the model's own typed struct.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace commsim {

enum class ParamType { Bool, Int, Real, String, Choice, IntList, RealList };

using ParamValue = std::variant<bool, std::int64_t, double, std::string, std::vector<std::int64_t>,
                                std::vector<double>>;

// A numeric interval; list parameters apply it to every element.
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  static Range any() { return {}; }
  static Range closed(double lo, double hi) { return {lo, hi, false, false}; }
  static Range at_least(double lo) { return {lo, std::numeric_limits<double>::infinity()}; }
  static Range above(double lo) {
    return {lo, std::numeric_limits<double>::infinity(), true, false};
  }
  [[nodiscard]] bool contains(double x) const;
  // "[0, 1]", "> 0", "any number" ...
  [[nodiscard]] std::string describe() const;
};

struct ParamDecl {
  std::string name;
  ParamType type = ParamType::Real;
  // nullopt: the key is required and has no default.
  std::optional<ParamValue> default_value;
  Range range;
  std::vector<std::string> choices;  // for ParamType::Choice
  std::string doc;
  // A key that gives a variant its meaning (the threshold policy's min_fit):
  // left out, it takes its default with a warning saying so.
  bool defining = false;

  [[nodiscard]] bool required() const { return !default_value.has_value(); }
  // "a number in [0, 1]", "one of free, threshold, paid", "true or false" ...
  [[nodiscard]] std::string expectation() const;
};

std::string type_name(ParamType type);
// Raises Error: a required key reached a binder without a validated value.
[[noreturn]] void throw_missing(const std::string& key);
// A value as it would be written in YAML: 0.03, [1, 2], free, true.
std::string format_value(const ParamValue& value);

// A section of a scenario document: its own parameters, nested sections,
// lists of sections (the community's `activities:`), and optionally a
// discriminating key whose value selects extra parameters (the graph's `kind`
// selects mean_degree, rewire, blocks ...).
//
// A list is validated item by item; its values are stored as the item count
// under the list's path and each item's keys under "path.<index>.key".
struct Section {
  std::string doc;
  std::vector<ParamDecl> params;
  std::map<std::string, Section> children;
  std::map<std::string, Section> lists;     // key -> the section every item follows
  std::string variant_key;                  // empty: no variants
  std::map<std::string, Section> variants;  // variant_key value -> extra keys
  // Keys that were renamed: old name -> new name, so that an old scenario
  // file fails with a message saying what to change.
  std::map<std::string, std::string> renamed;

  // All keys valid here when variant_key (if any) has the given value.
  [[nodiscard]] std::vector<std::string> known_keys(const std::string& variant) const;
  [[nodiscard]] const ParamDecl* find_param(const std::string& key,
                                            const std::string& variant) const;
};

// One documented key of a section tree, for describe and the docs tables:
// its dotted path relative to the section ("entry.fee", "activities[].type")
// and when it applies ("entry.policy: paid"), empty when always.
struct DocumentedParam {
  std::string path;
  const ParamDecl* decl = nullptr;
  std::string when;
};
// Every key of s and its nested sections, lists and variants, depth first.
std::vector<DocumentedParam> documented_params(const Section& s);

// Validated values by dotted path.
class ParamValues {
 public:
  void set(const std::string& path, ParamValue value) { values_[path] = std::move(value); }
  [[nodiscard]] bool contains(const std::string& path) const;
  [[nodiscard]] const ParamValue& at(const std::string& path) const;

  [[nodiscard]] bool get_bool(const std::string& path) const;
  [[nodiscard]] std::int64_t get_int(const std::string& path) const;
  [[nodiscard]] double get_real(const std::string& path) const;
  [[nodiscard]] const std::string& get_string(const std::string& path) const;
  [[nodiscard]] const std::vector<std::int64_t>& get_int_list(const std::string& path) const;
  [[nodiscard]] const std::vector<double>& get_real_list(const std::string& path) const;

  // The values under "prefix.", with the prefix removed.
  [[nodiscard]] ParamValues subtree(const std::string& prefix) const;
  [[nodiscard]] const std::map<std::string, ParamValue>& all() const { return values_; }

 private:
  std::map<std::string, ParamValue> values_;
};

// Declares a model's parameters against the members of its typed struct P,
// so that the declaration and the struct cannot drift apart:
//
//   ParamBinder<BassParams>{}
//       .real("p", &BassParams::p, 0.03, Range::closed(0, 1), "innovation ...")
//
// section() gives the declarations for validation and describe; bind() turns
// validated values into a P.
template <class P>
class ParamBinder {
 public:
  // A default of std::nullopt makes the key required.
  ParamBinder& real(std::string name, double P::*member, std::optional<double> default_value,
                    Range range, std::string doc) {
    return add({std::move(name), ParamType::Real, wrap(default_value), range, {}, std::move(doc)},
               [member](P& p, const ParamValue& v) { p.*member = std::get<double>(v); });
  }
  template <class Int>
  ParamBinder& integer(std::string name, Int P::*member, std::optional<std::int64_t> default_value,
                       Range range, std::string doc) {
    return add({std::move(name), ParamType::Int, wrap(default_value), range, {}, std::move(doc)},
               [member](P& p, const ParamValue& v) {
                 p.*member = static_cast<Int>(std::get<std::int64_t>(v));
               });
  }
  ParamBinder& boolean(std::string name, bool P::*member, bool default_value, std::string doc) {
    return add(
        {std::move(name), ParamType::Bool, ParamValue{default_value}, {}, {}, std::move(doc)},
        [member](P& p, const ParamValue& v) { p.*member = std::get<bool>(v); });
  }
  ParamBinder& text(std::string name, std::string P::*member,
                    std::optional<std::string> default_value, std::string doc) {
    return add({std::move(name),
                ParamType::String,
                wrap(std::move(default_value)),
                {},
                {},
                std::move(doc)},
               [member](P& p, const ParamValue& v) { p.*member = std::get<std::string>(v); });
  }
  ParamBinder& choice(std::string name, std::string P::*member, std::string default_value,
                      std::vector<std::string> choices, std::string doc) {
    return add({std::move(name),
                ParamType::Choice,
                ParamValue{std::move(default_value)},
                {},
                std::move(choices),
                std::move(doc)},
               [member](P& p, const ParamValue& v) { p.*member = std::get<std::string>(v); });
  }

  ParamBinder& int_list(std::string name, std::vector<std::int64_t> P::*member,
                        std::vector<std::int64_t> default_value, Range range, std::string doc) {
    return add({std::move(name),
                ParamType::IntList,
                ParamValue{std::move(default_value)},
                range,
                {},
                std::move(doc)},
               [member](P& p, const ParamValue& v) {
                 p.*member = std::get<std::vector<std::int64_t>>(v);
               });
  }
  ParamBinder& real_list(std::string name, std::vector<double> P::*member,
                         std::vector<double> default_value, Range range, std::string doc) {
    return add(
        {std::move(name),
         ParamType::RealList,
         ParamValue{std::move(default_value)},
         range,
         {},
         std::move(doc)},
        [member](P& p, const ParamValue& v) { p.*member = std::get<std::vector<double>>(v); });
  }

  // Marks the key declared last as defining its variant (ParamDecl::defining).
  ParamBinder& defining() {
    decls_.back().defining = true;
    return *this;
  }

  [[nodiscard]] const std::vector<ParamDecl>& decls() const { return decls_; }
  [[nodiscard]] Section section(std::string doc) const {
    Section s;
    s.doc = std::move(doc);
    s.params = decls_;
    return s;
  }

  // values holds the section's keys without prefix (see ParamValues::subtree);
  // anything missing takes its declared default.
  [[nodiscard]] P bind(const ParamValues& values) const {
    P p{};
    apply(values, p);
    return p;
  }
  // Sets p's bound members from values (defaults where missing), leaving the
  // rest of p alone: several binders can fill one struct from several sections.
  void apply(const ParamValues& values, P& p) const {
    for (std::size_t i = 0; i < decls_.size(); ++i) {
      const auto& d = decls_[i];
      if (values.contains(d.name)) {
        setters_[i](p, values.at(d.name));
      } else if (d.default_value) {
        setters_[i](p, *d.default_value);
      } else {
        throw_missing(d.name);
      }
    }
  }

 private:
  template <class T>
  static std::optional<ParamValue> wrap(std::optional<T> value) {
    return value ? std::optional<ParamValue>(ParamValue{std::move(*value)}) : std::nullopt;
  }
  ParamBinder& add(ParamDecl decl, std::function<void(P&, const ParamValue&)> setter) {
    decls_.push_back(std::move(decl));
    setters_.push_back(std::move(setter));
    return *this;
  }

  std::vector<ParamDecl> decls_;
  std::vector<std::function<void(P&, const ParamValue&)>> setters_;
};

// Levenshtein distance, for "did you mean ...?" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b);
// The candidate closest to key, if it is close enough to be a likely typo.
std::optional<std::string> nearest(const std::string& key,
                                   const std::vector<std::string>& candidates);

}  // namespace commsim
