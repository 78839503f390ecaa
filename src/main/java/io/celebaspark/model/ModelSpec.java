package io.celebaspark.model;

/**
 * Everything that decides the shape of a network, kept apart from the optimiser so the trainer can change
 * the learning rate or updater without touching the architecture, and so a saved model can say exactly
 * what it was built from. Input size comes from the manifest, {@code labels} from the configured attributes.
 *
 * @param architecture a name from {@link Architecture} ({@code compact}, {@code levi-hassner})
 * @param dropout      probability of <em>dropping</em> an activation (as in the papers and PyTorch), in
 *                     [0, 1); DL4J's own {@code dropOut(p)} takes the retain probability, and
 *                     {@link NetworkFactory} does that conversion in one place
 * @param l2           L2 penalty on weights (not biases, BatchNorm or running statistics); 0 for none
 * @param seed         seeds DL4J's weight initialisation and dropout masks, for reproducible runs
 */
public record ModelSpec(String architecture, int height, int width, int channels, int labels,
                        boolean batchNorm, double dropout, double l2, long seed) {

    public ModelSpec {
        Architecture.named(architecture);
        if (height < 32 || width < 32) {
            throw new IllegalArgumentException("input must be at least 32x32 for the networks' pooling, got "
                    + height + "x" + width);
        }
        if (channels < 1 || labels < 1) {
            throw new IllegalArgumentException("channels and labels must be positive, got channels=" + channels
                    + ", labels=" + labels);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout is a drop probability in [0, 1), got " + dropout);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }
    }

    Architecture resolvedArchitecture() {
        return Architecture.named(architecture);
    }
}
