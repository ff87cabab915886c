#include "names/key_table.h"

namespace airlock::names::detail {

void KeyTable::build(std::vector<KeyValue>& pairs) {
  // About four cells per bucket: a bucket is then one cache line and the offsets array
  // (4 bytes per bucket) stays a quarter of the cell array.
  unsigned bits = 4;
  while (bits < 30 && (std::size_t{1} << bits) * 4 < pairs.size()) ++bits;
  shift_ = 64 - bits;
  const std::size_t buckets = std::size_t{1} << bits;
  offsets_.assign(buckets + 1, 0);
  for (const KeyValue& kv : pairs) ++offsets_[bucket(kv.key) + 1];
  for (std::size_t b = 0; b < buckets; ++b) offsets_[b + 1] += offsets_[b];
  cells_.resize(pairs.size());
  // Filter: 8 bits per key, rounded up to a power of two of 64-bit words.
  unsigned words_log2 = 1;  // at least two words: a shift by 64 would be undefined
  while (words_log2 < 40 && (std::size_t{64} << words_log2) < 8 * pairs.size()) ++words_log2;
  filter_shift_ = 64 - words_log2;
  filter_.assign(std::size_t{1} << words_log2, 0);
  for (const KeyValue& kv : pairs) filter_[filter_word(kv.key)] |= filter_mask(kv.key);
  // Scatter in input order (stable): `next` is the write position of each bucket, kept in
  // the offsets array shifted by one and restored by the pass itself.
  for (const KeyValue& kv : pairs) {
    std::uint32_t& next = offsets_[bucket(kv.key)];
    cells_[next++] = Cell{static_cast<std::uint32_t>(kv.key), kv.value};
  }
  // offsets_[b] now holds the end of bucket b = the start of bucket b + 1.
  for (std::size_t b = buckets; b > 0; --b) offsets_[b] = offsets_[b - 1];
  offsets_[0] = 0;
  pairs.clear();
  pairs.shrink_to_fit();
}

}  // namespace airlock::names::detail
