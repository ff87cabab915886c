#include "sandbox/init.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "sandbox/tracer.h"

extern char** environ;

namespace airlock::sandbox {
namespace {

void write_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

[[noreturn]] void die(int fd, const std::string& what) {
  write_all(fd, "error " + what + ": " + std::strerror(errno) + "\n");
  _exit(1);
}

// A command that cannot be started: the supervisor reads the reason after exit code 127.
[[noreturn]] void die_exec(int fd, const std::string& what) {
  write_all(fd, "exec " + what + ": " + std::strerror(errno) + "\n");
  _exit(127);
}

void mkdirs(const std::string& path, mode_t mode = 0755) {
  for (std::size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') mkdir(path.substr(0, i).c_str(), mode);
  }
}

void touch(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) close(fd);
}

bool bind(const std::string& src, const std::string& dst, bool read_only, bool recursive) {
  unsigned long flags = MS_BIND | (recursive ? MS_REC : 0);
  if (mount(src.c_str(), dst.c_str(), nullptr, flags, nullptr) != 0) return false;
  if (read_only) {
    mount(nullptr, dst.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr);
  }
  return true;
}

std::string tmpfs_opts(std::uint64_t bytes, const char* mode) {
  return "size=" + std::to_string(bytes) + ",mode=" + mode;
}

// A /dev with only what programs expect: the harmless character devices, a private devpts
// and shm. The host's /dev/shm must not be reachable (writes there would leave the airlock).
void make_dev(const std::string& dev, std::uint64_t shm_bytes, std::string& warnings) {
  mkdirs(dev);
  mount("tmpfs", dev.c_str(), "tmpfs", MS_NOSUID | MS_NOEXEC, "size=1m,mode=0755");
  for (const char* d : {"null", "zero", "full", "random", "urandom", "tty"}) {
    std::string p = dev + "/" + d;
    touch(p);
    if (!bind(std::string("/dev/") + d, p, false, false)) warnings += std::string(" /dev/") + d;
  }
  symlink("/proc/self/fd", (dev + "/fd").c_str());
  symlink("/proc/self/fd/0", (dev + "/stdin").c_str());
  symlink("/proc/self/fd/1", (dev + "/stdout").c_str());
  symlink("/proc/self/fd/2", (dev + "/stderr").c_str());
  mkdirs(dev + "/pts");
  if (mount("devpts", (dev + "/pts").c_str(), "devpts", MS_NOSUID | MS_NOEXEC,
            "newinstance,ptmxmode=0666,mode=0620") == 0) {
    symlink("pts/ptmx", (dev + "/ptmx").c_str());
  }
  mkdirs(dev + "/shm");
  mount("tmpfs", (dev + "/shm").c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
        tmpfs_opts(shm_bytes, "1777").c_str());
}

// Executes one step under `root`; returns false (with a warning) when it had to degrade.
void apply_step(const MountStep& s, const std::string& root, const std::string& staging,
                std::uint64_t tmpfs_bytes, std::string& warnings) {
  const std::string tgt = root + s.target;
  switch (s.kind) {
    case MountStep::Kind::kDir:
      mkdirs(tgt);
      break;
    case MountStep::Kind::kSymlink:
      symlink(s.source.c_str(), tgt.c_str());
      break;
    case MountStep::Kind::kBindFile:
      mkdirs(tgt.substr(0, tgt.rfind('/')));
      touch(tgt);
      bind(s.source, tgt, true, false);
      break;
    case MountStep::Kind::kOverlay: {
      mkdirs(tgt);
      const std::string upper = staging + "/u/" + std::to_string(s.upper);
      const std::string work = staging + "/w/" + std::to_string(s.upper);
      mkdirs(upper);
      mkdirs(work);
      std::string lower;
      for (const std::string& l : s.extra_lowers) lower += escape_overlay_path(l) + ":";
      lower += escape_overlay_path(s.source);
      const std::string opts = "userxattr,lowerdir=" + lower +
                               ",upperdir=" + escape_overlay_path(upper) +
                               ",workdir=" + escape_overlay_path(work);
      if (mount("overlay", tgt.c_str(), "overlay", 0, opts.c_str()) != 0) {
        // Some filesystems cannot be a lower layer: show them read-only instead, so a write
        // fails rather than reaching the real filesystem.
        warnings += " " + s.target + "(read-only:" + std::strerror(errno) + ")";
        bind(s.source, tgt, true, true);
      }
      break;
    }
    case MountStep::Kind::kBindRo:
      mkdirs(tgt);
      bind(s.source, tgt, true, true);
      break;
    case MountStep::Kind::kTmpfs:
      mkdirs(tgt);
      mount("tmpfs", tgt.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
            tmpfs_opts(tmpfs_bytes / 4, "1777").c_str());
      break;
    case MountStep::Kind::kProc:
      mkdirs(tgt);
      if (mount("proc", tgt.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
        warnings += " /proc(host view)";
        bind("/proc", tgt, true, true);
      }
      break;
    case MountStep::Kind::kDev:
      make_dev(tgt, tmpfs_bytes / 8, warnings);
      break;
  }
}

void loopback_up() {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return;
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    ioctl(s, SIOCSIFFLAGS, &ifr);
  }
  close(s);
}

bool load_seccomp_filter() {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (!ctx) return false;
#if defined(__x86_64__)
  // 32-bit syscalls from a 64-bit process must not slip past the filter.
  seccomp_arch_add(ctx, SCMP_ARCH_X86);
  seccomp_arch_add(ctx, SCMP_ARCH_X32);
#endif
  for (const char* name : traced_syscall_names()) {
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) continue;
    // open/openat stop only when they can write (the flags are a register, so the filter
    // can tell): reads are most of a build's syscalls, and each stop costs a round trip
    // to the tracer. Reads of the decoys are seen through inotify instead (sandbox.cpp).
    const int flags_arg = std::strcmp(name, "open") == 0     ? 1
                          : std::strcmp(name, "openat") == 0 ? 2
                                                             : -1;
    if (flags_arg < 0) {
      seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), nr, 0);
      continue;
    }
    const auto arg = static_cast<unsigned>(flags_arg);
    for (scmp_datum_t mode : {scmp_datum_t{O_WRONLY}, scmp_datum_t{O_RDWR}}) {
      seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), nr, 1,
                       scmp_arg_cmp{arg, SCMP_CMP_MASKED_EQ, O_ACCMODE, mode});
    }
    for (scmp_datum_t bit : {scmp_datum_t{O_CREAT}, scmp_datum_t{O_TRUNC}}) {
      seccomp_rule_add(ctx, SCMP_ACT_TRACE(0), nr, 1,
                       scmp_arg_cmp{arg, SCMP_CMP_MASKED_EQ, bit, bit});
    }
  }
  int rc = seccomp_load(ctx);
  seccomp_release(ctx);
  return rc == 0;
}

// The command runs as uid 0 of the airlock's user namespace with no capabilities at all:
// it cannot mount, unmount or otherwise rearrange what the airlock shows it.
void drop_capabilities() {
  for (int cap = 0; cap <= 63; ++cap) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  syscall(SYS_capset, &hdr, data);
}

std::vector<std::string> split_nul(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = s.find('\0', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool read_exact(int fd, void* buf, std::size_t len) {
  auto* p = static_cast<char*>(buf);
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<std::size_t>(n);
  }
  return true;
}

[[noreturn]] void start_command(const std::vector<std::string>& req, int report_fd,
                                int max_processes) {
  bool net_none = true;
  std::string cwd = "/";
  std::vector<std::string> argv, env;
  enum { kHeader, kArgv, kEnv } part = kHeader;
  for (const std::string& f : req) {
    if (part == kHeader && f == "argv")
      part = kArgv;
    else if (part == kArgv && f == "env")
      part = kEnv;
    else if (f == "end")
      break;
    else if (part == kHeader && f.rfind("net=", 0) == 0)
      net_none = f == "net=none";
    else if (part == kHeader && f.rfind("cwd=", 0) == 0)
      cwd = f.substr(4);
    else if (part == kArgv)
      argv.push_back(f);
    else if (part == kEnv)
      env.push_back(f);
  }
  setpgid(0, 0);
  signal(SIGCHLD, SIG_DFL);
  // airlock's stdout carries the report (json, sarif): the command's output goes to stderr.
  dup2(STDERR_FILENO, STDOUT_FILENO);
  if (net_none) {
    // A fresh network namespace with only loopback, and a resolver address on loopback so
    // that DNS questions are sent (and seen) instead of failing before any packet.
    if (unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) die_exec(report_fd, "(airlock) unshare(net)");
    loopback_up();
    mount("/run/airlock/resolv.conf", "/etc/resolv.conf", nullptr, MS_BIND, nullptr);
  }
  if (chdir(cwd.c_str()) != 0) die_exec(report_fd, "(airlock) cannot enter " + cwd);
  rlimit nproc{static_cast<rlim_t>(max_processes), static_cast<rlim_t>(max_processes)};
  setrlimit(RLIMIT_NPROC, &nproc);
  rlimit core{0, 0};
  setrlimit(RLIMIT_CORE, &core);
  if (!load_seccomp_filter()) die_exec(report_fd, "(airlock) seccomp filter");
  drop_capabilities();
  std::vector<char*> cargv, cenv;
  for (std::string& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (std::string& e : env) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  environ = cenv.data();  // execvp searches the command's PATH, not the airlock's
  if (!argv.empty()) execvp(cargv[0], cargv.data());
  const int err = errno;
  write_all(report_fd, "exec " + (argv.empty() ? std::string("(empty)") : argv[0]) + ": " +
                           std::strerror(err) + "\n");
  _exit(127);
}

}  // namespace

std::string encode_request(bool net_none, const std::string& cwd,
                           const std::vector<std::string>& argv,
                           const std::vector<std::string>& env) {
  std::string body;
  auto add = [&](const std::string& s) {
    body += s;
    body.push_back('\0');
  };
  add(net_none ? "net=none" : "net=allow");
  add("cwd=" + cwd);
  add("argv");
  for (const std::string& a : argv) add(a);
  add("env");
  for (const std::string& e : env) add(e);
  add("end");
  const auto len = static_cast<std::uint32_t>(body.size());
  return std::string(reinterpret_cast<const char*>(&len), sizeof len) + body;
}

void init_main(const InitConfig& c) {
  char go = 0;
  if (!read_exact(c.go_fd, &go, 1)) _exit(1);
  close(c.go_fd);
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    die(c.report_fd, "make mounts private");
  if (mount("tmpfs", c.staging.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
            tmpfs_opts(c.tmpfs_bytes, "0700").c_str()) != 0)
    die(c.report_fd, "mount the upper-layer tmpfs");
  const std::string root = c.staging + "/root";
  mkdirs(root);
  mkdirs(c.staging + "/u");
  mkdirs(c.staging + "/w");
  if (!bind(root, root, false, false)) die(c.report_fd, "bind the new root");
  std::string warnings;
  for (const MountStep& s : c.steps) apply_step(s, root, c.staging, c.tmpfs_bytes, warnings);

  const int staging_fd = open(c.staging.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (staging_fd < 0) die(c.report_fd, "open staging");
  sethostname(c.hostname.data(), c.hostname.size());

  if (chdir(root.c_str()) != 0) die(c.report_fd, "enter the new root");
  if (syscall(SYS_pivot_root, ".", ".") != 0) die(c.report_fd, "pivot_root");
  if (umount2(".", MNT_DETACH) != 0) die(c.report_fd, "detach the old root");
  if (chdir("/") != 0) die(c.report_fd, "chdir /");
  // The resolver file for commands without network: a bind source must be a mount of this
  // namespace, so it lives in the airlock's own /run (a tmpfs) rather than in the staging.
  mkdir("/run", 0755);
  mkdir("/run/airlock", 0755);
  {
    int fd = open("/run/airlock/resolv.conf", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      write_all(fd, "nameserver 127.0.0.1\noptions attempts:1 timeout:1\n");
      close(fd);
    }
  }
  // Orphans (daemons the commands leave) are reaped by the kernel; the supervisor sees them
  // through ptrace and kills them.
  signal(SIGCHLD, SIG_IGN);
  write_all(c.report_fd, "ready " + std::to_string(staging_fd) + warnings + "\n");

  for (;;) {
    std::uint32_t len = 0;
    if (!read_exact(c.command_fd, &len, sizeof len)) _exit(0);
    if (len > (1u << 22)) _exit(1);
    std::string body(len, '\0');
    if (!read_exact(c.command_fd, body.data(), len)) _exit(1);
    const std::vector<std::string> req = split_nul(body);
    pid_t pid = fork();
    if (pid == 0) {
      close(c.report_fd);
      close(staging_fd);
      start_command(req, c.command_fd, c.max_processes);
    }
  }
}

}  // namespace airlock::sandbox
