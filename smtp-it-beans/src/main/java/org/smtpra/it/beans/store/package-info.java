/**
 * Test beans that are the sample's MailboxBean with one thing added, to see what the sample
 * stores when its transaction does not commit. They extend the sample's class, so the tests
 * deploy them inside the sample's own module (they are left out of the situations'
 * application); each listens on a port of its own and keeps the sample's stores.
 */
package org.smtpra.it.beans.store;
