package io.github.sminference.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures and shutdown of dedicated {@link MotoServer}s. */
class MotoServerLifecycleTest {

    @Test
    void start_pythonMissing_failsAtOnceWithInstallHint() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> MotoServer.start("/nonexistent/python3", Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moto server is required for these tests")
                .hasMessageContaining("pip install 'moto[server]'");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void start_pythonWithoutMoto_failsAtOnceWithInstallHint(@TempDir Path dir) throws IOException {
        // A Python 3 whose site-packages are switched off (-S) cannot import moto.
        Path python = dir.resolve("python-without-site");
        Files.writeString(python, "#!/bin/sh\nexec python3 -S \"$@\"\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
        long started = System.nanoTime();

        assertThatThrownBy(() -> MotoServer.start(python.toString(), Duration.ofSeconds(20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pip install 'moto[server]'")
                .hasMessageContaining("missing: moto");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void close_dedicatedServer_stopsProcessAndFreesPort() throws IOException {
        MotoServer server = MotoServer.start();
        int port = server.endpoint().getPort();
        assertThat(server.isRunning()).isTrue();
        assertThat(server).isNotSameAs(MotoServer.shared());

        server.close();

        assertThat(server.isRunning()).isFalse();
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000))
                    .isInstanceOf(ConnectException.class);
        }
    }
}
