#include "pipeline/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

namespace protokoll::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

// The write end of the self-pipe the signal handler wakes the supervisor's poll with.
volatile sig_atomic_t g_wake_fd = -1;
volatile sig_atomic_t g_signal = 0;

extern "C" void OnStopSignal(int sig) {
  if (g_signal == 0) g_signal = sig;
  const int saved = errno;
  if (g_wake_fd >= 0) {
    const char c = 1;
    [[maybe_unused]] ssize_t n = write(g_wake_fd, &c, 1);
  }
  errno = saved;
}

constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};

// A line to the supervisor. Shorter than PIPE_BUF, so a write from one thread is never
// interleaved with another's.
void Send(int fd, const std::string& line) {
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the supervisor is gone: PR_SET_PDEATHSIG ends this process
    p += n;
    left -= static_cast<size_t>(n);
  }
}

// A small number for the calling thread, the same for all its lines.
int ThreadSlot() {
  static std::atomic<int> next{0};
  thread_local const int slot = next++;
  return slot;
}

// The child: Ingest of `todo` (indices into `inputs`), telling the supervisor through `fd`.
// `solo`: one file at a time, each in its own Ingest of one worker, committed on its own.
[[noreturn]] void ChildMain(int fd, pid_t parent, const std::string& db_path, const std::vector<InputFile>& inputs,
                            const std::vector<size_t>& todo, bool solo, IngestOptions options,
                            const std::function<void(const std::string&)>& on_message, IngestProgress* progress,
                            const std::function<void()>& on_tick, const struct sigaction* stop_actions) {
  for (int i = 0; i < 3; ++i) sigaction(kStopSignals[i], &stop_actions[i], nullptr);
  std::signal(SIGPIPE, SIG_DFL);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(4);  // the supervisor died before the line above
  int code = 0;
  {
    auto cat = catalogue::Catalogue::Open(db_path);
    if (!cat.ok()) {
      on_message(cat.status().ToString());
      code = 3;
    } else {
      const std::vector<size_t>* map = &todo;  // the running Ingest's inputs → indices into `inputs`
      IngestHooks hooks;
      hooks.begin = [&](size_t index, const char* step, int page) {
        Send(fd, "B " + std::to_string(ThreadSlot()) + ' ' + std::to_string((*map)[index]) + ' ' + std::to_string(page) + ' ' +
                     step + '\n');
      };
      hooks.end = [&] { Send(fd, "E " + std::to_string(ThreadSlot()) + '\n'); };
      hooks.finished = [&](size_t index, FileEnd end, long long items) {
        Send(fd, "F " + std::to_string((*map)[index]) + ' ' + std::to_string(static_cast<int>(end)) + ' ' +
                     std::to_string(items) + '\n');
      };
      options.hooks = &hooks;
      if (solo) {
        options.jobs = 1;
        options.batch_documents = 1;
        for (size_t index : todo) {
          const std::vector<size_t> one{index};
          map = &one;
          Ingest(*cat, {inputs[index]}, options, on_message, nullptr, on_tick);
        }
      } else {
        std::vector<InputFile> files;
        files.reserve(todo.size());
        for (size_t index : todo) files.push_back(inputs[index]);
        Ingest(*cat, files, options, on_message, progress, on_tick);
      }
    }
  }
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  _exit(code);
}

struct Step {
  size_t index = 0;
  std::string what;
  Clock::time_point since;
};

std::string StepName(const std::string& what, int page) {
  return page > 0 ? what + " " + std::to_string(page) : what;
}

}  // namespace

std::string SignalName(int sig) {
  if (const char* abbrev = sigabbrev_np(sig)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(sig);
}

SupervisedReport SupervisedIngest(const std::string& db_path, const std::vector<InputFile>& inputs,
                                  const IngestOptions& options, const SuperviseOptions& supervise,
                                  const std::function<void(const std::string&)>& on_message, IngestProgress* progress,
                                  const std::function<void()>& on_tick) {
  SupervisedReport out;
  out.report.files = static_cast<int>(inputs.size());
  enum : char { kPending, kStarted, kDone };
  std::vector<char> state(inputs.size(), kPending);

  // Stop signals wake the loop below through a self-pipe; the old handlers come back at the end.
  int wake[2];
  if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
    on_message(std::string("protokoll: ingest: supervisor: pipe: ") + std::strerror(errno));
    out.report.failed = out.report.files;
    return out;
  }
  g_signal = 0;
  g_wake_fd = wake[1];
  struct sigaction act {}, old[3];
  act.sa_handler = OnStopSignal;
  sigemptyset(&act.sa_mask);
  // A signal ignored when we were started (nohup's SIGHUP, SIGINT for a background job) stays
  // ignored, in this process and the child.
  for (int i = 0; i < 3; ++i) {
    sigaction(kStopSignals[i], nullptr, &old[i]);
    if (old[i].sa_handler != SIG_IGN) sigaction(kStopSignals[i], &act, nullptr);
  }

  // A failure this process finds, recorded with the catalogue open only while no child runs.
  auto record = [&](size_t index, const Status& why) {
    state[index] = kDone;
    ++out.report.failed;
    on_message(why.ToString());
    auto cat = catalogue::Catalogue::Open(db_path);
    Status rec = cat.ok() ? cat->RecordFailure(inputs[index].path, "", why) : cat.status();
    if (!rec.ok()) on_message(rec.ToString());
  };

  // The catalogue's newest document before this run: a file a crashed reader stored just before
  // it died (its end never reported) is found stored when read again alone, and counts as
  // ingested by this run, not as unchanged.
  long long seq_before_run = 0;
  {
    auto cat = catalogue::Catalogue::Open(db_path);
    if (cat.ok())
      if (auto seq = cat->LastDocumentSeq(); seq.ok()) seq_before_run = *seq;
  }
  std::vector<char> reread(inputs.size(), 0);  // read again alone after a crash
  std::vector<size_t> solo;  // suspects of a crash among several files: read one at a time
  int barren = 0;            // children in a row that ended no file and named no culprit
  std::string fatal;
  while (!g_signal) {
    std::vector<size_t> todo;
    std::erase_if(solo, [&](size_t i) { return state[i] == kDone; });
    const bool one_at_a_time = !solo.empty();
    if (one_at_a_time) {
      todo = solo;
    } else {
      for (size_t i = 0; i < inputs.size(); ++i)
        if (state[i] != kDone) todo.push_back(i);
    }
    if (todo.empty()) break;
    for (size_t i : todo) state[i] = kPending;

    int events[2];
    if (pipe2(events, O_CLOEXEC) != 0) {
      fatal = std::string("pipe: ") + std::strerror(errno);
      break;
    }
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    const pid_t parent = getpid();
    const pid_t child = fork();
    if (child < 0) {
      fatal = std::string("fork: ") + std::strerror(errno);
      close(events[0]);
      close(events[1]);
      break;
    }
    if (child == 0) {
      close(events[0]);
      close(wake[0]);
      close(wake[1]);
      ChildMain(events[1], parent, db_path, inputs, todo, one_at_a_time, options, on_message, progress, on_tick, old);
    }
    ++out.children;
    close(events[1]);

    std::vector<size_t> settle;  // read again alone and found stored: by this run, or before it?
    std::map<int, Step> steps;  // by the child's thread slot
    std::optional<Step> overdue;
    int ended = 0;  // files this child made final
    std::string buffer;
    bool eof = false, stopping = false;
    Clock::time_point kill_at{};
    auto handle = [&](const std::string& line) {
      std::istringstream in(line);
      char kind = 0;
      in >> kind;
      if (kind == 'B') {
        int slot = 0, page = 0;
        size_t index = 0;
        in >> slot >> index >> page;
        std::string what;
        std::getline(in >> std::ws, what);
        if (index >= inputs.size()) return;
        if (state[index] == kPending) state[index] = kStarted;
        steps[slot] = {index, StepName(what, page), Clock::now()};
      } else if (kind == 'E') {
        int slot = 0;
        in >> slot;
        steps.erase(slot);
      } else if (kind == 'F') {
        size_t index = 0;
        int end = 0;
        long long items = 0;
        in >> index >> end >> items;
        if (index >= inputs.size() || state[index] == kDone) return;
        state[index] = kDone;
        ++ended;
        switch (static_cast<FileEnd>(end)) {
          case FileEnd::kIngested:
            ++out.report.ingested;
            out.report.items += items;
            break;
          case FileEnd::kUnchanged:
            if (reread[index]) settle.push_back(index);  // decided below, once the child has ended
            else ++out.report.unchanged;
            break;
          case FileEnd::kDuplicate: ++out.report.duplicates; break;
          case FileEnd::kFailed: ++out.report.failed; break;
        }
      }
    };
    while (!eof) {
      if (g_signal && !stopping) {
        stopping = true;
        kill(child, SIGTERM);
        kill_at = Clock::now() + std::chrono::seconds(5);
      }
      if (stopping && Clock::now() >= kill_at) {
        kill(child, SIGKILL);
        kill_at = Clock::now() + std::chrono::hours(1);
      }
      if (!stopping && !overdue && supervise.file_timeout_s > 0) {
        const auto limit = std::chrono::duration<double>(supervise.file_timeout_s);
        // The step begun first: a file that waits for an earlier one (files with the same bytes
        // are told apart in input order) is not the one that hangs.
        const Step* oldest = nullptr;
        for (const auto& [slot, step] : steps)
          if (!oldest || step.since < oldest->since) oldest = &step;
        if (oldest && Clock::now() - oldest->since > limit) {
          overdue = *oldest;
          kill(child, SIGKILL);
        }
      }
      pollfd fds[2] = {{events[0], POLLIN, 0}, {wake[0], POLLIN, 0}};
      const int timeout_ms = stopping || supervise.file_timeout_s > 0 ? 200 : -1;
      const int n = poll(fds, 2, timeout_ms);
      if (n < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (fds[1].revents & POLLIN) {
        char drain[64];
        while (read(wake[0], drain, sizeof drain) > 0) {
        }
      }
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        char buf[4096];
        const ssize_t got = read(events[0], buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
          eof = true;
          break;
        }
        buffer.append(buf, static_cast<size_t>(got));
        size_t nl;
        while ((nl = buffer.find('\n')) != std::string::npos) {
          handle(buffer.substr(0, nl));
          buffer.erase(0, nl + 1);
        }
      }
    }
    close(events[0]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    // (The catalogue is asked with no child running, as failures are recorded.)
    if (!settle.empty()) {
      auto cat = catalogue::Catalogue::Open(db_path);
      for (size_t index : settle) {
        auto seq = cat.ok() ? cat->DocumentSeqAtPath(inputs[index].path) : Result<long long>(cat.status());
        if (seq.ok() && *seq > seq_before_run) {
          ++out.report.ingested;
          auto n = cat->ItemsAtPath(inputs[index].path);
          out.report.items += n.ok() ? *n : 0;
        } else {
          ++out.report.unchanged;
        }
      }
    }
    if (g_signal) break;
    if (ended > 0) barren = 0;
    const bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    std::vector<size_t> in_flight;
    for (size_t i : todo)
      if (state[i] == kStarted) in_flight.push_back(i);
    if (clean && in_flight.empty()) continue;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
      fatal = "the catalogue could not be opened";
      break;
    }
    if (overdue) {
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", supervise.file_timeout_s);
      record(overdue->index, Status::Error("timeout", std::string("took longer than ") + limit + " s in one step (" +
                                                          overdue->what + "): the reader was stopped (--file-timeout)",
                                           inputs[overdue->index].path));
      ++out.timed_out;
      barren = 0;
      continue;  // the others it had begun go to the next child as they were
    }
    std::string cause;  // what became of the reader
    if (WIFSIGNALED(status)) {
      const int sig = WTERMSIG(status);
      if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
        g_signal = sig;  // stopped from outside (a terminal's Ctrl-C reaches the whole group)
        break;
      }
      cause = sig == SIGKILL ? "was killed (SIGKILL, perhaps for want of memory)" : "crashed (" + SignalName(sig) + ")";
    } else {
      cause = "ended with exit status " + std::to_string(WEXITSTATUS(status));
    }
    const std::string how = "the reader " + cause + " while reading this file";
    if (in_flight.size() == 1) {
      record(in_flight.front(), Status::Error("crash", how, inputs[in_flight.front()].path));
      ++out.crashed;
      barren = 0;
      continue;
    }
    if (in_flight.size() > 1) {
      if (!one_at_a_time) {
        solo = in_flight;  // which one did it: each alone
        for (size_t i : in_flight) reread[i] = 1;
        on_message("protokoll: ingest: the reader " + cause + " with " +
                   std::to_string(in_flight.size()) + " files begun; reading them again one at a time");
        continue;
      }
    }
    // Died with no file begun: between files. Once may be chance; twice in a row is no file's fault.
    if (++barren >= 2) {
      fatal = "the reader " + cause + ", twice in a row, with no file begun";
      break;
    }
  }
  for (int i = 0; i < 3; ++i) sigaction(kStopSignals[i], &old[i], nullptr);
  g_wake_fd = -1;
  close(wake[0]);
  close(wake[1]);
  out.interrupted = g_signal;
  if (!fatal.empty()) {
    int left = 0;
    for (char s : state) left += s != kDone;
    on_message("protokoll: ingest: stopped: " + fatal + " (" + std::to_string(left) + " files not read)");
    out.report.failed += left;
  }
  return out;
}

}  // namespace protokoll::pipeline
