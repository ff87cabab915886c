/*
 * airlock YARA rules: bundled native binaries
 *
 * Executables inside a source package cannot be reviewed and may be what an
 * install hook runs. Many legit packages ship them (esbuild, @swc/core, sharp,
 * prebuilt .node addons), so these rules are threats at `low`: the engine
 * weighs them with install hooks and other findings. Only the magic number at
 * offset 0 is checked (plus the PE header offset, and the Mach-O fat header arch
 * count to tell it apart from Java .class files, which share 0xCAFEBABE).
 */

rule bundled_binary_elf {
  meta:
    category = "bundled-binary"
    role = "threat"
    severity = "low"
    attack = "T1027.009,T1204.002"
    description = "Package contains an ELF executable or shared object"
    help = "Prebuilt Linux executables and .node/.so addons cannot be reviewed as source. Legit packages ship them for native speed; check that they come from the project's release pipeline and that install hooks do not run unknown ones."
  condition:
    uint32(0) == 0x464c457f
}

rule bundled_binary_pe {
  meta:
    category = "bundled-binary"
    role = "threat"
    severity = "low"
    attack = "T1027.009,T1204.002"
    description = "Package contains a Windows PE executable or DLL"
    help = "Prebuilt Windows .exe/.dll/.node files cannot be reviewed as source. Legit packages ship them for native speed; check their origin and whether install hooks run them."
  condition:
    filesize > 0x40 and uint16(0) == 0x5a4d and
    uint32(0x3c) < filesize - 4 and uint32(uint32(0x3c)) == 0x00004550
}

rule bundled_binary_macho {
  meta:
    category = "bundled-binary"
    role = "threat"
    severity = "low"
    attack = "T1027.009,T1204.002"
    description = "Package contains a macOS Mach-O executable or library"
    help = "Prebuilt macOS executables and dylibs/.node addons cannot be reviewed as source. Legit packages ship them for native speed; check their origin and whether install hooks run them."
  condition:
    uint32(0) == 0xfeedface or uint32(0) == 0xfeedfacf or
    uint32(0) == 0xcefaedfe or uint32(0) == 0xcffaedfe or
    ((uint32be(0) == 0xcafebabe or uint32be(0) == 0xcafebabf) and
     uint32be(4) > 0 and uint32be(4) < 0x20)
}
