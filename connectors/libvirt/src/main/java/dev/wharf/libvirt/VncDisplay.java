package dev.wharf.libvirt;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.Optional;

/**
 * A domain's first VNC display as its (live) XML describes it: where it listens and its password
 * ({@code passwd}, present only in XML read with {@code VIR_DOMAIN_XML_SECURE}). Pure; the graphics
 * helpers (local fd, network socket, SSH tunnel) read the address from here.
 *
 * @param index    the display's index among the domain's {@code <graphics>} elements
 * @param port     the TCP port, or -1 (socket only, or not running)
 * @param address  the listen address ({@code listen} attribute or {@code <listen type='address'>}), or ""
 * @param socket   the UNIX socket path ({@code <listen type='socket'>}), or ""
 * @param password the VNC password, or null; never printed by {@link #toString()}
 */
public record VncDisplay(int index, int port, String address, String socket, String password) {

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /** The first {@code <graphics type='vnc'>} of a domain XML, if any. */
    public static Optional<VncDisplay> parse(String xml) {
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new StringReader(xml));
            try {
                int depth = 0;
                int graphicsIndex = -1;
                VncDisplay found = null;
                boolean inside = false;
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        String tag = r.getLocalName();
                        if (depth == 3 && tag.equals("graphics")) {
                            graphicsIndex++;
                            if (found == null && "vnc".equals(r.getAttributeValue(null, "type"))) {
                                String port = r.getAttributeValue(null, "port");
                                int p = -1;
                                try {
                                    p = port == null ? -1 : Integer.parseInt(port.trim());
                                } catch (NumberFormatException e) {
                                    p = -1;
                                }
                                found = new VncDisplay(graphicsIndex, p > 0 ? p : -1, nz(r.getAttributeValue(null, "listen")),
                                        nz(r.getAttributeValue(null, "socket")), r.getAttributeValue(null, "passwd"));
                                inside = true;
                            }
                        } else if (inside && depth == 4 && tag.equals("listen")) {
                            String type = nz(r.getAttributeValue(null, "type"));
                            if (type.equals("address") && found.address.isEmpty()) {
                                found = new VncDisplay(found.index, found.port, nz(r.getAttributeValue(null, "address")),
                                        found.socket, found.password);
                            } else if (type.equals("socket") && found.socket.isEmpty()) {
                                found = new VncDisplay(found.index, found.port, found.address,
                                        nz(r.getAttributeValue(null, "socket")), found.password);
                            }
                        }
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        if (depth == 3) {
                            inside = false;
                        }
                        depth--;
                    }
                }
                return Optional.ofNullable(found);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            return Optional.empty();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }

    @Override
    public String toString() {
        return "VncDisplay[index=" + index + ", port=" + port + ", address=" + address + ", socket=" + socket
                + ", password=" + (password == null ? "none" : "(set)") + "]";
    }
}
