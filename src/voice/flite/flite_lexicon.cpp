#include "voice/flite/flite_lexicon.hpp"

extern "C" {
#include <flite/flite.h>
cst_lexicon* cmu_lex_init(void);  // NOLINT(readability-identifier-naming): Flite's C name.
}

#include <cctype>
#include <mutex>

namespace carevoice::voice {

std::string FlitePronunciation(std::string_view word) {
  static std::mutex mu;
  const std::lock_guard lock(mu);  // Flite's letter-to-sound rules keep state in the lexicon.
  static cst_lexicon* const lex = cmu_lex_init();
  if (lex == nullptr || word.empty()) return "";
  const std::string w(word);
  cst_val* phones = lex_lookup(lex, w.c_str(), nullptr, nullptr);
  std::string out;
  for (const cst_val* p = phones; p != nullptr; p = val_cdr(p)) {
    std::string phone;
    for (const char* c = val_string(val_car(p)); *c != '\0'; ++c) {
      if (std::isalpha(static_cast<unsigned char>(*c)) != 0) {
        phone += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
      }
    }
    if (phone == "PAU" || phone.empty()) continue;
    if (phone == "AX") phone = "AH";
    if (phone == "AXR") phone = "ER";
    if (!out.empty()) out += ' ';
    out += phone;
  }
  if (phones != nullptr) delete_val(phones);
  return out;
}

}  // namespace carevoice::voice
