package io.github.sminference.cli;

import io.github.sminference.InvocationMode;
import java.util.Locale;
import picocli.CommandLine;

/** {@code --mode}: {@code real-time}, {@code serverless}, {@code async} or {@code batch} (enum names work too). */
final class Modes implements CommandLine.ITypeConverter<InvocationMode> {
    @Override
    public InvocationMode convert(String value) {
        return parse(value);
    }

    static InvocationMode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (v) {
            case "real-time":
            case "realtime":
                return InvocationMode.REAL_TIME;
            case "serverless":
                return InvocationMode.SERVERLESS;
            case "async":
            case "async-endpoint":
            case "asynchronous":
                return InvocationMode.ASYNC_ENDPOINT;
            case "batch":
            case "batch-transform":
                return InvocationMode.BATCH;
            default:
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a mode: use real-time, serverless, async or batch");
        }
    }

    /** The name {@code --mode} takes for a mode. */
    static String name(InvocationMode mode) {
        switch (mode) {
            case REAL_TIME:
                return "real-time";
            case SERVERLESS:
                return "serverless";
            case ASYNC_ENDPOINT:
                return "async";
            default:
                return "batch";
        }
    }
}
