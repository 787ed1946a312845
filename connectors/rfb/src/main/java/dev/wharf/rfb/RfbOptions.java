package dev.wharf.rfb;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How to open a session.
 *
 * @param password  asked only when the server wants VNC authentication; returns null when there
 *                  is none (the session then ends with {@link RfbException.Kind#AUTH_FAILED}). The
 *                  client wipes the returned array after use and never keeps or logs it.
 * @param shared    let other viewers stay connected (ClientInit shared flag)
 * @param encodings encodings and pseudo-encodings to offer, preferred first
 */
public record RfbOptions(Supplier<char[]> password, boolean shared, List<Integer> encodings) {

    public RfbOptions {
        password = password == null ? () -> null : password;
        encodings = List.copyOf(Objects.requireNonNull(encodings, "encodings"));
    }

    /** No password, shared, {@link Encodings#DEFAULT}. */
    public static RfbOptions defaults() {
        return new RfbOptions(null, true, Encodings.DEFAULT);
    }

    public RfbOptions withPassword(Supplier<char[]> p) {
        return new RfbOptions(p, shared, encodings);
    }

    public RfbOptions withShared(boolean s) {
        return new RfbOptions(password, s, encodings);
    }

    public RfbOptions withEncodings(List<Integer> e) {
        return new RfbOptions(password, shared, e);
    }
}
