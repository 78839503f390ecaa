package io.celebaspark.preprocess;

/**
 * What a finished preprocess run produced, for the console summary and for tests to assert on.
 *
 * @param output         the published data folder
 * @param manifest       the manifest written into it
 * @param statistics     exact counts behind the manifest
 * @param decoded        images decoded in this run (resumed shards excluded)
 * @param resumedShards  shards taken over from an earlier, interrupted run
 * @param seconds        wall time of the run
 */
public record PreprocessResult(String output, Manifest manifest, DatasetStatistics statistics, long decoded,
                               int resumedShards, double seconds) {

    /** Images decoded per second of wall time in this run. */
    public double imagesPerSecond() {
        return seconds <= 0 ? 0 : decoded / seconds;
    }
}
