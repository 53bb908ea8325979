#include "extractors/head.h"

#include "extractors/dates.h"
#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {

std::string FindOrganName(std::string_view line) {
  static const Regex organ(
      "(?<![\\p{L}])((?:\\p{Lu}[\\p{L}]*-\\h(?:och|eller)\\h)?(?:\\p{Lu}[\\p{Ll}]+a\\h)?"
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
      {"RS", "Regionstyrelsen"},
      {"RF", "Regionfullmäktige"},
  };
  for (const auto& [abbr, organ] : kMap)
    if (p == abbr) return organ;
  return {};
}

ProtocolHead ReadHead(const std::vector<Line>& preamble, const std::vector<Line>& furniture) {
  ProtocolHead head;
  // Furniture of the first pages first: the page header names organ and date most reliably.
  std::vector<const Line*> lines;
  for (const Line& l : furniture)
    if (l.page <= 2) lines.push_back(&l);
  for (size_t i = 0; i < preamble.size() && i < 60; ++i) lines.push_back(&preamble[i]);

  for (const Line* l : lines) {
    std::string organ = FindOrganName(l->text);
    if (!organ.empty()) {
      head.body = organ;
      head.body_page = l->page;
      break;
    }
  }
  static const Regex labelled(
      "(?:sammanträdesdatum|sammanträdesdag|sammanträde|mötesdatum|datum|tid|tid\\h+och\\h+plats)"
      "\\b\\h*:?");
  for (int pass = 0; pass < 2 && head.meeting_date.empty(); ++pass) {
    for (const Line* l : lines) {
      if (pass == 0 && !labelled.Find(l->text)) continue;
      auto dates = FindDates(l->text);
      if (!dates.empty()) {
        head.meeting_date = dates.front().iso;
        head.date_page = l->page;
        break;
      }
    }
  }
  return head;
}

}  // namespace protokoll::extractors
