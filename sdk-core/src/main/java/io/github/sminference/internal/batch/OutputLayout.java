package io.github.sminference.internal.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a batch transform writes the output of each input: {@code <name>.out}, in the matching subfolder under the
 * output prefix. The input's path relative to the input prefix is kept, and {@code .out} is appended to it.
 *
 * <p>For an S3 prefix ending in {@code /} (a folder) the relative path is what follows the prefix. For a prefix
 * without a trailing {@code /} (a key prefix, which S3 matches on characters, not folders) the relative path
 * starts after the prefix's last {@code /}, so the partial folder name the prefix matched is kept:
 * <pre>
 * prefix data/in/   key data/in/2024/x.csv      output prefix out/ -&gt; out/2024/x.csv.out
 * prefix data/in    key data/input-2024/x.csv   output prefix out  -&gt; out/input-2024/x.csv.out
 * prefix data/x.csv key data/x.csv              output prefix out/ -&gt; out/x.csv.out
 * </pre>
 *
 * <p>The AWS documentation states this rule with an example that looks garbled: input
 * {@code s3://bucket-name/input-name-prefix/dataset01/data.csv} gives
 * {@code s3://bucket-name/output-name-prefix/input-name-prefix/data.csv.out}, which drops {@code dataset01} (and
 * keeps {@code input-name-prefix}, which only a prefix without a trailing slash would keep). This class is our
 * reading of the rule, not a copy of that example: the whole relative path is kept, subfolders included.
 *
 * <p>Stateless and thread-safe.
 */
public final class OutputLayout {
    private OutputLayout() {
    }

    /**
     * The output key of one input object.
     *
     * @param inputPrefix the transform's input prefix: a key ({@code data/in/}) or a whole URI
     *     ({@code s3://bucket/data/in/}), with or without a trailing {@code /}; a URI naming only a bucket is a
     *     folder
     * @param inputKey the input object, in the same form as the prefix and starting with it
     * @param outputPrefix the output prefix (key or URI), with or without a trailing {@code /}; empty for the
     *     root
     * @return {@code outputPrefix}, one {@code /}, the relative path, then {@code .out}
     * @throws IllegalArgumentException if the key does not start with the prefix or names a folder
     */
    public static String outputKey(String inputPrefix, String inputKey, String outputPrefix) {
        Objects.requireNonNull(inputPrefix, "inputPrefix");
        Objects.requireNonNull(inputKey, "inputKey");
        Objects.requireNonNull(outputPrefix, "outputPrefix");
        if (!inputKey.startsWith(inputPrefix)) {
            throw new IllegalArgumentException("the input key '" + inputKey + "' is not under the input prefix '"
                    + inputPrefix + "'");
        }
        String relative;
        if (inputPrefix.endsWith("/") || isBucketUri(inputPrefix)) {
            relative = inputKey.substring(inputPrefix.length());
            if (relative.startsWith("/") && !inputPrefix.endsWith("/")) {
                relative = relative.substring(1);
            }
        } else {
            relative = inputKey.substring(inputPrefix.lastIndexOf('/') + 1);
        }
        if (relative.isEmpty() || relative.endsWith("/")) {
            throw new IllegalArgumentException("the input key '" + inputKey + "' names a folder, not an object");
        }
        int end = outputPrefix.length();
        while (end > 0 && outputPrefix.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return relative + ".out";
        }
        return outputPrefix.substring(0, end) + "/" + relative + ".out";
    }

    /**
     * The output file of one local input file: its path relative to the input root, under the output directory,
     * with {@code .out} appended.
     *
     * @param inputRoot the directory the inputs are relative to (see {@link #commonRoot(List)})
     * @param inputFile the input file, under {@code inputRoot}
     * @param outputDir the output directory
     * @return {@code outputDir/<relative dirs>/<name>.out}
     * @throws IllegalArgumentException if the file is not under the root
     */
    public static Path outputFile(Path inputRoot, Path inputFile, Path outputDir) {
        Path root = inputRoot.toAbsolutePath().normalize();
        Path file = inputFile.toAbsolutePath().normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("the input file " + inputFile + " is not under " + inputRoot);
        }
        Path relative = root.relativize(file);
        Path out = outputDir;
        int n = relative.getNameCount();
        for (int i = 0; i < n - 1; i++) {
            out = out.resolve(relative.getName(i).toString());
        }
        return out.resolve(relative.getName(n - 1) + ".out");
    }

    /**
     * The deepest directory that holds all the files (their common parent), the local equivalent of the input
     * prefix.
     *
     * @param files one or more files
     * @return the absolute, normalized common parent directory
     * @throws IllegalArgumentException if the list is empty or the files share no directory (different roots)
     */
    public static Path commonRoot(List<Path> files) {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("pass at least one file");
        }
        Path root = null;
        for (Path f : files) {
            Path file = f.toAbsolutePath().normalize();
            if (root == null) {
                root = file.getParent();
            }
            while (root != null && (!file.startsWith(root) || root.equals(file))) {
                root = root.getParent();
            }
            if (root == null) {
                throw new IllegalArgumentException("the files share no common directory: " + files);
            }
        }
        return root;
    }

    private static boolean isBucketUri(String prefix) {
        return prefix.startsWith("s3://") && prefix.indexOf('/', "s3://".length()) < 0;
    }
}
