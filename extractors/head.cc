#include "extractors/head.h"

#include <algorithm>

#include "extractors/dates.h"
#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {

std::string FindOrganName(std::string_view line) {
  static const Regex organ(
      "(?<![\\p{L}])((?:\\p{L}+-\\h(?:och|eller)\\h)?(?:\\p{Lu}[\\p{Ll}]+a\\h)?"
      "(?:\\p{Lu}[\\p{L}]*s\\h+arbetsutskott(?:et)?|[\\p{L}]*(?:styrelsen|fullmäktige|nämnden|utskottet|"
      "direktionen|beredningen)))(?![\\p{L}])",
      Regex::kNone);
  // A header in capitals ("KOMMUNSTYRELSEN") is read in lower case and printed capitalised.
  std::string lowered;
  bool has_lower = false;
  for (unsigned char ch : line) has_lower |= (ch >= 'a' && ch <= 'z');
  if (!has_lower) {
    lowered = Lower(line);
    line = lowered;
  }
  auto m = organ.Find(line);
  if (!m) return {};
  std::string name(m->Group(1));
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  if (name.rfind("\xC3\xA5", 0) == 0 || name.rfind("\xC3\xA4", 0) == 0 || name.rfind("\xC3\xB6", 0) == 0)
    name[1] = static_cast<char>(name[1] - 0x20);  // å/ä/ö → Å/Ä/Ö
  return name;
}

std::string OrganFromPrefix(std::string_view prefix) {
  std::string p;
  for (char c : prefix) p.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
  static const std::pair<const char*, const char*> kMap[] = {
      {"KS", "Kommunstyrelsen"},
      {"KF", "Kommunfullmäktige"},
      {"KSAU", "Kommunstyrelsens arbetsutskott"},
      {"AU", "Arbetsutskottet"},
      {"BUN", "Barn- och utbildningsnämnden"},
      {"UN", "Utbildningsnämnden"},
      {"SN", "Socialnämnden"},
      {"KFN", "Kultur- och fritidsnämnden"},
      {"KN", "Kulturnämnden"},
      {"TN", "Tekniska nämnden"},
      {"MBN", "Miljö- och byggnämnden"},
      {"BN", "Byggnadsnämnden"},
      {"MN", "Miljönämnden"},
      {"SBN", "Samhällsbyggnadsnämnden"},
      {"VON", "Vård- och omsorgsnämnden"},
      {"ON", "Omsorgsnämnden"},
      {"ÖN", "Överförmyndarnämnden"},
      {"VN", "Valnämnden"},
      {"LS", "Landstingsstyrelsen"},
      {"LF", "Landstingsfullmäktige"},
      {"MHN", "Miljö- och hälsoskyddsnämnden"},
      {"RS", "Regionstyrelsen"},
      {"RF", "Regionfullmäktige"},
      {"KST", "Kommunstyrelsen"},
      {"KFM", "Kommunfullmäktige"},
      {"STST", "Stadsstyrelsen"},
      {"STFM", "Stadsfullmäktige"},
  };
  for (const auto& [abbr, organ] : kMap)
    if (p == abbr) return organ;
  return {};
}

ProtocolHead ReadHead(const std::vector<Line>& preamble, const std::vector<Line>& furniture) {
  ProtocolHead head;
  // Furniture of the first pages first: the page header names organ and date most reliably.
  std::vector<const Line*> lines;
  int first_page = furniture.empty() ? 1 : furniture.front().page;
  for (const Line& l : furniture) first_page = std::min(first_page, l.page);
  for (const Line& l : furniture)
    if (l.page <= first_page + 1) lines.push_back(&l);
  for (size_t i = 0; i < preamble.size() && i < 60; ++i) lines.push_back(&preamble[i]);

  for (const Line* l : lines) {
    std::string organ = FindOrganName(l->text);
    if (!organ.empty()) {
      head.body = organ;
      head.body_page = l->page;
      break;
    }
  }
  // The meeting's date: a "Sammanträdesdatum" label first, then the head's own dateline (the
  // organ and a date, "{den 12 Januari 1891}"), then "Plats och tid", then any date — never the
  // date of the justering or the notice ("Justeringens plats och tid …", "Anslaget sätts upp").
  static const Regex meeting_label(
      "(?:sammanträdesdatum|sammanträdesdag|sammanträde|mötesdatum|datum\\h+för\\h+sammanträdet)\\b");
  static const Regex place_time("(?:plats\\h+och\\h+tid|tid\\h+och\\h+plats|\\btid\\b|\\bdatum\\b)");
  static const Regex other_date(
      "(?:justera|justering|anslag|uppsätt|nedtag|tillkännag|protokollet\\h+är|underskrift|förvaring"
      "|uppläst|som\\h+of?van|vid\\h+protokollet|betygar|in\\h+fidem)");
  std::vector<char> skip(lines.size(), 0);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!other_date.Find(lines[i]->text)) continue;
    skip[i] = 1;
    // "Justeringens" / "plats och tid 2000-02-11": the label's second line too.
    if (i + 1 < lines.size() && lines[i]->text.size() < 40) skip[i + 1] = 1;
  }
  auto take = [&](auto&& accept) {
    for (size_t i = 0; i < lines.size() && head.meeting_date.empty(); ++i) {
      if (skip[i] || !accept(i)) continue;
      auto dates = FindDates(lines[i]->text);
      if (!dates.empty()) {
        head.meeting_date = dates.front().iso;
        head.date_page = lines[i]->page;
      }
    }
  };
  take([&](size_t i) { return meeting_label.Find(lines[i]->text).has_value(); });
  take([&](size_t i) {
    const std::string& t = lines[i]->text;
    return t.size() < 80 && (!FindOrganName(t).empty() || i < 3 + (lines.size() - preamble.size()));
  });
  take([&](size_t i) { return place_time.Find(lines[i]->text).has_value(); });
  take([&](size_t) { return true; });
  return head;
}

}  // namespace protokoll::extractors
