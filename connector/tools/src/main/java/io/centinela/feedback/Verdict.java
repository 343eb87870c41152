package io.centinela.feedback;

import java.util.Objects;

/**
 * One analyst verdict on one alert: the alert's id, the disposition, who gave it ({@code owner} in the triage
 * collection), when ({@code updated}, epoch seconds) and the analyst's note ({@code comment}).
 */
public record Verdict(String alertId, Disposition disposition, String analyst, double time, String note) {
    public Verdict {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(disposition, "disposition");
        analyst = analyst == null || analyst.isBlank() ? "unknown" : analyst;
        note = note == null ? "" : note;
    }
}
