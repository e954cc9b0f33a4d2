package dev.swarmlab.engine;

import dev.swarmlab.plan.LabContract;

/**
 * The labels on everything swarmlab creates: docker compose's own, so {@code docker compose -p NAME
 * ps} sees the lab, and one of swarmlab's, by which it finds (and only ever removes) its own.
 */
public final class Labels {
  public static final String PROJECT = "com.docker.compose.project";
  public static final String SERVICE = "com.docker.compose.service";
  public static final String NUMBER = "com.docker.compose.container-number";
  public static final String ONEOFF = "com.docker.compose.oneoff";
  public static final String CONFIG_HASH = "com.docker.compose.config-hash";
  public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
  public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
  public static final String NETWORK = "com.docker.compose.network";
  public static final String VOLUME = "com.docker.compose.volume";
  public static final String SWARMLAB_PROJECT = LabContract.PROJECT_LABEL;
  public static final String SWARMLAB_IMAGE = LabContract.IMAGE_LABEL;

  /** Which {@code up} created it: a failed or interrupted up removes exactly what it made. */
  public static final String SWARMLAB_RUN = LabContract.RUN_LABEL;

  /**
   * On a helper container run for a lab ({@link Engine#runHelper}): the lab's name. Helpers do not
   * carry the project's labels, so they are never taken for one of its containers.
   */
  public static final String SWARMLAB_HELPER = "swarmlab.helper-of";

  private Labels() {}
}
