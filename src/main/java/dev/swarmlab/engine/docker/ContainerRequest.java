package dev.swarmlab.engine.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.engine.Labels;
import dev.swarmlab.engine.ProjectApplier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of a service as the Engine API creates it: name, labels (compose's and swarmlab's),
 * mounts, ports, privileges, health check. Made from the compose model alone, without an engine.
 *
 * @param user {@code uid:gid} to run as; null for the image's own
 * @param command null for the image's own
 * @param stopSignal null for the image's own
 * @param healthCheck null for the image's own
 */
record ContainerRequest(
    String name,
    String image,
    String hostName,
    String alias,
    Map<String, String> labels,
    List<String> environment,
    List<ExposedPort> exposedPorts,
    HostConfig hostConfig,
    String user,
    List<String> command,
    String stopSignal,
    HealthCheck healthCheck) {

  /**
   * Replica {@code number} of {@code service} in {@code project}, labelled for run {@code runId}.
   */
  static ContainerRequest of(
      String project, ServiceSpec service, int number, Path configFile, String runId) {
    Map<String, String> labels = new LinkedHashMap<>(service.labels());
    labels.put(Labels.PROJECT, project);
    labels.put(Labels.SERVICE, service.name());
    labels.put(Labels.NUMBER, Integer.toString(number));
    labels.put(Labels.ONEOFF, "False");
    labels.put(Labels.CONFIG_HASH, service.configHash());
    labels.put(Labels.WORKING_DIR, configFile.toAbsolutePath().getParent().toString());
    labels.put(Labels.CONFIG_FILES, configFile.toAbsolutePath().toString());
    labels.put(Labels.SWARMLAB_PROJECT, project);
    labels.put(Labels.SWARMLAB_RUN, runId);

    List<Mount> mounts = new ArrayList<>();
    for (ServiceSpec.Mount m : service.mounts()) {
      boolean bind = m.type() == ServiceSpec.Mount.Type.BIND;
      mounts.add(
          new Mount()
              .withType(bind ? MountType.BIND : MountType.VOLUME)
              .withSource(bind ? m.source() : ProjectApplier.volume(project, m.source()))
              .withTarget(m.target())
              .withReadOnly(m.readOnly()));
    }
    Ports bindings = new Ports();
    List<ExposedPort> exposed = new ArrayList<>();
    for (ServiceSpec.Port p : service.ports()) {
      ExposedPort port =
          "udp".equals(p.protocol())
              ? ExposedPort.udp(p.containerPort())
              : ExposedPort.tcp(p.containerPort());
      exposed.add(port);
      bindings.bind(
          port,
          p.hostPort() == null
              ? Ports.Binding.bindIp(p.hostIp())
              : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()));
    }
    ServiceSpec.Privileges privileges = service.privileges();
    HostConfig hostConfig =
        HostConfig.newHostConfig()
            .withNetworkMode(ProjectApplier.network(project))
            .withMounts(mounts)
            .withPortBindings(bindings)
            .withCapDrop(
                privileges.capDrop().stream().map(Capability::valueOf).toArray(Capability[]::new))
            .withSecurityOpts(privileges.securityOpt())
            .withPidsLimit(privileges.pidsLimit());
    ServiceSpec.Health h = service.healthcheck();
    HealthCheck health =
        h == null
            ? null
            : new HealthCheck()
                .withTest(h.test())
                .withInterval(h.interval().toNanos())
                .withTimeout(h.timeout().toNanos())
                .withRetries(h.retries())
                .withStartPeriod(h.startPeriod().toNanos());
    return new ContainerRequest(
        project + "-" + service.name() + "-" + number,
        service.image(),
        service.name() + "-" + number,
        service.name(),
        labels,
        service.environment().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .sorted()
            .toList(),
        exposed,
        hostConfig,
        privileges.user(),
        service.command().isEmpty() ? null : service.command(),
        service.stopSignal(),
        health);
  }

  /** {@code create} with everything this request says. */
  CreateContainerCmd applyTo(CreateContainerCmd create) {
    create
        .withName(name)
        .withHostName(hostName)
        .withLabels(labels)
        .withEnv(environment)
        .withExposedPorts(exposedPorts)
        .withAliases(alias)
        .withHostConfig(hostConfig);
    if (user != null) {
      create.withUser(user);
    }
    if (command != null) {
      create.withCmd(command);
    }
    if (stopSignal != null) {
      create.withStopSignal(stopSignal);
    }
    if (healthCheck != null) {
      create.withHealthcheck(healthCheck);
    }
    return create;
  }
}
