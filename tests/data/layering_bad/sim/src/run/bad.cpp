// A deliberate layering violation for the layering check's own test.
#include "models/registry.hpp"
