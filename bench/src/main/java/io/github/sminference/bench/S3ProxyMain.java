package io.github.sminference.bench;

import io.github.sminference.testsupport.S3ProxyServer;
import java.io.IOException;

/**
 * s3proxy on disk in a process of its own (so its heap and CPU are not those of the measured JVMs): prints
 * {@code S3PROXY_ENDPOINT=<uri>} and serves until its standard input closes.
 */
public final class S3ProxyMain {
    private S3ProxyMain() {
    }

    /**
     * Entry point.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (S3ProxyServer s3 = S3ProxyServer.onDisk()) {
            System.out.println("S3PROXY_ENDPOINT=" + s3.endpoint());
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // serve until the parent closes our stdin (or dies)
                }
            } catch (IOException ignored) {
                // parent gone
            }
        }
    }
}
