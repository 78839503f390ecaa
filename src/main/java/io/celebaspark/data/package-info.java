/**
 * CelebA as released: finding it in any of the download layouts
 * ({@link io.celebaspark.data.LayoutDetector}), parsing the attribute, partition and identity files
 * (CRLF or LF, text or Kaggle CSV), the 40 attribute names, the splits, and the reasons an image or row is left
 * out. Files are reached through Hadoop's {@code FileSystem} so the same code reads local disks, HDFS and S3.
 *
 * <p>May depend on Hadoop's file system API only; no Spark, DL4J or ND4J.
 */
package io.celebaspark.data;
