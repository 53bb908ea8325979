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
#define UNIT "(kronor\\b|kr\\b\\.?|sek\\b|:-)"
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

std::string OneLine(std::string_view s) { return Squash(s); }

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

  std::vector<Amount> all;
  for (const Match& m : suffix.FindAll(text)) {
    auto n = ParseSwedishNumber(m.Group(1));
    if (!n) continue;
    Amount a;
    a.sek = *n * ScaleOf(m, 2);
    a.period = PeriodOf(m, 6);
    a.begin = m.Begin();
    a.end = m.End();
    all.push_back(std::move(a));
  }
  for (const Match& m : prefix.FindAll(text)) {
    std::string_view num = m.Group(1);
    auto n = ParseSwedishNumber(num);
    if (!n) continue;
    bool grouped = num.find_first_of(" .") != std::string_view::npos;
    bool looks_like_year = !grouped && *n >= 1900 && *n <= 2099;
    if (!m.Has(2) && (looks_like_year || (!grouped && *n < 100))) continue;
    Amount a;
    a.sek = *n;
    a.period = PeriodOf(m, 3);
    a.begin = m.Begin();
    a.end = m.End();
    all.push_back(std::move(a));
  }
  for (const Match& m : words.FindAll(text)) {
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
    a.raw = OneLine(text.substr(a.begin, a.end - a.begin));
    if (!seen.insert({std::llround(a.sek * 100), a.period}).second) continue;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace protokoll::extractors
