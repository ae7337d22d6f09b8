package io.github.sminference.cli;

import io.github.sminference.exception.InferenceException;
import io.github.sminference.exception.InvalidRequestException;
import io.github.sminference.exception.NotSupportedException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;

/**
 * Turns what went wrong into one line on stderr and an exit status: 2 for a command line the tool cannot run (a
 * bad or missing option, a request over its mode's limits: nothing was sent), 1 for a failure of the service, the
 * model or the work, with the typed error's message. A stack trace only with {@code --debug}.
 */
final class Errors {
    /** The command ran to the end. */
    static final int OK = 0;
    /** The service, the model or the work failed. */
    static final int FAILED = 1;
    /** The command line was wrong; nothing was sent. */
    static final int USAGE = 2;

    /** SDK field names (as InvalidRequestException names them) and the option that sets each. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("payload", "--body"),
            Map.entry("payload.location", "--body-location"),
            Map.entry("contentType", "--content-type"),
            Map.entry("dataset.contentType", "--content-type"),
            Map.entry("accept", "--accept"),
            Map.entry("dataset.accept", "--accept"),
            Map.entry("customAttributes", "--custom-attributes"),
            Map.entry("inferenceId", "--inference-id"),
            Map.entry("targetModel", "--target-model"),
            Map.entry("targetVariant", "--target-variant"),
            Map.entry("targetContainerHostname", "--target-container-hostname"),
            Map.entry("inferenceComponentName", "--inference-component"),
            Map.entry("sessionId", "--session-id"),
            Map.entry("enableExplanations", "--enable-explanations"),
            Map.entry("idempotencyKey", "--idempotency-key"),
            Map.entry("timeout", "--timeout"),
            Map.entry("modelTimeout", "--model-timeout"),
            Map.entry("queueTtl", "--queue-ttl"),
            Map.entry("endpointName", "--endpoint"),
            Map.entry("mode", "--mode"),
            Map.entry("region", "--region"),
            Map.entry("token", "TOKEN"),
            Map.entry("files", "FILES"),
            Map.entry("s3Prefix", "--s3-prefix"),
            Map.entry("manifestUri", "--manifest"),
            Map.entry("maxPayloadInMb", "--max-payload-mb"),
            Map.entry("maxConcurrentTransforms", "--max-concurrent-transforms"),
            Map.entry("maxRetries", "--max-retries"),
            Map.entry("jobName", "--job-name"),
            Map.entry("outputLocation", "--output-location"),
            Map.entry("requestsPerSecond", "--requests-per-second"),
            Map.entry("joinSource", "--join"),
            Map.entry("assembleWith", "--assemble-with"),
            Map.entry("batchStrategy", "--batch-strategy"),
            Map.entry("stagingLocation", "--staging"),
            Map.entry("notificationQueueUrl", "--sns-queue"),
            Map.entry("kmsKeyId", "--kms-key-id"),
            Map.entry("instanceType", "--instance-type"),
            Map.entry("instanceCount", "--instance-count"),
            Map.entry("inputStagingLocation", "--staging"),
            Map.entry("defaultOutputLocation", "--output-location"),
            Map.entry("maxConcurrency", "--max-concurrency"),
            Map.entry("container/handler", "--local"));

    private Errors() {
    }

    /** picocli's parse errors: one line naming the option, and where the help is. */
    static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintStream err = errOf(cmd);
        err.println(prefix(cmd) + oneLine(e.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName()
                + " --help')");
        if (debug(args)) {
            e.printStackTrace(err);
        }
        return USAGE;
    }

    /** Exceptions from a command's {@code call()}. */
    static int onExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintStream err = errOf(cmd);
        int code;
        String message;
        if (e instanceof UsageException) {
            code = USAGE;
            message = e.getMessage();
        } else if (e instanceof InvalidRequestException) {
            code = USAGE;
            InvalidRequestException ire = (InvalidRequestException) e;
            String option = ire.field() == null ? null : OPTIONS.get(ire.field());
            message = (option == null ? "" : option + ": ") + e.getMessage();
        } else if (e instanceof NotSupportedException) {
            code = USAGE;
            message = e.getMessage();
        } else if (e instanceof InferenceException) {
            code = FAILED;
            message = e.getClass().getSimpleName() + ": " + e.getMessage();
        } else if (e instanceof UncheckedIOException) {
            code = FAILED;
            message = e.getMessage() + ": " + e.getCause().getMessage();
        } else {
            code = FAILED;
            message = "unexpected error " + e + (isDebug(parsed) ? "" : " (run with --debug for the stack trace)");
        }
        err.println(prefix(cmd) + oneLine(message));
        if (isDebug(parsed)) {
            e.printStackTrace(err);
        }
        return code;
    }

    private static PrintStream errOf(CommandLine cmd) {
        CommandLine top = cmd;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        Object root = top.getCommand();
        return root instanceof Cli ? ((Cli) root).io().err : System.err;
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": error: ";
    }

    /** Messages can carry a model's multi-line text; an error is one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static boolean isDebug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static boolean debug(String[] args) {
        for (String a : args) {
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }
}
