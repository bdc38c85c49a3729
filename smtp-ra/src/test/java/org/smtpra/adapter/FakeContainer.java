package org.smtpra.adapter;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.SecurityContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkCompletedException;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkEvent;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.spi.work.WorkRejectedException;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.PasswordValidationCallback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * Plays the application server's part in security inflow, as the Connectors specification
 * describes it: each security context of a work is set up with the container's callback
 * handler before the work runs on the calling thread, and a context that fails to set up
 * fails the work, which then does not run. The realm is a map of users to passwords.
 */
final class FakeContainer implements WorkManager {

    private final List<Object[]> held = new ArrayList<>();
    private boolean holding;

    /** What the handler was asked, in order, such as "validate alice" or "caller alice". */
    final List<String> callbacks = new ArrayList<>();

    /** The passwords the handler saw, as the handler received them. */
    final List<char[]> passwordsSeen = new ArrayList<>();

    private final Map<String, String> realm;
    private boolean rejectWork;
    private boolean refusePasswordChecks;
    private boolean refuseCallers;

    FakeContainer(Map<String, String> realm) {
        this.realm = realm;
    }

    /** From now on every work is refused before it is accepted. */
    void rejectWork() {
        rejectWork = true;
    }

    /** From now on the handler refuses PasswordValidationCallback, as Payara does with maps. */
    void refusePasswordChecks() {
        refusePasswordChecks = true;
    }

    /** From now on the handler refuses CallerPrincipalCallback. */
    void refuseCallers() {
        refuseCallers = true;
    }

    /** From now on work waits until {@link #runHeldWork()}, as behind a busy pool. */
    void holdWork() {
        holding = true;
    }

    /** Runs the work held so far, and no longer holds new work. */
    void runHeldWork() throws WorkException {
        holding = false;
        List<Object[]> waiting = new ArrayList<>(held);
        held.clear();
        for (Object[] entry : waiting) {
            scheduleWork((Work) entry[0], 0, null, (WorkListener) entry[1]);
        }
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context,
            WorkListener listener) throws WorkException {
        if (rejectWork) {
            throw new WorkRejectedException("no threads");
        }
        if (holding) {
            held.add(new Object[] {work, listener});
            return;
        }
        try {
            setUp(work);
        } catch (RuntimeException e) {
            WorkCompletedException failure = new WorkCompletedException(e.getMessage());
            failure.initCause(e);
            listener.workCompleted(new WorkEvent(this, WorkEvent.WORK_COMPLETED, work,
                    failure));
            return;
        }
        work.run();
        listener.workCompleted(new WorkEvent(this, WorkEvent.WORK_COMPLETED, work, null));
    }

    private void setUp(Work work) {
        if (!(work instanceof WorkContextProvider provider)) {
            return;
        }
        for (WorkContext context : provider.getWorkContexts()) {
            if (context instanceof SecurityContext security) {
                security.setupSecurityContext(this::handle, new Subject(), new Subject());
            }
        }
    }

    private void handle(Callback[] batch) throws UnsupportedCallbackException {
        for (Callback callback : batch) {
            if (callback instanceof PasswordValidationCallback check) {
                if (refusePasswordChecks) {
                    throw new UnsupportedCallbackException(check);
                }
                callbacks.add("validate " + check.getUsername());
                passwordsSeen.add(check.getPassword());
                String known = realm.get(check.getUsername());
                check.setResult(known != null
                        && Arrays.equals(known.toCharArray(), check.getPassword()));
            } else if (callback instanceof CallerPrincipalCallback caller && !refuseCallers) {
                callbacks.add("caller " + caller.getName());
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    @Override
    public void scheduleWork(Work work) throws WorkException {
        scheduleWork(work, INDEFINITE, null, new jakarta.resource.spi.work.WorkAdapter());
    }

    @Override
    public void doWork(Work work) {
        throw new UnsupportedOperationException("the adapter schedules its work");
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context,
            WorkListener listener) {
        throw new UnsupportedOperationException("the adapter schedules its work");
    }

    @Override
    public long startWork(Work work) {
        throw new UnsupportedOperationException("the adapter schedules its work");
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context,
            WorkListener listener) {
        throw new UnsupportedOperationException("the adapter schedules its work");
    }
}
