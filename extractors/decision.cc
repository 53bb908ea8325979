#include "extractors/decision.h"

#include <algorithm>

#include "extractors/diarienummer.h"
#include "extractors/regex.h"
#include "extractors/text.h"

namespace protokoll::extractors {
namespace {

bool StartsListEntry(std::string_view line) {
  static const Regex re("^(?:\\d{1,2}[.)]|[a-zåäö][.)]|[-•–*·]|att\\b)\\h*", Regex::kNone);
  return re.LookingAt(line).has_value();
}

bool EndsWithSentence(std::string_view t) {
  t = Trim(t);
  return !t.empty() && (t.back() == '.' || t.back() == '!' || t.back() == '?' || t.back() == ':');
}

}  // namespace

// A sentence told in the past, as the record of what the meeting did is ("Nämnden bestred …",
// "Herrar … utsågos …", "… skulle öfverklagas", "Mötet ansågs laga kallat"), or with the
// meeting's "skall" (not a relative clause's: "… som skall betalas").
bool TellsInThePast(std::string_view sentence) {
  static const Regex past(
      "\\b(?:\\p{L}{2,}(?:ades|ddes|[^ä\\h]des|tes|ogs|ågs|öts|ogos|ågos|ötos|ade|dde|tte|de|te|des|tes|gavs)|skulle|(?<!som\\h)(?<!att\\h)(?:skall|ska)"
      "|\\p{L}*(?:drog|tog|gav|gaf|gavs|gåfvo|höll|höllo|kom|kommo|lät|läto|bjöd|bröt|lade|satte|sade|fann|funno|stod|stodo"
      "|bestred|bestredo|valde|biföll|biföllo|beslöt|beslöto|avslog|afslog|antog|antogo|drogo|togo|fick|finge|gick|ginge"
      "|blef|blefvo|blev|blevo|var|voro|vore|hade|hölls|ansåg|ansågo|åtog|åtogo|åtager|väljes))\\b");
  return past.Find(sentence).has_value();
}

std::string JoinParagraphs(const std::vector<Line>& lines, size_t begin, size_t end) {
  std::string out;
  bool new_paragraph = true;
  bool in_att_list = false;  // the line before opened an "att" entry
  for (size_t i = begin; i < end && i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    if (t.empty()) {
      new_paragraph = true;
      continue;
    }
    // "att" opens a list entry after a colon or a closed sentence, and after a comma that ends
    // the entry before ("att utse …,\natt …"); after anything else it is a wrapped line
    // ("Beslöts uppdraga åt Ordföranden" / "att ombestyra …", "förklarade stämman,\natt den …").
    bool entry = StartsListEntry(t);
    const bool att = t.rfind("att", 0) == 0;
    if (entry && i > begin && !out.empty() && att) {
      char last = out.back();
      entry = last == ':' || last == ';' || last == '.' || (last == ',' && in_att_list);
    }
    in_att_list = entry && att ? true : (entry ? false : in_att_list);
    // A sentence left open ("… för att", "… valförslag till", "…; och") runs on over a blank
    // line and into the numbered entries it names ("1:mo Delgifva …", "2:o) revisorer …").
    const bool open = !out.empty() && !EndsWithSentence(out);
    if (!out.empty()) out += ((new_paragraph && !open) || (entry && !(open && !att))) ? "\n" : " ";
    out += t;
    new_paragraph = false;
  }
  return out;
}

bool IsDecisionSentence(std::string_view sentence) {
  static const Regex decides(
      "\\b(?:beslutar|beslutade|beslöt|beslutat|beslöts|beslutas)\\b(?:\\h+(?:därmed|därför|"
      "enhälligt|också|vidare|även|för\\h+egen\\h+del))?"
      // inverted order in old minutes: "beslutade fullmäktige att", "beslöt nämnden enhälligt att"
      "(?:\\h+\\p{L}+){0,2}?\\h+(?:att|enligt|i\\h+enlighet|"
      "följande|godkänna|anta|bevilja|avslå|uppdra|notera|lägga)"
      "|\\b(?:lades|läggs)\\b.{0,40}\\btill\\h+handlingarn[ae]\\b");
  static const Regex proposes(
      "\\b(?:föreslår|föreslås|föreslog|förslag|yrkar|yrkade|yrkande|hemställer|hemställan|"
      "tillstyrker|rekommenderar|ska\\h+kommunstyrelsen|bör|kan\\h+besluta|"
      "föreslagits|anser)\\b");
  // What minutes record as done, in the passive or the past tense of the old style
  // ("Beslöts", "Beslutades att", "Remitterades", "bifölls", "beslöto Stadsfullmäktige",
  // "utsågos Herrar …", "hvilket beslut fattades", "lemnade Stadsfullmäktige i uppdrag") and the
  // present passive of today's ("Dagordningen fastställs", "Närvarorätt medges", "Motionen
  // överlämnas till …").
  static const Regex done(
      "\\b(?:beslöts|beslutades|beslöto|beslöt|remitterades|remitteras|återremitterades|"
      "återremitteras|bifölls|biföll|biföllo|bifalles|bifalls|avslogs|afslogs|avslås|godkändes|"
      "godkände|godkändt|godkänns|antogs|antogo|antas|utsågs|utsågos|utsåg|utses|valdes|väljs|"
      "fastställdes|fastställs|fastställde|beviljades|beviljas|beviljade|medgavs|medgafs|medgåfs|medges|uppdrogs|"
      // the meeting as the subject in the past: "Stämman fastställde dagordningen", "Mötet valde
      // Gerd Vading som ordförande", "Beslutet blir därmed att …"
      "valde|antog|avslog|omvaldes|nyvaldes|återvaldes|beslutet\\h+(?:blir|blev|blef)|"
      "bordlades|bordläggs|hänsköts|överlämnades|överlämnas|lämnas\\h+över|"
      // the old spellings and forms ("öfverlemnades till Drätselkammaren", "Stadsfullmäktige
      // utsågo"), minutes approved ("Justerades protokollet", "Upplästes och justerades …",
      // "Monica Joby (M) justerar protokollet"), a matter put off ("skjuts upp till nästa möte")
      "öfverlemnades|öfverlämnades|öfverlemnas|utsågo|justerades|justerar\\h+protokollet|"
      "(?:skjuts|sköts|skjutes)\\h+upp|uppsköts|uppskjutes|"
      "(?:lades|lägges|läggs)\\h+(?:\\p{L}+\\h+){0,3}till\\h+handlingarn[ae]|"
      "beslut\\h+fattades|(?:lemnade|lämnade|gav|gåfvo|gaf)\\h+(?:\\p{L}+\\h+){1,2}i\\h+uppdrag|"
      // "Nämnden tar del av informationen", "Kommunstyrelsen har tagit del av redovisningen"
      "(?:tar|tog|tagit)\\h+del\\h+av\\h+(?:informationen|redovisningen|rapporten|uppföljningen|"
      "prognosen|lägesrapporten|delårsrapporten|protokollet|anmälningarna|meddelandena)|"
      "förklarades|förklaras|tillstyrktes|skulle\\h+(?:\\p{L}+\\h+){0,6}plikta|"
      // the old present passive ("Dagordningen godkännes", "Förslaget antages")
      "godkännes|antages|fastställes|beviljes|bifalles|afslås|remitteras|"
      // "blef … ansvarsfrihet beviljad", "blefvo … utsedda"
      "(?:blef|blev|blefvo|blevo|blifvit|blivit)\\h+(?:[\\p{L},]+\\h+){0,12}?(?:beviljad|beviljade|beviljadt|godkänd|"
      "godkändt|godkända|antagen|antaget|antagna|bifallen|bifallet|afslagen|avslagen|utsedd|utsedda|vald|valda))\\b");
  auto m = decides.Find(sentence);
  const bool record = !m;
  if (!m) m = done.Find(sentence);
  if (!m) return false;
  // The meeting opened or closed is the chair's act ("Därefter förklarades mötet öppnat.").
  static const Regex opened("\\b(?:förklarades|förklaras)\\h+(?:\\p{L}+\\h+){0,2}?(?:öppnat|öppnad|avslutat|avslutad)\\b");
  if (opened.Find(sentence)) return false;
  const std::string_view before = sentence.substr(0, m->Begin());
  auto p = proposes.Find(before);
  if (!p) return true;
  // "Förslag till stadgar upplästes och godkändes": the proposal is what was decided on when a
  // verb of the record follows the noun.
  static const Regex noun("^(?:förslag|förslaget|förslagen)$");
  return record && noun.FullMatch(before.substr(p->Begin(), p->End() - p->Begin())).has_value() &&
         !proposes.Find(before.substr(p->End())).has_value();
}

// A decision that restates its heading's action as a verb, run into the heading on one line
// ("Fastställande av dagordning att fastställa dagordningen", "Godkännande av dagordning godkänna
// dagordningen", "Val av sekreterare välja …"): the heading ends where the verb begins. Returns
// the heading's length, or npos.
size_t RestatedDecisionStart(std::string_view t) {
  static const Regex action("^(\\p{Lu}?\\p{Ll}{3,}?)(?:ande|ende)\\b|^(?:val|Val)\\b", Regex::kNone);
  auto m = action.LookingAt(t);
  if (!m) return std::string_view::npos;
  // "Fastställande" → "fastställ", "Godkännande" → "godkänn"; "Val" → "välj" or "utse".
  const std::string stem = m->Has(1) ? Lower(m->Group(1)) : std::string("välj");
  auto restates = [&](std::string_view w) {
    while (!w.empty() && std::ispunct(static_cast<unsigned char>(w.back()))) w.remove_suffix(1);
    if (w == "utse" || w == "utses") return true;
    if (w.substr(0, std::min(w.size(), stem.size())) != stem) return false;
    const std::string_view ending = w.substr(stem.size());
    return ending.empty() || ending == "a" || ending == "er" || ending == "s" || ending == "es";
  };
  // The verb in lower case after the heading's first word, "att" before it belonging to it.
  const size_t from = m->End();
  size_t at = from;
  while (at < t.size()) {
    while (at < t.size() && t[at] == ' ') ++at;
    size_t end = t.find(' ', at);
    if (end == std::string_view::npos) end = t.size();
    const std::string_view w = t.substr(at, end - at);
    if (at > from && StartsLower(w)) {
      if (restates(w)) return at;
      if (w == "att") {
        size_t next = end;
        while (next < t.size() && t[next] == ' ') ++next;
        size_t next_end = t.find(' ', next);
        if (next_end == std::string_view::npos) next_end = t.size();
        if (next < t.size() && restates(t.substr(next, next_end - next))) return at;
      }
    }
    at = end;
  }
  return std::string_view::npos;
}

bool IsProcedureSentence(std::string_view sentence) {
  // The chair's procedure, which names the decision without being it.
  static const Regex re(
      "\\b(?:ställer\\h+proposition|ställde\\h+proposition|finner\\h+att|fann\\h+att|"
      "prövar\\h+.{0,80}\\boch\\h+finner|propositionsordning|godkänns\\h+som\\h+beslutsgång|"
      "verkställd\\h+votering|omröstning\\h+begärs)\\b");
  return re.Find(sentence).has_value();
}

std::optional<Decision> ExtractDecision(const Item& item, size_t body_start) {
  static const Regex lead_in("^På\\h+(?:förslag|yrkande)\\h+(?:från|av)\\h+.{1,120}:$");
  for (const Section& s : item.sections) {
    if (s.kind != SectionKind::kDecision) continue;
    size_t b = s.begin;
    while (b < s.end && item.lines[b].text.empty()) ++b;
    std::string text = s.inline_text;
    int page = item.lines[s.heading_line].page;
    if (b < s.end && lead_in.FullMatch(item.lines[b].text)) ++b;
    std::string body = JoinParagraphs(item.lines, b, s.end);
    if (!body.empty()) {
      if (text.empty()) page = item.lines[b].page;
      text += text.empty() ? body : "\n" + body;
    }
    if (!Trim(text).empty()) return Decision{std::string(Trim(text)), page};
  }
  // The label repeated inside the item ("KST 288 valde Blusi …" under "288, KST …"): meeting
  // software prints the organ's decision after its own label, the proposal above it.
  if (!item.header.organ.empty()) {
    const std::string tag = item.header.organ + " " + std::to_string(item.header.number);
    for (size_t k = item.header_line + 1; k < item.lines.size(); ++k) {
      const std::string& t = item.lines[k].text;
      if (t.size() <= tag.size() + 1 || t.compare(0, tag.size(), tag) != 0 || t[tag.size()] != ' ') continue;
      std::string text(Trim(std::string_view(t).substr(tag.size())));
      for (size_t j = k + 1; j < item.lines.size() && !item.lines[j].text.empty(); ++j) text += " " + item.lines[j].text;
      if (text.size() > 8) return Decision{text, item.lines[k].page};
    }
  }
  // No decision heading: the deciding sentences of the body (outside proposals, lists of
  // documents and the distribution list).
  std::vector<char> skip(item.lines.size(), 0);
  for (size_t i = 0; i <= item.header_line && i < skip.size(); ++i) skip[i] = 1;
  for (size_t i = 0; i < body_start && i < skip.size(); ++i) skip[i] = 1;  // the title
  for (const Section& s : item.sections) {
    bool excluded = s.kind == SectionKind::kProposal || s.kind == SectionKind::kBasis ||
                    s.kind == SectionKind::kDistribution || s.kind == SectionKind::kClaims ||
                    s.kind == SectionKind::kReservation || s.kind == SectionKind::kNote;
    skip[s.heading_line] = 1;
    if (excluded)
      for (size_t i = s.begin; i < s.end; ++i) skip[i] = 1;
  }
  std::string found, procedure;
  int page = 0, procedure_page = 0;
  // Narrative minutes print no title: an ordinal label's text runs on on its line ("2:de Och
  // beslöts att Herr Schenström skulle" / "anmodas …"), and with the lines after it is the
  // record's first paragraph.
  const std::string& rest = item.header.rest;
  static const Regex dnr_label("^(?i:dnr|diarienr|diarienummer|ärendenummer)\\b", Regex::kNone);
  // It runs on when it is no heading: an ordinal's text, a sentence that goes on in lower case
  // on the next line, or one that opens with the record's verb ("Uppdrogs åt …").
  const bool next_lower = item.header_line + 1 < item.lines.size() && StartsLower(item.lines[item.header_line + 1].text);
  const size_t first_word = rest.find(' ');
  const bool runs_on = item.narrative && item.header_line < item.lines.size() && !rest.empty() &&
                       !IsDiarienummerLine(rest) && !dnr_label.LookingAt(rest) &&
                       (item.header.label.find(':') != std::string::npos || IsOrdinalLabel(item.header.label) || next_lower || StartsLower(rest) ||
                        (rest.back() == '.' && std::count(rest.begin(), rest.end(), ' ') >= 4) ||
                        // a short record on the label's line: "2. Mötet ansågs laga kallat."
                        (rest.back() == '.' && std::count(rest.begin(), rest.end(), ' ') >= 2 && TellsInThePast(rest)) ||
                        (first_word != std::string::npos && IsDecisionSentence(std::string_view(rest).substr(0, first_word))) ||
                        IsDecisionSentence(rest));
  const std::string run_on = runs_on ? rest : std::string();
  if (!run_on.empty())
    for (size_t k = item.header_line + 1; k < body_start && k < skip.size(); ++k) skip[k] = 0;
  size_t i = 0;
  while (i < item.lines.size()) {
    if ((skip[i] || item.lines[i].text.empty()) && !(i == item.header_line && !run_on.empty())) {
      ++i;
      continue;
    }
    const bool with_run_on = i == item.header_line && !run_on.empty();
    size_t j = with_run_on ? i + 1 : i;
    // The record runs on past the blank line a flattened page's cutting put after its label.
    if (with_run_on && j < item.lines.size() && item.lines[j].text.empty() && j + 1 < item.lines.size() &&
        !skip[j + 1] && !EndsWithSentence(run_on))
      ++j;
    while (j < item.lines.size() && !skip[j] && !item.lines[j].text.empty()) ++j;
    // A sentence does not end at a blank line: a paragraph left open ("… för att", "…; och")
    // runs on into the next one ("1:mo Delgifva …").
    while (j > i && j + 1 < item.lines.size() && item.lines[j].text.empty() && !skip[j + 1] &&
           !item.lines[j + 1].text.empty() && !EndsWithSentence(item.lines[j - 1].text)) {
      ++j;
      while (j < item.lines.size() && !skip[j] && !item.lines[j].text.empty()) ++j;
    }
    std::string paragraph = JoinParagraphs(item.lines, with_run_on ? i + 1 : i, j);
    if (with_run_on) paragraph = paragraph.empty() ? run_on : run_on + " " + paragraph;
    static const Regex sentence_lead_in(
        "^På\\h+(?:förslag|yrkande)\\h+(?:från|av)\\h+[^:]{1,120}:\\h*");
    // The entries of an "att" list after a deciding sentence are the rest of the decision
    // ("Stämman beslutade" / "att till ordförande välja Jörgen Bengtson;" / "att till sekreterare
    // välja Lena Husén.").
    bool att_list_open = false;
    for (std::string sentence : Sentences(paragraph)) {
      // "På förslag av Nils Ahl (SD): Arbetsutskottet beslutar att …": the decision follows.
      if (auto m = sentence_lead_in.LookingAt(sentence)) sentence = sentence.substr(m->End());
      if (att_list_open && sentence.rfind("att ", 0) == 0) {
        found += " " + sentence;
        continue;
      }
      att_list_open = false;
      if (!IsDecisionSentence(sentence)) continue;
      // Procedure ("Ordföranden ställer proposition … och finner att …") only when nothing
      // else records the decision.
      if (IsProcedureSentence(sentence)) {
        if (procedure.empty()) procedure_page = item.lines[i].page;
        procedure += procedure.empty() ? sentence : " " + sentence;
        continue;
      }
      if (found.empty()) page = item.lines[i].page;
      found += found.empty() ? sentence : " " + sentence;
      static const Regex opens_list("(?:\\batt\\b.*[;,:]|[;:])$", Regex::kNone);
      att_list_open = opens_list.Find(sentence).has_value();
    }
    i = j;
  }
  // The heading's action restated as the decision on the label's line ("Fastställande av
  // dagordning att fastställa dagordningen").
  if (found.empty() && procedure.empty() && !rest.empty()) {
    const size_t at = RestatedDecisionStart(rest);
    if (at != std::string_view::npos && at > 0) {
      std::string text(Trim(std::string_view(rest).substr(at)));
      for (size_t k = item.header_line + 1; k < item.lines.size() && !item.lines[k].text.empty() && !skip[k]; ++k)
        text += " " + item.lines[k].text;
      return Decision{text, item.lines[item.header_line].page};
    }
  }
  if (item.narrative && found.empty() && procedure.empty()) {
    // Narrative minutes whose item names no decision by its verb ("Nämnden bestred …", "Till
    // ombud … valdes", "Kyrkvärden erhöll uppdrag att …"): the item's text is the record of what
    // was done, unless it only notes something ("Antecknades …", "Upplästes en skrifvelse …")
    // or proposes ("föreslår", "hemställer").
    // Old minutes print no title: what a title reader took from the first lines is the record.
    // A transcriber's margin note ("[MARG: …]") is not.
    static const Regex margin("^\\[(?:MARG|marg)\\b.*\\]$", Regex::kNone);
    std::string body = run_on;
    int body_page = run_on.empty() ? 0 : item.lines[item.header_line].page;
    for (size_t k = item.header_line + 1; k < item.lines.size(); ++k) {
      if (item.lines[k].text.empty() || margin.FullMatch(item.lines[k].text)) continue;
      bool excluded = false;
      for (const Section& s : item.sections) excluded |= k >= s.heading_line && k < s.end;
      if (excluded) continue;
      if (body.empty()) body_page = item.lines[k].page;
      body += body.empty() ? item.lines[k].text : " " + item.lines[k].text;
    }
    static const Regex notes(
        "^(?:antecknades|anmäldes|anmäles|upplästes|föredrogs|delgavs|meddelades|informerades"
        "|information|antecknas|anmäls|noterades|ordföranden\\h+(?:förklarade|hälsade|öppnade))\\b");
    static const Regex proposes("\\b(?:föreslår|föreslås|yrkar|yrkade|hemställer|hemställde|tillstyrker)\\b");
    // Only noted, anywhere in its first sentence: "De … valprotokollen … upplästes af
    // ordföranden", "Vid sammanträdet antecknade sig följande medlemmar:", "Det antecknades att …".
    static const Regex noted(
        "\\b(?:antecknades|antecknade\\h+sig|anmäldes|upplästes|föredrogs|delgavs|meddelades|informerades"
        "|noterades|redogjorde|förelåg|förelågo|presenterar|presenterade|presenterades|informerar|informerade|redovisar"
        "|lämnar\\h+(?:\\p{L}+\\h+){0,2}information|lämnade\\h+(?:\\p{L}+\\h+){0,2}information"
        "|besvarar|besvarade|yttrade\\h+sig|yttrar\\h+sig"
        // a report gone through, a view put ("Björn gick igenom årsberättelsen", "Föregående
        // protokoll genomgås", "Våge framhöll vikten av …")
        "|gick\\h+igenom|gicks\\h+igenom|går\\h+igenom|genomgås|genomgicks|framhöll|framhåller|berättade|berättar"
        // reports and talk, no decision: "Eva Enqvist rapporterade om Burträskvägen", "Under
        // övriga frågor omtalas …", "Anders Lundberg meddelade att han var villig …"
        "|rapporterade|rapporterar|rapporteras|rapporterades|redovisade|redovisas|redovisades"
        "|meddelade|meddelar|meddelas|omtalas|omtalades|diskuteras|diskuterades|diskuterade"
        "|(?:finns|fanns)\\h+att\\h+notera|upprop|uppropet"
        "|(?:mötet|sammanträdet|stämman)\\h+(?:avslutades|afslutades|avslutas|förklarades\\h+avslutat)"
        // the meeting opened and closed, the members greeted: the chair's acts, not the meeting's
        // decisions ("Mötet öppnades av Britt Johansson.", "Ordförande förklarar mötet avslutat")
        "|(?:öppnade|öppnar|öppnas|avslutade|avslutar)\\h+(?:\\p{L}+\\h+){0,2}?\\p{L}*(?:mötet|sammanträdet|stämman)"
        "|(?:mötet|sammanträdet|stämman|årsmötet|församlingsmötet|medlemsmötet)\\h+(?:öppnades|öppnas)"
        "|förklara(?:r|de)\\h+(?:\\p{L}+\\h+){0,2}?(?:öppnat|avslutat)|hälsade|hälsar"
        // reports, with nothing resolved: "Kassören lämnade ekonomisk rapport", "Redogörelse lämnas
        // för älgobsen", "Snabb genomgång av budget", "Inga övriga frågor finns att behandla"
        "|(?:lämnade|lämnar|lämnas|avgav|avger)\\h+(?:\\p{L}+\\h+){0,2}?(?:rapport|redogörelse|kassarapport|information)"
        "|redogörelse\\h+(?:lämnas|lämnades|gavs|ges)|genomgång\\h+av|inga\\h+(?:övriga\\h+)?(?:frågor|ärenden|skrivelser)"
        "|(?:fanns|finns)\\h+(?:inga|ej|icke|inte))\\b");
    std::vector<std::string> first = Sentences(body);
    // (An anförande's number before it is no sentence of its own: "Anf. 1 I ärendet yttrade sig …".)
    bool only_noted = false;
    for (size_t q = 0; q < first.size() && q < 2; ++q) {
      only_noted |= noted.Find(first[q]).has_value();
      if (first[q].size() > 12) break;
    }
    // The record is told in the past ("Nämnden bestred …", "Herrar … utsågos …", "… skulle
    // öfverklagas"); a text in the present or the future, or a perfect of what was done outside
    // the meeting ("Kassören lämnar inbetalningskort …", "Sjösättningen sker i år …", "Ett nytt
    // nyckelskåp har införskaffats …"), reports and plans and decides nothing. So does an election
    // or a decision written without its verb: "Till mötessekreterare: Eli Tistelö", "Enligt
    // förslag.", the role and the names chosen: "Revisorer: Sven-Olof Dahlgren och Stig-Arne Strid",
    // "Justering av protokoll: Göran Hallsten …", "Sekr. för mötet =Ragnhild Hallsten",
    // "Styrelseledamöter: Omval på Georg Ågren …".
    static const Regex elliptic(
        "^(?:till\\h+(?:\\p{L}+\\h+){0,3}?\\p{L}+\\h*:\\h*\\p{Lu}|(?:enligt|i\\h+enlighet\\h+med)\\h+(?:förslag|förslaget)\\b"
        "|(?:[\\p{L}.-]+\\h+){0,2}?(?:ordförande|\\p{L}*sekreterare|sekr\\.?|\\p{L}*justerare|justeringsm[äa]n|justering"
        "|revisor(?:er)?|revisorssuppleant(?:er)?|suppleant(?:er)?|valberedning(?:en)?|\\p{L}*ledam[öo]ter|ledamot|kassör"
        "|ombud|rösträknare|omval|nyval)(?:\\h+[\\p{L}.]+){0,4}?\\h*[:=]\\h*(?:(?:omval|nyval|val)\\h+(?:på|av)\\h+)?\\p{Lu}\\p{Ll})");
    bool told = false;
    for (size_t q = 0; q < first.size() && q < 2; ++q)
      told |= TellsInThePast(first[q]) || elliptic.LookingAt(first[q]).has_value();
    if (!Trim(body).empty() && told && !notes.LookingAt(body) && !only_noted && !proposes.Find(body))
      return Decision{std::string(Trim(body)), body_page};
  }
  if (found.empty() && !procedure.empty()) return Decision{procedure, procedure_page};
  if (found.empty()) return std::nullopt;
  return Decision{found, page};
}

}  // namespace protokoll::extractors
