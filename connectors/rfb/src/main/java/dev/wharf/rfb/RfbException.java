package dev.wharf.rfb;

import java.io.IOException;

/** The RFB session failed; {@link #getMessage()} says why in the user's words. */
public class RfbException extends IOException {

    /** What kind of failure, for callers that react differently (ask again for a password…). */
    public enum Kind {
        /** The server refused the password (or no password was available). */
        AUTH_FAILED,
        /** The server offers only security types this client does not speak (VeNCrypt, SASL…). */
        UNSUPPORTED_SECURITY,
        /** The server refused the connection (e.g. too many clients), with its reason. */
        REFUSED,
        /** The server sent something that is not valid RFB, or sizes beyond the limits. */
        PROTOCOL,
        /** The stream ended or failed. */
        CONNECTION
    }

    private final Kind kind;

    public RfbException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RfbException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
