// mkpdf: lays out a protocol source (.pdfsrc) as a text-layer PDF, the way municipal
// document systems print minutes. Deterministic (no dates, no random ids): the same source gives
// the same bytes, so the committed sample PDFs can be checked against their sources.
//
// Source format: directives first ("%key value"), then "---", then body lines:
//   %layout header|margin   margin: "@ LABEL | TEXT" puts LABEL in a left column
//   %header-left/-right, %header2-left/-right, %footer-left/-right   page furniture;
//                           "{page}" and "{pages}" are replaced
//   "# text"  bold line;  "<<page>>" page break;  an empty line is a blank line.
//   %tabs X1 X2 …           a tab in a body line goes on at the next of these x positions (points):
//                           a table's columns ("Ledamot\tJa\tNej\tAvstår")
// Text is UTF-8 and is written in WinAnsiEncoding (å ä ö § – ” and no-break/soft hyphens).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
  double x;
  bool bold;
  std::string text;  // WinAnsi bytes
};
struct PLine {
  std::vector<Run> runs;
};

std::string ToWinAnsi(const std::string& utf8) {
  static const std::map<unsigned, unsigned char> kSpecial = {
      {0x2013, 0x96}, {0x2014, 0x97}, {0x201D, 0x94}, {0x201C, 0x93}, {0x2019, 0x92},
      {0x2026, 0x85}, {0x20AC, 0x80}, {0x2022, 0x95}};
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    unsigned cp;
    int n;
    if (c < 0x80) { cp = c; n = 1; }
    else if ((c >> 5) == 6) { cp = c & 0x1F; n = 2; }
    else if ((c >> 4) == 14) { cp = c & 0x0F; n = 3; }
    else { cp = c & 0x07; n = 4; }
    for (int k = 1; k < n && i + k < utf8.size(); ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    i += n;
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) out.push_back(static_cast<char>(cp));
    else if (auto it = kSpecial.find(cp); it != kSpecial.end()) out.push_back(static_cast<char>(it->second));
    else out.push_back('?');
  }
  return out;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: mkpdf SOURCE.pdfsrc OUT.pdf\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "mkpdf: %s: cannot read\n", argv[1]);
    return 2;
  }
  std::map<std::string, std::string> dir;
  std::string line;
  while (std::getline(in, line) && line != "---") {
    if (line.size() > 1 && line[0] == '%') {
      size_t sp = line.find(' ');
      dir[line.substr(1, sp - 1)] = sp == std::string::npos ? "" : line.substr(sp + 1);
    }
  }
  const bool margin = dir["layout"] == "margin";
  const double kTop = 750, kBottom = 90, kLead = 14, kLeft = 62, kBodyX = margin ? 170 : 62;
  std::vector<std::vector<PLine>> pages(1);
  double y = kTop;
  while (std::getline(in, line)) {
    if (line == "<<page>>") {
      pages.emplace_back();
      y = kTop;
      continue;
    }
    if (y < kBottom) {
      pages.emplace_back();
      y = kTop;
    }
    PLine pl;
    if (margin && line.rfind("@ ", 0) == 0) {
      size_t bar = line.find(" | ");
      pl.runs.push_back({kLeft, true, ToWinAnsi(line.substr(2, bar - 2))});
      if (bar != std::string::npos) pl.runs.push_back({kBodyX, true, ToWinAnsi(line.substr(bar + 3))});
    } else if (line.rfind("# ", 0) == 0) {
      pl.runs.push_back({kBodyX, true, ToWinAnsi(line.substr(2))});
    } else if (!line.empty() && line.find('\t') != std::string::npos) {
      std::vector<double> stops;
      std::istringstream ts(dir["tabs"]);
      for (double x; ts >> x;) stops.push_back(x);
      size_t from = 0, cell = 0;
      for (;;) {
        const size_t tab = line.find('\t', from);
        const double x = cell == 0 ? kBodyX : cell - 1 < stops.size() ? stops[cell - 1] : kBodyX + 60.0 * static_cast<double>(cell);
        pl.runs.push_back({x, false, ToWinAnsi(line.substr(from, tab == std::string::npos ? std::string::npos : tab - from))});
        if (tab == std::string::npos) break;
        from = tab + 1;
        ++cell;
      }
    } else if (!line.empty()) {
      pl.runs.push_back({kBodyX, false, ToWinAnsi(line)});
    }
    pages.back().push_back(pl);
    y -= kLead;
  }
  const int n = static_cast<int>(pages.size());
  std::string pdf = "%PDF-1.4\n%\xE5\xE4\xF6\xA7\n";
  std::vector<size_t> offsets;
  auto obj = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  // 1 catalog, 2 pages, 3 regular font, 4 bold font, 5 info, then page + content pairs.
  std::string kids;
  for (int p = 0; p < n; ++p) kids += std::to_string(6 + 2 * p) + " 0 R ";
  obj("<< /Type /Catalog /Pages 2 0 R >>");
  obj("<< /Type /Pages /Count " + std::to_string(n) + " /Kids [ " + kids + "] >>");
  obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
  obj("<< /Producer (protokoll mkpdf) >>");
  for (int p = 0; p < n; ++p) {
    std::ostringstream cs;
    auto text = [&](double x, double yy, bool bold, double size, const std::string& s) {
      if (s.empty()) return;
      cs << "BT /" << (bold ? "F2 " : "F1 ") << size << " Tf " << x << " " << yy << " Td ("
         << Escape(s) << ") Tj ET\n";
    };
    auto furniture = [&](const std::string& key) {
      std::string v = dir[key];
      v = Replace(Replace(v, "{page}", std::to_string(p + 1)), "{pages}", std::to_string(n));
      return ToWinAnsi(v);
    };
    text(kLeft, 800, true, 10, furniture("header-left"));
    text(400, 800, false, 10, furniture("header-right"));
    text(kLeft, 786, false, 10, furniture("header2-left"));
    text(400, 786, false, 10, furniture("header2-right"));
    text(kLeft, 50, false, 8, furniture("footer-left"));
    text(400, 50, false, 8, furniture("footer-right"));
    double yy = kTop;
    for (const PLine& pl : pages[p]) {
      for (const Run& r : pl.runs) text(r.x, yy, r.bold, 11, r.text);
      yy -= kLead;
    }
    std::string content = cs.str();
    obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R "
        "/F2 4 0 R >> >> /Contents " + std::to_string(7 + 2 * p) + " 0 R >>");
    obj("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
         " /Root 1 0 R /Info 5 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  std::ofstream out(argv[2], std::ios::binary);
  out << pdf;
  if (!out) {
    std::fprintf(stderr, "mkpdf: %s: cannot write\n", argv[2]);
    return 2;
  }
  return 0;
}
