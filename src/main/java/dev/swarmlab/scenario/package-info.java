/**
 * Scenarios: YAML files of timed steps that change a running lab on purpose (kill a seeder at 30%
 * progress, throttle the seeders, shape a link, scale the leechers, verify the payload), read
 * strictly into records ({@link dev.swarmlab.scenario.Scenario}); every mistake in a file is one
 * line naming the file, the line and the key. Pure: reads the file it is given and nothing else;
 * running the steps is for the caller. Depends on {@code plan} (sizes, rates, link conditions) and
 * {@code error}.
 */
package dev.swarmlab.scenario;
