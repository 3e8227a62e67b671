#include "commsim/run/run_codec.hpp"

#include <cstring>
#include <string>

#include "commsim/error.hpp"

namespace commsim {
namespace {

class Writer {
 public:
  template <class T>
  void value(const T& v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  template <class T>
  void array(const std::vector<T>& v) {
    value<std::uint64_t>(v.size());
    const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
    bytes_.insert(bytes_.end(), p, p + v.size() * sizeof(T));
  }
  void text(const std::string& s) { array(std::vector<char>(s.begin(), s.end())); }
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
};

class Reader {
 public:
  explicit Reader(const std::vector<std::uint8_t>& bytes) : bytes_(bytes) {}
  template <class T>
  T value() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return v;
  }
  template <class T>
  std::vector<T> array() {
    const auto n = value<std::uint64_t>();
    if (n > (bytes_.size() - at_) / sizeof(T)) {
      throw Error("run message: array longer than the message");
    }
    std::vector<T> v(n);
    std::memcpy(v.data(), bytes_.data() + at_, n * sizeof(T));
    at_ += n * sizeof(T);
    return v;
  }
  std::string text() {
    const auto chars = array<char>();
    return {chars.begin(), chars.end()};
  }
  [[nodiscard]] bool done() const { return at_ == bytes_.size(); }

 private:
  void need(std::size_t n) const {
    if (bytes_.size() - at_ < n) {
      throw Error("run message: truncated");
    }
  }
  const std::vector<std::uint8_t>& bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::vector<std::uint8_t> encode_run(const RunResult& r) {
  Writer w;
  w.value(r.plan.run);
  w.value(r.plan.point);
  w.value(r.plan.replicate);
  w.value(r.plan.seed);
  w.value(static_cast<std::uint8_t>(r.status));
  w.value(r.wall_seconds);
  w.value(r.setup_seconds);
  w.text(r.error);
  w.value<std::uint64_t>(r.series.series.size());
  for (const auto& s : r.series.series) {
    w.array(s);
  }
  w.array(r.series.summaries);
  w.value<std::uint64_t>(r.agents.names.size());
  for (std::size_t c = 0; c < r.agents.names.size(); ++c) {
    w.text(r.agents.names[c]);
    w.text(r.agents.docs[c]);
    w.value<std::uint8_t>(static_cast<std::uint8_t>(r.agents.values[c].index()));
    std::visit([&](const auto& v) { w.array(v); }, r.agents.values[c]);
  }
  return w.take();
}

RunResult decode_run(const std::vector<std::uint8_t>& bytes) {
  Reader in(bytes);
  RunResult r;
  r.plan.run = in.value<std::uint64_t>();
  r.plan.point = in.value<std::uint64_t>();
  r.plan.replicate = in.value<std::uint64_t>();
  r.plan.seed = in.value<std::uint64_t>();
  const auto status = in.value<std::uint8_t>();
  if (status > static_cast<std::uint8_t>(RunStatus::Failed)) {
    throw Error("run message: unknown status");
  }
  r.status = static_cast<RunStatus>(status);
  r.wall_seconds = in.value<double>();
  r.setup_seconds = in.value<double>();
  r.error = in.text();
  const auto metrics = in.value<std::uint64_t>();
  for (std::uint64_t m = 0; m < metrics; ++m) {
    r.series.series.push_back(in.array<double>());
  }
  r.series.summaries = in.array<double>();
  const auto columns = in.value<std::uint64_t>();
  for (std::uint64_t c = 0; c < columns; ++c) {
    r.agents.names.push_back(in.text());
    r.agents.docs.push_back(in.text());
    switch (in.value<std::uint8_t>()) {
      case 0:
        r.agents.values.emplace_back(in.array<std::uint8_t>());
        break;
      case 1:
        r.agents.values.emplace_back(in.array<std::int32_t>());
        break;
      case 2:
        r.agents.values.emplace_back(in.array<std::uint32_t>());
        break;
      case 3:
        r.agents.values.emplace_back(in.array<double>());
        break;
      default:
        throw Error("run message: unknown column type");
    }
  }
  if (!in.done()) {
    throw Error("run message: trailing bytes");
  }
  return r;
}

}  // namespace commsim
