// The meaning the extractors' expressions rely on, written in ICU's syntax and run on PCRE2's JIT
// (extractors/regex.cc): the same in a -DPROTOKOLL_REGEX_CROSSCHECK=ON build, which runs each
// call on ICU as well.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "extractors/regex.h"

namespace ex = protokoll::extractors;

namespace {
std::vector<std::pair<int64_t, int64_t>> Spans(const std::vector<ex::Match>& ms) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const ex::Match& m : ms) out.push_back(m.groups[0]);
  return out;
}
}  // namespace

TEST_CASE("regex: offsets are UTF-8 bytes, groups that did not take part are unset") {
  ex::Regex re("(\\d+)|(x)");
  auto m = re.Find("Nämnd år 2017");
  REQUIRE(m);
  CHECK(m->Begin() == 11);  // "Nämnd år " is 11 bytes: ä and å take two
  CHECK(m->Group(1) == "2017");
  CHECK_FALSE(m->Has(2));
  CHECK(m->Group(2).empty());
}

TEST_CASE("regex: a case property under ignore-case means any cased letter, as in ICU") {
  ex::Regex loose("^([\\p{Lu}][\\p{L}]{0,5}) (\\d{4})$");  // ignore-case by default
  ex::Regex strict("^([\\p{Lu}][\\p{L}]{0,5}) (\\d{4})$", ex::Regex::kNone);
  CHECK(loose.FullMatch("ks 2017"));
  CHECK(loose.FullMatch("KS 2017"));
  CHECK_FALSE(strict.FullMatch("ks 2017"));
  CHECK(strict.FullMatch("Ks 2017"));
  CHECK(strict.FullMatch("Ärende 2017"));
  ex::Regex not_upper("^[^\\p{Lu}]+$");
  CHECK_FALSE(not_upper.FullMatch("ks"));  // the closed set, negated: no cased letter at all
  CHECK(not_upper.FullMatch("2017 / 73"));
}

TEST_CASE("regex: Unicode classes, ICU's literal hyphen after a class in a set") {
  CHECK(ex::Regex("^\\d\\d$").FullMatch("٣٣"));  // \d is every script's digit (normalisation folds them first)
  CHECK(ex::Regex("^\\w+$").FullMatch("åäöÅÄÖ"));
  CHECK(ex::Regex("^\\h+$").FullMatch("\u00A0\u2009\u202F \t"));  // no-break, thin, narrow no-break
  CHECK_FALSE(ex::Regex("^\\h$").FullMatch("\n"));
  ex::Regex set("^[\\p{L}- ]+$");
  CHECK(set.FullMatch("Barn- och utbildningsnämnden"));
  CHECK_FALSE(set.FullMatch("Barn-, och"));
  CHECK(ex::Regex("^[\\d-]+$").FullMatch("2017-2019"));
  CHECK(ex::Regex("\\bår\\b").Find("budget år 2017"));
  CHECK_FALSE(ex::Regex("\\bår\\b").Find("budgetåret"));
  CHECK(ex::Regex("Å").Find("förvaltningsår"));  // ignore-case folds å/Å, and only them
  CHECK_FALSE(ex::Regex("Å").Find("Ärende ö"));
}

TEST_CASE("regex: any Unicode line end stops '.' and anchors '^' and '$' in multiline") {
  CHECK_FALSE(ex::Regex("a.b").Find("a\nb"));
  CHECK_FALSE(ex::Regex("a.b").Find("a\u2028b"));
  CHECK_FALSE(ex::Regex("a.b").Find("a\rb"));
  CHECK(ex::Regex("a.b").Find("a\u00A0b"));
  ex::Regex lines("^§ (\\d+)$", ex::Regex::kMultiline);
  auto all = lines.FindAll("§ 1\r\n§ 2\u2028§ 3\n");
  REQUIRE(all.size() == 3);
  CHECK(all[0].Group(1) == "1");
  CHECK(all[1].Group(1) == "2");
  CHECK(all[2].Group(1) == "3");
}

TEST_CASE("regex: FullMatch backtracks to the whole text, LookingAt only the start") {
  ex::Regex re("a|ab");
  auto full = re.FullMatch("ab");
  REQUIRE(full);
  CHECK(full->End() == 2);
  auto start = re.LookingAt("abc");
  REQUIRE(start);
  CHECK(start->End() == 1);
  CHECK_FALSE(re.LookingAt("ca"));
  CHECK_FALSE(re.FullMatch("abc"));
}

TEST_CASE("regex: FindAll steps over empty matches as ICU does, Find sees text before its start") {
  CHECK(Spans(ex::Regex("x*").FindAll("axb")) ==
        std::vector<std::pair<int64_t, int64_t>>{{0, 0}, {1, 2}, {2, 2}, {3, 3}});
  CHECK(Spans(ex::Regex("\\d+").FindAll("1 22 333")) ==
        std::vector<std::pair<int64_t, int64_t>>{{0, 1}, {2, 4}, {5, 8}});
  ex::Regex lone("(?<!\\d)\\d\\d");
  CHECK_FALSE(lone.Find("123", 1));  // "23" follows a digit, even though the search starts at it
  auto m = lone.Find("12 34", 1);
  REQUIRE(m);
  CHECK(m->Begin() == 3);
  // A start inside a character moves on to the next character.
  auto after = ex::Regex("\\p{L}").Find("åb", 1);
  REQUIRE(after);
  CHECK(after->Begin() == 2);
}

TEST_CASE("regex: ill-formed UTF-8 matches nothing but does not stop the search") {
  const std::string text = "\xff\xfe Dnr 2017/73 \xc3";
  auto m = ex::Regex("(\\d{4})/(\\d+)").Find(text);
  REQUIRE(m);
  CHECK(m->Group(1) == "2017");
  CHECK(m->Begin() == 7);
  CHECK(ex::Regex("\\d+").FindAll(text).size() == 2);
}

// (Not in a cross-checking build: ICU has no such limit and would run for hours.)
#ifndef PROTOKOLL_REGEX_CROSSCHECK
TEST_CASE("regex: a catastrophic expression gives up as no match, it does not hang or crash") {
  const std::string text(40, 'a');
  CHECK_FALSE(ex::Regex("^(a+)+b$").FullMatch(text));
}
#endif
