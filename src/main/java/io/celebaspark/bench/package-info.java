/**
 * Benchmarks, not tests: the one home of the project's speed measurements. The {@code submit/bench-*.sh}
 * commands run the classes here ({@link io.celebaspark.bench.PreprocessBenchmark},
 * {@link io.celebaspark.bench.DecodeBenchmark}, {@link io.celebaspark.bench.TrainBenchmark},
 * {@link io.celebaspark.bench.SpeedBenchmark}, {@link io.celebaspark.bench.TrainJobBenchmark}); the narrower
 * hand-run {@code *Speed} mains ({@link io.celebaspark.bench.OneDnnSpeed},
 * {@link io.celebaspark.bench.TaskThreadsSpeed}, {@link io.celebaspark.bench.KryoArraySpeed}) live here too, so they ship in the application jar and need no test
 * classpath. Programs in other languages that a benchmark runs (a C decode loop, the PyTorch side) are kept under
 * {@code src/bench/} and found by {@link io.celebaspark.bench.BenchSources}. Every benchmark writes a small results
 * file (CPU, JVM, commit, load, the table it printed) through {@link io.celebaspark.bench.BenchResults}.
 * {@code bench-speed}'s breakdown of a step's time ({@link io.celebaspark.bench.StepBreakdown}) keeps its pure
 * arithmetic apart from the DL4J and PyTorch measurements that feed it ({@link io.celebaspark.bench.Dl4jStepProfiler},
 * {@link io.celebaspark.bench.TorchRunner}).
 *
 * <p>May depend on every job and adapter package (it measures them) and on Spark, DL4J and ND4J; nothing but
 * {@code cli} depends on it.
 */
package io.celebaspark.bench;
