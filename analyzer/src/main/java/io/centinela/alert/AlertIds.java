package io.centinela.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * Deterministic alert ids: SHA-256 over the event's origin key and the sorted ids of the rule detections, first
 * 128 bits in hex. A re-delivered event (same topic/partition/offset, same rules) yields the same id, so
 * Splunk-side {@code dedup alert_id} removes at-least-once duplicates.
 *
 * <p>The model's verdict enters the id only when no rule fired ({@code model:<name>}, the one detection of a
 * model-only alert). Next to a rule hit it is left out on purpose: whether the model fired, and whether the event
 * was scored at all, can differ between deliveries (a score on another machine near its threshold, a scoring
 * failure that falls back to rules, the rule-hits-first budget of a chunk), and the alert must keep its id.
 * Scores and thresholds never enter.
 */
public final class AlertIds {

    /** Prefix of the model's detection id ({@code model:<name>}). */
    public static final String MODEL_PREFIX = "model:";

    private AlertIds() {
    }

    /**
     * The id of the alert for the event at {@code originKey} with these detections ({@code sigma:...},
     * {@code yara:...}, {@code model:<name>}): the rule ids when there is any, else the model ids.
     */
    public static String of(String originKey, Collection<String> detectionIds) {
        TreeSet<String> rules = new TreeSet<>();
        TreeSet<String> models = new TreeSet<>();
        for (String id : detectionIds) {
            (id.startsWith(MODEL_PREFIX) ? models : rules).add(id);
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        sha.update(originKey.getBytes(StandardCharsets.UTF_8));
        for (String id : rules.isEmpty() ? models : rules) {
            sha.update((byte) 0);
            sha.update(id.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
