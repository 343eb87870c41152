package io.centinela.pipeline;

import io.centinela.alert.Alert;
import io.centinela.alert.AlertIds;
import io.centinela.alert.AlertOrigin;
import io.centinela.alert.ModelDetection;
import io.centinela.alert.Severity;
import io.centinela.event.Event;
import io.centinela.event.EventOrigin;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A minimal fusion used until the analyzer's {@code io.centinela.fusion} is merged: alert when a rule fires or the
 * model score reaches its threshold; severity = highest of the Sigma levels, YARA {@code severity} meta and the
 * model band; risk = severity base + a bonus per extra detection source. Deterministic alert id from
 * {@link AlertIds}. Not the product's scoring: replaced by the real fusion on merge.
 */
public final class InterimFusion implements AlertFusion {

    private static final int EXCERPT = 8192;

    @Override
    public Optional<Alert> fuse(Event event, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model) {
        boolean modelHit = model != null && model.score() >= model.threshold();
        if (sigma.isEmpty() && yara.isEmpty() && !modelHit) {
            return Optional.empty();
        }
        Severity sev = Severity.INFORMATIONAL;
        List<String> ids = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Set<String> techniques = new LinkedHashSet<>();
        Set<String> tactics = new LinkedHashSet<>();
        List<String> sources = new ArrayList<>();
        for (SigmaMatch m : sigma) {
            sev = sev.max(Severity.parse(m.level()));
            ids.add("sigma:" + m.id());
            reasons.add("Sigma '" + m.title() + "' matched " + m.matchedFields());
            for (String t : m.tags()) {
                String tl = t.toLowerCase(Locale.ROOT);
                if (tl.matches("attack\\.t\\d{4}(\\.\\d{3})?")) {
                    techniques.add(tl.substring(7).toUpperCase(Locale.ROOT));
                } else if (tl.startsWith("attack.")) {
                    tactics.add(tl.substring(7));
                }
            }
        }
        for (YaraMatch m : yara) {
            Object s = m.meta().get("severity");
            sev = sev.max(s == null ? Severity.HIGH : Severity.parse(String.valueOf(s)));
            ids.add("yara:" + m.namespace() + ":" + m.rule());
            reasons.add("YARA '" + m.rule() + "' matched " + m.scannedField() + " strings "
                    + m.strings().stream().map(YaraMatch.MatchedString::identifier).distinct().toList());
        }
        if (!sigma.isEmpty()) {
            sources.add("sigma");
        }
        if (!yara.isEmpty()) {
            sources.add("yara");
        }
        if (modelHit) {
            sources.add("model");
            sev = sev.max(model.score() >= 0.95 ? Severity.HIGH : Severity.MEDIUM);
            ids.add("model:" + model.name());
            reasons.add(String.format(Locale.ROOT, "model score %.3f >= threshold %.3f", model.score(), model.threshold()));
        }
        int base = switch (sev) {
            case INFORMATIONAL -> 10;
            case LOW -> 30;
            case MEDIUM -> 50;
            case HIGH -> 70;
            case CRITICAL -> 90;
        };
        int risk = Math.min(100, base + 5 * (sources.size() - 1));
        String signature = !sigma.isEmpty() ? sigma.get(0).title() : !yara.isEmpty() ? yara.get(0).rule()
                : "Model: suspicious " + event.kind().name().toLowerCase(Locale.ROOT) + " event";
        String signatureId = !sigma.isEmpty() ? sigma.get(0).id() : !yara.isEmpty() ? yara.get(0).rule()
                : "model:" + model.name();
        String dest = first(event, "Computer", "Hostname", "dest", "DestinationHostname", "host.name", "cs-host", "email.to.address");
        String src = first(event, "SourceIp", "src", "IpAddress", "c-ip", "source.ip", "client.ip", "email.from.address");
        String user = first(event, "User", "SubjectUserName", "TargetUserName", "user", "user.name");
        String raw = event.raw().toString();
        boolean truncated = raw.length() > EXCERPT;
        AlertOrigin origin = origin(event, truncated ? raw.substring(0, EXCERPT) : raw, truncated);
        double time = timeOf(event);
        return Optional.of(new Alert(AlertIds.of(event.origin().key(), ids), time, "centinela", "Centinela", "alert",
                signature, signatureId, String.join("; ", reasons), sev, sev.id(), src, dest, user, dest,
                List.copyOf(techniques), List.copyOf(tactics), sources.contains("yara") ? "malware" : "detection",
                "host", "allowed", null, null, null, first(event, "url.full", "cs-uri-query", "url"), risk,
                dest != null ? dest : user, dest != null ? "system" : "user", null, null, sources, sigma, yara,
                model, reasons, origin));
    }

    private static String first(Event e, String... names) {
        for (String n : names) {
            String v = e.field(n);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return null;
    }

    private static double timeOf(Event e) {
        if (e.origin() instanceof EventOrigin.Kafka k && k.timestamp() > 0) {
            return k.timestamp() / 1000.0;
        }
        return System.currentTimeMillis() / 1000.0;
    }

    private static AlertOrigin origin(Event e, String excerpt, boolean truncated) {
        String fmt = e.format().name().toLowerCase(Locale.ROOT);
        String kind = e.kind().name().toLowerCase(Locale.ROOT);
        if (e.origin() instanceof EventOrigin.Kafka k) {
            return new AlertOrigin(k.topic(), k.partition(), k.offset(), k.timestamp(), null, null, fmt, kind, excerpt, truncated);
        }
        EventOrigin.File f = (EventOrigin.File) e.origin();
        return new AlertOrigin(null, null, null, null, f.path(), f.line(), fmt, kind, excerpt, truncated);
    }
}
