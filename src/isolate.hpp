// Running one piece of work in a child process with a time and a memory limit, so that work
// that hangs, crashes or exhausts memory cannot stop the caller. Used by screen (screen.cpp).
//
// fork() in a multi-threaded process: only the forking thread exists in the child, and POSIX
// guarantees only async-signal-safe calls there. The child here runs ordinary C++ (it
// allocates). That is safe on Linux with glibc, whose malloc and stdio reset their locks in
// the child (atfork handlers), as long as no other lock the child needs can be held by
// another thread at fork time: the threads of a screen only fork, wait and write tables,
// while all analysis (the library's lazily built tables, gemmi, spglib) runs in children.
#pragma once
#include <atomic>
#include <functional>
#include <string>

namespace channelmap {

// The child's end of the pipe: messages of a type byte and a payload.
struct ChildChannel {
  int fd = -1;
  void send(char type, const std::string& payload) const;  // exits the child if the pipe broke
};

struct ChildMessage {
  char type = 0;
  std::string payload;
};

struct ChildOutcome {
  enum Kind {
    Finished,    // the work returned and the child exited with 0
    TimedOut,    // killed after the time limit
    Signaled,    // ended by a signal (a crash, SIGKILL by the out-of-memory killer, ...)
    Exited,      // exited with a non-zero status (`status`)
    Stopped,     // killed because `stop` was set
    ForkFailed,  // no child process (`status` is errno)
  } kind = Finished;
  int status = 0;  // the signal, the exit status or errno
};

// Runs `work` in a child process. In the child: the address space is limited to
// `max_memory_gb` (if > 0; a failed allocation then throws std::bad_alloc in the work), every
// file descriptor but the channel and 0-2 is closed, and the child is killed when the thread
// that forked it ends. The parent calls `on_message` for each message as it arrives; a message
// for which it returns true restarts the time limit `timeout_s` (0: none). `stop` (may be
// null) is checked ten times a second. The address-space limit is not applied in builds with
// AddressSanitizer or ThreadSanitizer (they reserve terabytes of address space).
ChildOutcome run_in_child(const std::function<void(const ChildChannel&)>& work, double timeout_s,
                          double max_memory_gb,
                          const std::function<bool(const ChildMessage&)>& on_message,
                          const std::atomic<bool>* stop);

// "SIGSEGV" for 11, ...; "signal N" for others.
std::string signal_name(int sig);

// Whether run_in_child applies the memory limit in this build.
bool memory_limit_supported();

}  // namespace channelmap
