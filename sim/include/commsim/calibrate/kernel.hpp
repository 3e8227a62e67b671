// The perturbation kernel of ABC-SMC: how a new candidate is proposed from
// the previous generation, and the density of that proposal, which the
// importance weights need.
//
// Proposal. A parent j is drawn with probability w_j (the previous
// generation's normalised weights) and perturbed:
//   - continuous parameters jointly by a multivariate normal centred at the
//     parent, on the kernel scale (log for log-uniform priors, prior.hpp);
//   - each integer parameter by its own normal step, sd sigma_i, then
//     rounded to the nearest whole number;
//   - each categorical parameter is kept with probability 1 - p and
//     otherwise replaced by one of the other K - 1 choices uniformly
//     (pyABC's discrete jump transition; p = categorical_jump, default 0.3).
// The three parts are independent given the parent. The covariance of the
// continuous part and the sigma_i of the integer parts come from one
// covariance matrix over the numeric (continuous and integer) parameters:
//   - "weighted": twice the weighted covariance of the previous population,
//     the same for every parent (Beaumont, Cornuet, Marin, Robert 2009,
//     "Adaptive approximate Bayesian computation", Biometrika 96(4):983-990);
//   - "olcm": the optimal local covariance matrix of Filippi, Barnes,
//     Cornebise, Stumpf 2013 (Stat Appl Genet Mol Biol 12(1):87-107), one
//     per parent,
//         Sigma_j = sum_{k in S} v_k (theta_k - theta_j)(theta_k - theta_j)^T,
//     where S holds the previous particles whose distance is within the new
//     tolerance and v their weights renormalised over S. It is computed as
//     Cov_v(S) + (m - theta_j)(m - theta_j)^T with m the v-weighted mean of
//     S. If Sigma_j has a zero diagonal (the parent is the only particle in
//     S), the weighted covariance is used for that parent instead.
// Each sigma_i is the square root of the matrix's diagonal entry, but at
// least 0.5, so that a population that has collapsed onto one whole number
// can still step to its neighbours (each with probability 0.16). Near-
// singular continuous blocks are factorised with a jitter (gaussian.hpp).
//
// Density. For theta with continuous part c, integer parts k_i and
// categorical parts g_l, the kernel density about parent j is
//
//   K_j(theta) = N(c; c_j, Sigma_j,cc)
//              * prod_i [Phi((k_i + 1/2 - k_ij) / sigma_ij) - Phi((k_i - 1/2 - k_ij) / sigma_ij)]
//              * prod_l (g_l == g_lj ? 1 - p : p / (K_l - 1))
//
// a density in the continuous coordinates (on the kernel scale) and a
// probability mass in the discrete ones: exactly the law the proposal above
// samples, with rounding turned into the normal mass of [k - 1/2, k + 1/2].
// A categorical parameter with one choice contributes 1.
//
// Support. Proposals outside the prior's support are redrawn, parent and
// perturbation both (abc_smc.hpp). The law of an accepted proposal is then
// q(theta) = sum_j w_j K_j(theta) 1[theta in support] / Z with one constant
// Z for all candidates, so the importance weight
//   w(theta) proportional to prior(theta) / sum_j w_j K_j(theta)
// (Toni, Welch, Strelkowa, Ipsen, Stumpf 2009, J R Soc Interface 6:187-202;
// Beaumont et al. 2009) is exact after normalisation. Redrawing only the
// perturbation, with the parent kept, would make Z depend on the parent and
// bias the weights near the support's edges.
//
// Cost: building is O(N P^2) for "weighted" and O(N P^3) for "olcm" (one
// Cholesky per parent); the mixture density of one candidate is O(N P^2).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "commsim/calibrate/gaussian.hpp"
#include "commsim/calibrate/prior.hpp"
#include "commsim/rng.hpp"

namespace commsim::calibrate {

enum class KernelKind { Olcm, Weighted };

// "olcm" or "weighted".
[[nodiscard]] std::string kernel_kind_name(KernelKind kind);

// The previous generation, as the kernel reads it.
struct PopulationView {
  std::span<const double> particles;  // N x P, row-major, natural scale
  std::span<const double> weights;    // N, need not be normalised
  std::span<const double> distances;  // N (read by "olcm" only)
};

class PerturbationKernel {
 public:
  // tolerance: the tolerance of the generation being proposed ("olcm" uses
  // the particles within it). categorical_jump in (0, 1].
  PerturbationKernel(std::span<const Prior> priors, KernelKind kind, PopulationView previous,
                     double tolerance, double categorical_jump);

  [[nodiscard]] std::size_t dims() const { return priors_.size(); }
  [[nodiscard]] std::size_t parents() const { return weights_.size(); }

  // A parent by weight; two words.
  [[nodiscard]] std::size_t pick_parent(RandomStream& rng) const;
  // Perturbs the parent into theta (natural scale, dims() values); not
  // checked against the prior's support. Words: one normal (four words) per
  // continuous then per integer parameter, then per categorical parameter
  // two words for the jump decision and, on a jump, one for the new choice.
  void perturb(std::size_t parent, RandomStream& rng, std::span<double> theta) const;

  // log K_j(theta) as above.
  [[nodiscard]] double log_kernel(std::size_t parent, std::span<const double> theta) const;
  // log sum_j w_j K_j(theta), w normalised; summed in parent order with the
  // largest term factored out.
  [[nodiscard]] double log_mixture_density(std::span<const double> theta) const;

  // The covariance over the numeric parameters (in parameter order,
  // skipping categorical ones) used for a parent, kernel scale, row-major;
  // for tests and diagnostics.
  [[nodiscard]] const std::vector<double>& covariance(std::size_t parent) const;
  [[nodiscard]] std::size_t numeric_dims() const { return numeric_.size(); }

 private:
  struct Component {
    std::vector<double> covariance;  // numeric x numeric
    MultivariateNormal continuous;   // zero mean; centred at the parent when used
    std::vector<double> integer_sd;  // one per integer parameter
  };

  [[nodiscard]] const Component& component(std::size_t parent) const {
    return components_.size() == 1 ? components_[0] : components_[parent];
  }
  [[nodiscard]] Component make_component(std::vector<double> covariance) const;
  void to_kernel_scale(std::span<const double> theta, std::span<double> u) const;
  // u: theta on the kernel scale; u_c: its continuous coordinates.
  [[nodiscard]] double log_kernel_scaled(std::size_t parent, std::span<const double> u,
                                         std::span<const double> u_c) const;

  std::vector<Prior> priors_;
  double jump_;
  std::vector<std::size_t> numeric_;        // continuous and integer, parameter order
  std::vector<std::size_t> continuous_;     // positions in the parameter vector
  std::vector<std::size_t> integer_;        // positions in the parameter vector
  std::vector<std::size_t> categorical_;    // positions in the parameter vector
  std::vector<double> parents_;             // N x P, kernel scale
  std::vector<double> parents_continuous_;  // N x continuous, kernel scale
  std::vector<double> weights_;             // normalised
  std::vector<double> log_weights_;
  std::vector<double> cumulative_;
  std::size_t last_positive_ = 0;
  std::vector<Component> components_;  // one ("weighted") or one per parent ("olcm")
};

}  // namespace commsim::calibrate
