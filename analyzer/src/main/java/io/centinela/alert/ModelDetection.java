package io.centinela.alert;

import java.util.List;

/**
 * The classifier's verdict: probability of "malicious", the package's threshold, and the fields that pushed the
 * score most (occlusion attribution: score drop when the field is removed).
 */
public record ModelDetection(String name, String version, double score, double threshold,
                             List<Attribution> attributions) {
    public ModelDetection {
        attributions = List.copyOf(attributions);
    }

    /** {@code delta} = score with the field minus score without it. */
    public record Attribution(String field, double delta) {
    }
}
