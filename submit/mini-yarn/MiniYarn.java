import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A one-node YARN cluster in this JVM (Hadoop's MiniYARNCluster: a ResourceManager and a NodeManager whose
 * containers are real processes), for running {@code spark-submit --master yarn} on one machine. Started by
 * {@code submit/mini-yarn.sh} in Java's source-file mode, from the classpath of {@code submit/mini-yarn/pom.xml}:
 * nothing to build, and none of Hadoop's server jars on the application's classpath.
 *
 * <p>usage: {@code java -cp CLASSPATH MiniYarn.java CONF_DIR}. Runs in the current directory (MiniYARNCluster
 * puts its NodeManager's local and log dirs under {@code target/celeba-mini-yarn/}); once the NodeManager has
 * registered it writes the client configuration ({@code core-site.xml}, then {@code yarn-site.xml}) into
 * CONF_DIR, the folder to use as {@code HADOOP_CONF_DIR}, and runs until it is terminated.
 *
 * <p>Everything listens on 127.0.0.1 (the bind hosts), on ports the system picks, so two clusters or other
 * servers on the machine never collide. YARN hands out the host name as the address of its services and
 * containers, so it must resolve to a loopback address; otherwise this refuses to start.
 */
public final class MiniYarn {
    private static final String NAME = "celeba-mini-yarn";
    /** The ResourceManager addresses a client (spark-submit) and an application master need. */
    private static final List<String> CLIENT_KEYS = List.of(YarnConfiguration.RM_ADDRESS,
            YarnConfiguration.RM_SCHEDULER_ADDRESS, YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS,
            YarnConfiguration.RM_ADMIN_ADDRESS, YarnConfiguration.RM_WEBAPP_ADDRESS);
    private static final long REGISTRATION_TIMEOUT_MS = 120_000;

    private MiniYarn() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Hadoop's non-daemon threads would keep alive a JVM whose cluster failed to start.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: MiniYarn CONF_DIR");
        }
        Path confDir = Path.of(args[0]);
        requireLoopbackHostName();
        MiniYARNCluster cluster = new MiniYARNCluster(NAME, 1, 1, 1, 1);
        cluster.init(configuration());
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "stop-" + NAME));
        cluster.start();
        if (!cluster.waitForNodeManagersToConnect(REGISTRATION_TIMEOUT_MS)) {
            throw new IllegalStateException("the NodeManager did not register with the ResourceManager in "
                    + REGISTRATION_TIMEOUT_MS / 1000 + " s; see this log");
        }
        Configuration running = cluster.getConfig();
        awaitBoundPort(running);
        writeClientConfiguration(running, confDir);
        System.out.println("mini YARN cluster up: ResourceManager " + running.get(YarnConfiguration.RM_ADDRESS)
                + ", node "
                + cluster.getNodeManager(0).getNMContext().getNodeId() + " ("
                + cluster.getNodeManager(0).getConfig().get(YarnConfiguration.NM_PMEM_MB) + " MB for containers),"
                + " HADOOP_CONF_DIR=" + confDir);
        Thread.currentThread().join();
    }

    private static YarnConfiguration configuration() {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(YarnConfiguration.RM_BIND_HOST, "127.0.0.1");
        conf.set(YarnConfiguration.NM_BIND_HOST, "127.0.0.1");
        // Spark in the containers on loopback too (otherwise it takes a host name that resolves to loopback as a
        // reason to use another interface): they inherit this JVM's SPARK_LOCAL_IP (mini-yarn.sh sets it) unless
        // the application sets its own.
        conf.set(YarnConfiguration.NM_ENV_WHITELIST, conf.get(YarnConfiguration.NM_ENV_WHITELIST) + ",SPARK_LOCAL_IP");
        // A nearly full shared disk must not mark the only node unhealthy (Spark's YARN tests do the same).
        conf.set(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, "100.0");
        // Containers in steps of 256 MB rather than 1 GB, so that an application master and an executor fit
        // the NodeManager's 4 GB that MiniYARNCluster fixes.
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        // hadoop-client-minicluster has no capacity-scheduler.xml: one queue with all of the cluster.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        return conf;
    }

    private static void requireLoopbackHostName() throws IOException {
        String host = MiniYARNCluster.getHostname();
        InetAddress address = InetAddress.getByName(host);
        if (!address.isLoopbackAddress()) {
            throw new IllegalStateException("this machine's host name " + host + " resolves to " + address.getHostAddress()
                    + ", not to a loopback address: the mini YARN cluster listens on 127.0.0.1 only and hands out"
                    + " the host name as its address. Map " + host + " to 127.0.0.1 in /etc/hosts, or use a real"
                    + " YARN cluster");
        }
    }

    /** MiniYARNCluster's start may return before the ResourceManager has put its bound port in the config. */
    private static void awaitBoundPort(Configuration running) throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_TIMEOUT_MS * 1_000_000;
        while (running.get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ResourceManager's address is still "
                        + running.get(YarnConfiguration.RM_ADDRESS));
            }
            Thread.sleep(100);
        }
    }

    /** yarn-site.xml last, each file moved into place whole: its presence means the cluster is ready. */
    private static void writeClientConfiguration(Configuration running, Path confDir) throws IOException {
        Files.createDirectories(confDir);
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "file:///");
        writeWhole(core, confDir.resolve("core-site.xml"));
        Configuration yarn = new Configuration(false);
        for (String key : CLIENT_KEYS) {
            yarn.set(key, running.get(key));
        }
        writeWhole(yarn, confDir.resolve("yarn-site.xml"));
    }

    private static void writeWhole(Configuration conf, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            conf.writeXml(out);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
