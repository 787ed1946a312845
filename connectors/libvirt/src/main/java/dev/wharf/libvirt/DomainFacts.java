package dev.wharf.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;

/**
 * What Wharf reads from a libvirt domain: its XML definition plus its state and state reason
 * ({@code virDomainGetState}). Pure data; {@link #parse} reads the XML with no libvirt involved.
 *
 * @param type       the domain type: {@code qemu}, {@code kvm}, {@code ch}, {@code test}
 * @param name       domain name
 * @param uuid       domain UUID as libvirt prints it
 * @param id         the running domain's id, or -1
 * @param vcpus      virtual CPUs (current)
 * @param memoryKiB  current memory in KiB
 * @param maxMemoryKiB maximum memory in KiB
 * @param osType     {@code hvm}, {@code linux}, {@code exe}
 * @param hasConsole whether it has a serial or console device
 * @param state      virDomainState
 * @param reason     the state's reason code
 * @param persistent whether it is defined (survives shut off)
 */
public record DomainFacts(String type, String name, String uuid, int id, int vcpus, long memoryKiB,
                          long maxMemoryKiB, String osType, boolean hasConsole, int state, int reason,
                          boolean persistent) {

    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(DomainFacts::newBuilder);

    /** Parses a domain XML ({@code virDomainGetXMLDesc}); state and reason come from libvirt separately. */
    public static DomainFacts parse(String xml, int state, int reason, boolean persistent) {
        Document doc;
        try {
            DocumentBuilder b = BUILDER.get();
            b.reset();
            doc = b.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not a domain XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"domain".equals(root.getTagName())) {
            throw new IllegalArgumentException("not a domain XML: root element is <" + root.getTagName() + ">");
        }
        Element vcpu = child(root, "vcpu");
        int vcpus = 1;
        if (vcpu != null) {
            String current = vcpu.getAttribute("current");
            vcpus = Integer.parseInt((current.isEmpty() ? vcpu.getTextContent() : current).trim());
        }
        long max = kib(child(root, "memory"));
        Element cur = child(root, "currentMemory");
        long mem = cur == null ? max : kib(cur);
        Element os = child(root, "os");
        Element osType = os == null ? null : child(os, "type");
        Element devices = child(root, "devices");
        boolean console = devices != null && (child(devices, "console") != null || child(devices, "serial") != null);
        String id = root.getAttribute("id");
        return new DomainFacts(root.getAttribute("type").toLowerCase(Locale.ROOT), text(root, "name"),
                text(root, "uuid"), id.isEmpty() ? -1 : Integer.parseInt(id), vcpus, mem, max,
                osType == null ? null : osType.getTextContent().trim(), console, state, reason, persistent);
    }

    private static long kib(Element e) {
        if (e == null) {
            return 0;
        }
        long v = Long.parseLong(e.getTextContent().trim());
        String unit = e.getAttribute("unit").toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "", "k", "kib" -> v;
            case "b", "bytes" -> v / 1024;
            case "kb" -> v * 1000 / 1024;
            case "m", "mib" -> v * 1024;
            case "mb" -> v * 1_000_000 / 1024;
            case "g", "gib" -> v * 1024 * 1024;
            case "gb" -> v * 1_000_000_000 / 1024;
            case "t", "tib" -> v * 1024L * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown memory unit '" + unit + "'");
        };
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
