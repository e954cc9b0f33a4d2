package dev.swarmlab.scenario;

import java.util.Objects;

/**
 * One step of a scenario.
 *
 * @param index its place in the file, from 0, as errors name it ({@code steps[2]})
 * @param name what the file calls it, for display; null if it gives none
 * @param trigger when it runs
 * @param action what it does
 * @param line the line of the file it starts on, from 1
 */
public record Step(int index, String name, Trigger trigger, Action action, int line) {

  public Step {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(action, "action");
  }

  /**
   * In one line: {@code at 5s: throttle seeder up 1.0 MiB/s}, {@code at 30% progress: kill
   * seeder-1}; with its name after, in brackets, if it has one.
   */
  public String describe() {
    String text = trigger.describe() + ": " + action.describe();
    return name == null ? text : text + " (" + name + ")";
  }
}
