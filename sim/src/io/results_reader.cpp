#include "commsim/io/results_reader.hpp"

#include <hdf5_hl.h>

#include <algorithm>

#include "commsim/error.hpp"
#include "commsim/run/plan.hpp"
#include "commsim/run/results_layout.hpp"
#include "file_checks.hpp"
#include "hdf5_handle.hpp"

namespace commsim {

using h5::check;
using h5::Handle;

namespace {
std::string runs_column(const std::string& name) {
  return std::string(results::kRunsGroup) + "/" + name;
}

// Opens a results file to read, or says why it cannot be one: not a
// regular file (a FIFO would block), not HDF5, or HDF5 that the library
// cannot open (truncated or damaged).
Handle open_results(const std::filesystem::path& path) {
  h5::silence_errors();
  if (const auto why = unreadable_file(path)) {
    throw InputError(path.string() + ": " + *why);
  }
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    throw InputError(path.string() + ": not an HDF5 file, so not a commsim results file");
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    throw InputError(path.string() +
                     ": HDF5 cannot open this file: it is truncated or damaged (was it copied "
                     "while being written, or cut short by a full disk?)");
  }
  return {file, H5Fclose, "opening " + path.string()};
}

// Reading an opened file that then fails: its contents are damaged.
template <class F>
auto reading(const std::filesystem::path& path, F&& work) {
  try {
    return work();
  } catch (const IoError& e) {
    throw InputError(path.string() + ": the file is damaged or truncated (" + e.what() + ")");
  }
}

std::string ticked_name(const std::string& name) {
  return "`" + name + "`";
}
// The non-empty lines of a text attribute.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    if (end > start) {
      out.push_back(text.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}
}  // namespace

RunSummaries read_run_summaries(const std::filesystem::path& path) {
  Handle file = open_results(path);
  return reading(path, [&] {
    const auto read = [&]<class T>(const std::string& name, hid_t type, std::vector<T>& out) {
      Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
      Handle space(H5Dget_space(ds), H5Sclose, "dataspace");
      out.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
      check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "reading " + name);
    };
    RunSummaries out;
    read(runs_column("point"), H5T_NATIVE_INT64, out.point);
    Handle status(H5Dopen2(file, runs_column("status").c_str(), H5P_DEFAULT), H5Dclose,
                  "opening runs/status");
    out.status = h5::read_strings(status);
    for (const auto& name : h5::list_group(file, results::kSummaryGroup)) {
      read(std::string(results::kSummaryGroup) + "/" + name, H5T_NATIVE_DOUBLE, out.values[name]);
    }
    return out;
  });
}

bool is_results_file(const std::filesystem::path& path) {
  h5::silence_errors();
  if (unreadable_file(path) || H5Fis_hdf5(path.c_str()) <= 0) {
    return false;
  }
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) {
    return false;
  }
  Handle owner(file, H5Fclose, "");
  return h5::has_attribute(file, "format") &&
         h5::read_string_attribute(file, "format") == results::kFormat;
}

ResultsInfo read_results_info(const std::filesystem::path& path) {
  Handle file = open_results(path);
  return reading(path, [&] {
    ResultsInfo info;
    if (!h5::has_attribute(file, "format") ||
        (info.format = h5::read_string_attribute(file, "format")) != results::kFormat) {
      throw InputError(path.string() +
                       ": an HDF5 file, but not a commsim results file (its root "
                       "attribute `format` is not \"commsim-results\")");
    }
    info.format_version = h5::read_int_attribute(file, "format_version");
    info.commsim_version = h5::read_string_attribute(file, "commsim_version");
    info.created = h5::read_string_attribute(file, "created");
    info.name = h5::read_string_attribute(file, "name");
    info.model = h5::read_string_attribute(file, "model");
    info.command_line = h5::read_string_attribute(file, "command_line");
    info.days = static_cast<std::uint64_t>(h5::read_int_attribute(file, "days"));
    info.replicates = static_cast<std::uint64_t>(h5::read_int_attribute(file, "replicates"));
    if (H5Lexists(file, results::kDesignGroup, H5P_DEFAULT) > 0) {
      Handle group(H5Gopen2(file, results::kDesignGroup, H5P_DEFAULT), H5Gclose, "opening design");
      std::string parameters = h5::read_string_attribute(group, "parameters");
      std::replace(parameters.begin(), parameters.end(), '\n', ',');
      info.design = h5::read_string_attribute(group, "method") + " over " + parameters;
    }

    // Format 2: design names and the objective.
    if (H5Lexists(file, runs_column("design").c_str(), H5P_DEFAULT) > 0) {
      Handle names(H5Dopen2(file, runs_column("design").c_str(), H5P_DEFAULT), H5Dclose,
                   "opening runs/design");
      for (const auto& name : h5::read_strings(names)) {
        if (std::find(info.designs.begin(), info.designs.end(), name) == info.designs.end()) {
          info.designs.push_back(name);
        }
      }
    }
    if (H5Lexists(file, results::kObjectiveGroup, H5P_DEFAULT) > 0) {
      Handle group(H5Gopen2(file, results::kObjectiveGroup, H5P_DEFAULT), H5Gclose,
                   "opening objective");
      const auto text = [&](const char* name) {
        return h5::has_attribute(group, name) ? h5::read_string_attribute(group, name) : "";
      };
      info.objective = text("direction") + " " + text("name");
      std::string sum;
      for (const std::string& part : lines_of(text("parts"))) {
        const bool minus = part.front() == '-';
        sum += (sum.empty() ? (minus ? "-" : "") : (minus ? " - " : " + ")) + part.substr(1);
      }
      info.objective += (sum.empty() ? "" : " = " + sum) + " (" + text("origin") + ")";
      info.constraints = lines_of(text("constraints"));
      info.replicate_setting = text("replicates");
    }

    Handle status(H5Dopen2(file, runs_column("status").c_str(), H5P_DEFAULT), H5Dclose,
                  "opening runs/status");
    Handle error(H5Dopen2(file, runs_column("error").c_str(), H5P_DEFAULT), H5Dclose,
                 "opening runs/error");
    const auto statuses = h5::read_strings(status);
    const auto errors = h5::read_strings(error);
    info.runs = statuses.size();
    for (std::size_t r = 0; r < statuses.size(); ++r) {
      if (statuses[r] == to_string(RunStatus::Done)) {
        ++info.done;
      } else if (statuses[r] == to_string(RunStatus::Failed)) {
        ++info.failed;
        info.failures.push_back("run " + std::to_string(r) + ": " + errors.at(r));
      } else if (statuses[r] == to_string(RunStatus::Unneeded)) {
        ++info.unneeded;
      } else {
        ++info.pending;
      }
    }
    for (const auto& group :
         {std::string(results::kTimeseriesGroup), std::string(results::kSummaryGroup)}) {
      for (const auto& name : h5::list_group(file, group)) {
        Handle ds(H5Dopen2(file, (group + "/" + name).c_str(), H5P_DEFAULT), H5Dclose,
                  "opening " + name);
        Handle space(H5Dget_space(ds), H5Sclose, "dataspace");
        const int rank = H5Sget_simple_extent_ndims(space);
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
        H5Sget_simple_extent_dims(space, dims.data(), nullptr);
        std::string line = name + " (";
        for (int i = 0; i < rank; ++i) {
          std::string dim_name;
          // The attached scale's name is the dimension's name.
          H5DSiterate_scales(
              ds, static_cast<unsigned>(i), nullptr,
              [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
                char buf[64] = "";
                H5DSget_scale_name(scale, buf, sizeof buf);
                *static_cast<std::string*>(out) = buf;
                return 1;
              },
              &dim_name);
          line +=
              (i ? ", " : "") + dim_name + "=" + std::to_string(dims[static_cast<std::size_t>(i)]);
        }
        line += ")";
        if (h5::has_attribute(ds, "units")) {
          line += " [" + h5::read_string_attribute(ds, "units") + "]";
        }
        (group == results::kTimeseriesGroup ? info.timeseries : info.summaries).push_back(line);
      }
    }
    return info;
  });
}

RunMetric read_run_metric(const std::filesystem::path& path, const std::string& metric,
                          bool summary, std::uint64_t run) {
  Handle file = open_results(path);
  return reading(path, [&] {
    if (!h5::has_attribute(file, "format") ||
        h5::read_string_attribute(file, "format") != results::kFormat) {
      throw InputError(path.string() + ": not a commsim results file");
    }
    const std::string group = summary ? results::kSummaryGroup : results::kTimeseriesGroup;
    const std::string name = group + "/" + metric;
    if (H5Lexists(file, group.c_str(), H5P_DEFAULT) <= 0 ||
        H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) {
      throw InputError(path.string() + ": no " + (summary ? "summary " : "daily metric ") +
                       ticked_name(metric) + " in this results file");
    }
    Handle ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
    Handle space(H5Dget_space(ds), H5Sclose, "dataspace");
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 1)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    if (run >= dims[0]) {
      throw InputError(path.string() + ": run " + std::to_string(run) +
                       " is out of range (the file has " + std::to_string(dims[0]) + " runs)");
    }
    RunMetric out;
    out.horizon = static_cast<std::uint64_t>(h5::read_int_attribute(file, "days"));
    out.days = rank >= 2 ? dims[1] : 1;
    out.categories = rank >= 3 ? dims[2] : 1;
    std::vector<hsize_t> start(dims.size(), 0);
    start[0] = run;
    std::vector<hsize_t> count = dims;
    count[0] = 1;
    check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          "selecting a run");
    Handle memory(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "memory space");
    out.values.resize(out.days * out.categories);
    check(H5Dread(ds, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, out.values.data()),
          "reading " + name);
    return out;
  });
}

}  // namespace commsim
