package dev.wharf.app.badinput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the kubeconfigs and exec plugins of the bad-input suite. */
final class KubernetesKubeconfig {
    private final Path dir;
    private String server = "https://127.0.0.1:1";
    private String user = "{}";
    private String clusterExtra = "";
    private String contextExtra = "";
    private String current = "c";

    KubernetesKubeconfig(Path dir) {
        this.dir = dir;
    }

    KubernetesKubeconfig server(String s) {
        server = s;
        return this;
    }

    /** The user as a YAML flow map, e.g. {@code {token: t}}. */
    KubernetesKubeconfig user(String flowMap) {
        user = flowMap;
        return this;
    }

    /** Skips TLS verification (the test servers' certificates are self-signed). */
    KubernetesKubeconfig insecure() {
        clusterExtra += "    insecure-skip-tls-verify: true\n";
        return this;
    }

    KubernetesKubeconfig cluster(String line) {
        clusterExtra += "    " + line + "\n";
        return this;
    }

    /** Allows credentials over plain HTTP for the context (Wharf's opt-in). */
    KubernetesKubeconfig allowPlainHttp() {
        contextExtra += "    extensions:\n    - name: wharf.dev/allow-plain-http\n      extension: true\n";
        return this;
    }

    KubernetesKubeconfig current(String name) {
        current = name;
        return this;
    }

    String yaml() {
        return "apiVersion: v1\nkind: Config\ncurrent-context: " + current + "\n"
                + "clusters:\n- name: c\n  cluster:\n" + (server == null ? "" : "    server: '" + server + "'\n") + clusterExtra
                + "users:\n- name: u\n  user: " + user + "\n"
                + "contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n" + contextExtra;
    }

    Path write(String name) throws IOException {
        return write(dir, name, yaml());
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** An executable shell script in {@code dir}. */
    static Path plugin(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** A user that gets its credential from {@code command}. */
    static String execUser(String command) {
        return "{exec: {apiVersion: client.authentication.k8s.io/v1, command: '" + command + "', interactiveMode: Never}}";
    }

    /** What a plugin prints to give a token. */
    static String credential(String token) {
        return "{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\""
                + token + "\"}}";
    }
}
