package io.centinela.sigma;

import io.centinela.sigma.compile.Placeholders;
import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.centinela.sigma.SigmaFixture.compile;
import static io.centinela.sigma.SigmaFixture.event;
import static io.centinela.sigma.SigmaFixture.matches;
import static io.centinela.sigma.SigmaFixture.one;
import static io.centinela.sigma.SigmaFixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per value modifier and value form, with the specification's edge cases. */
class SigmaModifierTest {

    @Test
    void plainValuesMatchTheWholeValueCaseInsensitively() {
        assertTrue(one("Image: 'C:\\Windows\\cmd.exe'", "Image", "c:\\windows\\CMD.EXE"));
        assertFalse(one("Image: 'C:\\Windows\\cmd.exe'", "Image", "C:\\Windows\\cmd.exe.bak"));
    }

    @Test
    void wildcardsAndEscapes() {
        assertTrue(one("Image: '*\\cmd.exe'", "Image", "C:\\x\\cmd.exe"));
        assertTrue(one("Image: 'c?d.exe'", "Image", "cmd.exe"));
        assertFalse(one("Image: 'c?d.exe'", "Image", "cmmd.exe"));
        assertTrue(one("Image: 'a*b*c'", "Image", "aXXbYYc"));
        // Escaped wildcards are literal characters.
        assertTrue(one("CommandLine: 'echo \\*'", "CommandLine", "echo *"));
        assertFalse(one("CommandLine: 'echo \\*'", "CommandLine", "echo x"));
        assertTrue(one("CommandLine: 'what\\?'", "CommandLine", "what?"));
        assertFalse(one("CommandLine: 'what\\?'", "CommandLine", "whatx"));
        // A double backslash is one literal backslash; a backslash before another character stays.
        assertTrue(one("CommandLine: 'a\\\\*'", "CommandLine", "a\\anything"));
        assertTrue(one("CommandLine: 'C:\\Temp'", "CommandLine", "C:\\Temp"));
    }

    @Test
    void containsStartsWithEndsWith() {
        assertTrue(one("CommandLine|contains: 'mimi'", "CommandLine", "run MIMIKATZ now"));
        assertTrue(one("CommandLine|startswith: 'net '", "CommandLine", "NET user"));
        assertFalse(one("CommandLine|startswith: 'net '", "CommandLine", "x net user"));
        assertTrue(one("Image|endswith: '\\rundll32.exe'", "Image", "C:\\W\\RunDll32.exe"));
        assertFalse(one("Image|endswith: '\\rundll32.exe'", "Image", "C:\\W\\rundll32.exe.x"));
        // Wildcards inside a contains value keep working.
        assertTrue(one("CommandLine|contains: 'a*c'", "CommandLine", "xxabbbcxx"));
    }

    @Test
    void allTurnsTheListIntoAnAnd() {
        String sel = "CommandLine|contains|all: ['-nop', '-enc']";
        assertTrue(one(sel, "CommandLine", "powershell -nop -enc AAA"));
        assertFalse(one(sel, "CommandLine", "powershell -nop"));
    }

    @Test
    void valueListsAreOred() {
        assertTrue(one("Image|endswith: ['\\a.exe', '\\b.exe']", "Image", "C:\\b.exe"));
        assertFalse(one("Image|endswith: ['\\a.exe', '\\b.exe']", "Image", "C:\\c.exe"));
    }

    @Test
    void regexIsCaseSensitiveUnanchoredAndTakesFlags() {
        assertTrue(one("CommandLine|re: 'ab+c'", "CommandLine", "xxabbbcxx"));
        assertFalse(one("CommandLine|re: 'ab+c'", "CommandLine", "xxABBBCxx"));
        assertTrue(one("CommandLine|re|i: 'ab+c'", "CommandLine", "xxABBBCxx"));
        assertTrue(one("CommandLine|re|m: '^second$'", "CommandLine", "first\nsecond\nthird"));
        assertFalse(one("CommandLine|re: '^second$'", "CommandLine", "first\nsecond\nthird"));
        assertTrue(one("CommandLine|re|s: 'first.second'", "CommandLine", "first\nsecond"));
        assertFalse(one("CommandLine|re: 'first.second'", "CommandLine", "first\nsecond"));
    }

    @Test
    void regexWithLookAroundIsRejectedWithAReason() {
        LoadResult r = SigmaFixture.load(rule("    sel:\n        CommandLine|re: '(?<=a)b'\n    condition: sel\n"));
        assertEquals(1, r.rejected().size());
        assertTrue(r.rejected().get(0).reason().contains("RE2"), r.rejected().get(0).reason());
        assertEquals(11, r.rejected().get(0).line());
    }

    @Test
    void windashAcceptsEveryDashAtTheStartOfAWord() {
        String sel = "CommandLine|contains|windash: ' -encodedcommand '";
        for (String dash : List.of("-", "/", "\u2013", "\u2014", "\u2015")) {
            assertTrue(one(sel, "CommandLine", "powershell " + dash + "EncodedCommand abc"), dash);
        }
        assertFalse(one(sel, "CommandLine", "powershell +encodedcommand abc"));
        // A dash inside a word is not a parameter dash: 'a-b' does not become 'a/b'.
        assertFalse(one("CommandLine|contains|windash: 'a-b'", "CommandLine", "a/b"));
    }

    @Test
    void base64MatchesTheEncodedValue() {
        String enc = Base64.getEncoder().encodeToString("http://evil".getBytes(StandardCharsets.UTF_8));
        assertTrue(one("CommandLine|base64|contains: 'http://evil'", "CommandLine", "x " + enc + " y"));
        assertFalse(one("CommandLine|base64|contains: 'http://evil'", "CommandLine", "http://evil"));
    }

    @Test
    void base64OffsetMatchesAtEveryByteShift() {
        String sel = "CommandLine|base64offset|contains: 'Invoke-Mimikatz'";
        for (String prefix : List.of("", "a", "ab", "abc", "abcd")) {
            String enc = Base64.getEncoder().encodeToString((prefix + "Invoke-Mimikatz tail").getBytes(StandardCharsets.UTF_8));
            assertTrue(one(sel, "CommandLine", "powershell -enc " + enc), "shift " + prefix.length());
        }
        assertFalse(one(sel, "CommandLine", "powershell -enc " + Base64.getEncoder().encodeToString("nothing here".getBytes())));
    }

    @Test
    void wideAndUtf16EncodeBeforeBase64() {
        String le = Base64.getEncoder().encodeToString("xx Invoke yy".getBytes(StandardCharsets.UTF_16LE));
        assertTrue(one("CommandLine|wide|base64offset|contains: 'Invoke'", "CommandLine", le));
        assertTrue(one("CommandLine|utf16le|base64offset|contains: 'Invoke'", "CommandLine", le));
        String be = Base64.getEncoder().encodeToString("Invoke".getBytes(StandardCharsets.UTF_16BE));
        assertTrue(one("CommandLine|utf16be|base64: 'Invoke'", "CommandLine", be));
        byte[] bom = new byte[] {(byte) 0xff, (byte) 0xfe};
        byte[] body = "Invoke".getBytes(StandardCharsets.UTF_16LE);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 2);
        System.arraycopy(body, 0, all, 2, body.length);
        assertTrue(one("CommandLine|utf16|base64: 'Invoke'", "CommandLine", Base64.getEncoder().encodeToString(all)));
        // wide alone (without base64) is refused.
        assertEquals(1, SigmaFixture.load(rule("    sel:\n        CommandLine|wide: 'x'\n    condition: sel\n")).rejected().size());
    }

    @Test
    void cidrMatchesIpv4AndIpv6Networks() {
        assertTrue(one("DestinationIp|cidr: '10.0.0.0/8'", "DestinationIp", "10.20.30.40"));
        assertFalse(one("DestinationIp|cidr: '10.0.0.0/8'", "DestinationIp", "11.0.0.1"));
        assertTrue(one("DestinationIp|cidr: '192.168.1.0/25'", "DestinationIp", "192.168.1.127"));
        assertFalse(one("DestinationIp|cidr: '192.168.1.0/25'", "DestinationIp", "192.168.1.128"));
        assertTrue(one("DestinationIp|cidr: '2001:db8::/32'", "DestinationIp", "2001:db8:abcd::1"));
        assertFalse(one("DestinationIp|cidr: '2001:db8::/32'", "DestinationIp", "2001:db9::1"));
        assertTrue(one("DestinationIp|cidr: 'fe80::/10'", "DestinationIp", "FE80::1%eth0"));
        assertFalse(one("DestinationIp|cidr: '10.0.0.0/8'", "DestinationIp", "not-an-ip.example"));
        assertFalse(one("DestinationIp|cidr: '::/0'", "DestinationIp", "10.0.0.1"));
    }

    @Test
    void existsTestsPresence() {
        SigmaEvaluator yes = compile(rule("    sel:\n        User|exists: true\n    condition: sel\n"));
        assertTrue(matches(yes, event("User", "")));
        assertFalse(matches(yes, event("Other", "x")));
        SigmaEvaluator no = compile(rule("    sel:\n        User|exists: false\n    condition: sel\n"));
        assertTrue(matches(no, event("Other", "x")));
    }

    @Test
    void casedIsCaseSensitive() {
        assertTrue(one("CommandLine|cased: 'Foo'", "CommandLine", "Foo"));
        assertFalse(one("CommandLine|cased: 'Foo'", "CommandLine", "foo"));
        assertTrue(one("CommandLine|contains|cased: 'Foo'", "CommandLine", "xFooy"));
        assertFalse(one("CommandLine|contains|cased: 'Foo'", "CommandLine", "xfooy"));
    }

    @Test
    void numericComparisons() {
        assertTrue(one("Size|gt: 100", "Size", "101"));
        assertFalse(one("Size|gt: 100", "Size", "100"));
        assertTrue(one("Size|gte: 100", "Size", "100"));
        assertTrue(one("Size|lt: 100", "Size", "99.5"));
        assertTrue(one("Size|lte: 100", "Size", "100"));
        assertFalse(one("Size|lt: 100", "Size", "abc"));
    }

    @Test
    void neqIsTrueForAPresentDifferentValue() {
        SigmaEvaluator e = compile(rule("    sel:\n        User|neq: 'SYSTEM'\n    condition: sel\n"));
        assertTrue(matches(e, event("User", "alice")));
        assertFalse(matches(e, event("User", "system")));
        assertFalse(matches(e, event("Other", "x")));
    }

    @Test
    void fieldrefComparesTwoFields() {
        SigmaEvaluator e = compile(rule("    sel:\n        TargetUserName|fieldref: SubjectUserName\n    condition: sel\n"));
        assertTrue(matches(e, event("TargetUserName", "Bob", "SubjectUserName", "bob")));
        assertFalse(matches(e, event("TargetUserName", "Bob", "SubjectUserName", "alice")));
        SigmaEvaluator ends = compile(rule("    sel:\n        Image|fieldref|endswith: OriginalFileName\n    condition: sel\n"));
        assertTrue(matches(ends, event("Image", "C:\\x\\cmd.exe", "OriginalFileName", "Cmd.Exe")));
    }

    @Test
    void expandUsesPlaceholdersOrRejectsTheRule() {
        String text = rule("    sel:\n        Computer|expand: '%Admins%'\n    condition: sel\n");
        LoadResult refused = SigmaFixture.load(text);
        assertEquals(1, refused.rejected().size());
        assertTrue(refused.rejected().get(0).reason().contains("%Admins% has no value"));
        LoadResult ok = SigmaFixture.load(new Placeholders(Map.of("Admins", List.of("ADM-1", "ADM-*"))), text);
        assertTrue(ok.rejected().isEmpty());
        assertTrue(matches(ok.ruleSet(), event("Computer", "adm-1")));
        assertTrue(matches(ok.ruleSet(), event("Computer", "ADM-77")));
        assertFalse(matches(ok.ruleSet(), event("Computer", "WS-1")));
    }

    @Test
    void timePartModifiers() {
        assertTrue(one("TimeCreated|hour: 3", "TimeCreated", "2025-01-02T03:04:05.123Z"));
        assertFalse(one("TimeCreated|hour: 4", "TimeCreated", "2025-01-02T03:04:05.123Z"));
        assertTrue(one("TimeCreated|minute: 4", "TimeCreated", "2025-01-02 03:04:05"));
        assertTrue(one("TimeCreated|month: 1", "TimeCreated", "2025-01-02T03:04:05Z"));
        assertTrue(one("TimeCreated|day: 2", "TimeCreated", "2025-01-02T03:04:05Z"));
        assertTrue(one("TimeCreated|year: 2025", "TimeCreated", "2025-01-02T03:04:05Z"));
        assertTrue(one("TimeCreated|week: 1", "TimeCreated", "2025-01-02T03:04:05Z"));
        assertTrue(one("TimeCreated|hour|gte: 22", "TimeCreated", "2025-01-02T23:00:00Z"));
    }

    @Test
    void nullMeansAbsentAndEmptyMeansEmpty() {
        SigmaEvaluator nul = compile(rule("    sel:\n        CommandLine: null\n    condition: sel\n"));
        assertTrue(matches(nul, event("Image", "x")));
        assertFalse(matches(nul, event("CommandLine", "")));
        SigmaEvaluator empty = compile(rule("    sel:\n        CommandLine: ''\n    condition: sel\n"));
        assertTrue(matches(empty, event("CommandLine", "")));
        assertFalse(matches(empty, event("Image", "x")));
        assertFalse(matches(empty, event("CommandLine", "x")));
    }

    @Test
    void numbersAndBooleansCompareWithTheirText() {
        assertTrue(one("EventID: 4688", "EventID", "4688"));
        assertTrue(one("EventID: '4688'", "EventID", "4688"));
        assertFalse(one("EventID: 4688", "EventID", "46880"));
        assertTrue(one("Initiated: true", "Initiated", "true"));
    }

    @Test
    void multiValuedFieldsMatchWhenAnyValueDoes() {
        SigmaEvaluator e = compile(rule("    sel:\n        Tags|endswith: '.exe'\n    condition: sel\n"));
        assertTrue(matches(e, event("Tags", List.of("a.txt", "b.EXE"))));
        assertFalse(matches(e, event("Tags", List.of("a.txt", "b.doc"))));
    }

    @Test
    void keywordsSearchEveryValue() {
        SigmaEvaluator e = compile(rule("    keywords:\n        - 'sekurlsa::'\n        - 'kiwi*printer'\n    condition: keywords\n"));
        assertTrue(matches(e, event("Message", "ran SEKURLSA::logonpasswords")));
        assertTrue(matches(e, event("A", "x", "B", "Kiwi Legit Printer")));
        assertFalse(matches(e, event("Message", "nothing")));
        SigmaEvaluator all = compile(rule("    keywords:\n        '|all': ['alpha', 'beta']\n    condition: keywords\n"));
        assertTrue(matches(all, event("A", "alpha", "B", "beta")));
        assertFalse(matches(all, event("A", "alpha")));
    }

    @Test
    void unknownModifierIsRejectedWithItsLine() {
        LoadResult r = SigmaFixture.load(rule("    sel:\n        Image|contians: 'x'\n    condition: sel\n"));
        assertEquals(1, r.rejected().size());
        assertTrue(r.rejected().get(0).reason().contains("unknown modifier 'contians'"));
        assertEquals(11, r.rejected().get(0).line());
    }
}
