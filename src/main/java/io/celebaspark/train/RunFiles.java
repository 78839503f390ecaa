package io.celebaspark.train;

import io.celebaspark.fs.HadoopFiles;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * The JSON files of a run folder, with one mapper (NaN allowed, because a metric without a denominator is
 * NaN, not a lie).
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

    static void writeJson(FileSystem fs, Path file, Object value) throws IOException {
        HadoopFiles.writeText(fs, file, JSON.writeValueAsString(value));
    }

    static <T> T readJson(FileSystem fs, Path file, Class<T> type) throws IOException {
        return JSON.readValue(HadoopFiles.readText(fs, file), type);
    }
}
