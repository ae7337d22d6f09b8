package io.github.sminference.cli;

import io.github.sminference.testsupport.MotoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A named AWS profile in throwaway config and credentials files, found the standard way (the SDK's
 * {@code aws.configFile} and {@code aws.sharedCredentialsFile} settings), so tests pass {@code --profile} as users do.
 */
final class AwsProfile implements AutoCloseable {
    static final String NAME = "cli-test";
    private final Path dir;
    private final String oldConfig = System.getProperty("aws.configFile");
    private final String oldCredentials = System.getProperty("aws.sharedCredentialsFile");

    private AwsProfile(Path dir) {
        this.dir = dir;
    }

    /** Writes profile {@value #NAME} with moto's static keys and Region, and points the SDK at it. */
    static AwsProfile install() {
        try {
            Path dir = Files.createTempDirectory("aws-profile");
            Path config = dir.resolve("config");
            Path credentials = dir.resolve("credentials");
            Files.writeString(config, "[profile " + NAME + "]\nregion = " + MotoServer.DEFAULT_REGION + "\n");
            Files.writeString(credentials, "[" + NAME + "]\naws_access_key_id = " + MotoServer.ACCESS_KEY_ID
                    + "\naws_secret_access_key = " + MotoServer.SECRET_ACCESS_KEY + "\n");
            System.setProperty("aws.configFile", config.toString());
            System.setProperty("aws.sharedCredentialsFile", credentials.toString());
            return new AwsProfile(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        restore("aws.configFile", oldConfig);
        restore("aws.sharedCredentialsFile", oldCredentials);
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp folder left behind
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
