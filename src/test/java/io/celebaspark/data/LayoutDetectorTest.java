package io.celebaspark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutDetectorTest {
    private static final Configuration CONF = new Configuration(false);

    @TempDir
    Path root;

    private void touch(String... names) throws IOException {
        for (String name : names) {
            Path p = root.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
    }

    private void mkdir(String... names) throws IOException {
        for (String name : names) {
            Files.createDirectories(root.resolve(name));
        }
    }

    private String uri(String relative) {
        return "file:" + root.resolve(relative).toString().replaceAll("/$", "");
    }

    @Test
    void official() throws Exception {
        touch("Anno/list_attr_celeba.txt", "Anno/identity_CelebA.txt", "Eval/list_eval_partition.txt");
        mkdir("Img/img_align_celeba");
        CelebaSource s = LayoutDetector.detect(CONF, root.toString());
        assertEquals(SourceLayout.OFFICIAL, s.layout());
        assertEquals("file:" + root, s.root());
        assertEquals(uri("Anno/list_attr_celeba.txt"), s.attributesFile());
        assertEquals(uri("Eval/list_eval_partition.txt"), s.partitionFile());
        assertEquals(uri("Anno/identity_CelebA.txt"), s.identityFileOrNull());
        assertEquals(uri("Img/img_align_celeba"), s.imageDir());
        assertEquals("Anno/list_attr_celeba.txt", s.relativeName(s.attributesFile()));
    }

    @Test
    void torchvisionAtRootWithoutIdentity() throws Exception {
        touch("list_attr_celeba.txt", "list_eval_partition.txt");
        mkdir("img_align_celeba");
        CelebaSource s = LayoutDetector.detect(CONF, root.toString());
        assertEquals(SourceLayout.TORCHVISION, s.layout());
        assertEquals(uri("img_align_celeba"), s.imageDir());
        assertNull(s.identityFileOrNull());
        assertTrue(s.description().contains("identity unknown"), s.description());
    }

    @Test
    void torchvisionUnderCelebaSubfolder() throws Exception {
        touch("celeba/list_attr_celeba.txt", "celeba/list_eval_partition.txt", "celeba/identity_CelebA.txt");
        mkdir("celeba/img_align_celeba");
        CelebaSource s = LayoutDetector.detect(CONF, "file:" + root);
        assertEquals(SourceLayout.TORCHVISION, s.layout());
        assertEquals(uri("celeba"), s.root());
        assertEquals(uri("celeba/identity_CelebA.txt"), s.identityFileOrNull());
        assertEquals("list_attr_celeba.txt", s.relativeName(s.attributesFile()));
    }

    @Test
    void kaggleHasNoIdentity() throws Exception {
        touch("list_attr_celeba.csv", "list_eval_partition.csv", "list_bbox_celeba.csv");
        mkdir("img_align_celeba/img_align_celeba");
        CelebaSource s = LayoutDetector.detect(CONF, root.toString());
        assertEquals(SourceLayout.KAGGLE, s.layout());
        assertEquals(uri("img_align_celeba/img_align_celeba"), s.imageDir());
        assertNull(s.identityFileOrNull());
        assertTrue(s.description().contains("the Kaggle release has none"), s.description());
    }

    @Test
    void completeLayoutBeatsAnEarlierPartialOne() throws Exception {
        // Official annotations without Img/, next to a complete torchvision folder: take torchvision.
        touch("Anno/list_attr_celeba.txt", "Eval/list_eval_partition.txt",
                "list_attr_celeba.txt", "list_eval_partition.txt");
        mkdir("img_align_celeba");
        assertEquals(SourceLayout.TORCHVISION, LayoutDetector.detect(CONF, root.toString()).layout());
        mkdir("Img/img_align_celeba");
        assertEquals(SourceLayout.OFFICIAL, LayoutDetector.detect(CONF, root.toString()).layout());
    }

    @Test
    void missingPiecesAreNamedPerLayout() throws Exception {
        touch("Anno/list_attr_celeba.txt", "Img/img_align_celeba.zip", "list_attr_celeba.csv");
        CelebaLayoutException e = assertThrows(CelebaLayoutException.class,
                () -> LayoutDetector.detect(CONF, root.toString()));
        String m = e.getMessage();
        assertTrue(m.contains("Point --input at"), m);
        assertTrue(m.contains("OFFICIAL at file:" + root + ":\n      found:   Anno/list_attr_celeba.txt\n"
                + "      missing: Eval/list_eval_partition.txt, Img/img_align_celeba/ (Img/img_align_celeba.zip"
                + " is there: unzip it)"), m);
        assertTrue(m.contains("TORCHVISION at file:" + root + "/celeba:\n      found:   nothing"), m);
        assertTrue(m.contains("KAGGLE at file:" + root + ":\n      found:   list_attr_celeba.csv\n"
                + "      missing: list_eval_partition.csv, img_align_celeba/img_align_celeba/"), m);
    }

    @Test
    void missingRootSaysSo() {
        CelebaLayoutException e = assertThrows(CelebaLayoutException.class,
                () -> LayoutDetector.detect(CONF, root.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("nope does not exist"), e.getMessage());
    }
}
