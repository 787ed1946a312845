package dev.wharf.app.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the user reads when the window cannot open, from what JavaFX's toolkit said. */
class WindowProblemTest {

    @Test
    void missingGtkSaysWhatToInstall() {
        // JavaFX 21's glass, when libgtk-3.so.0 cannot be loaded
        assertThat(WindowProblem.line("Unable to load glass GTK library."))
                .isEqualTo("wharf: cannot open a window: JavaFX needs GTK 3 (Debian/Ubuntu: sudo apt install libgtk-3-0"
                        + " libxtst6; Fedora: sudo dnf install gtk3 libXtst). Use the command line instead: wharf --help");
    }

    @Test
    void aGlassLibraryThatCannotLinkSaysTheSame() {
        // GTK there, libXtst.so.6 (linked by libglassgtk3.so) missing: JavaFX 21 throws this out of Platform.startup
        RuntimeException thrown = new RuntimeException(new UnsatisfiedLinkError(
                "no glassgtk3 in java.library.path: /usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib"));
        assertThat(WindowProblem.nativeLibraryFailure(thrown)).contains(WindowProblem.line("Unable to load glass GTK library."));
        assertThat(WindowProblem.nativeLibraryFailure(new RuntimeException("something else"))).isEmpty();
        assertThat(WindowProblem.nativeLibraryFailure(new UnsatisfiedLinkError("no jnidispatch"))).isEmpty();
    }

    @Test
    void noDisplayIsNotMistakenForMissingGtk() {
        assertThat(WindowProblem.line("Unable to open DISPLAY"))
                .startsWith("wharf: cannot open a window: no display")
                .doesNotContain("GTK")
                .endsWith("Use the command line instead: wharf --help");
    }

    @Test
    void anythingElseKeepsTheToolkitsWords() {
        assertThat(WindowProblem.line("Toolkit already exited"))
                .isEqualTo("wharf: cannot open a window (Toolkit already exited). Use the command line instead: wharf --help");
        assertThat(WindowProblem.line(null))
                .isEqualTo("wharf: cannot open a window. Use the command line instead: wharf --help");
    }
}
