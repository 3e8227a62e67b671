#include "commsim/recorder.hpp"

#include <limits>

#include "commsim/error.hpp"

namespace commsim {

Recorder::Recorder(std::span<const MetricDecl> metrics, std::span<const SummaryDecl> summaries,
                   std::uint32_t days)
    : metrics_(metrics), summaries_(summaries), days_(days) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& m : metrics_) {
    data_.series.emplace_back((std::size_t{days} + 1) * m.categories(), nan);
  }
  data_.summaries.assign(summaries_.size(), nan);
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
}

}  // namespace commsim
