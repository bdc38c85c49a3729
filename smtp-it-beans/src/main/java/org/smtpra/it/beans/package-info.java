/**
 * Message-driven beans for the integration tests only, one SMTP listener each, every one set
 * up by its activation properties for a situation of the reply catalog that the sample does
 * not show: the lists and strict modes of the built-in policy, tiny limits, failing and slow
 * beans, configurations that cannot work, TLS that cannot start; and one that reads messages
 * too large for the heap.
 *
 * <p>Ports come from system properties the build reserves ({@code it.port.*}); files from
 * {@code it.files}, a folder of the tests' resources. Every listener calls itself
 * {@code mx.example.com}, so that tests can expect whole reply lines.
 */
package org.smtpra.it.beans;
