package io.celebaspark.config;

/**
 * How a batch growth realised as scale-out gets its executors ({@code cluster.scale-out.mode} and
 * {@code .ready-timeout-seconds}; the cap on the workers, {@code cluster.scale-out.max-workers}, is the
 * controller's, in {@code ScheduleSettings}). Whether the session's Spark settings fit the mode is checked when
 * the session exists ({@code spark.ExecutorScaler}).
 *
 * @param mode                explicit executor requests from the driver, or Spark's dynamic allocation
 * @param readyTimeoutSeconds how long an epoch waits for requested executors before it runs on those there are
 */
public record ScaleOutSettings(ScaleOutMode mode, int readyTimeoutSeconds) {
    public static ScaleOutSettings from(ConfigReader r) {
        return new ScaleOutSettings(r.choice("cluster.scale-out.mode", ScaleOutMode.class),
                r.intIn("cluster.scale-out.ready-timeout-seconds", 1, 86_400));
    }
}
