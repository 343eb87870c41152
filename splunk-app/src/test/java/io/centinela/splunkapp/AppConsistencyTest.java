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
                "Centinela - Risk - Threat detected"), ss.stanzas().keySet());
        for (String name : List.of("Centinela - Critical alert burst", "Centinela - Connector silence", "Centinela - Dead-letter rate")) {
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
}
