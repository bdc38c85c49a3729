package org.smtpra.protocol;

/** What one session did, for the line logged when it closes. */
final class SessionStats {

    private final long startNanos = System.nanoTime();
    private long inputOctets;
    private int commands;
    private int errors;
    private int transactions;
    private int accepted;
    private int rejected;
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

    void countMessage(boolean wasAccepted) {
        if (wasAccepted) {
            accepted++;
        } else {
            rejected++;
        }
    }

    void setOutcome(String value) {
        outcome = value;
    }

    String summary() {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        return "ended by " + outcome + " after " + millis + " ms, " + commands + " commands, "
                + transactions + " transactions, " + accepted + " messages accepted, "
                + rejected + " rejected, " + errors + " errors, " + inputOctets
                + " octets received";
    }
}
