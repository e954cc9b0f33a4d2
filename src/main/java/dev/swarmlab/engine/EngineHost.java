package dev.swarmlab.engine;

/**
 * Facts about the machine an engine runs on, as the engine reports them.
 *
 * @param address where the engine was reached ({@code unix:///var/run/docker.sock}, {@code
 *     tcp://...})
 * @param onThisMachine reached on a unix socket of this machine
 * @param rootless the engine runs in a user namespace of an unprivileged user (rootless mode)
 * @param inVirtualMachine the engine runs in a VM of its own (Docker Desktop), whose files are not
 *     this machine's even when its socket is
 * @param dataRoot the engine's data directory (its {@code DockerRootDir})
 */
public record EngineHost(
    String address,
    boolean onThisMachine,
    boolean rootless,
    boolean inVirtualMachine,
    String dataRoot) {}
