// A RunResult as bytes and back, for sending finished runs between
// processes (MPI ranks). Layout: fixed-size fields, then length-prefixed
// strings and arrays, native byte order (ranks of one job share a machine
// architecture).
#pragma once

#include <cstdint>
#include <vector>

#include "commsim/run/plan.hpp"

namespace commsim {

std::vector<std::uint8_t> encode_run(const RunResult& result);
// Throws Error on a truncated or malformed buffer.
RunResult decode_run(const std::vector<std::uint8_t>& bytes);

}  // namespace commsim
