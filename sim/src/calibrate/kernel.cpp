#include "commsim/calibrate/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "commsim/distributions.hpp"
#include "commsim/error.hpp"
#include "commsim/parallel.hpp"

namespace commsim::calibrate {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// The smallest step sd of an integer parameter (see kernel.hpp).
constexpr double kMinIntegerSd = 0.5;

// Weighted mean and covariance (weights normalised over the rows used) of
// the columns `cols` of the rows `rows` of a row-major matrix with p columns.
void weighted_moments(std::span<const double> data, std::size_t p,
                      std::span<const std::size_t> rows, std::span<const double> weights,
                      std::span<const std::size_t> cols, std::vector<double>& mean,
                      std::vector<double>& cov) {
  const std::size_t m = cols.size();
  mean.assign(m, 0.0);
  cov.assign(m * m, 0.0);
  double total = 0.0;
  for (std::size_t r : rows) {
    total += weights[r];
  }
  for (std::size_t r : rows) {
    const double v = weights[r] / total;
    for (std::size_t a = 0; a < m; ++a) {
      mean[a] += v * data[r * p + cols[a]];
    }
  }
  std::vector<double> d(m);
  for (std::size_t r : rows) {
    const double v = weights[r] / total;
    for (std::size_t a = 0; a < m; ++a) {
      d[a] = data[r * p + cols[a]] - mean[a];
    }
    for (std::size_t a = 0; a < m; ++a) {
      for (std::size_t b = 0; b <= a; ++b) {
        cov[a * m + b] += v * d[a] * d[b];
      }
    }
  }
  for (std::size_t a = 0; a < m; ++a) {
    for (std::size_t b = 0; b < a; ++b) {
      cov[b * m + a] = cov[a * m + b];
    }
  }
}

}  // namespace

std::string kernel_kind_name(KernelKind kind) {
  return kind == KernelKind::Olcm ? "olcm" : "weighted";
}

PerturbationKernel::PerturbationKernel(std::span<const Prior> priors, KernelKind kind,
                                       PopulationView previous, double tolerance,
                                       double categorical_jump)
    : priors_(priors.begin(), priors.end()), jump_(categorical_jump) {
  const std::size_t p = priors_.size();
  const std::size_t n = previous.weights.size();
  if (p == 0 || n == 0 || previous.particles.size() != n * p ||
      (kind == KernelKind::Olcm && previous.distances.size() != n)) {
    throw Error("PerturbationKernel: the population's shapes do not match the priors");
  }
  for (std::size_t i = 0; i < p; ++i) {
    if (priors_[i].is_categorical()) {
      categorical_.push_back(i);
    } else {
      numeric_.push_back(i);
      (priors_[i].is_integer() ? integer_ : continuous_).push_back(i);
    }
  }

  parents_.resize(n * p);
  for (std::size_t j = 0; j < n; ++j) {
    to_kernel_scale(previous.particles.subspan(j * p, p),
                    std::span<double>(parents_).subspan(j * p, p));
  }
  double total = 0.0;
  for (double w : previous.weights) {
    if (!(w >= 0.0) || !std::isfinite(w)) {
      throw Error("PerturbationKernel: weights must be finite and >= 0");
    }
    total += w;
  }
  if (!(total > 0.0)) {
    throw Error("PerturbationKernel: the weights sum to 0");
  }
  parents_continuous_.resize(n * continuous_.size());
  for (std::size_t j = 0; j < n; ++j) {
    for (std::size_t a = 0; a < continuous_.size(); ++a) {
      parents_continuous_[j * continuous_.size() + a] = parents_[j * p + continuous_[a]];
    }
  }
  weights_.resize(n);
  log_weights_.resize(n);
  cumulative_.resize(n);
  double running = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    weights_[j] = previous.weights[j] / total;
    log_weights_[j] = std::log(weights_[j]);
    running += weights_[j];
    cumulative_[j] = running;
    if (weights_[j] > 0.0) {
      last_positive_ = j;
    }
  }

  std::vector<std::size_t> all(n);
  for (std::size_t j = 0; j < n; ++j) {
    all[j] = j;
  }
  std::vector<double> mean;
  std::vector<double> cov;
  weighted_moments(parents_, p, all, weights_, numeric_, mean, cov);
  for (double& c : cov) {
    c *= 2.0;
  }
  if (kind == KernelKind::Weighted) {
    components_.push_back(make_component(std::move(cov)));
    return;
  }

  std::vector<std::size_t> within;
  for (std::size_t j = 0; j < n; ++j) {
    if (previous.distances[j] <= tolerance && weights_[j] > 0.0) {
      within.push_back(j);
    }
  }
  if (within.empty()) {
    throw Error(
        "PerturbationKernel: no particle of the previous generation lies within the "
        "tolerance, so the OLCM is undefined");
  }
  std::vector<double> local_mean;
  std::vector<double> local_cov;
  weighted_moments(parents_, p, within, weights_, numeric_, local_mean, local_cov);
  const std::size_t m = numeric_.size();
  components_.resize(n);
  // Each parent's factorisation is independent of the others, so building
  // them in parallel gives the same bits as building them in order.
  parallel_blocks(static_cast<std::uint32_t>(n), 16, [&](std::uint32_t first, std::uint32_t last) {
    std::vector<double> d(m);
    for (std::uint32_t j = first; j < last; ++j) {
      std::vector<double> sigma = local_cov;
      double trace = 0.0;
      for (std::size_t a = 0; a < m; ++a) {
        d[a] = local_mean[a] - parents_[j * p + numeric_[a]];
      }
      for (std::size_t a = 0; a < m; ++a) {
        for (std::size_t b = 0; b < m; ++b) {
          sigma[a * m + b] += d[a] * d[b];
        }
        trace += sigma[a * m + a];
      }
      components_[j] = make_component(trace > 0.0 ? std::move(sigma) : cov);
    }
  });
}

PerturbationKernel::Component PerturbationKernel::make_component(
    std::vector<double> covariance) const {
  const std::size_t m = numeric_.size();
  Component c;
  std::vector<double> block;
  block.reserve(continuous_.size() * continuous_.size());
  for (std::size_t a = 0; a < m; ++a) {
    const bool a_integer = priors_[numeric_[a]].is_integer();
    if (a_integer) {
      c.integer_sd.push_back(
          std::max(std::sqrt(std::max(covariance[a * m + a], 0.0)), kMinIntegerSd));
      continue;
    }
    for (std::size_t b = 0; b < m; ++b) {
      if (!priors_[numeric_[b]].is_integer()) {
        block.push_back(covariance[a * m + b]);
      }
    }
  }
  c.continuous = MultivariateNormal(std::vector<double>(continuous_.size(), 0.0), block);
  c.covariance = std::move(covariance);
  return c;
}

void PerturbationKernel::to_kernel_scale(std::span<const double> theta, std::span<double> u) const {
  for (std::size_t i = 0; i < priors_.size(); ++i) {
    u[i] = priors_[i].to_kernel(theta[i]);
  }
}

std::size_t PerturbationKernel::pick_parent(RandomStream& rng) const {
  const double u = uniform01(rng);
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  // u can reach the final cumulative sum when rounding leaves it below 1.
  return it == cumulative_.end() ? last_positive_
                                 : static_cast<std::size_t>(it - cumulative_.begin());
}

void PerturbationKernel::perturb(std::size_t parent, RandomStream& rng,
                                 std::span<double> theta) const {
  const std::size_t p = priors_.size();
  const Component& c = component(parent);
  const std::span<const double> centre(parents_.data() + parent * p, p);

  const std::size_t nc = continuous_.size();
  std::vector<double> step_c(nc);
  c.continuous.sample_around(std::span<const double>(parents_continuous_.data() + parent * nc, nc),
                             rng, step_c);
  for (std::size_t a = 0; a < continuous_.size(); ++a) {
    const std::size_t i = continuous_[a];
    theta[i] = priors_[i].from_kernel(step_c[a]);
  }
  for (std::size_t a = 0; a < integer_.size(); ++a) {
    const std::size_t i = integer_[a];
    theta[i] = std::round(centre[i] + c.integer_sd[a] * normal(rng));
  }
  for (std::size_t i : categorical_) {
    const auto k = static_cast<std::uint32_t>(priors_[i].choices().size());
    const bool jump = uniform01(rng) < jump_;
    if (jump && k > 1) {
      const auto current = static_cast<std::uint32_t>(centre[i]);
      const std::uint32_t r = uniform_index(rng, k - 1);
      theta[i] = static_cast<double>(r < current ? r : r + 1);
    } else {
      theta[i] = centre[i];
    }
  }
}

double PerturbationKernel::log_kernel(std::size_t parent, std::span<const double> theta) const {
  std::vector<double> u(priors_.size());
  to_kernel_scale(theta, u);
  std::vector<double> u_c(continuous_.size());
  for (std::size_t a = 0; a < continuous_.size(); ++a) {
    u_c[a] = u[continuous_[a]];
  }
  return log_kernel_scaled(parent, u, u_c);
}

double PerturbationKernel::log_kernel_scaled(std::size_t parent, std::span<const double> u,
                                             std::span<const double> u_c) const {
  const std::size_t p = priors_.size();
  const std::size_t nc = continuous_.size();
  const Component& c = component(parent);
  const std::span<const double> centre(parents_.data() + parent * p, p);
  double log_k = 0.0;
  if (nc > 0) {
    log_k += c.continuous.log_density_around(
        std::span<const double>(parents_continuous_.data() + parent * nc, nc), u_c);
  }
  for (std::size_t a = 0; a < integer_.size(); ++a) {
    const std::size_t i = integer_[a];
    const double sd = c.integer_sd[a];
    const double mass =
        std_normal_interval_mass((u[i] - 0.5 - centre[i]) / sd, (u[i] + 0.5 - centre[i]) / sd);
    log_k += std::log(mass);
  }
  for (std::size_t i : categorical_) {
    const auto k = priors_[i].choices().size();
    if (k == 1) {
      continue;
    }
    log_k += u[i] == centre[i] ? std::log1p(-jump_) : std::log(jump_ / static_cast<double>(k - 1));
  }
  return log_k;
}

double PerturbationKernel::log_mixture_density(std::span<const double> theta) const {
  std::vector<double> u(priors_.size());
  to_kernel_scale(theta, u);
  std::vector<double> u_c(continuous_.size());
  for (std::size_t a = 0; a < continuous_.size(); ++a) {
    u_c[a] = u[continuous_[a]];
  }
  const std::size_t n = weights_.size();
  std::vector<double> terms(n, -kInf);
  double largest = -kInf;
  for (std::size_t j = 0; j < n; ++j) {
    if (weights_[j] > 0.0) {
      terms[j] = log_weights_[j] + log_kernel_scaled(j, u, u_c);
      largest = std::max(largest, terms[j]);
    }
  }
  if (largest == -kInf) {
    return -kInf;
  }
  double sum = 0.0;
  for (std::size_t j = 0; j < n; ++j) {
    sum += std::exp(terms[j] - largest);
  }
  return largest + std::log(sum);
}

const std::vector<double>& PerturbationKernel::covariance(std::size_t parent) const {
  return component(parent).covariance;
}

}  // namespace commsim::calibrate
