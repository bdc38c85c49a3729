package org.smtpra.protocol;

/**
 * Decodes the DATA stream (RFC 5321 4.1.1.4, 4.5.2) into message content, byte by byte, so
 * that input split anywhere decodes the same.
 *
 * <p>Only CRLF "." CRLF ends the data. A CR or LF that is not part of a CRLF pair is never a
 * line end: it stays in the line, and the message is marked so that the session refuses it
 * at the end. This is what defeats SMTP smuggling (CVE-2023-51764 and kin): a sequence such
 * as LF "." CRLF neither ends the message nor lets the text after it run as commands. A dot
 * at the start of any line, the first one included, is removed (transparency).
 *
 * <p>NUL is refused the same way: RFC 5322 has no place for it, RFC 6152 keeps it out of
 * 8BITMIME, and software behind this server may take it for the end of a string.
 *
 * <p>The decoder also watches the length of each text line, which RFC 5321 4.5.3.1.6 limits
 * to 1000 octets with its CRLF (not counting a transparency dot).
 */
final class DataDecoder {

    /** Where a decoder is in the current line. */
    private enum State {
        /** At the start of a line: a dot here is either transparency or the end. */
        LINE_START,
        /** Read a dot at the start of a line, not yet known which. */
        DOT,
        /** Read a dot and a CR at the start of a line; an LF now ends the data. */
        DOT_CR,
        /** Inside a line. */
        TEXT,
        /** Read a CR inside a line; an LF now ends the line. */
        CR
    }

    private static final byte[] CR_BYTE = {'\r'};
    private static final char[] RECEIVED = "received:".toCharArray();

    private final MessageSink sink;
    private final int maxLineOctets;
    private State state = State.LINE_START;
    private int lineOctets;
    private boolean invalidCharacter;
    private boolean lineTooLong;
    /** True until the empty line that ends the header section. */
    private boolean inHeader = true;
    /** How much of "received:" the current header line has matched, or -1. */
    private int fieldPrefix;
    private int receivedFields;

    /** Receives decoded content. */
    interface MessageSink {
        void write(byte[] bytes, int offset, int length);
    }

    /**
     * @param sink receives the content, CRLF line ends included, transparency dots removed
     * @param maxLineLength the longest text line allowed, CRLF included
     */
    DataDecoder(MessageSink sink, int maxLineLength) {
        this.sink = sink;
        this.maxLineOctets = maxLineLength - 2;
    }

    /**
     * Decodes input from {@code start} to {@code end}, stopping after the end of the data.
     *
     * @return how many octets were consumed, or {@code -1 - consumed} when the end-of-data
     *         sequence was among them; octets after it belong to the next command
     */
    int decode(byte[] input, int start, int end) {
        int span = start;
        for (int i = start; i < end; i++) {
            if (state == State.TEXT && fieldPrefix < 0) {
                // Inside a line whose start is settled, the bytes up to the next CR, LF or
                // NUL need nothing but counting: most of a message goes by here.
                int stop = plainEnd(input, i, end);
                if (stop > i) {
                    countOctets(stop - i);
                    i = stop - 1;
                    continue;
                }
            }
            byte b = input[i];
            switch (state) {
                case TEXT -> text(b);
                case CR -> afterCr(b);
                case LINE_START -> {
                    if (b == '.') {
                        emit(input, span, i);
                        span = i + 1;
                        state = State.DOT;
                    } else {
                        text(b);
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        span = i + 1;
                        state = State.DOT_CR;
                    } else {
                        text(b);
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        return -1 - (i + 1 - start);
                    }
                    sink.write(CR_BYTE, 0, 1);
                    invalidCharacter = true;
                    state = State.TEXT;
                    lineOctets = 1;
                    text(b);
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        emit(input, span, end);
        return end - start;
    }

    /** True when a CR or LF arrived outside a CRLF pair, or a NUL arrived at all. */
    boolean sawInvalidCharacter() {
        return invalidCharacter;
    }

    /** True when a text line was longer than the limit. */
    boolean sawLineTooLong() {
        return lineTooLong;
    }

    /** The Received fields in the message's header section (RFC 5321 6.3). */
    int receivedFields() {
        return receivedFields;
    }

    private void text(byte b) {
        if (state != State.TEXT) {
            state = State.TEXT;
            lineOctets = 0;
            fieldPrefix = inHeader ? 0 : -1;
        }
        if (b == '\r') {
            state = State.CR;
            return;
        }
        if (b == '\n' || b == 0) {
            invalidCharacter = true;
        }
        if (fieldPrefix >= 0) {
            matchReceived(b);
        }
        countOctet();
    }

    /** Counts header lines that start with "Received:", in any case, as they stream by. */
    private void matchReceived(byte b) {
        if (Character.toLowerCase((char) (b & 0xff)) != RECEIVED[fieldPrefix]) {
            fieldPrefix = -1;
        } else if (++fieldPrefix == RECEIVED.length) {
            receivedFields++;
            fieldPrefix = -1;
        }
    }

    private void afterCr(byte b) {
        if (b == '\n') {
            if (lineOctets == 0) {
                inHeader = false;
            }
            state = State.LINE_START;
            return;
        }
        invalidCharacter = true;
        countOctet();
        state = State.TEXT;
        text(b);
    }

    private void countOctet() {
        countOctets(1);
    }

    private void countOctets(int octets) {
        lineOctets += octets;
        if (lineOctets > maxLineOctets) {
            lineTooLong = true;
        }
    }

    /** The index of the first CR, LF or NUL from {@code from}, or {@code end}. */
    private static int plainEnd(byte[] input, int from, int end) {
        int i = from;
        while (i < end) {
            byte b = input[i];
            if (b == '\r' || b == '\n' || b == 0) {
                return i;
            }
            i++;
        }
        return end;
    }

    private void emit(byte[] input, int from, int to) {
        if (to > from) {
            sink.write(input, from, to - from);
        }
    }
}
