package io.centinela.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.model.pkg.Sha256;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code centinela feedback pull}: analyst verdicts to labelled training rows (docs/feedback.md). */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = "Turn analysts' triage verdicts into training data.",
        subcommands = {FeedbackCommand.Pull.class})
public final class FeedbackCommand implements Runnable {

    /** Environment variable holding the Splunk authentication token (never a command-line argument: ps shows those). */
    static final String TOKEN_ENV = "CENTINELA_KV_TOKEN";
    /** Environment variable holding the password for {@code --user}. */
    static final String PASSWORD_ENV = "CENTINELA_KV_PASSWORD";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code feedback pull (--kv-url URL | --from FILE) --alerts FILES --out FILE}. */
    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = "Read triage verdicts from Splunk's KV store (or an export), join them with the alerts' "
                    + "original events and write labelled JSON lines with provenance; verdicts that contradict a "
                    + "high/critical rule hit go to a review file instead.")
    static final class Pull implements Callable<Integer> {

        static final class Source {
            @Option(names = "--kv-url", description = "Splunk management URL, e.g. https://splunk:8089. Auth: "
                    + "token from $" + TOKEN_ENV + ", or --user with the password from $" + PASSWORD_ENV + ".")
            URI kvUrl;
            @Option(names = "--from", description = "Exported triage collection (.json array/lines or .csv).")
            Path from;
        }

        @ArgGroup(exclusive = true, multiplicity = "1") Source source;
        @Option(names = "--user", description = "Splunk user (password from $" + PASSWORD_ENV + ").") String user;
        @Option(names = "--app", defaultValue = "centinela") String app;
        @Option(names = "--collection", defaultValue = "centinela_triage") String collection;
        @Option(names = "--page-size", defaultValue = "1000") int pageSize;
        @Option(names = "--allow-plain-http", description = "Accept an http:// KV store URL (test setups only).")
        boolean allowPlainHttp;
        @Option(names = "--alerts", split = ",", required = true,
                description = "Alerts JSON-lines files (output.alerts.file: HEC envelopes or bare alerts).")
        List<Path> alerts;
        @Option(names = "--out", required = true, description = "Labelled JSON-lines file to write.") Path out;
        @Option(names = "--held", description = "Review file for held verdicts (default: <out>.held.jsonl).") Path held;
        @Option(names = "--max-analyst-share", defaultValue = "0.5",
                description = "Largest share of the rows one analyst may give, in (0, 1] (default: ${DEFAULT-VALUE}).")
        double maxAnalystShare;

        Function<String, String> env = System::getenv;
        PrintStream stdout = System.out;

        @Override
        public Integer call() throws Exception {
            List<JsonNode> records;
            String from;
            if (source.kvUrl != null) {
                KvStoreVerdictSource kv = new KvStoreVerdictSource(source.kvUrl, app, auth(), pageSize, allowPlainHttp);
                records = kv.readAll(collection);
                from = source.kvUrl + " collection " + collection;
            } else {
                records = VerdictExport.read(source.from);
                from = source.from.toString();
            }
            VerdictRecords.Parsed parsed = VerdictRecords.parse(records);
            AlertIndex index = AlertIndex.read(alerts);
            FeedbackJoin.Result r = FeedbackJoin.join(parsed.verdicts(), index, maxAnalystShare);
            Path heldFile = held != null ? held : out.resolveSibling(out.getFileName() + ".held.jsonl");
            write(out, r.labelled());
            write(heldFile, r.held());

            stdout.printf(Locale.ROOT, "verdicts: %d from %s (%d refused)%n", parsed.verdicts().size(), from,
                    parsed.refused().size());
            parsed.refused().stream().limit(10).forEach(s -> stdout.println("  refused " + s));
            stdout.printf(Locale.ROOT, "alerts: %d read from %d file(s) (%d unreadable lines)%n", index.size(),
                    alerts.size(), index.unreadable());
            stdout.printf(Locale.ROOT, "labelled rows: %d -> %s (sha256 %s)%n", r.labelled().size(), out,
                    Sha256.of(out));
            stdout.printf(Locale.ROOT, "held for review: %d -> %s%n", r.held().size(), heldFile);
            r.skipped().forEach((k, v) -> stdout.printf(Locale.ROOT, "skipped %s: %d%n",
                    k.name().toLowerCase(Locale.ROOT), v));
            stdout.printf(Locale.ROOT, "analysts (cap %.0f %% of rows):%n", maxAnalystShare * 100);
            r.analysts().forEach((a, s) -> stdout.printf(Locale.ROOT, "  %-20s kept %d, capped %d%n", a, s.kept(),
                    s.capped()));
            return 0;
        }

        private KvStoreVerdictSource.Auth auth() {
            if (user != null) {
                String pw = env.apply(PASSWORD_ENV);
                if (pw == null || pw.isEmpty()) {
                    throw new IllegalArgumentException("--user needs the password in $" + PASSWORD_ENV);
                }
                return new KvStoreVerdictSource.Auth.UserPassword(user, pw);
            }
            String token = env.apply(TOKEN_ENV);
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("--kv-url needs a token in $" + TOKEN_ENV + " (or --user)");
            }
            return new KvStoreVerdictSource.Auth.Token(token);
        }

        /** Writes to a temporary sibling and moves it into place, so a failed pull leaves no half file. */
        private static void write(Path file, List<ObjectNode> rows) throws java.io.IOException {
            ObjectMapper json = new ObjectMapper();
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (ObjectNode row : rows) {
                    w.write(json.writeValueAsString(row));
                    w.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
