package io.centinela.yara.policy;

import io.centinela.yara.compile.RuleSource;

import java.util.Set;

/**
 * Rule files grouped by what they may scan. Module-importing rules are costly (``import "pe"`` adds ~270 us per
 * scan even on 1 KB of text), so event text gets only {@link #TEXT}; file content gets {@link #CONTENT} too, and
 * the module groups only when its magic bytes match.
 */
public enum RuleGroup {
    /** Import-free rules: every scanned field. */
    TEXT,
    /** Rules importing only format-independent modules (math, hash, string, time, console): file content. */
    CONTENT,
    /** Rules importing pe or dotnet: content starting with "MZ". */
    PE,
    /** Rules importing elf: content starting with 0x7F "ELF". */
    ELF,
    /** Rules importing macho: Mach-O magic. */
    MACHO;

    public static RuleGroup of(RuleSource source) {
        Set<String> imports = source.imports();
        if (imports.isEmpty()) {
            return TEXT;
        }
        if (imports.contains("pe") || imports.contains("dotnet")) {
            return PE;
        }
        if (imports.contains("elf")) {
            return ELF;
        }
        if (imports.contains("macho")) {
            return MACHO;
        }
        return CONTENT;
    }

    /** The module group whose magic bytes {@code data} starts with, or null. */
    public static RuleGroup magicOf(byte[] data) {
        if (data.length >= 2 && data[0] == 'M' && data[1] == 'Z') {
            return PE;
        }
        if (data.length >= 4 && data[0] == 0x7f && data[1] == 'E' && data[2] == 'L' && data[3] == 'F') {
            return ELF;
        }
        if (data.length >= 4) {
            int be = ((data[0] & 0xff) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8) | (data[3] & 0xff);
            int le = Integer.reverseBytes(be);
            if (be == 0xFEEDFACE || be == 0xFEEDFACF || le == 0xFEEDFACE || le == 0xFEEDFACF || be == 0xCAFEBABE) {
                return MACHO;
            }
        }
        return null;
    }
}
