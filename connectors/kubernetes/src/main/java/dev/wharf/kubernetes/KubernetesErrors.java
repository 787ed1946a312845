package dev.wharf.kubernetes;

import dev.wharf.inventory.Action;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.WharfException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns Kubernetes failures into messages a user can act on. */
final class KubernetesErrors {
    private KubernetesErrors() {
    }

    /** The HTTP code of a failure, 0 when there is none (no answer at all). */
    static int code(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getCode() > 0) {
                return k.getCode();
            }
        }
        return 0;
    }

    /** What a live source adds to its error: it goes on trying, and what is shown is from before. */
    static final String LIVE_SUFFIX = " Wharf keeps retrying; the items shown are the last known ones.";

    /** Why a cluster cannot be reached, and what to do; one sentence, without what a live source adds. */
    static String unreachable(String context, String server, Throwable t) {
        int code = code(t);
        if (code == 401) {
            return "The Kubernetes API of " + context + " rejected your credentials (401 Unauthorized). "
                    + "Refresh them (for example run 'kubectl get nodes' to renew the token) and retry.";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof dev.wharf.inventory.WharfException w) {
                // a credential source (exec plugin, token file) said what is wrong
                return w.getMessage();
            }
        }
        Throwable root = root(t);
        String why;
        String rootMessage = message(root);
        if (has(t, SSLException.class)) {
            String m = rootMessage.toLowerCase(Locale.ROOT);
            if (m.contains("unrecognized ssl message") || m.contains("plaintext connection") || m.contains("not an ssl")) {
                why = "it does not speak TLS there (is it a plain http:// port?): check the server address and port in your kubeconfig";
            } else if (m.contains("pkix") || m.contains("certification path") || m.contains("unable to find valid")) {
                why = "its certificate is not signed by the CA your kubeconfig trusts: check the cluster's "
                        + "certificate-authority in your kubeconfig";
            } else if (m.contains("subject alternative") || m.contains("hostname")) {
                why = "its certificate is not for this host name (" + rootMessage + "): use the address the certificate "
                        + "names, or set tls-server-name in your kubeconfig";
            } else {
                why = "TLS failed (" + rootMessage + "): check the cluster's CA and address in your kubeconfig";
            }
        } else if (has(t, UnknownHostException.class)) {
            why = "unknown host " + rootMessage + ": check the server address in your kubeconfig";
        } else if (has(t, ConnectException.class)) {
            why = "connection refused: check that the cluster is up and that you are on its network (VPN)";
        } else if (has(t, HttpConnectTimeoutException.class) || has(t, TimeoutException.class)
                || has(t, java.net.http.HttpTimeoutException.class)) {
            why = "no answer in time: check your network (VPN, proxy) and the cluster";
        } else if (code >= 500) {
            String m = statusMessageOf(t);
            why = "the API server answered " + code + (m.isEmpty() ? "" : " (" + m + ")") + ": the cluster has a problem; try again later";
        } else if (code >= 300 && code < 400) {
            why = "the API server answered " + code + " (a redirect): Wharf follows no redirect (your credentials would go "
                    + "to another address); put the API server's own address in your kubeconfig";
        } else if (code > 0) {
            String m = statusMessageOf(t);
            why = "the API server answered " + code + (m.isEmpty() ? "" : " (" + m + ")") + ": check the server address in your kubeconfig";
        } else if (has(t, java.net.ProtocolException.class) || rootMessage.startsWith("Invalid status line")) {
            int q = rootMessage.indexOf('"');
            String said = q < 0 ? "" : rootMessage.substring(q);
            why = "it does not answer HTTP there" + (said.isEmpty() ? "" : " (it said " + ExecPlugin.firstLine(said) + ")")
                    + ": check the server address and port in your kubeconfig";
        } else if (has(t, com.fasterxml.jackson.core.JsonProcessingException.class)) {
            why = "its answer is not Kubernetes JSON: check that the server address in your kubeconfig is the API server's";
        } else if (has(t, java.io.EOFException.class) || rootMessage.toLowerCase(Locale.ROOT).contains("header parser")
                || rootMessage.toLowerCase(Locale.ROOT).contains("eof reached")) {
            why = "it closed the connection without an HTTP answer (is it an HTTP server?): check the server address and port";
        } else {
            why = ExecPlugin.firstLine(plain(rootMessage)) + ": check the cluster and your network";
        }
        return "Cannot reach the Kubernetes API of " + context + " at " + server + ": " + why + ".";
    }

    /** The {@code message} of the Status a failure carries, or "". */
    static String statusMessageOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
                return ExecPlugin.firstLine(k.getStatus().getMessage());
            }
        }
        return "";
    }

    /** The {@code message} of a body that is a Kubernetes Status, or "" (also for any other body). */
    static String statusMessage(String body) {
        if (body == null || body.isBlank() || !body.stripLeading().startsWith("{")) {
            return "";
        }
        try {
            Status s = Serialization.unmarshal(body, Status.class);
            if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
                return ExecPlugin.firstLine(s.getMessage());
            }
        } catch (RuntimeException e) {
            // not a Status
        }
        return "";
    }

    /** A message without Java class names ("java.io.IOException: x" → "x"). */
    private static String plain(String m) {
        return m.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ?", "");
    }

    /** A refused action as the user should read it: the server's own words and what to do. */
    static WharfException actionFailed(Item item, Action action, int code, String body) {
        String what = action.label().toLowerCase(Locale.ROOT) + " " + item.kind().wire() + " " + item.name();
        String server = serverMessage(body);
        String detail = server.isEmpty() ? "" : ": " + server;
        return switch (code) {
            case 409 -> new WharfException("Cannot " + what + detail + ". It does not fit the "
                    + item.kind().wire() + "'s current state (" + item.status() + "); wait for it to settle and try again.");
            case 403 -> new WharfException("Not permitted to " + what + detail + ". Ask a cluster admin for "
                    + rbacHint(item, action) + " in namespace " + item.namespace() + ".");
            case 404 -> new WharfException("Cannot " + what + ": it no longer exists"
                    + (item.kind().wire().equals("vm") ? " (or KubeVirt is not installed)" : "") + detail + ".");
            case 401 -> new WharfException("Cannot " + what + ": your credentials were rejected" + detail
                    + ". Refresh them (kubectl get nodes renews most tokens) and try again.");
            default -> new WharfException("Cannot " + what + ": the API server answered " + code + detail
                    + ". Try again; if it persists, check the cluster.");
        };
    }

    static WharfException actionFailed(Item item, Action action, Throwable t) {
        int code = code(t);
        if (code > 0) {
            String msg = null;
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof KubernetesClientException k && k.getStatus() != null) {
                    msg = k.getStatus().getMessage();
                    break;
                }
            }
            return actionFailed(item, action, code, msg == null ? "" : "{\"message\":" + quote(msg) + "}");
        }
        return new WharfException("Cannot " + action.label().toLowerCase(Locale.ROOT) + " " + item.name()
                + ": the cluster could not be reached (" + message(root(t)) + "). Check the connection and try again.", t);
    }

    private static String rbacHint(Item item, Action action) {
        return switch (action) {
            case MIGRATE -> "'update' on virtualmachines/migrate (ClusterRole kubevirt.io:migrate)";
            case PAUSE, RESUME -> "'update' on virtualmachineinstances/" + (action == Action.PAUSE ? "pause" : "unpause")
                    + " (ClusterRole kubevirt.io:edit)";
            case DELETE -> "'delete' on " + (item.kind().wire().equals("vm") ? "virtualmachineinstances" : "pods");
            case CANCEL_MIGRATION -> "'delete' on virtualmachineinstancemigrations (ClusterRole kubevirt.io:migrate)";
            default -> "'update' on virtualmachines/" + action.wire() + " (ClusterRole kubevirt.io:edit)";
        };
    }

    /** The message of a Kubernetes Status body, or the body itself if it is not one. */
    static String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            Status s = Serialization.unmarshal(body, Status.class);
            if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
                return s.getMessage().trim();
            }
        } catch (RuntimeException e) {
            // not JSON: use the text
        }
        String t = body.trim();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    static Throwable root(Throwable t) {
        Throwable r = t;
        while ((r instanceof CompletionException || r instanceof ExecutionException || r.getCause() != null)
                && r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
