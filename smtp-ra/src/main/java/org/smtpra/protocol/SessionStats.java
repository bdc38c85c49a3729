package org.smtpra.protocol;

/** What one session did, for the line logged when it closes. */
final class SessionStats {

    private long inputOctets;
    private int commands;
    private int errors;
    private int transactions;
    private int accepted;
    private int rejected;
    private long acceptedOctets;
    private String outcome = "open";

    void addInput(int octets) {
        inputOctets += octets;
    }

    void countCommand() {
        commands++;
    }

    /** Counts a negative reply and returns the count so far. */
    int countError() {
        return ++errors;
    }

    void countTransaction() {
        transactions++;
    }

    int transactions() {
        return transactions;
    }

    void countAccepted(long octets) {
        accepted++;
        acceptedOctets += octets;
    }

    void countRejected() {
        rejected++;
    }

    void setOutcome(String value) {
        outcome = value;
    }

    /** The counts, and how the session ended after {@code durationNanos}. */
    String summary(long durationNanos) {
        long millis = durationNanos / 1_000_000;
        return "ended by " + outcome + " after " + millis + " ms, " + commands + " commands, "
                + transactions + " transactions, " + accepted + " messages accepted ("
                + acceptedOctets + " octets), " + rejected + " rejected, " + errors
                + " errors, " + inputOctets + " octets received";
    }
}
