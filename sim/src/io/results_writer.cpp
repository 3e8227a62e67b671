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

Handle create_group(hid_t parent, const std::string& name) {
  return {H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
          "creating group " + name};
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

// runs/status is rewritten once per run: fixed-length strings, so that the
// rewrite allocates nothing in the file.
constexpr std::size_t kStatusBytes = 8;
Handle create_status(hid_t parent, const std::vector<std::string>& data) {
  std::vector<char> raw(data.size() * kStatusBytes, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) {
    data[i].copy(raw.data() + i * kStatusBytes, kStatusBytes);
  }
  Handle type = h5::fixed_string_type(kStatusBytes);
  const hsize_t n = data.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "dataspace for status");
  Handle ds(H5Dcreate2(parent, "status", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            H5Dclose, "creating runs/status");
  if (n > 0) {
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "writing runs/status");
  }
  return ds;
}

Handle create_strings(hid_t parent, const std::string& name, const std::vector<std::string>& data) {
  std::vector<const char*> pointers;
  for (const auto& s : data) {
    pointers.push_back(s.c_str());
  }
  Handle type = h5::utf8_string_type();
  return create_vector(parent, name, type, pointers);
}

// A per-run dataset of the given shape and chunk shape, compressed.
// Floating-point tables are filled with NaN so that runs not yet written read
// as missing. Chunks hold one run (a whole daily series, or one snapshot of up
// to 65,536 people), so writing a run touches only its own chunks.
Handle create_table(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                    std::vector<hsize_t> chunk, hid_t file_type = H5T_IEEE_F64LE) {
  const auto rank = static_cast<int>(shape.size());
  Handle space(H5Screate_simple(rank, shape.data(), nullptr), H5Sclose, "dataspace for " + name);
  Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
  for (auto& c : chunk) {
    c = std::max<hsize_t>(c, 1);
  }
  check(H5Pset_chunk(plist, rank, chunk.data()), "chunking " + name);
  check(H5Pset_shuffle(plist), "shuffle filter");
  check(H5Pset_deflate(plist, 4), "deflate filter");
  if (H5Tget_class(file_type) == H5T_FLOAT) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    check(H5Pset_fill_value(plist, H5T_NATIVE_DOUBLE, &nan), "fill value");
  }
  return {H5Dcreate2(parent, name.c_str(), file_type, space, H5P_DEFAULT, plist, H5P_DEFAULT),
          H5Dclose, "creating dataset " + name};
}

// The file and memory types of a population column's storage.
struct ColumnTypes {
  hid_t file;
  hid_t memory;
};
ColumnTypes column_types(const Population::Storage& storage) {
  return std::visit(
      [](const auto& v) -> ColumnTypes {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, std::uint8_t>) {
          return {H5T_STD_U8LE, H5T_NATIVE_UINT8};
        } else if constexpr (std::is_same_v<T, std::int32_t>) {
          return {H5T_STD_I32LE, H5T_NATIVE_INT32};
        } else if constexpr (std::is_same_v<T, std::uint32_t>) {
          return {H5T_STD_U32LE, H5T_NATIVE_UINT32};
        } else {
          return {H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE};
        }
      },
      storage);
}

// Writes row `row` (all of the trailing dimensions) of a dataset.
void write_row(hid_t dataset, hsize_t row, hid_t memtype, const void* data) {
  Handle file_space(H5Dget_space(dataset), H5Sclose, "dataspace");
  const int rank = H5Sget_simple_extent_ndims(file_space);
  if (rank < 1) {
    throw IoError("HDF5: a per-run dataset has no run dimension");
  }
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(file_space, dims.data(), nullptr);
  std::vector<hsize_t> start(dims.size(), 0);
  start[0] = row;
  std::vector<hsize_t> count = dims;
  count[0] = 1;
  check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
      "selecting a row");
  Handle mem_space(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "memory space");
  check(H5Dwrite(dataset, memtype, mem_space, file_space, H5P_DEFAULT, data), "writing a row");
}

void describe(hid_t dataset, const std::string& unit, const std::string& doc) {
  h5::write_string_attribute(dataset, "units", unit);
  h5::write_string_attribute(dataset, "long_name", doc);
}

// /design: how the sweep's points were made. Attributes method, parameters,
// base_points and common_random_numbers (0 or 1); for sampling designs `unit` (point, parameter)
// with the unit-cube coordinates and, for morris, `changed_axis` (point).
void write_design(hid_t file, const DesignInfo& design) {
  Handle group = create_group(file, "design");
  h5::write_string_attribute(group, "method", design.method);
  std::string parameters;
  for (const auto& p : design.parameters) {
    parameters += (parameters.empty() ? "" : "\n") + p;
  }
  h5::write_string_attribute(group, "parameters", parameters);
  h5::write_int_attribute(group, "base_points", static_cast<std::int64_t>(design.base_points));
  h5::write_int_attribute(group, "common_random_numbers", design.common_random_numbers ? 1 : 0);
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
  }
  if (!design.changed_axis.empty()) {
    std::vector<std::int32_t> axis(design.changed_axis.begin(), design.changed_axis.end());
    create_vector(group, "changed_axis", H5T_STD_I32LE, axis);
  }
}

// The open objects of a results file that runs are written into.
struct WriterState {
  Handle file;
  std::map<std::string, Handle> scales;  // run, day and category axes
  Handle runs_group;
  Handle status;
  Handle wall_seconds;
  Handle error;
  std::vector<Handle> timeseries;
  std::vector<Handle> summaries;
  // /agents, created at the first run that brings snapshots.
  std::map<std::string, Handle> agents;
  hsize_t runs = 0;
  hsize_t snapshots = 0;
  hsize_t people = 0;
};

// Creates the whole layout of a new results file (every run pending) and
// closes it; open_layout then opens what write_run needs.
void create_layout(const std::filesystem::path& path, const Experiment& experiment,
                   const std::string& command_line) {
  const Scenario& s = experiment.scenario();
  const ModelInfo& model = experiment.model();
  const auto& plans = experiment.plans();
  WriterState f;
  f.file = Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                  "cannot create " + path.string());

  h5::write_string_attribute(f.file, "format", "commsim-results");
  h5::write_int_attribute(f.file, "format_version", kResultsFormatVersion);
  h5::write_string_attribute(f.file, "commsim_version", kVersion);
  h5::write_string_attribute(f.file, "created", utc_now());
  h5::write_string_attribute(f.file, "command_line", command_line);
  h5::write_string_attribute(f.file, "name", s.name);
  h5::write_string_attribute(f.file, "description", s.description);
  h5::write_string_attribute(f.file, "model", s.model);
  h5::write_uint_attribute(f.file, "seed", s.seed);
  h5::write_int_attribute(f.file, "days", s.days);
  h5::write_int_attribute(f.file, "replicates", s.replicates);
  h5::write_string_attribute(f.file, "scenario", s.effective_text);
  h5::write_string_attribute(f.file, "scenario_source", s.source_text);
  h5::write_string_attribute(f.file, "scenario_path", s.source_path.string());
  std::string overrides;
  for (const auto& o : s.overrides) {
    overrides += (overrides.empty() ? "" : "\n") + o;
  }
  h5::write_string_attribute(f.file, "overrides", overrides);

  // Coordinates, as dimension scales at the root.
  std::vector<std::int64_t> run_index;
  std::vector<std::int64_t> point;
  std::vector<std::int64_t> replicate;
  std::vector<std::uint64_t> seed;
  for (const auto& p : plans) {
    run_index.push_back(static_cast<std::int64_t>(p.run));
    point.push_back(static_cast<std::int64_t>(p.point));
    replicate.push_back(static_cast<std::int64_t>(p.replicate));
    seed.push_back(p.seed);
  }
  std::vector<std::int32_t> days(s.days + std::size_t{1});
  for (std::size_t d = 0; d < days.size(); ++d) {
    days[d] = static_cast<std::int32_t>(d);
  }
  f.scales["run"] = create_vector(f.file, "run", H5T_STD_I64LE, run_index);
  f.scales["day"] = create_vector(f.file, "day", H5T_STD_I32LE, days);
  for (const auto& m : model.metrics) {
    if (!m.axis.empty() && !f.scales.contains(m.axis)) {
      f.scales[m.axis] = create_strings(f.file, m.axis, m.labels);
    }
  }
  f.runs = plans.size();
  if (!s.snapshot_days.empty()) {
    std::vector<std::int32_t> snapshot_days(s.snapshot_days.begin(), s.snapshot_days.end());
    std::vector<std::uint32_t> agent_ids(s.population_size);
    for (std::uint32_t a = 0; a < s.population_size; ++a) {
      agent_ids[a] = a;
    }
    f.scales["snapshot"] = create_vector(f.file, "snapshot", H5T_STD_I32LE, snapshot_days);
    f.scales["agent"] = create_vector(f.file, "agent", H5T_STD_U32LE, agent_ids);
    f.snapshots = snapshot_days.size();
    f.people = s.population_size;
  }
  for (auto& [name, scale] : f.scales) {
    check(H5DSset_scale(scale, name.c_str()), "making " + name + " a dimension scale");
  }
  // Not "days since ...": CF readers would decode that as calendar dates.
  describe(f.scales["day"], "day", "days since the start of the run (0: initial state)");

  // /runs: one row per run.
  f.runs_group = create_group(f.file, "runs");
  const auto attach_run = [&](hid_t ds) {
    check(H5DSattach_scale(ds, f.scales["run"], 0), "attaching the run scale");
  };
  attach_run(create_vector(f.runs_group, "point", H5T_STD_I64LE, point));
  attach_run(create_vector(f.runs_group, "replicate", H5T_STD_I64LE, replicate));
  attach_run(create_vector(f.runs_group, "seed", H5T_STD_U64LE, seed));
  // One column per swept parameter: numbers when every value is one.
  for (const auto& column : swept_columns(s, plans)) {
    Handle ds = column.numbers
                    ? create_vector(f.runs_group, column.name, H5T_IEEE_F64LE, *column.numbers)
                    : create_strings(f.runs_group, column.name, column.values);
    attach_run(ds);
    h5::write_string_attribute(ds, "long_name", "swept parameter " + column.name);
  }
  if (!s.design.method.empty()) {
    write_design(f.file, s.design);
  }
  f.status = create_status(f.runs_group,
                           std::vector<std::string>(plans.size(), to_string(RunStatus::Pending)));
  f.wall_seconds = create_vector(f.runs_group, "wall_seconds", H5T_IEEE_F64LE,
                                 std::vector<double>(plans.size(), std::nan("")));
  f.error = create_strings(f.runs_group, "error", std::vector<std::string>(plans.size()));
  for (hid_t ds : {f.status.get(), f.wall_seconds.get(), f.error.get()}) {
    attach_run(ds);
  }

  // /timeseries and /summary.
  Handle series_group = create_group(f.file, "timeseries");
  for (const auto& m : model.metrics) {
    std::vector<hsize_t> shape{plans.size(), days.size()};
    if (!m.axis.empty()) {
      shape.push_back(m.labels.size());
    }
    std::vector<hsize_t> chunk = shape;
    chunk[0] = 1;  // one run's whole series
    Handle ds = create_table(series_group, m.name, shape, chunk);
    attach_run(ds);
    check(H5DSattach_scale(ds, f.scales["day"], 1), "attaching the day scale");
    if (!m.axis.empty()) {
      check(H5DSattach_scale(ds, f.scales[m.axis], 2), "attaching the " + m.axis + " scale");
    }
    describe(ds, m.unit, m.doc);
    f.timeseries.push_back(std::move(ds));
  }
  Handle summary_group = create_group(f.file, "summary");
  for (const auto& m : model.summaries) {
    Handle ds = create_table(summary_group, m.name, {plans.size()}, {1});
    attach_run(ds);
    describe(ds, m.unit, m.doc);
    f.summaries.push_back(std::move(ds));
  }
}

// Opens the objects of an existing results file that write_run needs, after
// checking that the file belongs to this very experiment (the same scenario
// text after overrides, so the same design, seeds and runs).
void open_layout(WriterState& f, const std::filesystem::path& path, const Experiment& experiment,
                 const std::filesystem::path& shown) {
  const Scenario& s = experiment.scenario();
  const ModelInfo& model = experiment.model();
  f.file = Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose,
                  "cannot open " + shown.string() + " to resume");
  const auto attribute = [&](const char* name) {
    return h5::has_attribute(f.file, name) ? h5::read_string_attribute(f.file, name) : "";
  };
  if (attribute("format") != "commsim-results") {
    throw InputError(shown.string() + ": cannot resume: not a commsim results file");
  }
  if (attribute("commsim_version") != kVersion) {
    throw InputError(shown.string() + ": cannot resume: written by commsim " +
                     attribute("commsim_version") + ", this is " + kVersion +
                     " (runs would not match bit for bit); start a new file");
  }
  if (attribute("scenario") != s.effective_text) {
    throw InputError(shown.string() +
                     ": cannot resume: the file was written for another scenario (its "
                     "`scenario` attribute differs from this scenario after overrides); use "
                     "the same scenario and --set options, or start a new file");
  }
  const auto dataset = [&](const std::string& name) {
    return Handle(H5Dopen2(f.file, name.c_str(), H5P_DEFAULT), H5Dclose,
                  shown.string() + ": cannot resume: missing " + name);
  };
  f.runs = experiment.plans().size();
  f.scales["run"] = dataset("run");
  if (!s.snapshot_days.empty()) {
    f.scales["snapshot"] = dataset("snapshot");
    f.scales["agent"] = dataset("agent");
    f.snapshots = s.snapshot_days.size();
    f.people = s.population_size;
    for (const auto& name : h5::list_group(f.file, "agents")) {
      f.agents[name] = dataset("agents/" + name);
    }
  }
  f.status = dataset("runs/status");
  f.error = dataset("runs/error");
  f.wall_seconds = dataset("runs/wall_seconds");
  for (const auto& m : model.metrics) {
    f.timeseries.push_back(dataset("timeseries/" + m.name));
  }
  for (const auto& m : model.summaries) {
    f.summaries.push_back(dataset("summary/" + m.name));
  }
}

// Work files of writers that died (SIGKILL, power loss): `.NAME.tmp-PID` and
// `.NAME.publish-PID` beside the results whose process no longer exists.
void remove_stale_work_files(const std::filesystem::path& path) {
  const std::filesystem::path folder =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const std::string stem = "." + path.filename().string() + ".";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    for (const std::string kind : {"tmp-", "publish-"}) {
      if (!name.starts_with(stem + kind)) {
        continue;
      }
      const std::string pid_text = name.substr(stem.size() + kind.size());
      long pid = 0;
      auto [ptr, err] = std::from_chars(pid_text.data(), pid_text.data() + pid_text.size(), pid);
      if (err == std::errc{} && ptr == pid_text.data() + pid_text.size() && pid > 0 &&
          ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
        std::filesystem::remove(entry.path(), ec);
      }
    }
  }
}

}  // namespace

struct ResultsWriter::Impl : WriterState {};

ResultsWriter::ResultsWriter(std::filesystem::path path, const Experiment& experiment,
                             std::string command_line, bool resume)
    : impl_(std::make_unique<Impl>()), path_(std::move(path)) {
  h5::silence_errors();
  const std::string pid = std::to_string(::getpid());
  temporary_ = path_.parent_path() / ("." + path_.filename().string() + ".tmp-" + pid);
  publishing_ = path_.parent_path() / ("." + path_.filename().string() + ".publish-" + pid);
  remove_stale_work_files(path_);
  if (resume) {
    if (H5Fis_hdf5(path_.c_str()) <= 0) {
      throw InputError(path_.string() + ": cannot resume: not an HDF5 file");
    }
    // The file keeps the command line that started the experiment.
    std::filesystem::copy_file(path_, temporary_,
                               std::filesystem::copy_options::overwrite_existing);
  } else {
    create_layout(temporary_, experiment, command_line);
  }
  open_layout(*impl_, temporary_, experiment, path_);
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
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_publish_ < std::chrono::milliseconds(500)) {
    pending_publish_ = true;
    return;
  }
  check(H5Fflush(impl_->file, H5F_SCOPE_GLOBAL), "flushing");
  std::filesystem::copy_file(temporary_, publishing_,
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::rename(publishing_, path_);
  last_publish_ = now;
  pending_publish_ = false;
}

ResultsWriter::~ResultsWriter() {
  if (committed_) {
    return;
  }
  // Interrupted or failed: publish what is finished (if anything new was
  // written), then drop the work file. Never throws.
  try {
    if (pending_publish_) {
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
  if (agents.names.empty() || f.snapshots == 0) {
    return;
  }
  if (f.agents.empty()) {
    Handle group = create_group(f.file, "agents");
    for (std::size_t c = 0; c < agents.names.size(); ++c) {
      Handle ds = create_table(group, agents.names[c], {f.runs, f.snapshots, f.people},
                               {1, 1, std::min<hsize_t>(f.people, hsize_t{1} << 16U)},
                               column_types(agents.values[c]).file);
      check(H5DSattach_scale(ds, f.scales["run"], 0), "attaching the run scale");
      check(H5DSattach_scale(ds, f.scales["snapshot"], 1), "attaching the snapshot scale");
      check(H5DSattach_scale(ds, f.scales["agent"], 2), "attaching the agent scale");
      h5::write_string_attribute(ds, "long_name", agents.docs[c]);
      f.agents[agents.names[c]] = std::move(ds);
    }
  }
  for (std::size_t c = 0; c < agents.names.size(); ++c) {
    std::visit(
        [&](const auto& values) {
          if (values.size() != f.snapshots * f.people) {
            throw Error("internal: agent snapshot `" + agents.names[c] + "` has " +
                        std::to_string(values.size()) + " values, expected " +
                        std::to_string(f.snapshots * f.people));
          }
          write_row(f.agents.at(agents.names[c]), row, column_types(agents.values[c]).memory,
                    values.data());
        },
        agents.values[c]);
  }
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
  char status[kStatusBytes] = {};
  to_string(result.status).copy(status, kStatusBytes);
  write_row(f.status, row, h5::fixed_string_type(kStatusBytes), status);
  if (!result.error.empty()) {  // the column starts empty: write failures only
    Handle type = h5::utf8_string_type();
    const char* error_text = result.error.c_str();
    write_row(f.error, row, type, static_cast<const void*>(&error_text));
  }
  write_row(f.wall_seconds, row, H5T_NATIVE_DOUBLE, &result.wall_seconds);
  publish(false);
}

void ResultsWriter::commit() {
  impl_.reset();  // closes every object and the file
  std::filesystem::rename(temporary_, path_);
  committed_ = true;
}

}  // namespace commsim
