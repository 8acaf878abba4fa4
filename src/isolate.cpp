#include "isolate.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <limits>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CHANNELMAP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CHANNELMAP_SANITIZED 1
#endif
#endif

namespace channelmap {

namespace {
// How often the parent checks `stop` while it waits, ms.
constexpr int stop_poll_interval_ms = 100;
// Exit status of a child whose pipe broke (the parent went away).
constexpr int child_status_pipe_broken = 120;

bool write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}
}  // namespace

bool memory_limit_supported() {
#ifdef CHANNELMAP_SANITIZED
  return false;
#else
  return true;
#endif
}

void ChildChannel::send(char type, const std::string& payload) const {
  char head[5];
  head[0] = type;
  uint32_t n = static_cast<uint32_t>(payload.size());
  std::memcpy(head + 1, &n, 4);
  if (!write_all(fd, head, 5) || !write_all(fd, payload.data(), payload.size()))
    _exit(child_status_pipe_broken);
}

std::string signal_name(int sig) {
  switch (sig) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGPIPE:
      return "SIGPIPE";
    case SIGXCPU:
      return "SIGXCPU";
    case SIGTRAP:
      return "SIGTRAP";
    default:
      return "signal " + std::to_string(sig);
  }
}

ChildOutcome run_in_child(const std::function<void(const ChildChannel&)>& work, double timeout_s,
                          double max_memory_gb,
                          const std::function<bool(const ChildMessage&)>& on_message,
                          const std::atomic<bool>* stop) {
  ChildOutcome outcome;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    outcome.kind = ChildOutcome::ForkFailed;
    outcome.status = errno;
    return outcome;
  }
  pid_t pid = fork();
  if (pid < 0) {
    outcome.kind = ChildOutcome::ForkFailed;
    outcome.status = errno;
    close(fds[0]);
    close(fds[1]);
    return outcome;
  }
  if (pid == 0) {
    // The child: keep only 0-2 and the channel (as fd 3), so that the pipes of other workers'
    // children, the output tables and the lock stay with the parent.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (fds[1] != 3) {
      if (dup2(fds[1], 3) < 0) _exit(child_status_pipe_broken);
    } else {
      fcntl(3, F_SETFD, 0);
    }
    close_range(4, ~0U, 0);
#ifndef CHANNELMAP_SANITIZED
    if (max_memory_gb > 0) {
      rlimit lim;
      const double bytes = max_memory_gb * 1e9;
      // Beyond what rlim_t holds (a 32-bit system): no limit.
      lim.rlim_cur = lim.rlim_max = bytes < static_cast<double>(std::numeric_limits<rlim_t>::max())
                                        ? static_cast<rlim_t>(bytes)
                                        : RLIM_INFINITY;
      setrlimit(RLIMIT_AS, &lim);
    }
#endif
    ChildChannel ch;
    ch.fd = 3;
    work(ch);
    _exit(0);
  }
  close(fds[1]);
  using clock = std::chrono::steady_clock;
  const bool limited = timeout_s > 0;
  auto deadline = clock::now() + std::chrono::duration_cast<clock::duration>(
                                     std::chrono::duration<double>(limited ? timeout_s : 0));
  std::string buf;
  char chunk[1 << 16];
  bool eof = false;
  bool killed = false;
  while (!eof) {
    int wait_ms = -1;
    if (limited) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
      if (left.count() <= 0) {
        outcome.kind = ChildOutcome::TimedOut;
        kill(pid, SIGKILL);
        killed = true;
        break;
      }
      wait_ms = static_cast<int>(left.count());
    }
    if (stop && (wait_ms < 0 || wait_ms > stop_poll_interval_ms)) wait_ms = stop_poll_interval_ms;
    pollfd p{fds[0], POLLIN, 0};
    int r = poll(&p, 1, wait_ms);
    if (stop && stop->load()) {
      outcome.kind = ChildOutcome::Stopped;
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    if (r < 0 && errno != EINTR) break;
    if (r <= 0) continue;
    ssize_t got = read(fds[0], chunk, sizeof chunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (got == 0) {
      eof = true;
      break;
    }
    buf.append(chunk, static_cast<size_t>(got));
    size_t pos = 0;
    while (buf.size() - pos >= 5) {
      uint32_t n;
      std::memcpy(&n, buf.data() + pos + 1, 4);
      if (buf.size() - pos - 5 < n) break;
      ChildMessage msg;
      msg.type = buf[pos];
      msg.payload = buf.substr(pos + 5, n);
      pos += 5 + n;
      if (on_message(msg) && limited)
        deadline = clock::now() + std::chrono::duration_cast<clock::duration>(
                                      std::chrono::duration<double>(timeout_s));
    }
    buf.erase(0, pos);
  }
  close(fds[0]);
  if (!eof && !killed) kill(pid, SIGKILL);  // a failed poll or read: do not wait forever
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (killed) return outcome;
  if (WIFSIGNALED(status)) {
    outcome.kind = ChildOutcome::Signaled;
    outcome.status = WTERMSIG(status);
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    outcome.kind = ChildOutcome::Exited;
    outcome.status = WEXITSTATUS(status);
  }
  return outcome;
}

}  // namespace channelmap
