package dev.wharf.libvirt;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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
 * @param hasVnc     whether it has a {@code <graphics type='vnc'>} display
 * @param serialLog  the file its serial console is logged to ({@code <log file=…>} inside its first
 *                   {@code <serial>} or {@code <console>} that has one), as the daemon sees it; null when none
 * @param hasSpice   whether it has a {@code <graphics type='spice'>} display
 */
public record DomainFacts(String type, String name, String uuid, int id, int vcpus, long memoryKiB,
                          long maxMemoryKiB, String osType, boolean hasConsole, int state, int reason,
                          boolean persistent, boolean hasVnc, String serialLog, boolean hasSpice) {

    private static final XMLInputFactory XML = newFactory();

    /** Parses a domain XML ({@code virDomainGetXMLDesc}); state and reason come from libvirt separately. */
    public static DomainFacts parse(String xml, int state, int reason, boolean persistent) {
        String type = null, name = null, uuid = null, osType = null, vcpuText = null, vcpuCurrent = "";
        String memText = null, memUnit = "", curText = null, curUnit = "";
        int id = -1;
        boolean console = false;
        boolean vnc = false;
        boolean spice = false;
        String serialLog = null;
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new StringReader(xml));
            try {
                String[] path = new String[4];
                int depth = 0;
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        String tag = r.getLocalName();
                        if (depth < path.length) {
                            path[depth] = tag;
                        }
                        depth++;
                        if (depth == 1) {
                            if (!tag.equals("domain")) {
                                throw new IllegalArgumentException("not a domain XML: root element is <" + tag + ">");
                            }
                            type = attr(r, "type");
                            String i = attr(r, "id");
                            id = i.isEmpty() ? -1 : Integer.parseInt(i);
                        } else if (depth == 2) {
                            switch (tag) {
                                case "name" -> name = r.getElementText().trim();
                                case "uuid" -> uuid = r.getElementText().trim();
                                case "memory" -> {
                                    memUnit = attr(r, "unit");
                                    memText = r.getElementText();
                                }
                                case "currentMemory" -> {
                                    curUnit = attr(r, "unit");
                                    curText = r.getElementText();
                                }
                                case "vcpu" -> {
                                    vcpuCurrent = attr(r, "current");
                                    vcpuText = r.getElementText();
                                }
                                default -> {
                                    continue;
                                }
                            }
                            depth--; // getElementText consumed the end tag
                        } else if (depth == 3 && "os".equals(path[1]) && tag.equals("type")) {
                            osType = r.getElementText().trim();
                            depth--;
                        } else if (depth == 3 && "devices".equals(path[1])
                                && (tag.equals("console") || tag.equals("serial"))) {
                            console = true;
                        } else if (depth == 3 && "devices".equals(path[1]) && tag.equals("graphics")
                                && attr(r, "type").equals("vnc")) {
                            vnc = true;
                        } else if (depth == 3 && "devices".equals(path[1]) && tag.equals("graphics")
                                && attr(r, "type").equals("spice")) {
                            spice = true;
                        } else if (depth == 4 && "devices".equals(path[1]) && tag.equals("log") && serialLog == null
                                && ("serial".equals(path[2]) || "console".equals(path[2]))
                                && !attr(r, "file").isEmpty()) {
                            serialLog = attr(r, "file");
                        }
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not a domain XML: " + e.getMessage(), e);
        }
        if (type == null) {
            throw new IllegalArgumentException("not a domain XML: empty document");
        }
        int vcpus = vcpuText == null ? 1 : Integer.parseInt((vcpuCurrent.isEmpty() ? vcpuText : vcpuCurrent).trim());
        long max = kib(memText, memUnit);
        long mem = curText == null ? max : kib(curText, curUnit);
        return new DomainFacts(type.toLowerCase(Locale.ROOT), name, uuid, id, vcpus, mem, max, osType, console, state,
                reason, persistent, vnc, serialLog, spice);
    }

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null ? "" : v;
    }

    private static long kib(String text, String unitAttr) {
        if (text == null) {
            return 0;
        }
        long v = Long.parseLong(text.trim());
        String unit = unitAttr.toLowerCase(Locale.ROOT);
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

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        return f;
    }
}
