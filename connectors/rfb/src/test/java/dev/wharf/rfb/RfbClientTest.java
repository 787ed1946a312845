package dev.wharf.rfb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RfbClientTest {

    private static final String SERVER_CLOSED = "the VNC server closed the connection";

    /** A full frame of the pattern in one encoding (CopyRect: raw, then a region moved onto itself). */
    private static byte[] script(String encoding, int w, int h, int[] img) {
        return server(encoding, w, h, img).toByteArray();
    }

    private static FakeServer server(String encoding, int w, int h, int[] img) {
        FakeServer s = new FakeServer().hello(w, h, "pattern");
        switch (encoding) {
            case "raw" -> s.update(1).rawRect(img, w, 0, 0, w, h);
            case "hextile" -> s.update(1).hextileRect(img, w, 0, 0, w, h);
            case "zrle" -> s.update(2).zrleRect(img, w, 0, 0, w, h / 2).zrleRect(img, w, 0, h / 2, w, h - h / 2);
            case "copyrect" -> s.update(1).rawRect(img, w, 0, 0, w, h)
                    .update(1).rect(2, 3, w - 4, h - 5, Encodings.COPY_RECT).u16(1).u16(1);
            default -> throw new IllegalArgumentException(encoding);
        }
        return s;
    }

    private static int[] expected(String encoding, int w, int h, int[] img) {
        if (!encoding.equals("copyrect")) {
            return img;
        }
        int[] out = img.clone();
        for (int y = 0; y < h - 5; y++) {
            System.arraycopy(img, (1 + y) * w + 1, out, (3 + y) * w + 2, w - 4);
        }
        return out;
    }

    private static void assertFrame(Session s, int w, int h, int[] expected, String context) {
        assertThat(s.handshakeError).as(context).isNull();
        assertThat(s.endError).as(context).isNull();
        assertThat(s.endReason).as(context).isEqualTo(SERVER_CLOSED);
        Framebuffer.Frame f = s.frame();
        assertThat(f.width()).isEqualTo(w);
        assertThat(f.height()).isEqualTo(h);
        if (!Arrays.equals(f.argb(), expected)) {
            int i = Arrays.mismatch(f.argb(), expected);
            throw new AssertionError(context + ": pixel " + (i % w) + "," + (i / w) + " is "
                    + Integer.toHexString(f.argb()[i]) + ", expected " + Integer.toHexString(expected[i]));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "hextile", "zrle", "copyrect"})
    void everyEncodingDecodesTheKnownPatternSplitAtEveryByte(String encoding) {
        int w = encoding.equals("zrle") ? 130 : 36;
        int h = encoding.equals("zrle") ? 70 : 34;
        int[] img = Patterns.image(w, h, encoding.equals("zrle") ? 32 : 8);
        byte[] script = script(encoding, w, h, img);
        int[] want = expected(encoding, w, h, img);
        for (int split = 0; split <= script.length; split++) {
            assertFrame(Session.split(script, split, RfbOptions.defaults()), w, h, want,
                    encoding + " split at byte " + split + " of " + script.length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "hextile", "zrle", "copyrect"})
    void everyEncodingDecodesALargerFrameReadOneByteAtATime(String encoding) {
        int w = 333;
        int h = 201;
        int[] img = Patterns.image(w, h, encoding.equals("zrle") ? 64 : 16);
        FakeServer server = server(encoding, w, h, img);
        Session s = Session.bytewise(server.toByteArray(), RfbOptions.defaults());
        assertFrame(s, w, h, expected(encoding, w, h, img), encoding);
        if (encoding.equals("zrle")) {
            assertThat(server.zrleTypesUsed).as("every ZRLE tile type was exercised")
                    .containsExactly("packed 1", "packed 2", "packed 4", "palette rle", "raw", "rle", "solid");
        }
    }

    @Test
    void zrleKeepsOneInflaterAcrossUpdates() {
        int w = 150;
        int h = 90;
        int[] first = Patterns.image(w, h, 64);
        int[] second = Patterns.image(w, h, 16);
        FakeServer s = new FakeServer().hello(w, h, "z");
        s.update(1).zrleRect(first, w, 0, 0, w, h);
        s.update(1).zrleRect(second, w, 10, 20, 100, 50);
        int[] want = first.clone();
        for (int y = 20; y < 70; y++) {
            System.arraycopy(second, y * w + 10, want, y * w + 10, 100);
        }
        assertFrame(Session.bytewise(s.toByteArray(), RfbOptions.defaults()), w, h, want, "two updates");
    }

    /** What the client sent: version, shared flag, then messages; one update request per update. */
    @Test
    void clientAsksForTrueColourAndOneIncrementalUpdateAtATime() throws IOException {
        int[] img = Patterns.image(8, 8, 4);
        byte[] script = new FakeServer().hello(8, 8, "d")
                .update(1).rawRect(img, 8, 0, 0, 8, 8)
                .update(0)
                .toByteArray();
        Session s = Session.split(script, 5, RfbOptions.defaults().withShared(false));
        assertThat(s.events).containsExactly("init 8x8 d", "update end", "update end");
        DataInputStream sent = new DataInputStream(new ByteArrayInputStream(s.sent.toByteArray()));
        byte[] version = new byte[12];
        sent.readFully(version);
        assertThat(new String(version, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
        assertThat(sent.readUnsignedByte()).as("chosen security: None").isEqualTo(1);
        assertThat(sent.readUnsignedByte()).as("shared flag").isEqualTo(0);
        byte[] pf = new byte[20];
        sent.readFully(pf);
        assertThat(HexFormat.of().formatHex(pf)).isEqualTo("00000000" + "20180001" + "00ff00ff00ff" + "100800" + "000000");
        assertThat(sent.readUnsignedByte()).isEqualTo(2);
        sent.readUnsignedByte();
        int n = sent.readUnsignedShort();
        int[] encodings = new int[n];
        for (int i = 0; i < n; i++) {
            encodings[i] = sent.readInt();
        }
        assertThat(encodings).containsExactly(Encodings.DEFAULT.stream().mapToInt(Integer::intValue).toArray());
        byte[] req = new byte[10];
        sent.readFully(req);
        assertThat(HexFormat.of().formatHex(req)).as("first request: full").isEqualTo("03000000000000080008");
        sent.readFully(req);
        assertThat(HexFormat.of().formatHex(req)).as("after update 1").isEqualTo("03010000000000080008");
        sent.readFully(req);
        assertThat(HexFormat.of().formatHex(req)).as("after update 2").isEqualTo("03010000000000080008");
        assertThat(sent.available()).as("nothing else: one request outstanding at a time").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RFB 003.003\n", "RFB 003.007\n", "RFB 003.008\n", "RFB 003.889\n", "RFB 004.001\n"})
    void handshakeWithEachVersion(String greeting) {
        int minor = greeting.startsWith("RFB 003.003") ? 3 : greeting.startsWith("RFB 003.007") ? 7 : 8;
        FakeServer s = new FakeServer().raw(greeting.getBytes(StandardCharsets.US_ASCII));
        if (minor == 3) {
            s.u32(1);
        } else {
            s.u8(2).u8(19).u8(1); // VeNCrypt and None: None is chosen
            if (minor == 8) {
                s.u32(0);
            }
        }
        s.serverInit(4, 2, "v").update(0);
        Session session = Session.bytewise(s.toByteArray(), RfbOptions.defaults());
        assertThat(session.handshakeError).isNull();
        assertThat(session.client.protocolMinor()).isEqualTo(minor);
        assertThat(new String(session.sent.toByteArray(), 0, 12, StandardCharsets.US_ASCII))
                .isEqualTo("RFB 003.00" + minor + "\n");
        assertThat(session.events).containsExactly("init 4x2 v", "update end");
    }

    /**
     * The expected response was computed independently with OpenSSL: the key is "password" with
     * each byte's bits reversed (70 61 73 73 77 6f 72 64 → 0e 86 ce ce ee f6 4e 26), then
     * {@code printf '000102030405060708090a0b0c0d0e0f' | xxd -r -p | openssl enc -des-ecb -nopad
     * -K 0e86ceceeef64e26 -provider legacy -provider default | xxd -p}.
     */
    @Test
    void vncAuthenticationAnswersTheChallenge() throws IOException {
        byte[] challenge = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        assertThat(HexFormat.of().formatHex(VncAuth.response(challenge, "password".toCharArray())))
                .isEqualTo("b866924125c8eebb9debc1db61c538e2");
        // only the first 8 characters count
        assertThat(VncAuth.response(challenge, "password-and-more".toCharArray()))
                .isEqualTo(VncAuth.response(challenge, "password".toCharArray()));

        byte[] script = new FakeServer().raw("RFB 003.008\n".getBytes()).u8(1).u8(2).raw(challenge).u32(0)
                .serverInit(2, 2, "secret").toByteArray();
        char[] given = "password".toCharArray();
        Session s = Session.bytewise(script, RfbOptions.defaults().withPassword(() -> given));
        assertThat(s.handshakeError).isNull();
        byte[] sent = s.sent.toByteArray();
        assertThat(sent[12]).as("chosen security: VNC auth").isEqualTo((byte) 2);
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(sent, 13, 29))).isEqualTo("b866924125c8eebb9debc1db61c538e2");
        assertThat(given).as("the password is wiped after use").containsOnly('\0');
    }

    @Test
    void wrongOrMissingPasswordIsOneClearMessage() {
        byte[] challenge = new byte[16];
        byte[] refused = new FakeServer().raw("RFB 003.008\n".getBytes()).u8(1).u8(2).raw(challenge)
                .u32(1).text("Authentication failed").toByteArray();
        Session s = Session.bytewise(refused, RfbOptions.defaults().withPassword("nope"::toCharArray));
        assertThat(s.handshakeError.kind()).isEqualTo(RfbException.Kind.AUTH_FAILED);
        assertThat(s.handshakeError).hasMessage("the VNC password was refused (Authentication failed): check the display's password");

        byte[] v33 = new FakeServer().raw("RFB 003.003\n".getBytes()).u32(2).raw(challenge).u32(1).toByteArray();
        Session s33 = Session.bytewise(v33, RfbOptions.defaults().withPassword("nope"::toCharArray));
        assertThat(s33.handshakeError).hasMessage("the VNC password was refused: check the display's password");

        Session none = Session.bytewise(refused, RfbOptions.defaults());
        assertThat(none.handshakeError.kind()).isEqualTo(RfbException.Kind.AUTH_FAILED);
        assertThat(none.handshakeError).hasMessage("the VNC display asks for a password and none was given");
    }

    @Test
    void unsupportedSecurityAndRefusalsAreNamed() {
        byte[] tlsOnly = new FakeServer().raw("RFB 003.008\n".getBytes()).u8(2).u8(19).u8(20).toByteArray();
        Session s = Session.bytewise(tlsOnly, RfbOptions.defaults());
        assertThat(s.handshakeError.kind()).isEqualTo(RfbException.Kind.UNSUPPORTED_SECURITY);
        assertThat(s.handshakeError.getMessage()).startsWith("the VNC server requires VeNCrypt (19), SASL (20), which Wharf does not support");

        byte[] refused = new FakeServer().raw("RFB 003.008\n".getBytes()).u8(0).text("Too many connections").toByteArray();
        Session r = Session.bytewise(refused, RfbOptions.defaults());
        assertThat(r.handshakeError.kind()).isEqualTo(RfbException.Kind.REFUSED);
        assertThat(r.handshakeError).hasMessage("the VNC server refused the connection: Too many connections");

        Session http = Session.bytewise("HTTP/1.1 400 Bad Request\r\n".getBytes(), RfbOptions.defaults());
        assertThat(http.handshakeError).hasMessage("this is not a VNC server (it greeted with \"HTTP/1.1 400\")");
    }

    @Test
    void pseudoEncodingsReachTheListener() throws IOException, InterruptedException {
        FakeServer s = new FakeServer().hello(16, 8, "qemu");
        s.update(6)
                .rect(0, 0, 0, 0, Encodings.QEMU_EXTENDED_KEY_EVENT)
                .rect(1, 0, 0, 0, Encodings.QEMU_POINTER_TYPE_CHANGE)
                .rect(0, 0, 1, 1, Encodings.QEMU_LED_STATE).u8(0b110)
                .rect(0, 0, 40, 30, Encodings.EXTENDED_DESKTOP_SIZE).u8(1).raw(new byte[3])
                .u32(0).u16(0).u16(0).u16(40).u16(30).u32(0)
                .rect(1, 2, 2, 2, Encodings.CURSOR)
                .pixel(0xFF0000).pixel(0x00FF00).pixel(0x0000FF).pixel(0xFFFFFF)
                .raw(new byte[] {(byte) 0x80, (byte) 0x40}) // mask: row 0 col 0; row 1 col 1
                .rect(0, 0, 1280, 800, Encodings.DESKTOP_SIZE);
        s.u8(2); // bell
        s.u8(3).raw(new byte[3]).text("copied");
        PushInputStream in = new PushInputStream();
        in.push(s.toByteArray());
        Session session = new Session();
        session.client = RfbClient.connect(in, session.sent, RfbOptions.defaults(), session);
        waitFor(() -> session.events.contains("clipboard copied"));
        assertThat(session.events).containsExactly("init 16x8 qemu", "pointer absolute",
                "leds scroll=false num=true caps=true", "resize 40x30", "cursor 2x2 hot 1,1",
                "resize 1280x800", "update end", "bell", "clipboard copied");
        assertThat(session.cursor.argb()).containsExactly(0xFFFF0000, 0x0000FF00, 0x000000FF, 0xFFFFFFFF);
        assertThat(session.client.framebuffer().width()).isEqualTo(1280);
        assertThat(session.client.extendedKeys()).isTrue();
        assertThat(session.client.absolutePointer()).isTrue();

        int before = session.sent.size();
        Keys.type(session.client, "A");
        byte[] keys = Arrays.copyOfRange(session.sent.toByteArray(), before, session.sent.size());
        assertThat(HexFormat.of().formatHex(keys)).as("QEMU extended key events: Shift down, A down, A up, Shift up")
                .isEqualTo("ff000001" + "0000ffe1" + "0000002a"
                        + "ff000001" + "00000041" + "0000001e"
                        + "ff000000" + "00000041" + "0000001e"
                        + "ff000000" + "0000ffe1" + "0000002a");
        in.end(null);
        assertThat(session.ended.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withoutExtendedKeysPlainKeyEventsAreSent() throws IOException, InterruptedException {
        PushInputStream in = new PushInputStream();
        in.push(new FakeServer().hello(4, 4, "plain").toByteArray());
        Session session = new Session();
        session.client = RfbClient.connect(in, session.sent, RfbOptions.defaults(), session);
        int before = session.sent.size();
        session.client.keyEvent(Keys.ENTER.scancode(), Keys.ENTER.keysym(), true);
        session.client.pointer(3, 2, 1);
        byte[] sent = Arrays.copyOfRange(session.sent.toByteArray(), before, session.sent.size());
        assertThat(HexFormat.of().formatHex(sent)).isEqualTo("04010000" + "0000ff0d" + "0501" + "0003" + "0002");
        session.client.close();
        assertThat(session.ended.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(session.endReason).isEqualTo("closed");
        assertThat(session.endError).isNull();
    }

    /** Malformed server data: every case ends the session with one clear error, nothing hangs. */
    @Test
    void malformedSizesEndCleanly() {
        Function<FakeServer, byte[]> after = f -> f.toByteArray();
        List<Object[]> cases = List.of(
                new Object[] {new FakeServer().raw("RFB 003.008\n".getBytes()).u8(1).u8(1).u32(0).serverInit(60000, 60000, "huge"),
                    "the server announced a 60000×60000 desktop"},
                new Object[] {new FakeServer().raw("RFB 003.008\n".getBytes()).u8(1).u8(1).u32(0).u16(10).u16(10)
                        .raw(new byte[16]).u32(0x7FFFFFF0), "desktop name of 2147483632 bytes"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(5, 5, 10, 10, Encodings.RAW),
                    "a Raw rectangle 10×10+5+5 outside the 10×10 desktop"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 4, 4, Encodings.COPY_RECT).u16(8).u16(8),
                    "CopyRect source 4×4+8+8 lies outside"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 10, 10, Encodings.ZRLE).u32(0x7FFFFFFF),
                    "a zlib block of 2147483647 bytes"},
                new Object[] {zrlePlain(new FakeServer().hello(10, 10, "x"), new byte[] {(byte) 128, 1, 2, 3, (byte) 255, (byte) 255}),
                    "a ZRLE run of"},
                new Object[] {zrlePlain(new FakeServer().hello(10, 10, "x"), new byte[] {(byte) 130, 1, 2, 3, 4, 5, 6, 7}),
                    "a ZRLE palette index 7 beyond its 2 colours"},
                new Object[] {zrlePlain(new FakeServer().hello(10, 10, "x"), new byte[] {(byte) 17}),
                    "unknown ZRLE tile type 17"},
                new Object[] {zrlePlain(new FakeServer().hello(10, 10, "x"), new byte[] {1, 1, 2}),
                    "ZRLE data ended before its tiles did"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 10, 10, Encodings.ZRLE).u32(4).u32(0xdeadbeef),
                    "the zlib stream is corrupt"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 10, 10, Encodings.HEXTILE)
                        .u8(8 | 4).pixel(0).u8(1).u8(0x88).u8(0x33), "a Hextile subrectangle 4×4+8+8 lies outside its 10×10 tile"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 5000, 5000, Encodings.CURSOR),
                    "a 5000×5000 cursor"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 20000, 20000, Encodings.DESKTOP_SIZE),
                    "the server announced a 20000×20000 desktop"},
                new Object[] {new FakeServer().hello(10, 10, "x").u8(3).raw(new byte[3]).u32(-5),
                    "clipboard text of 4294967291 bytes"},
                new Object[] {new FakeServer().hello(10, 10, "x").u8(77), "unknown message (type 77)"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 2, 2, 7), "encoding 7, which was not asked for"},
                new Object[] {new FakeServer().hello(10, 10, "x").update(1).rect(0, 0, 10, 10, Encodings.RAW).raw(new byte[17]),
                    "the VNC connection ended in the middle of a message"});
        for (Object[] c : cases) {
            Session s = Session.bytewise(after.apply((FakeServer) c[0]), RfbOptions.defaults());
            RfbException e = s.handshakeError != null ? s.handshakeError : s.endError;
            assertThat(e).as((String) c[1]).isNotNull();
            assertThat(e.getMessage()).contains((String) c[1]);
        }
    }

    private static FakeServer zrlePlain(FakeServer s, byte[] plain) {
        java.util.zip.Deflater d = new java.util.zip.Deflater();
        d.setInput(plain);
        byte[] buf = new byte[plain.length + 64];
        int n = d.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH);
        return s.update(1).rect(0, 0, 10, 10, Encodings.ZRLE).u32(n).raw(Arrays.copyOf(buf, n));
    }

    /** Random corruption of valid sessions: each ends (cleanly or with an RfbException), none hangs or throws anything else. */
    @Test
    void corruptedStreamsAlwaysEnd() {
        int w = 70;
        int h = 40;
        int[] img = Patterns.image(w, h, 16);
        Random random = new Random(13);
        for (String encoding : List.of("raw", "hextile", "zrle", "copyrect")) {
            byte[] good = script(encoding, w, h, img);
            for (int round = 0; round < 60; round++) {
                byte[] bad = good.clone();
                for (int k = 0; k < 1 + random.nextInt(4); k++) {
                    int at = 20 + random.nextInt(bad.length - 20); // keep the greeting: the loop is under test
                    bad[at] = (byte) random.nextInt(256);
                }
                Session s = Session.split(bad, random.nextInt(bad.length), RfbOptions.defaults());
                assertThat(s.ended.getCount()).isZero();
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void keysTypeUsLayoutText() {
        assertThat(Keys.strokes("aZ!\n")).containsExactly(
                new Keys.Stroke(0x1E, 'a', false), new Keys.Stroke(0x2C, 'Z', true),
                new Keys.Stroke(0x02, '!', true), new Keys.Stroke(0x1C, 0xFF0D, false));
        assertThat(Keys.function(12)).isEqualTo(new Keys.Key(0x58, 0xFFC9));
        assertThatThrownBy(() -> Keys.strokes("naïve"))
                .hasMessage("cannot type 'ï' (U+00EF) at position 3: only ASCII text, Enter and Tab can be typed");
    }
}
