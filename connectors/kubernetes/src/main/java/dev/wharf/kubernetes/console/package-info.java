/**
 * Live consoles on Kubernetes, each a {@link dev.wharf.inventory.ConsoleStream}. Entry point:
 * {@link dev.wharf.kubernetes.console.KubernetesConsoles#open} (called by
 * {@code KubernetesConnection.openConsole}).
 *
 * <ul>
 *   <li><b>KubeVirt serial console</b> of a VM ({@code KubeVirtSerialConsole}): websocket
 *   {@code GET /apis/subresources.kubevirt.io/v1/namespaces/{ns}/virtualmachineinstances/{name}/console},
 *   subprotocol {@code plain.kubevirt.io}, raw bytes in binary messages both ways. Built with
 *   fabric8's websocket builder, so the client's auth (tokens, exec plugins, refresh on 401)
 *   and TLS settings apply. While the VMI is not running yet virt-api answers 400: we ask
 *   again every second, up to a limit. We ping every 12 s (virt-api does not; proxies drop
 *   idle sessions). A dropped connection (1006) is explained by asking for the VMI: gone or
 *   not Running → {@code GUEST_STOPPED}; Running → {@code TAKEN_OVER} (another client opened
 *   the console: one session per VMI); no answer → {@code CONNECTION_LOST}.</li>
 *   <li><b>Exec / attach</b> in a pod's or microVM pod's container ({@code PodExecConsole}):
 *   {@code v5.channel.k8s.io}, falling back to {@code v4.channel.k8s.io} where the API server
 *   refuses v5 (before 1.30); channel framing of our own because fabric8's {@code ExecWatch}
 *   speaks v4 only and cannot ping. The container is the request's, else the pod's
 *   {@code kubectl.kubernetes.io/default-container}, else the first; the default command is
 *   {@code bash}, then {@code sh} when the image has no bash ({@code DefaultShell}). The
 *   terminal size goes out on channel 4; the Status on channel 3 ends the stream as
 *   {@code EXITED} with the exit code.</li>
 * </ul>
 * Writes are queued: each binary message leaves once the one before it is written (the JDK
 * websocket refuses a binary send while the previous one is under way, which a resize then a
 * keystroke, or fast typing, would hit), and a close goes after what was queued
 * ({@code WebSocketConsole#send}).
 * A dropped connection normally arrives as onError/onClose (1006). The JDK websocket loses it
 * when the end of stream comes while it hands us a message (a server that writes its last
 * output and drops); so after output goes quiet we ping a few times, 1 s apart, and a ping
 * that cannot be written ends the stream as {@code CONNECTION_LOST}
 * ({@code WebSocketConsole#probeSoon}).
 * Timings ({@link dev.wharf.kubernetes.console.ConsoleSettings}) are shortened in tests, which
 * run against a small websocket server of their own (pings, 1006, 400, v5) and fabric8's mock
 * server (exec channels, resize, exit status, TLS).
 */
package dev.wharf.kubernetes.console;
