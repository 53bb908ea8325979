// Helpers shared by the test executables: shell quoting, running a command, reading a file.
#ifndef PROTOKOLL_TESTS_TEST_UTIL_H_
#define PROTOKOLL_TESTS_TEST_UTIL_H_

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace protokoll::testing {

// A string as one single-quoted shell word.
inline std::string Q(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}

struct Run {
  int code = -1;  // exit status; -1 when the command was killed by a signal
  std::string out;
};

// Runs a shell command and collects its stdout (stderr is the caller's to redirect).
inline Run Sh(const std::string& cmd) {
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A bound volume exported on one line, as some re-publishers do: meetings of 40 items each with
// their date, each item a label ("Ks § 12"), a Dnr, a title, a summary and a decision; at least
// `bytes` long, no line break anywhere. The same `bytes` give the same text.
inline std::string OneLineVolume(size_t bytes) {
  static const char* const kTitles[] = {"Ansökan om bidrag till hembygdsföreningen", "Detaljplan för Norrby etapp 2",
                                        "Motion om snöröjning", "Revidering av taxa för renhållning",
                                        "Uppföljning av budget", "Medborgarförslag om gatubelysning i Bäckby"};
  static const char* const kBody[] = {
      "Kommunledningsförvaltningen har berett ärendet och föreslår att kommunstyrelsen beslutar i enlighet med förslaget.",
      "Ärendet har remitterats till berörda nämnder som inte har haft något att invända.",
      "Kostnaden beräknas till 250 000 kronor per år under perioden 2019-2021.",
      "Förvaltningen bedömer att åtgärden ligger i linje med kommunens översiktsplan."};
  std::string out;
  unsigned seed = 23;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  int number = 0, meeting = 0;
  while (out.size() < bytes) {
    if (number % 40 == 0) {
      ++meeting;
      out += "Kommunstyrelsen Sammanträdesprotokoll Sammanträdesdatum 2019-" + std::string(meeting % 12 < 9 ? "0" : "") +
             std::to_string(meeting % 12 + 1) + "-14 Plats och tid Kommunhuset kl. 13.00-16.00 Justerare Per Lind ";
    }
    ++number;
    out += "Ks § " + std::to_string(number) + " Dnr KS 2019/" + std::to_string(100 + number) + " " +
           kTitles[next() % 6] + " Sammanfattning av ärendet";
    for (unsigned k = 0, n = 2 + next() % 3; k < n; ++k) out += std::string(" ") + kBody[next() % 4];
    out += " Beslut Kommunstyrelsen beslutar att bifalla förslaget. ";
  }
  return out;
}

}  // namespace protokoll::testing

#endif  // PROTOKOLL_TESTS_TEST_UTIL_H_
