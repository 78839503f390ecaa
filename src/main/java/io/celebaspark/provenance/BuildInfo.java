package io.celebaspark.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The code version every output records: the project version and the git commit it was built from
 * ({@code git.properties}, written at build time), with {@code -dirty} when the tree had uncommitted
 * changes. A dataset or model whose version says {@code unknown} was built outside git.
 */
public final class BuildInfo {
    private static final String VERSION = load();

    private BuildInfo() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT+3f2c1ab-dirty}. */
    public static String codeVersion() {
        return VERSION;
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/celeba-spark-git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = p.getProperty("git.build.version", "unknown");
        String commit = p.getProperty("git.commit.id.abbrev", "");
        boolean dirty = Boolean.parseBoolean(p.getProperty("git.dirty", "false"));
        return commit.isEmpty() ? version : version + "+" + commit + (dirty ? "-dirty" : "");
    }
}
