// Reads tar/zip-family archives with libarchive, streaming, under Limits.
#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <locale.h>
#include <sys/stat.h>

#include <memory>
#include <set>
#include <string>

#include "airlock/artifact/artifact.h"
#include "airlock/core/hash.h"
#include "artifact/readers.h"

namespace airlock::artifact {
namespace {

struct ArchiveFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

constexpr std::size_t kChunk = 1 << 16;

// libarchive may fail without setting a message.
const char* error_text(archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown error";
}

// True when `path` lies under a symlink seen earlier in the archive: an extractor that
// follows links would write it wherever the link points (node-tar CVE-2021-32803 class).
bool under_symlink(const std::string& path, const std::set<std::string>& links) {
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    if (links.count(path.substr(0, slash))) return true;
  }
  return false;
}

EntryType entry_type(archive_entry* e) {
  if (archive_entry_hardlink(e) != nullptr) return EntryType::kHardlink;
  switch (archive_entry_filetype(e)) {
    case AE_IFREG:
      return EntryType::kFile;
    case AE_IFDIR:
      return EntryType::kDirectory;
    case AE_IFLNK:
      return EntryType::kSymlink;
    default:
      return EntryType::kOther;
  }
}

}  // namespace

// libarchive converts entry names through the thread's locale; in the "C" locale a zip entry
// flagged UTF-8 with a non-ASCII name cannot be converted and comes back empty. Reading
// under C.UTF-8 (per thread: uselocale) keeps such names intact.
// One C.UTF-8 locale object for the process (locale objects are read-only once made and may
// be used by several threads at once), freed at exit.
locale_t shared_utf8_locale() {
  struct Holder {
    locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
    ~Holder() {
      if (loc) freelocale(loc);
    }
  };
  static Holder holder;
  return holder.loc;
}

class Utf8LocaleScope {
 public:
  Utf8LocaleScope() {
    if (locale_t utf8 = shared_utf8_locale()) previous_ = uselocale(utf8);
  }
  ~Utf8LocaleScope() {
    if (previous_) uselocale(previous_);
  }
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

 private:
  locale_t previous_ = nullptr;
};

Status read_archive(const TargetSpec& spec, const Limits& limits, EntryVisitor& visitor) {
  Utf8LocaleScope utf8_names;
  struct stat st {};
  if (::stat(spec.fs_path.c_str(), &st) != 0) {
    return make_error(ErrorCode::kIo, fmt::format("{}: cannot stat", spec.display_path));
  }
  if (st.st_size == 0) {
    return make_error(ErrorCode::kFormat,
                      fmt::format("{}: empty file (0 bytes), not an archive; a failed download?",
                                  spec.display_path));
  }
  const double compressed = static_cast<double>(st.st_size);

  ArchivePtr a(archive_read_new());
  archive_read_support_filter_all(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), spec.fs_path.c_str(), kChunk) != ARCHIVE_OK) {
    return make_error(ErrorCode::kFormat, fmt::format("{}: not a readable archive: {}",
                                                      spec.display_path, error_text(a.get())));
  }

  std::uint64_t entries = 0;
  std::uint64_t total = 0;
  std::string content;
  std::string path;
  std::string reason;
  std::set<std::string> symlinks;
  auto check_total = [&](std::uint64_t added) -> Status {
    total += added;
    if (total > limits.max_total_bytes) {
      return make_error(ErrorCode::kLimit,
                        fmt::format("{}: uncompressed size exceeds the limit of {} MiB "
                                    "(--max-total-mb); stopped reading",
                                    spec.display_path, limits.max_total_bytes >> 20));
    }
    if (total > kRatioCheckFloor && static_cast<double>(total) / compressed > limits.max_ratio) {
      return make_error(ErrorCode::kLimit,
                        fmt::format("{}: compression ratio exceeds {:.0f}:1 (--max-ratio); "
                                    "possible decompression bomb, stopped reading",
                                    spec.display_path, limits.max_ratio));
    }
    return Ok{};
  };

  for (;;) {
    archive_entry* e = nullptr;
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r == ARCHIVE_FATAL) {
      return make_error(ErrorCode::kFormat,
                        fmt::format("{}: corrupt or truncated archive after {} entries: {}",
                                    spec.display_path, entries, error_text(a.get())));
    }
    if (++entries > limits.max_entries) {
      return make_error(ErrorCode::kLimit,
                        fmt::format("{}: more than {} entries (--max-entries); stopped reading",
                                    spec.display_path, limits.max_entries));
    }
    // Prefer the UTF-8 name (zip entries flagged UTF-8 cannot be converted to the "C" locale);
    // fall back to the raw bytes (tar names in no particular encoding).
    const char* raw_c = archive_entry_pathname_utf8(e);
    if (!raw_c) raw_c = archive_entry_pathname(e);
    std::string raw = raw_c ? raw_c : "";
    Entry entry;
    entry.type = entry_type(e);
    entry.size =
        archive_entry_size_is_set(e) ? static_cast<std::uint64_t>(archive_entry_size(e)) : 0;
    entry.executable = (archive_entry_perm(e) & 0111) != 0;
    if (!normalise_entry_path(raw, path, reason)) {
      visitor.unsafe({raw, reason, "", reason_escapes(reason)});
      continue;
    }
    entry.path = path;
    if (under_symlink(entry.path, symlinks)) {
      visitor.unsafe({raw,
                      "entry lies under a symlink of the archive (would be written where "
                      "the link points)",
                      ""});
      continue;
    }
    if (entry.type == EntryType::kSymlink) symlinks.insert(entry.path);
    if (entry.type == EntryType::kSymlink || entry.type == EntryType::kHardlink) {
      const char* t =
          entry.type == EntryType::kSymlink ? archive_entry_symlink(e) : archive_entry_hardlink(e);
      entry.link_target = t ? t : "";
      // Hardlink targets are archive-root relative; symlinks are relative to the link.
      bool inside = entry.type == EntryType::kSymlink
                        ? link_stays_inside(entry.path, entry.link_target)
                        : normalise_entry_path(entry.link_target, content, reason);
      if (!inside) {
        visitor.unsafe({raw, "link leaves the tree", entry.link_target});
      } else {
        visitor.other(entry);
      }
      continue;
    }
    if (entry.type != EntryType::kFile) {
      visitor.other(entry);
      continue;
    }

    // Read the file: whole into memory up to max_file_bytes, else hash the rest.
    content.clear();
    Sha256 overflow_hash;
    bool oversize = entry.size > limits.max_file_bytes;
    if (!oversize) content.reserve(entry.size);
    char buf[kChunk];
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        return make_error(ErrorCode::kFormat,
                          fmt::format("{}: corrupt data in entry '{}': {}", spec.display_path,
                                      entry.path, error_text(a.get())));
      }
      if (Status s = check_total(static_cast<std::uint64_t>(n)); !s) return s;
      std::string_view chunk(buf, static_cast<std::size_t>(n));
      if (!oversize && content.size() + chunk.size() > limits.max_file_bytes) {
        oversize = true;
        overflow_hash.update(content);
        content.clear();
        content.shrink_to_fit();
      }
      if (oversize) {
        overflow_hash.update(chunk);
      } else {
        content.append(chunk);
      }
    }
    if (oversize) {
      visitor.oversize_file(entry, overflow_hash.hex_digest());
    } else {
      entry.size = content.size();
      visitor.file(entry, content);
    }
  }
  return Ok{};
}

}  // namespace airlock::artifact
