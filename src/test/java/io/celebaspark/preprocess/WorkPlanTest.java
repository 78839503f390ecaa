package io.celebaspark.preprocess;

import io.celebaspark.data.AnnotationProblem;
import io.celebaspark.data.AnnotationRow;
import io.celebaspark.data.RejectReason;
import io.celebaspark.data.Split;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WorkPlanTest {
    private static AnnotationRow row(String id, Split split) {
        return new AnnotationRow(id, split, 7, 1L << 20);
    }

    @Test
    void joinsRowsWithFilesAndRejectsEverythingElseWithAReason() {
        List<AnnotationRow> rows = List.of(row("000001.jpg", Split.TRAIN), row("000002.jpg", Split.VAL),
                row("000003.jpg", Split.TEST), row("000004.jpg", Split.TRAIN));
        List<AnnotationProblem> problems = List.of(
                new AnnotationProblem("000005.jpg", "list_attr_celeba.txt", 7, RejectReason.MALFORMED_ANNOTATION, "expected 41 fields, found 12"),
                new AnnotationProblem("000006.jpg", "list_attr_celeba.txt", 8, RejectReason.MALFORMED_ANNOTATION, "bad value 2"),
                new AnnotationProblem("000001.jpg", "list_attr_celeba.txt", 9, RejectReason.DUPLICATE_ANNOTATION, "again"),
                new AnnotationProblem(null, "list_eval_partition.txt", 3, RejectReason.MALFORMED_ANNOTATION, "empty name"));
        List<String> files = List.of("000004.jpg", "000001.jpg", "000002.jpg", "000005.jpg", "999999.jpg");

        WorkPlan plan = WorkPlan.build(rows, problems, files, "/in/img", 0, 2, "s");

        assertEquals(List.of(List.of("000001.jpg", "000002.jpg"), List.of("000004.jpg")),
                plan.shards().stream().map(s -> s.stream().map(WorkItem::imageId).toList()).toList());
        WorkItem first = plan.shards().get(0).get(0);
        assertEquals("/in/img/000001.jpg", first.path());
        assertEquals("train", first.split());
        assertEquals(7, first.identity());

        Map<String, RejectRecord> byId = plan.rejects().stream().filter(r -> r.imageId() != null)
                .filter(r -> r.reason() != RejectReason.DUPLICATE_ANNOTATION)
                .collect(Collectors.toMap(RejectRecord::imageId, r -> r));
        assertEquals(RejectReason.MISSING_IMAGE, byId.get("000003.jpg").reason());
        assertEquals("test", byId.get("000003.jpg").split());
        assertNull(byId.get("000003.jpg").path());
        // an image whose only row was malformed: the row's problem, with the image's path
        assertEquals(RejectReason.MALFORMED_ANNOTATION, byId.get("000005.jpg").reason());
        assertEquals("/in/img/000005.jpg", byId.get("000005.jpg").path());
        assertEquals("list_attr_celeba.txt:7: expected 41 fields, found 12", byId.get("000005.jpg").detail());
        // a malformed row without an image, and an image without any row
        assertEquals(RejectReason.MALFORMED_ANNOTATION, byId.get("000006.jpg").reason());
        assertNull(byId.get("000006.jpg").path());
        assertEquals(RejectReason.NO_ANNOTATION, byId.get("999999.jpg").reason());
        assertEquals(6, plan.rejects().size()); // 3 above, missing 000003, the duplicate, the nameless row
        // existing images: 3 decoded + 000005 + 999999
        assertEquals(5, plan.existingImages());
        assertEquals(3, plan.imagesToDecode());
    }

    @Test
    void limitTakesTheFirstImagesInIdOrderAndCountsTheRest() {
        List<AnnotationRow> rows = List.of(row("000003.jpg", Split.TRAIN), row("000001.jpg", Split.TRAIN),
                row("000002.jpg", Split.VAL));
        WorkPlan plan = WorkPlan.build(rows, List.of(), List.of("000003.jpg", "000002.jpg", "000001.jpg"), "d", 2, 10, "s");
        assertEquals(List.of("000001.jpg", "000002.jpg"), plan.shards().get(0).stream().map(WorkItem::imageId).toList());
        assertEquals(1, plan.skippedByLimit());
        assertEquals(0, plan.rejects().size());
    }

    @Test
    void fingerprintFollowsWorkAndSettings() {
        List<AnnotationRow> rows = List.of(row("000001.jpg", Split.TRAIN));
        String a = WorkPlan.build(rows, List.of(), List.of("000001.jpg"), "d", 0, 10, "s").fingerprint();
        assertEquals(a, WorkPlan.build(rows, List.of(), List.of("000001.jpg"), "d", 0, 10, "s").fingerprint());
        assertNotEquals(a, WorkPlan.build(rows, List.of(), List.of("000001.jpg"), "d", 0, 10, "t").fingerprint());
        assertNotEquals(a, WorkPlan.build(List.of(row("000001.jpg", Split.VAL)), List.of(), List.of("000001.jpg"), "d", 0, 10, "s").fingerprint());
    }
}
