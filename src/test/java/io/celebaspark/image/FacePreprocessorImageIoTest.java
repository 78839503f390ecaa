package io.celebaspark.image;

/**
 * Every {@link FacePreprocessorTest} again on the ImageIO-only path: the fallback used where libjpeg-turbo is
 * not installed (or {@code celeba.jpeg.decoder=imageio}) must behave exactly as before.
 */
class FacePreprocessorImageIoTest extends FacePreprocessorTest {

    @Override
    FacePreprocessor preprocessor(ImageSpec spec) {
        return FacePreprocessor.imageIoOnly(spec);
    }

    @Override
    boolean expectTurbo() {
        return false;
    }
}
