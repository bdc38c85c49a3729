package org.smtpra.api;

/**
 * The entries of the SMTP reply catalog, named by meaning.
 *
 * <p>Every reply the adapter sends is one of these. The reply code and the default text of
 * each entry live in the catalog resource ({@code smtp-reply-catalog.txt}), where an
 * administrator may override the text; this enum holds what does not change: the catalog id
 * and the RFC 3463 enhanced status code. Ids group by class: 2172xxx are 2yz replies, 2173xxx
 * 3yz, 2174xxx 4yz and 2175xxx 5yz. Entries marked as additions are not in the original
 * catalog; they exist because an RFC requires a reply the catalog lacks.
 *
 * <p>3yz replies carry no enhanced status code: RFC 3463 defines classes 2, 4 and 5 only.
 */
public enum Reply {
    HELP(2172001, "2.0.0"),
    SERVICE_READY(2172002, "2.0.0"),
    CLOSING(2172003, "2.0.0"),
    AUTHENTICATION_SUCCEEDED(2172004, "2.7.0"),
    OK(2172005, "2.0.0"),
    DUPLICATE_RECIPIENT(2172006, "2.1.5"),
    RESET(2172007, "2.0.0"),
    USER_NOT_LOCAL_WILL_FORWARD(2172008, "2.1.5"),
    CANNOT_VERIFY_USER(2172009, "2.0.0"),
    READY_TO_START_TLS(2172010, "2.0.0"),
    /** Addition: RFC 5321 4.1.1.1 requires the server's domain first in the HELO/EHLO reply. */
    GREETING(2172011, "2.0.0"),

    USERNAME_CHALLENGE(2173001, null),
    PASSWORD_CHALLENGE(2173002, null),
    START_MAIL_INPUT(2173003, null),
    AUTHENTICATION_CONTINUE(2173004, null),

    SERVICE_NOT_AVAILABLE(2174001, "4.3.2"),
    SERVICE_NOT_AVAILABLE_NO_SPOOL_FOLDER(2174002, "4.3.5"),
    SERVICE_NOT_AVAILABLE_NO_CONFIGURATION(2174003, "4.3.5"),
    SERVICE_NOT_AVAILABLE_NO_ADDRESSES(2174004, "4.3.5"),
    SERVICE_NOT_AVAILABLE_NO_HOSTED_DOMAIN(2174005, "4.3.5"),
    TOO_MANY_ERRORS(2174006, "4.7.0"),
    CLIENT_DENIED_TEMPORARILY(2174007, "4.7.0"),
    PASSWORD_TRANSITION_NEEDED(2174008, "4.7.12"),
    MAIL_ACTION_NOT_TAKEN(2174009, "4.2.0"),
    MAILBOX_FULL_TEMPORARILY(2174010, "4.2.2"),
    PROCESSING_ERROR(2174011, "4.3.0"),
    TIMEOUT(2174012, "4.3.0"),
    MESSAGE_NOT_CONFORMING(2174013, "4.6.0"),
    QUEUE_FAILED(2174014, "4.3.0"),
    DATABASE_INACCESSIBLE(2174015, "4.3.0"),
    OUT_OF_MEMORY(2174016, "4.3.1"),
    INSUFFICIENT_STORAGE(2174017, "4.3.1"),
    TLS_INITIALIZATION_FAILED(2174018, "4.7.0"),
    TOO_MANY_RECIPIENTS(2174019, "4.5.3"),
    SENDER_IN_AUDIT_LIST(2174020, "4.7.1"),
    /** Addition: RFC 3207 section 4 names 454 for TLS that is unavailable for now. */
    TLS_NOT_AVAILABLE(2174021, "4.7.0"),

    INVALID_CHARACTER(2175001, "5.5.2"),
    LINE_TOO_LONG(2175002, "5.5.2"),
    COMMAND_UNRECOGNIZED(2175003, "5.5.1"),
    AUTHENTICATION_ABORTED(2175004, "5.7.0"),
    SYNTAX_ERROR_IN_PARAMETERS(2175005, "5.5.4"),
    COMMAND_NOT_IMPLEMENTED(2175006, "5.5.1"),
    BAD_SEQUENCE(2175007, "5.5.1"),
    BAD_SEQUENCE_MAIL_FIRST(2175008, "5.5.1"),
    BAD_SEQUENCE_RCPT_FIRST(2175009, "5.5.1"),
    PARAMETER_NOT_IMPLEMENTED(2175010, "5.5.4"),
    UNRECOGNIZED_AUTHENTICATION_TYPE(2175011, "5.5.4"),
    CLIENT_DENIED(2175012, "5.7.1"),
    AUTHENTICATION_REQUIRED(2175013, "5.7.0"),
    AUTHENTICATION_MECHANISM_TOO_WEAK(2175014, "5.7.9"),
    ENCRYPTION_REQUIRED(2175015, "5.7.11"),
    INVALID_USER(2175016, "5.1.1"),
    MAILBOX_FULL(2175017, "5.2.2"),
    ACCESS_DENIED(2175018, "5.7.1"),
    MAILBOX_ACCESS_DENIED(2175019, "5.7.1"),
    STARTTLS_REQUIRED(2175020, "5.7.0"),
    MESSAGE_TOO_BIG(2175021, "5.3.4"),
    /** For a recipient with UTF-8 in a transaction without SMTPUTF8 (RFC 6531 3.5). */
    MAILBOX_NAME_NOT_ALLOWED(2175022, "5.6.7"),
    SENDER_BLACKLISTED(2175023, "5.7.1"),
    USE_SUBMISSION_SERVER(2175024, "5.7.1"),
    STORAGE_ALLOCATION_EXCEEDED(2175025, "5.3.4"),
    TOO_MANY_HOPS(2175026, "5.4.6"),
    NO_VALID_RECIPIENTS(2175027, "5.5.1"),
    TOO_MANY_AUTHENTICATION_FAILURES(2175028, "5.7.0"),
    TOO_MANY_TRANSACTIONS(2175029, "5.7.0"),
    INVALID_HELO_HOST(2175030, "5.5.2"),
    RELAY_FROM_CLIENT_DENIED(2175031, "5.7.1"),
    RELAY_FROM_SENDER_DENIED(2175032, "5.7.1"),
    RELAY_TO_DENIED(2175033, "5.7.1"),
    RECIPIENT_BLACKLISTED(2175034, "5.7.1"),
    TEMPORARY_AUTHENTICATION_FAILURE(2175035, "5.7.0"),
    VIRUS_FOUND(2175036, "5.7.1"),
    /** Addition: RFC 4954 section 6 names 535 for credentials that are not valid. */
    INVALID_CREDENTIALS(2175037, "5.7.8"),
    /** Addition: RFC 5321 4.1.1.11 names 555 for MAIL and RCPT parameters not recognized. */
    PARAMETER_NOT_RECOGNIZED(2175038, "5.5.4"),
    /** Addition: RFC 6531 3.5 names 550 for a sender with UTF-8 but without SMTPUTF8. */
    NON_ASCII_SENDER(2175039, "5.6.7");

    private final int id;
    private final String enhancedCode;

    Reply(int id, String enhancedCode) {
        this.id = id;
        this.enhancedCode = enhancedCode;
    }

    /** The catalog id, such as 2175016. */
    public int id() {
        return id;
    }

    /** The RFC 3463 enhanced status code, such as "5.1.1"; null for 3yz replies. */
    public String enhancedCode() {
        return enhancedCode;
    }

    /** The reply class the id belongs to: 2, 3, 4 or 5. */
    public int replyClass() {
        return id / 1000 % 10;
    }

    /** True for 4yz and 5yz entries, the ones a decision may reject with. */
    public boolean isNegative() {
        return replyClass() >= 4;
    }

    /** The entry with this catalog id. */
    public static Reply byId(int id) {
        for (Reply reply : values()) {
            if (reply.id == id) {
                return reply;
            }
        }
        throw new IllegalArgumentException("no catalog entry " + id);
    }
}
