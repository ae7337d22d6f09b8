package io.github.sminference.local;

import io.github.sminference.Dataset;
import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.JobFailedException;
import io.github.sminference.internal.batch.Joiner;
import io.github.sminference.internal.batch.MiniBatch;
import io.github.sminference.internal.batch.MiniBatcher;
import io.github.sminference.internal.batch.OutputAssembler;
import io.github.sminference.internal.batch.RecordReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a transform job on this machine as the service does: each input file is split (by line or whole), packed into
 * mini-batches (SingleRecord or MultiRecord under MaxPayloadInMB, in bytes, never empty), sent with up to
 * MaxConcurrentTransforms requests at once, and the responses written in input order to {@code <input>.out}
 * (atomically: an output appears only when its whole input succeeded). A failed request is retried up to
 * InvocationsMaxRetries times; then the job fails and later files are not processed. Files whose {@code .out} already
 * exists are skipped, so a restarted job finishes what a crashed one left.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /** The resolved settings of one job. */
    record Plan(List<Path> inputs, List<Path> outputs, Dataset.SplitType split,
            ScoringOptions.BatchStrategy strategy, long maxPayloadBytes, int concurrency,
            ScoringOptions.AssembleWith assembleWith, ScoringOptions.JoinSource join, String contentType,
            String accept, Duration modelTimeout, int maxRetries) {
    }

    private final LocalModel model;
    private final Plan plan;
    private final String jobName;
    private final AtomicLong recordsDone;
    private final BooleanSupplier stopRequested;
    private final Runnable afterFile;
    private final java.util.concurrent.atomic.AtomicReference<String> outputContentType =
            new java.util.concurrent.atomic.AtomicReference<>();

    BatchRunner(LocalModel model, Plan plan, String jobName, AtomicLong recordsDone, BooleanSupplier stopRequested,
            Runnable afterFile) {
        this.model = model;
        this.afterFile = afterFile;
        this.plan = plan;
        this.jobName = jobName;
        this.recordsDone = recordsDone;
        this.stopRequested = stopRequested;
    }

    /** Thrown when a stop was requested; the files done so far stay. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped", null, false, false);
        }
    }

    /** The content type of the model's responses, once one arrived. */
    String outputContentType() {
        return outputContentType.get();
    }

    /** Counts the records of every input, for progress. */
    static long countRecords(List<Path> inputs, Dataset.SplitType split) throws IOException {
        if (split == Dataset.SplitType.NONE) {
            return inputs.size();
        }
        long total = 0;
        byte[] buf = new byte[1 << 16];
        for (Path p : inputs) {
            long lines = 0;
            int last = '\n';
            try (InputStream in = Files.newInputStream(p)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                    last = buf[n - 1];
                }
            }
            total += last == '\n' ? lines : lines + 1;
        }
        return total;
    }

    /** Runs every input not yet done. */
    void run() throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(plan.concurrency(),
                io.github.sminference.internal.ClientResources.daemon("sminference-local-batch-" + jobName));
        try {
            long index = 0;
            for (int i = 0; i < plan.inputs().size(); i++) {
                Path in = plan.inputs().get(i);
                Path out = plan.outputs().get(i);
                if (Files.exists(out)) {
                    long n = countRecords(List.of(in), plan.split());
                    recordsDone.addAndGet(n);
                    index += n;
                    LOG.debug("batch {}: {} already done, skipped", jobName, in.getFileName());
                    continue;
                }
                index = runFile(pool, in, out, index);
                afterFile.run();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long runFile(ExecutorService pool, Path in, Path out, long firstIndex) throws IOException {
        String source = in.toString();
        Files.createDirectories(out.getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".partial");
        ArrayDeque<Pending> window = new ArrayDeque<>();
        boolean ok = false;
        long t0 = System.nanoTime();
        try (InputStream is = Files.newInputStream(in);
                RecordReader reader = new RecordReader(is, plan.split(), plan.maxPayloadBytes(), source);
                OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            MiniBatcher batcher = new MiniBatcher(plan.strategy(), plan.maxPayloadBytes(), plan.split(), source,
                    firstIndex);
            MiniBatch batch;
            while ((batch = batcher.next(reader)) != null) {
                if (stopRequested.getAsBoolean()) {
                    throw new Stopped();
                }
                MiniBatch b = batch;
                window.addLast(new Pending(b, pool.submit(() -> invoke(b, source))));
                while (window.size() >= plan.concurrency()) {
                    write(os, window.removeFirst(), source);
                }
            }
            while (!window.isEmpty()) {
                write(os, window.removeFirst(), source);
            }
            os.flush();
            ok = true;
            firstIndex = batcher.nextIndex();
        } finally {
            for (Pending p : window) {
                p.response().cancel(true);
            }
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.debug("batch {}: {} -> {} in {} ms", jobName, in.getFileName(), out.getFileName(),
                (System.nanoTime() - t0) / 1_000_000);
        return firstIndex;
    }

    private record Pending(MiniBatch batch, Future<byte[]> response) {
    }

    private void write(OutputStream os, Pending p, String source) throws IOException {
        byte[] response;
        try {
            response = p.response().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IOException(c);
        }
        MiniBatch b = p.batch();
        if (plan.join() == ScoringOptions.JoinSource.INPUT) {
            List<byte[]> joined = plan.split() == Dataset.SplitType.NONE
                    ? List.of(Joiner.join(b.records().get(0), response, plan.contentType()))
                    : Joiner.joinBatch(b.records(), response, plan.contentType(), source, b.firstIndex());
            for (byte[] j : joined) {
                OutputAssembler.append(os, j, ScoringOptions.AssembleWith.LINE);
            }
        } else {
            OutputAssembler.append(os, response, plan.assembleWith());
        }
        recordsDone.addAndGet(b.records().size());
    }

    /** One mini-batch, with InvocationsMaxRetries retries of transient failures and model 5xx answers. */
    private byte[] invoke(MiniBatch b, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (plan.contentType() != null) {
            headers.put("Content-Type", plan.contentType());
        }
        if (plan.accept() != null) {
            headers.put("Accept", plan.accept());
        }
        String where = "records " + b.firstIndex() + "-" + b.lastIndex() + " of " + source;
        InferenceException last = null;
        for (int attempt = 0; attempt <= plan.maxRetries(); attempt++) {
            if (stopRequested.getAsBoolean()) {
                throw new Stopped();
            }
            try {
                ModelOutput o = model.invoke(ModelInput.of(b.payload(), headers), plan.modelTimeout());
                if (!o.isError()) {
                    o.contentType().ifPresent(ct -> outputContentType.compareAndSet(null, ct));
                    return o.body();
                }
                String reason = LocalErrors.describe(o) + " for " + where;
                if (o.status() < 500) {
                    throw new JobFailedException(jobName, "ClientError: " + reason, o.body());
                }
                last = new JobFailedException(jobName, "ClientError: " + reason, o.body());
            } catch (JobFailedException e) {
                throw e;
            } catch (InferenceException e) {
                if (!e.isRetryable() && !(e instanceof io.github.sminference.exception.InferenceTimeoutException)) {
                    throw new JobFailedException(jobName, "ServerError: " + e.getMessage() + " for " + where,
                            null);
                }
                last = new JobFailedException(jobName, "ServerError: " + e.getMessage() + " for " + where,
                        String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
            }
            LOG.debug("batch {}: {} failed (attempt {}), retrying", jobName, where, attempt + 1);
        }
        throw last;
    }
}
