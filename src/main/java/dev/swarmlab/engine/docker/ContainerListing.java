package dev.swarmlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Containers by label, read through the transport as JSON trees: docker-java's typed list costs
 * every {@code status} a noticeable set-up (see bench/README.md, "Start-up").
 */
final class ContainerListing {
  private ContainerListing() {}

  /** Every container carrying all of {@code labels}, ordered by service and number. */
  static List<ContainerInfo> list(DockerApi api, Map<String, String> labels) {
    String filters;
    try {
      filters = DockerApi.JSON.writeValueAsString(Map.of("label", labelFilter(labels)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode containers =
        api.get(
            "/containers/json?all=1&filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8));
    List<ContainerInfo> out = new ArrayList<>();
    containers.forEach(c -> out.add(info(c)));
    out.sort(Comparator.comparing(ContainerInfo::service).thenComparingInt(ContainerInfo::number));
    return out;
  }

  static List<String> labelFilter(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }

  /** One entry of the Engine API's container list. */
  static ContainerInfo info(JsonNode c) {
    Map<String, String> labels = new HashMap<>();
    c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Map<Integer, Integer> published = new HashMap<>();
    for (JsonNode p : c.path("Ports")) {
      if (p.hasNonNull("PublicPort")
          && p.hasNonNull("PrivatePort")
          && "tcp".equals(p.path("Type").asText())) {
        published.putIfAbsent(p.get("PrivatePort").asInt(), p.get("PublicPort").asInt());
      }
    }
    String id = c.path("Id").asText();
    JsonNode names = c.path("Names");
    String name = names.size() == 0 ? id : names.get(0).asText().replaceFirst("^/", "");
    int number;
    try {
      number = Integer.parseInt(labels.getOrDefault(Labels.NUMBER, "0"));
    } catch (NumberFormatException e) {
      number = 0;
    }
    Map<String, String> mounts = new HashMap<>();
    for (JsonNode m : c.path("Mounts")) {
      if ("bind".equals(m.path("Type").asText())
          && m.hasNonNull("Destination")
          && m.hasNonNull("Source")) {
        mounts.put(m.get("Destination").asText(), m.get("Source").asText());
      }
    }
    String ip = null;
    for (JsonNode n : c.path("NetworkSettings").path("Networks")) {
      String a = n.path("IPAddress").asText("");
      if (!a.isEmpty()) {
        ip = a;
        break;
      }
    }
    return new ContainerInfo(
        id,
        name,
        labels.getOrDefault(Labels.SERVICE, ""),
        number,
        c.path("State").asText(),
        labels,
        published,
        mounts,
        ip,
        c.path("Created").asLong(0));
  }
}
