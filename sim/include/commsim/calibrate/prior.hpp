// Prior distributions for ABC-SMC calibration, one per calibrated parameter.
//
// A parameter vector is a std::vector<double>; integer and categorical
// parameters are stored there as whole numbers (a categorical value is the
// index of its choice). Six families cover what scenario parameters need:
//
//   uniform(lo, hi)                  density 1 / (hi - lo) on [lo, hi]
//   log_uniform(lo, hi), 0 < lo      density 1 / (x log(hi / lo)) on [lo, hi]
//   normal(mean, sd)                 the usual density on the real line
//   truncated_normal(mean, sd, lo, hi)
//                                    the normal density renormalised to
//                                    [lo, hi]; either bound may be infinite
//   integer(lo, hi)                  mass 1 / (hi - lo + 1) on lo, ..., hi
//   categorical(choices, p)          mass p_k on index k (uniform if p is
//                                    not given)
//
// log_density() returns a density for the continuous families and a
// probability mass for the discrete ones: the importance weights of ABC-SMC
// are ratios of a prior to a proposal on the same space, so each parameter
// only needs the same reference measure (Lebesgue or counting) in both;
// see kernel.hpp.
//
// Sampling uses a RandomStream and consumes a documented number of 32-bit
// words: uniform and log-uniform 2, normal 4, truncated normal 2 (inversion
// of the normal CDF between the bounds, computed on the tail that keeps the
// precision, so a truncation far from the mean loses nothing), integer 1
// (rarely more, Lemire's rejection), categorical 2 (inversion of the
// cumulative probabilities).
//
// The kernel works on a transformed scale for some families: log for the
// log-uniform, so that a rate spread over orders of magnitude is perturbed
// multiplicatively; identity for the others. The prior density on that scale
// includes the Jacobian (kernel_log_density), which for the log-uniform makes
// it flat, as it should be.
//
// Construction validates the arguments and throws InputError with a message
// that names the parameter, so the loader of a `calibrate:` section can pass
// user values straight through.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "commsim/rng.hpp"

namespace commsim::calibrate {

enum class PriorKind { Uniform, LogUniform, Normal, TruncatedNormal, Integer, Categorical };

// "uniform", "log_uniform", ...: the names a `calibrate:` section uses.
[[nodiscard]] std::string prior_kind_name(PriorKind kind);

// The scale on which the perturbation kernel moves a parameter.
enum class KernelScale { Identity, Log };

class Prior {
 public:
  static Prior uniform(std::string name, double lo, double hi);
  static Prior log_uniform(std::string name, double lo, double hi);
  static Prior normal(std::string name, double mean, double sd);
  // lo may be -infinity and hi +infinity; [lo, hi] must hold some
  // probability under N(mean, sd^2) (more than 1e-300).
  static Prior truncated_normal(std::string name, double mean, double sd, double lo, double hi);
  static Prior integer(std::string name, std::int64_t lo, std::int64_t hi);
  // probabilities: empty for uniform, else one per choice, each >= 0, summing
  // to 1 within 1e-9.
  static Prior categorical(std::string name, std::vector<std::string> choices,
                           std::vector<double> probabilities = {});

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] PriorKind kind() const { return kind_; }
  [[nodiscard]] bool is_integer() const { return kind_ == PriorKind::Integer; }
  [[nodiscard]] bool is_categorical() const { return kind_ == PriorKind::Categorical; }
  [[nodiscard]] bool is_discrete() const { return is_integer() || is_categorical(); }

  // The smallest and largest values of the support (categorical: 0 and the
  // number of choices - 1).
  [[nodiscard]] double lo() const { return lo_; }
  [[nodiscard]] double hi() const { return hi_; }
  [[nodiscard]] const std::vector<std::string>& choices() const { return choices_; }
  [[nodiscard]] const std::vector<double>& probabilities() const { return probabilities_; }

  // True where the prior has positive density (mass): inside [lo, hi], a
  // whole number for the discrete families, a choice with p > 0.
  [[nodiscard]] bool in_support(double x) const;
  // log density (continuous) or log mass (discrete); -infinity outside the
  // support.
  [[nodiscard]] double log_density(double x) const;
  [[nodiscard]] double sample(RandomStream& rng) const;

  [[nodiscard]] double mean() const;
  [[nodiscard]] double sd() const;

  [[nodiscard]] KernelScale kernel_scale() const;
  // x on the kernel's scale and back (the back transform keeps the result in
  // [lo, hi] against rounding).
  [[nodiscard]] double to_kernel(double x) const;
  [[nodiscard]] double from_kernel(double u) const;
  // log density of u = to_kernel(x): log_density(x) + log |dx/du|.
  [[nodiscard]] double kernel_log_density(double x) const;

  // "log_uniform(0.001, 1)" and the like, for logs and error messages.
  [[nodiscard]] std::string describe() const;

 private:
  Prior(std::string name, PriorKind kind) : name_(std::move(name)), kind_(kind) {}

  std::string name_;
  PriorKind kind_;
  double a_ = 0.0;  // uniform lo, log-uniform log(lo), normal mean
  double b_ = 0.0;  // uniform hi, log-uniform log(hi), normal sd
  double lo_ = 0.0;
  double hi_ = 0.0;
  double log_norm_ = 0.0;  // log of the density or mass constant
  // Truncated normal: the standardised bounds on the side where the CDF is
  // precise (mirrored when both lie above the mean), and their CDF values.
  bool mirrored_ = false;
  double cdf_lo_ = 0.0;
  double cdf_mass_ = 0.0;
  std::vector<std::string> choices_;
  std::vector<double> probabilities_;
  std::vector<double> cumulative_;
};

}  // namespace commsim::calibrate
