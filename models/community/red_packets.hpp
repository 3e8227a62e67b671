// The lucky draw of a WeChat red packet, as a pure function (red_packets.cpp
// uses it; tests check it directly).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "commsim/rng.hpp"

namespace commsim::models::community {

// Splits `cents` into `shares` shares in grabbing order, as WeChat's lucky
// draw does: each of the first shares - 1 grabbers takes a uniform whole
// number of cents between floor_cents and twice the mean of what remains
// (never so much that the others could not get floor_cents each), and the
// last takes the rest. The shares sum to `cents` exactly. When cents cannot
// give every share floor_cents, there are fewer shares (at least one).
std::vector<std::int64_t> lucky_draw(RandomStream& rng, std::int64_t cents, std::int64_t shares,
                                     std::int64_t floor_cents);

// The luckiest of the first `taken` grabbers: the index of the largest of
// shares[0 .. taken) (the first of equals). taken >= 1.
std::size_t luckiest_grabber(const std::vector<std::int64_t>& shares, std::size_t taken);

}  // namespace commsim::models::community
