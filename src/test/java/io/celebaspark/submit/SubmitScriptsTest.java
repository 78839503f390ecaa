package io.celebaspark.submit;

import org.apache.hadoop.util.VersionInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fast checks of what the submit/ scripts rely on; the scripts themselves run in SubmitScriptsIT. */
class SubmitScriptsTest {
    private static final Path PROJECT = Path.of(System.getProperty("celeba.project.dir", "."));

    private static String pomProperty(Path pom, String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
        assertTrue(m.find(), "no " + name + " in " + pom);
        return m.group(1);
    }

    @Test
    void launcherClasspathIsTheSameSparkAsTheBuild() throws IOException {
        assertEquals(pomProperty(PROJECT.resolve("pom.xml"), "spark.version"),
                pomProperty(PROJECT.resolve("submit/launcher/pom.xml"), "spark.version"));
    }

    /** The mini YARN cluster's Hadoop is the one Spark is built with (its hadoop-client-api, on this classpath). */
    @Test
    void miniYarnClusterIsTheHadoopOfSpark() throws IOException {
        assertEquals(VersionInfo.getVersion(), pomProperty(PROJECT.resolve("submit/mini-yarn/pom.xml"), "hadoop.version"));
    }

    @Test
    void mainClassNamedByTheScriptsExists() throws Exception {
        Matcher m = Pattern.compile("MAIN_CLASS=\"([^\"]+)\"").matcher(Files.readString(PROJECT.resolve("submit/common.sh")));
        assertTrue(m.find());
        assertEquals("main", Class.forName(m.group(1)).getMethod("main", String[].class).getName());
    }

    @Test
    void everyJobScriptRunsACommandTheCliKnows() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(PROJECT.resolve("submit"))) {
            scripts = s.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
        }
        Pattern run = Pattern.compile("^run_command (\\S+) \"\\$@\"$", Pattern.MULTILINE);
        int jobs = 0;
        for (Path script : scripts) {
            Matcher m = run.matcher(Files.readString(script));
            if (m.find()) {
                jobs++;
                String command = m.group(1);
                assertEquals(command + ".sh", script.getFileName().toString(), "one wrapper per command, named after it");
                int exit = io.celebaspark.cli.Main.run(new String[]{command, "--help"},
                        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                assertEquals(0, exit, script + " runs '" + command + "', which the CLI does not know");
            }
        }
        assertTrue(jobs >= 2, "found only " + jobs + " job scripts");
    }

    @Test
    void aMissingPropertiesFileIsRefusedBeforeAnythingStarts() throws Exception {
        Process p = new ProcessBuilder("bash", PROJECT.resolve("submit/sql.sh").toString(), "--properties-file",
                "conf/no-such.properties", "SELECT 1").directory(PROJECT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), output);
        assertEquals("[celeba-spark] --properties-file conf/no-such.properties: no such file (see conf/cluster-*.properties)",
                output.strip());
    }
}
