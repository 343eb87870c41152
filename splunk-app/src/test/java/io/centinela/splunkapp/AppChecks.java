package io.centinela.splunkapp;

import io.centinela.testkit.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Consistency checks of the app's content (the same on the source folder and on the built package): confs parse,
 * macros and eventtypes and lookups exist, views parse as Simple XML 1.1, SPL is balanced, every field a search
 * reads exists in the alert or heartbeat schema. Each returns the problems found; an empty list passes.
 */
public final class AppChecks {

    public static final String ALERT_ST = "centinela:alert";
    public static final String HEARTBEAT_ST = "centinela:heartbeat";

    private final AppTree app;

    public AppChecks(AppTree app) {
        this.app = app;
    }

    /** Repository root (the module runs with splunk-app/ as working directory). */
    public static Path repoRoot() {
        return SharedData.repo();
    }

    /** The alert contract, docs/alert-schema.json (JSON Schema of what AlertJson writes). */
    public static JsonNode alertSchema() throws IOException {
        return new ObjectMapper().readTree(Files.readString(repoRoot().resolve("docs/alert-schema.json")));
    }

    /** Alert fields at search time: the alert schema's KV_MODE=json names plus what props.conf aliases and evaluates. */
    public Set<String> alertFields() throws IOException {
        Set<String> fields = new TreeSet<>(SchemaFields.of(alertSchema()));
        fields.addAll(new PropsMapping(app.conf("props.conf").stanza(ALERT_ST)).createdFields());
        return fields;
    }

    /** Heartbeat fields: docs/heartbeat.schema.json's properties (the contract the connector follows). */
    public static Set<String> heartbeatFields() throws IOException {
        Path schema = repoRoot().resolve("docs/heartbeat.schema.json");
        JsonNode root = new ObjectMapper().readTree(Files.readString(schema));
        return SchemaFields.of(root);
    }

    public Map<String, Set<String>> lookupFields() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        app.conf("transforms.conf").stanzas().forEach((name, s) -> {
            if (s.get("fields_list") != null) {
                Set<String> f = new TreeSet<>();
                for (String x : s.get("fields_list").split(",")) {
                    f.add(x.strip());
                }
                out.put(name, f);
            }
        });
        return out;
    }

    public List<String> confsParse() {
        List<String> out = new ArrayList<>();
        for (String path : app.files().keySet()) {
            if (path.endsWith(".conf") || path.endsWith(".meta")) {
                out.addAll(ConfFile.parse(path, app.text(path)).problems());
            }
        }
        return out;
    }

    /** Every macro referenced by a saved search, a view, an eventtype or another macro is defined. */
    public List<String> macrosDefined() throws IOException {
        Macros macros = new Macros(app.conf("macros.conf"));
        List<String> out = new ArrayList<>();
        List<AppSearches.Search> all = new ArrayList<>(AppSearches.savedSearches(app));
        all.addAll(AppSearches.viewSearches(app));
        app.conf("macros.conf").stanzas().forEach((n, s) -> all.add(new AppSearches.Search("macros.conf [" + n + "]", s.get("definition"))));
        app.conf("eventtypes.conf").stanzas().forEach((n, s) -> all.add(new AppSearches.Search("eventtypes.conf [" + n + "]", s.get("search"))));
        for (AppSearches.Search s : all) {
            if (s.spl() == null) {
                out.add(s.label() + ": no search/definition");
                continue;
            }
            for (String m : Macros.referenced(s.spl())) {
                if (!macros.defines(m)) {
                    out.add(s.label() + ": macro `" + m + "` is not defined in macros.conf");
                }
            }
        }
        return out;
    }

    public List<String> eventtypesTagged() {
        List<String> out = new ArrayList<>();
        Set<String> eventtypes = app.conf("eventtypes.conf").stanzas().keySet();
        app.conf("tags.conf").stanzas().forEach((name, s) -> {
            if (!name.startsWith("eventtype=")) {
                out.add("tags.conf [" + name + "]: only eventtype= stanzas are expected");
            } else if (!eventtypes.contains(name.substring("eventtype=".length()))) {
                out.add("tags.conf [" + name + "]: eventtype not defined in eventtypes.conf");
            }
            s.settings().forEach((tag, v) -> {
                if (!v.equals("enabled") && !v.equals("disabled")) {
                    out.add("tags.conf [" + name + "] " + tag + ": value must be enabled or disabled");
                }
            });
        });
        return out;
    }

    /** Views parse; root is form/dashboard with version 1.1 (or Dashboard Studio version 2); no JavaScript or CSS. */
    public List<String> viewsValid() {
        List<String> out = new ArrayList<>();
        for (String view : app.views()) {
            try {
                Element root = AppSearches.parseXml(app.files().get(view)).getDocumentElement();
                String tag = root.getTagName();
                String version = root.getAttribute("version");
                if (!(tag.equals("form") || tag.equals("dashboard"))) {
                    out.add(view + ": root <" + tag + "> is not <form> or <dashboard>");
                } else if (!version.equals("1.1") && !(tag.equals("dashboard") && version.equals("2"))) {
                    out.add(view + ": version=\"" + version + "\" (Simple XML needs 1.1, Dashboard Studio 2)");
                }
                for (String attr : List.of("script", "stylesheet")) {
                    if (!root.getAttribute(attr).isEmpty()) {
                        out.add(view + ": " + attr + "= loads custom code, not allowed");
                    }
                }
                if (root.getElementsByTagName("script").getLength() > 0) {
                    out.add(view + ": <script> element");
                }
            } catch (IOException e) {
                out.add(view + ": not well-formed XML: " + e.getMessage());
            }
        }
        return out;
    }

    /** Views the nav lists and the dashboards link to exist. */
    public List<String> viewLinks() throws IOException {
        List<String> out = new ArrayList<>();
        Set<String> views = new HashSet<>();
        for (String v : app.views()) {
            views.add(v.substring(v.lastIndexOf('/') + 1, v.length() - 4));
        }
        Set<String> builtIn = Set.of("search", "reports", "alerts", "dashboards", "datasets");
        Document nav = AppSearches.parseXml(app.files().get("default/data/ui/nav/default.xml"));
        NodeList vs = nav.getElementsByTagName("view");
        for (int i = 0; i < vs.getLength(); i++) {
            String name = ((Element) vs.item(i)).getAttribute("name");
            if (!views.contains(name) && !builtIn.contains(name)) {
                out.add("nav: view " + name + " does not exist");
            }
        }
        Pattern link = Pattern.compile("/app/" + Pattern.quote(app.appId()) + "/([A-Za-z0-9_]+)");
        for (String v : app.views()) {
            Matcher m = link.matcher(app.text(v));
            while (m.find()) {
                if (!views.contains(m.group(1)) && !builtIn.contains(m.group(1))) {
                    out.add(v + ": links to missing view " + m.group(1));
                }
            }
        }
        return out;
    }

    /** Quotes and brackets balance in every search, macro definition and eventtype search. */
    public List<String> splBalanced() throws IOException {
        List<String> out = new ArrayList<>();
        List<AppSearches.Search> all = new ArrayList<>(AppSearches.savedSearches(app));
        all.addAll(AppSearches.viewSearches(app));
        app.conf("macros.conf").stanzas().forEach((n, s) -> all.add(new AppSearches.Search("macros.conf [" + n + "]", s.get("definition"))));
        app.conf("eventtypes.conf").stanzas().forEach((n, s) -> all.add(new AppSearches.Search("eventtypes.conf [" + n + "]", s.get("search"))));
        app.conf("props.conf").stanzas().forEach((n, s) -> s.settings().forEach((k, v) -> {
            if (k.startsWith("EVAL-")) {
                all.add(new AppSearches.Search("props.conf [" + n + "] " + k, v));
            }
        }));
        for (AppSearches.Search s : all) {
            try {
                String problem = SplLexer.bracketProblem(SplLexer.lex(s.spl()));
                if (problem != null) {
                    out.add(s.label() + ": " + problem);
                }
            } catch (IllegalArgumentException e) {
                out.add(s.label() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Every field every search (saved, dashboard, eventtype) reads exists (schema, props, lookups, or made earlier). */
    public List<String> fieldsExist() throws IOException {
        Map<String, Set<String>> st = Map.of(ALERT_ST, alertFields(), HEARTBEAT_ST, heartbeatFields());
        SplFields checker = new SplFields(st, lookupFields());
        Macros macros = new Macros(app.conf("macros.conf"));
        List<AppSearches.Search> all = new ArrayList<>(AppSearches.savedSearches(app));
        all.addAll(AppSearches.viewSearches(app));
        app.conf("eventtypes.conf").stanzas().forEach((n, s) -> all.add(new AppSearches.Search("eventtypes.conf [" + n + "]", s.get("search"))));
        for (AppSearches.Search s : all) {
            List<String> problems = new ArrayList<>();
            String expanded = macros.expand(AppSearches.withoutTokens(s.spl()), problems);
            problems.forEach(p -> checker.problems().add(s.label() + ": " + p));
            checker.check(s.label(), expanded);
        }
        return checker.problems();
    }

    /** Alert searches go through the index macro and dedup alert_id; heartbeat searches through their macro. */
    public List<String> searchesUseMacros() throws IOException {
        List<String> out = new ArrayList<>();
        List<AppSearches.Search> all = new ArrayList<>(AppSearches.savedSearches(app));
        all.addAll(AppSearches.viewSearches(app));
        for (AppSearches.Search s : all) {
            String spl = s.spl().strip();
            if (spl.startsWith("|")) {
                if (spl.matches("(?s).*\\bindex\\s*=.*")) {
                    out.add(s.label() + ": hard-coded index in a generating search");
                }
                continue;
            }
            if (spl.startsWith("`centinela_alerts`") || spl.startsWith("`centinela_risk_alerts`")) {
                if (!spl.matches("(?s).*\\|\\s*dedup alert_id\\b.*")) {
                    out.add(s.label() + ": alert search without | dedup alert_id (delivery is at least once)");
                }
            } else if (!spl.startsWith("`centinela_heartbeats`")) {
                out.add(s.label() + ": does not start with `centinela_alerts`, `centinela_risk_alerts` or `centinela_heartbeats`");
            }
            if (spl.matches("(?s).*\\bindex\\s*=.*")) {
                out.add(s.label() + ": hard-coded index; use the macros");
            }
        }
        return out;
    }

    /** Severity colours: the same five colours wherever a dashboard colours severities. */
    public List<String> severityColours() {
        List<String> out = new ArrayList<>();
        Pattern map = Pattern.compile("\\{\"critical\":[^}]*\\}");
        Set<String> seen = new TreeSet<>();
        int count = 0;
        for (String v : app.views()) {
            Matcher m = map.matcher(app.text(v));
            while (m.find()) {
                count++;
                String normalised = m.group().replace("0x", "#").toUpperCase();
                seen.add(normalised);
                for (String sev : List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL")) {
                    if (!normalised.contains("\"" + sev + "\"")) {
                        out.add(v + ": severity colour map lacks " + sev.toLowerCase());
                    }
                }
            }
        }
        if (count == 0) {
            out.add("no severity colour maps found");
        }
        if (seen.size() > 1) {
            out.add("severity colours differ between panels: " + seen);
        }
        return out;
    }
}
