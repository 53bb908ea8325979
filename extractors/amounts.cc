#include "extractors/amounts.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

#define NUM "(\\d{1,3}(?:[ .]\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?)"
#define BEFORE "(?<![\\p{L}\\d.,:/§])"
#define SCALE_G "(miljard(?:er)?\\h+(?:kronor|kr\\b)|mdkr\\b|mdr\\h?kr\\b)"
#define SCALE_M \
  "(miljon(?:er)?\\h+(?:kronor|kr\\b)|mnkr\\b|mkr\\b|msek\\b|milj\\.?\\h?kr\\b|mn\\h?kr\\b)"
#define SCALE_K "(tkr\\b|tusen\\h+(?:kronor|kr\\b)|kkr\\b|tsek\\b|ksek\\b)"
#define UNIT "(kronor\\b|krona\\b|kr\\b\\.?|sek\\b|:-)"
#define PERIOD \
  "(?:\\h*(?:/\\h*|per\\h+|i\\h+|om\\h+)(år|året|månad|månaden|mån|kvartal|vecka)\\b" \
  "|\\h+(årligen|månatligen))?"

double ScaleOf(const Match& m, int first_scale_group) {
  if (m.Has(first_scale_group)) return 1e9;
  if (m.Has(first_scale_group + 1)) return 1e6;
  if (m.Has(first_scale_group + 2)) return 1e3;
  return 1;
}

std::string PeriodOf(const Match& m, int g) {
  std::string_view p = m.Has(g) ? m.Group(g) : m.Group(g + 1);
  if (p.empty()) return {};
  std::string l = Lower(p);
  if (l == "år" || l == "året" || l == "årligen") return "year";
  if (l == "månad" || l == "månaden" || l == "mån" || l == "månatligen") return "month";
  return {};
}

std::optional<double> WordNumber(std::string_view w) {
  static const std::pair<const char*, double> kWords[] = {
      {"en", 1},      {"ett", 1},      {"två", 2},     {"tre", 3},     {"fyra", 4},
      {"fem", 5},     {"sex", 6},      {"sju", 7},     {"åtta", 8},    {"nio", 9},
      {"tio", 10},    {"elva", 11},    {"tolv", 12},   {"femton", 15}, {"tjugo", 20},
      {"trettio", 30}, {"fyrtio", 40}, {"femtio", 50}, {"hundra", 100}, {"halv", 0.5},
      {"en halv", 0.5}};
  std::string l = Squash(Lower(w));
  for (const auto& [word, v] : kWords)
    if (l == word) return v;
  return std::nullopt;
}

// A Swedish numeral written as one word, as old minutes write sums out: "fem", "femton",
// "etthundra", "tvåhundrafemtio", "tretusen", "ettusenfemhundra"; old spellings ("tjugu",
// "aderton", "fyratio") too. nullopt unless the whole word is a numeral.
std::optional<double> CompoundNumberWord(std::string_view word) {
  static const std::pair<const char*, int> kParts[] = {
      {"tusen", -1000}, {"hundra", -100}, {"aderton", 18}, {"arton", 18}, {"nitton", 19}, {"sjutton", 17},
      {"sexton", 16},   {"femton", 15},   {"fjorton", 14}, {"tretton", 13}, {"tolv", 12},   {"elva", 11},
      {"tjugo", 20},    {"tjugu", 20},    {"trettio", 30}, {"tretti", 30},  {"fyrtio", 40}, {"fyratio", 40},
      {"femtio", 50},   {"sextio", 60},   {"sjuttio", 70}, {"åttio", 80},   {"nittio", 90}, {"tio", 10},
      {"ett", 1},       {"en", 1},        {"två", 2},      {"tre", 3},      {"fyra", 4},    {"fem", 5},
      {"sex", 6},       {"sju", 7},       {"åtta", 8},     {"nio", 9}};
  std::string w = Lower(word);
  if (w.empty()) return std::nullopt;
  if (w.rfind("ettusen", 0) == 0) w = "etttusen" + w.substr(7);  // "ettusen": ett + tusen
  long total = 0, group = 0;
  size_t at = 0;
  while (at < w.size()) {
    bool matched = false;
    for (const auto& [part, value] : kParts) {
      const size_t n = std::char_traits<char>::length(part);
      if (w.compare(at, n, part) != 0) continue;
      if (value == -1000) {
        total += (group == 0 ? 1 : group) * 1000;
        group = 0;
      } else if (value == -100) {
        group = (group == 0 ? 1 : group) * 100;
      } else {
        group += value;
      }
      at += n;
      matched = true;
      break;
    }
    if (!matched) return std::nullopt;
  }
  return static_cast<double>(total + group);
}

std::string OneLine(std::string_view s) { return Squash(s); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// OCR's letters for digits inside numbers: "4O 000", "1O,5 mnkr", "l 200 000", "I5 000". A run of
// digits and O/o/l/I is read as a number when it holds a real digit and no other letter touches
// it ("Olof", "Ida 2019" stay); a lone "l" or "I" before a three-digit group is a 1. The
// repaired text has the same length, so offsets still point into the original.
std::string RepairOcrDigits(std::string_view text) {
  std::string out(text);
  auto confusable = [](char c) { return c == 'O' || c == 'o' || c == 'l' || c == 'I'; };
  size_t i = 0;
  while (i < out.size()) {
    if (!(IsDigit(out[i]) || confusable(out[i])) || (i > 0 && IsAsciiLetter(out[i - 1]))) {
      ++i;
      continue;
    }
    size_t j = i;
    bool digit = false;
    while (j < out.size() && (IsDigit(out[j]) || confusable(out[j]))) digit |= IsDigit(out[j++]);
    const bool bounded = j == out.size() || !(IsAsciiLetter(out[j]) || static_cast<unsigned char>(out[j]) >= 0x80);
    if (bounded && digit) {
      for (size_t k = i; k < j; ++k) {
        if (out[k] == 'O' || out[k] == 'o') out[k] = '0';
        else if (out[k] == 'l' || out[k] == 'I') out[k] = '1';
      }
    } else if (bounded && j == i + 1 && (out[i] == 'l' || out[i] == 'I') && j + 4 <= out.size() &&
               out[j] == ' ' && IsDigit(out[j + 1]) && IsDigit(out[j + 2]) && IsDigit(out[j + 3])) {
      out[i] = '1';
    }
    i = j;
  }
  // A thousands group read as letters after a number: "4O OOO" → "40 000".
  for (size_t k = 2; k + 3 <= out.size(); ++k) {
    if (out[k - 1] != ' ' || !IsDigit(out[k - 2])) continue;
    bool zeros = true;
    for (size_t t = k; t < k + 3; ++t) zeros &= out[t] == 'O' || out[t] == 'o' || out[t] == '0';
    const bool bounded = k + 3 == out.size() || !IsAsciiLetter(out[k + 3]);
    if (zeros && bounded)
      for (size_t t = k; t < k + 3; ++t) out[t] = '0';
  }
  return out;
}

}  // namespace

std::optional<double> ParseSwedishNumber(std::string_view s) {
  std::string digits;
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  // A dot followed by exactly three digits (and no comma before it) groups thousands.
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == ' ') {
      continue;
    } else if (c == '.') {
      size_t j = i + 1;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      if (j - i - 1 == 3) continue;
      digits.push_back('.');
    } else if (c == ',') {
      digits.push_back('.');
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty() || digits == ".") return std::nullopt;
  try {
    return std::stod(digits);
  } catch (...) {
    return std::nullopt;
  }
}

std::vector<Amount> FindAmounts(std::string_view text) {
  // Groups: 1 number, 2-4 scales, 5 unit, 6-7 period.
  static const Regex suffix(BEFORE NUM "\\s{0,3}(?:" SCALE_G "|" SCALE_M "|" SCALE_K "|" UNIT ")" PERIOD);
  // Groups: 1 number, 2 ":-", 3-4 period.
  static const Regex prefix("\\b(?:sek|kronor|kr\\.?)\\h+" NUM "(:-)?" PERIOD);
  // Groups: 1 number word, 2 scale word, 3-4 period.
  static const Regex words(
      "(?<![\\p{L}])(en\\h+halv|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|femton"
      "|tjugo|trettio|fyrtio|femtio|hundra|halv)\\h+(miljard(?:er)?|miljon(?:er)?|tusen)\\h+"
      "(?:kronor|kr\\b)" PERIOD);

  // Old minutes' sums: kronor and öre ("595 kronor 14 öre", "12 kr. 50 öre"), öre alone ("50
  // öre"), öre after a colon ("kr 544:21", "7:50 Kr"), and sums in words, the digits sometimes
  // between slashes or brackets ("Etthundra /100/ Kronor", "Ett hundra (100) kronor", "Fem
  // kronor", "en krona").
  static const Regex kronor_ore(BEFORE NUM "\\s{0,3}(?:kronor|krona|kr\\b\\.?)\\h*,?\\h*(?:och\\h+)?(\\d{1,2})\\h*öre\\b" PERIOD);
  static const Regex ore(BEFORE "(\\d{1,3})\\h*öre\\b" PERIOD);
  static const Regex colon_ore(
      BEFORE "(?:(?:kronor|kr\\.?)\\h+(\\d{1,6}):(\\d\\d)(?![\\d-])|(\\d{1,6}):(\\d\\d)\\h*(?:kronor|kr\\b\\.?))" PERIOD);
  static const Regex in_words("(?<![\\p{L}])(\\p{L}{2,40})\\h+(?:/\\h*(\\d{1,7})\\h*/\\h+|\\(\\h*(\\d{1,7})\\h*\\)\\h+)?(?:kronor|krona)\\b" PERIOD);

  // A sum that a money word names, without the currency: a balance, a fund, a total, a cost
  // ("Kassan hade balanserat på 567:57 med en behållning på 154:04", "Behållning vid
  // räkenskapsårets början: 62 413,41", "höja borgenssumman till 3 miljoner"). Only öre after a
  // comma or a colon, or a scale word, make the number a sum: "kassan 2 st" and "summa 12" do not.
  // Groups: 1 whole kronor, 2 öre, 3 scale word.
  static const Regex named_sum(
      "\\b(?:[Bb]ehållning(?:en)?|[Ss]aldo(?:t)?|[Kk]assa(?:n)?|balanserat|balanserade|\\p{L}*[Ss]umma(?:n)?"
      "|[Bb]elopp(?:et)?|[Ii]nkomster(?:na)?|[Uu]tgifter(?:na)?|[Ii]ntäkter(?:na)?|[Kk]ostnad(?:en|er|erna)?|[Bb]orgen)\\b[^.\\n\\d]{0,40}?"
      BEFORE "(\\d{1,3}(?:[ .]\\d{3})*)(?:[,:](\\d\\d)(?!\\d|[,:]\\d)|\\h+(miljoner|miljon|miljarder|miljard)\\b)" PERIOD);

  // Broken spacing from OCR: "4 0 000 kronor", "40 00 0 kr" (groups that are not thousands).
  static const Regex loose(BEFORE "(\\d{1,3}(?: \\d{1,3}){1,3})\\h*(?:kronor\\b|kr\\b\\.?|:-)" PERIOD);

  // Matched on the repaired text; raw is cut from `text` (same offsets). A thousands group
  // wrapped onto the next line ("1 200\n000 kronor") is one number, never a fragment "000 kronor".
  std::string scan = RepairOcrDigits(text);
  for (size_t k = 1; k + 3 < scan.size(); ++k) {
    if (scan[k] != '\n' || !IsDigit(scan[k - 1])) continue;
    if (IsDigit(scan[k + 1]) && IsDigit(scan[k + 2]) && IsDigit(scan[k + 3]) &&
        (k + 4 == scan.size() || !IsDigit(scan[k + 4])))
      scan[k] = ' ';
  }
  std::vector<Amount> all;
  // Kronor carry two decimals (öre): three digits after a comma group thousands in a sum of
  // whole kronor ("36,000 kr"); with a scale they are decimals ("1,375 mnkr").
  static const Regex comma_thousands("^\\d{1,3}(?:,\\d{3})+$", Regex::kNone);
  for (const Match& m : suffix.FindAll(scan)) {
    std::string number(m.Group(1));
    if (ScaleOf(m, 2) == 1 && comma_thousands.FullMatch(number)) number.erase(std::remove(number.begin(), number.end(), ','), number.end());
    auto n = ParseSwedishNumber(number);
    if (!n) continue;
    Amount a;
    a.sek = *n * ScaleOf(m, 2);
    a.period = PeriodOf(m, 6);
    a.begin = m.Begin();
    a.end = m.End();
    all.push_back(std::move(a));
  }
  for (const Match& m : prefix.FindAll(scan)) {
    std::string_view num = m.Group(1);
    auto n = ParseSwedishNumber(num);
    if (!n) continue;
    bool grouped = num.find_first_of(" .") != std::string_view::npos;
    bool looks_like_year = !grouped && *n >= 1900 && *n <= 2099;
    // Öre after a comma make a sum of the smallest: "fastställdes till kronor 1,50".
    static const Regex with_ore(",\\d\\d$", Regex::kNone);
    const bool has_ore = with_ore.Find(num).has_value();
    if (!m.Has(2) && !has_ore && (looks_like_year || (!grouped && *n < 100))) continue;
    Amount a;
    a.sek = *n;
    a.period = PeriodOf(m, 3);
    a.begin = m.Begin();
    a.end = m.End();
    all.push_back(std::move(a));
  }
  for (const Match& m : words.FindAll(scan)) {
    auto n = WordNumber(m.Group(1));
    if (!n) continue;
    std::string scale = Lower(m.Group(2));
    double mult = scale.rfind("miljard", 0) == 0 ? 1e9 : scale.rfind("miljon", 0) == 0 ? 1e6 : 1e3;
    Amount a;
    a.sek = *n * mult;
    a.period = PeriodOf(m, 3);
    a.begin = m.Begin();
    a.end = m.End();
    all.push_back(std::move(a));
  }
  auto add = [&](const Match& m, double sek, int period_group) {
    Amount a;
    a.sek = sek;
    a.period = PeriodOf(m, period_group);
    a.begin = m.Begin();
    a.end = m.End();
    all.push_back(std::move(a));
  };
  for (const Match& m : kronor_ore.FindAll(scan))
    if (auto n = ParseSwedishNumber(m.Group(1))) add(m, *n + DecimalValue(m.Group(2)) / 100.0, 3);
  for (const Match& m : ore.FindAll(scan)) add(m, DecimalValue(m.Group(1)) / 100.0, 2);
  for (const Match& m : colon_ore.FindAll(scan)) {
    const int g = m.Has(1) ? 1 : 3;
    add(m, DecimalValue(m.Group(g)) + DecimalValue(m.Group(g + 1)) / 100.0, 5);
  }
  for (const Match& m : in_words.FindAll(scan)) {
    const int digits = m.Has(2) ? 2 : m.Has(3) ? 3 : 0;
    std::optional<double> n = digits ? std::optional<double>(DecimalValue(m.Group(digits))) : CompoundNumberWord(m.Group(1));
    if (n && *n > 0) add(m, *n, 4);
  }
  for (const Match& m : named_sum.FindAll(scan)) {
    std::string whole(m.Group(1));
    whole.erase(std::remove_if(whole.begin(), whole.end(), [](char c) { return c == ' ' || c == '.'; }), whole.end());
    if (whole.size() > 12) continue;
    double sek = DecimalValue(whole);
    if (m.Has(2)) {
      sek += DecimalValue(m.Group(2)) / 100.0;
    } else {
      const std::string scale = Lower(m.Group(3));
      sek *= scale.rfind("miljard", 0) == 0 ? 1e9 : 1e6;
    }
    // The amount is the number (and its scale), not the word that names it.
    Amount a;
    a.sek = sek;
    a.period = PeriodOf(m, 4);
    a.begin = m.Begin(1);
    a.end = m.End();
    all.push_back(std::move(a));
  }
  for (const Match& m : loose.FindAll(scan)) {
    std::string_view num = m.Group(1);
    std::vector<size_t> groups;
    std::string digits;
    size_t len = 0;
    for (size_t k = 0; k <= num.size(); ++k) {
      if (k == num.size() || num[k] == ' ') {
        groups.push_back(len);
        len = 0;
      } else {
        digits.push_back(num[k]);
        ++len;
      }
    }
    bool broken = false;
    for (size_t g = 1; g < groups.size(); ++g) broken |= groups[g] != 3;
    // Only when the groups are not already thousands (the suffix form reads those), and not a
    // year followed by an amount ("2019 40 000 kronor" never gets here: a 4-digit group).
    if (!broken || digits.size() > 9) continue;
    bool overlaps = false;
    for (const Amount& a : all) overlaps |= a.begin < m.End() && m.Begin() < a.end && a.begin <= m.Begin();
    if (overlaps) continue;
    Amount a;
    a.sek = DecimalValue(digits);  // at most nine digits, of any script
    a.period = PeriodOf(m, 2);
    a.begin = m.Begin();
    a.end = m.End();
    all.push_back(std::move(a));
  }
  std::stable_sort(all.begin(), all.end(), [](const Amount& a, const Amount& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<Amount> out;
  std::set<std::pair<long long, std::string>> seen;
  size_t covered = 0;
  for (Amount& a : all) {
    if (!out.empty() && a.begin < covered) continue;
    covered = a.end;
    a.sek = std::round(a.sek * 100) / 100;  // öre at most
    if (a.sek <= 0) continue;  // "0 kr" is a fragment or a blank in a form, never an amount
    a.raw = OneLine(text.substr(a.begin, a.end - a.begin));
    if (!seen.insert({std::llround(a.sek * 100), a.period}).second) continue;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace protokoll::extractors
