package io.github.sminference.testsupport;

import java.net.URI;
import java.util.Objects;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

/**
 * An embedded s3proxy (a real S3 server in this JVM) on {@code 127.0.0.1} with a dynamic port and static
 * credentials. Faster than moto and frugal with memory: use it for large payloads and multipart transfers.
 *
 * <p>Configure the S3 client with {@link #endpoint()}, {@link #region()}, the static credentials and
 * {@code forcePathStyle(true)}. Built on s3proxy's own {@code S3ProxyJunitCore}: every start gets a fresh, empty
 * store (a new temporary directory), and {@link #close()} deletes all buckets and that directory.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** The storage behind the server. */
    public enum Backend {
        /** Objects in memory ({@code transient-nio2}); the default. */
        IN_MEMORY("transient-nio2"),
        /** Objects in a temporary directory on disk ({@code filesystem-nio2}), for payloads too large for the heap. */
        FILESYSTEM("filesystem-nio2");

        private final String provider;

        Backend(String provider) {
            this.provider = provider;
        }

        /**
         * The s3proxy blob store provider name.
         *
         * @return e.g. {@code transient-nio2}
         */
        public String provider() {
            return provider;
        }
    }

    /** Static access key id the server accepts. */
    public static final String ACCESS_KEY_ID = "s3proxy-access-key";

    /** Static secret access key the server accepts. */
    public static final String SECRET_ACCESS_KEY = "s3proxy-secret-key";

    /** The region clients should sign for. */
    public static final String REGION = "us-east-1";

    private final Backend backend;
    private final S3ProxyJunitCore core;
    private final URI endpoint;
    private volatile boolean running;

    private S3ProxyServer(Backend backend, S3ProxyJunitCore core, URI endpoint) {
        this.backend = backend;
        this.core = core;
        this.endpoint = endpoint;
        this.running = true;
    }

    /**
     * Starts a server with objects in memory.
     *
     * @return the running server
     */
    public static S3ProxyServer inMemory() {
        return start(Backend.IN_MEMORY);
    }

    /**
     * Starts a server with objects in a temporary directory.
     *
     * @return the running server
     */
    public static S3ProxyServer onDisk() {
        return start(Backend.FILESYSTEM);
    }

    /**
     * Starts a server with the given backend.
     *
     * @param backend the storage
     * @return the running server
     * @throws IllegalStateException if it did not start
     */
    public static S3ProxyServer start(Backend backend) {
        Objects.requireNonNull(backend, "backend");
        S3ProxyJunitCore core = new S3ProxyJunitCore.Builder()
                .withBlobStoreProvider(backend.provider())
                .withCredentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .withPort(0)
                .build();
        try {
            core.beforeEach();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy (" + backend.provider() + ") did not start: " + e, e);
        }
        return new S3ProxyServer(backend, core, core.getUri());
    }

    /**
     * The base URI, e.g. {@code http://127.0.0.1:40123}.
     *
     * @return the endpoint
     */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * The region clients should sign for.
     *
     * @return {@value #REGION}
     */
    public String region() {
        return REGION;
    }

    /**
     * The access key id the server accepts.
     *
     * @return {@value #ACCESS_KEY_ID}
     */
    public String accessKeyId() {
        return ACCESS_KEY_ID;
    }

    /**
     * The secret access key the server accepts.
     *
     * @return {@value #SECRET_ACCESS_KEY}
     */
    public String secretAccessKey() {
        return SECRET_ACCESS_KEY;
    }

    /**
     * The storage behind the server.
     *
     * @return the backend
     */
    public Backend backend() {
        return backend;
    }

    /**
     * Whether the server runs.
     *
     * @return {@code true} until {@link #close()}
     */
    public boolean isRunning() {
        return running;
    }

    /** Stops the server and deletes every bucket and the temporary directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (running) {
            running = false;
            core.afterEach();
        }
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint + ", " + backend.provider() + "]";
    }
}
