package dev.wharf.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.inventory.CredentialPrompt;
import dev.wharf.inventory.DefinitionEditor;
import dev.wharf.inventory.DefinitionEditor.Definition;
import dev.wharf.inventory.DefinitionEditor.Outcome;
import dev.wharf.inventory.DefinitionEditor.Verdict;
import dev.wharf.inventory.Inventory;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Editing the definition of a real running tiny guest (QEMU/TCG under the shared private libvirtd):
 * the new definition is stored and applies at the next boot, the running guest is left as it was;
 * the VNC password (secure XML, which {@code virsh edit} shows too) is in the editable text on this
 * read-write connection and survives an edit of something else.
 */
class LibvirtDefinitionsIT {
    private static final String NAME = "wharf-it-edit";
    private static final String PASSWORD = "edit-pw7";
    private static PrivateLibvirtd lv;
    private static Inventory inv;
    private static LibvirtConnection conn;

    @BeforeAll
    static void start() throws Exception {
        lv = PrivateLibvirtd.get();
        Path xml = Files.createTempFile("wharf-edit-it", ".xml");
        Files.writeString(xml, lv.guest().domainXml(NAME, UUID.randomUUID(), 128)
                .replace("<graphics type='vnc'", "<graphics type='vnc' passwd='" + PASSWORD + "'"));
        lv.virsh("define", xml.toString());
        lv.virsh("start", NAME);
        Files.delete(xml);
        inv = new Inventory();
        conn = new LibvirtConnection(lv.unixUri(), inv, CredentialPrompt.NONE);
        conn.start();
        assertThat(conn.awaitInitialSync(Duration.ofSeconds(60))).isTrue();
    }

    @AfterAll
    static void stop() {
        if (conn != null) {
            conn.close();
        }
        if (lv != null) {
            lv.virshQuietly("destroy", NAME);
            lv.virshQuietly("undefine", NAME);
        }
    }

    @Test
    void aRunningGuestsNewDefinitionAppliesAtItsNextBootAndTheLiveOneStays() throws Exception {
        Item item = Await.item(inv, Item.idOf(conn.id(), Kind.VM, null, NAME), i -> i.state() == dev.wharf.inventory.State.RUNNING,
                Duration.ofSeconds(30), NAME + " running");
        DefinitionEditor editor = conn.capability(DefinitionEditor.class).orElseThrow();
        Definition d = editor.load(item).get(20, TimeUnit.SECONDS);
        assertThat(d.text()).as("the secure XML, as virsh edit shows it").contains("passwd='" + PASSWORD + "'")
                .contains("<memory unit='KiB'>131072</memory>");

        String edited = d.text()
                .replace("<memory unit='KiB'>131072</memory>", "<memory unit='KiB'>196608</memory>")
                .replace("<currentMemory unit='KiB'>131072</currentMemory>", "<currentMemory unit='KiB'>196608</currentMemory>")
                .replace("</name>", "</name>\n  <description>edited by the Wharf IT</description>");
        assertThat(edited).isNotEqualTo(d.text());
        assertThat(editor.dryRun(d, edited).get(20, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.VALID);

        Verdict v = editor.apply(d, edited).get(30, TimeUnit.SECONDS);
        assertThat(v.outcome()).as(v.message()).isEqualTo(Outcome.APPLIES_AT_NEXT_BOOT);
        assertThat(v.message()).contains(NAME + " is running as before: the new definition applies at its next boot");

        String live = lv.virsh("dumpxml", NAME);
        assertThat(live).as("the running guest is as it was").contains("<memory unit='KiB'>131072</memory>")
                .doesNotContain("edited by Wharf");
        String inactive = lv.virsh("dumpxml", "--inactive", "--security-info", NAME);
        assertThat(inactive).contains("<memory unit='KiB'>196608</memory>", "<description>edited by the Wharf IT</description>")
                .as("the password is not lost by an edit of something else").contains("passwd='" + PASSWORD + "'");
        assertThat(lv.virsh("domstate", NAME).strip()).isEqualTo("running");

        // a second apply of the old text is a conflict: the definition moved on
        assertThat(editor.apply(d, edited.replace("196608", "180224")).get(30, TimeUnit.SECONDS).outcome())
                .isEqualTo(Outcome.CONFLICT);
    }
}
