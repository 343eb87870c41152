package io.centinela.splunkapp;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Re-implementation of the Splunk AppInspect checks listed in ../shared/docs/splunk.md, run on a built package.
 * AppInspect itself (Python) does not install here; each method names the AppInspect area it mirrors.
 */
public final class AppInspectChecks {

    private static final Pattern APP_ID = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Map<String, Integer> ICONS = Map.of("static/appIcon.png", 36, "static/appIcon_2x.png", 72,
            "static/appIconAlt.png", 36, "static/appIconAlt_2x.png", 72);

    private final AppTree app;

    public AppInspectChecks(AppTree app) {
        this.app = app;
    }

    /** Packaging: one visible top-level folder, nothing outside it, no prohibited names, modes 644/755, no links. */
    public List<String> packaging() {
        List<String> out = new ArrayList<>();
        if (app.entries().isEmpty()) {
            out.add("package has no entries");
        }
        for (AppTree.TarEntry e : app.entries()) {
            String name = e.name();
            if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
                out.add(name + ": path escapes the app folder");
            }
            if (!name.equals(app.appId() + "/") && !name.startsWith(app.appId() + "/")) {
                out.add(name + ": outside the single top-level folder " + app.appId() + "/");
            }
            if (app.appId().startsWith(".")) {
                out.add("top-level folder is hidden");
            }
            for (String part : name.split("/")) {
                if (part.startsWith(".") || part.equals("__MACOSX") || part.endsWith(".pyc") || part.equals("__pycache__")) {
                    out.add(name + ": prohibited name " + part);
                }
            }
            String rel = name.substring(Math.min(name.length(), app.appId().length() + 1));
            if (rel.equals("local/") || rel.startsWith("local/") || rel.endsWith("local.meta") || rel.startsWith("users/")) {
                out.add(name + ": local/, local.meta and users/ must not ship");
            }
            if (!e.directory() && !e.regularFile()) {
                out.add(name + ": neither a regular file nor a folder (links are prohibited)");
            }
            int want = e.directory() ? 0755 : 0644;
            if (e.mode() != want) {
                out.add(name + String.format(": mode %o, want %o", e.mode(), want));
            }
        }
        return out;
    }

    /** app.conf: present, version X.Y.Z, ids agree and are valid, label 5-80 chars, not configured, no checksum. */
    public List<String> appConf(String expectedVersion) {
        List<String> out = new ArrayList<>();
        if (!app.has("default/app.conf")) {
            return List.of("default/app.conf missing");
        }
        ConfFile c = app.conf("app.conf");
        String version = get(c, "id", "version");
        String launcherVersion = get(c, "launcher", "version");
        if (version == null || !VERSION.matcher(version).matches()) {
            out.add("[id] version must be Major.Minor.Revision, got " + version);
        }
        if (expectedVersion != null && !expectedVersion.equals(version)) {
            out.add("[id] version " + version + " is not the Maven project version " + expectedVersion);
        }
        if (launcherVersion != null && !launcherVersion.equals(version)) {
            out.add("[launcher] version " + launcherVersion + " differs from [id] version " + version);
        }
        String pkg = get(c, "package", "id");
        String name = get(c, "id", "name");
        if (!app.appId().equals(pkg) || !app.appId().equals(name)) {
            out.add("[package] id (" + pkg + ") and [id] name (" + name + ") must equal the folder " + app.appId());
        }
        if (!APP_ID.matcher(app.appId()).matches()) {
            out.add("app id " + app.appId() + ": letters, digits, ._- only, no leading digit");
        }
        if (app.has("app.manifest")) {
            String manifest = app.text("app.manifest");
            if (!manifest.contains("\"name\": \"" + app.appId() + "\"") && !manifest.contains("\"name\":\"" + app.appId() + "\"")) {
                out.add("app.manifest id name differs from the app id");
            }
        }
        String label = get(c, "ui", "label");
        if (label == null || label.length() < 5 || label.length() > 80) {
            out.add("[ui] label must be 5-80 characters, got " + label);
        }
        String configured = get(c, "install", "is_configured");
        if (configured != null && !configured.equals("false") && !configured.equals("0")) {
            out.add("[install] is_configured must be false");
        }
        for (var s : c.stanzas().values()) {
            if (s.settings().containsKey("install_source_checksum")) {
                out.add("install_source_checksum must not be set");
            }
        }
        for (String key : List.of("author", "description", "version")) {
            if (get(c, "launcher", key) == null) {
                out.add("[launcher] " + key + " missing");
            }
        }
        return out;
    }

    /** File names: no spaces in .conf or view names; every .xml well formed; metadata/ holds only parseable .meta. */
    public List<String> files() {
        List<String> out = new ArrayList<>();
        for (String path : app.files().keySet()) {
            String file = path.substring(path.lastIndexOf('/') + 1);
            if ((path.endsWith(".conf") || path.startsWith("default/data/ui/views/")) && file.contains(" ")) {
                out.add(path + ": spaces in .conf or view file names are not allowed");
            }
            if (path.endsWith(".xml")) {
                try {
                    AppSearches.parseXml(app.files().get(path));
                } catch (IOException e) {
                    out.add(path + ": not well-formed XML: " + e.getMessage());
                }
            }
            if (path.startsWith("metadata/")) {
                if (!path.endsWith(".meta")) {
                    out.add(path + ": only .meta files belong in metadata/");
                } else {
                    out.addAll(ConfFile.parse(path, app.text(path)).problems());
                }
            }
            if (path.startsWith("lookups/") && !path.endsWith(".csv")) {
                out.add(path + ": lookups must be .csv");
            }
        }
        if (!app.has("metadata/default.meta")) {
            out.add("metadata/default.meta missing");
        }
        if (!app.has("README") || app.text("README").isBlank()) {
            out.add("README missing or empty");
        }
        if (!app.has("LICENSE") || app.text("LICENSE").isBlank()) {
            out.add("LICENSE missing or empty");
        }
        return out;
    }

    /** Icons: the four PNGs in their sizes. */
    public List<String> icons() throws IOException {
        List<String> out = new ArrayList<>();
        for (var icon : ICONS.entrySet()) {
            byte[] png = app.files().get(icon.getKey());
            if (png == null) {
                out.add(icon.getKey() + " missing");
                continue;
            }
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            if (img == null || img.getWidth() != icon.getValue() || img.getHeight() != icon.getValue()) {
                out.add(icon.getKey() + ": want " + icon.getValue() + "x" + icon.getValue() + " PNG, got "
                        + (img == null ? "no image" : img.getWidth() + "x" + img.getHeight()));
            }
        }
        return out;
    }

    /** Saved searches: no real-time, no every-minute cron, dispatch window set, no hard-coded e-mail, a description. */
    public List<String> savedSearches() {
        List<String> out = new ArrayList<>();
        app.conf("savedsearches.conf").stanzas().forEach((name, s) -> {
            String where = "savedsearches.conf [" + name + "]: ";
            String earliest = s.get("dispatch.earliest_time");
            String latest = s.get("dispatch.latest_time");
            if ((earliest != null && earliest.startsWith("rt")) || (latest != null && latest.startsWith("rt"))) {
                out.add(where + "real-time search");
            }
            if ("1".equals(s.get("is_scheduled")) || "1".equals(s.get("enableSched"))) {
                if (earliest == null || latest == null) {
                    out.add(where + "scheduled without dispatch.earliest_time and dispatch.latest_time");
                }
                String cron = s.get("cron_schedule");
                if (cron == null) {
                    out.add(where + "scheduled without cron_schedule");
                } else if (cron.strip().split("\\s+")[0].matches("\\*|\\*/1|0-59")) {
                    out.add(where + "runs every minute (" + cron + ")");
                }
            }
            if (s.get("action.email.to") != null) {
                out.add(where + "hard-coded action.email.to");
            }
            if (s.get("description") == null || s.get("description").isBlank()) {
                out.add(where + "no description");
            }
        });
        return out;
    }

    private static String get(ConfFile c, String stanza, String key) {
        ConfFile.Stanza s = c.stanza(stanza);
        return s == null ? null : s.get(key);
    }
}
