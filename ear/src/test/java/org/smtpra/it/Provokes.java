package org.smtpra.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The reply catalog entries a test provokes over a real socket and whose exact reply line it
 * checks, by their names in {@code org.smtpra.api.Reply}. The build's coverage check
 * ({@link CatalogCoverageTest}) reads these, fails on a name that is no entry, and fails when
 * an entry has no test.
 *
 * <p>Names, not the enum's constants: the adapter's classes must stay off the class path of
 * the integration tests, where they would shadow those of the deployed adapter, and JUnit
 * could not read the annotations of a test method whose element type it cannot load.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Provokes {

    /** Names of {@code org.smtpra.api.Reply} entries, such as {@code "INVALID_USER"}. */
    String[] value();
}
