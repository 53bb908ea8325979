#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>

int main(int argc, char** argv) {
  // As in the CLI: Tesseract single-threaded, set before libgomp is loaded (re-exec).
  if (!std::getenv("OMP_THREAD_LIMIT")) {
    setenv("OMP_THREAD_LIMIT", "1", 1);
    execv("/proc/self/exe", argv);
  }
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
