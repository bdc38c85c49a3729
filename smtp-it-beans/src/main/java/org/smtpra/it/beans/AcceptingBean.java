package org.smtpra.it.beans;

import org.smtpra.api.Decision;
import org.smtpra.api.Mail;
import org.smtpra.api.SmtpListener;

/**
 * Takes every message and keeps none: the beans whose situation lies in their settings have
 * nothing else to decide. Subclasses name {@link SmtpListener} in {@code @MessageDriven},
 * since Payara looks for the listener interface only among those a bean class declares.
 */
public abstract class AcceptingBean implements SmtpListener {

    @Override
    public Decision onMessage(Mail mail) {
        return Decision.accept();
    }
}
