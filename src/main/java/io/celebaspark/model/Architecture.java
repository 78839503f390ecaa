package io.celebaspark.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The networks a run can name in config ({@code train.architecture}). A closed set rather than reflection
 * or a plugin registry: each one is a deliberate, tested topology, and a misspelt name must fail at
 * configuration time listing what exists instead of at the first epoch.
 */
public enum Architecture {
    /** docs/architecture.md's reference network; the original study found simple networks beat the paper ones. */
    COMPACT("compact") {
        @Override
        NeuralNetConfiguration.ListBuilder addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
            return CompactNetwork.addLayers(layers, spec);
        }
    },
    /** Levi &amp; Hassner 2015 (age/gender CNN), the paper baseline, adapted to the input size. */
    LEVI_HASSNER("levi-hassner") {
        @Override
        NeuralNetConfiguration.ListBuilder addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec) {
            return LeviHassnerNetwork.addLayers(layers, spec);
        }
    };

    private final String configName;

    Architecture(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    abstract NeuralNetConfiguration.ListBuilder addLayers(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec);

    /** The architecture called {@code name} in config; the error lists the valid names. */
    public static Architecture named(String name) {
        for (Architecture a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "'; valid: "
                + Arrays.stream(values()).map(Architecture::configName).collect(Collectors.joining(", ")));
    }
}
