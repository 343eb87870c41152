package io.centinela.yara;

import io.centinela.yara.nativ.NativeLoader;
import io.centinela.yara.nativ.StructLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YaraLibraryTest {

    @Test
    void loadsLibyara9AndPassesTheSelfTest() {
        YaraLibrary lib = assertDoesNotThrow(YaraLibrary::require);
        assertTrue(lib.file().contains("libyara.so.9"), lib.file());
    }

    @Test
    void refusesOtherSonames() {
        for (String name : new String[]{"libyara.so", "libyara.so.10", "/opt/yara/libyara.so.8", "yara"}) {
            YaraUnavailableException e = assertThrows(YaraUnavailableException.class, () -> NativeLoader.checkName(name));
            assertTrue(e.getMessage().contains("libyara.so.9") && e.getMessage().contains("apt-get install"), e.getMessage());
        }
        assertDoesNotThrow(() -> NativeLoader.checkName("/usr/lib/x86_64-linux-gnu/libyara.so.9.0.1"));
    }

    @Test
    void yara44AndLaterAreRefusedBeforeAnyStructIsRead() {
        assertTrue(YaraLibrary.require().versionFamily().equals("4.2"), YaraLibrary.require().versionFamily());
        YaraUnavailableException e = assertThrows(YaraUnavailableException.class,
                () -> NativeLoader.versionFamily(s -> s.equals("yr_compiler_add_bytes") || s.equals("yr_modules_get_table")));
        assertTrue(e.getMessage().contains("4.4 or later"), e.getMessage());
        assertTrue(NativeLoader.versionFamily(s -> s.equals("yr_modules_get_table")).equals("4.3"));
    }

    @Test
    void missingLibraryGivesTheFix() {
        YaraUnavailableException e = assertThrows(YaraUnavailableException.class,
                () -> NativeLoader.open("/nonexistent/dir/libyara.so.9"));
        assertTrue(e.getMessage().contains("could not be loaded") && e.getMessage().contains("libyara9"), e.getMessage());
    }

    @Test
    void selfTestRefusesAWrongLayout() {
        YaraLibrary.require();
        StructLayout v = StructLayout.V4_2_X86_64;
        // identifier and tags swapped: both are valid char* so reading stays safe, but every field is checked.
        StructLayout wrong = new StructLayout(v.ruleTags(), v.ruleIdentifier(), v.ruleMetas(), v.ruleStrings(),
                v.ruleNamespace(), v.metaSize(), v.metaIdentifier(), v.metaString(), v.metaInteger(), v.metaType(),
                v.metaFlags(), v.stringSize(), v.stringFlags(), v.stringIdx(), v.stringIdentifier(), v.contextMatches(),
                v.matchesSize(), v.matchesHead(), v.matchOffset(), v.matchLength(), v.matchDataLength(), v.matchData(),
                v.matchNext(), v.matchIsPrivate(), v.namespaceName(), v.compilerLastError());
        YaraUnavailableException e = assertThrows(YaraUnavailableException.class, () -> SelfTest.run(wrong));
        assertTrue(e.getMessage().contains("rule identifier: expected selftest_rule, read tag_one"), e.getMessage());
        assertDoesNotThrow(() -> SelfTest.run(v));
    }
}
