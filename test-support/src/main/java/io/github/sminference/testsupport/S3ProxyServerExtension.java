package io.github.sminference.testsupport;

import java.net.URI;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs an {@link S3ProxyServer} for a test class: started before the class, stopped (and
 * emptied) after it. It resolves {@link S3ProxyServer} parameters.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3ProxyServerExtension S3 = S3ProxyServerExtension.inMemory();
 * }</pre>
 *
 * <p>s3proxy ships its own {@code org.gaul.s3proxy.junit.S3ProxyExtension}, but it starts and stops a server around
 * every test method and resolves no parameters; this one keeps one server per class.
 */
public final class S3ProxyServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private final S3ProxyServer.Backend backend;
    private volatile S3ProxyServer server;
    private volatile String ownerId;

    private S3ProxyServerExtension(S3ProxyServer.Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * An extension whose server keeps objects in memory.
     *
     * @return the extension
     */
    public static S3ProxyServerExtension inMemory() {
        return new S3ProxyServerExtension(S3ProxyServer.Backend.IN_MEMORY);
    }

    /**
     * An extension whose server keeps objects in a temporary directory (large objects).
     *
     * @return the extension
     */
    public static S3ProxyServerExtension onDisk() {
        return new S3ProxyServerExtension(S3ProxyServer.Backend.FILESYSTEM);
    }

    /**
     * An extension with the given backend.
     *
     * @param backend the storage
     * @return the extension
     */
    public static S3ProxyServerExtension with(S3ProxyServer.Backend backend) {
        return new S3ProxyServerExtension(backend);
    }

    /**
     * The running server.
     *
     * @return the server
     * @throws IllegalStateException outside the test class
     */
    public S3ProxyServer server() {
        S3ProxyServer current = server;
        if (current == null) {
            throw new IllegalStateException("the s3proxy server runs only during its test class");
        }
        return current;
    }

    /**
     * Shortcut for {@code server().endpoint()}.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return server().endpoint();
    }

    /**
     * Starts the server (once, for the outermost class).
     *
     * @param context the class context
     */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = S3ProxyServer.start(backend);
            ownerId = context.getUniqueId();
        }
    }

    /**
     * Stops the server after the class that started it.
     *
     * @param context the class context
     */
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(ownerId)) {
            S3ProxyServer current = server;
            server = null;
            ownerId = null;
            if (current != null) {
                current.close();
            }
        }
    }

    /**
     * Supports parameters of type {@link S3ProxyServer}.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return whether the parameter is an {@link S3ProxyServer}
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == S3ProxyServer.class;
    }

    /**
     * Resolves an {@link S3ProxyServer} parameter to the running server.
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
}
