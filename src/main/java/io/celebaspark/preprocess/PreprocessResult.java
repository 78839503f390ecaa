package io.celebaspark.preprocess;

import io.celebaspark.tensors.Manifest;

/**
 * What a finished preprocess run produced, for the console summary and for tests to assert on.
 *
 * @param output         the published data folder
 * @param manifest       the manifest written into it
 * @param statistics     exact counts behind the manifest
 * @param decoded        images decoded in this run (resumed shards excluded)
 * @param resumedShards  shards taken over from an earlier, interrupted run
 * @param seconds        wall time of the whole run
 * @param decodeSeconds  wall time of the shard loop (decode, crop, resize, write), without planning and
 *                       publishing
 */
public record PreprocessResult(String output, Manifest manifest, DatasetStatistics statistics, long decoded,
                               int resumedShards, double seconds, double decodeSeconds) {

    /** Images decoded per second of the shard loop in this run. */
    public double imagesPerSecond() {
        return decodeSeconds <= 0 ? 0 : decoded / decodeSeconds;
    }
}
