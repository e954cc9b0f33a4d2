/**
 * The lab as the user asked for it ({@link dev.swarmlab.plan.LabSpec} and its payload), validated,
 * as records; the sizes and durations a user writes ({@link dev.swarmlab.plan.Quantities}); and the
 * names, ports and paths that templates, images, engine and monitor share ({@link
 * dev.swarmlab.plan.LabContract}). Depends only on {@code error}.
 */
package dev.swarmlab.plan;
