// The airlock: run a command inside Linux namespaces over an overlay of the whole filesystem,
// trace what it does (ptrace + seccomp-bpf, stopping only on the syscalls of interest), then
// list, commit or discard what it wrote. No root and no daemon needed.
//
//   SandboxOptions opt;               // defaults: no network, 2 GiB upper layer, ...
//   opt.home = "/home/u"; opt.cwd = "/home/u/proj";
//   auto box = Sandbox::create(opt);  // namespaces + mounts are ready, nothing runs yet
//   if (!box) { print_error(box.error().message); return 2; }
//   TraceLog log;
//   auto r = (*box)->run({"npm", "install", "x"}, NetMode::kNone, log);  // traced
//   auto changes = (*box)->finish();  // kills leftovers, reads the upper layers
//   if (clean) commit_changes(*changes, ...);          // see changes.h
//
// The process layout: this process (the supervisor and tracer, outside every namespace)
// clones the airlock's init (PID 1 of a new PID namespace, root of a new user namespace that
// maps only the caller's uid), which builds the mounts, pivots into them and then starts each
// command on request. Commands run with every capability dropped, so they cannot undo the
// mounts; the tracer outside their PID namespace is invisible to them.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "airlock/core/result.h"

namespace airlock::sandbox {

enum class NetMode { kNone, kAllow };

// One observed action, with field names after Sigma's Linux taxonomy (docs/run.md).
struct TraceEvent {
  enum class Kind {
    kProcessCreation,    // execve succeeded
    kFileWrite,          // opened for writing / created / linked
    kFileDelete,         // unlink, rmdir
    kFileRename,         // rename: target = new name, source = old name
    kFileChmodExec,      // chmod adding an execute bit
    kFileAccess,         // read of a honeytoken or a catalogue credential location
    kNetworkConnection,  // connect / sendto with an address
    kDnsQuery,           // a DNS question seen in a datagram sent to port 53
    kSetsid,             // daemonisation
    kPtrace,             // ptrace of another process
    kMemoryWrite,        // process_vm_writev
    kMount,              // mount / unshare / setns / pivot_root attempts
  };
  Kind kind = Kind::kProcessCreation;
  double time = 0;  // seconds since the epoch
  pid_t pid = 0;    // as seen by the tracer (outside the airlock)
  pid_t ppid = 0;
  std::string image;         // executable path of the process
  std::string command_line;  // its argv joined by spaces
  std::string parent_image;
  std::string cwd;
  std::string target;  // TargetFilename, or the syscall name for kPtrace/kMount/kMemoryWrite
  std::string source;  // SourceFilename of a rename
  std::string dest_ip;
  int dest_port = 0;
  std::string query_name;
  std::string detail;          // e.g. "payload contains honeytoken AWS_SECRET_ACCESS_KEY"
  int phase = 0;               // index of the command (phase) that produced it
  bool by_phase_root = false;  // done by the phase's own top process (the package manager)
};

// Where the events of a run go.
class TraceLog {
 public:
  void add(TraceEvent e) { events_.push_back(std::move(e)); }
  const std::vector<TraceEvent>& events() const { return events_; }

 private:
  std::vector<TraceEvent> events_;
};

std::string_view to_string(TraceEvent::Kind k);

struct SandboxOptions {
  std::string home;                           // the user's home (overlaid with the decoy layer)
  std::string cwd;                            // where commands start
  std::vector<std::string> visible;           // real paths the command names (see MountPlanInput)
  std::vector<std::string> env;               // environment of the commands ("K=V")
  std::uint64_t max_disk_bytes = 2ull << 30;  // size of the in-memory upper layer
  int max_processes = 2000;  // more live processes than this is a fork bomb: all killed
  // Files the decoy layer provides (paths relative to home) and the secret values they and
  // the environment carry; a read of one is credential access, a value leaving is exfiltration.
  struct Decoy {
    std::string rel_path;
    std::string content;
    bool watched = true;  // a read of it is credential access (false: a copy for tools)
  };
  std::vector<Decoy> decoys;
  std::vector<std::string> opaque_dirs;  // decoy dirs that hide the real ones (rel to home)
  std::vector<std::pair<std::string, std::string>> honeytokens;  // name, secret value
};

struct RunResult {
  int exit_code = -1;  // of the command; 128+signal when killed
  bool timed_out = false;
  bool fork_bomb = false;
  std::string exec_error;  // set when the command could not be started
  int processes = 0;       // processes started during this run
  double seconds = 0;      // wall time of the run
  // Processes still alive when the command ended (then killed): image + command line.
  std::vector<std::string> leftovers;
};

// A change found in an upper layer: what committing it would do to the real filesystem.
struct Change {
  enum class Action { kCreate, kModify, kChmod, kDelete };
  enum class Type { kFile, kDir, kSymlink, kOther };
  Action action = Action::kCreate;
  Type type = Type::kFile;
  std::string path;        // absolute path on the real filesystem
  std::string upper_path;  // relative to the staging root (to read the new content)
  std::string lower_path;  // the file it replaces (real or decoy); empty when it is new
  std::uint64_t size = 0;
  unsigned mode = 0;
  bool decoy = false;   // the path is a decoy file: never committed
  bool opaque = false;  // a directory that replaced the real one (its old content goes)
  std::string link_target;
  // Status-change time of the upper entry (ns): tells whether it changed between listings.
  std::int64_t changed_ns = 0;
};
std::string_view to_string(Change::Action a);
std::string_view to_string(Change::Type t);

class Sandbox {
 public:
  static Result<std::unique_ptr<Sandbox>> create(const SandboxOptions& options);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Runs one command (argv[0] looked up in PATH inside the airlock) to completion, timeout
  // or fork bomb, tracing it into `log`; leftovers are killed before it returns.
  Result<RunResult> run(const std::vector<std::string>& argv, NetMode net, int timeout_seconds,
                        int phase, TraceLog& log);
  // Lists the changes its upper layers hold so far (between runs, nothing writes to them).
  Result<std::vector<Change>> changes() const;
  // Stops the airlock (kills everything in it) and lists the changes of its upper layers.
  Result<std::vector<Change>> finish();
  // Applies the changes (after finish()) to the real filesystem; returns the paths applied.
  // Never follows a symlink on the real side, never applies decoy paths, strips set-id bits.
  struct Applied {
    std::string path;
    bool ok = false;
    std::string error;
  };
  std::vector<Applied> commit(const std::vector<Change>& changes);
  // Starts copying the new directory trees among `changes` (as listed now) to hidden
  // directories beside their destinations, on a background thread, so that a commit after
  // the next run only renames them (see prestage.h). What is not committed is removed.
  void prestage(const std::vector<Change>& changes);
  // Whether the writes filled the upper layer (--max-disk): a disk-filling install.
  bool upper_nearly_full() const;
  // Reads the new content of a changed file (bounded), for classification.
  std::string read_upper(const Change& c, std::size_t max_bytes) const;
  // Reads the old content of a changed file (the decoy or the real one), bounded.
  std::string read_lower(const Change& c, std::size_t max_bytes) const;

  struct Impl;

 private:
  explicit Sandbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Whether user namespaces can be created here; the message says how to enable them if not.
Status check_user_namespaces();

}  // namespace airlock::sandbox
