/**
 * The lab as the user asked for it ({@link dev.swarmlab.plan.LabSpec}), validated, as records.
 * Depends only on {@code error}.
 */
package dev.swarmlab.plan;
