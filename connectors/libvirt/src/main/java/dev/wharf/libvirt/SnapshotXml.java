package dev.wharf.libvirt;

import dev.wharf.inventory.Snapshots;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure reads of libvirt's snapshot and domain XML for {@link LibvirtSnapshots}: a
 * {@code <domainsnapshot>} as a {@link Snapshots.Snapshot}, a {@code <domain>}'s disks as the reason it
 * cannot take internal snapshots, and the XML to create one.
 */
final class SnapshotXml {
    private SnapshotXml() {
    }

    /** A {@code virDomainSnapshotGetXMLDesc} document; {@code current} from {@code virDomainSnapshotCurrent}. */
    static Snapshots.Snapshot snapshot(String xml, boolean current) {
        Element root = parse(xml).getDocumentElement();
        String name = text(root, "name");
        String description = text(root, "description");
        String created = text(root, "creationTime");
        Element parent = child(root, "parent");
        String state = text(root, "state");
        Element memory = child(root, "memory");
        String memorySnapshot = memory == null ? "" : memory.getAttribute("snapshot");
        boolean withMemory = "internal".equals(memorySnapshot) || "external".equals(memorySnapshot)
                || memory == null && ("running".equals(state) || "paused".equals(state));
        return new Snapshots.Snapshot(name, description == null ? "" : description,
                created == null ? null : Instant.ofEpochSecond(Long.parseLong(created.trim())),
                parent == null ? null : text(parent, "name"), current, stateWords(state), withMemory,
                null, null, List.of(), null);
    }

    /** libvirt's snapshot state as the user says it. */
    static String stateWords(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "shutoff" -> "shut off";
            case "disk-snapshot" -> "running (disks only)";
            case "pmsuspended" -> "suspended";
            default -> state;
        };
    }

    /**
     * Why a domain with this XML cannot take internal snapshots, or null when it can: each writable
     * disk must be a qcow2 file or volume (a raw file cannot hold one), and there must be at least one.
     */
    static String whyNot(String domainXml) {
        Element root = parse(domainXml).getDocumentElement();
        Element devices = child(root, "devices");
        List<String> raw = new ArrayList<>();
        int qcow2 = 0;
        if (devices != null) {
            NodeList disks = devices.getElementsByTagName("disk");
            for (int i = 0; i < disks.getLength(); i++) {
                Element disk = (Element) disks.item(i);
                String device = disk.getAttribute("device");
                if (!(device.isEmpty() || "disk".equals(device)) || child(disk, "readonly") != null
                        || child(disk, "source") == null) {
                    continue; // cdroms, floppies, read-only and empty drives are left out of a snapshot
                }
                Element driver = child(disk, "driver");
                String format = driver == null ? "" : driver.getAttribute("type");
                Element target = child(disk, "target");
                String dev = target == null ? "?" : target.getAttribute("dev");
                if ("qcow2".equals(format)) {
                    qcow2++;
                } else {
                    raw.add(dev + " (" + (format.isEmpty() ? "raw" : format) + ")");
                }
            }
        }
        if (!raw.isEmpty()) {
            return "Its disk" + (raw.size() > 1 ? "s " : " ") + String.join(", ", raw) + (raw.size() > 1 ? " are" : " is")
                    + " not qcow2, and only a qcow2 disk can hold a snapshot: convert it with "
                    + "'qemu-img convert -O qcow2' and point the domain at the copy.";
        }
        if (qcow2 == 0) {
            return "It has no disk to hold a snapshot: libvirt keeps snapshots inside a qcow2 disk; add one.";
        }
        return null;
    }

    /** The {@code <domainsnapshot>} to create. */
    static String create(String name, String description) {
        return "<domainsnapshot><name>" + escape(name) + "</name>"
                + (description == null || description.isBlank() ? "" : "<description>" + escape(description) + "</description>")
                + "</domainsnapshot>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalArgumentException("unreadable libvirt XML: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent();
    }
}
