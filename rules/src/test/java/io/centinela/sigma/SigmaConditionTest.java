package io.centinela.sigma;

import io.centinela.sigma.load.LoadResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.centinela.sigma.SigmaFixture.compile;
import static io.centinela.sigma.SigmaFixture.event;
import static io.centinela.sigma.SigmaFixture.matches;
import static io.centinela.sigma.SigmaFixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per condition form, including precedence and the absent-field cases. */
class SigmaConditionTest {

    /** Three searches a, b, c on fields A, B, C (value "1"), plus an underscore-named one. */
    private static SigmaEvaluator abc(String condition) {
        return compile(rule("    a:\n        A: '1'\n    b:\n        B: '1'\n    c:\n        C: '1'\n"
                + "    _helper:\n        H: '1'\n    condition: " + condition + "\n"));
    }

    private static boolean eval(SigmaEvaluator e, boolean a, boolean b, boolean c) {
        return matches(e, event("A", a ? "1" : "0", "B", b ? "1" : "0", "C", c ? "1" : "0"));
    }

    @Test
    void andBindsTighterThanOr() {
        SigmaEvaluator e = abc("a or b and c");
        assertTrue(eval(e, true, false, false));   // a or (b and c)
        assertFalse(eval(e, false, true, false));
        assertTrue(eval(e, false, true, true));
    }

    @Test
    void notBindsTighterThanAnd() {
        SigmaEvaluator e = abc("not a and b");
        assertTrue(eval(e, false, true, false));   // (not a) and b
        assertFalse(eval(e, true, true, false));
        assertFalse(eval(e, false, false, false));
    }

    @Test
    void parenthesesOverridePrecedence() {
        SigmaEvaluator e = abc("(a or b) and c");
        assertFalse(eval(e, true, false, false));
        assertTrue(eval(e, true, false, true));
        SigmaEvaluator n = abc("not (a or b)");
        assertTrue(eval(n, false, false, false));
        assertFalse(eval(n, false, true, false));
    }

    @Test
    void oneOfAndAllOfPatterns() {
        SigmaEvaluator one = compile(rule("    sel_x:\n        A: '1'\n    sel_y:\n        B: '1'\n    other:\n        C: '1'\n"
                + "    condition: 1 of sel_* and other\n"));
        assertTrue(eval(one, false, true, true));
        assertFalse(eval(one, true, true, false));
        SigmaEvaluator all = compile(rule("    sel_x:\n        A: '1'\n    sel_y:\n        B: '1'\n    condition: all of sel_*\n"));
        assertTrue(eval(all, true, true, false));
        assertFalse(eval(all, true, false, false));
    }

    @Test
    void themSkipsUnderscoreNames() {
        SigmaEvaluator all = abc("all of them");
        // _helper (field H) is not part of 'them', so the event needs no H.
        assertTrue(eval(all, true, true, true));
        assertFalse(eval(all, true, true, false));
        SigmaEvaluator one = abc("1 of them");
        assertTrue(matches(one, event("C", "1")));
        assertFalse(matches(one, event("H", "1")));
    }

    @Test
    void quantifierBindsTighterThanNot() {
        SigmaEvaluator e = compile(rule("    sel_x:\n        A: '1'\n    sel_y:\n        B: '1'\n    condition: not 1 of sel_*\n"));
        assertTrue(eval(e, false, false, false));
        assertFalse(eval(e, false, true, false));
    }

    @Test
    void absentFieldUnderNotStillFires() {
        SigmaEvaluator e = compile(rule("    selection:\n        Image|endswith: '\\cmd.exe'\n"
                + "    filter:\n        ParentImage|endswith: '\\explorer.exe'\n    condition: selection and not filter\n"));
        assertTrue(matches(e, event("Image", "C:\\cmd.exe")));           // ParentImage absent
        assertFalse(matches(e, event("Image", "C:\\cmd.exe", "ParentImage", "C:\\explorer.exe")));
        assertTrue(matches(e, event("Image", "C:\\cmd.exe", "ParentImage", "C:\\other.exe")));
    }

    @Test
    void listOfMapsIsAnOrOfAnds() {
        SigmaEvaluator e = compile(rule("    sel:\n        - A: '1'\n          B: '1'\n        - C: '1'\n    condition: sel\n"));
        assertTrue(eval(e, true, true, false));
        assertFalse(eval(e, true, false, false));
        assertTrue(eval(e, false, false, true));
    }

    @Test
    void conditionListIsOred() {
        SigmaEvaluator e = abc("\n        - a and b\n        - c");
        assertTrue(eval(e, true, true, false));
        assertTrue(eval(e, false, false, true));
        assertFalse(eval(e, true, false, false));
    }

    @Test
    void matchReportsSelectionsAndValues() {
        SigmaEvaluator e = compile(rule("    selection:\n        Image|endswith: '\\cmd.exe'\n        CommandLine|contains: 'whoami'\n"
                + "    filter:\n        User: 'SYSTEM'\n    condition: selection and not filter\n"));
        List<SigmaMatch> m = e.evaluate(event("Image", "C:\\W\\cmd.exe", "CommandLine", "cmd /c WHOAMI", "User", "bob"));
        assertEquals(1, m.size());
        SigmaMatch match = m.get(0);
        assertEquals("11111111-1111-1111-1111-111111111111", match.id());
        assertEquals("high", match.level());
        assertEquals("Tester", match.author());
        assertEquals(List.of("selection"), match.matchedSelections());
        assertEquals("C:\\W\\cmd.exe", match.matchedFields().get("Image"));
        assertEquals("cmd /c WHOAMI", match.matchedFields().get("CommandLine"));
        assertFalse(match.matchedFields().containsKey("User"));
        assertEquals(List.of("T1059.001"), match.attackTechniques());
        assertEquals(List.of("execution"), match.attackTactics());
    }

    @Test
    void badConditionsAreRejectedWithReasons() {
        LoadResult r = SigmaFixture.load(
                rule("    a:\n        A: '1'\n    condition: a and missing\n"),
                rule("    a:\n        A: '1'\n    condition: 1 of sel_*\n"),
                rule("    a:\n        A: '1'\n    condition: (a\n"),
                rule("    a:\n        A: '1'\n    condition: a | count() > 5\n"));
        assertEquals(4, r.rejected().size());
        assertTrue(r.rejected().get(0).reason().contains("'missing'"));
        assertTrue(r.rejected().get(1).reason().contains("matches no search"));
        assertTrue(r.rejected().get(2).reason().contains("missing ')'"));
        assertTrue(r.rejected().get(3).reason().contains("obsolete"));
        assertEquals(12, r.rejected().get(0).line());
    }
}
