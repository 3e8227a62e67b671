#include "commsim/io/results_writer.hpp"

#include <hdf5_hl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>

#include "commsim/version.hpp"
#include "hdf5_handle.hpp"
#include "hdf5_variables.hpp"

namespace commsim {

using h5::attach_scales;
using h5::check;
using h5::create_group;
using h5::create_variable;
using h5::Handle;
using h5::Types;
using h5::types_of;
using h5::write_row;

namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// The layout value type of a population column's storage.
ValueType value_type(const Population::Storage& storage) {
  return std::visit(
      [](const auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, std::uint8_t>) {
          return ValueType::UInt8;
        } else if constexpr (std::is_same_v<T, std::int32_t>) {
          return ValueType::Int32;
        } else if constexpr (std::is_same_v<T, std::uint32_t>) {
          return ValueType::UInt32;
        } else {
          return ValueType::Float64;
        }
      },
      storage);
}

template <class T>
Handle create_vector(hid_t parent, const std::string& name, hid_t type,
                     const std::vector<T>& data) {
  const hsize_t n = data.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "dataspace for " + name);
  Handle ds(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            H5Dclose, "creating dataset " + name);
  if (n > 0) {
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "writing " + name);
  }
  return ds;
}

// /design: how the sweep's points were made. Attributes method, parameters,
// base_points and common_random_numbers (0 or 1); for sampling designs `unit`
// (design_point, parameter) with the unit-cube coordinates and, for morris,
// `changed_axis` (design_point), both with their dimension scales
// `design_point` (0..P-1) and `parameter` (the swept key paths), so that
// xarray reads the group with named dimensions.
void write_design(hid_t file, const DesignInfo& design) {
  Handle group = create_group(file, results::kDesignGroup);
  h5::write_string_attribute(group, "method", design.method);
  std::string parameters;
  for (const auto& p : design.parameters) {
    parameters += (parameters.empty() ? "" : "\n") + p;
  }
  h5::write_string_attribute(group, "parameters", parameters);
  h5::write_int_attribute(group, "base_points", static_cast<std::int64_t>(design.base_points));
  h5::write_int_attribute(group, "common_random_numbers", design.common_random_numbers ? 1 : 0);
  if (design.unit.empty() && design.changed_axis.empty()) {
    return;
  }
  const std::size_t points = std::max(design.unit.size(), design.changed_axis.size());
  std::vector<std::int64_t> indices(points);
  for (std::size_t p = 0; p < points; ++p) {
    indices[p] = static_cast<std::int64_t>(p);
  }
  Handle point_scale = create_vector(group, results::kDesignPointDim, H5T_STD_I64LE, indices);
  check(H5DSset_scale(point_scale, results::kDesignPointDim), "making design_point a scale");
  Handle parameter_scale;
  {
    Handle type = h5::utf8_string_type();
    std::vector<const char*> names;
    for (const auto& p : design.parameters) {
      names.push_back(p.c_str());
    }
    const hsize_t n = names.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "dataspace for design/parameter");
    parameter_scale = Handle(H5Dcreate2(group, results::kParameterDim, type, space, H5P_DEFAULT,
                                        H5P_DEFAULT, H5P_DEFAULT),
                             H5Dclose, "creating design/parameter");
    if (n > 0) {
      check(H5Dwrite(parameter_scale, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, names.data()),
            "writing design/parameter");
    }
    check(H5DSset_scale(parameter_scale, results::kParameterDim), "making parameter a scale");
  }
  if (!design.unit.empty()) {
    const hsize_t dims[2] = {design.unit.size(), design.parameters.size()};
    std::vector<double> flat;
    for (const auto& point : design.unit) {
      flat.insert(flat.end(), point.begin(), point.end());
    }
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "dataspace for design/unit");
    Handle ds(
        H5Dcreate2(group, "unit", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "creating design/unit");
    check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, flat.data()),
          "writing design/unit");
    check(H5DSattach_scale(ds, point_scale, 0), "attaching design_point to design/unit");
    check(H5DSattach_scale(ds, parameter_scale, 1), "attaching parameter to design/unit");
  }
  if (!design.changed_axis.empty()) {
    std::vector<std::int32_t> axis(design.changed_axis.begin(), design.changed_axis.end());
    Handle ds = create_vector(group, "changed_axis", H5T_STD_I32LE, axis);
    check(H5DSattach_scale(ds, point_scale, 0), "attaching design_point to design/changed_axis");
  }
}

// The open objects of a results file that runs are written into.
struct WriterState {
  Handle file;
  std::map<std::string, Handle> scales;  // the root coordinates, by name
  Handle status;
  Handle wall_seconds;
  Handle error;
  std::vector<Handle> timeseries;
  std::vector<Handle> summaries;
  // /agents, created at the first run that brings snapshots.
  std::map<std::string, Handle> agents;
};

// Creates the whole layout of a new results file (every run pending) and
// closes it; open_layout then opens what deliver needs.
void create_layout(const std::filesystem::path& path, const ResultsLayout& layout,
                   const ResultsHeader& header) {
  WriterState f;
  f.file = Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                  "cannot create " + path.string());

  h5::write_string_attribute(f.file, "format", results::kFormat);
  h5::write_int_attribute(f.file, "format_version", results::kFormatVersion);
  h5::write_string_attribute(f.file, "commsim_version", kVersion);
  h5::write_string_attribute(f.file, "created", utc_now());
  for (const auto& [name, value] : header.texts) {
    h5::write_string_attribute(f.file, name, value);
  }
  for (const auto& [name, value] : header.integers) {
    h5::write_int_attribute(f.file, name, value);
  }
  for (const auto& [name, value] : header.unsigned_integers) {
    h5::write_uint_attribute(f.file, name, value);
  }
  h5::write_string_attribute(f.file, "scenario", header.scenario);

  for (const Variable& c : layout.coordinates) {
    Handle scale = create_variable(f.file, c);
    check(H5DSset_scale(scale, c.name.c_str()), "making " + c.name + " a dimension scale");
    f.scales[c.name] = std::move(scale);
  }
  const auto create_all = [&](const char* group_name, const std::vector<Variable>& variables) {
    Handle group = create_group(f.file, group_name);
    for (const Variable& v : variables) {
      Handle ds = create_variable(group, v);
      attach_scales(ds, v, f.scales);
    }
  };
  create_all(results::kRunsGroup, layout.run_table);
  if (!header.design.method.empty()) {
    write_design(f.file, header.design);
  }
  create_all(results::kTimeseriesGroup, layout.timeseries);
  create_all(results::kSummaryGroup, layout.summaries);
  if (!layout.fixed.empty()) {
    create_all(results::kFixedGroup, layout.fixed);
  }
  if (!layout.objective.empty()) {
    Handle group = create_group(f.file, results::kObjectiveGroup);
    for (const auto& [name, text] : layout.objective) {
      h5::write_string_attribute(group, name, text);
    }
  }
  if (!layout.agent_table.empty()) {
    create_all(results::kAgentsGroup, layout.agent_table);
  }
  // HDF5 writes most of a new file when it is flushed or closed, and a
  // close reports nothing: flush here so that a full disk is reported as a
  // failed write, not later as a damaged file.
  check(H5Fflush(f.file, H5F_SCOPE_GLOBAL), "writing " + path.filename().string());
}

std::string path_of(const Variable& v) {
  return v.group.empty() ? v.name : v.group + "/" + v.name;
}

// Opens the objects of an existing results file that deliver needs, after
// checking that the file belongs to this very experiment (the same scenario
// text after overrides, so the same design, seeds and runs).
void open_layout(WriterState& f, const std::filesystem::path& path, const ResultsLayout& layout,
                 const std::string& scenario, const std::filesystem::path& shown) {
  const hid_t opened = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (opened < 0) {
    throw InputError(shown.string() +
                     ": cannot resume: HDF5 cannot open the file (truncated or damaged?); start a "
                     "new file");
  }
  f.file = Handle(opened, H5Fclose, "opening " + shown.string());
  const auto attribute = [&](const char* name) {
    return h5::has_attribute(f.file, name) ? h5::read_string_attribute(f.file, name) : "";
  };
  if (attribute("format") != results::kFormat) {
    throw InputError(shown.string() + ": cannot resume: not a commsim results file");
  }
  if (attribute("commsim_version") != kVersion) {
    throw InputError(shown.string() + ": cannot resume: written by commsim " +
                     attribute("commsim_version") + ", this is " + kVersion +
                     " (runs would not match bit for bit); start a new file");
  }
  if (attribute("scenario") != scenario) {
    throw InputError(shown.string() +
                     ": cannot resume: the file was written for another scenario (its "
                     "`scenario` attribute differs from this scenario after overrides); use "
                     "the same scenario and --set options, or start a new file");
  }
  const auto dataset = [&](const std::string& name) {
    const hid_t id = H5Dopen2(f.file, name.c_str(), H5P_DEFAULT);
    if (id < 0) {
      throw InputError(shown.string() + ": cannot resume: the file lacks " + name +
                       " (truncated or damaged?); start a new file");
    }
    return Handle(id, H5Dclose, "opening " + name);
  };
  for (const Variable& c : layout.coordinates) {
    f.scales[c.name] = dataset(c.name);
  }
  if (layout.snapshots > 0) {
    for (const auto& name : h5::list_group(f.file, results::kAgentsGroup)) {
      if (name != results::kLabelVariable) {
        f.agents[name] = dataset(std::string(results::kAgentsGroup) + "/" + name);
      }
    }
  }
  const std::string runs = std::string(results::kRunsGroup) + "/";
  f.status = dataset(runs + "status");
  f.error = dataset(runs + "error");
  f.wall_seconds = dataset(runs + "wall_seconds");
  for (const Variable& v : layout.timeseries) {
    f.timeseries.push_back(dataset(path_of(v)));
  }
  for (const Variable& v : layout.summaries) {
    f.summaries.push_back(dataset(path_of(v)));
  }
}

// The writer's pid in `name` when it is a work file of the results whose
// work-file prefix is `stem` (".NAME."): `.NAME.tmp-PID` or
// `.NAME.publish-PID`; 0 otherwise.
long work_file_pid(const std::string& name, const std::string& stem) {
  for (const std::string kind : {"tmp-", "publish-"}) {
    if (!name.starts_with(stem + kind)) {
      continue;
    }
    const char* first = name.data() + stem.size() + kind.size();
    const char* last = name.data() + name.size();
    long pid = 0;
    const auto [ptr, err] = std::from_chars(first, last, pid);
    return err == std::errc{} && ptr == last && pid > 0 ? pid : 0;
  }
  return 0;
}

// Work files of writers that died (SIGKILL, power loss) beside the results:
// those whose process no longer exists. Best effort: never throws (a folder
// it cannot list is left as it is).
void remove_stale_work_files(const std::filesystem::path& path) noexcept {
  try {
    const std::filesystem::path folder =
        path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    const std::string stem = "." + path.filename().string() + ".";
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(folder, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
      const long pid = work_file_pid(it->path().filename().string(), stem);
      if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
        std::error_code ignored;
        std::filesystem::remove(it->path(), ignored);
      }
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): a hint of tidiness, never a failure
  }
}

}  // namespace

struct ResultsWriter::Impl : WriterState {};

ResultsHeader results_header(const Experiment& experiment, const std::string& command_line) {
  const Scenario& s = experiment.scenario();
  const auto lines = [](const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
      text += (text.empty() ? "" : "\n") + item;
    }
    return text;
  };
  ResultsHeader h;
  h.texts = {{"command_line", command_line},
             {"name", s.name},
             {"description", s.description},
             {"model", s.model},
             {"scenario_source", s.source_text},
             {"scenario_path", s.source_path.string()},
             {"overrides", lines(s.overrides)},
             // Settings most likely not meant; what reading the graph file changed.
             {"warnings", lines(s.warnings)}};
  h.unsigned_integers = {{"seed", s.seed}};
  h.integers = {{"days", s.days}, {"replicates", s.replicates}};
  h.design = s.design;
  h.scenario = s.effective_text;
  return h;
}

ResultsWriter::ResultsWriter(std::filesystem::path path, const Experiment& experiment,
                             std::string command_line, bool resume)
    : ResultsWriter(std::move(path), results_layout(experiment),
                    results_header(experiment, command_line), resume) {}

ResultsWriter::ResultsWriter(std::filesystem::path path, ResultsLayout layout,
                             const ResultsHeader& header, bool resume)
    : layout_(std::move(layout)), impl_(std::make_unique<Impl>()), path_(std::move(path)) {
  h5::silence_errors();
  const std::string pid = std::to_string(::getpid());
  temporary_ = path_.parent_path() / ("." + path_.filename().string() + ".tmp-" + pid);
  publishing_ = path_.parent_path() / ("." + path_.filename().string() + ".publish-" + pid);
  remove_stale_work_files(path_);
  // A constructor that throws runs no destructor: remove the work file here.
  try {
    if (resume) {
      if (H5Fis_hdf5(path_.c_str()) <= 0) {
        throw InputError(path_.string() + ": cannot resume: not an HDF5 file");
      }
      // The file keeps the command line that started the experiment.
      writing([&] {
        std::filesystem::copy_file(path_, temporary_,
                                   std::filesystem::copy_options::overwrite_existing);
      });
    } else {
      writing([&] { create_layout(temporary_, layout_, header); });
    }
    open_layout(*impl_, temporary_, layout_, header.scenario, path_);
    const auto done = done_runs();
    has_done_ = std::find(done.begin(), done.end(), true) != done.end();
  } catch (...) {
    impl_.reset();
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
    throw;
  }
}

template <class F>
void ResultsWriter::writing(F&& work) {
  if (broken_) {
    throw IoError("cannot write " + path_.string() + ": an earlier write failed");
  }
  // HDF5 does not recover from a failed write (a full disk): after one, the
  // file is never touched again, only closed and removed.
  try {
    work();
  } catch (const InputError&) {
    throw;
  } catch (const std::filesystem::filesystem_error& e) {
    broken_ = true;
    throw IoError("cannot write " + path_.string() + ": " + e.code().message());
  } catch (const Error& e) {
    broken_ = true;
    throw IoError("cannot write " + path_.string() + ": " + e.what());
  }
}

std::vector<bool> ResultsWriter::done_runs() const {
  const auto statuses = h5::read_strings(impl_->status);
  std::vector<bool> done;
  for (const auto& status : statuses) {
    done.push_back(status == to_string(RunStatus::Done));
  }
  return done;
}

void ResultsWriter::publish(bool force) {
  if (!has_done_) {
    return;  // a file without a finished run says nothing; keep what is there
  }
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_publish_ < std::chrono::milliseconds(500)) {
    pending_publish_ = true;
    return;
  }
  writing([&] {
    check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flushing");
    std::filesystem::copy_file(temporary_, publishing_,
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(publishing_, path_);
  });
  last_publish_ = now;
  pending_publish_ = false;
  published_ = true;
}

ResultsWriter::~ResultsWriter() {
  if (committed_) {
    return;
  }
  // Interrupted or failed: publish what is finished (if anything new was
  // written), then drop the work file. Never throws.
  try {
    if (pending_publish_ && !broken_) {
      publish(true);
    }
  } catch (...) {  // NOLINT(bugprone-empty-catch): best effort while unwinding
  }
  impl_.reset();
  std::error_code ignored;
  std::filesystem::remove(temporary_, ignored);
  std::filesystem::remove(publishing_, ignored);
}

void ResultsWriter::write_agents(const AgentSnapshots& agents, unsigned long long row) {
  Impl& f = *impl_;
  if (agents.names.empty() || layout_.snapshots == 0) {
    return;
  }
  if (f.agents.empty()) {
    Handle group(H5Gopen2(f.file, results::kAgentsGroup, H5P_DEFAULT), H5Gclose, "opening /agents");
    for (std::size_t c = 0; c < agents.names.size(); ++c) {
      const Variable v =
          layout_.agent_variable(agents.names[c], agents.docs[c], value_type(agents.values[c]));
      Handle ds = create_variable(group, v);
      attach_scales(ds, v, f.scales);
      f.agents[agents.names[c]] = std::move(ds);
    }
  }
  const std::size_t expected = layout_.snapshots * layout_.people;
  for (std::size_t c = 0; c < agents.names.size(); ++c) {
    std::visit(
        [&](const auto& values) {
          if (values.size() != expected) {
            throw Error("internal: agent snapshot `" + agents.names[c] + "` has " +
                        std::to_string(values.size()) + " values, expected " +
                        std::to_string(expected));
          }
          const Types types = types_of(value_type(agents.values[c]));
          write_row(f.agents.at(agents.names[c]), row, types.memory, values.data());
        },
        agents.values[c]);
  }
}

void ResultsWriter::deliver(const RunResult& result) {
  writing([&] { write_run(result); });
  has_done_ = has_done_ || result.status == RunStatus::Done;
  publish(false);
}

void ResultsWriter::write_run(const RunResult& result) {
  Impl& f = *impl_;
  const hsize_t row = result.plan.run;
  if (result.status == RunStatus::Done) {
    write_agents(result.agents, row);
    for (std::size_t m = 0; m < f.timeseries.size(); ++m) {
      write_row(f.timeseries[m], row, H5T_NATIVE_DOUBLE, result.series.series[m].data());
    }
    for (std::size_t m = 0; m < f.summaries.size(); ++m) {
      write_row(f.summaries[m], row, H5T_NATIVE_DOUBLE, &result.series.summaries[m]);
    }
  }
  char status[results::kStatusBytes] = {};
  to_string(result.status).copy(status, results::kStatusBytes);
  write_row(f.status, row, h5::fixed_string_type(results::kStatusBytes), status);
  if (!result.error.empty()) {  // the column starts empty: write failures only
    Handle type = h5::utf8_string_type();
    const char* error_text = result.error.c_str();
    write_row(f.error, row, type, static_cast<const void*>(&error_text));
  }
  if (result.status != RunStatus::Unneeded) {  // never ran: its wall time stays NaN
    write_row(f.wall_seconds, row, H5T_NATIVE_DOUBLE, &result.wall_seconds);
  }
}

void ResultsWriter::finish() {
  commit();
}

void ResultsWriter::commit() {
  if (has_done_) {
    // Everything reaches the disk before the file takes its name: closing
    // cannot report a failed write (a full disk), flushing can.
    writing([&] { check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flushing"); });
  }
  impl_.reset();  // closes every object and the file
  committed_ = true;
  // As the constructor did: a writer killed just before this one started
  // (a rank of an MPI job that mpirun was still tearing down) may have been
  // alive then, and its work file would outlive both.
  remove_stale_work_files(path_);
  if (!has_done_) {
    // No run finished: nothing worth a file, and an existing one is kept.
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
    return;
  }
  writing([&] { std::filesystem::rename(temporary_, path_); });
  published_ = true;
}

}  // namespace commsim
