/**
 * Run records: what one {@code up} of a lab leaves behind in {@code .swarmlab/PROJECT/runs/RUN/},
 * kept after {@code down}: the plan, the compose file, the lab's lifecycle events and every peer's
 * block log and peer file. {@link dev.swarmlab.runs.RunStore} finds them; {@link
 * dev.swarmlab.runs.RunRecord} is one. Depends on {@code plan} (the lab's shared names) and {@code
 * error}.
 */
package dev.swarmlab.runs;
