package org.smtpra.adapter;

import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the adapter needs to know of Payara's connector runtime to live through a restart
 * that Payara makes when an administrator changes a resource-adapter-config, read by
 * reflection so that the adapter still runs, without this, on any other server.
 *
 * <p>What Payara 6 does then (ResourceAdapterAdminServiceImpl.reCreateActiveResourceAdapter):
 * it deactivates every endpoint of the adapter, stops it, creates a new adapter object in
 * the same class loader and starts it, but activates no endpoint again, and the new
 * adapter's bookkeeping holds none; so without help every listener stays closed until the
 * applications are disabled and enabled. For an adapter inside an EAR the new object is
 * never created: Payara reads the adapter's classes again through a class loader that
 * cannot see them, and the adapter stays stopped.
 */
final class PayaraRuntime {

    private static final Logger LOG = Logger.getLogger(PayaraRuntime.class.getName());

    private static final String REGISTRY = "com.sun.enterprise.connectors.ConnectorRegistry";
    private static final String ADMIN_SERVICE =
            "com.sun.enterprise.connectors.service.ResourceAdapterAdminServiceImpl";
    private static final String INBOUND_ADAPTER =
            "com.sun.enterprise.connectors.inbound.ActiveInboundResourceAdapterImpl";

    private PayaraRuntime() {
    }

    /**
     * Whether Payara's own stop of the whole adapter, rather than the undeployment of the
     * bean, is deactivating the endpoint this thread is deactivating.
     */
    static boolean deactivatingForAdapterStop() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
                INBOUND_ADAPTER.equals(frame.getClassName())
                        && "deactivateEndPoints".equals(frame.getMethodName())));
    }

    /**
     * Whether Payara is restarting an adapter for a changed configuration right now. The
     * stop runs on a thread of its own while the thread that restarts waits for it, so the
     * other threads are looked at: this is the only sign that tells a restart from an
     * undeployment or a shutdown, after which the adapter's class loader is closed.
     */
    static boolean restartUnderway() {
        return Thread.getAllStackTraces().values().stream().anyMatch(stack ->
                Arrays.stream(stack).anyMatch(frame ->
                        ADMIN_SERVICE.equals(frame.getClassName())
                        && "reCreateActiveResourceAdapter".equals(frame.getMethodName())));
    }

    /** The adapter's name in Payara: "smtp-ra" standalone, "app#smtp-ra" in an EAR. */
    static Optional<String> moduleName(ResourceAdapter adapter) {
        return activeAdapter(adapter).flatMap(active -> call(active, "getModuleName"))
                .map(String::valueOf);
    }

    /**
     * Payara's records of the adapter's endpoints, by factory: each an entry of the key
     * Payara files it under and the record itself.
     */
    static Map<MessageEndpointFactory, Map.Entry<?, ?>> endpointRecords(
            ResourceAdapter adapter) {
        Map<MessageEndpointFactory, Map.Entry<?, ?>> records = new HashMap<>();
        activeAdapter(adapter).flatMap(active -> call(active, "getAllEndpointFactoryInfo"))
                .ifPresent(entries -> {
                    for (Object item : (Collection<?>) entries) {
                        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
                        call(entry.getValue(), "getEndpointFactory").ifPresent(factory ->
                                records.put((MessageEndpointFactory) factory, entry));
                    }
                });
        return records;
    }

    /**
     * Files an endpoint's record with the adapter's new bookkeeping, so that Payara
     * deactivates the endpoint when its bean is undeployed or the adapter restarts again.
     *
     * @return false while Payara has not registered the new adapter yet
     */
    static boolean file(ResourceAdapter adapter, Map.Entry<?, ?> record) {
        Optional<Object> active = activeAdapter(adapter);
        if (active.isEmpty()) {
            return false;
        }
        try {
            Method add = findMethod(active.get().getClass(), "addEndpointFactoryInfo");
            add.invoke(active.get(), record.getKey(), record.getValue());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Payara's addEndpointFactoryInfo failed", e);
        }
    }

    /** Payara's live record of this adapter object, when Payara is the server. */
    private static Optional<Object> activeAdapter(ResourceAdapter adapter) {
        try {
            Class<?> registryClass = Class.forName(REGISTRY, false,
                    PayaraRuntime.class.getClassLoader());
            Object registry = registryClass.getMethod("getInstance").invoke(null);
            Object[] actives = (Object[]) registryClass.getMethod(
                    "getAllActiveResourceAdapters").invoke(registry);
            for (Object active : actives) {
                if (call(active, "getResourceAdapter").orElse(null) == adapter) {
                    return Optional.of(active);
                }
            }
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "Payara's connector registry cannot be read", e);
            return Optional.empty();
        }
    }

    private static Optional<Object> call(Object target, String method) {
        try {
            return Optional.ofNullable(findMethod(target.getClass(), method).invoke(target));
        } catch (InvocationTargetException e) {
            LOG.log(Level.FINE, e.getCause(), () -> method + " failed");
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, e, () -> method + " is not there");
            return Optional.empty();
        }
    }

    /** A public method by name; Payara's classes that have them are public. */
    private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }
}
