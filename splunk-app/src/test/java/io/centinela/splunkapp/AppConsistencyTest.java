package io.centinela.splunkapp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's content is consistent with itself and with the alert and heartbeat schemas (source folder). */
class AppConsistencyTest {

    static AppTree app;
    static AppChecks checks;

    @BeforeAll
    static void load() throws IOException {
        app = AppTree.fromSource();
        checks = new AppChecks(app);
    }

    static void none(List<String> problems) {
        assertTrue(problems.isEmpty(), () -> problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }

    @Test
    void confFilesParseWithoutDuplicates() {
        none(checks.confsParse());
    }

    @Test
    void everyMacroUsedIsDefined() throws IOException {
        none(checks.macrosDefined());
    }

    @Test
    void everyTaggedEventtypeExists() {
        none(checks.eventtypesTagged());
    }

    @Test
    void viewsAreSimpleXml11WithoutCustomCode() {
        none(checks.viewsValid());
        assertEquals(List.of("default/data/ui/views/centinela_alert_detail.xml", "default/data/ui/views/centinela_model.xml",
                "default/data/ui/views/centinela_overview.xml",
                "default/data/ui/views/centinela_pipeline_health.xml", "default/data/ui/views/centinela_triage.xml"), app.views());
    }

    @Test
    void navigationAndDrilldownsPointToExistingViews() throws IOException {
        none(checks.viewLinks());
    }

    @Test
    void splQuotesAndBracketsBalance() throws IOException {
        none(checks.splBalanced());
    }

    @Test
    void everyFieldASearchReadsExistsInTheSchema() throws IOException {
        none(checks.fieldsExist());
    }

    @Test
    void searchesGoThroughTheMacrosAndDedupAlerts() throws IOException {
        none(checks.searchesUseMacros());
    }

    @Test
    void severityColoursAreTheSameEverywhere() {
        none(checks.severityColours());
    }

    @Test
    void dashboardsHaveTheGlobalInputs() {
        for (String view : List.of("centinela_overview", "centinela_triage")) {
            String xml = app.text("default/data/ui/views/" + view + ".xml");
            for (String token : List.of("time", "sev", "rsrc", "sig", "status", "owner", "entity", "tactic")) {
                assertTrue(xml.contains("token=\"" + token + "\""), view + " lacks input " + token);
            }
        }
        assertTrue(app.text("default/data/ui/views/centinela_alert_detail.xml").contains("token=\"alert_id\""));
    }

    @Test
    void everyOverviewPanelDrillsIntoTheTriageQueue() throws IOException {
        org.w3c.dom.Document doc = AppSearches.parseXml(app.files().get("default/data/ui/views/centinela_overview.xml"));
        int panels = 0;
        for (String kind : List.of("single", "chart", "table")) {
            org.w3c.dom.NodeList viz = doc.getElementsByTagName(kind);
            for (int i = 0; i < viz.getLength(); i++) {
                panels++;
                org.w3c.dom.Element e = (org.w3c.dom.Element) viz.item(i);
                org.w3c.dom.NodeList links = e.getElementsByTagName("link");
                assertEquals(1, links.getLength(), kind + " #" + (i + 1) + " has no drilldown link");
                assertTrue(links.item(0).getTextContent().startsWith("/app/centinela/centinela_triage?"),
                        kind + " #" + (i + 1) + " drills elsewhere: " + links.item(0).getTextContent());
            }
        }
        assertEquals(12, panels, "Overview panels (4 counts, 2 charts, 4 top lists, ATT&CK matrix, score histogram)");
    }

    @Test
    void triageStateIsAKvStoreCollectionKeyedByAlertIdWrittenWithOutputlookup() throws IOException {
        ConfFile collections = app.conf("collections.conf");
        ConfFile transforms = app.conf("transforms.conf");
        for (String lookup : List.of("centinela_triage_lookup", "centinela_triage_history_lookup")) {
            ConfFile.Stanza t = transforms.stanza(lookup);
            assertNotNull(t, lookup);
            assertEquals("kvstore", t.get("external_type"));
            ConfFile.Stanza c = collections.stanza(t.get("collection"));
            assertNotNull(c, "collection " + t.get("collection") + " missing in collections.conf");
            for (String f : List.of("alert_id", "owner", "status", "disposition", "comment", "updated")) {
                assertNotNull(c.get("field." + f), t.get("collection") + " lacks field." + f);
                assertTrue(checks.lookupFields().get(lookup).contains(f), lookup + " fields_list lacks " + f);
            }
        }
        String triage = AppSearches.viewSearches(app).stream()
                .filter(s -> s.label().contains("id=triage_write")).findFirst().orElseThrow().spl();
        assertTrue(triage.contains("_key=alert_id"), "the triage record's key must be the alert id");
        assertTrue(triage.matches("(?s).*outputlookup append=true key_field=_key centinela_triage_lookup.*"));
        assertFalse(app.text("default/data/ui/views/centinela_triage.xml").contains("script="), "no custom JavaScript");
    }

    @Test
    void savedSearchesAreTheAlertsTheIssueAsksFor() {
        ConfFile ss = app.conf("savedsearches.conf");
        assertEquals(Set.of("Centinela - Critical alert burst", "Centinela - Connector silence", "Centinela - Dead-letter rate",
                "Centinela - Risk - Threat detected", "Centinela - Risk incidents"), ss.stanzas().keySet());
        for (String name : List.of("Centinela - Critical alert burst", "Centinela - Connector silence", "Centinela - Dead-letter rate",
                "Centinela - Risk incidents")) {
            ConfFile.Stanza s = ss.stanza(name);
            assertEquals("1", s.get("is_scheduled"), name);
            assertEquals("0", s.get("disabled"), name);
            assertEquals("1", s.get("alert.suppress"), name);
            assertNotNull(s.get("alert.suppress.period"), name);
            assertNotNull(s.get("alert.suppress.fields"), name);
        }
        ConfFile.Stanza es = ss.stanza("Centinela - Risk - Threat detected");
        assertEquals("1", es.get("disabled"), "the ES correlation search ships disabled");
        assertEquals("1", es.get("action.risk"));
        assertTrue(es.get("action.risk.param._risk").contains("\"risk_object_type\":\"system\""));
        assertFalse(es.get("search").contains("notable"), "never write index=notable");
        assertTrue(ss.stanza("Centinela - Connector silence").get("search").contains("`centinela_silence_seconds`"));
        assertEquals("900", app.conf("macros.conf").stanza("centinela_silence_seconds").get("definition"), "15 minutes");
    }

    @Test
    void suppressionFieldsAreColumnsOfTheSearchResults() throws IOException {
        SplFields fields = new SplFields(java.util.Map.of(AppChecks.ALERT_ST, checks.alertFields(),
                AppChecks.HEARTBEAT_ST, AppChecks.heartbeatFields()), checks.lookupFields());
        Macros macros = new Macros(app.conf("macros.conf"));
        app.conf("savedsearches.conf").stanzas().forEach((name, s) -> {
            fields.check(name, macros.expand(s.get("search"), new java.util.ArrayList<>()));
            Set<String> outputs = fields.outputs();
            assertNotNull(outputs, name + ": result columns depend on the data");
            for (String f : s.get("alert.suppress.fields").split(",")) {
                assertTrue(outputs.contains(f.strip()), name + ": suppression field " + f + " is not a result column " + outputs);
            }
        });
        assertEquals(List.of(), fields.problems());
    }

    @Test
    void appShipsNoIndexesOrInputs() {
        assertFalse(app.has("default/indexes.conf"), "admins create the index; the app must not");
        assertFalse(app.has("default/inputs.conf"), "search-head app: HEC tokens are created by admins");
        assertEquals("index=centinela", app.conf("macros.conf").stanza("centinela_index").get("definition"));
    }

    @Test
    void riskIncidentsListRiskAndCorrelationAlertsOncePerAlertId() throws IOException {
        ConfFile.Stanza s = app.conf("savedsearches.conf").stanza("Centinela - Risk incidents");
        String spl = s.get("search");
        assertTrue(spl.startsWith("`centinela_risk_alerts` | dedup alert_id |"), spl);
        assertEquals("alert_id", s.get("alert.suppress.fields"), "one incident, one raise");
        assertEquals("24h", s.get("alert.suppress.period"));
        assertEquals("-24h@m", s.get("dispatch.earliest_time"), "a risk alert's _time is its window end, emitted after grace");
        SplFields fields = new SplFields(java.util.Map.of(AppChecks.ALERT_ST, checks.alertFields()), checks.lookupFields());
        fields.check("risk incidents", new Macros(app.conf("macros.conf")).expand(spl, new java.util.ArrayList<>()));
        assertEquals(List.of(), fields.problems());
        assertEquals(Set.of("_time", "alert_id", "kind", "severity", "risk_score", "entity", "entity_type", "signature", "window",
                "detections", "tactics"), fields.outputs());
    }

    /** The macro selects by the signature ids the connector's risk and correlation alerts carry (read from its source). */
    @Test
    void riskAlertMacroSelectsTheSignatureIdsTheConnectorWrites() throws IOException {
        String def = app.conf("macros.conf").stanza("centinela_risk_alerts").get("definition");
        assertTrue(def.startsWith("`centinela_alerts` "), def);
        java.nio.file.Path risk = AppChecks.repoRoot().resolve("connector/src/main/java/io/centinela/risk");
        String riskAlerts = java.nio.file.Files.readString(risk.resolve("RiskAlerts.java"));
        String correlationAlerts = java.nio.file.Files.readString(risk.resolve("CorrelationAlerts.java"));
        for (String id : List.of("centinela:risk:score", "centinela:risk:tactics")) {
            assertTrue(riskAlerts.contains("\"" + id + "\""), "RiskAlerts no longer writes signature_id " + id);
            assertTrue(id.startsWith("centinela:risk:") && def.contains("signature_id=\"centinela:risk:*\""), def);
        }
        assertTrue(correlationAlerts.contains("SIGNATURE_PREFIX = \"sigma-correlation:\""), "correlation signature_id prefix changed");
        assertTrue(def.contains("signature_id=\"sigma-correlation:*\""), def);
    }

    /**
     * Contributing events and windows are read with spath from origin.event, the JSON excerpt RiskAlerts and
     * CorrelationAlerts write: every path the app reads must be a key those classes put (a renamed key fails here).
     */
    @Test
    void spathPathsAreKeysTheRiskAndCorrelationExcerptsHold() throws IOException {
        java.nio.file.Path risk = AppChecks.repoRoot().resolve("connector/src/main/java/io/centinela/risk");
        Set<String> keys = new java.util.TreeSet<>();
        java.util.regex.Pattern put = java.util.regex.Pattern.compile("\\.put(?:Array|Object)?\\(\"([a-z_]+)\"");
        for (String file : List.of("RiskAlerts.java", "CorrelationAlerts.java")) {
            java.util.regex.Matcher m = put.matcher(java.nio.file.Files.readString(risk.resolve(file)));
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        assertTrue(keys.containsAll(Set.of("contributing", "alert_id", "event", "excerpt", "window_end_ms")), keys.toString());
        java.util.regex.Pattern spath = java.util.regex.Pattern.compile("spath input=(\\S+) path=(\\S+)");
        List<AppSearches.Search> all = new java.util.ArrayList<>(AppSearches.savedSearches(app));
        all.addAll(AppSearches.viewSearches(app));
        int paths = 0;
        for (AppSearches.Search s : all) {
            java.util.regex.Matcher m = spath.matcher(s.spl());
            while (m.find()) {
                paths++;
                assertTrue(Set.of("origin.event", "contributing").contains(m.group(1)), s.label() + ": spath of " + m.group(1));
                String path = m.group(2).replace("{}", "");
                assertTrue(keys.contains(path), s.label() + ": spath path " + path + " is not a key of the risk/correlation excerpt " + keys);
            }
        }
        assertTrue(paths >= 10, "the saved search and the contributing-events panel read the excerpt: " + paths);
    }

    @Test
    void alertDetailShowsTheRiskTimelineAndTheContributingEvents() throws IOException {
        String view = "default/data/ui/views/centinela_alert_detail.xml";
        org.w3c.dom.Document doc = AppSearches.parseXml(app.files().get(view));
        List<AppSearches.Search> searches = AppSearches.viewSearches(app).stream().filter(s -> s.label().startsWith(view)).toList();
        assertTrue(searches.stream().anyMatch(s -> s.spl().contains("| timechart span=1h sum(points) as risk_points by entity")),
                "risk timeline per entity");
        org.w3c.dom.NodeList all = doc.getElementsByTagName("search");
        boolean annotation = false;
        for (int i = 0; i < all.getLength(); i++) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) all.item(i);
            if (e.getAttribute("type").equals("annotation")) {
                annotation = true;
                assertEquals("chart", ((org.w3c.dom.Element) e.getParentNode()).getTagName());
                assertTrue(e.getTextContent().contains("`centinela_risk_alerts`"), "markers are the risk and correlation alerts");
                assertTrue(e.getTextContent().contains("$d_earliest$"), "same time range as the timeline");
            }
        }
        assertTrue(annotation, "risk alerts marked on the timeline");
        org.w3c.dom.NodeList conditions = doc.getElementsByTagName("condition");
        java.util.Map<String, String> links = new java.util.HashMap<>();
        for (int i = 0; i < conditions.getLength(); i++) {
            org.w3c.dom.Element c = (org.w3c.dom.Element) conditions.item(i);
            if (!c.getAttribute("field").isEmpty()) {
                links.put(c.getAttribute("field"), c.getTextContent().strip());
            }
        }
        assertEquals("/app/centinela/centinela_alert_detail?form.alert_id=$row.contributing_alert_id|u$", links.get("contributing_alert_id"));
        assertTrue(links.get("kafka").contains("origin.offset%3D$row.origin_offset|u$"), links.toString());
        String contributing = searches.stream().filter(s -> s.spl().contains("path=contributing{}")).findFirst().orElseThrow().spl();
        assertTrue(contributing.contains("| table time contributing_alert_id "), contributing);
    }
}
