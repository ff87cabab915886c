#include "sandbox/tracer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace airlock::sandbox {
namespace {

// Bounds on what is copied out of a tracee per stop.
constexpr std::size_t kMaxPath = 4096;
constexpr std::size_t kMaxArgs = 256;
constexpr std::size_t kMaxCommandLine = 8192;
constexpr std::size_t kMaxPayload = 4096;

enum class Sys {
  kOther,
  kOpen,
  kOpenat,
  kOpenat2,
  kCreat,
  kUnlink,
  kUnlinkat,
  kRmdir,
  kRename,
  kRenameat,
  kChmod,
  kFchmod,
  kFchmodat,
  kLink,
  kLinkat,
  kSymlink,
  kSymlinkat,
  kMknod,
  kMknodat,
  kConnect,
  kSendto,
  kSendmsg,
  kSendmmsg,
  kSetsid,
  kPtrace,
  kProcessVmWritev,
  kMountLike,
};

struct SysName {
  const char* name;
  Sys sys;
};
constexpr SysName kSyscalls[] = {
    {"open", Sys::kOpen},
    {"openat", Sys::kOpenat},
    {"openat2", Sys::kOpenat2},
    {"creat", Sys::kCreat},
    {"unlink", Sys::kUnlink},
    {"unlinkat", Sys::kUnlinkat},
    {"rmdir", Sys::kRmdir},
    {"rename", Sys::kRename},
    {"renameat", Sys::kRenameat},
    {"renameat2", Sys::kRenameat},
    {"chmod", Sys::kChmod},
    {"fchmod", Sys::kFchmod},
    {"fchmodat", Sys::kFchmodat},
    {"link", Sys::kLink},
    {"linkat", Sys::kLinkat},
    {"symlink", Sys::kSymlink},
    {"symlinkat", Sys::kSymlinkat},
    {"mknod", Sys::kMknod},
    {"mknodat", Sys::kMknodat},
    {"connect", Sys::kConnect},
    {"sendto", Sys::kSendto},
    {"sendmsg", Sys::kSendmsg},
    {"sendmmsg", Sys::kSendmmsg},
    {"setsid", Sys::kSetsid},
    {"ptrace", Sys::kPtrace},
    {"process_vm_writev", Sys::kProcessVmWritev},
    {"mount", Sys::kMountLike},
    {"umount2", Sys::kMountLike},
    {"pivot_root", Sys::kMountLike},
    {"unshare", Sys::kMountLike},
    {"setns", Sys::kMountLike},
    {"fsopen", Sys::kMountLike},
    {"open_tree", Sys::kMountLike},
    {"move_mount", Sys::kMountLike},
};

// Syscall numbers differ per architecture (a 64-bit tracee can still make i386 syscalls), so
// the number is resolved to a name through libseccomp, cached per (arch, nr).
Sys classify_syscall(std::uint32_t arch, std::uint64_t nr, std::string& name_out) {
  static std::unordered_map<std::uint64_t, std::pair<Sys, std::string>> cache;
  const std::uint64_t key = (static_cast<std::uint64_t>(arch) << 32) | (nr & 0xffffffffu);
  auto it = cache.find(key);
  if (it == cache.end()) {
    std::pair<Sys, std::string> v{Sys::kOther, "?"};
    if (char* n = seccomp_syscall_resolve_num_arch(arch, static_cast<int>(nr))) {
      v.second = n;
      std::free(n);
      for (const SysName& s : kSyscalls) {
        if (v.second == s.name) v.first = s.sys;
      }
    }
    it = cache.emplace(key, std::move(v)).first;
  }
  name_out = it->second.second;
  return it->second.first;
}

bool read_mem(pid_t pid, std::uint64_t addr, void* out, std::size_t len) {
  if (addr == 0 || len == 0) return false;
  iovec local{out, len};
  iovec remote{reinterpret_cast<void*>(addr), len};
  return process_vm_readv(pid, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(len);
}

// Reads a NUL-terminated string, page by page (a string may end just before an unmapped
// page, so reading a fixed large block could fail).
std::string read_string(pid_t pid, std::uint64_t addr, std::size_t max) {
  std::string out;
  if (addr == 0) return out;
  char buf[4096];
  while (out.size() < max) {
    // Up to the end of the page: the next page may be unmapped, and one call per page keeps
    // a path (usually shorter than the rest of its page) to a single syscall.
    const std::uint64_t at = addr + out.size();
    std::size_t chunk = sizeof buf - (at % sizeof buf);
    if (!read_mem(pid, at, buf, chunk)) break;
    const void* nul = std::memchr(buf, 0, chunk);
    if (nul) {
      out.append(buf, static_cast<const char*>(nul) - buf);
      return out.size() > max ? out.substr(0, max) : out;
    }
    out.append(buf, chunk);
  }
  if (out.size() > max) out.resize(max);
  return out;
}

std::string read_bytes(pid_t pid, std::uint64_t addr, std::size_t len) {
  std::string out(std::min(len, kMaxPayload), '\0');
  if (out.empty() || !read_mem(pid, addr, out.data(), out.size())) return {};
  return out;
}

std::string read_link(const std::string& path) {
  char buf[kMaxPath];
  ssize_t n = readlink(path.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// Lexical normalisation of an absolute path ("." and ".." and repeated slashes).
std::string normalise(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string c = path.substr(i, j - i);
    if (c == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!c.empty() && c != ".") {
      parts.push_back(std::move(c));
    }
    i = j + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

std::string hex(const std::string& s) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(d[c >> 4]);
    out.push_back(d[c & 15]);
  }
  return out;
}

// The question name of a DNS query datagram, or "" if it is not one.
std::string dns_question(const std::string& pkt) {
  if (pkt.size() < 13) return {};
  std::string name;
  std::size_t i = 12;
  for (int labels = 0; labels < 64 && i < pkt.size(); ++labels) {
    const auto len = static_cast<unsigned char>(pkt[i]);
    if (len == 0) return name;
    if (len > 63 || i + 1 + len > pkt.size()) return {};
    if (!name.empty()) name.push_back('.');
    for (std::size_t k = 0; k < len; ++k) {
      const char c = pkt[i + 1 + k];
      name.push_back(c >= 0x21 && c < 0x7f ? c : '?');
    }
    i += 1 + len;
  }
  return {};
}

bool sockaddr_to(const std::string& raw, std::string& ip, int& port) {
  if (raw.size() < sizeof(sa_family_t)) return false;
  sa_family_t family;
  std::memcpy(&family, raw.data(), sizeof family);
  char buf[INET6_ADDRSTRLEN] = {};
  if (family == AF_INET && raw.size() >= sizeof(sockaddr_in)) {
    sockaddr_in a;
    std::memcpy(&a, raw.data(), sizeof a);
    inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    ip = buf;
    port = ntohs(a.sin_port);
    return true;
  }
  if (family == AF_INET6 && raw.size() >= sizeof(sockaddr_in6)) {
    sockaddr_in6 a;
    std::memcpy(&a, raw.data(), sizeof a);
    inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf);
    ip = buf;
    port = ntohs(a.sin6_port);
    return true;
  }
  return false;
}

bool is_loopback(const std::string& ip) {
  return ip.rfind("127.", 0) == 0 || ip == "::1" || ip.rfind("::ffff:127.", 0) == 0;
}

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// The path the process was exec'd with: AT_EXECFN of /proc/PID/auxv points to it.
std::string exec_filename(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/auxv", std::ios::binary);
  std::uint64_t pair[2];
  while (f.read(reinterpret_cast<char*>(pair), sizeof pair)) {
    if (pair[0] == 0) break;                                        // AT_NULL
    if (pair[0] == 31) return read_string(pid, pair[1], kMaxPath);  // AT_EXECFN
  }
  return {};
}

std::vector<std::string> read_args(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string s(kMaxCommandLine, '\0');
  f.read(s.data(), static_cast<std::streamsize>(s.size()));
  s.resize(static_cast<std::size_t>(f.gcount()));
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size() && out.size() < kMaxArgs) {
    std::size_t j = s.find('\0', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

const std::vector<const char*>& traced_syscall_names() {
  static const std::vector<const char*> names = [] {
    std::vector<const char*> v;
    for (const SysName& s : kSyscalls) v.push_back(s.name);
    return v;
  }();
  return names;
}

Tracer::Tracer(TraceLog& log, std::vector<std::pair<std::string, std::string>> honeytokens,
               std::set<std::string> watched_reads)
    : log_(&log), honeytokens_(std::move(honeytokens)), watched_reads_(std::move(watched_reads)) {
  for (const auto& [name, value] : honeytokens_) {
    if (value.size() < 8) continue;
    token_forms_.emplace_back(name, value);
    token_forms_.emplace_back(name, hex(value));
    // The distinctive middle of a value survives many encodings (a DNS label is at most 63
    // characters, so long secrets are split; base32/64 shift it). 16 characters of a random
    // token are specific enough.
    if (value.size() > 24) token_forms_.emplace_back(name, value.substr(4, 16));
  }
}

const Task* Tracer::task(pid_t tid) const {
  auto it = tasks_.find(tid);
  return it == tasks_.end() ? nullptr : &it->second;
}

std::vector<pid_t> Tracer::live_tids() const {
  std::vector<pid_t> v;
  v.reserve(tasks_.size());
  for (const auto& [tid, t] : tasks_) v.push_back(tid);
  return v;
}

void Tracer::on_new_task(pid_t parent_tid, pid_t child_tid, bool is_thread, bool phase_root) {
  if (exited_early_.erase(child_tid) > 0) {
    if (!is_thread) ++processes_started_;
    return;
  }
  Task t;
  if (const Task* p = task(parent_tid)) {
    t = *p;
    if (!is_thread) {
      t.ppid = p->tgid;
      t.phase_root = false;
    }
  } else {
    t.image = read_link("/proc/" + std::to_string(child_tid) + "/exe");
  }
  if (!is_thread) {
    t.tgid = child_tid;
    ++processes_started_;
    ++live_processes_;
  }
  if (phase_root) t.phase_root = true;
  t.phase = phase_;
  tasks_[child_tid] = std::move(t);
}

void Tracer::on_exit(pid_t tid) {
  auto it = tasks_.find(tid);
  if (it == tasks_.end()) {
    if (exited_early_.size() < 100000) exited_early_.insert(tid);
  } else if (it->second.tgid == tid) {
    --live_processes_;
    if (exited_.size() < 20000) exited_[tid] = it->second;
  }
  tasks_.erase(tid);
}

void Tracer::record_decoy_read(const std::string& path, int phase, pid_t pid) {
  TraceEvent e;
  const Task* reader = pid > 0 ? task(pid) : nullptr;
  if (!reader && pid > 0) {
    auto gone = exited_.find(pid);
    if (gone != exited_.end()) reader = &gone->second;
  }
  if (reader) {
    e = base_event(pid, TraceEvent::Kind::kFileAccess);
    e.pid = reader->tgid;
    e.ppid = reader->ppid;
    e.image = reader->image;
    e.command_line = reader->command_line;
    e.by_phase_root = reader->phase_root;
    if (const Task* p = task(reader->ppid)) e.parent_image = p->image;
    e.detail = "opened";
  } else {
    e.kind = TraceEvent::Kind::kFileAccess;
    e.time = now_seconds();
    e.pid = pid;
    e.detail = pid > 0 ? "opened by a process the tracer does not know"
                       : "opened (seen by inotify; the process is not known)";
  }
  e.phase = phase;
  e.target = path;
  emit(std::move(e));
}

int Tracer::prune_vanished() {
  int n = 0;
  for (pid_t tid : live_tids()) {
    if (access(("/proc/" + std::to_string(tid)).c_str(), F_OK) != 0) {
      on_exit(tid);
      exited_early_.erase(tid);
      ++n;
    }
  }
  return n;
}

TraceEvent Tracer::base_event(pid_t tid, TraceEvent::Kind kind) const {
  TraceEvent e;
  e.kind = kind;
  e.time = now_seconds();
  e.pid = tid;
  e.phase = phase_;
  if (const Task* t = task(tid)) {
    e.pid = t->tgid;
    e.ppid = t->ppid;
    e.image = t->image;
    e.command_line = t->command_line;
    e.by_phase_root = t->phase_root;
    if (const Task* p = task(t->ppid)) e.parent_image = p->image;
  }
  return e;
}

void Tracer::emit(TraceEvent e) {
  if (e.kind == TraceEvent::Kind::kFileWrite || e.kind == TraceEvent::Kind::kFileRename) {
    if (written_.size() < 100000) written_.insert(e.target);
  }
  log_->add(std::move(e));
}

std::string Tracer::resolve_path(pid_t tid, long dirfd, const std::string& path) const {
  if (path.empty()) return path;
  if (path[0] == '/') return normalise(path);
  std::string base;
  if (static_cast<int>(dirfd) == AT_FDCWD) {
    base = read_link("/proc/" + std::to_string(tid) + "/cwd");
  } else {
    base = read_link("/proc/" + std::to_string(tid) + "/fd/" + std::to_string(dirfd));
  }
  if (base.empty() || base[0] != '/') base = "/";
  return normalise(base + "/" + path);
}

std::string Tracer::honeytoken_in(const std::string& data) const {
  for (const auto& [name, form] : token_forms_) {
    if (data.find(form) != std::string::npos) return name;
  }
  return {};
}

// exec is not trapped by the seccomp filter (a PATH search makes one failing execve per
// directory): the successful one arrives as PTRACE_EVENT_EXEC, and what it ran is read
// from /proc: the executable, and the command line, whose first arguments name the script
// for an interpreter started by "#!".
void Tracer::on_exec(pid_t tid, pid_t former_tid) {
  // A non-leader thread that execs takes over the leader's tid.
  if (former_tid != tid) {
    auto old = tasks_.find(former_tid);
    if (old != tasks_.end()) {
      tasks_[tid] = old->second;
      tasks_.erase(old);
    }
  }
  Task& t = tasks_[tid];
  if (t.tgid == 0) t.tgid = tid;
  const std::string proc = "/proc/" + std::to_string(tid);
  const std::vector<std::string> args = read_args(tid);
  std::string exe = read_link(proc + "/exe");
  t.image = !exe.empty() && exe[0] == '/' ? exe : (args.empty() ? std::string() : args[0]);
  t.command_line.clear();
  for (const std::string& a : args) {
    if (t.command_line.size() + a.size() + 1 > kMaxCommandLine) break;
    t.command_line += (t.command_line.empty() ? "" : " ") + a;
  }
  TraceEvent e = base_event(tid, TraceEvent::Kind::kProcessCreation);
  e.cwd = read_link(proc + "/cwd");
  if (std::string token = honeytoken_in(e.command_line); !token.empty()) {
    e.detail = "command line contains honeytoken " + token;
  }
  // What execve was given (a "#!" script's own path, where /proc/exe shows the
  // interpreter): AT_EXECFN in the new program's auxiliary vector.
  std::string execfn = exec_filename(tid);
  if (!execfn.empty()) execfn = normalise(execfn[0] == '/' ? execfn : e.cwd + "/" + execfn);
  std::string ran = written_.count(t.image) ? t.image : std::string();
  if (ran.empty() && !execfn.empty() && written_.count(execfn)) ran = execfn;
  if (!ran.empty()) {
    e.detail += e.detail.empty() ? "" : "; ";
    e.detail += "runs a file written during the install";
  }
  e.target = ran.empty() ? t.image : ran;
  emit(std::move(e));
}

void Tracer::file_open(pid_t tid, long dirfd, std::uint64_t path_addr, std::uint64_t flags) {
  std::string path = resolve_path(tid, dirfd, read_string(tid, path_addr, kMaxPath));
  if (path.empty()) return;
  const bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) != 0;
  if (writes) {
    TraceEvent e = base_event(tid, TraceEvent::Kind::kFileWrite);
    e.target = std::move(path);
    emit(std::move(e));
  } else if (watched_reads_.count(path)) {
    TraceEvent e = base_event(tid, TraceEvent::Kind::kFileAccess);
    e.target = std::move(path);
    emit(std::move(e));
  }
}

void Tracer::network(pid_t tid, long fd, std::uint64_t addr, std::uint64_t addrlen,
                     std::uint64_t buf, std::uint64_t len, const char* how) {
  const Task* t = task(tid);
  const pid_t tgid = t ? t->tgid : tid;
  std::string ip;
  int port = 0;
  if (addr != 0 && addrlen > 0) {
    std::string raw = read_bytes(tid, addr, std::min<std::uint64_t>(addrlen, 128));
    if (!sockaddr_to(raw, ip, port)) return;  // AF_UNIX, netlink, ...: not network traffic
    socket_ports_[{tgid, fd}] = port;
  } else if (auto it = socket_ports_.find({tgid, fd}); it != socket_ports_.end()) {
    port = it->second;
  }
  std::string payload = buf != 0 && len > 0 ? read_bytes(tid, buf, len) : std::string();
  if (port == 53 && !payload.empty()) {
    std::string q = dns_question(payload);
    if (!q.empty()) {
      TraceEvent e = base_event(tid, TraceEvent::Kind::kDnsQuery);
      e.query_name = q;
      if (std::string token = honeytoken_in(q); !token.empty())
        e.detail = "query name carries honeytoken " + token;
      emit(std::move(e));
      return;
    }
  }
  if (ip.empty()) {
    // A send on a connected socket: report only when it leaks a honeytoken.
    std::string token = honeytoken_in(payload);
    if (token.empty()) return;
    TraceEvent e = base_event(tid, TraceEvent::Kind::kNetworkConnection);
    e.dest_port = port;
    e.detail = std::string(how) + " payload contains honeytoken " + token;
    emit(std::move(e));
    return;
  }
  if (is_loopback(ip) && port != 53) return;  // local IPC over TCP (e.g. test servers)
  TraceEvent e = base_event(tid, TraceEvent::Kind::kNetworkConnection);
  e.dest_ip = ip;
  e.dest_port = port;
  if (std::string token = honeytoken_in(payload); !token.empty())
    e.detail = std::string(how) + " payload contains honeytoken " + token;
  if (port == 53 && is_loopback(ip)) return;  // the airlock's resolver address: see dns
  emit(std::move(e));
}

void Tracer::sendmsg(pid_t tid, long fd, std::uint64_t msghdr_addr) {
  msghdr m{};
  if (!read_mem(tid, msghdr_addr, &m, sizeof m)) return;
  std::uint64_t buf = 0, len = 0;
  if (m.msg_iov && m.msg_iovlen > 0) {
    iovec first{};
    if (read_mem(tid, reinterpret_cast<std::uint64_t>(m.msg_iov), &first, sizeof first)) {
      buf = reinterpret_cast<std::uint64_t>(first.iov_base);
      len = first.iov_len;
    }
  }
  network(tid, fd, reinterpret_cast<std::uint64_t>(m.msg_name), m.msg_namelen, buf, len, "sendmsg");
}

void Tracer::on_seccomp_stop(pid_t tid) {
  __ptrace_syscall_info info{};
  if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) <= 0 ||
      info.op != PTRACE_SYSCALL_INFO_SECCOMP) {
    return;
  }
  const auto& a = info.seccomp.args;
  std::string name;
  const Sys sys = classify_syscall(info.arch, info.seccomp.nr, name);
  auto path_event = [&](TraceEvent::Kind kind, long dirfd, std::uint64_t addr) {
    std::string p = resolve_path(tid, dirfd, read_string(tid, addr, kMaxPath));
    if (p.empty()) return;
    TraceEvent e = base_event(tid, kind);
    e.target = std::move(p);
    emit(std::move(e));
  };
  switch (sys) {
    case Sys::kOpen:
      file_open(tid, AT_FDCWD, a[0], a[1]);
      break;
    case Sys::kOpenat:
      file_open(tid, static_cast<long>(static_cast<int>(a[0])), a[1], a[2]);
      break;
    case Sys::kOpenat2: {
      std::uint64_t flags = 0;  // struct open_how starts with the u64 flags
      if (!read_mem(tid, a[2], &flags, sizeof flags)) flags = 0;
      file_open(tid, static_cast<long>(static_cast<int>(a[0])), a[1], flags);
      break;
    }
    case Sys::kCreat:
      file_open(tid, AT_FDCWD, a[0], O_WRONLY | O_CREAT | O_TRUNC);
      break;
    case Sys::kUnlink:
    case Sys::kRmdir:
      path_event(TraceEvent::Kind::kFileDelete, AT_FDCWD, a[0]);
      break;
    case Sys::kUnlinkat:
      path_event(TraceEvent::Kind::kFileDelete, static_cast<int>(a[0]), a[1]);
      break;
    case Sys::kRename:
    case Sys::kRenameat: {
      const bool at = sys == Sys::kRenameat;
      std::string from = resolve_path(tid, at ? static_cast<int>(a[0]) : AT_FDCWD,
                                      read_string(tid, at ? a[1] : a[0], kMaxPath));
      std::string to = resolve_path(tid, at ? static_cast<int>(a[2]) : AT_FDCWD,
                                    read_string(tid, at ? a[3] : a[1], kMaxPath));
      TraceEvent e = base_event(tid, TraceEvent::Kind::kFileRename);
      e.source = std::move(from);
      e.target = std::move(to);
      emit(std::move(e));
      break;
    }
    case Sys::kChmod:
      if (a[1] & 0111) path_event(TraceEvent::Kind::kFileChmodExec, AT_FDCWD, a[0]);
      break;
    case Sys::kFchmodat:
      if (a[2] & 0111) path_event(TraceEvent::Kind::kFileChmodExec, static_cast<int>(a[0]), a[1]);
      break;
    case Sys::kFchmod:
      if (a[1] & 0111) {
        TraceEvent e = base_event(tid, TraceEvent::Kind::kFileChmodExec);
        e.target = read_link("/proc/" + std::to_string(tid) + "/fd/" + std::to_string(a[0]));
        if (!e.target.empty()) emit(std::move(e));
      }
      break;
    case Sys::kLink:
    case Sys::kSymlink:
      path_event(TraceEvent::Kind::kFileWrite, AT_FDCWD, a[1]);
      break;
    case Sys::kLinkat:
      path_event(TraceEvent::Kind::kFileWrite, static_cast<int>(a[2]), a[3]);
      break;
    case Sys::kSymlinkat:
      path_event(TraceEvent::Kind::kFileWrite, static_cast<int>(a[1]), a[2]);
      break;
    case Sys::kMknod:
      path_event(TraceEvent::Kind::kFileWrite, AT_FDCWD, a[0]);
      break;
    case Sys::kMknodat:
      path_event(TraceEvent::Kind::kFileWrite, static_cast<int>(a[0]), a[1]);
      break;
    case Sys::kConnect:
      network(tid, static_cast<long>(a[0]), a[1], a[2], 0, 0, "connect");
      break;
    case Sys::kSendto:
      network(tid, static_cast<long>(a[0]), a[4], a[5], a[1], a[2], "sendto");
      break;
    case Sys::kSendmsg:
      sendmsg(tid, static_cast<long>(a[0]), a[1]);
      break;
    case Sys::kSendmmsg:
      if (a[2] > 0) sendmsg(tid, static_cast<long>(a[0]), a[1]);  // msg_hdr is first
      break;
    case Sys::kSetsid:
      emit(base_event(tid, TraceEvent::Kind::kSetsid));
      break;
    case Sys::kPtrace: {
      TraceEvent e = base_event(tid, TraceEvent::Kind::kPtrace);
      e.target = "ptrace";
      e.detail =
          "request " + std::to_string(a[0]) + " on pid " + std::to_string(static_cast<long>(a[1]));
      emit(std::move(e));
      break;
    }
    case Sys::kProcessVmWritev: {
      TraceEvent e = base_event(tid, TraceEvent::Kind::kMemoryWrite);
      e.target = "process_vm_writev";
      e.detail = "into pid " + std::to_string(static_cast<long>(a[0]));
      emit(std::move(e));
      break;
    }
    case Sys::kMountLike: {
      TraceEvent e = base_event(tid, TraceEvent::Kind::kMount);
      e.target = name;
      if (name == "mount") {
        e.detail = read_string(tid, a[2], 64) + " on " + read_string(tid, a[1], kMaxPath);
      }
      emit(std::move(e));
      break;
    }
    case Sys::kOther:
      break;
  }
}

std::string_view to_string(TraceEvent::Kind k) {
  switch (k) {
    case TraceEvent::Kind::kProcessCreation:
      return "process_creation";
    case TraceEvent::Kind::kFileWrite:
      return "file_event";
    case TraceEvent::Kind::kFileDelete:
      return "file_delete";
    case TraceEvent::Kind::kFileRename:
      return "file_rename";
    case TraceEvent::Kind::kFileChmodExec:
      return "file_chmod";
    case TraceEvent::Kind::kFileAccess:
      return "file_access";
    case TraceEvent::Kind::kNetworkConnection:
      return "network_connection";
    case TraceEvent::Kind::kDnsQuery:
      return "dns_query";
    case TraceEvent::Kind::kSetsid:
      return "setsid";
    case TraceEvent::Kind::kPtrace:
      return "ptrace";
    case TraceEvent::Kind::kMemoryWrite:
      return "process_memory_write";
    case TraceEvent::Kind::kMount:
      return "mount";
  }
  return "unknown";
}

}  // namespace airlock::sandbox
