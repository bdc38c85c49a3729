package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.smtpra.api.Path;
import org.smtpra.api.Reply;

/** The path grammar of RFC 5321 4.1.2 and the argument split of MAIL and RCPT. */
class PathParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "john@example.com;john;example.com",
        "john.q.public@mail.example.com;john.q.public;mail.example.com",
        "a!#$%&'*+-/=?^_`{|}~z@example.com;a!#$%&'*+-/=?^_`{|}~z;example.com",
        "\"john doe\"@example.com;\"john doe\";example.com",
        "\"a\\\"b\"@example.com;\"a\\\"b\";example.com",
        "\"a>b\"@example.com;\"a>b\";example.com",
        "user@[192.0.2.1];user;[192.0.2.1]",
        "user@[IPv6:2001:db8::1];user;[IPv6:2001:db8::1]",
        "u@[IPv6:1:2:3:4:5:6:7:8];u;[IPv6:1:2:3:4:5:6:7:8]",
        "u@[IPv6:1:2:3:4:5:6::];u;[IPv6:1:2:3:4:5:6::]",
        "u@[IPv6:::];u;[IPv6:::]",
        "u@[IPv6:1:2:3:4:5:6:1.2.3.4];u;[IPv6:1:2:3:4:5:6:1.2.3.4]",
        "u@[IPv6:::ffff:192.0.2.1];u;[IPv6:::ffff:192.0.2.1]",
        "u@[IPv6:1:2:3::4:1.2.3.4];u;[IPv6:1:2:3::4:1.2.3.4]",
        "u@[127.0.0.01];u;[127.0.0.01]",
        "\"nobody\"@example.com;nobody;example.com",
        "\"no\\body\"@example.com;nobody;example.com",
        "\"a.b\"@example.com;a.b;example.com",
        "\"a..b\"@example.com;\"a..b\";example.com",
        "@a.example,@b.example:user@c.example;user;c.example",
        "Postmaster;Postmaster;''",
        "POSTMASTER;Postmaster;''",
        "postmaster;Postmaster;''",
        "PostMaster@Example.com;postmaster;Example.com",
        "\"postmaster\"@example.com;postmaster;example.com",
        "x@xn--bcher-kva.example;x;xn--bcher-kva.example",
    })
    void parsesValidPaths(String text, String localPart, String domain) throws Exception {
        assertEquals(new Path(localPart, domain), PathParser.parse(text, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "john", "john@", "@example.com", ".john@example.com", "john.@example.com",
        "jo..hn@example.com", "jo hn@example.com", "john@-example.com", "john@example-.com",
        "john@example..com", "john@example.com.", "john@[300.1.1.1]", "john@[1.2.3]",
        "john@[IPv6:zz::1]", "john@[IPv6:2001:db8::/32]", "\"unterminated@example.com",
        "x@[IPv6:00001:2:3:4:5:6:7:8]", "x@[IPv6:1:2:3:4:5:6:7::]", "x@[IPv6:1::2:3:4:5:6:7]",
        "x@[IPv6:1:2:3:4:5::1.2.3.4]", "x@[IPv6:1:2:3:4:5:6:7]", "x@[IPv6:1::2::3]",
        "x@[IPv6:1:2:3:4:5:6:1.2.3.4:5]", "x@[tag:foo]", "x@[1.2.3.256]", "x@[1.2.3.0001]",
        "@a.org:postmaster", "x@[IPv6:fe80::1%eth0]",
        "@a.example:", "@a.example user@c.example", "john@exa_mple.com", "a\"b@example.com",
        "john@@example.com", "john@example.com@example.org"
    })
    void refusesMalformedPaths(String text) {
        SyntaxException e = assertThrows(SyntaxException.class, () -> PathParser.parse(text,
                false));
        assertEquals(Reply.SYNTAX_ERROR_IN_PARAMETERS, e.reply(), text);
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongLocalPartsAndPaths() {
        String local64 = "l".repeat(64);
        assertEquals(local64, assertDoesParse(local64 + "@example.com").localPart());
        assertThrows(SyntaxException.class, () -> PathParser.parse("l" + local64
                + "@example.com", false));
        String longDomain = ("d".repeat(60) + ".").repeat(5) + "com";
        assertThrows(SyntaxException.class, () -> PathParser.parse("x@" + longDomain, false));
    }

    @org.junit.jupiter.api.Test
    void takesUtf8OnlyWhenAllowed() throws Exception {
        SyntaxException e = assertThrows(SyntaxException.class,
                () -> PathParser.parse("jos\u00e9@b\u00fccher.example", false));
        assertEquals(Reply.MAILBOX_NAME_NOT_ALLOWED, e.reply());
        assertEquals(new Path("jos\u00e9", "b\u00fccher.example"),
                PathParser.parse("jos\u00e9@b\u00fccher.example", true));
    }

    @org.junit.jupiter.api.Test
    void splitsTheArgumentOfMail() throws Exception {
        PathArgument argument = PathArgument.split("from: <\"a b\"@x.org>  SIZE=10 body=8BITMIME",
                "FROM:");
        assertEquals("\"a b\"@x.org", argument.pathText());
        assertEquals(java.util.Map.of("SIZE", "10", "BODY", "8BITMIME"), argument.parameters());
        assertThrows(SyntaxException.class, () -> PathArgument.split("FROM:a@x.org", "FROM:"));
        assertThrows(SyntaxException.class, () -> PathArgument.split("FROM:<a@x.org", "FROM:"));
        assertThrows(SyntaxException.class, () -> PathArgument.split("FROM:<a@x.org>X", "FROM:"));
        assertThrows(SyntaxException.class, () -> PathArgument.split("TO:<a@x.org>", "FROM:"));
        assertThrows(SyntaxException.class, () -> PathArgument.split("FROM:<a@x.org> A=", "FROM:"));
        assertThrows(SyntaxException.class, () -> PathArgument.split("FROM:<a@x.org> =1", "FROM:"));
    }

    @org.junit.jupiter.api.Test
    void knowsHeloNames() {
        assertTrue(HeloName.isValid("mail.example.org"));
        assertTrue(HeloName.isValid("[192.0.2.1]"));
        assertTrue(HeloName.isValid("[IPv6:::1]"));
        assertTrue(HeloName.isValid("my_pc"));
        assertFalse(HeloName.isValid("two words"));
        assertFalse(HeloName.isValid("a..b"));
        assertFalse(HeloName.isValid("<x>"));
    }

    private static Path assertDoesParse(String text) {
        try {
            return PathParser.parse(text, false);
        } catch (SyntaxException e) {
            throw new AssertionError(text + ": " + e.getMessage(), e);
        }
    }
}
