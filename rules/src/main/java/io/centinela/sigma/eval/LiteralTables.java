package io.centinela.sigma.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule-set-wide field numbering and per-field literal tables, filled while rules compile, then sealed.
 * Sharing one table across all rules is what lets one automaton pass serve every rule.
 */
public final class LiteralTables {

    private final FieldTable fields = new FieldTable();
    private final List<FieldLiterals> literals = new ArrayList<>();
    private final EngineVersion version;
    private boolean sealed;

    public LiteralTables() {
        this(EngineVersion.CURRENT);
    }

    public LiteralTables(EngineVersion version) {
        this.version = version;
    }

    public EngineVersion version() {
        return version;
    }

    /** A field for rules of any family (log-source gates). */
    public int field(String name) {
        return field("", name);
    }

    /** A field as used by rules of {@code family} (see {@link FieldTable#id}). */
    public int field(String family, String name) {
        int id = fields.id(family, name);
        while (literals.size() <= id) {
            literals.add(new FieldLiterals(version));
        }
        return id;
    }

    /** Registers a case-insensitive literal test on a field; {@code text} is folded here. */
    public int literal(int field, LiteralKind kind, String text) {
        if (sealed) {
            throw new IllegalStateException("sealed");
        }
        return literals.get(field).add(kind, Lower.of(text));
    }

    public void seal() {
        if (!sealed) {
            literals.forEach(FieldLiterals::seal);
            sealed = true;
        }
    }

    public int fieldCount() {
        return fields.size();
    }

    /** Literal tests registered over all fields (after sharing identical ones). */
    public int literalCount() {
        return literals.stream().mapToInt(FieldLiterals::size).sum();
    }

    public EventView newView() {
        if (!sealed) {
            throw new IllegalStateException("seal() first");
        }
        return new EventView(fields.namesArray(), literals.toArray(new FieldLiterals[0]));
    }
}
