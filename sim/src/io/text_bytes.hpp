// Bytes of text read from users' files: which are UTF-8, which are control
// characters, and how to show any of them in a message. Internal to sim/io.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace commsim {

// The length of the UTF-8 sequence starting at text[i], or 0 if it is not a
// valid one (overlong forms, surrogates and values beyond U+10FFFF are not).
std::size_t utf8_length(std::string_view text, std::size_t i);
// C0 controls other than tab, line feed and carriage return, and DEL.
bool is_control(unsigned char c);
// "\xE9"
std::string hex_byte(unsigned char c);

// Text as it can be shown inside quotes in a message: control bytes, bytes
// that are not UTF-8 and invisible marks (a byte-order mark) escaped, so
// that what is wrong with a line can be seen.
std::string printable(std::string_view text);

}  // namespace commsim
