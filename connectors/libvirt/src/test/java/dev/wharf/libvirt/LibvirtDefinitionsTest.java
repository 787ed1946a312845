package dev.wharf.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.DefinitionEditor.Definition;
import dev.wharf.inventory.DefinitionEditor.Outcome;
import dev.wharf.inventory.DefinitionEditor.Problem;
import dev.wharf.inventory.DefinitionEditor.Verdict;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Editing a domain's definition through libvirt's test driver: {@code virDomainDefineXMLFlags} with
 * schema validation, "applies at next boot" for a running domain, a change made meanwhile as a
 * conflict, and the local checks (well-formed, same name and UUID) that keep bad XML from libvirt.
 */
class LibvirtDefinitionsTest {
    private Inventory inv;
    private LibvirtConnection conn;
    private DefinitionEditor editor;

    @BeforeEach
    void connect() throws InterruptedException {
        PrivateLibvirtd.requireLibvirt();
        inv = new Inventory();
        conn = new LibvirtConnection(TestHosts.uriOf("test-host.xml"), inv, CredentialPrompt.NONE);
        conn.start();
        assertThat(conn.awaitInitialSync(Duration.ofSeconds(20))).isTrue();
        editor = conn.capability(DefinitionEditor.class).orElseThrow();
    }

    @AfterEach
    void close() {
        if (conn != null) {
            conn.close();
        }
    }

    private Item vm(String name) {
        return inv.get(Item.idOf(conn.id(), Kind.VM, null, name)).orElseThrow(() -> new AssertionError("no " + name));
    }

    private Definition load(String name) throws Exception {
        return editor.load(vm(name)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStoppedDomainIsDefinedAnewAndStartsWithIt() throws Exception {
        Definition d = load("db");
        assertThat(d.language()).isEqualTo("xml");
        assertThat(d.label()).isEqualTo("domain db");
        assertThat(d.text()).contains("<name>db</name>", "<vcpu placement='static'>4</vcpu>");
        String edited = d.text().replace("<vcpu placement='static'>4</vcpu>", "<vcpu placement='static'>3</vcpu>");
        assertThat(editor.dryRun(d, edited).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.VALID);
        assertThat(load("db").text()).as("the dry run wrote nothing").contains(">4</vcpu>");

        Verdict v = editor.apply(d, edited).get(10, TimeUnit.SECONDS);
        assertThat(v.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(v.message()).isEqualTo("Defined: domain db starts with the new definition.");
        assertThat(load("db").text()).contains("<vcpu placement='static'>3</vcpu>");
    }

    @Test
    void aRunningDomainKeepsRunningAsItWasAndTheChangeAppliesAtItsNextBoot() throws Exception {
        Definition d = load("web");
        Verdict v = editor.apply(d, d.text().replace("<vcpu placement='static'>2</vcpu>", "<vcpu placement='static'>1</vcpu>"))
                .get(10, TimeUnit.SECONDS);
        assertThat(v.outcome()).isEqualTo(Outcome.APPLIES_AT_NEXT_BOOT);
        assertThat(v.written()).isTrue();
        assertThat(v.message()).contains("web is running as before: the new definition applies at its next boot");
        assertThat(load("web").text()).contains(">1</vcpu>");
        assertThat(conn.describe(vm("web")).get(10, TimeUnit.SECONDS)).as("the live domain").contains(">2</vcpu>");
    }

    @Test
    void aDefinitionChangedSinceItWasLoadedIsAConflictAndIsNotOverwritten() throws Exception {
        Definition old = load("db");
        assertThat(editor.apply(old, old.text().replace("<memory unit='KiB'>2097152</memory>",
                "<memory unit='KiB'>1048576</memory>")).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.APPLIED);

        Verdict v = editor.apply(old, old.text().replace(">4</vcpu>", ">2</vcpu>")).get(10, TimeUnit.SECONDS);
        assertThat(v.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(v.message()).startsWith("domain db was changed since it was loaded. Nothing was written");
        assertThat(load("db").text()).contains(">4</vcpu>", "<memory unit='KiB'>1048576</memory>");
    }

    @Test
    void libvirtValidatesAgainstItsSchemaAndItsWordsReachTheUser() throws Exception {
        Definition d = load("db");
        Verdict v = editor.apply(d, d.text().replace("<vcpu", "<frobnicate/>\n  <vcpu")).get(10, TimeUnit.SECONDS);
        assertThat(v.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(v.message()).startsWith("libvirt refused the definition: ").containsIgnoringCase("schema");
        assertThat(load("db").text()).isEqualTo(d.text());
    }

    @Test
    void badXmlARenameOrAnotherUuidAreRefusedBeforeLibvirtSeesThem() throws Exception {
        Definition d = load("db");
        Verdict broken = editor.apply(d, d.text().replace("</vcpu>", "</vcpux>")).get(10, TimeUnit.SECONDS);
        assertThat(broken.outcome()).isEqualTo(Outcome.INVALID);
        Problem p = broken.problems().get(0);
        assertThat(p.line()).isEqualTo(lineOf(d.text(), "</vcpu>"));
        assertThat(p.message()).startsWith("Not well-formed XML:").contains("vcpu");
        assertThat(editor.validate(d, d.text().replace("<name>db</name>", "<name>db2</name>")))
                .extracting(Problem::message).containsExactly("<name> was changed from 'db' to 'db2': an edit cannot "
                        + "rename a domain. Put it back (rename with virsh domrename).");
        assertThat(editor.validate(d, d.text().replace("6a1d2c3e-0000-4000-8000-000000000002",
                "6a1d2c3e-0000-4000-8000-000000000009"))).extracting(Problem::message)
                .anyMatch(m -> m.startsWith("<uuid> was changed"));
        assertThat(editor.validate(d, "<network><name>db</name></network>")).extracting(Problem::message)
                .containsExactly("The root element is <network>: a domain definition is a <domain>.");
        assertThat(editor.validate(d, "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>"))
                .singleElement().satisfies(q -> assertThat(q.message()).startsWith("Not well-formed XML"));
        assertThat(editor.apply(d, d.text()).get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(load("db").text()).isEqualTo(d.text());
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
