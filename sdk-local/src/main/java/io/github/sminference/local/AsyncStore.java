package io.github.sminference.local;

import io.github.sminference.InvocationMode;
import io.github.sminference.Payload;
import io.github.sminference.exception.InvalidRequestException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The on-disk queue of a local asynchronous endpoint, laid out like the service's S3 locations:
 * <pre>
 * root/requests/&lt;id&gt;/input          the staged payload
 * root/requests/&lt;id&gt;/request.properties  what the worker needs (headers, model time, queue TTL, digest)
 * root/requests/&lt;id&gt;/owner          the pid of the JVM running it (absent while queued)
 * root/output/&lt;id&gt;.out              the result, written atomically (+ .properties: content type)
 * root/failure/&lt;id&gt;-error.out       the failure, written atomically (+ .properties: reason)
 * </pre>
 * A request is pending while its folder has no owner and neither output nor failure exists; an owner whose process
 * has died no longer holds it. Thread-safe and safe across JVMs sharing the folder.
 */
final class AsyncStore {
    static final String PROPS = ".properties";

    private final Path root;
    private final Path requests;
    private final Path output;
    private final Path failure;

    AsyncStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.requests = this.root.resolve("requests");
        this.output = this.root.resolve("output");
        this.failure = this.root.resolve("failure");
        try {
            Files.createDirectories(requests);
            Files.createDirectories(output);
            Files.createDirectories(failure);
        } catch (IOException e) {
            throw new InvalidRequestException("workDir", this.root.toString(),
                    "the folder cannot be created or written: " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path requestDir(String id) {
        return requests.resolve(id);
    }

    Path input(String id) {
        return requestDir(id).resolve("input");
    }

    Path outputFile(String id) {
        return output.resolve(id + ".out");
    }

    Path failureFile(String id) {
        return failure.resolve(id + "-error.out");
    }

    /** The result of staging a payload. */
    record Staged(Path dir, String digest, long size) {
    }

    /**
     * Copies a payload into a fresh staging folder, computing its SHA-256, and aborting (leaving nothing behind) if it
     * crosses the limit or its declared length is wrong.
     */
    Staged stage(Payload payload, long maxBytes) {
        Path dir = requests.resolve(".staging-" + UUID.randomUUID());
        try {
            Staging.Copied c = Staging.copy(payload, dir.resolve("input"), maxBytes, InvocationMode.ASYNC_ENDPOINT);
            return new Staged(dir, c.sha256(), c.size());
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * Publishes a staged request under its id. Returns {@code false} (and discards the staging folder) if a request
     * with that id already exists.
     */
    boolean publish(Staged staged, String id, Properties meta) {
        Path target = requestDir(id);
        try {
            if (Files.exists(target)) {
                deleteTree(staged.dir());
                return false;
            }
            writeProperties(staged.dir().resolve("request.properties"), meta);
            try {
                Files.move(staged.dir(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged.dir(), target);
            }
            return true;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            deleteTree(staged.dir());
            return false;
        } catch (IOException e) {
            if (Files.exists(target)) { // lost a race with another submitter of the same id
                deleteTree(staged.dir());
                return false;
            }
            deleteTree(staged.dir());
            throw new UncheckedIOException("cannot publish request " + id + " in " + root, e);
        }
    }

    Optional<Properties> meta(String id) {
        Path p = requestDir(id).resolve("request.properties");
        return Files.exists(p) ? Optional.of(readProperties(p)) : Optional.empty();
    }

    /** Takes the request for this JVM; false if a live process holds it. */
    boolean claim(String id) {
        Path owner = requestDir(id).resolve("owner");
        String me = Long.toString(ProcessHandle.current().pid());
        for (int tries = 0; tries < 3; tries++) {
            try {
                Files.writeString(owner, me, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
                return true;
            } catch (FileAlreadyExistsException e) {
                if (isHeldByLiveProcess(id)) {
                    return false;
                }
                try {
                    Files.deleteIfExists(owner); // stale: its process died
                } catch (IOException ignored) {
                    // another claimer removed it first
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot claim request " + id, e);
            }
        }
        return false;
    }

    boolean isHeldByLiveProcess(String id) {
        Path owner = requestDir(id).resolve("owner");
        try {
            long pid = Long.parseLong(Files.readString(owner, StandardCharsets.UTF_8).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    void release(String id) {
        try {
            Files.deleteIfExists(requestDir(id).resolve("owner"));
        } catch (IOException ignored) {
            // best effort: a stale owner file is ignored once its process is gone
        }
    }

    boolean isDone(String id) {
        return Files.exists(outputFile(id)) || Files.exists(failureFile(id));
    }

    boolean isPending(String id) {
        return Files.isDirectory(requestDir(id)) && !isDone(id);
    }

    /** Moves a finished temporary file into place, with its properties written first. */
    void publishResult(Path tmp, Path target, Properties props) {
        try {
            writeProperties(target.resolveSibling(target.getFileName() + PROPS), props);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    void writeFailure(String id, String reason, byte[] content) {
        Path tmp = failure.resolve(id + "-error.out.tmp-" + ProcessHandle.current().pid());
        try {
            Files.write(tmp, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the failure of " + id, e);
        }
        Properties p = new Properties();
        p.setProperty("failureReason", reason);
        publishResult(tmp, failureFile(id), p);
    }

    Properties resultProperties(Path target) {
        Path p = target.resolveSibling(target.getFileName() + PROPS);
        return Files.exists(p) ? readProperties(p) : new Properties();
    }

    void deleteInput(String id) {
        try {
            Files.deleteIfExists(input(id));
        } catch (IOException ignored) {
            // best effort
        }
    }

    static void writeProperties(Path p, Properties props) throws IOException {
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp-" + UUID.randomUUID());
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(w, null);
        }
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
    }

    static Properties readProperties(Path p) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        return props;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: the walk itself fails when a file goes away under it (a job still finishing)
        }
    }
}
