package io.centinela.event.evtx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.regex.Pattern;

/**
 * Turns a record's Windows XML into the evtx_dump JSON shape the normaliser reads for {@code evtx-json}
 * ({@code {"Event":{"System":{...},"EventData":{...}}}}, docs/events.md), so an .evtx file and its evtx_dump export
 * give the same Sigma fields:
 * <ul>
 *   <li>attributes under {@code #attributes}; an element's text is the value itself, or {@code #text} beside its
 *       attributes; an empty element is {@code null}; a repeated child name becomes an array;</li>
 *   <li>{@code <Data Name="X">v</Data>} becomes {@code "X": "v"} ({@code null} when empty);</li>
 *   <li>evtx_dump's renderings of typed values: a GUID without braces ({@code {5770385F-...}} -> {@code 5770385F-...}),
 *       {@code SystemTime} in microseconds ({@code .165324700Z} -> {@code .165324Z}), a 64-bit hex
 *       value without its zero padding ({@code 0x0000000000000378} -> {@code 0x378}).</li>
 * </ul>
 * What XML cannot tell, the types evtx_dump keeps (numbers stay text here), does not matter downstream: the
 * normaliser turns every value into canonical text. Stateless and thread-safe.
 */
public final class EvtxXml {

    private static final XMLInputFactory FACTORY = factory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern BRACED_GUID = Pattern.compile("\\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}}");
    private static final Pattern NANOS = Pattern.compile("(.*)\\.([0-9]{9})Z");
    private static final Pattern HEX64 = Pattern.compile("0x0[0-9A-Fa-f]{15}");

    private EvtxXml() {
    }

    /** The JSON tree of one record's XML; throws with the parser's reason when the XML is malformed. */
    public static ObjectNode toJson(String xml) throws XMLStreamException {
        XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
        try {
            while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
                // skip the prolog
            }
            if (!r.isStartElement()) {
                throw new XMLStreamException("no root element");
            }
            ObjectNode root = NODES.objectNode();
            String name = r.getLocalName();
            root.set(name, element(r));
            return root;
        } finally {
            r.close();
        }
    }

    /** The element the reader stands on (START_ELEMENT), read up to and including its END_ELEMENT. */
    private static JsonNode element(XMLStreamReader r) throws XMLStreamException {
        ObjectNode attrs = null;
        for (int i = 0; i < r.getNamespaceCount(); i++) {
            if (r.getNamespacePrefix(i) == null || r.getNamespacePrefix(i).isEmpty()) {
                attrs = attrs == null ? NODES.objectNode() : attrs;
                attrs.put("xmlns", r.getNamespaceURI(i));
            }
        }
        for (int i = 0; i < r.getAttributeCount(); i++) {
            attrs = attrs == null ? NODES.objectNode() : attrs;
            String name = r.getAttributeLocalName(i);
            attrs.put(name, value(name, r.getAttributeValue(i)));
        }
        ObjectNode children = null;
        StringBuilder text = new StringBuilder();
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                children = children == null ? NODES.objectNode() : children;
                String dataName = "Data".equals(r.getLocalName()) ? r.getAttributeValue(null, "Name") : null;
                if (dataName != null) {
                    String v = r.getElementText();
                    add(children, dataName, v.isEmpty() ? NullNode.getInstance() : TextNode.valueOf(value(dataName, v)));
                } else {
                    String name = r.getLocalName();
                    add(children, name, element(r));
                }
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                text.append(r.getText());
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
        }
        if (children != null) {
            ObjectNode o = NODES.objectNode();
            if (attrs != null) {
                o.set("#attributes", attrs);
            }
            o.setAll(children);
            return o; // whitespace between child elements is layout, not content
        }
        String t = text.toString();
        if (attrs != null) {
            ObjectNode o = NODES.objectNode();
            o.set("#attributes", attrs);
            if (!t.isEmpty()) {
                o.put("#text", value(null, t));
            }
            return o;
        }
        return t.isEmpty() ? NullNode.getInstance() : TextNode.valueOf(value(null, t));
    }

    private static void add(ObjectNode children, String name, JsonNode v) {
        JsonNode prev = children.get(name);
        if (prev == null) {
            children.set(name, v);
        } else if (prev instanceof ArrayNode a) {
            a.add(v);
        } else {
            ArrayNode a = NODES.arrayNode();
            a.add(prev);
            a.add(v);
            children.set(name, a);
        }
    }

    /** evtx_dump's rendering of a value whose type the XML hides. */
    static String value(String name, String v) {
        if (v.length() == 38 && BRACED_GUID.matcher(v).matches()) {
            return v.substring(1, 37);
        }
        if (v.length() == 18 && HEX64.matcher(v).matches()) {
            String digits = v.substring(2).replaceFirst("^0+", "");
            return "0x" + (digits.isEmpty() ? "0" : digits);
        }
        if ("SystemTime".equals(name)) {
            var m = NANOS.matcher(v);
            if (m.matches()) {
                // evtx_dump prints microseconds; the record holds 100 ns (libevtx prints 9 digits)
                return m.group(1) + "." + m.group(2).substring(0, 6) + "Z";
            }
        }
        return v;
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // A record is data from a possibly hostile machine: no DTDs, no external entities.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException e) {
            // not every StAX implementation knows the property; DTDs are off anyway
        }
        return f;
    }
}
