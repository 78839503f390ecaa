package io.celebaspark.data;

/**
 * The ways CelebA is found on disk. Users download it from the authors' site, through torchvision or from
 * Kaggle, and each puts the same content under different names; naming the layout (rather than asking the
 * user to spell out five paths) lets {@code preprocess --input} take whatever folder they already have, and
 * the manifest records which one it was.
 */
public enum SourceLayout {
    /** The release as the authors distribute it: {@code Anno/}, {@code Eval/}, {@code Img/img_align_celeba/}. */
    OFFICIAL,
    /** torchvision's flat {@code celeba/} folder: the release's text files and {@code img_align_celeba/} side by side. */
    TORCHVISION,
    /** The Kaggle re-upload: CSV annotations with a header, nested {@code img_align_celeba/img_align_celeba/}, no identities. */
    KAGGLE
}
