// Structure-of-arrays agent storage: one contiguous array per attribute,
// sized once when the run starts. A phase that reads two attributes touches
// two dense arrays, not a stride through agent structs.
//
// Columns are named so that the engine can list and snapshot them without
// knowing the model. State columns are what a person is (snapshotted into
// /agents when a scenario asks); scratch columns are a phase's working
// buffers (next-state copies) and are never written out.
#pragma once

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "commsim/error.hpp"
#include "commsim/huge_pages.hpp"

namespace commsim {

class Population {
 public:
  using Storage = std::variant<std::vector<std::uint8_t>, std::vector<std::int32_t>,
                               std::vector<std::uint32_t>, std::vector<double>>;
  struct Column {
    std::string name;
    std::string doc;
    Storage values;
    bool scratch = false;
  };

  explicit Population(std::uint32_t size) : size_(size) {}

  [[nodiscard]] std::uint32_t size() const { return size_; }

  // Adds a column filled with init and returns a view of it. The view stays
  // valid for the population's lifetime (columns are never reallocated).
  // Large columns are backed by huge pages where the kernel allows
  // (huge_pages.hpp): models read them at scattered people.
  template <class T>
  std::span<T> add(std::string name, T init, std::string doc) {
    return add_column(std::move(name), init, std::move(doc), false);
  }
  template <class T>
  std::span<T> add_scratch(std::string name, T init, std::string doc) {
    return add_column(std::move(name), init, std::move(doc), true);
  }

  [[nodiscard]] const std::deque<Column>& columns() const { return columns_; }

  // Exchanges the values of the two columns that a and b view, in O(1): the
  // buffers trade places, and so do the views. For synchronous updates that
  // write every agent's next state into a scratch column, this commits the
  // day without copying it (a copy of a 10^5-person double column costs
  // about a sixth of a bounded-confidence day).
  template <class T>
  void swap_values(std::span<T>& a, std::span<T>& b) {
    std::vector<T>& first = column_viewed_by(a);
    std::vector<T>& second = column_viewed_by(b);
    first.swap(second);
    std::swap(a, b);
  }

 private:
  template <class T>
  std::vector<T>& column_viewed_by(std::span<T> view) {
    for (auto& c : columns_) {
      if (auto* values = std::get_if<std::vector<T>>(&c.values);
          values != nullptr && values->data() == view.data()) {
        return *values;
      }
    }
    throw Error("internal: a view that no population column backs");
  }

  template <class T>
  std::span<T> add_column(std::string name, T init, std::string doc, bool scratch) {
    for (const auto& c : columns_) {
      if (c.name == name) {
        throw Error("internal: population column `" + name + "` declared twice");
      }
    }
    auto& column = columns_.emplace_back(Column{
        std::move(name), std::move(doc), Storage{huge_page_vector<T>(size_, init)}, scratch});
    return std::span<T>(std::get<std::vector<T>>(column.values));
  }

  std::uint32_t size_;
  std::deque<Column> columns_;
};

}  // namespace commsim
