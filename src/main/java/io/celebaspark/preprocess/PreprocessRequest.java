package io.celebaspark.preprocess;

import io.celebaspark.config.PreprocessSettings;

/**
 * One preprocess run as asked for on the command line.
 *
 * @param input      CelebA root in any supported layout (any Hadoop URI)
 * @param output     data folder to create: {@code tensors/}, {@code manifest.json}, {@code rejects/}
 * @param overwrite  whether an existing output may be replaced
 * @param settings   validated preprocess settings
 * @param configJson the resolved configuration, recorded in the manifest
 */
public record PreprocessRequest(String input, String output, boolean overwrite, PreprocessSettings settings,
                                String configJson) {
}
