// Reading one configuration file without trusting what sits at its path: a FIFO must not
// block the run, a device must not be opened, a directory or a huge file gets a clear error.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "airlock/mcp/parse.h"

namespace airlock::mcp {
namespace {

std::string file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

Result<std::string> read_regular_file(const std::string& path, std::uint64_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ELOOP) return make_error(ErrorCode::kIo, "symlink loop: not read");
    return make_error(ErrorCode::kIo, fmt::format("cannot read: {}", std::strerror(errno)));
  }
  // Checked before open(): opening a device can have side effects, opening a FIFO blocks.
  if (!S_ISREG(st.st_mode)) {
    return make_error(ErrorCode::kIo, fmt::format("is {}, expected a configuration file: not read",
                                                  file_type_name(st.st_mode)));
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    return make_error(ErrorCode::kLimit, fmt::format("larger than {} MiB ({} bytes): not parsed",
                                                     max_bytes >> 20, st.st_size));
  }
  // O_NONBLOCK: the path may have been swapped for a FIFO since stat(); fstat re-checks.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return make_error(ErrorCode::kIo, fmt::format("cannot read: {}", std::strerror(errno)));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return make_error(ErrorCode::kIo, "changed into something other than a regular file: not read");
  }
  std::string data;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorCode::kIo, fmt::format("read error: {}", std::strerror(errno)));
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max_bytes) {
      return make_error(ErrorCode::kLimit,
                        fmt::format("larger than {} MiB: not parsed", max_bytes >> 20));
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  return data;
}

Result<ParsedConfig> parse_config_file(const ConfigSource& source) {
  auto bytes = read_regular_file(source.path, kMaxConfigBytes);
  if (!bytes) return bytes.error();
  return parse_config_bytes(source, *bytes);
}

}  // namespace airlock::mcp
