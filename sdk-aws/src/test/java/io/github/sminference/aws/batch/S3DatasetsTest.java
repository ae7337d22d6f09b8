package io.github.sminference.aws.batch;

import static io.github.sminference.aws.batch.BatchTestSupport.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sminference.Dataset;
import io.github.sminference.aws.internal.S3Datasets;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.spi.RecordSource;
import io.github.sminference.testsupport.MotoExtension;
import io.github.sminference.testsupport.MotoServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/** S3 prefixes and manifests as ordered record sources (for the fan-out engine), against moto's S3. */
class S3DatasetsTest {
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension(MotoExtension.ResetMode.BEFORE_EACH);

    private S3Client s3;
    private BatchTestSupport.Recorder calls;

    /** Forces pages of two keys, so every listing takes several pages. */
    private static final class SmallPages implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof ListObjectsV2Request) {
                return ((ListObjectsV2Request) context.request()).toBuilder().maxKeys(2).build();
            }
            return context.request();
        }
    }

    @BeforeEach
    void setUp(MotoServer moto) {
        calls = new BatchTestSupport.Recorder();
        s3 = BatchTestSupport.s3(moto.endpoint(), new SmallPages(), calls);
        s3.createBucket(b -> b.bucket("data"));
    }

    @AfterEach
    void tearDown() {
        s3.close();
    }

    private static String text(RecordSource s) throws Exception {
        try (InputStream in = s.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sources_s3Prefix_everyPageInKeyOrderWithoutFolderKeys() throws Exception {
        for (String k : List.of("p/e.csv", "p/b.csv", "p/folder/", "p/folder/d.csv", "p/a.csv", "p/c.csv",
                "q/x.csv")) {
            put(s3, "s3://data/" + k, k.endsWith("/") ? "" : "content of " + k);
        }
        List<RecordSource> sources = S3Datasets.sources(s3, null, Dataset.ofS3Prefix("s3://data/p/"));
        assertThat(sources).extracting(RecordSource::name).containsExactly("s3://data/p/a.csv",
                "s3://data/p/b.csv", "s3://data/p/c.csv", "s3://data/p/e.csv", "s3://data/p/folder/d.csv");
        assertThat(sources.get(0).size()).hasValue("content of p/a.csv".length());
        assertThat(text(sources.get(4))).isEqualTo("content of p/folder/d.csv");
        assertThat(text(sources.get(4))).as("opened twice, read from the start").isEqualTo(
                "content of p/folder/d.csv");
        assertThat(calls.of(ListObjectsV2Request.class)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void sources_manifest_listedOrderAndExpectedOwnerOnEveryRead() throws Exception {
        put(s3, "s3://data/m/1.csv", "one");
        put(s3, "s3://data/m/2.csv", "two");
        put(s3, "s3://data/manifest", "[{\"prefix\": \"s3://data/m/\"}, \"2.csv\", \"1.csv\"]");
        List<RecordSource> sources = S3Datasets.sources(s3, "123456789012", Dataset.ofManifest(
                "s3://data/manifest"));
        assertThat(sources).extracting(RecordSource::name).containsExactly("s3://data/m/2.csv",
                "s3://data/m/1.csv");
        assertThat(sources.stream().map(s -> {
            try {
                return text(s);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toList())).containsExactly("two", "one");
        assertThat(calls.of(GetObjectRequest.class)).hasSize(3)
                .allSatisfy(r -> assertThat(r.expectedBucketOwner()).isEqualTo("123456789012"));
    }

    @Test
    void parseManifest_malformed_isAClearErrorNamingTheManifest() {
        for (String bad : List.of("{}", "[]", "[\"a\"]", "[{\"prefix\":\"/local/\"}]", "[{\"prefix\":\"s3://data/\"}, 7]",
                "[{\"prefix\":\"s3://data/\"}, \"a\"")) {
            assertThatThrownBy(() -> S3Datasets.parseManifest("s3://data/manifest", bad)).as(bad)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.field()).isEqualTo("manifest");
                        assertThat(e.value()).isEqualTo("s3://data/manifest");
                    });
        }
        assertThat(S3Datasets.parseManifest("m", "[{\"prefix\":\"s3://data/p/\"}]").entries()).isEmpty();
    }

    @Test
    void sources_recordsInMemory_areNotObjects() {
        assertThatThrownBy(() -> S3Datasets.sources(s3, null, Dataset.ofRecords(List.of("a"))))
                .isInstanceOf(InvalidRequestException.class);
    }
}
