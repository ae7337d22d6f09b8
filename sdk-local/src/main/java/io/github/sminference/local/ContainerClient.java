package io.github.sminference.local;

import io.github.sminference.ScoringOptions;
import io.github.sminference.exception.InferenceCancelledException;
import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InferenceTimeoutException;
import io.github.sminference.exception.TransportException;
import io.github.sminference.spi.EndpointResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of the SageMaker model-container contract: {@code GET /ping}, {@code POST /invocations},
 * {@code GET /execution-parameters}. HTTP/1.1 on the JDK client. Thread-safe.
 */
final class ContainerClient {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final URI base;
    private final HttpClient http;

    ContainerClient(URI base, HttpClient http) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.http = http;
    }

    static HttpClient defaultHttpClient(java.util.concurrent.Executor executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).executor(executor).build();
    }

    URI base() {
        return base;
    }

    /** One GET /ping; true on HTTP 200. */
    boolean ping(Duration timeout) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("ping")).timeout(timeout).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while pinging the model container", e);
        }
    }

    /** GET /execution-parameters, if the container has it. */
    Optional<ExecutionParameters> executionParameters(Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("execution-parameters"))
                    .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(parseExecutionParameters(r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while reading execution parameters", e);
        }
    }

    static ExecutionParameters parseExecutionParameters(String json) {
        Integer concurrency = intField(json, "MaxConcurrentTransforms");
        Integer payload = intField(json, "MaxPayloadInMB");
        Matcher m = Pattern.compile("\"BatchStrategy\"\\s*:\\s*\"([A-Za-z_]+)\"").matcher(json);
        ScoringOptions.BatchStrategy strategy = null;
        if (m.find()) {
            String v = m.group(1).replace("_", "").toUpperCase(java.util.Locale.ROOT);
            strategy = v.equals("SINGLERECORD") ? ScoringOptions.BatchStrategy.SINGLE_RECORD
                    : v.equals("MULTIRECORD") ? ScoringOptions.BatchStrategy.MULTI_RECORD : null;
        }
        return new ExecutionParameters(concurrency, strategy, payload);
    }

    private static Integer intField(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private HttpRequest.Builder invocation(Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("invocations")).timeout(timeout);
        headers.forEach(b::header);
        return b;
    }

    /** POST /invocations, buffered. Container errors come back as error outputs; transport errors are thrown. */
    ModelOutput invoke(ModelInput in, Duration timeout) {
        HttpRequest req = invocation(in.headers(), timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(in.body())).build();
        try {
            return toOutput(http.send(req, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw mapIo(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while the model container answered", e);
        }
    }

    /** POST /invocations without blocking. */
    CompletableFuture<ModelOutput> invokeAsync(ModelInput in, Duration timeout) {
        HttpRequest req = invocation(in.headers(), timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(in.body())).build();
        CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
        CompletableFuture<ModelOutput> out = call.handle((r, e) -> {
            if (e != null) {
                throw new CompletionException(mapAny(e, timeout));
            }
            return toOutput(r);
        });
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                call.cancel(true);
            }
        });
        return out;
    }

    /**
     * POST /invocations with a file body, answer written to a file (asynchronous endpoints: payloads of many MB,
     * never held in memory).
     *
     * @return the answer's status and content type; on an error status the error body (at most 64 KiB) as the body
     */
    ModelOutput invokeFile(Path body, Map<String, String> headers, Path out, Duration timeout) {
        try {
            HttpRequest req = invocation(headers, timeout).POST(HttpRequest.BodyPublishers.ofFile(body)).build();
            HttpResponse<Path> r = http.send(req, HttpResponse.BodyHandlers.ofFile(out));
            String ct = r.headers().firstValue("Content-Type").orElse(null);
            if (r.statusCode() / 100 != 2) {
                byte[] err = readPrefix(out, MAX_ERROR_BODY);
                Files.deleteIfExists(out);
                return ModelOutput.error(r.statusCode() < 400 ? 500 : r.statusCode(),
                        new String(err, StandardCharsets.UTF_8));
            }
            ModelOutput o = ModelOutput.of(new byte[0], ct);
            return r.headers().firstValue(ModelInput.CUSTOM_ATTRIBUTES).map(o::withCustomAttributes).orElse(o);
        } catch (IOException e) {
            throw mapIo(e, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceCancelledException("interrupted while the model container answered", e);
        }
    }

    private static byte[] readPrefix(Path p, int max) throws IOException {
        if (!Files.exists(p)) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(max);
        }
    }

    /**
     * POST /invocations, streaming the answer: the future completes with the headers once a 2xx answer starts;
     * parts flow to {@code parts}, one part per chunk the JDK client delivers.
     */
    CompletableFuture<EndpointResponse> stream(ModelInput in, Duration timeout, Flow.Subscriber<ByteBuffer> parts) {
        HttpRequest req = invocation(in.headers(), timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(in.body())).build();
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> call =
                http.sendAsync(req, HttpResponse.BodyHandlers.ofPublisher());
        CompletableFuture<EndpointResponse> headers = new CompletableFuture<>();
        call.whenComplete((r, e) -> {
            if (e != null) {
                headers.completeExceptionally(mapAny(e, timeout));
                return;
            }
            if (r.statusCode() / 100 != 2) {
                collect(r.body()).whenComplete((bytes, e2) -> {
                    String msg = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
                    headers.completeExceptionally(LocalErrors.modelError(
                            ModelOutput.error(r.statusCode() < 400 ? 500 : r.statusCode(), msg)));
                });
                return;
            }
            headers.complete(EndpointResponse.builder()
                    .contentType(r.headers().firstValue("Content-Type").orElse(null))
                    .customAttributes(r.headers().firstValue(ModelInput.CUSTOM_ATTRIBUTES).orElse(null)).build());
            r.body().subscribe(new Flattening(parts));
        });
        headers.whenComplete((h, e) -> {
            if (headers.isCancelled()) {
                call.cancel(true);
            }
        });
        return headers;
    }

    /** Delivers each list of buffers as one part, so demand maps one to one. */
    private static final class Flattening implements Flow.Subscriber<List<ByteBuffer>> {
        private final Flow.Subscriber<ByteBuffer> down;

        Flattening(Flow.Subscriber<ByteBuffer> down) {
            this.down = down;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            down.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            int n = 0;
            for (ByteBuffer b : item) {
                n += b.remaining();
            }
            ByteBuffer one = ByteBuffer.allocate(n);
            for (ByteBuffer b : item) {
                one.put(b);
            }
            one.flip();
            down.onNext(one);
        }

        @Override
        public void onError(Throwable t) {
            down.onError(t instanceof InferenceException ? t
                    : new TransportException("the model container's stream broke: " + t, t));
        }

        @Override
        public void onComplete() {
            down.onComplete();
        }
    }

    private static CompletableFuture<byte[]> collect(Flow.Publisher<List<ByteBuffer>> body) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        body.subscribe(new Flow.Subscriber<List<ByteBuffer>>() {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                for (ByteBuffer b : item) {
                    if (out.size() < MAX_ERROR_BODY) {
                        byte[] a = new byte[b.remaining()];
                        b.get(a);
                        out.writeBytes(a);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                f.complete(out.toByteArray());
            }

            @Override
            public void onComplete() {
                f.complete(out.toByteArray());
            }
        });
        return f;
    }

    private static ModelOutput toOutput(HttpResponse<byte[]> r) {
        String ct = r.headers().firstValue("Content-Type").orElse(null);
        if (r.statusCode() / 100 != 2) {
            return ModelOutput.error(r.statusCode() < 400 ? 500 : r.statusCode(),
                    new String(r.body(), 0, Math.min(r.body().length, MAX_ERROR_BODY), StandardCharsets.UTF_8));
        }
        ModelOutput o = ModelOutput.of(r.body(), ct);
        return r.headers().firstValue(ModelInput.CUSTOM_ATTRIBUTES).map(o::withCustomAttributes).orElse(o);
    }

    InferenceException mapAny(Throwable e, Duration timeout) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof InferenceException) {
            return (InferenceException) t;
        }
        if (t instanceof CancellationException) {
            return new InferenceCancelledException("the call was cancelled", t);
        }
        if (t instanceof IOException) {
            return mapIo((IOException) t, timeout);
        }
        return new TransportException("calling the model container at " + base + " failed: " + t, t);
    }

    private InferenceException mapIo(IOException e, Duration timeout) {
        if (e instanceof HttpTimeoutException) {
            return new InferenceTimeoutException(InferenceTimeoutException.Budget.ATTEMPT, timeout,
                    "the model container at " + base + " did not answer within " + timeout, e);
        }
        if (e instanceof ConnectException) {
            return new TransportException("cannot connect to the model container at " + base
                    + " (is it running? check the URL and port)", e);
        }
        return new TransportException("calling the model container at " + base + " failed: " + e, e);
    }
}
