// Posterior files (HDF5): what a calibration found, generation by
// generation, with the prior, the targets and the scenario text, laid out
// with named dimensions so that xarray reads it
// (`xarray.open_dataset(path, engine="h5netcdf")`; docs/calibration.md):
//
//   /  attributes      format = commsim-posterior, format_version,
//                      commsim_version, created, command_line, name, model,
//                      seed, scenario (the text after overrides, calibrate
//                      section included), scenario_source, scenario_path,
//                      overrides, stop_reason, simulations, particles
//   generation, particle, parameter, target, component   coordinates
//   theta (generation, particle, parameter)   particles: numbers as they
//                      are, whole numbers whole, choices as their index
//   weight, distance (generation, particle); candidate (generation, particle)
//   tolerance, acceptance_rate, ess, candidates, simulations (generation)
//   scale (generation, component)             the distance's scales
//   prior_kind, prior_lo, prior_hi, prior_mean, prior_sd, prior_choices,
//   parameter_type (parameter)
//   observed, component_target, component_day (component); target_metric,
//   target_weight (target)
//
// The file is rewritten whole after every generation, under a temporary
// name that is then renamed over the target, so it always holds every
// completed generation and never a half-written one; --resume continues
// from it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "commsim/calibrate/abc_smc.hpp"
#include "commsim/run/calibration.hpp"
#include "commsim/scenario.hpp"

namespace commsim {

inline constexpr const char* kPosteriorFormat = "commsim-posterior";
inline constexpr int kPosteriorFormatVersion = 1;

struct PosteriorFile {
  std::string scenario;          // the scenario text it was written for
  std::filesystem::path scenario_path;  // the scenario file (anchors relative paths)
  std::string model;                    // the model it calibrated
  std::string commsim_version;
  std::string stop_reason;       // "none" while a calibration is unfinished
  std::vector<std::string> parameters;      // key paths
  std::vector<std::string> types;           // real, int or choice
  std::vector<std::vector<std::string>> choices;  // per parameter (choice keys)
  std::vector<calibrate::Generation> history;     // completed generations
};

// True when `path` is an HDF5 file whose root attribute `format` says
// posterior file (false for anything else, damaged files included).
[[nodiscard]] bool is_posterior_file(const std::filesystem::path& path);

// Raises InputError naming the file when it is missing, not HDF5, not a
// posterior file, or damaged.
[[nodiscard]] PosteriorFile read_posterior(const std::filesystem::path& path);

// Writes a calibration's posterior file as generations complete.
class PosteriorWriter final : public CalibrationObserver {
 public:
  // Checks the output path (as results files: an existing file is kept
  // unless overwrite or resume); resume continues the file's generations
  // when it exists and was written for the same scenario text and version
  // (InputError otherwise).
  PosteriorWriter(std::filesystem::path path, const Scenario& scenario, std::string command_line,
                  bool overwrite, bool resume);
  ~PosteriorWriter() override;
  PosteriorWriter(const PosteriorWriter&) = delete;
  PosteriorWriter& operator=(const PosteriorWriter&) = delete;

  // The generations a resumed file already holds (empty otherwise).
  [[nodiscard]] const std::vector<calibrate::Generation>& resumed() const { return resumed_; }

  void generation_done(const calibrate::AbcSmc& sampler,
                       const calibrate::Generation& generation) override;
  // After the calibration stopped: records why.
  void finish(const calibrate::AbcSmc& sampler);

 private:
  void write(const calibrate::AbcSmc& sampler);

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  const Scenario& scenario_;
  std::string command_line_;
  std::vector<calibrate::Generation> resumed_;
};

}  // namespace commsim
