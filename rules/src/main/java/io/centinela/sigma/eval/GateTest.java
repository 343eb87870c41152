package io.centinela.sigma.eval;

import io.centinela.event.EventKind;
import io.centinela.sigma.logsource.Gate;

import java.util.Set;

/** A {@link Gate} compiled against the field table, so it reads the per-event folded value cache. */
final class GateTest {

    private final Set<EventKind> kinds;
    private final int[] fields;
    private final Set<String>[] allowed;

    @SuppressWarnings("unchecked")
    private GateTest(Set<EventKind> kinds, int[] fields, Set<?>[] allowed) {
        this.kinds = kinds;
        this.fields = fields;
        this.allowed = (Set<String>[]) allowed;
    }

    static GateTest of(Gate gate, LiteralTables tables) {
        int n = gate.fields().size();
        int[] ids = new int[n];
        Set<?>[] sets = new Set<?>[n];
        int i = 0;
        for (var e : gate.fields().entrySet()) {
            ids[i] = tables.field(e.getKey());
            sets[i++] = e.getValue();
        }
        return new GateTest(gate.kinds(), ids, sets);
    }

    boolean test(EventView v) {
        if (kinds != null && !kinds.contains(v.event().kind())) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            boolean any = false;
            for (String s : v.folded(fields[i])) {
                if (allowed[i].contains(s)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
