// The supervisor side of the airlock: clone the init into fresh namespaces, trace every task
// in it, run commands, then read the upper layers. See airlock.h for the layout.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "airlock/sandbox/airlock.h"
#include "sandbox/changes.h"
#include "sandbox/decoy_reads.h"
#include "sandbox/init.h"
#include "sandbox/mount_plan.h"
#include "sandbox/prestage.h"
#include "sandbox/tracer.h"

namespace airlock::sandbox {
namespace {

constexpr int kTraceOptions = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
                              PTRACE_O_TRACEEXEC | PTRACE_O_TRACESECCOMP | PTRACE_O_EXITKILL;

volatile sig_atomic_t g_tick = 0;
void on_alarm(int) { g_tick = 1; }

bool write_file(const std::string& path, const std::string& content) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  close(fd);
  return ok;
}

std::string random_hostname() {
  static const char* words[] = {"dev", "build", "work", "laptop", "desk", "station"};
  std::random_device rd;
  std::mt19937 g(rd());
  std::string name = words[g() % 6];
  name += "-";
  for (int i = 0; i < 6; ++i) name.push_back("abcdefghijklmnopqrstuvwxyz0123456789"[g() % 36]);
  return name;
}

bool is_thread_of_other(pid_t tid) {
  std::ifstream f("/proc/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("Tgid:", 0) == 0) return std::stol(line.substr(5)) != tid;
  }
  return false;
}

// False for a task that is gone or has exited (a zombie whose exit is not yet collected).
bool still_running(pid_t tid) {
  std::ifstream f("/proc/" + std::to_string(tid) + "/stat");
  std::string stat;
  if (!std::getline(f, stat)) return false;
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return false;
  const char state = stat[paren + 2];
  return state != 'Z' && state != 'X' && state != 'x';
}

// The TracerPid of a task (0 when untraced or gone).
pid_t tracer_of(pid_t tid) {
  std::ifstream f("/proc/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("TracerPid:", 0) == 0) return static_cast<pid_t>(std::stol(line.substr(10)));
  }
  return 0;
}

std::string read_line(int fd) {
  std::string s;
  char c;
  while (s.size() < 65536) {
    ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') break;
    s.push_back(c);
  }
  return s;
}

}  // namespace

struct Sandbox::Impl {
  SandboxOptions opt;
  std::string staging_root;  // /tmp/airlock-XXXXXX on the real filesystem
  std::vector<MountStep> steps;
  pid_t init = -1;
  bool init_alive = false;
  int command_fd = -1;  // our end of the socketpair
  int staging_fd = -1;  // the init's tmpfs (uppers), opened through /proc/<init>/fd
  TraceLog scratch;     // the tracer's log until run() hands it the caller's
  std::unique_ptr<Tracer> tracer;
  // Reads of the decoys (see decoy_reads.h).
  DecoyReads decoy_reads;

  void watch_decoys(const std::set<std::string>& paths) {
    decoy_reads.watch("/proc/" + std::to_string(init) + "/root", paths);
  }

  // Turns pending decoy opens into credential-access events of the current phase.
  void drain_decoy_reads(int phase) {
    decoy_reads.drain(
        [&](const std::string& path, pid_t pid) { tracer->record_decoy_read(path, phase, pid); });
  }

  // New trees copied ahead of the commit (see prestage.h); declared last, so that it is
  // destroyed (waited for, its leftovers removed) while staging_fd is still open.
  std::unique_ptr<Prestager> prestager;

  ~Impl() {
    prestager.reset();
    stop();
    if (command_fd >= 0) close(command_fd);
    if (staging_fd >= 0) close(staging_fd);
    if (!staging_root.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(staging_root, ec);
    }
  }

  // Kills every traced task except the init. A pid is only signalled while we still trace
  // it: a stale table entry whose pid the host has reused for an unrelated process must
  // never be killed. (Tasks in namespaces nested inside the airlock are traced too.)
  void kill_all_but_init() {
    for (pid_t tid : tracer->live_tids()) {
      const Task* t = tracer->task(tid);
      if (tid == init || !t || t->tgid == init) continue;
      if (tracer_of(tid) != getpid()) continue;
      kill(tid, SIGKILL);
    }
  }

  void stop() {
    if (!init_alive) return;
    kill(init, SIGKILL);
    // Every task of the PID namespace dies with its init; collect them all.
    for (;;) {
      int st;
      pid_t p = waitpid(-1, &st, __WALL);
      if (p < 0 && errno == EINTR) continue;
      if (p < 0) break;
      if (WIFEXITED(st) || WIFSIGNALED(st)) {
        if (tracer) tracer->on_exit(p);
        if (p == init) init_alive = false;
      } else if (WIFSTOPPED(st)) {
        ptrace(PTRACE_CONT, p, 0, 0);
      }
    }
    init_alive = false;
  }
};

Sandbox::Sandbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Sandbox::~Sandbox() = default;

Status check_user_namespaces() {
  std::ifstream f("/proc/sys/user/max_user_namespaces");
  long max = -1;
  if (f >> max && max == 0) {
    return make_error(ErrorCode::kUnsupported,
                      "user namespaces are disabled (user.max_user_namespaces = 0); enable "
                      "them with: sysctl -w user.max_user_namespaces=15000");
  }
  std::ifstream g("/proc/sys/kernel/unprivileged_userns_clone");
  long v = -1;
  if (getuid() != 0 && g >> v && v == 0) {
    return make_error(ErrorCode::kUnsupported,
                      "unprivileged user namespaces are disabled; enable them with: sysctl -w "
                      "kernel.unprivileged_userns_clone=1");
  }
  std::ifstream h("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
  if (getuid() != 0 && h >> v && v == 1) {
    return make_error(ErrorCode::kUnsupported,
                      "AppArmor restricts unprivileged user namespaces; allow them with: sysctl "
                      "-w kernel.apparmor_restrict_unprivileged_userns=0 (or an AppArmor profile "
                      "for airlock with the 'userns' permission)");
  }
  return Ok{};
}

Result<std::unique_ptr<Sandbox>> Sandbox::create(const SandboxOptions& options) {
  if (auto st = check_user_namespaces(); !st) return st.error();
  auto impl = std::make_unique<Impl>();
  impl->opt = options;
  char tmpl[] = "/tmp/airlock-XXXXXX";
  if (!mkdtemp(tmpl))
    return make_error(ErrorCode::kIo, "cannot create a staging directory in /tmp");
  impl->staging_root = tmpl;
  const std::string decoy = impl->staging_root + "/decoy";
  const std::string mnt = impl->staging_root + "/mnt";
  mkdir(mnt.c_str(), 0700);
  if (auto st = write_decoy_layer(decoy, options.decoys, options.opaque_dirs); !st)
    return st.error();

  MountPlanInput in{read_mount_points(), options.home, options.cwd, options.visible, decoy};
  impl->steps = plan_mounts(in, &list_real_dir);

  int sync_to_child[2], sync_from_child[2], cmd[2];
  if (pipe2(sync_to_child, O_CLOEXEC) != 0 || pipe2(sync_from_child, O_CLOEXEC) != 0 ||
      socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, cmd) != 0) {
    return make_error(ErrorCode::kIo, std::string("pipe: ") + std::strerror(errno));
  }
  InitConfig cfg;
  cfg.steps = impl->steps;
  cfg.staging = mnt;
  cfg.tmpfs_bytes = options.max_disk_bytes;
  cfg.hostname = random_hostname();
  cfg.max_processes = options.max_processes;
  cfg.command_fd = cmd[1];

  const long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC;
  pid_t pid =
      static_cast<pid_t>(syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
  if (pid < 0) {
    const int err = errno;
    return make_error(ErrorCode::kUnsupported,
                      std::string("cannot create the airlock's namespaces: ") + std::strerror(err) +
                          (err == EPERM || err == ENOSPC || err == EINVAL
                               ? " (are user namespaces enabled? sysctl user.max_user_namespaces "
                                 "and kernel.unprivileged_userns_clone)"
                               : ""));
  }
  if (pid == 0) {
    // The init. If the supervisor dies, so does the airlock (and, through ptrace's EXITKILL,
    // every task in it).
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(sync_to_child[1]);
    close(sync_from_child[0]);
    close(cmd[0]);
    cfg.go_fd = sync_to_child[0];
    cfg.report_fd = sync_from_child[1];
    init_main(cfg);
  }
  close(sync_to_child[0]);
  close(sync_from_child[1]);
  close(cmd[1]);
  impl->init = pid;
  impl->init_alive = true;
  impl->command_fd = cmd[0];
  impl->tracer =
      std::make_unique<Tracer>(impl->scratch, options.honeytokens, decoy_watch_paths(options));

  const std::string proc = "/proc/" + std::to_string(pid);
  const std::string uid_map = "0 " + std::to_string(getuid()) + " 1\n";
  const std::string gid_map = "0 " + std::to_string(getgid()) + " 1\n";
  if (!write_file(proc + "/setgroups", "deny") || !write_file(proc + "/uid_map", uid_map) ||
      !write_file(proc + "/gid_map", gid_map)) {
    return make_error(
        ErrorCode::kUnsupported,
        "cannot map ids into the airlock's user namespace: " + std::string(std::strerror(errno)));
  }
  if (ptrace(PTRACE_SEIZE, pid, 0, kTraceOptions) != 0) {
    return make_error(ErrorCode::kUnsupported, std::string("cannot trace the airlock (ptrace): ") +
                                                   std::strerror(errno) +
                                                   " (is kernel.yama.ptrace_scope 3?)");
  }
  impl->tracer->on_new_task(0, pid, false, false);
  if (write(sync_to_child[1], "g", 1) != 1) return make_error(ErrorCode::kIo, "airlock init died");
  close(sync_to_child[1]);
  std::string ready = read_line(sync_from_child[0]);
  close(sync_from_child[0]);
  if (ready.rfind("ready ", 0) != 0) {
    return make_error(ErrorCode::kUnsupported,
                      "the airlock could not be set up: " +
                          (ready.empty() ? std::string("its init exited") : ready.substr(6)));
  }
  const int child_fd = std::atoi(ready.c_str() + 6);
  const std::string fd_path = proc + "/fd/" + std::to_string(child_fd);
  impl->staging_fd = open(fd_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (impl->staging_fd < 0) {
    return make_error(ErrorCode::kUnsupported, "cannot reach the airlock's upper layers: " +
                                                   std::string(std::strerror(errno)));
  }
  impl->watch_decoys(decoy_watch_paths(options));
  struct sigaction sa {};
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: waitpid must return to check the deadline
  sigaction(SIGALRM, &sa, nullptr);
  return std::unique_ptr<Sandbox>(new Sandbox(std::move(impl)));
}

}  // namespace airlock::sandbox

namespace airlock::sandbox {

Result<RunResult> Sandbox::run(const std::vector<std::string>& argv, NetMode net,
                               int timeout_seconds, int phase, TraceLog& log) {
  Impl& s = *impl_;
  if (!s.init_alive) return make_error(ErrorCode::kInternal, "the airlock is not running");
  if (argv.empty()) return make_error(ErrorCode::kInvalidArgument, "no command to run");
  // The tracer writes into the caller's log for this run.
  Tracer& tracer = *s.tracer;
  tracer.set_log(log);
  tracer.set_phase(phase);
  const int started_before = tracer.processes_started();

  const std::string req = encode_request(net == NetMode::kNone, s.opt.cwd, argv, s.opt.env);
  if (write(s.command_fd, req.data(), req.size()) != static_cast<ssize_t>(req.size()))
    return make_error(ErrorCode::kIo, "cannot talk to the airlock's init");

  RunResult r;
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto deadline =
      clock::now() + std::chrono::seconds(timeout_seconds > 0 ? timeout_seconds : 1 << 30);
  itimerval tick{{0, 200000}, {0, 200000}};
  setitimer(ITIMER_REAL, &tick, nullptr);
  pid_t main_pid = -1;
  bool main_done = false, killed = false, leftovers_decided = false;
  clock::time_point grace_end;
  clock::time_point killed_at;
  auto kill_everything = [&] {
    if (!killed) {
      s.kill_all_but_init();
      killed_at = clock::now();
    }
    killed = true;
  };
  for (;;) {
    if (!killed && clock::now() >= deadline) {
      r.timed_out = true;
      kill_everything();
    }
    s.drain_decoy_reads(phase);
    if (main_done && tracer.live_tasks() <= 1) break;
    if (main_done && !leftovers_decided && clock::now() >= grace_end) {
      // What still runs now was left behind by the command: a daemon, a detached child.
      leftovers_decided = true;
      std::map<pid_t, std::string> procs;
      for (pid_t tid : tracer.live_tids()) {
        const Task* t = tracer.task(tid);
        if (!t || t->tgid == s.init || tid == s.init || !still_running(t->tgid)) continue;
        procs.emplace(t->tgid,
                      t->image + (t->command_line.empty() ? "" : " (" + t->command_line + ")"));
      }
      if (!killed) {
        for (const auto& [pid, desc] : procs) r.leftovers.push_back(desc);
      }
      kill_everything();
    }
    int st = 0;
    pid_t p = waitpid(-1, &st, __WALL);
    if (p < 0) {
      if (errno != EINTR) break;  // ECHILD: nothing left at all (the init died)
      if (killed) {
        // Everything was killed: whatever the table still holds and /proc no longer has
        // was a missed exit. Past a grace period, stop waiting regardless.
        tracer.prune_vanished();
        if (clock::now() - killed_at > std::chrono::seconds(10)) break;
      }
      continue;
    }
    if (WIFEXITED(st) || WIFSIGNALED(st)) {
      if (p == s.init) {
        s.init_alive = false;
        tracer.on_exit(p);
        return make_error(ErrorCode::kInternal, "the airlock's init died");
      }
      if (p == main_pid && !main_done) {
        main_done = true;
        r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        tracer.on_exit(p);
        // Its children's exits may still be queued behind its own: decide what was left
        // behind only after a grace period (below).
        grace_end = clock::now() + std::chrono::milliseconds(300);
        continue;
      }
      tracer.on_exit(p);
      continue;
    }
    if (!WIFSTOPPED(st)) continue;
    const int sig = WSTOPSIG(st);
    const int event = st >> 16;
    int inject = 0;
    switch (event) {
      case PTRACE_EVENT_FORK:
      case PTRACE_EVENT_VFORK:
      case PTRACE_EVENT_CLONE: {
        unsigned long msg = 0;
        ptrace(PTRACE_GETEVENTMSG, p, 0, &msg);
        const auto child = static_cast<pid_t>(msg);
        const bool thread = event == PTRACE_EVENT_CLONE && is_thread_of_other(child);
        const bool first = p == s.init && main_pid < 0;
        if (first) main_pid = child;
        tracer.on_new_task(p, child, thread, first);
        if (!thread && tracer.live_processes() > s.opt.max_processes) {
          r.fork_bomb = true;
          kill_everything();
        }
        break;
      }
      case PTRACE_EVENT_EXEC: {
        unsigned long former = 0;
        ptrace(PTRACE_GETEVENTMSG, p, 0, &former);
        tracer.on_exec(p, static_cast<pid_t>(former));
        break;
      }
      case PTRACE_EVENT_SECCOMP:
        tracer.on_seccomp_stop(p);
        break;
      case PTRACE_EVENT_STOP:
        if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
          ptrace(PTRACE_LISTEN, p, 0, 0);
          continue;
        }
        break;
      default:
        inject = sig == SIGTRAP ? 0 : sig;  // a signal for the tracee: deliver it
        break;
    }
    ptrace(PTRACE_CONT, p, 0, inject);
  }
  itimerval off{};
  setitimer(ITIMER_REAL, &off, nullptr);
  s.drain_decoy_reads(phase);
  r.processes = tracer.processes_started() - started_before;
  r.seconds = std::chrono::duration<double>(clock::now() - started).count();
  if (r.exit_code == 127) {
    // start_command() reports why exec failed on the command socket before exiting.
    int flags = fcntl(s.command_fd, F_GETFL);
    fcntl(s.command_fd, F_SETFL, flags | O_NONBLOCK);
    char buf[1024];
    ssize_t n = read(s.command_fd, buf, sizeof buf);
    fcntl(s.command_fd, F_SETFL, flags);
    if (n > 0) {
      std::string msg(buf, static_cast<std::size_t>(n));
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      if (msg.rfind("exec ", 0) == 0 || msg.rfind("error exec", 0) == 0) {
        r.exec_error = msg.substr(msg.find(' ') + 1);
      }
    }
  }
  return r;
}

Result<std::vector<Change>> Sandbox::finish() {
  impl_->stop();
  return changes();
}

Result<std::vector<Change>> Sandbox::changes() const {
  const Impl& s = *impl_;
  std::vector<UpperLayer> layers;
  for (const MountStep& st : s.steps) {
    if (st.kind != MountStep::Kind::kOverlay) continue;
    UpperLayer l;
    l.real_root = st.source;
    l.upper_rel = "u/" + std::to_string(st.upper);
    if (!st.extra_lowers.empty()) {
      l.decoy_dir = st.extra_lowers.front();
      l.decoy_opaque = s.opt.opaque_dirs;
    }
    layers.push_back(std::move(l));
  }
  return list_changes(s.staging_fd, layers);
}

bool Sandbox::upper_nearly_full() const {
  struct statvfs v {};
  if (fstatvfs(impl_->staging_fd, &v) != 0 || v.f_blocks == 0) return false;
  return v.f_bavail * 100 < v.f_blocks * 2;  // under 2% left
}

std::vector<Sandbox::Applied> Sandbox::commit(const std::vector<Change>& changes) {
  if (impl_->prestager) return impl_->prestager->commit(changes);
  return apply_changes(impl_->staging_fd, changes);
}

void Sandbox::prestage(const std::vector<Change>& changes) {
  if (!impl_->prestager) impl_->prestager = std::make_unique<Prestager>(impl_->staging_fd);
  impl_->prestager->start(changes);
}

std::string Sandbox::read_upper(const Change& c, std::size_t max_bytes) const {
  return read_staged(impl_->staging_fd, c.upper_path, max_bytes);
}

std::string Sandbox::read_lower(const Change& c, std::size_t max_bytes) const {
  return read_lower_file(c, max_bytes);
}

std::string_view to_string(Change::Action a) {
  switch (a) {
    case Change::Action::kCreate:
      return "create";
    case Change::Action::kModify:
      return "modify";
    case Change::Action::kChmod:
      return "chmod";
    case Change::Action::kDelete:
      return "delete";
  }
  return "?";
}

std::string_view to_string(Change::Type t) {
  switch (t) {
    case Change::Type::kFile:
      return "file";
    case Change::Type::kDir:
      return "dir";
    case Change::Type::kSymlink:
      return "symlink";
    case Change::Type::kOther:
      return "other";
  }
  return "?";
}

}  // namespace airlock::sandbox
