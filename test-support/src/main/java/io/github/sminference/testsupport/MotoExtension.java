package io.github.sminference.testsupport;

import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test class a running {@link MotoServer}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MotoExtension MOTO = new MotoExtension();
 *
 * @Test
 * void invoke_queuedResult_returnsIt(MotoServer moto) { ... MOTO.endpoint() ... }
 * }</pre>
 *
 * <p>By default it uses the JVM-wide {@linkplain MotoServer#shared() shared server} and resets moto before each
 * test class ({@link ResetMode#BEFORE_ALL}); {@link #dedicated()} starts a server for the class alone and stops it
 * after the class (use it when a class stores large objects, since moto never gives memory back). It resolves
 * {@link MotoServer} parameters of test methods, lifecycle methods and constructors.
 *
 * <p>The shared server is one process for the whole JVM: test classes that use it must not run concurrently
 * (JUnit's default), since a reset in one class wipes the state of another.
 */
public final class MotoExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback,
        ParameterResolver {

    /** When the extension resets moto's state. */
    public enum ResetMode {
        /** Never; the test class manages state itself. */
        NEVER,
        /** Once before the test class (a {@link Nested} class does not reset again). */
        BEFORE_ALL,
        /** Before every test. */
        BEFORE_EACH
    }

    private final ResetMode resetMode;
    private final boolean dedicated;
    private volatile MotoServer server;
    private volatile String ownerId;

    /** Uses the shared server and resets it before the test class. */
    public MotoExtension() {
        this(ResetMode.BEFORE_ALL);
    }

    /**
     * Uses the shared server with the given reset mode.
     *
     * @param resetMode when to reset moto's state
     */
    public MotoExtension(ResetMode resetMode) {
        this(resetMode, false);
    }

    private MotoExtension(ResetMode resetMode, boolean dedicated) {
        this.resetMode = java.util.Objects.requireNonNull(resetMode, "resetMode");
        this.dedicated = dedicated;
    }

    /**
     * An extension that starts its own server before the test class and stops it after; no reset is needed.
     *
     * @return the extension
     */
    public static MotoExtension dedicated() {
        return new MotoExtension(ResetMode.NEVER, true);
    }

    /**
     * An extension that starts its own server before the test class and stops it after, and resets it as told.
     *
     * @param resetMode when to reset moto's state
     * @return the extension
     */
    public static MotoExtension dedicated(ResetMode resetMode) {
        return new MotoExtension(resetMode, true);
    }

    /**
     * The server in use; for the shared mode it is started on first call, so it may be used in static initializers.
     *
     * @return the running server
     * @throws IllegalStateException for a dedicated extension outside its test class
     */
    public MotoServer server() {
        MotoServer current = server;
        if (current != null) {
            return current;
        }
        if (dedicated) {
            throw new IllegalStateException("the dedicated moto server runs only during its test class");
        }
        current = MotoServer.shared();
        server = current;
        return current;
    }

    /**
     * Shortcut for {@code server().endpoint()}.
     *
     * @return the server's endpoint URI
     */
    public URI endpoint() {
        return server().endpoint();
    }

    /**
     * Starts (dedicated) or looks up (shared) the server, and resets it for {@link ResetMode#BEFORE_ALL}.
     *
     * @param context the class context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (dedicated) {
            if (server == null) {
                server = MotoServer.start();
                ownerId = context.getUniqueId();
            }
        } else {
            server();
        }
        if (resetMode == ResetMode.BEFORE_ALL && !isNested(context)) {
            server.reset();
        }
    }

    /**
     * Resets the server for {@link ResetMode#BEFORE_EACH}.
     *
     * @param context the test context
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetMode == ResetMode.BEFORE_EACH) {
            server().reset();
        }
    }

    /**
     * Stops a dedicated server after the class that started it.
     *
     * @param context the class context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        if (dedicated && context.getUniqueId().equals(ownerId)) {
            MotoServer current = server;
            server = null;
            ownerId = null;
            if (current != null) {
                current.close();
            }
        }
    }

    /**
     * Supports parameters of type {@link MotoServer}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return whether the parameter is a {@link MotoServer}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MotoServer.class;
    }

    /**
     * Resolves a {@link MotoServer} parameter to the server in use.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return the server
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        try {
            return server();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static boolean isNested(ExtensionContext context) {
        return context.getTestClass().map(c -> c.isAnnotationPresent(Nested.class)).orElse(false);
    }
}
