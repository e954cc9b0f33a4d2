package dev.swarmlab.engine.docker;

import com.github.dockerjava.transport.SSLConfig;
import java.net.URI;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of a local socket, which never speaks TLS. Without a context of its own the HTTP
 * client loads the JDK's default trust store anyway, and even an empty context from the JDK loads
 * every security provider: a start-up cost of every command (see bench/README.md, "Start-up"). Any
 * use of this context fails.
 */
final class LocalTls extends SSLContext {
  private LocalTls() {
    super(new Refusing(), null, "none");
  }

  /** {@code configured} for a TCP engine; for a local socket, a context that loads nothing. */
  static SSLConfig forHost(SSLConfig configured, URI host) {
    if (configured != null || "tcp".equals(host.getScheme())) {
      return configured;
    }
    return LocalTls::new;
  }

  private static final class Refusing extends SSLContextSpi {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException("TLS on a local Docker socket");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }
}
