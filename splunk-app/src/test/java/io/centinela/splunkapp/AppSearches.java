package io.centinela.splunkapp;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every SPL search the app runs, with where it comes from: saved searches, and dashboard searches (a post-process
 * search is joined to its base search, as Splunk runs it). Dashboard tokens ($tok$, $tok|s$) are replaced by a
 * literal 0, which is valid wherever a value or a free-text term stands.
 */
public final class AppSearches {

    public record Search(String label, String spl) {
    }

    private static final Pattern TOKEN = Pattern.compile("\\$[^$\\s]+\\$");

    private AppSearches() {
    }

    public static String withoutTokens(String spl) {
        return TOKEN.matcher(spl).replaceAll("0");
    }

    public static Document parseXml(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Saved searches' {@code search =} values (raw, with macros). */
    public static List<Search> savedSearches(AppTree app) {
        List<Search> out = new ArrayList<>();
        app.conf("savedsearches.conf").stanzas().forEach((name, s) -> {
            if (s.get("search") != null) {
                out.add(new Search("savedsearches.conf [" + name + "]", s.get("search")));
            }
        });
        return out;
    }

    /** Dashboard searches (raw, with macros and tokens); post-process searches joined to their base. */
    public static List<Search> viewSearches(AppTree app) throws IOException {
        List<Search> out = new ArrayList<>();
        for (String view : app.views()) {
            Document doc = parseXml(app.files().get(view));
            NodeList searches = doc.getElementsByTagName("search");
            Map<String, String> byId = new HashMap<>();
            for (int i = 0; i < searches.getLength(); i++) {
                Element s = (Element) searches.item(i);
                if (!s.getAttribute("id").isEmpty()) {
                    byId.put(s.getAttribute("id"), query(s));
                }
            }
            for (int i = 0; i < searches.getLength(); i++) {
                Element s = (Element) searches.item(i);
                String q = query(s);
                if (q == null) {
                    continue;
                }
                String base = s.getAttribute("base");
                if (!base.isEmpty()) {
                    String baseQuery = byId.get(base);
                    if (baseQuery == null) {
                        throw new IOException(view + ": post-process search refers to unknown base '" + base + "'");
                    }
                    q = baseQuery + "\n" + q;
                }
                String label = view + " search #" + (i + 1) + (s.getAttribute("id").isEmpty() ? "" : " id=" + s.getAttribute("id"));
                out.add(new Search(label, q));
            }
        }
        return out;
    }

    private static String query(Element search) {
        NodeList q = search.getElementsByTagName("query");
        return q.getLength() == 0 ? null : q.item(0).getTextContent().strip();
    }
}
