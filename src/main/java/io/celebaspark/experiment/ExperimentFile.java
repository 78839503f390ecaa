package io.celebaspark.experiment;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.celebaspark.config.ConfigurationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where an experiment is defined: {@code NAME_OR_FILE} on the command line is an existing file (used as is),
 * or a name looked up as {@code conf/experiments/NAME.conf} under the working directory (the project's
 * copy, which a user edits), then as {@code experiments/NAME.conf} inside the application jar (the build
 * packages {@code conf/experiments/}), so that the shipped experiments run from any directory. The
 * experiment's name, which tags its runs, is the file's base name.
 *
 * @param name   the experiment's name: the file name without {@code .conf}
 * @param source how messages name the file ({@code conf/experiments/quick.conf}, ...)
 * @param url    where its text is read from
 */
public record ExperimentFile(String name, String source, URL url) {
    /** Where named experiments live, relative to the working directory. */
    private static final String DIRECTORY = "conf/experiments";
    /** Where the build puts them inside the jar. */
    private static final String RESOURCE_DIRECTORY = "experiments";
    private static final String SUFFIX = ".conf";
    /** Experiment names start run ids, so they obey the run-id alphabet. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ExperimentFile {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException("experiment file " + source + ": its name '" + name + "' starts the ids of"
                    + " its runs, so it must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit;"
                    + " rename the file");
        }
    }

    /**
     * Finds the experiment {@code nameOrFile} names, relative to {@code workingDir}.
     *
     * @throws ConfigurationException when it is neither a file nor a known name, listing the known names
     */
    public static ExperimentFile resolve(String nameOrFile, Path workingDir) {
        Path file = workingDir.resolve(nameOrFile);
        if (Files.isRegularFile(file)) {
            return new ExperimentFile(baseName(file.getFileName().toString()), nameOrFile, url(file));
        }
        if (NAME.matcher(nameOrFile).matches() && !nameOrFile.endsWith(SUFFIX)) {
            Path named = workingDir.resolve(DIRECTORY).resolve(nameOrFile + SUFFIX);
            if (Files.isRegularFile(named)) {
                return new ExperimentFile(nameOrFile, DIRECTORY + "/" + nameOrFile + SUFFIX, url(named));
            }
            String resource = RESOURCE_DIRECTORY + "/" + nameOrFile + SUFFIX;
            URL packaged = ExperimentFile.class.getClassLoader().getResource(resource);
            if (packaged != null) {
                return new ExperimentFile(nameOrFile, resource + " (in the application jar)", packaged);
            }
        }
        Set<String> known = available(workingDir);
        throw new ConfigurationException("no experiment '" + nameOrFile + "': it is not a file, and there is no "
                + DIRECTORY + "/" + nameOrFile + SUFFIX + " here nor in the application jar; "
                + (known.isEmpty() ? "no named experiments were found" : "named experiments: " + String.join(", ", known)));
    }

    /** The names of the experiments under {@code workingDir/conf/experiments} and inside the jar, sorted. */
    public static Set<String> available(Path workingDir) {
        Set<String> names = confFiles(workingDir.resolve(DIRECTORY));
        names.addAll(packaged());
        return names;
    }

    /** Parses the file (HOCON, substitutions resolved); every value's origin names {@link #source} and its line. */
    public Config parse() {
        try {
            return ConfigFactory.parseURL(url, ConfigParseOptions.defaults().setOriginDescription(source)
                    .setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new ConfigurationException("cannot parse experiment file " + source + ": " + e.getMessage(), e);
        }
    }

    /** The experiments packaged next to this class: a classes folder in the build, the jar when submitted. */
    private static Set<String> packaged() {
        Path location;
        try {
            location = Path.of(ExperimentFile.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return new TreeSet<>(); // an unusual class loader: the list only serves an error message
        }
        if (Files.isDirectory(location)) {
            return confFiles(location.resolve(RESOURCE_DIRECTORY));
        }
        String prefix = RESOURCE_DIRECTORY + "/";
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith(prefix) && n.endsWith(SUFFIX) && n.indexOf('/', prefix.length()) < 0)
                    .map(n -> baseName(n.substring(prefix.length())))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return new TreeSet<>();
        }
    }

    /** The base names of the {@code .conf} files in {@code dir}; none when it does not exist. */
    private static Set<String> confFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new TreeSet<>();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUFFIX))
                    .map(ExperimentFile::baseName).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String baseName(String fileName) {
        return fileName.endsWith(SUFFIX) ? fileName.substring(0, fileName.length() - SUFFIX.length()) : fileName;
    }

    private static URL url(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
