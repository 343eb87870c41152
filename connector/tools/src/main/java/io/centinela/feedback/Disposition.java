package io.centinela.feedback;

import java.util.Locale;
import java.util.Optional;

/**
 * An analyst's triage disposition, as the Triage view stores it in the {@code centinela_triage} collection
 * ({@code true positive}, {@code benign positive}, {@code false positive}, {@code undetermined}).
 */
public enum Disposition {
    TRUE_POSITIVE, BENIGN_TRUE_POSITIVE, FALSE_POSITIVE, UNDETERMINED;

    /** The disposition named by {@code text} (case, {@code _} and {@code -} ignored), or empty when unknown. */
    public static Optional<Disposition> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
        return switch (t) {
            case "true positive", "tp" -> Optional.of(TRUE_POSITIVE);
            case "benign positive", "benign true positive", "btp" -> Optional.of(BENIGN_TRUE_POSITIVE);
            case "false positive", "fp" -> Optional.of(FALSE_POSITIVE);
            case "undetermined", "" -> Optional.of(UNDETERMINED);
            default -> Optional.empty();
        };
    }

    /** The training label this verdict gives the event, or empty when it gives none (see docs/feedback.md). */
    public Optional<String> label() {
        return switch (this) {
            case TRUE_POSITIVE -> Optional.of("malicious");
            case FALSE_POSITIVE -> Optional.of("benign");
            // The activity was real and authorised: the event text looks like an attack because it is one in
            // form, so teaching "benign" would blind the model to the same text from an attacker.
            case BENIGN_TRUE_POSITIVE, UNDETERMINED -> Optional.empty();
        };
    }
}
