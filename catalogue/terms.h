// Swedish search terms: the base forms (lemmas) of the words of an item and the parts of its
// compounds, written into ordinary columns that FTS5's built-in unicode61 tokenizer indexes.
// The catalogue stays readable with the stock sqlite3 shell: `MATCH 'förskola'` finds
// "förskolan" and "förskolor" through the `terms` column without any extension of ours.
#ifndef PROTOKOLL_CATALOGUE_TERMS_H_
#define PROTOKOLL_CATALOGUE_TERMS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

class Hunspell;

namespace protokoll::catalogue {

// How words are reduced. kLemmas is the default (measured in tests/search_eval.cc); the others
// are kept so the measurement can be repeated.
enum class TermsMode {
  kSurface,   // no reduction: only the words as written
  kSnowball,  // Snowball's Swedish stemmer (libstemmer), no compound parts
  kLemmas,    // Hunspell (sv_SE) base forms, no compound parts
  kLemmasAndParts,  // Hunspell base forms plus compound parts (default)
};
const char* TermsModeName(TermsMode m);

// The Swedish Hunspell dictionary (sv_SE), for one thread at a time; nullptr when it is not
// installed. Loading one takes ~0.17 s of CPU, so dictionaries come from a process-wide pool:
// one given back waits for the next user (a server's next connection, an OCR worker), and none
// is freed when the process ends (freeing its many small allocations took 0.04 s at the end of
// every command that had loaded one).
std::unique_ptr<Hunspell> TakeSwedishDictionary();
void GiveBackSwedishDictionary(std::unique_ptr<Hunspell> dictionary);

// The words of a text as FTS5's unicode61 tokenizer splits them (runs of letters and digits),
// lower-cased.
std::vector<std::string> Words(std::string_view text);
struct WordSpan {
  size_t begin = 0, end = 0;  // bytes of the text
  std::string lower;
};
std::vector<WordSpan> WordSpans(std::string_view text);

struct ItemTerms {
  std::string title_terms;  // base forms of the title's words, space-separated, each once
  std::string terms;        // base forms of all words of the item, each once
  std::string parts;        // base forms of the parts of its compound words, each once
  std::vector<std::string> words;  // the distinct words these came from, lower case
};

// Filter tokens of an item (the `facets` column): meeting year, body, amount magnitudes,
// diarienummer, and the words of its municipality's place name. See schemas/catalogue.sql.
std::string YearToken(int year);
std::string BodyToken(std::string_view body);
std::string AmountToken(int power_of_ten);
std::string DiarienummerToken(std::string_view normalized);
std::string FacetTokens(std::string_view meeting_date, std::string_view body,
                        const std::vector<double>& amounts_sek,
                        const std::vector<std::string>& diarienummer, std::string_view municipality = {});
// The words a municipality's name is found by in the main search box: its place words as
// written and without a genitive s ("Tingsryds kommun" → tingsryds, tingsryd; "Landstinget
// Kronoberg" → kronoberg), not the kind of body (kommun, stad, socken …), which every item of
// every such municipality would then match.
std::vector<std::string> MunicipalityWords(std::string_view municipality);

// Not thread-safe: one per thread. Results are cached per distinct word.
class SwedishTerms {
 public:
  // Falls back to kSurface (and says so through mode()) when the dictionary or stemmer is missing.
  static std::unique_ptr<SwedishTerms> Create(TermsMode mode);
  ~SwedishTerms();
  TermsMode mode() const;

  // Base forms of one lower-case word; the word itself when it has none (names, unknown words).
  const std::vector<std::string>& BaseForms(const std::string& word);
  // Base forms of the parts of a compound ("skolskjutsärenden" → skolskjuts, skola, skjuts,
  // ärende); empty for a word that is not a compound.
  const std::vector<std::string>& CompoundParts(const std::string& word);

  ItemTerms ForItem(std::string_view title, std::string_view text);

 private:
  struct Impl;
  explicit SwedishTerms(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace protokoll::catalogue

#endif  // PROTOKOLL_CATALOGUE_TERMS_H_
