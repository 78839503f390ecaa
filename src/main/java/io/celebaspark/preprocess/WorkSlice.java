package io.celebaspark.preprocess;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One task's {@link WorkItem}s, shipped to the executor as one object of plain arrays. Parallelizing the
 * items themselves made Spark's Kryo hand every record to Java serialization on its own (Kryo 4 cannot
 * build records, see {@link io.celebaspark.spark.JavaRecordsRegistrator}): a fresh object stream per image,
 * which the profile showed costing more task time than reading the image file. Kryo and Java serialization
 * both move arrays of strings and numbers cheaply.
 */
final class WorkSlice implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String[] imageIds;
    private final String[] paths;
    private final String[] splits;
    private final int[] identities;
    private final long[] attributeBits;

    private WorkSlice(List<WorkItem> items) {
        int n = items.size();
        imageIds = new String[n];
        paths = new String[n];
        splits = new String[n];
        identities = new int[n];
        attributeBits = new long[n];
        for (int i = 0; i < n; i++) {
            WorkItem item = items.get(i);
            imageIds[i] = item.imageId();
            paths[i] = item.path();
            splits[i] = item.split();
            identities[i] = item.identity();
            attributeBits[i] = item.attributeBits();
        }
    }

    /**
     * {@code items} cut into {@code slices} contiguous runs, at the same boundaries as Spark's
     * {@code parallelize(items, slices)}, so that each task, and each file it writes, holds the same images.
     */
    static List<WorkSlice> cut(List<WorkItem> items, int slices) {
        List<WorkSlice> cut = new ArrayList<>(slices);
        long n = items.size();
        for (int i = 0; i < slices; i++) {
            cut.add(new WorkSlice(items.subList((int) (i * n / slices), (int) ((i + 1) * n / slices))));
        }
        return cut;
    }

    int size() {
        return imageIds.length;
    }

    WorkItem item(int i) {
        return new WorkItem(imageIds[i], paths[i], splits[i], identities[i], attributeBits[i]);
    }
}
