#include "commsim/io/posterior_file.hpp"

#include <hdf5_hl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>

#include "commsim/error.hpp"
#include "commsim/io/output_claim.hpp"
#include "commsim/version.hpp"
#include "hdf5_handle.hpp"
#include "hdf5_variables.hpp"

namespace commsim {

using h5::check;
using h5::Handle;

namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Variable variable(std::string name, std::vector<std::string> dims, std::vector<std::size_t> shape,
                  ValueType type, LayoutValues values, std::string long_name = "") {
  Variable v;
  v.name = std::move(name);
  v.dims = std::move(dims);
  v.shape = std::move(shape);
  v.type = type;
  v.values = std::move(values);
  v.long_name = std::move(long_name);
  return v;
}

template <class T>
std::vector<T> iota(std::size_t n) {
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = static_cast<T>(i);
  }
  return v;
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) {
    return out;
  }
  std::size_t start = 0;
  for (;;) {
    const auto at = text.find(separator, start);
    out.push_back(text.substr(start, at == std::string::npos ? at : at - start));
    if (at == std::string::npos) {
      return out;
    }
    start = at + 1;
  }
}

// Writes the whole posterior file at `path`.
void write_file(const std::filesystem::path& path, const Scenario& scenario,
                const std::string& command_line, const calibrate::AbcSmc& sampler) {
  const CalibrationSpec& spec = *scenario.calibration;
  const auto& history = sampler.history();
  const std::size_t g = history.size();
  const std::size_t n = sampler.settings().population_size;
  const std::size_t p = spec.paths.size();
  const std::size_t t = spec.targets.size();
  const std::size_t c = sampler.distance().components();

  Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
              "cannot create " + path.string());
  h5::write_string_attribute(file, "format", kPosteriorFormat);
  h5::write_int_attribute(file, "format_version", kPosteriorFormatVersion);
  h5::write_string_attribute(file, "commsim_version", kVersion);
  h5::write_string_attribute(file, "created", utc_now());
  h5::write_string_attribute(file, "command_line", command_line);
  h5::write_string_attribute(file, "name", scenario.name);
  h5::write_string_attribute(file, "description", scenario.description);
  h5::write_string_attribute(file, "model", scenario.model);
  h5::write_uint_attribute(file, "seed", scenario.seed);
  h5::write_string_attribute(file, "scenario", scenario.effective_text);
  h5::write_string_attribute(file, "scenario_source", scenario.source_text);
  h5::write_string_attribute(file, "scenario_path", scenario.source_path.string());
  h5::write_string_attribute(file, "overrides", join(scenario.overrides, "\n"));
  h5::write_string_attribute(file, "stop_reason",
                             calibrate::stop_reason_name(sampler.stop_reason()));
  h5::write_uint_attribute(file, "simulations", sampler.total_simulations());
  h5::write_uint_attribute(file, "particles", n);
  h5::write_string_attribute(file, "kernel",
                             calibrate::kernel_kind_name(sampler.settings().kernel));
  h5::write_string_attribute(file, "warnings", join(calibration_warnings(sampler, spec), "\n"));

  std::vector<std::string> targets;
  std::vector<std::string> metrics;
  std::vector<std::string> categories;
  std::vector<double> weights;
  std::vector<double> observed;
  std::vector<std::int32_t> component_target;
  std::vector<std::int32_t> component_day;
  for (std::size_t k = 0; k < t; ++k) {
    const CalibrationTarget& target = spec.targets[k];
    targets.push_back(target.name);
    metrics.push_back(target.metric);
    categories.push_back(target.category_label);
    weights.push_back(target.weight);
    observed.insert(observed.end(), target.observed.begin(), target.observed.end());
    for (std::size_t i = 0; i < target.observed.size(); ++i) {
      component_target.push_back(static_cast<std::int32_t>(k));
      component_day.push_back(target.summary ? -1 : static_cast<std::int32_t>(target.days[i]));
    }
  }
  std::vector<std::string> kinds;
  std::vector<std::string> types;
  std::vector<std::string> choices;
  std::vector<std::string> probabilities;
  std::vector<double> lo;
  std::vector<double> hi;
  std::vector<double> mean;
  std::vector<double> sd;
  for (std::size_t i = 0; i < p; ++i) {
    const calibrate::Prior& prior = spec.priors[i];
    kinds.push_back(calibrate::prior_kind_name(prior.kind()));
    types.push_back(type_name(spec.types[i]));
    choices.push_back(join(prior.choices(), ","));
    std::vector<std::string> masses;
    for (const double m : prior.probabilities()) {
      masses.push_back(format_value(ParamValue{m}));
    }
    probabilities.push_back(join(masses, ","));
    lo.push_back(prior.lo());
    hi.push_back(prior.hi());
    mean.push_back(prior.mean());
    sd.push_back(prior.sd());
  }
  std::vector<double> theta;
  std::vector<double> weight;
  std::vector<double> distance;
  std::vector<std::uint64_t> candidate;
  std::vector<double> tolerance;
  std::vector<double> acceptance;
  std::vector<double> ess;
  std::vector<std::uint64_t> candidates;
  std::vector<std::uint64_t> simulations;
  std::vector<double> scale;
  for (const calibrate::Generation& gen : history) {
    theta.insert(theta.end(), gen.particles.begin(), gen.particles.end());
    weight.insert(weight.end(), gen.weights.begin(), gen.weights.end());
    distance.insert(distance.end(), gen.distances.begin(), gen.distances.end());
    candidate.insert(candidate.end(), gen.candidate_indices.begin(), gen.candidate_indices.end());
    tolerance.push_back(gen.tolerance);
    acceptance.push_back(gen.acceptance_rate);
    ess.push_back(gen.ess);
    candidates.push_back(gen.candidates);
    simulations.push_back(gen.simulations);
    scale.insert(scale.end(), gen.scales.begin(), gen.scales.end());
  }

  const std::vector<Variable> coordinates{
      variable("generation", {"generation"}, {g}, ValueType::Int32, iota<std::int32_t>(g),
               "generation (0: the prior sample)"),
      variable("particle", {"particle"}, {n}, ValueType::Int64, iota<std::int64_t>(n)),
      variable("parameter", {"parameter"}, {p}, ValueType::Text, spec.paths, "fitted key path"),
      variable("target", {"target"}, {t}, ValueType::Text, targets),
      variable("component", {"component"}, {c}, ValueType::Int32, iota<std::int32_t>(c),
               "one compared value of a target (a day of a daily metric, or a summary)"),
  };
  const std::vector<Variable> variables{
      variable("theta", {"generation", "particle", "parameter"}, {g, n, p}, ValueType::Float64,
               theta, "particle values (choices as their index in prior_choices)"),
      variable("weight", {"generation", "particle"}, {g, n}, ValueType::Float64, weight,
               "importance weight, normalised per generation"),
      variable("distance", {"generation", "particle"}, {g, n}, ValueType::Float64, distance),
      variable("candidate", {"generation", "particle"}, {g, n}, ValueType::UInt64, candidate,
               "the particle's candidate index in its generation"),
      variable("tolerance", {"generation"}, {g}, ValueType::Float64, tolerance,
               "the generation's tolerance (inf for the prior sample)"),
      variable("acceptance_rate", {"generation"}, {g}, ValueType::Float64, acceptance),
      variable("ess", {"generation"}, {g}, ValueType::Float64, ess, "effective sample size (Kish)"),
      variable("candidates", {"generation"}, {g}, ValueType::UInt64, candidates,
               "candidates up to the last accepted"),
      variable("simulations", {"generation"}, {g}, ValueType::UInt64, simulations,
               "simulations run, discarded ones included"),
      variable("scale", {"generation", "component"}, {g, c}, ValueType::Float64, scale,
               "distance scale of each component (MAD of the prior-predictive sample)"),
      variable("parameter_type", {"parameter"}, {p}, ValueType::Text, types),
      variable("prior_kind", {"parameter"}, {p}, ValueType::Text, kinds),
      variable("prior_choices", {"parameter"}, {p}, ValueType::Text, choices,
               "categorical priors: the choices, comma-separated, in index order"),
      variable("prior_probabilities", {"parameter"}, {p}, ValueType::Text, probabilities,
               "categorical priors: each choice's prior probability, comma-separated "
               "(empty: equally likely)"),
      variable("prior_lo", {"parameter"}, {p}, ValueType::Float64, lo),
      variable("prior_hi", {"parameter"}, {p}, ValueType::Float64, hi),
      variable("prior_mean", {"parameter"}, {p}, ValueType::Float64, mean),
      variable("prior_sd", {"parameter"}, {p}, ValueType::Float64, sd),
      variable("observed", {"component"}, {c}, ValueType::Float64, observed),
      variable("component_target", {"component"}, {c}, ValueType::Int32, component_target),
      variable("component_day", {"component"}, {c}, ValueType::Int32, component_day,
               "the day a component compares (-1 for a summary)"),
      variable("target_metric", {"target"}, {t}, ValueType::Text, metrics),
      variable("target_category", {"target"}, {t}, ValueType::Text, categories,
               "the category of a metric with a category axis (empty: none)"),
      variable("target_weight", {"target"}, {t}, ValueType::Float64, weights),
  };
  h5::create_variables(file, coordinates, variables);
}

}  // namespace

bool is_posterior_file(const std::filesystem::path& path) {
  h5::silence_errors();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || H5Fis_hdf5(path.c_str()) <= 0) {
    return false;
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    return false;
  }
  bool posterior = false;
  try {
    posterior = h5::has_attribute(file, "format") &&
                h5::read_string_attribute(file, "format") == kPosteriorFormat;
  } catch (const Error&) {
    posterior = false;
  }
  H5Fclose(file);
  return posterior;
}

PosteriorFile read_posterior(const std::filesystem::path& path) {
  h5::silence_errors();
  if (!std::filesystem::exists(path)) {
    throw InputError(path.string() + ": no such posterior file");
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw InputError(path.string() + ": not an HDF5 file, so not a commsim posterior file");
  }
  try {
    Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                "cannot open " + path.string());
    const auto attribute = [&](const char* name) {
      return h5::has_attribute(file, name) ? h5::read_string_attribute(file, name) : "";
    };
    if (attribute("format") != kPosteriorFormat) {
      throw InputError(path.string() +
                       ": not a commsim posterior file (its root attribute "
                       "`format` is not \"" +
                       std::string(kPosteriorFormat) + "\")");
    }
    PosteriorFile out;
    out.scenario = attribute("scenario");
    out.scenario_path = attribute("scenario_path");
    out.model = attribute("model");
    out.commsim_version = attribute("commsim_version");
    out.stop_reason = attribute("stop_reason");
    Handle parameters(H5Dopen2(file, "parameter", H5P_DEFAULT), H5Dclose, "opening parameter");
    out.parameters = h5::read_strings(parameters);
    Handle types(H5Dopen2(file, "parameter_type", H5P_DEFAULT), H5Dclose, "opening parameter_type");
    out.types = h5::read_strings(types);
    Handle choices(H5Dopen2(file, "prior_choices", H5P_DEFAULT), H5Dclose, "opening prior_choices");
    for (const auto& text : h5::read_strings(choices)) {
      out.choices.push_back(split(text, ','));
    }
    std::vector<hsize_t> shape;
    const auto theta = h5::read_doubles(file, "theta", &shape);
    const auto weight = h5::read_doubles(file, "weight");
    const auto distance = h5::read_doubles(file, "distance");
    const auto candidate = h5::read_uints(file, "candidate");
    const auto tolerance = h5::read_doubles(file, "tolerance");
    const auto acceptance = h5::read_doubles(file, "acceptance_rate");
    const auto ess = h5::read_doubles(file, "ess");
    const auto candidates = h5::read_uints(file, "candidates");
    const auto simulations = h5::read_uints(file, "simulations");
    std::vector<hsize_t> scale_shape;
    const auto scale = h5::read_doubles(file, "scale", &scale_shape);
    const std::size_t g = shape.at(0);
    const std::size_t n = shape.at(1);
    const std::size_t p = shape.at(2);
    const std::size_t c = scale_shape.at(1);
    for (std::size_t k = 0; k < g; ++k) {
      calibrate::Generation gen;
      gen.index = k;
      gen.tolerance = tolerance.at(k);
      gen.population_size = n;
      gen.dims = p;
      gen.particles.assign(theta.begin() + static_cast<std::ptrdiff_t>(k * n * p),
                           theta.begin() + static_cast<std::ptrdiff_t>((k + 1) * n * p));
      gen.weights.assign(weight.begin() + static_cast<std::ptrdiff_t>(k * n),
                         weight.begin() + static_cast<std::ptrdiff_t>((k + 1) * n));
      gen.distances.assign(distance.begin() + static_cast<std::ptrdiff_t>(k * n),
                           distance.begin() + static_cast<std::ptrdiff_t>((k + 1) * n));
      gen.candidate_indices.assign(candidate.begin() + static_cast<std::ptrdiff_t>(k * n),
                                   candidate.begin() + static_cast<std::ptrdiff_t>((k + 1) * n));
      gen.candidates = candidates.at(k);
      gen.simulations = simulations.at(k);
      gen.acceptance_rate = acceptance.at(k);
      gen.ess = ess.at(k);
      gen.scales.assign(scale.begin() + static_cast<std::ptrdiff_t>(k * c),
                        scale.begin() + static_cast<std::ptrdiff_t>((k + 1) * c));
      out.history.push_back(std::move(gen));
    }
    return out;
  } catch (const IoError& e) {
    throw InputError(path.string() + ": a damaged posterior file (" + e.what() + ")");
  } catch (const std::out_of_range&) {
    throw InputError(path.string() + ": a damaged posterior file (its datasets disagree in shape)");
  }
}

PosteriorWriter::PosteriorWriter(std::filesystem::path path, const Scenario& scenario,
                                 std::string command_line, bool overwrite, bool resume)
    : path_(std::move(path)), scenario_(scenario), command_line_(std::move(command_line)) {
  h5::silence_errors();
  if (overwrite && resume) {
    throw InputError(path_.string() +
                     ": --overwrite and --resume contradict each other (resume continues the "
                     "file that overwrite would replace); give one of them");
  }
  const bool resuming = resume && std::filesystem::exists(path_);
  claim_.emplace(OutputRequest{path_, overwrite || resuming, scenario_inputs(scenario)});
  temporary_ = path_.parent_path() /
               ("." + path_.filename().string() + ".tmp-" + std::to_string(::getpid()));
  if (resuming) {
    PosteriorFile file = read_posterior(path_);
    if (file.commsim_version != kVersion) {
      throw InputError(path_.string() + ": cannot resume: written by commsim " +
                       file.commsim_version + ", this is " + kVersion +
                       " (the posterior would not match bit for bit); start a new file");
    }
    if (file.scenario != scenario.effective_text) {
      throw InputError(path_.string() +
                       ": cannot resume: the file was written for another scenario (its "
                       "`scenario` attribute differs from this scenario after overrides); use "
                       "the same scenario and --set options, or start a new file");
    }
    resumed_ = std::move(file.history);
  }
}

PosteriorWriter::~PosteriorWriter() {
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
}

void PosteriorWriter::write(const calibrate::AbcSmc& sampler) {
  write_file(temporary_, scenario_, command_line_, sampler);
  std::filesystem::rename(temporary_, path_);
}

void PosteriorWriter::generation_done(const calibrate::AbcSmc& sampler,
                                      const calibrate::Generation& /*generation*/) {
  write(sampler);
}

void PosteriorWriter::finish(const calibrate::AbcSmc& sampler) {
  if (!sampler.history().empty()) {
    write(sampler);
  }
}

}  // namespace commsim
