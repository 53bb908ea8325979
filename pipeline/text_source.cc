#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <memory>

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

}  // namespace protokoll::pipeline
