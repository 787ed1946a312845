package dev.wharf.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The .deb under installer/target: its control data and contents, read with dpkg-deb as apt would. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the .deb is built on Linux only (profile deb)")
class DebPackageIT {
    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static Path deb;
    /** The package's files, unpacked once (dpkg-deb --extract, as dpkg would lay them out under /). */
    @TempDir
    static Path root;

    @BeforeAll
    static void findAndUnpackPackage() throws IOException {
        try (Stream<Path> files = Files.list(Command.builtPath("wharf.deb.dir"))) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("wharf_.*\\.deb")).toList();
            assertThat(debs).as("exactly one wharf_*.deb in installer/target").hasSize(1);
            deb = debs.get(0);
        }
        dpkgDeb("--extract", deb.toString(), root.toString());
    }

    private static String dpkgDeb(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("dpkg-deb"));
        command.addAll(List.of(args));
        Command.Result r = Command.run(LIMIT, command);
        assertThat(r.exit()).as(r.describe()).isZero();
        return r.out();
    }

    private static String field(String name) {
        return dpkgDeb("--field", deb.toString(), name).strip();
    }

    @Test
    void controlNamesThePackageAndWhatWharfNeedsAtRunTime() {
        assertThat(dpkgDeb("--info", deb.toString())).contains("Package: wharf");
        assertThat(field("Package")).isEqualTo("wharf");
        assertThat(field("Depends")).as("JavaFX's glass needs GTK 3").contains("libgtk-3-0");
        assertThat(field("Depends")).as("JavaFX's libglassgtk3.so links libXtst.so.6 (jpackage finds it: java.desktop's libawt_xawt links it too)")
                .contains("libxtst6");
        assertThat(field("Depends")).as("Wharf runs without libvirt").doesNotContain("libvirt0");
        assertThat(field("Recommends")).contains("libvirt0");
    }

    @Test
    void installsTheLauncherTheJarsTheDesktopEntryAndWharfsIcon() throws Exception {
        String contents = dpkgDeb("--contents", deb.toString());
        assertThat(contents).containsPattern("-rwxr-xr-x .* \\./opt/wharf/bin/wharf\\n");
        assertThat(contents).contains("./opt/wharf/lib/app/wharf-app-", "./opt/wharf/lib/runtime/lib/modules",
                "./opt/wharf/lib/wharf-wharf.desktop", "./opt/wharf/lib/wharf.png", "./opt/wharf/lib/app/wharf.classlist");
        assertThat(contents).as("the CDS archive is made at install time, for the installed paths")
                .doesNotContain("wharf.jsa");

        String desktop = Files.readString(root.resolve("opt/wharf/lib/wharf-wharf.desktop"));
        assertThat(desktop).contains("Name=Wharf", "Exec=/opt/wharf/bin/wharf", "Icon=/opt/wharf/lib/wharf.png",
                "Type=Application");
        try (InputStream icon = DebPackageIT.class.getResourceAsStream("/dev/wharf/icons/app/wharf-256.png")) {
            assertThat(icon).as("the icons module's 256 px app icon").isNotNull();
            assertThat(Files.readAllBytes(root.resolve("opt/wharf/lib/wharf.png"))).as("Wharf's icon, not Java's default")
                    .isEqualTo(icon.readAllBytes());
        }
    }

    @Test
    void maintainerScriptsPutWharfOnThePathAndTheMenu() {
        String postinst = controlFile("postinst");
        assertThat(postinst).contains("cp /opt/wharf/lib/wharf-wharf.desktop /usr/share/applications/wharf.desktop",
                "ln -sfn /opt/wharf/bin/wharf /usr/bin/wharf", "wharf-cds.sh dump /opt/wharf");
        // xdg-desktop-menu exits 3 on systems without /etc/xdg/menus, which failed the installation
        assertThat(postinst).doesNotContainPattern("(?m)^\\s*xdg-desktop-menu ");
        String prerm = controlFile("prerm");
        assertThat(prerm).contains("rm -f /usr/share/applications/wharf.desktop",
                "rm -f /usr/bin/wharf", "wharf-cds.sh remove /opt/wharf");
    }

    /** The unpacked package runs, and postinst's CDS step yields an archive the launcher then uses. */
    @Test
    void unpackedPackageRunsAndItsInstallTimeCdsArchiveIsUsed() throws Exception {
        Path home = root.resolve("opt/wharf");

        Command.Result dump = Command.run(LIMIT, List.of("sh", home.resolve("lib/app/wharf-cds.sh").toString(), "dump", home.toString()));
        assertThat(dump.exit()).as(dump.describe()).isZero();

        Path log = root.resolve("class-load.log");
        Command.Result r = Command.run(LIMIT, Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log),
                List.of(home.resolve("bin/wharf").toString(), "--version"));
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.out()).contains(System.getProperty("wharf.version"));
        assertThat(Files.readString(log)).contains("dev.wharf.app.Main source: shared objects file");
    }

    private static String controlFile(String name) {
        Command.Result r = Command.run(LIMIT, List.of("sh", "-c",
                "dpkg-deb --ctrl-tarfile \"$0\" | tar -xO ./" + name, deb.toString()));
        assertThat(r.exit()).as(r.describe()).isZero();
        return r.out();
    }
}
