#pragma once

// A small RFC 4180 CSV reader and a whole-file reader.

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace carevoice::nlu::training {

using CsvRow = std::vector<std::string>;

// Returns the rows of `text`: fields separated by ',', rows by LF or CRLF; a field in double
// quotes may contain commas, newlines and doubled quotes (""). A trailing newline does not make
// an empty row. kBadRequest on an unterminated quoted field or a stray character after a
// closing quote.
core::Result<std::vector<CsvRow>> ParseCsv(std::string_view text);

// Returns the bytes of the file at `path`; kUnavailable if it cannot be read.
core::Result<std::string> ReadFile(const std::string& path);

}  // namespace carevoice::nlu::training
