// KeyTable: an immutable multimap from 64-bit key hashes to 32-bit values (corpus entry
// indexes), the one lookup structure of NameIndex.
//
// Why not std::unordered_map<std::string, std::vector<uint32_t>>: for a 20,000-name corpus
// the index holds ~600,000 keys (mostly deletion variants); node-based maps spend the build
// in allocation and the lookup in pointer chasing. Here the keys are bucketed by their top
// bits with one counting sort (two sequential passes and one scatter, no allocation per
// key), and a lookup reads one pair of bucket offsets and scans a few 8-byte cells
// (32-bit fingerprint, value). In front of it sits a blocked Bloom filter of about one byte
// per key (two bits in one 64-bit word), small enough to stay in cache: most probes of a
// query (the ~350 deletion variants of a name, nearly all absent) end there. Lookups of
// many keys at once are prefetched in waves so that their cache misses overlap.
//
// A match means "the 64-bit hash probably matched": callers verify what they find
// (distance check, string compare), so a collision costs a wasted check, never a wrong
// answer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace airlock::names::detail {

class KeyTable {
 public:
  struct KeyValue {
    std::uint64_t key;
    std::uint32_t value;
  };
  // A bucket range, found by locate(); scan it with each().
  struct Range {
    std::uint32_t begin = 0, end = 0;
  };

  // Consumes `pairs` (any order; values of one key keep their relative order).
  void build(std::vector<KeyValue>& pairs);

  // False: the key is certainly absent. True: it may be present (about 5 % false positives).
  bool may_contain(std::uint64_t key) const {
    if (filter_.empty()) return false;
    const std::uint64_t m = filter_mask(key);
    return (filter_[filter_word(key)] & m) == m;
  }
  void prefetch_filter(std::uint64_t key) const {
    if (!filter_.empty()) __builtin_prefetch(&filter_[filter_word(key)]);
  }
  Range locate(std::uint64_t key) const {
    if (offsets_.empty()) return {};
    const std::size_t b = bucket(key);
    return {offsets_[b], offsets_[b + 1]};
  }
  void prefetch_bucket(std::uint64_t key) const {
    if (!offsets_.empty()) __builtin_prefetch(&offsets_[bucket(key)]);
  }
  void prefetch_cells(Range r) const {
    if (r.begin != r.end) __builtin_prefetch(&cells_[r.begin]);
  }
  // Calls f(value) for every value stored under `key` within `r` (= locate(key)).
  template <typename F>
  void each(std::uint64_t key, Range r, F&& f) const {
    const auto fp = static_cast<std::uint32_t>(key);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      if (cells_[i].fingerprint == fp) f(cells_[i].value);
    }
  }
  // One key: the filter first, so an absent key (the usual case) costs one cached read.
  template <typename F>
  void find(std::uint64_t key, F&& f) const {
    if (may_contain(key)) each(key, locate(key), f);
  }
  std::size_t size() const { return cells_.size(); }

 private:
  struct Cell {
    std::uint32_t fingerprint, value;
  };
  std::size_t bucket(std::uint64_t key) const { return static_cast<std::size_t>(key >> shift_); }
  // The filter uses other bits of the (well mixed) key than bucket and fingerprint do.
  std::size_t filter_word(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> filter_shift_);
  }
  static std::uint64_t filter_mask(std::uint64_t key) {
    return (std::uint64_t{1} << ((key >> 32) & 63)) | (std::uint64_t{1} << ((key >> 38) & 63));
  }

  unsigned shift_ = 63;
  std::vector<std::uint32_t> offsets_;  // bucket b holds cells_[offsets_[b], offsets_[b + 1])
  std::vector<Cell> cells_;
  unsigned filter_shift_ = 63;
  std::vector<std::uint64_t> filter_;
};

}  // namespace airlock::names::detail
