package org.smtpra.protocol;

import java.util.Set;

/**
 * Lines that show the client speaks another protocol: HTTP request lines and header lines.
 * A web page can make a browser send an HTTP request to any port, with SMTP commands in its
 * body; a server that answered the request's lines with 500 and went on would run those
 * commands. The session closes at the first such line instead.
 */
final class ForeignProtocol {

    private static final Set<String> HTTP_METHODS = Set.of("GET", "HEAD", "POST", "PUT",
            "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private ForeignProtocol() {
    }

    /** True for an HTTP request line ("POST / HTTP/1.1") or a header line ("Host: x"). */
    static boolean isForeign(String line) {
        int space = line.indexOf(' ');
        String first = space < 0 ? line : line.substring(0, space);
        return HTTP_METHODS.contains(first) || first.length() > 1 && first.endsWith(":");
    }
}
