package io.centinela.risk;

import java.util.List;

/**
 * One detection's share of an entity's risk, as kept in the state store: what the risk alert needs to explain its
 * score (points, signature, tactics) and to point back (alert id, source coordinates). Ordered by event time, then
 * alert id, so that every evaluation sees the same order whatever order the detections arrived in.
 */
record Contribution(String alertId, long timeMs, int points, String signatureId, String signature,
                    List<String> tactics, List<String> techniques, List<String> sources,
                    String topic, Integer partition, Long offset, String format, String eventKind)
        implements Comparable<Contribution> {

    Contribution {
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        sources = List.copyOf(sources);
    }

    static Contribution of(Detection d, int points) {
        List<String> sources = new java.util.ArrayList<>(3);
        if (!d.sigma().isEmpty()) {
            sources.add("sigma");
        }
        if (!d.yara().isEmpty()) {
            sources.add("yara");
        }
        if (d.modelScore() != null && (sources.isEmpty() || d.modelScore() >= d.modelThreshold())) {
            sources.add("model");
        }
        // The signature that repeats: the strongest rule's id, else the YARA rule, else the model.
        String sigId = !d.sigma().isEmpty() ? "sigma:" + d.sigma().get(0).id()
                : !d.yara().isEmpty() ? "yara:" + d.yara().get(0).rule() : "model";
        String title = d.signature() != null ? d.signature() : sigId;
        return new Contribution(d.alertId(), d.eventTimeMs(), points, sigId, title, d.tactics(), d.techniques(),
                sources, d.topic(), d.partition(), d.offset(), d.format(), d.eventKind());
    }

    @Override
    public int compareTo(Contribution o) {
        int c = Long.compare(timeMs, o.timeMs);
        return c != 0 ? c : alertId.compareTo(o.alertId);
    }
}
