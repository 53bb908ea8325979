// Build step: the proper nouns of Apertium's Swedish and Norwegian morphological analysers, as a
// table compiled into protokoll (extractors/name_lexicon.h).
//
//   protokoll_names_from_apertium OUT.cc [--given NAMES.txt] ANALYSER.bin...
//
// (NAMES.txt: given names to add, one a line, '#' a comment: lexicon/given_names_sv.txt.)
//
// An analyser (an lttoolbox transducer, `lt-proc -a`'s dictionary) maps every form it knows to its
// lemma and tags: "Arvid" → Arvid<np><ant><m><sg><nom>, "Lindgren" → <np><cog>, "Malmö" → <np><top>.
// The walk follows only paths whose first letter is a capital (common words are lower case in
// the dictionaries; names are not), keeps the nominative forms of proper nouns tagged as given
// names (ant), surnames (cog) or places (top), and stops at compound parts and at a depth no name
// reaches, so that the dictionaries' loops are never followed. Each word gets the union of the
// classes the analysers give it — places from the first (Swedish) only: the Norwegian one knows
// every Norwegian farm and village, many of them Swedish surnames ("Alm", "Linde") or given
// names ("Mika"). The table is sorted (bytes of UTF-8) for a binary search.
#include <lttoolbox/alphabet.h>
#include <lttoolbox/file_utils.h>
#include <lttoolbox/transducer.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

constexpr unsigned kGiven = 1, kSurname = 2, kPlace = 4;

std::string Utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string TagName(const Alphabet& alpha, int32_t symbol) {
  UString s;
  alpha.getSymbol(s, symbol);
  std::string out;
  for (UChar c : s) out += static_cast<char>(c < 0x80 ? c : '?');
  return out;
}

struct Walk {
  Transducer& t;
  const Alphabet& alpha;
  std::map<std::string, unsigned>& classes;
  unsigned taken;  // the classes this analyser may give
  std::map<int, double> finals;
  std::map<int32_t, std::string> tag_names;
  long visits = 0;

  const std::string& Tag(int32_t symbol) {
    auto it = tag_names.find(symbol);
    if (it == tag_names.end()) it = tag_names.emplace(symbol, TagName(alpha, symbol)).first;
    return it->second;
  }

  // flags: 8 <np> seen, 16 a case other than the nominative (genitive), plus the classes.
  void From(int state, std::u32string& surface, unsigned flags, int depth) {
    if (++visits > 50'000'000 || depth > 48) return;
    if (finals.count(state) && (flags & 8) && !(flags & 16) && (flags & 7) && surface.size() >= 2) {
      if (flags & 7 & taken) classes[Utf8(surface)] |= flags & 7 & taken;
    }
    auto& transitions = t.getTransitions();
    auto found = transitions.find(state);
    if (found == transitions.end()) return;
    for (const auto& [symbol, target] : found->second) {
      const auto& [in, out] = alpha.decode(symbol);
      unsigned f = flags;
      if (out < 0) {
        const std::string& tag = Tag(out);
        if (tag.find("compound") != std::string::npos || tag == "<cmp>" || tag == "<cmp-split>") continue;
        if (tag == "<np>") f |= 8;
        else if (tag == "<ant>") f |= kGiven;
        else if (tag == "<cog>") f |= kSurname;
        else if (tag == "<top>") f |= kPlace;
        else if (tag == "<gen>") f |= 16;
      }
      if (in > 0) {
        // A name's shape only: a capital first and after a hyphen, small letters else (common words
        // are not walked; nor are acronyms, numbers and multi-word names, whose loops would be).
        const bool starts = surface.empty() || surface.back() == U'-';
        if (starts ? !u_isupper(in) : !(u_islower(in) || (in == '-' && surface.size() >= 2))) continue;
        surface.push_back(static_cast<char32_t>(in));
        From(target.first, surface, f, depth + 1);
        surface.pop_back();
      } else if (in == 0) {
        From(target.first, surface, f, depth + 1);
      }
      // (A tag on the input side belongs to no surface form.)
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: protokoll_names_from_apertium OUT.cc ANALYSER.bin...\n";
    return 2;
  }
  std::map<std::string, unsigned> classes;
  int first = 2;
  if (argc > 3 && std::string(argv[2]) == "--given") {
    std::ifstream in(argv[3]);
    if (!in) {
      std::cerr << "protokoll_names_from_apertium: " << argv[3] << ": cannot open\n";
      return 1;
    }
    std::string line;
    while (std::getline(in, line))
      if (!line.empty() && line[0] != '#') classes[line] |= kGiven;
    first = 4;
  }
  for (int i = first; i < argc; ++i) {
    FILE* f = std::fopen(argv[i], "rb");
    if (!f) {
      std::cerr << "protokoll_names_from_apertium: " << argv[i] << ": cannot open\n";
      return 1;
    }
    std::set<UChar32> letters;
    Alphabet alpha;
    std::map<UString, Transducer> transducers;
    readTransducerSet(f, letters, alpha, transducers);
    std::fclose(f);
    const size_t before = classes.size();
    for (auto& [name, t] : transducers) {
      Walk walk{t, alpha, classes, i == first ? kGiven | kSurname | kPlace : kGiven | kSurname, t.getFinals(), {}, 0};
      std::u32string surface;
      walk.From(t.getInitial(), surface, 0, 0);
      if (std::getenv("PROTOKOLL_NAMES_TRACE")) std::cerr << "  section: " << walk.visits << " visits\n";
    }
    std::cerr << "protokoll_names_from_apertium: " << argv[i] << ": " << classes.size() - before << " new names\n";
  }
  unsigned counts[3] = {0, 0, 0};
  for (const auto& [w, c] : classes)
    for (int b = 0; b < 3; ++b) counts[b] += (c >> b) & 1;
  if (counts[0] < 1000 || counts[1] < 1000 || counts[2] < 1000) {
    std::cerr << "protokoll_names_from_apertium: too few names (" << counts[0] << " given, " << counts[1] << " surnames, " << counts[2]
              << " places): not an analyser of Swedish or Norwegian?\n";
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out << "// Generated by protokoll_names_from_apertium from Apertium's analysers; do not edit.\n"
      << "#include \"extractors/name_lexicon.h\"\n\nnamespace protokoll::extractors {\n\nconst NameLexiconEntry kNameLexicon[] = {\n";
  for (const auto& [w, c] : classes) {
    out << "    {\"";
    for (char ch : w) {
      if (ch == '"' || ch == '\\') out << '\\';
      out << ch;
    }
    out << "\", " << c << "},\n";
  }
  out << "};\nconst size_t kNameLexiconSize = " << classes.size() << ";\n\n}  // namespace protokoll::extractors\n";
  std::cerr << "protokoll_names_from_apertium: " << classes.size() << " words: " << counts[0] << " given names, " << counts[1] << " surnames, "
            << counts[2] << " places\n";
  return out ? 0 : 1;
}
