/**
 * The lab as the user asked for it ({@link dev.swarmlab.plan.LabSpec}), validated, as records, and
 * the contract every lab's templates, images and readers share ({@link dev.swarmlab.plan.LabContract}).
 * Depends only on {@code error}.
 */
package dev.swarmlab.plan;
