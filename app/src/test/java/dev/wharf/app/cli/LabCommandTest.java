package dev.wharf.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LabCommandTest {
    private final AtomicInteger closed = new AtomicInteger();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Cli.LabHandle lab(String notice) {
        return new Cli.LabHandle() {
            @Override
            public String kubeconfig() {
                return "/tmp/wharf-lab/lab-1/kubeconfig";
            }

            @Override
            public List<String> libvirtUris() {
                return List.of("qemu:///embed?root=/tmp/wharf-lab/qemu-1");
            }

            @Override
            public String notice() {
                return notice;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    @Test
    void printsHowToReachTheLabRunsUntilStoppedAndClosesIt() throws Exception {
        Cli cli = Cli.builder().lab(() -> lab("")).out(new PrintStream(out, true, StandardCharsets.UTF_8)).build();
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> code.set(cli.run("lab")));
        t.start();
        CliTest.waitFor(() -> out.toString(StandardCharsets.UTF_8).contains("virsh"));
        Thread.sleep(200);
        assertThat(t.isAlive()).as("runs until Ctrl+C").isTrue();
        assertThat(closed).hasValue(0);
        t.interrupt();
        t.join(5000);
        assertThat(code).hasValue(0);
        assertThat(closed).hasValue(1);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("kubeconfig: /tmp/wharf-lab/lab-1/kubeconfig")
                .contains("kubectl --kubeconfig /tmp/wharf-lab/lab-1/kubeconfig get vm -A")
                .contains("virsh -c 'qemu:///embed?root=/tmp/wharf-lab/qemu-1' list --all")
                .contains("Ctrl+C")
                .doesNotContain("Note:");
    }

    @Test
    void theNoticeIsShown() {
        assertThat(LabCommand.describe(lab("libvirt is not installed: apt-get install libvirt0")))
                .contains("Note: libvirt is not installed: apt-get install libvirt0");
    }

    @Test
    void shellQuoting() {
        assertThat(LabCommand.shell("/tmp/a/kubeconfig")).isEqualTo("/tmp/a/kubeconfig");
        assertThat(LabCommand.shell("qemu+tcp://127.0.0.1:16509/system")).isEqualTo("qemu+tcp://127.0.0.1:16509/system");
        assertThat(LabCommand.shell("a b'c")).isEqualTo("'a b'\\''c'");
    }
}
