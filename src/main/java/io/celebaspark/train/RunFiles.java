package io.celebaspark.train;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Small files of a run folder on any Hadoop file system: JSON with one mapper (NaN allowed, because a
 * metric without a denominator is NaN, not a lie), text, and the write-then-rename that makes every
 * file of a run appear whole or not at all.
 */
final class RunFiles {
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private RunFiles() {
    }

    static FileSystem fs(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the file system of " + path + ": " + e.getMessage(), e);
        }
    }

    static void writeText(FileSystem fs, Path file, String text) throws IOException {
        try (FSDataOutputStream out = fs.create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String readText(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void writeJson(FileSystem fs, Path file, Object value) throws IOException {
        writeText(fs, file, JSON.writeValueAsString(value));
    }

    static <T> T readJson(FileSystem fs, Path file, Class<T> type) throws IOException {
        return JSON.readValue(readText(fs, file), type);
    }

    /** Makes {@code staging} (a finished folder) appear as {@code target}, replacing an older one. */
    static void publish(FileSystem fs, Path staging, Path target) throws IOException {
        if (fs.exists(target) && !fs.delete(target, true)) {
            throw new IOException("cannot replace " + target);
        }
        if (!fs.rename(staging, target)) {
            throw new IOException("cannot rename " + staging + " to " + target);
        }
    }
}
