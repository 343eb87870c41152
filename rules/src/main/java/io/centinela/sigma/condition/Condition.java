package io.centinela.sigma.condition;

import java.util.List;

/** A parsed rule condition over named searches; {@code x of} forms are already resolved into And/Or of refs. */
public sealed interface Condition {

    record And(List<Condition> children) implements Condition {
        public And {
            children = List.copyOf(children);
        }
    }

    record Or(List<Condition> children) implements Condition {
        public Or {
            children = List.copyOf(children);
        }
    }

    /** At least {@code min} of the children (from {@code N of x} with N > 1). */
    record AtLeast(int min, List<Condition> children) implements Condition {
        public AtLeast {
            children = List.copyOf(children);
        }
    }

    record Not(Condition child) implements Condition {
    }

    /** A search identifier by name. */
    record Ref(String name) implements Condition {
    }
}
