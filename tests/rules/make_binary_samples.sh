#!/bin/bash
# Generates the binary test samples for the bundled_binary_* rules, so that no
# executable (or executable-looking) bytes are committed. The files are tiny
# headers padded with zeros: they are not runnable programs.
#
# usage: make_binary_samples.sh [OUTDIR]   (default: the directory of this script)
# Writes OUTDIR/<rule>/{pos,neg}_*.bin
set -euo pipefail
out="${1:-$(cd "$(dirname "$0")" && pwd)}"

zeros() { head -c "$1" /dev/zero; }

mkdir -p "$out/bundled_binary_elf" "$out/bundled_binary_pe" "$out/bundled_binary_macho"

# ELF64 little-endian header start: \x7fELF, class 2, data 1, version 1
{ printf '\x7fELF\x02\x01\x01\x00'; zeros 120; } > "$out/bundled_binary_elf/pos_elf64.bin"
# neg: "ELF" without the 0x7f magic byte at offset 0
{ printf ' ELF\x02\x01\x01\x00'; zeros 120; } > "$out/bundled_binary_elf/neg_shifted_magic.bin"

# PE: "MZ", e_lfanew (offset 0x3c) = 0x40, "PE\0\0" at 0x40
{ printf 'MZ'; zeros 58; printf '\x40\x00\x00\x00'; printf 'PE\x00\x00'; zeros 64; } > "$out/bundled_binary_pe/pos_pe.bin"
# neg: "MZ" but e_lfanew points to no PE signature
{ printf 'MZ'; zeros 58; printf '\x40\x00\x00\x00'; printf 'NE\x00\x00'; zeros 64; } > "$out/bundled_binary_pe/neg_mz_no_pe.bin"

# Mach-O 64-bit little-endian (0xfeedfacf stored as cf fa ed fe)
{ printf '\xcf\xfa\xed\xfe\x07\x00\x00\x01'; zeros 120; } > "$out/bundled_binary_macho/pos_macho64.bin"
# Mach-O universal (fat) binary with 2 architectures
{ printf '\xca\xfe\xba\xbe\x00\x00\x00\x02'; zeros 120; } > "$out/bundled_binary_macho/pos_fat.bin"
# neg: Java .class file (same 0xCAFEBABE magic, then version 0x0000 0x0034 = Java 8)
{ printf '\xca\xfe\xba\xbe\x00\x00\x00\x34'; zeros 120; } > "$out/bundled_binary_macho/neg_java_class.bin"
