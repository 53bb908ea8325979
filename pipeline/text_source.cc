#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "extractors/text.h"
#include "pipeline/source.h"

namespace protokoll::pipeline {
namespace {

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

Result<std::string> Convert(std::string_view bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(charset, &status));
  if (U_FAILURE(status)) return Status::Error("decode", std::string("no converter for ") + charset);
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), cnv.get(), status);
  if (U_FAILURE(status)) return Status::Error("decode", std::string("cannot decode as ") + charset);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// How Swedish a decoding looks: å/ä/ö/é count for it; C1 controls, box drawing and other
// symbols a DOS or Windows code page puts where letters belong count against it.
int SwedishScore(const std::string& utf8) {
  int score = 0;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
  for (int32_t i = 0; i < u.length(); ++i) {
    char16_t c = u[i];
    switch (c) {
      case u'å': case u'ä': case u'ö': case u'Å': case u'Ä': case u'Ö': case u'é': case u'§':
        score += 2;
        break;
      default:
        if (c >= 0x80 && c < 0xA0) score -= 5;                      // C1 controls
        else if (c >= 0x2500 && c < 0x2600) score -= 3;             // box drawing
        else if (c == u'¤' || c == u'¥' || c == u'±' || c == u'¶' || c == u'†' || c == u'‰' ||
                 c == u'ƒ' || c == u'ÿ' || c == u'Ø' || c == u'ø' || c == u'þ' || c == u'ð')
          score -= 2;
        else if (c == 0xFFFD) score -= 5;
    }
  }
  return score;
}

Result<std::string> DecodeLegacy(std::string_view bytes, std::string* charset);

}  // namespace

Result<std::string> DecodeText(std::string_view bytes, std::string* charset) {
  // Byte-order marks say it outright.
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    *charset = "UTF-8";
    bytes.remove_prefix(3);
    if (!extractors::IsValidUtf8(bytes)) return Status::Error("decode", "invalid UTF-8 after a UTF-8 byte-order mark");
    return std::string(bytes);
  }
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    *charset = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    return Convert(bytes.substr(2), charset->c_str());
  }
  if (extractors::IsValidUtf8(bytes)) {
    *charset = "UTF-8";
    return std::string(bytes);
  }
  return DecodeLegacy(bytes, charset);
}

namespace {

Result<std::string> DecodeLegacy(std::string_view bytes, std::string* charset) {
  // Legacy 8-bit: ask ICU, then let the Swedish letters decide between the code pages that
  // archives actually hold (ICU cannot tell IBM850 from Latin-1 by statistics alone).
  std::vector<std::string> candidates;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&status));
  if (U_SUCCESS(status)) {
    ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    const UCharsetMatch* m = ucsdet_detect(det.get(), &status);
    if (U_SUCCESS(status) && m) {
      const char* name = ucsdet_getName(m, &status);
      if (U_SUCCESS(status) && name) {
        std::string n = name;
        // ISO-8859-1 text with Windows punctuation (–, ”, …) is Windows-1252; the latter is a
        // superset for everything printable.
        if (n == "ISO-8859-1") n = "windows-1252";
        if (n.rfind("UTF", 0) != 0) candidates.push_back(n);
      }
    }
  }
  for (const char* c : {"windows-1252", "IBM850", "IBM437", "macintosh", "ISO-8859-15"})
    candidates.emplace_back(c);
  std::string best_text, best_name;
  int best = -1 << 30;
  for (const std::string& c : candidates) {
    auto r = Convert(bytes, c.c_str());
    if (!r.ok()) continue;
    int s = SwedishScore(*r);
    if (s > best) {
      best = s;
      best_text = std::move(*r);
      best_name = c;
    }
  }
  if (best_name.empty()) return Status::Error("decode", "not UTF-8 and no known 8-bit charset fits");
  *charset = best_name;
  return best_text;
}

}  // namespace

Result<SourceDocument> ReadText(std::string_view bytes) {
  // Control bytes (NUL and the like) in a file without a UTF-16 byte-order mark: binary, not a
  // protocol. Text exports have tabs, line ends and form feeds, and hardly anything else.
  size_t controls = 0, nuls = 0;
  for (unsigned char c : bytes) {
    nuls += c == 0;
    controls += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
  }
  bool bom16 = bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF");
  if (!bom16 && controls > bytes.size() / 100 + 2)
    return Status::Error("source", "binary data (" + std::to_string(controls) + " control bytes, " +
                                       std::to_string(nuls) + " of them NUL), not text");
  SourceDocument doc;
  doc.format = Format::kText;
  auto text = DecodeText(bytes, &doc.encoding);
  if (!text.ok()) return text.status();
  std::string_view t = *text;
  if (extractors::Trim(t).empty()) return Status::Error("source", "empty file (no text)");
  size_t start = 0;
  int number = 1;
  while (start <= t.size()) {
    size_t ff = t.find('\f', start);
    if (ff == std::string_view::npos) ff = t.size();
    SourcePage p;
    p.number = number++;
    p.source = PageSource::kText;
    p.text = std::string(t.substr(start, ff - start));
    doc.pages.push_back(std::move(p));
    start = ff + 1;
  }
  // A trailing form feed does not open an empty last page.
  if (doc.pages.size() > 1 && extractors::Trim(doc.pages.back().text).empty()) doc.pages.pop_back();
  return doc;
}

// ---- TextParts ---------------------------------------------------------------------------

namespace {

constexpr size_t kDecodeChunk = 1 << 20;
constexpr size_t kCheckChunk = 16 << 20;

// Decodes bytes [from, end) to UTF-8 a stretch at a time, handing back what it has read.
class Decoder {
 public:
  Decoder(std::string_view bytes, size_t from, const std::string& charset,
          const std::function<void(size_t, size_t)>& release)
      : bytes_(bytes), pos_(from), release_(release), utf8_(charset == "UTF-8") {
    if (!utf8_) {
      UErrorCode status = U_ZERO_ERROR;
      cnv_.reset(ucnv_open(charset.c_str(), &status));
      if (U_FAILURE(status)) cnv_.reset();
    }
  }
  bool ok() const { return utf8_ || cnv_ != nullptr; }
  bool done() const { return pos_ >= bytes_.size() && flushed_; }

  // Appends the text of about `want` more bytes to `out`.
  void Fill(std::string& out, size_t want) {
    if (done()) return;
    size_t end = std::min(bytes_.size(), pos_ + want);
    if (utf8_) {
      // Never inside a character: the text was checked to be UTF-8 throughout.
      while (end < bytes_.size() && (static_cast<unsigned char>(bytes_[end]) & 0xC0) == 0x80) ++end;
      out.append(bytes_.data() + pos_, end - pos_);
    } else {
      const char* src = bytes_.data() + pos_;
      const char* src_end = bytes_.data() + end;
      const bool flush = end == bytes_.size();
      std::vector<UChar> buf(std::max<size_t>(want, 1024));
      for (;;) {
        UChar* target = buf.data();
        UErrorCode status = U_ZERO_ERROR;
        ucnv_toUnicode(cnv_.get(), &target, buf.data() + buf.size(), &src, src_end, nullptr, flush, &status);
        held_.append(buf.data(), target);
        if (status != U_BUFFER_OVERFLOW_ERROR) break;
      }
      // A lead surrogate at the end waits for its trail in the next stretch.
      size_t keep = 0;
      if (!flush && !held_.empty() && U16_IS_LEAD(held_.back())) keep = 1;
      icu::UnicodeString u(false, held_.data(), static_cast<int32_t>(held_.size() - keep));
      u.toUTF8String(out);
      held_.erase(0, held_.size() - keep);
    }
    release_(released_, end);
    released_ = pos_ = end;
    if (pos_ >= bytes_.size()) flushed_ = true;
  }

 private:
  std::string_view bytes_;
  size_t pos_, released_ = 0;
  const std::function<void(size_t, size_t)>& release_;
  std::unique_ptr<UConverter, ConverterCloser> cnv_;
  bool utf8_;
  std::u16string held_;
  bool flushed_ = false;
};

// Whether a "§" at byte `p` begins an item's label after a sentence's end, its organ before it
// ("… förslaget. Ks § 12", "… godkänns. § 13"): the text before ends in ".", "!", "?", ":" or
// ")", then, perhaps, a short capitalised word.
bool LabelAfterSentence(std::string_view w, size_t p) {
  size_t q = p;
  while (q > 0 && w[q - 1] == ' ') --q;
  if (q == p || q == 0) return false;  // glued to a word, or at the very start
  size_t begin = q;
  while (begin > 0 && w[begin - 1] != ' ' && w[begin - 1] != '\n' && w[begin - 1] != '\f') --begin;
  const std::string_view word = w.substr(begin, q - begin);
  size_t before = q;
  const bool organ = !word.empty() && word.size() <= 6 && word[0] >= 'A' && word[0] <= 'Z' &&
                     std::all_of(word.begin(), word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (organ) {
    before = begin;
    while (before > 0 && std::isspace(static_cast<unsigned char>(w[before - 1]))) --before;
    if (before == 0) return false;
  }
  const char e = w[before - 1];
  return e == '.' || e == '!' || e == '?' || e == ':' || e == ')';
}

// "4 MiB", "200.0 MiB", "64 KiB".
std::string Size(size_t bytes) {
  char buf[32];
  if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) std::snprintf(buf, sizeof buf, "%zu MiB", bytes >> 20);
  else if (bytes >= (1 << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  else std::snprintf(buf, sizeof buf, "%zu KiB", (bytes + 1023) / 1024);
  return buf;
}

// Whether the text at `at` begins, after space, with an item's label ("§ 12", "Ks § 12").
bool BeginsWithLabel(std::string_view w, size_t at) {
  while (at < w.size() && std::isspace(static_cast<unsigned char>(w[at]))) ++at;
  std::string_view t = w.substr(at, 16);
  if (t.substr(0, 2) == "\xC2\xA7") return true;
  const size_t sp = t.find(' ');
  if (sp == std::string_view::npos || sp > 6 || sp == 0 || t[0] < 'A' || t[0] > 'Z') return false;
  size_t k = sp;
  while (k < t.size() && t[k] == ' ') ++k;
  return t.substr(k, 2) == "\xC2\xA7";
}

}  // namespace

struct TextParts::Impl {
  std::string_view bytes;
  std::function<void(size_t, size_t)> release;
  size_t part_bytes = kTextPartBytes;
  size_t from = 0;  // after a byte-order mark
  std::string encoding;
  std::unique_ptr<Decoder> dec;
  std::string pending;  // decoded, not yet given out

  // Where the cutting stands.
  int next_page = 1;         // the number the next page gets
  int file_page = 1;         // the file's page (counted at form feeds) the next text is on
  bool mid_page = false;     // the next part goes on with a page the last one cut
  bool unclean_next = false; // the last cut was not before a label: an item may run on into the next part
  bool finished = false;
  // A file page cut into several pages: from the counting run, for the real one's notes.
  struct Split {
    int first = 0, last = 0, file_page = 0;
    size_t bytes = 0;
    bool clean = true;  // every cut before an item's label
  };
  std::vector<Split> splits;
  Split open_split;  // the split page being cut (first == 0: none)
  size_t next_split = 0;
  bool counting = false;
  int pages = 0, parts = 0;

  void Start() {
    dec = std::make_unique<Decoder>(bytes, from, encoding, release);
    pending.clear();
    next_page = file_page = 1;
    mid_page = unclean_next = finished = false;
    open_split = {};
    next_split = 0;
  }

  // Where to end a part inside window `w`: the end, and whether it is a form feed (consumed) and
  // whether it is clean (before an item's label).
  struct Cut {
    size_t at;
    bool form_feed, clean;
  };
  Cut ChooseCut(std::string_view w) const {
    const size_t lo = w.size() / 2;
    size_t last_ff = std::string_view::npos;
    for (size_t f = w.rfind('\f'); f != std::string_view::npos && f >= lo; f = f ? w.rfind('\f', f - 1) : std::string_view::npos) {
      if (last_ff == std::string_view::npos) last_ff = f;
      if (BeginsWithLabel(w, f + 1)) return {f, true, true};
    }
    // A line that begins with a label: the part ends with the line before.
    for (size_t n = w.rfind('\n'); n != std::string_view::npos && n >= lo; n = n ? w.rfind('\n', n - 1) : std::string_view::npos)
      if (BeginsWithLabel(w, n + 1)) return {n + 1, false, true};
    // A label inside a line (a page flattened onto one): the part ends just before its "§",
    // where the segmenter cuts such a line (its organ stays behind, as it does there).
    constexpr std::string_view kSign = "\xC2\xA7";
    for (size_t p = w.rfind(kSign); p != std::string_view::npos && p >= lo; p = p ? w.rfind(kSign, p - 1) : std::string_view::npos)
      if (LabelAfterSentence(w, p)) return {p, false, true};
    if (last_ff != std::string_view::npos) return {last_ff, true, false};
    // A sentence's end before a capital, else a space, else a character's start.
    for (size_t p = w.rfind(". "); p != std::string_view::npos && p + 2 >= lo; p = p ? w.rfind(". ", p - 1) : std::string_view::npos) {
      const unsigned char next = p + 2 < w.size() ? static_cast<unsigned char>(w[p + 2]) : 0;
      if ((next >= 'A' && next <= 'Z') || next >= 0xC3) return {p + 2, false, false};
    }
    const size_t sp = w.rfind(' ');
    if (sp != std::string_view::npos && sp + 1 >= lo) return {sp + 1, false, false};
    size_t at = w.size() - 1;
    while (at > 0 && (static_cast<unsigned char>(w[at]) & 0xC0) == 0x80) --at;
    return {at, false, false};
  }

  std::optional<SourceDocument> Next() {
    while (!finished) {
      while (pending.size() <= part_bytes && !dec->done()) dec->Fill(pending, kDecodeChunk);
      std::string text;
      bool cut_mid_page = false, ends_at_ff = false, clean = true;
      if (pending.size() <= part_bytes) {
        text = std::move(pending);
        pending.clear();
        finished = true;
      } else {
        // A form feed just past the window still ends it.
        const Cut c = ChooseCut(std::string_view(pending).substr(0, part_bytes + 1));
        text = pending.substr(0, c.at);
        pending.erase(0, c.at + (c.form_feed ? 1 : 0));
        cut_mid_page = !c.form_feed;
        ends_at_ff = c.form_feed;
        clean = c.clean;
      }
      // The part's pages: its text split at form feeds.
      SourceDocument doc;
      doc.format = Format::kText;
      doc.encoding = encoding;
      std::vector<std::string_view> pieces;
      std::string_view t = text;
      for (size_t start = 0;;) {
        const size_t ff = t.find('\f', start);
        pieces.push_back(t.substr(start, ff == std::string_view::npos ? std::string_view::npos : ff - start));
        if (ff == std::string_view::npos) break;
        start = ff + 1;
      }
      // A trailing form feed does not open an empty last page (as ReadText).
      if (finished && pieces.size() > 1 && extractors::Trim(pieces.back()).empty()) pieces.pop_back();
      if (finished && pieces.size() == 1 && extractors::Trim(pieces.back()).empty() && next_page > 1) pieces.clear();
      const bool began_mid_page = mid_page;
      for (size_t k = 0; k < pieces.size(); ++k) {
        const bool first = k == 0, last = k + 1 == pieces.size();
        SourcePage p;
        p.number = next_page++;
        p.source = PageSource::kText;
        if (!counting) p.text = std::string(pieces[k]);
        const bool window_in = first && began_mid_page;  // goes on with a page cut before
        const bool window_out = last && cut_mid_page;    // cut here, goes on in the next part
        if (window_in || window_out) {
          if (!window_in) open_split = {p.number, p.number, file_page, 0, true};
          open_split.last = p.number;
          open_split.bytes += pieces[k].size();
          if (window_out) open_split.clean = open_split.clean && clean;
          if (counting && !window_out) splits.push_back(open_split);
        }
        if (!counting && next_split < splits.size() && splits[next_split].first == p.number) {
          const Split& sp = splits[next_split++];
          const std::string size = Size(sp.bytes);
          p.problem_stage = "parts";
          p.problem = "text page " + std::to_string(sp.file_page) + " of the file (" + size + ") is pages " +
                      std::to_string(sp.first) + "–" + std::to_string(sp.last) +
                      " here: a text this long is read in parts of at most " + Size(part_bytes) +
                      ", and this page is cut " +
                      (sp.clean ? "where an item's label begins" : "where a sentence or word ends: an item across a cut is split in two");
        } else if (!counting && first && unclean_next && !began_mid_page) {
          p.problem_stage = "parts";
          p.problem = "a text this long is read in parts of at most " + Size(part_bytes) +
                      ", and one ends before this page with no item's label after it: an item running on into "
                      "this page is split in two";
        }
        if (!last) ++file_page;
        doc.pages.push_back(std::move(p));
      }
      if (ends_at_ff) ++file_page;
      mid_page = cut_mid_page;
      unclean_next = !clean;
      if (doc.pages.empty()) continue;
      if (counting) {
        pages = doc.pages.back().number;
        ++parts;
      }
      return doc;
    }
    return std::nullopt;
  }
};

TextParts::TextParts(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextParts::~TextParts() = default;
std::optional<SourceDocument> TextParts::Next() { return impl_->Next(); }
int TextParts::pages() const { return impl_->pages; }
int TextParts::parts() const { return impl_->parts; }
const std::string& TextParts::encoding() const { return impl_->encoding; }

Result<std::unique_ptr<TextParts>> TextParts::Open(std::string_view bytes, std::function<void(size_t, size_t)> release,
                                                   size_t part_bytes) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = bytes;
  impl->release = std::move(release);
  impl->part_bytes = std::max<size_t>(part_bytes, 1024);
  const bool bom8 = bytes.substr(0, 3) == "\xEF\xBB\xBF";
  const bool bom16 = bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
  if (bom8) impl->from = 3;
  if (bom16) {
    impl->from = 2;
    impl->encoding = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
  } else {
    // One pass through: control bytes (as ReadText counts them), UTF-8 throughout or not, any
    // text at all.
    size_t controls = 0, nuls = 0;
    bool utf8 = true, any = false;
    for (size_t pos = impl->from; pos < bytes.size();) {
      size_t end = std::min(bytes.size(), pos + kCheckChunk);
      while (end < bytes.size() && (static_cast<unsigned char>(bytes[end]) & 0xC0) == 0x80) ++end;
      const std::string_view chunk = bytes.substr(pos, end - pos);
      for (unsigned char c : chunk) {
        nuls += c == 0;
        controls += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
        any |= c > 0x20;
      }
      if (utf8) utf8 = extractors::IsValidUtf8(chunk);
      impl->release(pos, end);
      pos = end;
    }
    if (controls > bytes.size() / 100 + 2)
      return Status::Error("source", "binary data (" + std::to_string(controls) + " control bytes, " +
                                         std::to_string(nuls) + " of them NUL), not text");
    if (!any) return Status::Error("source", "empty file (no text)");
    if (bom8 && !utf8) return Status::Error("decode", "invalid UTF-8 after a UTF-8 byte-order mark");
    if (utf8) {
      impl->encoding = "UTF-8";
    } else {
      // The charset DecodeText would choose, judged from the first part's worth of bytes.
      auto sample = DecodeLegacy(bytes.substr(0, impl->part_bytes), &impl->encoding);
      impl->release(0, impl->part_bytes);
      if (!sample.ok()) return sample.status();
    }
  }
  // The counting run: pages, parts and the pages cut in several, then the same again for real.
  impl->Start();
  if (!impl->dec->ok()) return Status::Error("decode", "no converter for " + impl->encoding);
  impl->counting = true;
  while (impl->Next()) {
  }
  impl->counting = false;
  impl->Start();
  if (impl->parts == 0) return Status::Error("source", "empty file (no text)");
  return std::unique_ptr<TextParts>(new TextParts(std::move(impl)));
}

}  // namespace protokoll::pipeline
