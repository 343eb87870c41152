package io.centinela.pipeline;

import io.centinela.yara.YaraEngine;
import io.centinela.yara.policy.RuleGeneration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the Sigma and YARA rule sets from the configured folders and swaps them in. Runs on the caller's thread
 * (the watcher or signal thread), never on a worker: workers keep evaluating with the old sets until the swap.
 * An engine whose new set fails to load keeps its old set; the failure is logged and counted.
 */
public final class RuleReloader {

    private static final Logger LOG = LoggerFactory.getLogger(RuleReloader.class);

    /** What one reload did. {@code problems} lists every rejection or failure (file:line: reason). */
    public record Outcome(boolean ok, int sigmaRules, int yaraRules, List<String> problems) {
    }

    private final RuleSettings settings;
    private final SwappableSigma sigma;
    private final YaraEngine yara;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /** {@code sigma} or {@code yara} null = that engine is not configured. */
    public RuleReloader(RuleSettings settings, SwappableSigma sigma, YaraEngine yara) {
        this.settings = settings;
        this.sigma = sigma;
        this.yara = yara;
    }

    public synchronized Outcome reload() {
        List<String> problems = new ArrayList<>();
        boolean ok = true;
        if (sigma != null) {
            try {
                EngineFactory.SigmaLoad next = EngineFactory.loadSigmaSet(settings);
                next.rejected().forEach(r -> problems.add("sigma " + r));
                sigma.replace(next.rules());
            } catch (RuntimeException e) {
                ok = false;
                problems.add("sigma: " + e.getMessage() + " (old rules kept)");
                LOG.error("Sigma reload failed, keeping the old rules: {}", e.getMessage());
            }
        }
        if (yara != null) {
            try {
                RuleGeneration gen = yara.reload();
                gen.diagnostics().stream().filter(d -> d.isError()).forEach(d -> problems.add("yara " + d));
            } catch (RuntimeException e) {
                ok = false;
                problems.add("yara: " + e.getMessage() + " (old rules kept)");
                LOG.error("YARA reload failed, keeping the old rules: {}", e.getMessage());
            }
        }
        reloads.incrementAndGet();
        if (!ok) {
            failures.incrementAndGet();
        }
        Outcome out = new Outcome(ok, sigmaRules(), yaraRules(), List.copyOf(problems));
        LOG.info("rules reloaded{}: {} Sigma, {} YARA rules, {} problem(s)", ok ? "" : " with failures",
                out.sigmaRules(), out.yaraRules(), problems.size());
        return out;
    }

    public int sigmaRules() {
        return sigma == null ? 0 : sigma.ruleCount();
    }

    public int yaraRules() {
        return yara == null || yara.rules() == null ? 0 : yara.rules().ruleCount();
    }

    /** YARA scans that hit the scan timeout since start (0 without YARA). */
    public long yaraScanTimeouts() {
        return yara == null ? 0 : yara.scanTimeouts();
    }

    /** YARA scans repeated after a timeout without the rules that caused it. */
    public long yaraScanRetries() {
        return yara == null ? 0 : yara.scanRetries();
    }

    /** YARA rules not used for scanning because of their measured cost. */
    public int yaraQuarantined() {
        return yara == null || yara.rules() == null ? 0 : yara.rules().quarantined().size();
    }

    /** Reloads attempted since start. */
    public long reloads() {
        return reloads.get();
    }

    /** Reloads in which an engine kept its old rules because the new ones failed to load. */
    public long failures() {
        return failures.get();
    }

    public RuleSettings settings() {
        return settings;
    }
}
