package dev.wharf.libvirt;

import dev.wharf.inventory.DefinitionEditor.Problem;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks an edited domain XML before libvirt sees it, as a pure function: well-formed (with the line
 * and column of the first error; no DOCTYPE, no external entities), a {@code <domain>} and still the
 * same domain (its {@code <name>}, and its {@code <uuid>} when given: libvirt would otherwise define
 * a second domain, or refuse).
 */
final class DomainXml {
    private DomainXml() {
    }

    static List<Problem> check(String base, String edited) {
        List<Problem> problems = new ArrayList<>();
        if (edited == null || edited.isBlank()) {
            problems.add(new Problem(0, 0, "The definition is empty. Write the domain's XML, or cancel the edit."));
            return problems;
        }
        Element now;
        try {
            now = parse(edited).getDocumentElement();
        } catch (SAXParseException e) {
            problems.add(new Problem(Math.max(0, e.getLineNumber()), Math.max(0, e.getColumnNumber()),
                    "Not well-formed XML: " + e.getMessage()));
            return problems;
        } catch (SAXException e) {
            problems.add(new Problem(0, 0, "Not well-formed XML: " + e.getMessage()));
            return problems;
        }
        if (!"domain".equals(now.getTagName())) {
            problems.add(new Problem(0, 0, "The root element is <" + now.getTagName() + ">: a domain definition is a <domain>."));
            return problems;
        }
        Element was;
        try {
            was = parse(base).getDocumentElement();
        } catch (SAXException e) {
            throw new IllegalStateException("the loaded definition does not parse", e);
        }
        String name = child(now, "name");
        if (!Objects.equals(child(was, "name"), name)) {
            problems.add(new Problem(0, 0, "<name> was changed from '" + child(was, "name") + "' to "
                    + (name == null ? "nothing" : "'" + name + "'")
                    + ": an edit cannot rename a domain. Put it back (rename with virsh domrename)."));
        }
        String uuid = child(now, "uuid");
        if (uuid != null && !uuid.equalsIgnoreCase(Objects.toString(child(was, "uuid"), ""))) {
            problems.add(new Problem(0, 0, "<uuid> was changed from '" + child(was, "uuid") + "' to '" + uuid
                    + "': that would be another domain. Put it back."));
        }
        return problems;
    }

    /** Whether the edit is the base text, whitespace at the ends aside. */
    static boolean unchanged(String base, String edited) {
        return base.strip().equals(edited.strip());
    }

    private static String child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && tag.equals(c.getTagName())) {
                return c.getTextContent().strip();
            }
        }
        return null;
    }

    private static Document parse(String xml) throws SAXException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new SAXException(e);
        }
    }
}
