package org.smtpra.api;

import java.util.Objects;

/**
 * A listener's answer at one stage of a session: accept, reject with a catalog reply,
 * forward a recipient elsewhere (251), and optionally close the connection after the reply.
 *
 * <p>A rejection with a 4yz reply is temporary (the client will try again later), one with a
 * 5yz reply is permanent. Placeholders in the reply's text are filled from the session; an
 * address given here fills {@code <email_addr>} and the other address placeholders in place
 * of the address the stage is about.
 */
public final class Decision {

    private static final Decision ACCEPT = new Decision(null, null, false);

    private final Reply reply;
    private final String address;
    private final boolean disconnect;

    private Decision(Reply reply, String address, boolean disconnect) {
        this.reply = reply;
        this.address = address;
        this.disconnect = disconnect;
    }

    /** Accept, with the stage's usual positive reply. */
    public static Decision accept() {
        return ACCEPT;
    }

    /** Reject with a 4yz or 5yz catalog entry. */
    public static Decision reject(Reply reply) {
        return new Decision(requireNegative(reply), null, false);
    }

    /** Reject with a 4yz or 5yz entry whose address placeholder is filled with this address. */
    public static Decision reject(Reply reply, String address) {
        return new Decision(requireNegative(reply), Objects.requireNonNull(address), false);
    }

    /**
     * Accept a recipient that is not local and say where mail for it will go: the reply is
     * "251 User not local; will forward to &lt;forward-path&gt;". Only valid for RCPT.
     */
    public static Decision forward(String forwardPath) {
        Objects.requireNonNull(forwardPath, "forwardPath");
        return new Decision(Reply.USER_NOT_LOCAL_WILL_FORWARD, forwardPath, false);
    }

    /** The same decision, followed by closing the connection once the reply is sent. */
    public Decision thenDisconnect() {
        return new Decision(reply, address, true);
    }

    /** True unless this is a rejection. */
    public boolean isAccepted() {
        return reply == null || !reply.isNegative();
    }

    /** The catalog entry to answer with, or null for the stage's usual positive reply. */
    public Reply reply() {
        return reply;
    }

    /** The address for the reply's placeholder, or null to use the stage's own address. */
    public String address() {
        return address;
    }

    /** True when the connection closes after the reply. */
    public boolean disconnects() {
        return disconnect;
    }

    @Override
    public String toString() {
        String what = reply == null ? "accept" : reply.name();
        return "Decision[" + what + (address == null ? "" : " " + address)
                + (disconnect ? ", then disconnect" : "") + "]";
    }

    private static Reply requireNegative(Reply reply) {
        Objects.requireNonNull(reply, "reply");
        if (!reply.isNegative()) {
            throw new IllegalArgumentException(reply + " is not a 4yz or 5yz reply");
        }
        return reply;
    }
}
