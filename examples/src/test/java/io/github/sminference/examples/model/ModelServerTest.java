package io.github.sminference.examples.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static CreditModel model;
    private static ModelServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        model = CreditModel.trainDefault();
        server = ModelServer.start(model);
        http = newClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // --- /ping and /execution-parameters -------------------------------------------------------------------------

    @Test
    void ping_runningServer_200WithEmptyBody() throws Exception {
        HttpResponse<String> r = get(server, "/ping");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void executionParameters_get_answersTheBatchSettingsAsJson() throws Exception {
        HttpResponse<String> r = get(server, "/execution-parameters");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body())
                .isEqualTo("{\"MaxConcurrentTransforms\": 4, \"BatchStrategy\": \"MULTI_RECORD\", \"MaxPayloadInMB\": 6}");
    }

    @Test
    void unknownPath_get_404() throws Exception {
        assertThat(get(server, "/predict").statusCode()).isEqualTo(404);
    }

    @Test
    void invocations_get_405AllowingPost() throws Exception {
        HttpResponse<String> r = get(server, "/invocations");

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    // --- /invocations: formats -----------------------------------------------------------------------------------

    @Test
    void invocations_csv_oneProbabilityPerRowInInputOrder() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", CreditDataset.csvRows(50, 11L));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv");
        assertThat(r.headers().firstValue("Content-Length")).isPresent();   // small answers are not chunked
        assertThat(r.body()).isEqualTo(expectedCsv(CreditDataset.applicants(50, 11L)));
    }

    @Test
    void invocations_csvWithCrlfAndTrailingBlankLines_answersEveryRowOnly() throws Exception {
        String body = CreditDataset.csvRows(20, 12L).replace("\n", "\r\n") + "\r\n\r\n";

        HttpResponse<String> r = post(server, "text/csv; charset=utf-8", body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(expectedCsv(CreditDataset.applicants(20, 12L)));
    }

    @Test
    void invocations_csvWithoutFinalNewlineAndSpaces_answersEveryRow() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", "52.0, 0.31, 7, 4, 1, 38\n25,0.75,0,9,0,23");

        assertThat(r.body()).isEqualTo(expectedCsv(new double[][] {{52.0, 0.31, 7, 4, 1, 38}, {25, 0.75, 0, 9, 0, 23}}));
    }

    @Test
    void invocations_emptyCsv_200WithNoScores() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", "");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void invocations_json_answersPredictionsArray() throws Exception {
        double[][] rows = CreditDataset.applicants(30, 13L);
        String body = "{\"configuration\": {\"k\": [1, \"x\", null, true]}, \"instances\": " + jsonArrays(rows) + "}";

        HttpResponse<String> r = post(server, "application/json", body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo(expectedJson(rows));
    }

    @Test
    void invocations_jsonInstancesAsFeatureObjects_answersPredictions() throws Exception {
        String body = "{\"instances\": [{\"features\": [52.0, 0.31, 7, 4, 1, 38]}, {\"id\": \"b\", \"features\": "
                + "[25, 0.75, 0, 9, 0, 23]}]}";

        HttpResponse<String> r = post(server, "application/json", body);

        assertThat(r.body()).isEqualTo(expectedJson(new double[][] {{52.0, 0.31, 7, 4, 1, 38}, {25, 0.75, 0, 9, 0, 23}}));
    }

    @Test
    void invocations_largeJson_streamsEveryPrediction() throws Exception {
        double[][] rows = CreditDataset.applicants(8_000, 14L);   // an answer of 72 KB

        HttpResponse<String> r = post(server, "application/json", "{\"instances\":" + jsonArrays(rows) + "}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();   // over 64 KiB: chunked
        assertThat(r.body()).isEqualTo(expectedJson(rows));
    }

    @Test
    void invocations_jsonLines_answersOneNumberPerLine() throws Exception {
        double[][] rows = CreditDataset.applicants(25, 15L);
        String body = Arrays.stream(rows).map(ModelServerTest::jsonArray).collect(Collectors.joining("\r\n")) + "\n\n";

        HttpResponse<String> r = post(server, "application/jsonlines", body);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/jsonlines");
        assertThat(r.body()).isEqualTo(expectedCsv(rows));   // one number per line, the same text as CSV
    }

    @ParameterizedTest(name = "{0} request, Accept {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "text/csv              | application/json                          | application/json",
        "text/csv              | application/jsonlines                     | application/jsonlines",
        "application/json      | text/csv                                  | text/csv",
        "application/jsonlines | application/json;q=0.5, text/csv          | text/csv",
        "text/csv              | application/xml                           | text/csv",
        "application/json      | */*                                       | application/json",
        "application/jsonlines | ''                                        | application/jsonlines",
    })
    void invocations_accept_answersInTheAcceptedTypeElseTheRequestType(String contentType, String accept,
            String answered) throws Exception {
        double[][] rows = CreditDataset.applicants(3, 16L);
        String body = switch (contentType) {
            case "text/csv" -> CreditDataset.csvRows(3, 16L);
            case "application/json" -> "{\"instances\": " + jsonArrays(rows) + "}";
            default -> Arrays.stream(rows).map(ModelServerTest::jsonArray).collect(Collectors.joining("\n"));
        };
        HttpRequest.Builder request = invocation(server, contentType, BodyPublishers.ofString(body));
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }

        HttpResponse<String> r = http.send(request.build(), BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(answered);
        assertThat(r.body()).isEqualTo(answered.equals("application/json") ? expectedJson(rows) : expectedCsv(rows));
    }

    // --- /invocations: errors ------------------------------------------------------------------------------------

    @Test
    void invocations_csvRowWithTooFewFields_400NamingTheRow() throws Exception {
        String body = CreditDataset.csvRows(2, 17L) + "52.0,0.31,7,4,1\n" + CreditDataset.csvRows(2, 18L);

        HttpResponse<String> r = post(server, "text/csv", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("row 3: expected 6 fields (income_k,debt_to_income,years_employed,"
                + "open_credit_lines,has_mortgage,age) but found 5\n");
    }

    @Test
    void invocations_csvFieldNotANumber_400NamingRowAndField() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", "52.0,0.31,7,4,1,38\r\n52.0,0.31,7,four,1,38\r\n");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("row 2, field 4 (open_credit_lines): \"four\" is not a number\n");
    }

    @Test
    void invocations_csvHeaderRow_400ExplainingRowOne() throws Exception {
        String body = String.join(",", CreditDataset.featureNames()) + "\n" + CreditDataset.csvRows(2, 1L);

        HttpResponse<String> r = post(server, "text/csv", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("row 1, field 1 (income_k): \"income_k\" is not a number");
    }

    @Test
    void invocations_blankLineBetweenRows_400NamingIt() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", "52.0,0.31,7,4,1,38\n\n52.0,0.31,7,4,1,38\n");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("row 2 is empty");
    }

    @Test
    void invocations_badRowAtTheEndOfABigBody_400() throws Exception {
        String body = CreditDataset.csvRows(20_000, 19L) + "1,2,3,4,5,NaN\n";

        HttpResponse<String> r = post(server, "text/csv", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("row 20001, field 6 (age): \"NaN\" is not a number\n");
    }

    @Test
    void invocations_overlongLine_400() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", "1".repeat(100_000) + "\n");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("row 1 is longer than 65536 bytes");
    }

    @Test
    void invocations_jsonInstanceWithTooManyFeatures_400NamingTheRow() throws Exception {
        String body = "{\"instances\": [[52.0, 0.31, 7, 4, 1, 38], [52.0, 0.31, 7, 4, 1, 38, 9]]}";

        HttpResponse<String> r = post(server, "application/json", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("row 2: expected 6 features").contains("but found 7");
    }

    @Test
    void invocations_jsonFeatureNotANumber_400NamingRowAndFeature() throws Exception {
        HttpResponse<String> r = post(server, "application/json", "{\"instances\": [[52.0, \"0.31\", 7, 4, 1, 38]]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("row 1, feature 2 (debt_to_income): expected a number but found \"\"0.31\"");
    }

    @Test
    void invocations_malformedJson_400NamingTheByte() throws Exception {
        HttpResponse<String> r = post(server, "application/json", "{\"instances\": [[52.0, 0.31, 7, 4, 1, 38]");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("malformed JSON at byte 40: expected ',' or ']'");
    }

    @Test
    void invocations_jsonWithoutInstances_400ShowingTheShape() throws Exception {
        HttpResponse<String> r = post(server, "application/json", "{\"inputs\": [[1, 2, 3, 4, 5, 6]]}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("no \"instances\" array").contains("{\"instances\": [[income_k");
    }

    @Test
    void invocations_jsonLinesBadLine_400NamingTheRow() throws Exception {
        String body = "[52.0, 0.31, 7, 4, 1, 38]\n[52.0, 0.31, 7, 4, 1, 38]\n[52.0, 0.31, 7, 4, 1, 38] [1]\n";

        HttpResponse<String> r = post(server, "application/jsonlines", body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("row 3: malformed JSON at byte 26 of the line: expected the end of the line");
    }

    @Test
    void invocations_unsupportedContentType_415NamingTheSupportedOnes() throws Exception {
        HttpResponse<String> r = post(server, "application/x-recordio-protobuf", "\u0001\u0002");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("application/x-recordio-protobuf").contains("text/csv");
    }

    @Test
    void invocations_noContentType_415() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/invocations")).timeout(TIMEOUT)
                .POST(BodyPublishers.ofString("52.0,0.31,7,4,1,38\n")).build();

        HttpResponse<String> r = http.send(request, BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).startsWith("no Content-Type");
    }

    // --- /invocations: size, concurrency, headers ----------------------------------------------------------------

    @Test
    void invocations_20MegabyteCsv_answersOneLinePerRow() throws Exception {
        ByteArrayOutputStream part = new ByteArrayOutputStream(2_000_000);
        long partRows = CreditDataset.writeCsvUpTo(part, 2_000_000, 20L);
        List<byte[]> parts = Collections.nCopies(10, part.toByteArray());   // 20 MB, without drawing 20 MB of rows

        HttpResponse<byte[]> r = http.send(invocation(server, "text/csv", BodyPublishers.ofByteArrays(parts)).build(),
                BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        byte[] body = r.body();
        long lines = 0;
        for (byte b : body) {
            lines += b == '\n' ? 1 : 0;
        }
        assertThat(lines).isEqualTo(10 * partRows);
        assertThat(body.length).isEqualTo(lines * "0.123456\n".length());
        double[][] partApplicants = CreditDataset.applicants((int) partRows, 20L);
        String expectedTail = expectedCsv(Arrays.copyOfRange(partApplicants, partApplicants.length - 1_000,
                partApplicants.length));
        assertThat(new String(body, body.length - expectedTail.length(), expectedTail.length(),
                StandardCharsets.US_ASCII)).isEqualTo(expectedTail);
    }

    @Test
    void invocations_concurrentRequests_eachAnsweredWithItsOwnRows() {
        int requests = 16;
        long before = server.invocations();
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            futures.add(http.sendAsync(invocation(server, "text/csv",
                    BodyPublishers.ofString(CreditDataset.csvRows(300, 100L + i))).build(), BodyHandlers.ofString()));
        }

        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r = futures.get(i).join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("request %d", i).isEqualTo(expectedCsv(CreditDataset.applicants(300, 100L + i)));
        }
        assertThat(server.invocations() - before).isGreaterThanOrEqualTo(requests);
    }

    @Test
    void invocations_sageMakerHeaders_customAttributesEchoedOthersAccepted() throws Exception {
        HttpRequest request = invocation(server, "text/csv", BodyPublishers.ofString("52.0,0.31,7,4,1,38\n"))
                .header("X-Amzn-SageMaker-Custom-Attributes", "trace=abc-123,tenant=acme")
                .header("X-Amzn-SageMaker-Inference-Id", "0b9c8f2e-1d5e-4f8a-9c3b-1234567890ab")
                .header("X-Amzn-SageMaker-Target-Model", "credit-v2.tar.gz")
                .header("X-Amzn-SageMaker-Target-Variant", "Canary")
                .build();

        HttpResponse<String> r = http.send(request, BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Amzn-SageMaker-Custom-Attributes")).hasValue("trace=abc-123,tenant=acme");
        assertThat(r.body()).isEqualTo(expectedCsv(new double[][] {{52.0, 0.31, 7, 4, 1, 38}}));
    }

    @Test
    void invocations_withoutCustomAttributes_noneEchoed() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", "52.0,0.31,7,4,1,38\n");

        assertThat(r.headers().firstValue("X-Amzn-SageMaker-Custom-Attributes")).isEmpty();
    }

    // --- lifecycle and builder options ---------------------------------------------------------------------------

    @Test
    void invocations_eachRequest_counted() throws Exception {
        try (ModelServer own = ModelServer.start(model)) {
            post(own, "text/csv", "52.0,0.31,7,4,1,38\n");
            post(own, "text/csv", "bad\n");
            get(own, "/ping");

            assertThat(own.invocations()).isEqualTo(2);
        }
    }

    @Test
    void close_runningServer_freesThePortForANewServer() throws Exception {
        ModelServer first = ModelServer.start(model);
        int port = first.port();
        // Own clients: a connection pooled to the first server must not be offered to the second.
        assertThat(newClient().send(ping(first), BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        first.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        try (ModelServer second = ModelServer.builder(model).port(port).start()) {
            assertThat(second.uri()).isEqualTo(URI.create("http://127.0.0.1:" + port));
            assertThat(newClient().send(ping(second), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void start_portInUse_throwsNamingThePort() {
        try (ModelServer first = ModelServer.start(model)) {
            assertThatThrownBy(() -> ModelServer.builder(model).port(first.port()).start())
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port());
        }
    }

    @Test
    void delay_longerThanTheClientTimeout_clientTimesOutAndCloseInterruptsAtOnce() {
        ModelServer slow = ModelServer.builder(model).delay(Duration.ofSeconds(3)).start();
        HttpRequest request = invocation(slow, "text/csv", BodyPublishers.ofString("52.0,0.31,7,4,1,38\n"))
                .timeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> http.send(request, BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        slow.close();
        // closed at once: the port no longer accepts connections, though a request was still being delayed
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", slow.port()).close())
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void threads_fewerThanRequests_extraRequestsWait() {
        try (ModelServer pool = ModelServer.builder(model).threads(3).delay(Duration.ofMillis(300)).start()) {
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(http.sendAsync(invocation(pool, "text/csv", BodyPublishers.ofString("52,0.3,7,4,1,38\n"))
                        .build(), BodyHandlers.ofString()));
            }
            futures.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // 6 requests on 3 threads need at least two rounds of 300 ms (an unbounded pool would take one round);
            // no upper bound: this machine's load is not the server's business
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void serve_containerArguments_startsTheDefaultModelAndPrintsTheUrl() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        try (ModelServer s = ModelServer.serve(List.of("serve", "0"), new PrintStream(printed, true,
                StandardCharsets.UTF_8))) {
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .startsWith("Credit model serving on " + s.uri() + " (Ctrl-C to stop)")
                    .contains("income_k,debt_to_income,years_employed,open_credit_lines,has_mortgage,age");
            assertThat(s.model().coefficients()).isEqualTo(model.coefficients());
            assertThat(get(s, "/ping").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void serve_badArguments_rejected() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ModelServer.serve(List.of("http"), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the port must be a number but was \"http\"");
        assertThatThrownBy(() -> ModelServer.serve(List.of("serve", "1", "2"), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unexpected arguments [1, 2]");
    }

    @Test
    void builder_invalidSettings_rejectedNamingTheSetting() {
        ModelServer.Builder b = ModelServer.builder(model);

        assertThatThrownBy(() -> b.port(-1)).hasMessage("port must be 0 to 65535 but was -1");
        assertThatThrownBy(() -> b.port(65_536)).hasMessage("port must be 0 to 65535 but was 65536");
        assertThatThrownBy(() -> b.threads(0)).hasMessage("threads must be at least 1 but was 0");
        assertThatThrownBy(() -> b.delay(Duration.ofMillis(-1))).hasMessage("delay must not be negative but was PT-0.001S");
        assertThatThrownBy(() -> ModelServer.builder(null)).isInstanceOf(NullPointerException.class);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    private static HttpRequest ping(ModelServer s) {
        return HttpRequest.newBuilder(s.uri().resolve("/ping")).timeout(TIMEOUT).build();
    }

    private static HttpRequest.Builder invocation(ModelServer s, String contentType, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(s.uri().resolve("/invocations")).timeout(TIMEOUT)
                .header("Content-Type", contentType).POST(body);
    }

    private static HttpResponse<String> post(ModelServer s, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(invocation(s, contentType, BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(ModelServer s, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(s.uri().resolve(path)).timeout(TIMEOUT).GET().build(),
                BodyHandlers.ofString());
    }

    /** The expected CSV answer, formatted independently of the server's formatter. */
    private static String expectedCsv(double[][] rows) {
        StringBuilder sb = new StringBuilder();
        for (double[] row : rows) {
            sb.append(String.format(Locale.ROOT, "%.6f", model.score(row))).append('\n');
        }
        return sb.toString();
    }

    private static String expectedJson(double[][] rows) {
        return Arrays.stream(rows).map(row -> String.format(Locale.ROOT, "%.6f", model.score(row)))
                .collect(Collectors.joining(",", "{\"predictions\":[", "]}"));
    }

    private static String jsonArrays(double[][] rows) {
        return Arrays.stream(rows).map(ModelServerTest::jsonArray).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String jsonArray(double[] row) {
        return Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
