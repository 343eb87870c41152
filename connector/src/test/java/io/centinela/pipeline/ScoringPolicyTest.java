package io.centinela.pipeline;

import io.centinela.event.EventKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScoringPolicyTest {

    private static final List<EventKind> KINDS = List.of(EventKind.WINDOWS, EventKind.WEB, EventKind.EMAIL,
            EventKind.WINDOWS, EventKind.LINUX, EventKind.WEB);
    private static final boolean[] HITS = {false, false, true, false, false, true};

    @Test
    void allScoresEverything() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5), ScoringPolicy.parse("all", List.of(), 0).select(KINDS, HITS));
    }

    @Test
    void kindsScoresOnlyThoseKinds() {
        assertEquals(List.of(1, 4, 5), ScoringPolicy.parse("kinds", List.of("web", "linux"), 0).select(KINDS, HITS));
    }

    @Test
    void ruleHitsFirstThenTheBudgetInOrder() {
        assertEquals(List.of(0, 1, 2, 5), ScoringPolicy.parse("rule-hits-first", List.of(), 2).select(KINDS, HITS));
        assertEquals(List.of(2, 5), ScoringPolicy.parse("rule-hits-first", List.of(), 0).select(KINDS, HITS));
    }

    @Test
    void noneScoresNothingAndUnknownModesFail() {
        assertEquals(List.of(), ScoringPolicy.parse("none", List.of(), 5).select(KINDS, HITS));
        assertThrows(IllegalArgumentException.class, () -> ScoringPolicy.parse("sometimes", List.of(), 0));
    }
}
