/**
 * A one-class bridge, not the project's code: DL4J 1.0.0-M2 looks up its oneDNN switch under this old class
 * name, which M2 ships elsewhere; {@link org.nd4j.nativeblas.Nd4jCpu} answers that lookup so DL4J's oneDNN layer
 * helpers attach (see {@code docs/architecture.md}, "Stack pitfalls").
 *
 * <p>May depend on ND4J only.
 */
package org.nd4j.nativeblas;
