package io.centinela.risk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a topology child process ({@code RiskChild}, {@code CorrelationChild}) reports in its log: the failover tests
 * read its last status line to know which partitions it owns and how far it got before they kill it.
 */
final class ChildLog {

    /** The child's last status: detections processed and the by-key partitions it owned. */
    record Status(long detections, Set<Integer> partitions) {
    }

    private static final Pattern STATUS = Pattern.compile("state=RUNNING detections=(\\d+) partitions=\\[([0-9, ]*)]");

    private ChildLog() {
    }

    static Status status(Path log) {
        Status last = new Status(0, Set.of());
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = STATUS.matcher(line);
                if (m.find()) {
                    Set<Integer> ps = new TreeSet<>();
                    for (String p : m.group(2).split(",\\s*")) {
                        if (!p.isBlank()) {
                            ps.add(Integer.parseInt(p.trim()));
                        }
                    }
                    last = new Status(Long.parseLong(m.group(1)), ps);
                }
            }
        } catch (Exception e) {
            // the child is still starting
        }
        return last;
    }

    /** The log's last 15 lines, for an assertion's message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
