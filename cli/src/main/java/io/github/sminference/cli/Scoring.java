package io.github.sminference.cli;

import io.github.sminference.RecordStream;
import io.github.sminference.ScoredRecord;
import io.github.sminference.ScoringJob;
import io.github.sminference.ScoringSummary;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a scoring job's records in input order as they come and writes them: one output per line on stdout, one
 * JSON object per record with {@code --output json}, or {@code <source>.out} files in a folder. Then the summary.
 */
final class Scoring {
    private final Io io;
    private final Common common;
    private final Path outDir;
    private final List<String> written = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private String currentSource;
    private OutputStream currentFile;

    private Scoring(Io io, Common common, Path outDir) {
        this.io = io;
        this.common = common;
        this.outDir = outDir;
    }

    /** Fails before anything is sent when the folder cannot take the results. */
    static void checkOutDir(Path outDir) {
        if (outDir == null) {
            return;
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out-dir", outDir + " is a file: name a folder (it is created if missing)");
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UsageException("--out-dir", "cannot create " + outDir + " (" + e.getMessage()
                    + "): name a folder you can write to");
        }
    }

    /**
     * Streams the job's records out, then prints the summary.
     *
     * @return {@link Errors#OK}, or {@link Errors#FAILED} if records failed (with {@code --record-errors report})
     */
    static int consume(Io io, Common common, ScoringJob job, Path outDir, boolean showProgress, Duration timeout) {
        return new Scoring(io, common, outDir).run(job, showProgress, timeout);
    }

    private int run(ScoringJob job, boolean showProgress, Duration timeout) {
        Instant start = Instant.now();
        long ok = 0;
        long failed = 0;
        try (Progress p = Progress.start(io, showProgress, "score", job::status); RecordStream records = job.records()) {
            while (records.hasNext()) {
                ScoredRecord r = records.next();
                p.interleave(() -> write(r));
                if (r.isSuccess()) {
                    ok++;
                } else {
                    failed++;
                }
                if (io.interactive) {
                    io.out.flush();
                }
                if (outDir == null && (ok + failed) % 256 == 0 && io.out.checkError()) {
                    return Errors.FAILED; // stdout was closed (| head): stop reading, quietly, as a pipe's writer does
                }
            }
        } catch (InferenceTimeoutException e) {
            throw Jobs.goesOn(e, job);
        } finally {
            io.out.flush();
            closeFile();
        }
        ScoringSummary summary;
        try {
            summary = job.await(Jobs.budget(timeout));
        } catch (InferenceTimeoutException e) {
            throw Jobs.goesOn(e, job);
        }
        long millis = Duration.between(start, Instant.now()).toMillis();
        if (common.json()) {
            io.out.println(Json.object().put("type", "summary").put("id", job.id()).put("mode", job.mode().name())
                    .put("token", Jobs.resumable(job) ? job.token() : null)
                    .put("recordsTotal", summary.recordsTotal()).put("recordsSucceeded", summary.recordsSucceeded())
                    .put("recordsFailed", summary.recordsFailed())
                    .put("outputLocations", summary.outputLocations()).put("files", outDir == null ? null : written)
                    .put("elapsedMs", millis));
            io.out.flush();
        } else {
            io.err.println("scored " + (ok + failed) + " records (" + ok + " ok, " + failed + " failed) in "
                    + Durations.format(Duration.ofMillis(millis)) + (outDir == null ? "" : "; results in " + outDir)
                    + (summary.outputLocations().isEmpty() ? "" : "; job outputs: " + summary.outputLocations()));
        }
        return failed > 0 ? Errors.FAILED : Errors.OK;
    }

    private void write(ScoredRecord r) {
        try {
            if (outDir != null) {
                writeToFile(r);
            } else if (common.json()) {
                Json j = Json.object().put("type", "record").put("index", r.index()).put("source", r.source());
                if (r.isSuccess()) {
                    byte[] out = r.output().orElseThrow();
                    String text = Results.utf8(out);
                    j.put(text != null ? "output" : "outputBase64",
                            text != null ? text : Base64.getEncoder().encodeToString(out));
                } else {
                    InferenceException e = r.error().orElseThrow();
                    j.put("errorType", e.getClass().getSimpleName()).put("error", Errors.oneLine(e.getMessage()));
                }
                io.out.println(j);
            } else if (r.isSuccess()) {
                byte[] out = r.output().orElseThrow();
                io.out.write(out);
                if (out.length == 0 || out[out.length - 1] != '\n') {
                    io.out.write('\n');
                }
            } else {
                io.out.write('\n'); // one line per input record, so outputs stay aligned with inputs
                reportFailure(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results", e);
        }
    }

    private void reportFailure(ScoredRecord r) {
        InferenceException e = r.error().orElseThrow();
        io.err.println("record " + r.index() + " (" + r.source() + ") failed: " + e.getClass().getSimpleName() + ": "
                + Errors.oneLine(e.getMessage()));
    }

    private void writeToFile(ScoredRecord r) throws IOException {
        if (!r.source().equals(currentSource)) {
            closeFile();
            currentSource = r.source();
            Path file = outDir.resolve(fileName(r.source()));
            currentFile = Files.newOutputStream(file);
            written.add(file.toString());
        }
        if (r.isSuccess()) {
            byte[] out = r.output().orElseThrow();
            currentFile.write(out);
            if (out.length == 0 || out[out.length - 1] != '\n') {
                currentFile.write('\n');
            }
        } else {
            currentFile.write('\n');
            reportFailure(r);
        }
    }

    /** {@code <last path segment>.out}, made unique when two sources share a name. */
    private String fileName(String source) {
        String s = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        String base = s.substring(slash + 1);
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "records";
        }
        String name = base + ".out";
        for (int i = 2; !names.add(name); i++) {
            name = base + "-" + i + ".out";
        }
        return name;
    }

    private void closeFile() {
        if (currentFile != null) {
            try {
                currentFile.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the results to " + outDir, e);
            } finally {
                currentFile = null;
            }
        }
    }
}
