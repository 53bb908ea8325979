#include "extractors/item.h"

#include <algorithm>
#include <map>
#include <set>

#include "extractors/decision.h"
#include "extractors/regex.h"
#include "extractors/segment.h"
#include "extractors/structure.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

constexpr size_t kMaxTitleLines = 8;
constexpr size_t kMaxTitleBytes = 500;

// Drops a diarienummer written at the start or end of a title line ("Dnr KS 2017/12 Bidrag").
std::string StripDiarienummer(std::string_view line) {
  auto found = FindDiarienummer(line);
  if (found.empty()) {
    // A Dnr label whose number a converter broke ("Dnr KS99/ Motion om …", "Dnr Ekonomisk …"):
    // the label and what is left of the number go, the title stays.
    static const Regex broken("^(?i:dnr|diarienr)\\b[.:]?\\h*(?:\\p{L}{0,4}\\d[\\p{L}\\d.-]*/?\\h+|\\p{Lu}{1,4}/\\h+)?(?=\\p{Lu})", Regex::kNone);
    if (auto m = broken.LookingAt(line)) return std::string(Trim(line.substr(m->End())));
    return std::string(line);
  }
  static const Regex keyword_tail(
      "(?i:[,(]?\\h*(?:dnr|diarienr|diarienummer|ärendenummer|ärende)\\h*[.:]?\\h*)$");
  const Diarienummer& d = found.front();
  std::string_view before = line.substr(0, d.begin);
  std::string_view after = line.substr(d.end);
  if (Trim(before).empty() || keyword_tail.FullMatch(before) ||
      keyword_tail.Find(before).has_value()) {
    if (auto k = keyword_tail.Find(before)) before = before.substr(0, k->Begin());
    if (Trim(before).empty()) return std::string(Trim(after));
    std::string_view rest = Trim(after);
    if (rest.empty() || rest == ")" || rest == "." || rest == ").")
      return std::string(Trim(before));
  }
  return std::string(line);
}

// A title never carries a table of contents' leaders or page number: "Budget 2020 ........ 4",
// and on scans the leaders come out as letter debris ("Budget 2020 .. . ,, . ... 4").
std::string StripTocTail(std::string s) {
  size_t at = TocTailStart(s);
  if (at != std::string::npos) s.erase(at);
  return s;
}

// A title is words: a line of punctuation or OCR debris ("—", "=", "«", "| . ,") is none.
bool HasWordLetters(std::string_view s) {
  static const Regex word("\\p{L}{2,}");
  return word.Find(s).has_value();
}

bool IsStrayNumber(std::string_view line) {
  static const Regex re("^\\d{1,4}$");
  return re.FullMatch(line).has_value();
}

// A line that ends a sentence, not an abbreviation ("11 kap.", "m.fl.", "bl.a.").
bool EndsSentence(const std::string& line) {
  if (line.empty() || line.back() != '.') return false;
  size_t sp = line.find_last_of(" ", line.size() - 1);
  std::string_view last = std::string_view(line).substr(sp == std::string::npos ? 0 : sp + 1);
  last.remove_suffix(1);
  return Length(last) > 4 && last.find('.') == std::string_view::npos;
}

// A title is a heading: a closing full stop goes ("Anmälningar.", "Budget för år 1979."), an
// abbreviation's stays ("Motioner m.m.", "Taxa enligt 11 kap.").
std::string TidyTitle(std::string t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == ',' || t.back() == ':' || t.back() == ';')) t.pop_back();
  if (t.size() < 2 || t.back() != '.') return t;
  size_t sp = t.find_last_of(' ', t.size() - 2);
  std::string_view last = std::string_view(t).substr(sp == std::string::npos ? 0 : sp + 1);
  last.remove_suffix(1);
  const bool digits = !last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos;
  if (last.find('.') == std::string_view::npos && (digits || Length(last) >= 4)) t.pop_back();
  return t;
}

// May `next` continue a title whose last line so far is `prev`? Wrapped headings go on in lower
// case or after a word that cannot end one ("Bidrag till" / "Storviks hembygdsförening"); a line
// in upper case that is a sentence of the body ("Arbetsutskottet beslutar att …", "Meddelandena
// lades till handlingarna.") is not part of the title.
bool ContinuesTitle(const std::string& prev_raw, const std::string& prev, const std::string& next) {
  if (StartsLower(next)) return true;
  // A heading line closed by a full stop ("Motion om gatubelysning, Dnr 19/86.") is complete.
  static const Regex closed("[^.\\s]{2,}[)\\d\\p{L}]\\.$");
  static const Regex abbreviation("\\b(?i:kap|st|nr|ca|kl|resp|jfr|enl|bil|tel|mom|p)\\.$");
  if (closed.Find(prev_raw) && !abbreviation.Find(prev_raw)) return false;
  static const Regex body_verb(
      "\\b(?:beslutar|beslutade|beslöt|beslutat|föreslår|föreslog|föreslås|lades|läggs|godkänner|"
      "godkände|antar|antog|fastställer|fastställde|beviljar|beviljade|utser|utsåg|noterar|"
      "uppdrar|uppdrog|överlämnar|lämnas|lämnades|informerar|informerades|redovisar|redovisas|"
      "redovisades|ges|gavs|anmäls|anmäldes|väcktes|väcks)\\b");
  if (body_verb.Find(next)) return false;
  static const Regex open_end(
      "(?:\\b(?i:och|eller|samt|för|av|i|till|om|med|på|inom|vid|från|mot|efter|under|över|"
      "avseende|angående|gällande|enligt|inför|genom|utan|som|att|den|det|de|en|ett)|[,:–-])$");
  if (open_end.Find(prev)) return true;
  return !EndsSentence(next);
}

// A finite verb of a told record: a past tense or passive ("valdes", "godkändes", "lästes",
// "beslöts", "hälsade"), or a common verb of the present ("finns", "är", "skriver" is not caught,
// "har", "kommer").
bool HasFiniteVerb(std::string_view t) {
  static const Regex finite(
      "\\b(?:\\p{L}{2,}(?:ades|ddes|[^ä\\h]des|tes|ogs|ågs|öts|ogos|ågos|ade|dde|tte)|finns|fanns|är|var|voro|har|hade"
      "|blir|blev|blef|skall|ska|kommer|kan|får|fick|gick|går|tar|ger|sker|skedde|bör|måste"
      "|\\p{L}*(?:drog|tog|gav|gaf|höll|kom|lät|såg|bjöd|bröt|lade|satte|sade|fann|stod|valde))\\b"
      // the record's strong past and present ("Årsmötet beslöt om ansvarsfrihet …", "Mötet
      // beslutar att …", "Margareta öppnar mötet"): the verbs minutes are written in
      "|\\b(?:beslöt|beslöto|biföll|avslog|antog|föreslog|uppdrog|utsåg|ansåg|åtog|beslutar|beslutas|godkänner|godkänns"
      "|fastställer|fastställs|väljer|väljs|utser|utses|antar|antas|bifaller|avslår|hälsar|öppnar|öppnas|avslutar"
      "|avslutas|förklarar|konstaterar|noterar|informerar|redogör|meddelar|överlämnar|uppdrar|justerar|tackar)\\b");
  return finite.Find(t).has_value();
}

// A heading run into the record on the label's line ends where the record begins: after a
// heading in capitals ("DAGORDNINGEN Förslaget till dagordningen godkändes"), or at a full stop,
// colon or semicolon that a sentence follows ("Val av protokollsjusterare. Till att justera …
// valdes …", "Pågående arbeten: Se listan …", "Justerare; Tomas Axelsson valdes …"). Returns the
// heading's length, or npos when the text is one heading (or one sentence).
size_t RunOnHeadingEnd(std::string_view t) {
  // Capitals first: the heading is the words in capitals before the first that is not.
  {
    size_t i = 0, end = 0;
    int caps_words = 0;
    bool long_word = false;
    while (i < t.size()) {
      while (i < t.size() && t[i] == ' ') ++i;
      size_t j = t.find(' ', i);
      if (j == std::string_view::npos) j = t.size();
      std::string_view w = t.substr(i, j - i);
      if (w.empty()) break;
      const bool letters = HasWordLetters(w);
      if (letters && Upper(w) != std::string(w)) break;
      // A sub-item's label ends the heading: "RAPPORTER 6A ORDFÖRANDEN …".
      if (std::isdigit(static_cast<unsigned char>(w[0])) && caps_words > 0) break;
      if (letters) ++caps_words, long_word |= Length(w) >= 3;
      end = j;
      i = j;
    }
    const std::string_view next = Trim(t.substr(end));
    if (caps_words >= 1 && long_word && end < t.size() && end > 0 &&
        (StartsUpper(next) || std::isdigit(static_cast<unsigned char>(next[0]))))
      return end;
  }
  // (A full stop before a number opens a sentence too: "Faktura från Eon. 499 000 kr var …"; a
  // comma before a capital and a told verb: "Senaste nytt från länsstyrelsen, Ordföranden
  // informerade om …".)
  static const Regex stop("(?<=[\\p{L}\\d)])(?:\\.\\h+(?=\\p{Lu}|\\d)|[:;]\\h+(?=\\p{Lu})|,\\h+(?=\\p{Lu}\\p{Ll}))", Regex::kNone);
  for (const Match& m : stop.FindAll(t)) {
    std::string_view head = Trim(t.substr(0, m.Begin() + 1));
    std::string_view after = Trim(t.substr(m.End()));
    if (head.back() == ',') {
      // A comma ends a heading only before a told sentence.
      if (!HasFiniteVerb(after.substr(0, std::min<size_t>(after.size(), 60)))) continue;
      head.remove_suffix(1);
    }
    // Not an abbreviation's full stop ("o dyl." keeps its place; "Herr J. Öberg", "P.E. Glas" and
    // "Ordf. Karl Hägg" are names and titles).
    const size_t sp = head.rfind(' ');
    std::string_view last = head.substr(sp == std::string_view::npos ? 0 : sp + 1);
    if (head.back() == '.') {
      last.remove_suffix(1);
      static const Regex abbreviation(
          "^(?:ordf|sekr|kassör|v\\.?ordf|mag|fil|dr|herr|hr|fru|fröken|ang|enl|resp|kl|nr|st|ca|jfr|kap|bil|tel|mom|ev"
          "|dvs|osv|etc|bl|mfl|tf|t\\.f|adj|ledam|suppl|kand|prof|kyrkoh|komm|landsh|kungl|kongl|sthlm"
          "|jan|febr?|mars?|apr|jun|jul|aug|sept?|okt|nov|dec)$");
      if (Length(last) <= 2 || last.find('.') != std::string_view::npos || abbreviation.FullMatch(last) ||
          (sp == std::string_view::npos && Length(last) <= 4))  // "Koll. Greger Nässen …"
        continue;
    }
    size_t words = 1, head_words = 1;
    for (char ch : after) words += ch == ' ';
    for (char ch : head) head_words += ch == ' ';
    // After a full stop a sentence follows; after a colon or a semicolon the record may be a name
    // ("Val av ordförande för mötet: Ann-Christin Ericsson", "Sekreterare; Bibbi Tränk").
    if ((head.back() == '.' && words < 3) || head_words > 12) return std::string_view::npos;
    // The heading is a noun phrase, not the record's first sentence: no finite verb ("… föredrogs
    // av körens ordförande.", "Sten informerade …", "… finns på vår hemsida.").
    if (IsDecisionSentence(head) || BeginsClause(head) || HasFiniteVerb(head)) return std::string_view::npos;
    return head.size();
  }
  return std::string_view::npos;
}

// A line that opens with a Dnr label is a Dnr line whatever is left of the number ("Dnr",
// "Dnr KS99/" where a converter dropped the serial).
bool DnrLabelLine(std::string_view t) {
  static const Regex re("^(?i:dnr|diarienr|diarienummer|ärendenr|ärendenummer)\\b[.:]?(?:\\h*\\S{1,30})?$", Regex::kNone);
  return re.FullMatch(Trim(t)).has_value();
}

// Offsets of each line's start in the joined text, to find the page of a match.
class PageMap {
 public:
  explicit PageMap(const std::vector<Line>& lines) {
    size_t off = 0;
    for (const Line& l : lines) {
      starts_.push_back(off);
      pages_.push_back(l.page);
      off += l.text.size() + 1;
    }
  }
  int PageAt(size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    size_t i = it == starts_.begin() ? 0 : static_cast<size_t>(it - starts_.begin() - 1);
    return pages_.empty() ? 1 : pages_[i];
  }

 private:
  std::vector<size_t> starts_;
  std::vector<int> pages_;
};

}  // namespace

std::string ExtractTitle(const Item& item, int* page, size_t* end_line) {
  const auto& lines = item.lines;
  const size_t h = item.header_line;
  *page = lines.empty() ? 1 : lines[h].page;
  size_t end_unused = 0;
  if (!end_line) end_line = &end_unused;
  *end_line = h + 1;
  // The title printed above the label, in capitals (segment.cc puts it into the item).
  for (size_t k = 0; k < h; ++k)
    if (IsCapitalsHeading(lines[k].text)) {
      *page = lines[k].page;
      return TidyTitle(lines[k].text);
    }
  if (!item.header.rest.empty() && !IsDiarienummerLine(item.header.rest) && !DnrLabelLine(item.header.rest)) {
    std::string t = StripTocTail(StripDiarienummer(item.header.rest));
    // The record's own sentence on the label's line is no heading ("§ 3. Med anledning af …").
    if (BeginsClause(t)) return {};
    if (const size_t end = RunOnHeadingEnd(t); end != std::string_view::npos) return TidyTitle(std::string(Trim(std::string_view(t).substr(0, end))));
    if (size_t end = RestatedDecisionStart(t); end != std::string_view::npos && end > 0) {
      // The decision's own sentence may begin before its verb: "Godkännande av dagordning.
      // Dagordningen godkänns." — the heading ends at the full stop.
      static const Regex sentence_end("\\.\\h+(?=\\p{Lu})", Regex::kNone);
      for (const Match& m : sentence_end.FindAll(std::string_view(t).substr(0, end)))
        if (m.Begin() > 3) end = m.Begin() + 1;
      return TidyTitle(std::string(Trim(std::string_view(t).substr(0, end))));
    }
    // A heading run into its record with no stop between: the record begins at the capital that
    // opens a sentence told with a verb ("Mötets öppnande Ordförande Håkan Ahlgren hälsade
    // välkommen …", "Val av justerare Bernt Larsson valdes till justerare.", "Föregående
    // mötesprotokoll Lästes, godkändes …"). The heading is a short noun phrase; the line ends as
    // a sentence does.
    // (The line may break inside the record's sentence: "§ 2 Närvarolista Det beslutades, att
    // närvarolistan skall bifogas" / "protokollet." — the paragraph ends as a sentence does.)
    // (A year or a short word may end it: "… för verksamhetsåret 2021.", "… för året.")
    auto ends = [](const std::string& x) {
      if (EndsSentence(x)) return true;
      if (x.size() < 2 || x.back() != '.') return false;
      const size_t sp = x.rfind(' ');
      std::string_view last = std::string_view(x).substr(sp == std::string::npos ? 0 : sp + 1);
      last.remove_suffix(1);
      static const Regex word_or_year(
          "^(?:\\d{4}|(?!(?i:kl|ca|st|nr|jfr|bil|tel|kap|mom|ang|enl|resp|dvs|osv|etc|ordf|sekr|fr|mm|bl)$)\\p{Ll}{3,4})$",
          Regex::kNone);
      return word_or_year.FullMatch(last).has_value();
    };
    bool paragraph_ends = ends(t);
    for (size_t k = h + 1; !paragraph_ends && k < lines.size() && k < h + 6 && !lines[k].text.empty() &&
                           !IsParagraphHeaderLine(lines[k].text) && !IsSectionHeading(lines[k].text);
         ++k)
      paragraph_ends = ends(lines[k].text);
    if (paragraph_ends) {
      const size_t end = RunOnTitleLength(t);
      if (end > 0 && end < t.size()) {
        const std::string_view head = Trim(std::string_view(t).substr(0, end));
        const std::string_view after = Trim(std::string_view(t).substr(end));
        const auto words = [](std::string_view x) { return 1 + static_cast<size_t>(std::count(x.begin(), x.end(), ' ')); };
        // Not the sentence's own subject: a person's role before the name ("Ordf. Karl Hägg
        // hälsade …", "Föreningens ordförande Bo Forsman öppnade …"), unless the heading is an
        // election's ("Val av justerare Bernt Larsson valdes …").
        static const Regex role(
            "(?i:ordf|ordförande|ordföranden|sekr|sekreterare|sekreteraren|kassör|kassören|ledamot|ledamoten"
            "|ledamöterna|kyrkoherde|kyrkoherden|rektor|rektorn|revisor|revisorn|revisorerna|justerare|justeraren"
            "|vd|kommunchef|kommunchefen|förvaltningschef|förvaltningschefen|kommundirektör|kommundirektören)\\.?$",
            Regex::kNone);
        static const Regex election("^(?i:val|omval|nyval|fyllnadsval)\\b", Regex::kNone);
        // (A name and a verb in the present, which HasFiniteVerb leaves to context: "Val av
        // sekreterare Ann-Gret skriver protokollet".)
        static const Regex name_then_verb("^\\p{Lu}[\\p{Ll}]+(?:-\\p{Lu}[\\p{Ll}]+)?(?:\\h+\\p{Lu}[\\p{Ll}]+)?\\h+\\p{Ll}{3,}(?:ar|er|ör)\\b", Regex::kNone);
        if (words(head) <= 8 && words(after) >= 3 && StartsUpper(after) &&
            (HasFiniteVerb(after) || name_then_verb.LookingAt(after)) &&
            !HasFiniteVerb(head) && !IsDecisionSentence(head) && !BeginsClause(head) && head.back() != ',' &&
            head.back() != '.' && (!role.Find(head) || election.LookingAt(head)))
          return TidyTitle(std::string(head));
      }
    }
    if (!t.empty() && HasWordLetters(t)) {
      // A heading on the label's line may wrap: "§ 5 Avgifter för upplåtelse av offentlig" /
      // "plats". Only a lower-case continuation is taken (the next line may be the body).
      size_t j = h + 1;
      while (j < lines.size() && j < h + 3 && !lines[j].text.empty() && StartsLower(lines[j].text) &&
             !IsSectionHeading(lines[j].text) && !EndsSentence(t) && lines[j].text.size() < 80 &&
             !IsDecisionSentence(lines[j].text))
        t += " " + lines[j++].text;
      *end_line = j;
      return TidyTitle(t);
    }
  }
  size_t i = h + 1;
  // Skip blank lines, Dnr lines, stray page numbers and OCR debris ("=", "—", "«") between the
  // label and the title.
  while (i < lines.size() && (lines[i].text.empty() || IsDiarienummerLine(lines[i].text) || DnrLabelLine(lines[i].text) ||
                              IsStrayNumber(lines[i].text) || !HasWordLetters(lines[i].text)))
    ++i;
  std::vector<std::string> block;
  size_t j = i;
  for (; j < lines.size(); ++j) {
    const std::string& t = lines[j].text;
    if (t.empty() || IsSectionHeading(t) || IsParagraphHeaderLine(t)) break;
    if (IsDiarienummerLine(t) || DnrLabelLine(t)) {
      if (block.empty()) continue;
      break;
    }
    std::string line = StripTocTail(StripDiarienummer(t));
    if (!block.empty() && !ContinuesTitle(lines[j - 1].text, block.back(), line)) break;
    block.push_back(line);
    // A heading is not a sentence: a full stop before its last line means body text.
    if (block.size() > kMaxTitleLines || (block.size() > 1 && EndsSentence(block[block.size() - 2])))
      break;
  }
  if (block.empty()) return {};
  // A title is a heading, not the record itself: old minutes begin the item with its text
  // ("Beslöts uppdraga …", "att jämte Ordföranden justera …"), which is no title.
  {
    std::string joined;
    for (const std::string& b : block) joined += (joined.empty() ? "" : " ") + b;
    if (StartsLower(joined) || IsDecisionSentence(joined) || !HasWordLetters(joined)) return {};
  }
  *page = lines[i].page;
  // A long block is a paragraph of text, not a wrapped heading: keep its first line.
  size_t bytes = 0;
  for (const std::string& b : block) bytes += b.size();
  if (block.size() > kMaxTitleLines || bytes > kMaxTitleBytes ||
      (block.size() > 1 && EndsSentence(block[block.size() - 2]))) {
    // Narrative minutes print no headings: the paragraph's first line is the record's.
    if (item.narrative) return {};
    *end_line = i + 1;
    return TidyTitle(block.front());
  }
  *end_line = i + block.size();
  std::string title;
  for (const std::string& b : block) {
    if (!title.empty()) title += ' ';
    title += b;
  }
  return TidyTitle(title);
}

ItemFields ExtractItem(const Item& item, const ProtocolHead& head) {
  ItemFields f;
  f.paragraph = item.header.number;
  f.paragraph_suffix = item.header.suffix;
  f.paragraph_label = item.header.label;
  f.meeting = item.meeting;
  f.page_start = item.lines.empty() ? 1 : item.lines[item.header_line].page;
  f.page_end = f.page_start;
  for (const Line& l : item.lines) {
    if (!l.text.empty()) {
      f.page_start = std::min(f.page_start, l.page);
      f.page_end = std::max(f.page_end, l.page);
    }
  }
  if (!head.body.empty()) {
    f.body = head.body;
    f.body_page = head.body_page;
  } else {
    f.body = OrganFromPrefix(item.header.organ);
    if (!f.body.empty()) f.body_page = f.page_start;
  }
  f.meeting_date = head.meeting_date;
  f.meeting_date_page = head.date_page;
  f.attendance = head.attendance;
  f.proceedings = ReadProceedings(item.lines, item.header.number);

  size_t title_end = 0;
  f.title = ExtractTitle(item, &f.title_page, &title_end);
  if (auto d = ExtractDecision(item, title_end)) {
    f.decision = d->text;
    f.decision_page = d->page;
  }

  for (size_t i = 0; i < item.lines.size(); ++i) {
    if (i) f.text += '\n';
    f.text += item.lines[i].text;
  }
  PageMap pages(item.lines);

  for (Diarienummer& d : FindDiarienummer(f.text)) {

    f.diarienummer_pages.push_back(pages.PageAt(d.begin));
    f.diarienummer.push_back(std::move(d));
  }
  for (Amount& a : FindAmounts(f.text)) {

    f.amount_pages.push_back(pages.PageAt(a.begin));
    f.amounts.push_back(std::move(a));
  }
  // A line inside the item that is only the meeting's own date is the page's running head (a
  // transcription keeps "{Den 6 December 1849.}" at the top of each page): not a date the item
  // names.
  Spans running_heads;
  if (!head.meeting_date.empty()) {
    size_t at = 0;
    for (size_t i = 0; i < item.lines.size(); at += item.lines[i].text.size() + 1, ++i) {
      if (i <= item.header_line || !IsDateLine(item.lines[i].text)) continue;
      const std::vector<DateHit> d = FindDates(item.lines[i].text);
      if (d.size() == 1 && d.front().iso == head.meeting_date)
        running_heads.emplace_back(at, at + item.lines[i].text.size());
    }
  }
  std::set<std::string> seen_dates;
  const std::vector<DateHit> date_hits = FindDates(f.text);
  for (const DateHit& d : date_hits) {
    bool in_dnr = false;
    for (const Diarienummer& n : f.diarienummer) in_dnr |= d.begin < n.end && n.begin < d.end;
    for (const auto& [b, e] : running_heads) in_dnr |= d.begin < e && b < d.end;
    if (in_dnr || !seen_dates.insert(d.iso).second) continue;
    f.dates.push_back(d.iso);
    f.date_pages.push_back(pages.PageAt(d.begin));
  }
  Spans dnr_spans;
  for (const Diarienummer& n : f.diarienummer) dnr_spans.emplace_back(n.begin, n.end);
  for (const Amount& a : f.amounts) dnr_spans.emplace_back(a.begin, a.end);
  dnr_spans.insert(dnr_spans.end(), running_heads.begin(), running_heads.end());
  std::map<int, int> year_page;
  for (const YearHit& y : FindYears(f.text, dnr_spans, date_hits)) year_page.emplace(y.year, pages.PageAt(y.begin));
  for (const auto& [y, p] : year_page) {
    f.years.push_back(y);
    f.year_pages.push_back(p);
  }
  return f;
}

}  // namespace protokoll::extractors
