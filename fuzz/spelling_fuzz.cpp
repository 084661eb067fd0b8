// libFuzzer target for the NLU's spelling correction (nlu/spelling.hpp): every customer message
// is untrusted text that it splits into words and checks, word by word, against Hunspell's
// dictionaries and the agent's words. Checks that it never crashes, that only letters change
// (every other byte stays, in order), and that at most Speller::kMaxCorrections words change.
// Needs Debian's hunspell-en-gb or hunspell-en-us (scripts/setup.sh); aborts without either.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "nlu/spelling.hpp"

namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string NonLetters(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (!IsLetter(c)) out += c;
  }
  return out;
}

// The number of words (runs of letters) of `text`.
int Words(std::string_view text) {
  int n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsLetter(text[i]) && (i == 0 || !IsLetter(text[i - 1]))) ++n;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const carevoice::nlu::Speller* speller = carevoice::nlu::DefaultSpeller();
  static const carevoice::core::Agent agent = [] {
    carevoice::core::Agent a;
    a.name = "Sam";
    a.company = "Kestrel Cycles";
    a.knowledge = {{"Do you hire e-bikes?", "We hire e-bikes for £25 a day, helmet included."},
                   {"Do you take Cyclescheme?", "Yes, Cyclescheme and Bike2Work vouchers."}};
    return a;
  }();
  if (speller == nullptr) {
    std::fprintf(stderr, "spelling_fuzz: no Hunspell dictionary (scripts/setup.sh)\n");
    std::abort();
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Even and odd inputs: with and without the agent.
  const std::string out = speller->Correct(text, size % 2 == 0 ? &agent : nullptr);
  if (NonLetters(out) != NonLetters(text) || Words(out) != Words(text)) std::abort();
  // Each correction changes one word; count the words that differ.
  int changed = 0;
  std::size_t a = 0;
  std::size_t b = 0;
  while (a < text.size() && b < out.size()) {
    if (!IsLetter(text[a])) {
      ++a;
      ++b;
      continue;
    }
    std::size_t ae = a;
    std::size_t be = b;
    while (ae < text.size() && IsLetter(text[ae])) ++ae;
    while (be < out.size() && IsLetter(out[be])) ++be;
    if (text.substr(a, ae - a) != std::string_view(out).substr(b, be - b)) ++changed;
    a = ae;
    b = be;
  }
  if (changed > carevoice::nlu::Speller::kMaxCorrections) std::abort();
  return 0;
}
