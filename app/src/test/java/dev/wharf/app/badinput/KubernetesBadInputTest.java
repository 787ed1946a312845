package dev.wharf.app.badinput;

import static dev.wharf.app.badinput.KubernetesKubeconfig.credential;
import static dev.wharf.app.badinput.KubernetesKubeconfig.execUser;
import static dev.wharf.app.badinput.KubernetesKubeconfig.plugin;
import static dev.wharf.app.badinput.KubernetesTestServer.Answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wharf.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on the Kubernetes side, through the real command line ({@link Main#run}): broken
 * kubeconfigs, exec plugins, servers that are not Kubernetes, redirects, 5xx, slow and silent
 * servers, credential sources. Each case asserts the exit code, the one line on stderr (what it
 * says, and that it is one line without Java's words), a time bound, and that no credential
 * ever reached a server over plain HTTP or a redirect target.
 */
class KubernetesBadInputTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<KubernetesTestServer> recorded = new ArrayList<>();

    /** What one run gave. */
    record Result(int exit, String out, String err, Duration took) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Prepares a case (files, servers) and returns the command line. */
    @FunctionalInterface
    interface Setup {
        String[] args(KubernetesBadInputTest t) throws Exception;
    }

    /** A further check of a case. */
    @FunctionalInterface
    interface Check {
        void check(KubernetesBadInputTest t, Result r) throws Exception;
    }

    record Case(Setup setup, int exit, List<String> says, Duration within, boolean plainHttpAllowed, Check extra) {
    }

    private static Arguments fails(String name, Setup setup, String... says) {
        return Arguments.of(Named.of(name, new Case(setup, 1, List.of(says), Duration.ofSeconds(40), false, (t, r) -> { })));
    }

    private static Arguments fails(String name, Duration within, Setup setup, Check extra, String... says) {
        return Arguments.of(Named.of(name, new Case(setup, 1, List.of(says), within, false, extra)));
    }

    private static Arguments works(String name, Duration within, boolean plainHttpAllowed, Setup setup, Check extra) {
        return Arguments.of(Named.of(name, new Case(setup, 0, List.of(), within, plainHttpAllowed, extra)));
    }

    // ------------------------------------------------------------------ helpers for the cases

    KubernetesKubeconfig kubeconfig() {
        return new KubernetesKubeconfig(dir);
    }

    KubernetesTestServer http(KubernetesTestServer.Script script) throws Exception {
        KubernetesTestServer s = KubernetesTestServer.http(script);
        servers.add(s);
        recorded.add(s);
        return s;
    }

    KubernetesTestServer https(KubernetesTestServer.Script script) throws Exception {
        KubernetesTestServer s = KubernetesTestServer.https(script, KubernetesTestServer.keystore(shared));
        servers.add(s);
        recorded.add(s);
        return s;
    }

    /** A TCP server that writes {@code banner} and records what it received first. */
    KubernetesTestServer.Raw raw(String banner) throws Exception {
        KubernetesTestServer.Raw r = new KubernetesTestServer.Raw(banner);
        servers.add(r);
        raws.add(r);
        return r;
    }

    final List<KubernetesTestServer.Raw> raws = new ArrayList<>();
    /** What a web server answers to bytes that are not HTTP (a TLS handshake): nginx does this. */
    static final String HTTP_400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    KubernetesTestServer server(int i) {
        return recorded.get(i);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String[] ls(Path kubeconfig, String... more) {
        List<String> a = new ArrayList<>(List.of("ls", "--kubeconfig", kubeconfig.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static KubernetesTestServer.Script always(Answer a) {
        return (m, u) -> a;
    }

    static final String STATUS_503 = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"message\":\"etcdserver: leader changed\",\"reason\":\"ServiceUnavailable\",\"code\":503}";

    // ------------------------------------------------------------------ the cases

    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- kubeconfig files
                fails("empty kubeconfig", t -> ls(KubernetesKubeconfig.write(t.dir, "empty", "")),
                        "is empty"),
                fails("kubeconfig of only blanks and a comment", t -> ls(KubernetesKubeconfig.write(t.dir, "blank", "\n# nothing\n  \n")),
                        "holds no kubeconfig"),
                fails("binary kubeconfig", t -> {
                    Path p = t.dir.resolve("binary");
                    Files.write(p, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff, (byte) 0xfe, 0});
                    return ls(p);
                }, "is binary data, not a kubeconfig"),
                fails("a directory as kubeconfig", t -> ls(Files.createDirectory(t.dir.resolve("kube.d"))),
                        "is a directory, not a file"),
                fails("/dev/zero as kubeconfig", t -> new String[] {"ls", "--kubeconfig", "/dev/zero"},
                        "/dev/zero is a character device"),
                fails("a FIFO as kubeconfig (never opened)", t -> {
                    Path fifo = t.dir.resolve("fifo");
                    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
                    assertThat(p.waitFor()).isZero();
                    return ls(fifo);
                }, "is a named pipe (FIFO)"),
                fails("missing kubeconfig", t -> ls(t.dir.resolve("nope")), "not found"),
                fails("KUBECONFIG=::: names no file", t -> {
                    System.setProperty("kubeconfig", ":::");
                    return new String[] {"ls", "--context", "c"};
                }, "KUBECONFIG is set to ':::', which names no file"),
                fails("broken YAML", t -> ls(KubernetesKubeconfig.write(t.dir, "broken", "apiVersion: v1\nclusters: [ {name: x\n")),
                        "cannot be read", "line"),
                fails("YAML that is not a kubeconfig", t -> ls(KubernetesKubeconfig.write(t.dir, "list", "- a\n- b\n")),
                        "is not a kubeconfig as kubectl writes it"),
                fails("kubeconfig without contexts", t -> ls(KubernetesKubeconfig.write(t.dir, "noctx",
                        "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n")), "has no contexts"),
                fails("current-context names a missing context", t -> ls(t.kubeconfig().current("gone").write("gone")),
                        "current-context 'gone' names no context it defines", "(contexts: c)"),
                fails("unknown --context among 500", t -> {
                    StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: "
                            + "{server: 'https://127.0.0.1:1'}\nusers:\n- name: u\n  user: {}\ncontexts:\n");
                    for (int i = 0; i < 500; i++) {
                        y.append("- name: cluster-").append(i).append("\n  context: {cluster: c, user: u}\n");
                    }
                    return ls(KubernetesKubeconfig.write(t.dir, "many", y.toString()), "--context", "nope");
                }, "no context 'nope'", "cluster-0, cluster-1", "and 492 more (500 contexts"),
                fails("context names a missing cluster", t -> ls(KubernetesKubeconfig.write(t.dir, "nocluster",
                        "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: []\nusers: []\n"
                                + "contexts:\n- name: c\n  context: {cluster: ghost, user: u}\n")),
                        "names cluster 'ghost', which the kubeconfig does not define"),
                // ---- server URLs
                fails("malformed server URL, said at once", Duration.ofSeconds(15),
                        t -> ls(t.kubeconfig().server("https://exa mple.com:6443").write("bad-url")), (t, r) -> { },
                        "is not a valid URL", "https://host:6443"),
                fails("server URL of another scheme", t -> ls(t.kubeconfig().server("ftp://10.0.0.1:6443").write("ftp")),
                        "is not an http(s) URL"),
                fails("server URL without host", t -> ls(t.kubeconfig().server("https://:6443").write("nohost")),
                        "has no valid host name"),
                fails("empty server URL", t -> ls(t.kubeconfig().server("").write("noserver")),
                        "server URL of cluster c (context c) is empty"),
                fails("https to a port that does not speak TLS", t -> {
                    KubernetesTestServer.Raw plain = t.raw(HTTP_400);
                    return ls(t.kubeconfig().server("https://127.0.0.1:" + plain.port()).write("notls"));
                }, "does not speak TLS", "plain http:// port"),
                fails("a server URL without scheme is https, never a silent fallback to http", Duration.ofSeconds(40), t -> {
                    KubernetesTestServer.Raw plain = t.raw(HTTP_400);
                    return ls(t.kubeconfig().server("127.0.0.1:" + plain.port()).user("{token: secret-token}").write("noscheme"));
                }, (t, r) -> assertThat(t.raws.get(0).firstBytes).as("only TLS handshakes arrived, never a plain request")
                        .isNotEmpty().allSatisfy(b -> assertThat(b[0]).isEqualTo((byte) 0x16)),
                        "at https://127.0.0.1:", "does not speak TLS"),
                fails("connection refused, and a one-shot ls promises no retries", t -> ls(t.kubeconfig()
                        .server("http://127.0.0.1:" + freePort()).write("refused")), "connection refused"),
                fails("act on a refused server promises no retries", t -> new String[] {"act", "stop", "pod/default/web-1",
                        "--kubeconfig", t.kubeconfig().server("http://127.0.0.1:" + freePort()).write("act-refused").toString()},
                        "connection refused"),
                // ---- files the kubeconfig names
                fails("missing CA file", t -> ls(t.kubeconfig().server("https://127.0.0.1:6443")
                                .cluster("certificate-authority: ca/missing.crt").write("noca")),
                        "CA file", "ca/missing.crt", "(certificate-authority of cluster c) does not exist"),
                fails("missing client certificate", t -> ls(t.kubeconfig().server("https://127.0.0.1:6443")
                                .user("{client-certificate: /nonexistent/me.crt, client-key: /nonexistent/me.key}").write("nocert")),
                        "client certificate /nonexistent/me.crt (client-certificate of user u) does not exist"),
                fails("missing tokenFile", t -> ls(t.kubeconfig().server("https://127.0.0.1:6443")
                                .user("{tokenFile: /nonexistent/token}").write("notokenfile")),
                        "token file /nonexistent/token (tokenFile of user u of context c) is missing"),
                // ---- no credentials over plain HTTP
                fails("http:// with a token is refused before anything is sent", t -> {
                    KubernetesTestServer s = t.http(KubernetesTestServer.kubernetes());
                    return ls(t.kubeconfig().server(s.url()).user("{token: secret-token}").write("http-token"));
                }, "would send a bearer token in clear text", "wharf.dev/allow-plain-http"),
                fails("http:// with a password is refused", t -> {
                    KubernetesTestServer s = t.http(KubernetesTestServer.kubernetes());
                    return ls(t.kubeconfig().server(s.url()).user("{username: admin, password: hunter2}").write("http-basic"));
                }, "would send a user name and password in clear text"),
                fails("http:// with an exec plugin is refused before the plugin runs", Duration.ofSeconds(40), t -> {
                    KubernetesTestServer s = t.http(KubernetesTestServer.kubernetes());
                    Path marker = t.dir.resolve("plugin-ran");
                    Path p = plugin(t.dir, "plugin.sh", "touch '" + marker + "'\necho '" + credential("from-plugin") + "'");
                    return ls(t.kubeconfig().server(s.url()).user(execUser(p.toString())).write("http-exec"));
                }, (t, r) -> assertThat(t.dir.resolve("plugin-ran")).doesNotExist(),
                        "would send the exec plugin's credential in clear text"),
                // ---- exec plugins
                fails("exec plugin not found", t -> ls(t.kubeconfig().server("https://127.0.0.1:6443")
                                .user(execUser("wharf-no-such-plugin")).write("exec-missing")),
                        "exec credential plugin 'wharf-no-such-plugin' of user u of context c was not found"),
                fails("exec plugin exits 1, its stderr said", t -> {
                    Path p = plugin(t.dir, "fails.sh", "echo 'error: token expired, run: cloud login' >&2\nexit 1");
                    return ls(t.kubeconfig().server("https://127.0.0.1:6443").user(execUser(p.toString())).write("exec-1"));
                }, "exited with status 1: error: token expired, run: cloud login"),
                fails("exec plugin prints no credential", t -> {
                    Path p = plugin(t.dir, "empty.sh", "echo '{}'");
                    return ls(t.kubeconfig().server("https://127.0.0.1:6443").user(execUser(p.toString())).write("exec-none"));
                }, "printed no credential (it printed: {})"),
                fails("exec plugin prints garbage", t -> {
                    Path p = plugin(t.dir, "garbage.sh", "echo 'Please log in at https://login.example'");
                    return ls(t.kubeconfig().server("https://127.0.0.1:6443").user(execUser(p.toString())).write("exec-junk"));
                }, "printed no credential (it printed: Please log in at https://login.example)"),
                fails("exec plugin prints a bare token: said, but the token is not echoed", Duration.ofSeconds(40), t -> {
                    Path p = plugin(t.dir, "bare.sh", "echo 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.c2VjcmV0LXRva2VuLXBheWxvYWQ'");
                    return ls(t.kubeconfig().server("https://127.0.0.1:6443").user(execUser(p.toString())).write("exec-bare"));
                }, (t, r) -> assertThat(r.err()).doesNotContain("eyJhbGci"), "printed no credential (it printed: a line of",
                        "not shown: it may hold a secret"),
                fails("exec plugin that never returns: a time limit, and which plugin", Duration.ofSeconds(45), t -> {
                    Path p = plugin(t.dir, "hangs.sh", "exec sleep 600");
                    return ls(t.kubeconfig().server("https://127.0.0.1:6443").user(execUser(p.toString())).write("exec-hang"));
                }, (t, r) -> { }, "exec credential plugin '", "hangs.sh' of user u of context c did not finish within 10 s"),
                works("a hanging exec plugin holds up its own context only", Duration.ofSeconds(45), false, t -> {
                    KubernetesTestServer s = t.https(KubernetesTestServer.kubernetes());
                    Path p = plugin(t.dir, "hangs.sh", "exec sleep 600");
                    Path ok = plugin(t.dir, "ok.sh", "echo '" + credential("from-plugin") + "'");
                    String y = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: '" + s.url()
                            + "', insecure-skip-tls-verify: true}\nusers:\n- name: slow\n  user: " + execUser(p.toString())
                            + "\n- name: good\n  user: " + execUser(ok.toString()) + "\ncontexts:\n"
                            + "- name: slow\n  context: {cluster: c, user: slow}\n- name: good\n  context: {cluster: c, user: good}\n";
                    return ls(KubernetesKubeconfig.write(t.dir, "two", y), "--context", "slow", "--context", "good");
                }, (t, r) -> {
                    assertThat(r.out()).contains("node-a");
                    assertThat(r.errLines()).singleElement().asString().contains("context slow").contains("did not finish within 10 s");
                    assertThat(t.server(0).received).extracting(KubernetesTestServer.Received::authorization)
                            .contains("Bearer from-plugin");
                }),
                works("exec plugin's token reaches an https server", Duration.ofSeconds(40), false, t -> {
                    KubernetesTestServer s = t.https(KubernetesTestServer.kubernetes());
                    Path p = plugin(t.dir, "ok.sh", "echo '" + credential("from-plugin") + "'");
                    return ls(t.kubeconfig().server(s.url()).insecure().user(execUser(p.toString())).write("exec-ok"));
                }, (t, r) -> {
                    assertThat(r.out()).contains("node-a");
                    assertThat(t.server(0).withCredentials()).isNotEmpty()
                            .allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer from-plugin"));
                }),
                // ---- servers that are not Kubernetes
                fails("404 to every path is not an empty cluster", t -> ls(t.kubeconfig()
                                .server(t.http(always(Answer.of(404, "text/plain", "404 page not found".getBytes()))).url()).write("404")),
                        "is not a Kubernetes API: it answered 404 Not Found to /version"),
                fails("an HTML page", t -> ls(t.kubeconfig().server(t.http(always(Answer.of(200, "text/html",
                                "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body>hi</body></html>"
                                        .getBytes()))).url()).write("html")),
                        "is not a Kubernetes API: it answered /version with an HTML page (\"Welcome to nginx!\")"),
                fails("{} for everything", t -> ls(t.kubeconfig().server(t.http(always(Answer.json(200, "{}"))).url()).write("empty-json")),
                        "answered /version with JSON that is not a Kubernetes version ({})"),
                fails("binary garbage", t -> ls(t.kubeconfig().server(t.http(always(Answer.of(200, "application/octet-stream",
                                new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, 27, '[', '2', 'J', 7, 8}))).url()).write("garbage")),
                        "answered /version with 12 bytes of binary data"),
                fails("/version right but /api not", t -> ls(t.kubeconfig().server(t.http(KubernetesTestServer.kubernetes(
                                u -> u.equals("/api") ? Answer.of(404, "text/plain", "no".getBytes()) : null)).url()).write("noapi")),
                        "answered 404 Not Found to /api"),
                fails("a server that is not HTTP at all", t -> {
                    KubernetesTestServer.Raw raw = t.raw("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
                    return ls(t.kubeconfig().server("http://127.0.0.1:" + raw.port()).write("ssh"));
                }, "Cannot reach the Kubernetes API of c"),
                fails("5xx carries the server's Status message", t -> ls(t.kubeconfig()
                                .server(t.http(always(Answer.json(503, STATUS_503))).url()).write("503")),
                        "answered 503 Service Unavailable to /version: etcdserver: leader changed"),
                fails("5xx without a Status says what came back", t -> ls(t.kubeconfig().server(t.http(always(Answer.of(502,
                                "text/html", "<html><head><title>502 Bad Gateway</title></head></html>".getBytes()))).url())
                                .write("502")),
                        "answered 502 Bad Gateway to /version (an HTML page (\"502 Bad Gateway\"))"),
                fails("401 says the credentials were rejected", t -> {
                    KubernetesTestServer s = t.https(always(Answer.json(401, "{\"kind\":\"Status\",\"code\":401,"
                            + "\"message\":\"Unauthorized\"}")));
                    return ls(t.kubeconfig().server(s.url()).insecure().user("{token: expired-token}").write("401"));
                }, "rejected your credentials (401 Unauthorized)"),
                fails("ls -o json: the source record says error and why", Duration.ofSeconds(40), t -> ls(t.kubeconfig()
                                .server(t.http(always(Answer.of(404, "text/plain", new byte[0]))).url()).write("json404"), "-o", "json"),
                        (t, r) -> {
                            JsonNode doc = new ObjectMapper().readTree(r.out());
                            assertThat(doc.get("sources")).singleElement().satisfies(s -> {
                                assertThat(s.get("status").asText()).isEqualTo("error");
                                assertThat(s.get("message").asText()).contains("is not a Kubernetes API")
                                        .contains("404 Not Found to /version");
                            });
                        }, "is not a Kubernetes API"),
                // ---- redirects
                fails("a redirect to another server: not followed, no credentials there", Duration.ofSeconds(40), t -> {
                    KubernetesTestServer target = t.http(KubernetesTestServer.kubernetes());
                    KubernetesTestServer s = t.https((m, u) -> Answer.redirect(target.url() + u));
                    return ls(t.kubeconfig().server(s.url()).insecure().user("{token: secret-token}").write("redirect"));
                }, (t, r) -> assertThat(t.server(0).received).as("the redirect target heard nothing").isEmpty(),
                        "redirects /version to http://127.0.0.1:", "Wharf follows no redirect"),
                fails("a redirect from plain HTTP without credentials is not followed either", Duration.ofSeconds(40), t -> {
                    KubernetesTestServer target = t.http(KubernetesTestServer.kubernetes());
                    KubernetesTestServer s = t.http((m, u) -> Answer.redirect(target.url() + u));
                    return ls(t.kubeconfig().server(s.url()).write("redirect-http"));
                }, (t, r) -> assertThat(t.server(0).received).isEmpty(), "redirects /version to", "(302)"),
                // ---- slow and silent servers
                fails("a server that accepts and never answers", Duration.ofSeconds(60),
                        t -> ls(t.kubeconfig().server(t.http(always(Answer.silence())).url()).write("silent")), (t, r) -> { },
                        "no answer within 20 s"),
                works("a large list that comes slowly but steadily is not 'no answer'", Duration.ofSeconds(120), false, t -> {
                    KubernetesTestServer s = t.http(KubernetesTestServer.kubernetes(u -> u.startsWith("/api/v1/pods?")
                            && !u.contains("watch=true") ? Answer.streamed(KubernetesBadInputTest::slowPods) : null));
                    return ls(t.kubeconfig().server(s.url()).write("slow"));
                }, (t, r) -> {
                    assertThat(r.took()).as("longer than the 20 s a silent server gets").isGreaterThan(Duration.ofSeconds(21));
                    assertThat(r.out()).contains("slow-0 ").contains("slow-249 ");
                }),
                works("a one-shot ls needs the lists, not working watches", Duration.ofSeconds(40), false, t -> {
                    KubernetesTestServer s = t.http(KubernetesTestServer.kubernetes(u -> u.contains("watch=true")
                            ? Answer.json(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"watch is broken\"}") : null));
                    return ls(t.kubeconfig().server(s.url()).write("nowatch"));
                }, (t, r) -> assertThat(r.out()).contains("node-a")),
                // ---- what does work
                works("the plain-HTTP opt-in of a context lets its token go", Duration.ofSeconds(40), true, t -> {
                    KubernetesTestServer s = t.http(KubernetesTestServer.kubernetes());
                    return ls(t.kubeconfig().server(s.url()).user("{token: lab-token}").allowPlainHttp().write("optin"));
                }, (t, r) -> {
                    assertThat(r.out()).contains("node-a");
                    assertThat(t.server(0).withCredentials()).extracting(KubernetesTestServer.Received::authorization)
                            .contains("Bearer lab-token");
                }),
                works("plain HTTP without credentials (the lab's way) works", Duration.ofSeconds(40), false,
                        t -> ls(t.kubeconfig().server(t.http(KubernetesTestServer.kubernetes()).url()).write("anon")),
                        (t, r) -> assertThat(r.out()).contains("node-a")),
                works("a token file is read and sent over https", Duration.ofSeconds(40), false, t -> {
                    KubernetesTestServer s = t.https(KubernetesTestServer.kubernetes());
                    Path token = KubernetesKubeconfig.write(t.dir, "token", "from-file\n");
                    return ls(t.kubeconfig().server(s.url()).insecure().user("{tokenFile: " + token + "}").write("tokenfile"));
                }, (t, r) -> assertThat(t.server(0).withCredentials()).isNotEmpty()
                        .allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer from-file"))));
    }

    /** 250 pods in 25 pieces, one per second: 25 s of a steady transfer. */
    static void slowPods(OutputStream out) throws java.io.IOException, InterruptedException {
        out.write("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[".getBytes());
        for (int i = 0; i < 250; i++) {
            out.write(((i == 0 ? "" : ",") + KubernetesTestServer.pod("slow-" + i)).getBytes(StandardCharsets.UTF_8));
            if (i % 10 == 9) {
                out.flush();
                Thread.sleep(1000);
            }
        }
        out.write("]}".getBytes());
        out.flush();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saysWhatIsWrongInOneLine(Case c) throws Exception {
        String[] args = c.setup().args(this);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int exit = assertTimeoutPreemptively(c.within(), () -> Main.run(args, InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        Result r = new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - t0));

        // the suite's record: what a user sees for each case
        System.out.printf("exit %d in %.1f s: %s%n", r.exit(), r.took().toMillis() / 1000.0, r.err().strip());
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(c.exit());
        if (c.exit() != 0) {
            assertThat(r.errLines()).as("one line on stderr").singleElement().asString()
                    .startsWith("wharf: ").hasSizeLessThan(600);
            for (String s : c.says()) {
                assertThat(r.err()).contains(s);
            }
        }
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.")
                .doesNotContain("io.fabric8").doesNotContain("null")
                .as("a one-shot command promises no retries").doesNotContain("keeps retrying").doesNotContain("last known");
        for (KubernetesTestServer s : recorded) {
            if (s.url().startsWith("http:") && !c.plainHttpAllowed()) {
                assertThat(s.withCredentials()).as("credentials over plain HTTP to %s", s.url()).isEmpty();
            }
        }
        c.extra().check(this, r);
    }

    @AfterEach
    void tearDown() throws Exception {
        System.clearProperty("kubeconfig");
        for (AutoCloseable s : servers) {
            s.close();
        }
    }
}
