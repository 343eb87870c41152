package io.centinela.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * Deterministic alert ids: SHA-256 over the event's origin key and the sorted detection ids, first 128 bits in hex.
 * A re-delivered event (same topic/partition/offset, same detections) yields the same id, so Splunk-side
 * {@code dedup alert_id} removes at-least-once duplicates.
 */
public final class AlertIds {

    private AlertIds() {
    }

    public static String of(String originKey, Collection<String> detectionIds) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        sha.update(originKey.getBytes(StandardCharsets.UTF_8));
        for (String id : new TreeSet<>(detectionIds)) {
            sha.update((byte) 0);
            sha.update(id.getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }
}
