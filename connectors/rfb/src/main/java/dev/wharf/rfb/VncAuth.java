package dev.wharf.rfb;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * VNC authentication (RFC 6143 §7.2.2): the 16-byte challenge encrypted with DES-ECB under the
 * password's first 8 bytes (zero padded), each key byte with its bit order reversed (a quirk of
 * the original implementation that every server follows).
 */
final class VncAuth {

    private VncAuth() {
    }

    static byte[] response(byte[] challenge, char[] password) throws RfbException {
        if (challenge.length != 16) {
            throw new IllegalArgumentException("challenge must be 16 bytes");
        }
        byte[] key = new byte[8];
        try {
            for (int i = 0; i < key.length && i < password.length; i++) {
                char c = password[i];
                key[i] = reverse((byte) (c <= 0xFF ? c : '?'));
            }
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(challenge);
        } catch (GeneralSecurityException e) {
            throw new RfbException(RfbException.Kind.AUTH_FAILED, "this Java runtime cannot compute VNC authentication (DES): " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    static byte reverse(byte b) {
        return (byte) (Integer.reverse(b & 0xFF) >>> 24);
    }
}
