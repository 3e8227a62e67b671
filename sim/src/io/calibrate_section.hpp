// Reads a scenario's `calibrate:` section into a CalibrationSpec: the
// parameters to fit with their priors, the targets with their observed
// values, and the sampler's settings. Internal to sim/io; the format is in
// docs/scenarios.md ("Calibration").
//
//   calibrate:
//     parameters:                              # key paths, each with a prior
//       bass.p: {uniform: [0.001, 0.1]}
//       bass.q: {log_uniform: [0.05, 1]}
//       x.y: {normal: [mean, sd]}              # only for keys without bounds
//       x.z: {truncated_normal: [mean, sd, lo, hi]}
//       x.n: {integer: [lo, hi]}               # whole-number keys
//       x.c: {categorical: [a, b]}             # choice keys; or {a: 0.7, b: 0.3}
//     targets:
//       - {summary: final_share, observed: 0.42}
//       - {metric: adopted_share, observed: [0, 0.01, ...]}   # days 0..days
//       - {metric: adopted_share, days: [10, 20], observed: [0.2, 0.5], weight: 2}
//       - {metric: new_adopters, category: imitation, observed: {file: obs.h5, run: 0}}
//     particles: 1000
//     generations: 10          # and/or min_tolerance, max_simulations
//     alpha: 0.5
//     kernel: olcm             # or weighted
//     min_acceptance: 0
#pragma once

#include <yaml-cpp/yaml.h>

#include "commsim/model.hpp"
#include "commsim/params.hpp"
#include "commsim/scenario.hpp"
#include "yaml_override.hpp"

namespace commsim {

// `base` is the validated scenario (its days, values and seed; its file
// anchors observed files); `schema` the whole schema of its model. Raises
// ScenarioError listing every problem, each at file:line:column.
// `overrides` are the --set options, named in messages about what they set.
CalibrationSpec read_calibration(const YAML::Node& node, const Scenario& base,
                                 const ModelInfo& model, const Section& schema,
                                 const std::vector<Override>& overrides);

// The calibration's own settings, declared once (for describe and docs).
Section calibration_settings_section();

}  // namespace commsim
