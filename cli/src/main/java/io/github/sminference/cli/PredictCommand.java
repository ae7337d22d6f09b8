package io.github.sminference.cli;

import io.github.sminference.InferenceClient;
import io.github.sminference.InferenceRequest;
import io.github.sminference.InferenceResult;
import io.github.sminference.InvocationMode;
import io.github.sminference.ResponseStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code predict}: one request, the result on stdout or in a file. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        usageHelpAutoWidth = true, abbreviateSynopsis = true,
        description = {"Sends one request and writes the result to stdout (raw bytes) or --out-file.",
                "The body comes from --body FILE or stdin. It is checked against the mode's limits first: a body over"
                        + " them exits with status 2 and nothing is sent.",
                "On async and batch the request is submitted and waited for (see submit for a handle instead)."})
final class PredictCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    Target target;

    @Mixin
    RequestOptions request;

    @Option(names = "--out-file", paramLabel = "FILE", order = 50,
            description = "Write the result to FILE instead of stdout.")
    Path outFile;

    @Option(names = "--stream", order = 51,
            description = "Real-time: read the response as it arrives (InvokeEndpointWithResponseStream), for"
                    + " token streams and large outputs.")
    boolean stream;

    @Mixin
    Common common;

    PredictCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Results.checkWritable(outFile);
        InvocationMode mode = target.modeOrDefault();
        InferenceRequest r = request.build(io);
        try (InferenceClient client = target.open()) {
            if (!mode.isSynchronous()) {
                Jobs.awaitAndWrite(io, common, client.submit(r), r.timeout().orElse(null), outFile,
                        Jobs.showProgress(io, common, false));
            } else if (stream) {
                try (ResponseStream s = client.predictStream(r)) {
                    Results.write(io, common, outFile, s.inputStream(), s.contentType().orElse(null), s.metadata(),
                            null);
                }
            } else {
                InferenceResult result = client.predict(r);
                Results.write(io, common, outFile, result.inputStream(), result.contentType().orElse(null),
                        result.metadata(), null);
            }
        }
        return Errors.OK;
    }
}
