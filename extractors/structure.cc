#include "extractors/structure.h"

#include "extractors/dates.h"
#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {

namespace {

// Words of a meeting: the noun a head sentence names ("kommunalstämma", "sammanträde", "möte").
constexpr char kMeetingNoun[] =
    "(?:[\\p{L}-]*stämma|[\\p{L}-]*sammanträde[nt]?|sammankomst|session|[\\p{L}-]*möte[t]?|sittning"
    "|[\\p{L}-]*(?:nämnd|styrelse|fullmäktige|råd|kammare|utskott)(?:en|et|s)?)";

}  // namespace

std::optional<MeetingHead> ParseMeetingHead(const std::vector<Line>& lines, size_t i) {
  if (i >= lines.size() || lines[i].text.empty()) return std::nullopt;
  // The head names the protocol and how it was kept ("Protokoll, hållet vid …", "Protokoll fört
  // vid …", "Protokoll vid sammanträde …", "Protocoll hållit uti …"), or starts with the meeting
  // itself ("Sammanträde med …", "Kommunalstämma i …"). An organ or a "Utdrag af" may stand first.
  static const std::string pattern =
      std::string("^[\\[{(]?\\h*(?:(?:utdrag\\h+(?:af|av|ur)\\h+)?(?:[\\p{L}-]+\\h+){0,3}?"
                  "(?:protokoll|protocoll|prot\\.)\\h*[,:]?\\h+(?:[\\p{L}-]+\\h+){0,2}?"
                  "(?:hållet|hållit|hållen|hållna|hållet,|fördt|fört|förd|förda|förts|uppsatt|uppsatt,"
                  // (an abbreviation's genitive is written with a colon: "från KMBK:s första styrelsemöte")
                  "|upprättadt|upprättat|(?:vid|öfver|över|uti|i|å|från)\\h+(?:[\\p{L}-]+(?::s)?\\h+){0,3}?") +
          kMeetingNoun +
          ")|(?:(?:ordinarie|extra|lagtima|urtima|allmän|allmänt)\\h+)?" + kMeetingNoun +
          "\\h+(?:med|i|å|uti|den|för|hållet|hållen)\\b"
          // The organ's meeting and its date, nothing between: "Församlingsrådets sammanträde
          // 26.11.2019", "Kommunstyrelsens sammanträde 2019-05-12", "Styrelsens möte 3 mars 2014".
          "|\\p{L}[\\p{L}-]{3,}s\\h+" + kMeetingNoun +
          "\\h+(?=\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}\\b|\\d{4}-\\d{2}-\\d{2}\\b|\\d{1,2}\\h+\\p{L})"
          // Old minutes open with the day itself: "År 1877 den 30 April höllo Slyte Bygrannar
          // Ordinarie Bystämma …", "Anno 1753. d. 24 januarii trädde Kyrckrådet … tilsammans".
          "|(?:år|anno)\\h+\\d{4}[.,]?\\h+(?:den|d\\.?)\\h*\\d{1,2}\\b(?=.*\\b(?:" + kMeetingNoun +
          "|höllo|höll|hölls|hölts|sammanträdde|sammanträdt|trädde|församlade)\\b))";
  static const Regex start(pattern.c_str(), Regex::kIgnoreCase);
  const std::string& first = lines[i].text;
  if (!start.LookingAt(first)) return std::nullopt;
  // "Protokollet från förra sammanträdet upplästes": a sentence about a protocol. The head is
  // a noun phrase: it has no finite verb of the minutes' passive ("upplästes", "justerades").
  static const Regex verb(
      "\\b(?:upplästes|uppläses|justerades|justeras|godkändes|godkännes|lades|lägges|föredrogs"
      "|beslöts|beslutades|beslutar|beslöt|fastställdes|antogs|läggs|skall|ska|har|hade|blef|blev)\\b",
      Regex::kIgnoreCase);
  // The sentence runs on to a full stop at the end of a line, at most four lines, no § line.
  MeetingHead h;
  h.first_line = i;
  std::string text;
  size_t j = i;
  for (; j < lines.size() && j < i + 4; ++j) {
    const std::string& t = lines[j].text;
    if (t.empty()) break;
    if (j > i && (t.find("\xC2\xA7") != std::string::npos || StartsClosingBlock(t))) break;
    if (!text.empty()) text += ' ';
    text += t;
    h.last_line = j;
    std::string_view tt = Trim(t);
    if (!tt.empty() && (tt.back() == '.' || tt.back() == '}' || tt.back() == ':')) break;
  }
  if (text.size() > 400 || verb.Find(text)) return std::nullopt;
  // A date or at least a day and month: "den 14 Mars 1877", "2019-11-25", "den 28 mars".
  static const Regex day_month(
      "\\b\\d{1,2}(?:\\h*(?:\\.|:e|:de|:dje|:te))?\\h+(?i:januari|januarii|februari|februarii|mars|martii|april|aprilis|maj|maji|juni|junii|juli|julii|augusti"
      "|september|oktober|november|december|jan|febr?|apr|aug|sept?|okt|nov|dec)\\b",
      Regex::kNone);
  std::vector<DateHit> dates = FindDates(text);
  if (dates.empty() && !day_month.Find(text)) return std::nullopt;
  if (!dates.empty()) {
    h.date = dates.front().iso;
    // The page of the line the date stands on.
    size_t at = 0, k = i;
    for (; k <= h.last_line; ++k) {
      at += lines[k].text.size() + 1;
      if (at > dates.front().begin) break;
    }
    h.date_page = lines[std::min(k, h.last_line)].page;
  }
  h.text = std::move(text);
  return h;
}

// A line that is a date and nothing else ("{den 12 Januari 1891}", "1895, den 22 April",
// "Sammanträde 2011-06-16"): the dateline of a protocol's head.
bool IsDateLine(std::string_view line) {
  if (line.size() > 60) return false;
  static const Regex re(
      "^[\\[{(]?\\h*(?:\\p{L}+\\h+)?(?:(?:\\d{4},?\\h*)?(?:den\\h+)?\\d{1,2}\\h*(?:(?i:januari|februari|mars|"
      "april|maj|maji|juni|juli|augusti|september|oktober|november|december|jan|febr?|apr|aug|"
      "sept?|okt|nov|dec)\\.?)(?:\\h*,?\\h*\\d{4})?|(?:19|20|18)\\d\\d-\\d\\d-\\d\\d)\\h*[.}\\])]?$",
      Regex::kIgnoreCase);
  return re.FullMatch(line).has_value();
}

bool StartsClosingBlock(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.size() > 200) return false;
  static const Regex re(
      "^[\\[{(/]?\\h*(?:"
      "(?:\\p{L}r\\h+och\\h+dag\\h+|dag\\h+och\\h+\\p{L}r\\h+|datum\\h+)?som\\h+of?van\\b"
      "|ut\\h+supra\\b|in\\h+fidem\\b|vid\\h+protokollet\\b|vid\\h+pennan\\b"
      "|justerad?t?(?:\\h+och\\h+(?:godkän|uppläst)\\p{L}*)?\\h*(?:den\\b|d\\.|\\d|:|$|/)"
      "|justeradt?\\h+och\\b|justeras\\h*:|justerare\\h*:?$|justerande\\h*:?$"
      "|uppläst(?:\\h+och\\h+|,\\h*)(?:godkän|juster|vidkän)\\p{L}*"
      "|samma\\h+dag\\h+(?:uppläst|justera|godkän)\\p{L}*"
      "|(?:förestående|föregående|ofvanstående|ovanstående|detta)\\h+prot\\p{L}*\\h+(?:uppläst|justera|upplästes)"
      "|uppläst(?:es)?\\h+(?:i|uti|från)\\h+[\\p{L}'’]+\\h+(?:kyrka|predikstol)"
      "|anslagsbevis\\b|anslag\\h*/\\h*bevis\\b|bevis\\h*$|protokollet\\h+är\\h+justerat\\b"
      "|justeringen\\h+har\\h+tillkännagivits\\b|underskrifter\\h*:?$"
      ")",
      Regex::kIgnoreCase);
  // The place where the meeting was held, "as above": "Slyte by som ofvan", "Kungsör som ovan"
  // (a capital: the place's name, not "… År och / dag som ofvan" run on from a line before).
  static const Regex place_as_above("^(?:\\p{Lu}[\\p{L}-]*\\h+){1,2}(?:by\\h+|stad\\h+|socken\\h+)?som\\h+of?van\\b",
                                    Regex::kNone);
  return re.LookingAt(line).has_value() || place_as_above.LookingAt(line).has_value();
}

bool IsListHeading(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.size() > 60) return false;
  static const Regex re(
      "^(?:innehållsförteckning|innehåll|ärendeförteckning|ärendelista|föredragningslista"
      "|förteckning\\h+över\\h+ärenden(?:a)?|dagordning|ärenden|behandlade\\h+ärenden|paragrafer"
      "|(?:§|paragraf|nr)\\h+(?:ärende|ärenderubrik|rubrik)(?:\\h+(?:sida|sid|s\\.))?)\\h*:?$",
      Regex::kIgnoreCase);
  return re.FullMatch(line).has_value();
}

// Leaders lead to a page number: only the number follows them. A rule
// drawn across the text ("… Oskar Homman.------Nästa möte hölls …") has words after it; a
// signature line ("Anders Magnusson ……………") has no number.
bool HasListTail(std::string_view line) {
  static const Regex leaders("(?:\\.{4,}|…{2,}|(?:\\.\\h){3,}|_{4,}|-{6,})\\h*(?:(?:s\\.|sid\\.?)\\h*)?\\d{1,4}\\h*$");
  if (leaders.Find(line)) return true;
  std::string_view t = Trim(line);
  return !t.empty() && t.back() >= '0' && t.back() <= '9' && TocTailStart(t) != std::string_view::npos;
}

bool LooksLikeFurniture(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line.size() > 120) return false;
  static const Regex re(
      "^(?:.*\\bSAMMANTRÄDESPROTOKOLL\\b.*|(?i:sammanträdesprotokoll)(?:\\h.{0,60})?"
      "|(?i:justerandes?\\h+sign(?:atur)?|justerarens\\h+sign|utdragsbestyrkande|ordförandes\\h+sign)\\b.*"
      "|(?i:sida|sid|blad)\\h+\\d{1,4}(?:\\h*(?:\\(|av|/)\\h*\\d{1,4}\\)?)?"
      "|\\p{Lu}{2,}(?:\\h+\\p{Lu}{2,})*\\h+KOMMUN\\b.*)$",
      Regex::kNone);
  return re.FullMatch(line).has_value();
}

bool IsCapitalsHeading(std::string_view line) {
  line = Trim(line);
  if (line.size() < 6 || line.size() > 120 || LooksLikeFurniture(line)) return false;
  static const Regex caps("^\\p{Lu}[\\p{Lu}\\h,\\-–/()]*\\p{Lu}\\)?$", Regex::kNone);
  if (!caps.FullMatch(line)) return false;
  static const Regex running_head(
      "(?:STYRELSEN|STYRELSE|FULLMÄKTIGE|NÄMNDEN|NÄMND|UTSKOTTET|DIREKTIONEN|RÅDET|KOMMUN|STAD|"
      "FÖRSAMLING|REGIONEN|REGION|LANDSTINGET|PROTOKOLL|PROTOKOLLSUTDRAG|UTDRAG|KALLELSE|BILAGA)$",
      Regex::kNone);
  return !running_head.Find(line);
}

bool BeginsClause(std::string_view text) {
  // The passive and past of the record: -ades/-des/-tes/-ogs/-ågs/-öts (and the old plural
  // -ogos/-ågos/-ötos), "biföll(o)". Not a genitive noun ("Sammanträdes", "Rådets").
  static const Regex verb_first(
      "^\\p{Lu}\\p{Ll}{2,}(?:ades|ddes|[^ä]des|tes|ogs|ogos|ågs|ågos|öts|ötos|öll|ollo)\\b", Regex::kNone);
  static const Regex opener(
      "^(?i:(?:med|i|uti)\\h+anledning|sedan|då|enär|emedan|uppå|sålunda|härefter|därefter|"
      "därpå|hvarefter|varefter|slutligen|äfven|även|och|dessutom)\\b",
      Regex::kNone);
  static const Regex preposition("^(?i:till|vid|åt|från|efter|på|uti|i|om|för|med|af|av)\\h", Regex::kNone);
  // A finite verb of the record inside the first sentence.
  static const Regex record_verb(
      "\\h\\p{Ll}{3,}(?:ades|ddes|tes|ogs|ogos|ågs|ågos|öts|ötos)\\b|\\h(?:valdes|erhöll|hade|blef|blefvo|blev|"
      "beslöt|beslöto|uppdrogs|utsågs|utsågos)\\b",
      Regex::kNone);
  text = Trim(text);
  if (verb_first.LookingAt(text) || opener.LookingAt(text)) return true;
  if (!preposition.LookingAt(text)) return false;
  size_t end = text.find(". ");
  std::string_view first = text.substr(0, std::min<size_t>(end == std::string_view::npos ? text.size() : end, 300));
  return record_verb.Find(first).has_value();
}

}  // namespace protokoll::extractors
