#include "commsim/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "commsim/error.hpp"

namespace commsim {

bool Range::contains(double x) const {
  const bool above_lo = lo_open ? x > lo : x >= lo;
  const bool below_hi = hi_open ? x < hi : x <= hi;
  return above_lo && below_hi;
}

namespace {
// The shortest text that reads back as the same number (std::to_chars), so
// that values shown, recorded and compared keep their full precision.
template <class T>
std::string exact(T x) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return ec == std::errc{} ? std::string(buffer, end) : std::string("?");
}
// Bounds as people write them: 9007199254740991 rather than 9.007199254740991e+15.
std::string number(double x) {
  if (std::fabs(x) < 1e17 && x == std::floor(x)) {
    return exact(static_cast<long long>(x));
  }
  return exact(x);
}
}  // namespace

std::string Range::describe() const {
  const bool has_lo = std::isfinite(lo);
  const bool has_hi = std::isfinite(hi);
  std::string out;
  if (has_lo && has_hi) {
    out.append(lo_open ? "(" : "[").append(number(lo)).append(", ").append(number(hi));
    out.append(hi_open ? ")" : "]");
  } else if (has_lo) {
    out.append(lo_open ? "> " : ">= ").append(number(lo));
  } else if (has_hi) {
    out.append(hi_open ? "< " : "<= ").append(number(hi));
  }
  return out;
}

std::string type_name(ParamType type) {
  switch (type) {
    case ParamType::Bool:
      return "bool";
    case ParamType::Int:
      return "int";
    case ParamType::Real:
      return "real";
    case ParamType::String:
      return "string";
    case ParamType::Choice:
      return "choice";
    case ParamType::IntList:
      return "list of int";
    case ParamType::RealList:
      return "list of real";
  }
  return "?";
}

void throw_missing(const std::string& key) {
  throw Error("internal: required key `" + key + "` has no validated value");
}

std::string ParamDecl::expectation() const {
  const std::string r = range.describe();
  const std::string within =
      r.empty() ? "" : (r.front() == '[' || r.front() == '(' ? " in " : " ") + r;
  switch (type) {
    case ParamType::Bool:
      return "true or false";
    case ParamType::Int:
      return "a whole number" + within;
    case ParamType::Real:
      return "a number" + within;
    case ParamType::String:
      return "a text";
    case ParamType::Choice: {
      std::string out = "one of ";
      for (std::size_t i = 0; i < choices.size(); ++i) {
        out += (i ? ", " : "") + choices[i];
      }
      return out;
    }
    case ParamType::IntList:
      return "a list of whole numbers" + (r.empty() ? "" : ", each" + within);
    case ParamType::RealList:
      return "a list of numbers" + (r.empty() ? "" : ", each" + within);
  }
  return "?";
}

std::string format_value(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
          return exact(v);
        } else {
          std::string out = "[";
          for (std::size_t i = 0; i < v.size(); ++i) {
            out += (i ? ", " : "") + exact(v[i]);
          }
          return out + "]";
        }
      },
      value);
}

std::vector<std::string> Section::known_keys(const std::string& variant) const {
  std::vector<std::string> keys;
  for (const auto& p : params) {
    keys.push_back(p.name);
  }
  for (const auto& [name, child] : children) {
    keys.push_back(name);
  }
  for (const auto& [name, item] : lists) {
    keys.push_back(name);
  }
  if (auto it = variants.find(variant); it != variants.end()) {
    for (const auto& p : it->second.params) {
      keys.push_back(p.name);
    }
  }
  return keys;
}

const ParamDecl* Section::find_param(const std::string& key, const std::string& variant) const {
  const auto match = [&](const ParamDecl& d) { return d.name == key; };
  if (auto it = std::find_if(params.begin(), params.end(), match); it != params.end()) {
    return &*it;
  }
  if (auto v = variants.find(variant); v != variants.end()) {
    const auto& extra = v->second.params;
    if (auto it = std::find_if(extra.begin(), extra.end(), match); it != extra.end()) {
      return &*it;
    }
  }
  return nullptr;
}

namespace {

void collect(const Section& s, const std::string& prefix, const std::string& when,
             std::vector<DocumentedParam>& out) {
  for (const auto& p : s.params) {
    out.push_back({prefix + p.name, &p, when});
  }
  for (const auto& [variant, extra] : s.variants) {
    const std::string condition = prefix + s.variant_key + ": " + variant;
    collect(extra, prefix, when.empty() ? condition : when + ", " + condition, out);
  }
  for (const auto& [name, child] : s.children) {
    collect(child, prefix + name + ".", when, out);
  }
  for (const auto& [name, item] : s.lists) {
    collect(item, prefix + name + "[].", when, out);
  }
}

}  // namespace

std::vector<DocumentedParam> documented_params(const Section& s) {
  std::vector<DocumentedParam> out;
  collect(s, "", "", out);
  return out;
}

bool ParamValues::contains(const std::string& path) const {
  return values_.contains(path);
}

const ParamValue& ParamValues::at(const std::string& path) const {
  auto it = values_.find(path);
  if (it == values_.end()) {
    throw Error("internal: no validated value for `" + path + "`");
  }
  return it->second;
}

namespace {
template <class T>
const T& typed(const ParamValues& values, const std::string& path) {
  const auto* v = std::get_if<T>(&values.at(path));
  if (v == nullptr) {
    throw Error("internal: value of `" + path + "` has another type");
  }
  return *v;
}
}  // namespace

bool ParamValues::get_bool(const std::string& path) const {
  return typed<bool>(*this, path);
}
std::int64_t ParamValues::get_int(const std::string& path) const {
  return typed<std::int64_t>(*this, path);
}
double ParamValues::get_real(const std::string& path) const {
  return typed<double>(*this, path);
}
const std::string& ParamValues::get_string(const std::string& path) const {
  return typed<std::string>(*this, path);
}
const std::vector<std::int64_t>& ParamValues::get_int_list(const std::string& path) const {
  return typed<std::vector<std::int64_t>>(*this, path);
}
const std::vector<double>& ParamValues::get_real_list(const std::string& path) const {
  return typed<std::vector<double>>(*this, path);
}

ParamValues ParamValues::subtree(const std::string& prefix) const {
  ParamValues out;
  const std::string lead = prefix + ".";
  for (auto it = values_.lower_bound(lead); it != values_.end(); ++it) {
    if (it->first.compare(0, lead.size(), lead) != 0) {
      break;
    }
    out.set(it->first.substr(lead.size()), it->second);
  }
  return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest(const std::string& key,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(key, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // Close enough to be a typo: at most a third of the longer name wrong.
  if (best && best_distance * 3 <= std::max(key.size(), best->size()) + 2) {
    return best;
  }
  return std::nullopt;
}

}  // namespace commsim
