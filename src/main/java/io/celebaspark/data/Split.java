package io.celebaspark.data;

/**
 * CelebA's official evaluation partition. The numeric code is the one used by
 * {@code list_eval_partition.txt}; the name is the directory value of the tensors table
 * ({@code split=train}).
 */
public enum Split {
    TRAIN(0, "train"), VAL(1, "val"), TEST(2, "test");

    private final int code;
    private final String label;

    Split(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The split for a partition-file code, or {@code null} when the code is not 0, 1 or 2. */
    public static Split fromCode(int code) {
        for (Split s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    public static Split fromLabel(String label) {
        for (Split s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + label + "' (expected train, val or test)");
    }
}
