package io.centinela.model.eval.evasion;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.Random;

/**
 * One evasion technique: a change an attacker can make to an event that keeps what the attack does (the mail
 * still lures, the server still receives the same payload, cmd.exe still runs the same command) but changes its
 * text. Applied to the raw event, before rendering, so that the rendering's normalisation is under test too.
 * Implementations are stateless; all randomness comes from the caller's seeded {@link Random}.
 */
public interface Evasion {

    /** Short name for the report table. */
    String name();

    /** The data domain it applies to: email, web or windows. */
    String domain();

    /**
     * A transformed deep copy of {@code event}, or empty when the technique does not apply to it (nothing to
     * change, e.g. no URL to shorten); the returned event always differs from the input.
     */
    Optional<ObjectNode> apply(ObjectNode event, Random rnd);
}
