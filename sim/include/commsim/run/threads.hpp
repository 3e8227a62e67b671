// How many threads an experiment may use, resolved once where the user's
// setting enters (command line, Python) and passed on as this type, so that
// no later layer re-interprets "0" or a negative number.
#pragma once

#include <functional>

namespace commsim {

class Threads {
 public:
  // Every core this process may use (TBB's default concurrency).
  [[nodiscard]] static Threads all();
  // A user's setting: 0 means all cores, 1..4096 that many; anything else
  // raises InputError naming the setting.
  [[nodiscard]] static Threads from_setting(long long requested);

  [[nodiscard]] int count() const { return count_; }

  // Runs `work` on this calling thread inside a TBB arena of count()
  // threads, where every parallel loop it starts runs. More threads than
  // cores is the user's call: TBB's worker limit is raised to match, instead
  // of TBB printing a warning and ignoring the rest. Exceptions propagate.
  void run(const std::function<void()>& work) const;

 private:
  explicit Threads(int count) : count_(count) {}
  int count_;
};

}  // namespace commsim
