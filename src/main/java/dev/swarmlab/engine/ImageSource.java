package dev.swarmlab.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The build context of one of swarmlab's images ({@code docker/NAME/}, packaged in the jar), and
 * its tag: a hash of everything that goes into the build, so an unchanged image is never rebuilt.
 *
 * @param target the Dockerfile's stage to build, for a context that makes several images; null for
 *     the whole file
 */
public record ImageSource(String name, Map<String, byte[]> files, String target) {

  /** The file a Dockerfile copies to trust extra CA certificates during its build. */
  public static final String EXTRA_CA_FILE = "extra-ca-certificates.crt";

  public ImageSource {
    files = Map.copyOf(files);
  }

  /** The image the whole of {@code files} builds. */
  public ImageSource(String name, Map<String, byte[]> files) {
    this(name, files, null);
  }

  /** Image {@code name}: stage {@code name} of this context's Dockerfile. */
  public ImageSource stage(String name) {
    return new ImageSource(name, files, name);
  }

  /** The packaged build context of image {@code name}. */
  public static ImageSource packaged(String name) {
    URL root = ImageSource.class.getResource("/swarmlab/docker/" + name + "/Dockerfile");
    if (root == null) {
      throw new IllegalArgumentException("no packaged image " + name);
    }
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          return new ImageSource(name, read(fs.provider().getPath(uri).getParent()));
        }
      }
      return new ImageSource(name, read(Path.of(uri).getParent()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, byte[]> read(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return files;
  }

  /** Whether the build takes extra CA certificates (its context has {@value #EXTRA_CA_FILE}). */
  public boolean takesExtraCa() {
    return files.containsKey(EXTRA_CA_FILE);
  }

  /** The files to build from: the packaged ones, with the extra CA certificates put in. */
  public Map<String, byte[]> context(BuildOptions options) {
    if (!takesExtraCa()) {
      return files;
    }
    Map<String, byte[]> out = new TreeMap<>(files);
    out.put(EXTRA_CA_FILE, options.extraCaCertificates());
    return out;
  }

  /** {@code swarmlab/NAME:HASH}, the hash covering the context and the build options. */
  public String tag(BuildOptions options) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("base=" + options.baseImage() + "\n").getBytes(StandardCharsets.UTF_8));
      if (target != null) {
        sha.update(("target=" + target + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, byte[]> e : new TreeMap<>(context(options)).entrySet()) {
        sha.update(
            (e.getKey() + "\n" + e.getValue().length + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(e.getValue());
      }
      return "swarmlab/" + name + ":" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
