package dev.wharf.libvirt;

import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Edits a domain's persistent definition like {@code virsh edit}: the inactive XML (with secure
 * parts such as a VNC password, on a read-write connection: else they would be lost on apply) is
 * edited, checked ({@link DomainXml}), and defined with {@code virDomainDefineXMLFlags(…,
 * VIR_DOMAIN_DEFINE_VALIDATE)} so that libvirt checks it against its schema. A running domain keeps
 * running as it was: the new definition takes effect at its next boot, and the verdict says so.
 * libvirt has no resourceVersion: a digest of the inactive XML stands in for one, so a definition
 * changed meanwhile (by virsh, another console) is a {@link Outcome#CONFLICT}, not overwritten.
 */
final class LibvirtDefinitions implements DefinitionEditor {
    /** virDomainXMLFlags */
    static final int XML_SECURE = 1;
    static final int XML_INACTIVE = 2;

    private final String sourceId;
    private final DomainCalls calls;

    LibvirtDefinitions(String sourceId, DomainCalls calls) {
        this.sourceId = sourceId;
        this.calls = calls;
    }

    @Override
    public boolean canEdit(Item item) {
        return item.kind() == Kind.VM && sourceId.equals(item.source());
    }

    @Override
    public CompletableFuture<Definition> load(Item item) {
        return calls.onDomain(item, "Read the definition of", d -> {
            String xml = inactiveXml(d);
            return new Definition(item, "xml", xml, digest(xml), "domain " + item.name());
        });
    }

    @Override
    public List<Problem> validate(Definition base, String edited) {
        return DomainXml.check(base.text(), edited);
    }

    @Override
    public CompletableFuture<Verdict> dryRun(Definition base, String edited) {
        List<Problem> problems = validate(base, edited);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.invalid(problems));
        }
        if (DomainXml.unchanged(base.text(), edited)) {
            return CompletableFuture.completedFuture(unchanged());
        }
        return CompletableFuture.completedFuture(Verdict.of(Outcome.VALID, "Well-formed, the same domain. "
                + "libvirt has no dry run: it checks the XML against its schema when you apply."));
    }

    @Override
    public CompletableFuture<Verdict> apply(Definition base, String edited) {
        List<Problem> problems = validate(base, edited);
        if (!problems.isEmpty()) {
            return CompletableFuture.completedFuture(Verdict.invalid(problems));
        }
        if (DomainXml.unchanged(base.text(), edited)) {
            return CompletableFuture.completedFuture(unchanged());
        }
        return calls.onDomain(base.item(), "Apply the definition of", d -> {
            String before = inactiveXml(d);
            if (base.version() != null && !base.version().equals(digest(before))) {
                return Verdict.of(Outcome.CONFLICT, base.label() + " was changed since it was loaded. Nothing was "
                        + "written: reload it, or review your edit against the new version.");
            }
            try {
                NativeShim.defineXml(d.getConnect(), edited, NativeShim.DEFINE_VALIDATE);
            } catch (IllegalArgumentException e) {
                return Verdict.of(Outcome.REFUSED, "libvirt refused the definition: " + e.getMessage());
            }
            String after = inactiveXml(d);
            if (after.equals(before)) {
                return Verdict.of(Outcome.UNCHANGED, "libvirt defined it; the definition means what it did before.");
            }
            if (d.isActive() == 1) {
                return Verdict.of(Outcome.APPLIES_AT_NEXT_BOOT, "Defined. " + base.item().name()
                        + " is running as before: the new definition applies at its next boot (shut it down and start it).");
            }
            return Verdict.of(Outcome.APPLIED, "Defined: " + base.label() + " starts with the new definition.");
        });
    }

    private static Verdict unchanged() {
        return Verdict.of(Outcome.UNCHANGED, "Nothing changed: the edit is the current definition.");
    }

    /** The persistent definition; with secure parts where the connection may read them. */
    static String inactiveXml(Domain d) throws LibvirtException {
        try {
            return d.getXMLDesc(XML_INACTIVE | XML_SECURE);
        } catch (LibvirtException e) {
            return d.getXMLDesc(XML_INACTIVE); // a read-only connection: it cannot apply anyway
        }
    }

    static String digest(String xml) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
