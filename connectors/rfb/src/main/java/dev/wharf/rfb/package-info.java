/**
 * A small RFB (VNC) client, JDK only, over any {@link java.io.InputStream}/{@link java.io.OutputStream}
 * (a socket, a libvirt graphics fd, a KubeVirt websocket).
 *
 * <p>Shaped after noVNC: the connection state machine lives in {@link dev.wharf.rfb.RfbClient}
 * (handshake, then one message loop on its own thread), each encoding has one decoder class
 * ({@code RawDecoder}, {@code CopyRectDecoder}, {@code HextileDecoder}, {@code ZrleDecoder}), pixels
 * land in a {@link dev.wharf.rfb.Framebuffer} of ARGB {@code int}s and every changed rectangle is
 * published to the {@link dev.wharf.rfb.RfbListener}. {@link dev.wharf.rfb.Keys} maps text to key
 * strokes (US layout) for typing.
 */
package dev.wharf.rfb;
