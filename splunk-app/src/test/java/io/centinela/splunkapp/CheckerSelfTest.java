package io.centinela.splunkapp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkers catch what they are meant to catch (so a passing app check means something). */
class CheckerSelfTest {

    static final Map<String, Set<String>> ST = Map.of("centinela:alert", Set.of("alert_id", "severity", "signature", "dest"));
    static final Map<String, Set<String>> LOOKUPS = Map.of("triage", Set.of("_key", "alert_id", "owner"));

    static List<String> fieldProblems(String spl) {
        SplFields f = new SplFields(ST, LOOKUPS);
        f.check("t", spl);
        return f.problems();
    }

    @Test
    void fieldCheckerFlagsUnknownFieldsAndFollowsTheFieldSetThroughThePipeline() {
        assertEquals(List.of(), fieldProblems("index=x sourcetype=\"centinela:alert\" severity=high | dedup alert_id "
                + "| eval s=lower(severity) | stats count as n by s, dest | where n > 3 | sort - n | table s n dest"));
        assertEquals(List.of("t: field 'colour' is not in the schema and not made earlier in the search"),
                fieldProblems("sourcetype=\"centinela:alert\" colour=red"));
        assertEquals(List.of("t: field 'severity' is not in the schema and not made earlier in the search"),
                fieldProblems("sourcetype=\"centinela:alert\" | stats count by dest | table dest severity"),
                "stats keeps only its outputs");
        assertEquals(List.of("t: field 'signature' is not in the schema and not made earlier in the search"),
                fieldProblems("sourcetype=\"centinela:alert\" | rename signature AS sig | table signature"));
        assertEquals(List.of("t: the checker does not know SPL command 'transaction' (teach SplFields)"),
                fieldProblems("sourcetype=\"centinela:alert\" | transaction dest"));
        assertEquals(List.of(), fieldProblems("sourcetype=\"centinela:alert\" | lookup triage alert_id OUTPUT owner | table owner"));
        assertEquals(List.of("t: lookup 'nope' is not defined in transforms.conf"),
                fieldProblems("sourcetype=\"centinela:alert\" | lookup nope alert_id OUTPUT owner"));
        assertEquals(List.of("t: outputlookup triage would write field 'comment' it does not define"),
                fieldProblems("| makeresults | eval alert_id=\"a\", comment=\"c\" | outputlookup triage"));
        assertEquals(List.of(), fieldProblems("sourcetype=\"centinela:alert\" | spath input=signature path=a{} output=b | table b"));
        assertEquals(List.of("t: field 'nope' is not in the schema and not made earlier in the search",
                        "t: field 'a{}' is not in the schema and not made earlier in the search"),
                fieldProblems("sourcetype=\"centinela:alert\" | spath input=nope path=a{} output=b | table b a{}"),
                "spath reads its input and makes only its output");
        assertEquals(List.of("t: the search does not select a known Centinela sourcetype (got null)"),
                fieldProblems("index=main error"));
    }

    @Test
    void lexerCatchesUnbalancedQuotesAndBrackets() {
        assertThrows(IllegalArgumentException.class, () -> SplLexer.lex("search a=\"x"));
        assertThrows(IllegalArgumentException.class, () -> SplLexer.lex("eval x='a"));
        assertThrows(IllegalArgumentException.class, () -> SplLexer.lex("`macro"));
        assertEquals("unclosed (", SplLexer.bracketProblem(SplLexer.lex("eval x=if(a, b, c")));
        assertEquals("unbalanced ]", SplLexer.bracketProblem(SplLexer.lex("eval x=(a])")));
        assertNull(SplLexer.bracketProblem(SplLexer.lex("eval x=if(a==\"(\", [b], c) ```(```")));
    }

    @Test
    void macrosExpandAndUndefinedOnesAreReported() {
        Macros m = new Macros(ConfFile.parse("macros.conf", """
                [a]
                definition = `b` sourcetype="x"
                [b]
                definition = index=i
                [f(1)]
                args = n
                definition = head $n$
                """));
        List<String> problems = new ArrayList<>();
        assertEquals("index=i sourcetype=\"x\" | head 5", m.expand("`a` | `f(5)`", problems).replaceAll("\\s+", " ").strip());
        assertEquals(List.of(), problems);
        m.expand("`nope` ```ignored `also_ignored` ```", problems);
        assertEquals(List.of("macro `nope` is not defined in macros.conf"), problems);
    }

    @Test
    void confParserReportsDuplicatesAndJoinsContinuations() {
        ConfFile c = ConfFile.parse("x.conf", "[s]\na = 1 \\\n 2\n[s]\nb = 3\nb = 4\nnonsense\n");
        assertEquals(List.of("x.conf:4: duplicate stanza [s]", "x.conf:6: duplicate key b in [s]",
                "x.conf:7: neither a stanza nor key = value: nonsense"), c.problems());
        assertEquals("1 \n2", ConfFile.parse("y.conf", "[s]\na = 1 \\\n2\n").stanza("s").get("a"));
    }

    @Test
    void evalSubsetFollowsSplunkSemantics() {
        Map<String, List<String>> f = Map.of("a", List.of("X", "Y"), "u", List.of("http://h"));
        assertEquals(List.of("X", "Y"), EvalSubset.eval("coalesce(missing, a, \"z\")", f));
        assertEquals(List.of("x", "y"), EvalSubset.eval("lower(a)", f));
        assertEquals(List.of("Y"), EvalSubset.eval("mvindex('a', -1)", f));
        assertEquals(List.of("network"), EvalSubset.eval("if(isnotnull(u), \"network\", \"host\")", f));
        assertNull(EvalSubset.eval("case(isnull(a), \"n\", isnotnull(missing), \"m\")", f));
        assertEquals(List.of("d"), EvalSubset.eval("case(a==\"Q\", \"c\", true(), \"d\")", f));
        assertThrows(IllegalArgumentException.class, () -> EvalSubset.eval("upper(a)", f), "outside the subset");
    }

    @Test
    void eventtypeMatcherHandlesMultivalueOrAndWildcards() {
        Map<String, List<String>> e = Map.of("sourcetype", List.of("centinela:alert"), "detection_source", List.of("sigma", "model"));
        assertTrue(SearchMatcher.matches("sourcetype=\"centinela:alert\" (detection_source=\"yara\" OR detection_source=\"model\")", e));
        assertTrue(!SearchMatcher.matches("sourcetype=\"centinela:alert\" detection_source=\"yara\"", e));
        assertTrue(SearchMatcher.matches("sourcetype=centinela:* NOT detection_source=yara", e));
    }

    @Test
    void schemaFieldsNameFieldsLikeKvModeJson() throws Exception {
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type":"object","properties":{
                  "a":{"type":"string"},
                  "tags":{"type":"array","items":{"type":"string"}},
                  "hits":{"type":"array","items":{"$ref":"#/$defs/hit"}},
                  "meta":{"type":"object","additionalProperties":{"type":"string"}}},
                 "$defs":{"hit":{"type":"object","properties":{"id":{"type":"string"},
                   "strings":{"type":"array","items":{"type":"object","properties":{"offset":{"type":"integer"}}}}}}}}
                """);
        assertEquals(Set.of("a", "tags{}", "hits{}.id", "hits{}.strings{}.offset"), SchemaFields.of(schema));
    }
}
