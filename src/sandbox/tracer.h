// Decodes the syscalls the airlock's seccomp filter stops on into TraceEvents, and keeps
// the table of traced tasks (who started whom, with which image and command line).
//
// Everything is read from the tracee at its seccomp stop (syscall entry): arguments are what
// the process asked for, whether or not the kernel then allowed it. Strings and buffers are
// read with process_vm_readv and bounded.
#pragma once

#include <sys/types.h>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "airlock/sandbox/airlock.h"

namespace airlock::sandbox {

// Names of the syscalls the seccomp filter hands to the tracer.
const std::vector<const char*>& traced_syscall_names();

struct Task {
  pid_t tgid = 0;
  pid_t ppid = 0;  // tgid of the parent process
  std::string image;
  std::string command_line;
  int phase = 0;
  bool phase_root = false;
};

class Tracer {
 public:
  Tracer(TraceLog& log, std::vector<std::pair<std::string, std::string>> honeytokens,
         std::set<std::string> watched_reads);

  void set_phase(int phase) { phase_ = phase; }
  void set_log(TraceLog& log) { log_ = &log; }
  // A new task appeared (fork/vfork/clone event of `parent`, or the phase's first process).
  void on_new_task(pid_t parent_tid, pid_t child_tid, bool is_thread, bool phase_root);
  void on_exec(pid_t tid, pid_t former_tid);
  void on_seccomp_stop(pid_t tid);
  void on_exit(pid_t tid);
  // A decoy was opened by process `pid` (0: not known, see decoy_reads.h).
  void record_decoy_read(const std::string& path, int phase, pid_t pid);
  // Forgets tasks that no longer exist (a missed exit notification); returns how many.
  int prune_vanished();

  const Task* task(pid_t tid) const;
  std::size_t live_tasks() const { return tasks_.size(); }
  int live_processes() const { return live_processes_; }
  std::vector<pid_t> live_tids() const;
  int processes_started() const { return processes_started_; }
  // Paths written by traced processes (to see a dropped file being executed).
  const std::set<std::string>& written_paths() const { return written_; }

 private:
  TraceEvent base_event(pid_t tid, TraceEvent::Kind kind) const;
  std::string resolve_path(pid_t tid, long dirfd, const std::string& path) const;
  void emit(TraceEvent e);
  void file_open(pid_t tid, long dirfd, std::uint64_t path_addr, std::uint64_t flags);
  void network(pid_t tid, long fd, std::uint64_t addr, std::uint64_t addrlen, std::uint64_t buf,
               std::uint64_t len, const char* how);
  void sendmsg(pid_t tid, long fd, std::uint64_t msghdr_addr);
  std::string honeytoken_in(const std::string& data) const;

  TraceLog* log_;
  std::vector<std::pair<std::string, std::string>> honeytokens_;  // name, value
  std::vector<std::pair<std::string, std::string>> token_forms_;  // name, encoded value
  std::set<std::string> watched_reads_;
  std::unordered_map<pid_t, Task> tasks_;  // by tid (threads share their process's Task copy)
  std::map<std::pair<pid_t, long>, int> socket_ports_;  // (tgid, fd) -> port
  std::set<std::string> written_;
  int phase_ = 0;
  int processes_started_ = 0;
  int live_processes_ = 0;
  // Tasks whose exit was reported before their parent's fork event (waitpid order is not
  // guaranteed): they must not be added afterwards as live tasks.
  std::set<pid_t> exited_early_;
  // Processes that have exited (by tgid, bounded): a decoy read is often reported after its
  // reader is gone, and must still name it.
  std::unordered_map<pid_t, Task> exited_;
};

}  // namespace airlock::sandbox
