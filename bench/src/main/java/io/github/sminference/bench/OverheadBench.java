package io.github.sminference.bench;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * Overhead of {@code InferenceClient} over the raw SageMaker runtime client, and against boto3: the same closed-loop
 * load on each, interleaved in short rounds after a warm-up. Each side builds its request per call from the caller's
 * byte array, copying it once (ours: {@code InferenceRequest.of(bytes, type)}; raw: {@code SdkBytes.fromByteArray}),
 * and checks the echoed size without copying the answer.
 */
final class OverheadBench {
    static final String CONTENT_TYPE = "application/octet-stream";

    /** Which path: blocking calls from threads, or non-blocking calls in flight. */
    enum Path {
        SYNC, ASYNC
    }

    /** One configuration measured. */
    record Case(Path path, int concurrency, int bytes) {
        String label() {
            String size = bytes >= 1000 ? (bytes / 1000) + " KB" : bytes + " B";
            return path == Path.SYNC
                    ? "`predict` vs `invokeEndpoint`, " + concurrency + (concurrency == 1 ? " thread" : " threads")
                            + ", " + size
                    : "`predictAsync` vs async `invokeEndpoint`, " + concurrency + " in flight, " + size;
        }
    }

    /** The rounds of each side; {@code boto3} is empty when the peer did not run. */
    record Outcome(Case c, List<Round> raw, List<Round> ours, List<Round> boto3) {
    }

    private final SageMakerRuntimeClient rawSync;
    private final SageMakerRuntimeAsyncClient rawAsync;
    private final Map<String, InferenceClient> ours = new LinkedHashMap<>();
    private final Boto3Peer peer;
    private final Sampler sampler = new Sampler(2_000_000);

    OverheadBench(SageMakerRuntimeClient rawSync, SageMakerRuntimeAsyncClient rawAsync, InferenceClient ours,
            Boto3Peer peer) {
        this.rawSync = rawSync;
        this.rawAsync = rawAsync;
        this.ours.put("ours", ours);
        this.peer = peer;
    }

    /** Adds a variant of ours (a differently configured client) that {@link #runSides} can name. */
    OverheadBench variant(String name, InferenceClient client) {
        ours.put(name, client);
        return this;
    }

    static byte[] payload(int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) ('a' + (i * 31) % 26);
        }
        return b;
    }

    boolean rawCall(byte[] p) {
        InvokeEndpointResponse r = rawSync.invokeEndpoint(InvokeEndpointRequest.builder()
                .endpointName(Clients.ENDPOINT).contentType(CONTENT_TYPE).body(SdkBytes.fromByteArray(p)).build());
        return r.body().asByteArrayUnsafe().length == p.length;
    }

    static boolean oursCall(InferenceClient client, byte[] p) {
        InferenceResult r = client.predict(InferenceRequest.of(p, CONTENT_TYPE));
        return r.size() == p.length;
    }

    CompletableFuture<Boolean> rawAsyncCall(byte[] p) {
        return rawAsync.invokeEndpoint(InvokeEndpointRequest.builder().endpointName(Clients.ENDPOINT)
                .contentType(CONTENT_TYPE).body(SdkBytes.fromByteArray(p)).build())
                .thenApply(r -> r.body().asByteArrayUnsafe().length == p.length);
    }

    static CompletableFuture<Boolean> oursAsyncCall(InferenceClient client, byte[] p) {
        return client.predictAsync(InferenceRequest.of(p, CONTENT_TYPE)).thenApply(r -> r.size() == p.length);
    }

    /** One variant, one timed run. */
    private Round once(String side, Case c, byte[] p, long nanos) throws IOException, InterruptedException {
        if (side.equals("raw")) {
            return c.path() == Path.SYNC ? Load.sync(this::rawCall, p, c.concurrency(), nanos, sampler)
                    : Load.async(this::rawAsyncCall, p, c.concurrency(), nanos, sampler);
        }
        if (side.equals("boto3")) {
            return peer.run(c.concurrency(), c.bytes(), nanos);
        }
        InferenceClient client = ours.get(side);
        if (client == null) {
            throw new IllegalArgumentException("no side " + side);
        }
        return c.path() == Path.SYNC ? Load.sync(b -> oursCall(client, b), p, c.concurrency(), nanos, sampler)
                : Load.async(b -> oursAsyncCall(client, b), p, c.concurrency(), nanos, sampler);
    }

    /**
     * Warms every side up, then runs {@code rounds} rounds; each round runs every side once, the order rotating from
     * round to round (A B, B A, ... or A B C, B C A, ...), so a drift in the machine's speed does not favour a side.
     */
    Outcome run(Case c, int rounds, long roundNanos, long warmNanos, boolean withPeer, Runnable progress)
            throws IOException, InterruptedException {
        List<String> sides = new ArrayList<>(List.of("raw", "ours"));
        if (withPeer && peer != null && c.path() == Path.SYNC) {
            sides.add("boto3");
        }
        Map<String, List<Round>> r = runSides(c, sides, rounds, roundNanos, warmNanos, progress);
        return new Outcome(c, r.get("raw"), r.get("ours"), r.getOrDefault("boto3", List.of()));
    }

    /** Any sides ("raw", "boto3", "ours" or a {@link #variant}), interleaved the same way. */
    Map<String, List<Round>> runSides(Case c, List<String> sides, int rounds, long roundNanos, long warmNanos,
            Runnable progress) throws IOException, InterruptedException {
        byte[] p = payload(c.bytes());
        for (String s : sides) {
            once(s, c, p, warmNanos);
        }
        Map<String, List<Round>> out = new LinkedHashMap<>();
        for (String s : sides) {
            out.put(s, new ArrayList<>());
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < sides.size(); k++) {
                String s = sides.get((r + k) % sides.size());
                out.get(s).add(once(s, c, p, roundNanos));
            }
            progress.run();
        }
        return out;
    }

    /** A single variant for a long time, to profile it (JFR) on its own. */
    Round solo(String side, Case c, long nanos) throws IOException, InterruptedException {
        return once(side, c, payload(c.bytes()), nanos);
    }
}
