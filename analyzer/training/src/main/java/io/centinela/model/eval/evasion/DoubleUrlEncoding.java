package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;

/**
 * Web: every parameter value percent-encoded twice ({@code '} -> {@code %2527}); an application (or a filter
 * chain) that decodes twice receives the same payload, a single decode no longer shows it.
 */
public final class DoubleUrlEncoding implements Evasion {

    @Override
    public String name() {
        return "double URL encoding";
    }

    @Override
    public String domain() {
        return "web";
    }

    @Override
    public Optional<ObjectNode> apply(ObjectNode event, Random rnd) {
        return WebParameters.editValues(event, v -> WebParameters.encode(WebParameters.encode(v)));
    }
}
