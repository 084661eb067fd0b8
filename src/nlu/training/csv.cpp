#include "nlu/training/csv.hpp"

#include <fstream>
#include <sstream>

namespace carevoice::nlu::training {

core::Result<std::vector<CsvRow>> ParseCsv(std::string_view text) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool field_started = false;  // True once the current row has any content.
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
  };
  auto end_row = [&] {
    end_field();
    rows.push_back(std::move(row));
    row.clear();
    field_started = false;
  };
  while (i < n) {
    const char c = text[i];
    if (c == '"' && field.empty()) {
      // Quoted field.
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field.push_back(text[i++]);
      }
      if (!closed) return core::Error::BadRequest("CSV: unterminated quoted field");
      field_started = true;
      if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return core::Error::BadRequest("CSV: unexpected character after closing quote");
      }
      continue;
    }
    if (c == ',') {
      end_field();
      field_started = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      end_row();
    } else {
      field.push_back(c);
      field_started = true;
      ++i;
    }
  }
  if (field_started || !field.empty() || !row.empty()) end_row();
  return rows;
}

core::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::Unavailable("cannot open " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return core::Error::Unavailable("cannot read " + path);
  return buf.str();
}

}  // namespace carevoice::nlu::training
