package io.centinela.sigma.compile;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The regex prefilter facts must be necessary conditions: never a literal or length a match can lack. */
class RegexLiteralsTest {

    private static RegexLiterals.Facts facts(String re) {
        return RegexLiterals.of(re, false, 2);
    }

    @Test
    void readsLiteralsAndMinimumLengths() {
        assertEquals(new RegexLiterals.Facts(13, "user", List.of("user", "/add", "net")), facts("net\\s+user\\s+/add"));
        assertEquals("\\appdata\\local\\temp\\dat", facts("\\\\AppData\\\\Local\\\\Temp\\\\dat[0-9A-Z]{4}\\.tmp").literal());
        assertEquals(1000, facts(".{1000,}").minLength());
        assertNull(facts(".{1000,}").literal());
        assertEquals(new RegexLiterals.Facts(2, null), facts("ab|cd"));          // alternation: no single literal
        assertTrue(RegexLiterals.of("(?i)(set).*&&\\s?set.*(environment|invoke|\\$?\\{?input).*&&.*\"", false, 2).all()
                .contains("&&"), "every required literal, not only the first longest");
        assertEquals("abc", facts("x?(abc)+y?").literal());                       // a required group's literal
        assertNull(facts("(abc)?").literal());                                    // an optional group's is not
        assertEquals("ab", facts("abc?").literal());                             // the optional char is dropped
        assertEquals("xya", facts("xya+b").literal());                           // a repeated char ends the run
        assertEquals(36, facts("[A-F0-9]{8}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{12}").minLength());
    }

    @Test
    void caseInsensitiveNeverUsesS() {
        // (?i)s also matches U+017F, which folding does not turn into 's'.
        assertNull(RegexLiterals.of("(?i)ask", false, 2).literal());
        assertNull(RegexLiterals.of("ask", true, 2).literal());
        assertTrue(Pattern.compile("(?i)ask").matcher("a\u017Fk").find());
        assertFalse(io.centinela.sigma.eval.Lower.of("a\u017Fk").contains("as"));
        assertEquals("ask", RegexLiterals.of("ask", false, 2).literal()); // case-sensitive: 's' is only 's'
    }

    @Test
    void unknownSyntaxGivesNoFacts() {
        for (String re : List.of("\\x41bc", "\\p{L}abc", "[[:alpha:]]abc", "abc\\Qx\\E", "a{,3}bc", "(?<n>abc)")) {
            assertEquals(RegexLiterals.Facts.NONE, facts(re), re);
        }
    }

    /** Random patterns and texts: whenever RE2J finds a match, the facts hold for the text. */
    @Test
    void factsAreNecessaryOnRandomPatterns() {
        Random rnd = new Random(3);
        String[] atoms = {"a", "b", "s", "S", "K", ".", "\\.", "\\d", "[ab]", "(ab|c)", "(?:ba)", "^", "$", "\\b", "x"};
        String[] quants = {"", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}"};
        String alphabet = "abSsK\u017F\u212A.1x ";
        int matched = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder re = new StringBuilder(rnd.nextBoolean() ? "(?i)" : "");
            int n = 1 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                String atom = atoms[rnd.nextInt(atoms.length)];
                re.append(atom);
                if (!atom.equals("^") && !atom.equals("$") && !atom.equals("\\b")) {
                    re.append(quants[rnd.nextInt(quants.length)]);
                }
            }
            if (rnd.nextInt(5) == 0) {
                re.append('|').append(atoms[rnd.nextInt(atoms.length)]);
            }
            Pattern p = Pattern.compile(re.toString());
            RegexLiterals.Facts f = RegexLiterals.of(re.toString(), false, 1);
            for (int t = 0; t < 30; t++) {
                StringBuilder text = new StringBuilder();
                int len = rnd.nextInt(12);
                for (int i = 0; i < len; i++) {
                    text.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                String s = text.toString();
                if (p.matcher(s).find()) {
                    matched++;
                    assertTrue(s.length() >= f.minLength(), re + " matched '" + s + "' shorter than " + f.minLength());
                    for (String lit : f.all()) {
                        assertTrue(io.centinela.sigma.eval.Lower.of(s).contains(lit),
                                re + " matched '" + s + "' without required literal '" + lit + "'");
                    }
                    if (f.literal() != null) {
                        assertTrue(io.centinela.sigma.eval.Lower.of(s).contains(f.literal()),
                                re + " matched '" + s + "' without literal '" + f.literal() + "'");
                    }
                }
            }
        }
        assertTrue(matched > 1000, "too few matches to mean anything: " + matched);
    }
}
