package io.celebaspark.experiment;

import io.celebaspark.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentFileTest {
    @TempDir
    Path dir;

    @Test
    void aNameIsLookedUpUnderConfExperimentsFirst() throws IOException {
        Files.createDirectories(dir.resolve("conf/experiments"));
        Files.writeString(dir.resolve("conf/experiments/quick.conf"), "experiment { description = mine }");
        ExperimentFile file = ExperimentFile.resolve("quick", dir);
        assertEquals("quick", file.name());
        assertEquals("conf/experiments/quick.conf", file.source());
        assertEquals("mine", file.parse().getString("experiment.description"));
    }

    @Test
    void aNameNotFoundThereComesFromTheJar() {
        ExperimentFile file = ExperimentFile.resolve("smith-vs-lr", dir);
        assertEquals("experiments/smith-vs-lr.conf (in the application jar)", file.source());
        assertTrue(file.parse().hasPath("experiment.arms"));
    }

    @Test
    void anExistingPathIsUsedAsIsAndNamesTheExperiment() throws IOException {
        Path mine = Files.writeString(dir.resolve("my-study.conf"), "experiment {}");
        ExperimentFile file = ExperimentFile.resolve(mine.toString(), Path.of(""));
        assertEquals("my-study", file.name());
        assertEquals(mine.toString(), file.source());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() throws IOException {
        Files.createDirectories(dir.resolve("conf/experiments"));
        Files.writeString(dir.resolve("conf/experiments/local-one.conf"), "experiment {}");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ExperimentFile.resolve("quik", dir));
        assertTrue(e.getMessage().startsWith("no experiment 'quik'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("named experiments: local-one, noise-vs-smith, quick, seed-replication,"
                + " smith-vs-lr"),
                e.getMessage());
    }

    @Test
    void aFileWhoseNameCannotStartARunIdIsRefused() throws IOException {
        Path odd = Files.writeString(dir.resolve("my study.conf"), "experiment {}");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExperimentFile.resolve(odd.toString(), Path.of("")));
        assertTrue(e.getMessage().contains("rename the file"), e.getMessage());
    }

    @Test
    void aSyntaxErrorNamesTheFile() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.conf"), "experiment { arms = [ }");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExperimentFile.resolve(broken.toString(), Path.of("")).parse());
        assertTrue(e.getMessage().startsWith("cannot parse experiment file " + broken), e.getMessage());
    }
}
