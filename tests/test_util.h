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

}  // namespace protokoll::testing

#endif  // PROTOKOLL_TESTS_TEST_UTIL_H_
