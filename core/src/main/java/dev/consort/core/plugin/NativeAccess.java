package dev.consort.core.plugin;

import java.lang.reflect.Method;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants a plugin layer's modules native access, on JDK 22 and later: plugins such as the SQLite
 * driver and llama.cpp load native libraries, and without the grant the JDK warns on every start (and
 * a future JDK refuses). Dropping a jar into {@code plugins/} already trusts it with code execution, so
 * native access adds nothing new. The launcher enables native access for {@code dev.consort.core}, which
 * the JDK requires of the module that grants it. Through reflection because Consort targets Java 21.
 */
final class NativeAccess {

    private static final Logger LOG = LoggerFactory.getLogger(NativeAccess.class);
    private static final Method ENABLE = find();

    private NativeAccess() {
    }

    static void grant(ModuleLayer.Controller controller, ModuleLayer layer) {
        if (ENABLE == null) {
            return;
        }
        for (Module m : layer.modules()) {
            try {
                ENABLE.invoke(controller, m);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("native access not granted to {}: {}", m.getName(), e.toString());
            }
        }
    }

    private static Method find() {
        try {
            return ModuleLayer.Controller.class.getMethod("enableNativeAccess", Module.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
