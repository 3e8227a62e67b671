#include "commsim/recorder.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "commsim/error.hpp"

namespace commsim {

Recorder::Recorder(std::span<const MetricDecl> metrics, std::span<const SummaryDecl> summaries,
                   std::uint32_t days)
    : metrics_(metrics), summaries_(summaries), days_(days) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& m : metrics_) {
    data_.series.emplace_back((std::size_t{days} + 1) * m.categories(), nan);
    first_category_.push_back(writes_.size());
    writes_.resize(writes_.size() + m.categories(), 0);
  }
  data_.summaries.assign(summaries_.size(), nan);
  summary_writes_.assign(summaries_.size(), 0);
}

std::size_t Recorder::metric(std::string_view name) const {
  for (std::size_t i = 0; i < metrics_.size(); ++i) {
    if (metrics_[i].name == name) {
      return i;
    }
  }
  throw Error("internal: metric `" + std::string(name) + "` is not declared");
}

std::size_t Recorder::summary(std::string_view name) const {
  for (std::size_t i = 0; i < summaries_.size(); ++i) {
    if (summaries_[i].name == name) {
      return i;
    }
  }
  throw Error("internal: summary `" + std::string(name) + "` is not declared");
}

void Recorder::record(std::size_t metric, Day day, std::size_t category, double value) {
  const std::size_t width = metrics_[metric].categories();
  data_.series[metric].at(std::size_t{day.value()} * width + category) = value;
  ++writes_.at(first_category_[metric] + category);
}

void Recorder::summarize(std::size_t summary, double value) {
  data_.summaries.at(summary) = value;
  ++summary_writes_[summary];
}

namespace {
std::string times(std::uint32_t n) {
  return n == 0 ? "never recorded" : "recorded " + std::to_string(n) + " times";
}
}  // namespace

void Recorder::check_day(Day day) {
  std::string problem;
  for (std::size_t m = 0; m < metrics_.size() && problem.empty(); ++m) {
    for (std::size_t c = 0; c < metrics_[m].categories() && problem.empty(); ++c) {
      const std::uint32_t n = writes_[first_category_[m] + c];
      if (n != 1) {
        const std::string category =
            metrics_[m].axis.empty() ? "" : " (" + metrics_[m].labels[c] + ")";
        problem = "metric `" + metrics_[m].name + "`" + category + " was " + times(n) +
                  " on day " + std::to_string(day.value()) +
                  "; a model records each declared metric once a day";
      }
    }
  }
  std::fill(writes_.begin(), writes_.end(), 0);  // the next day starts afresh either way
  if (!problem.empty()) {
    throw InvariantError(problem);
  }
}

void Recorder::check_summaries() const {
  for (std::size_t s = 0; s < summaries_.size(); ++s) {
    if (summary_writes_[s] != 1) {
      throw InvariantError("summary `" + summaries_[s].name + "` was " + times(summary_writes_[s]) +
                           "; a model records each declared summary once, in finish()");
    }
  }
}

}  // namespace commsim
