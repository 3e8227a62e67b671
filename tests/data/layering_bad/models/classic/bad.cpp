// A deliberate layering violation for the layering check's own test.
#include "commsim/io/results_writer.hpp"
