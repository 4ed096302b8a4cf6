namespace MountViz.Linux.Discovery;

/// <summary>A process found in a mount namespace.</summary>
/// <param name="Pid">Its PID (in the server's PID namespace).</param>
/// <param name="Command">Its command line, or <c>[comm]</c> for a kernel thread (no command line).</param>
public sealed record DiscoveredProcess(int Pid, string Command);
