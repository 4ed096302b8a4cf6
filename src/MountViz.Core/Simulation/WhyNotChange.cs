namespace MountViz.Core.Simulation;

/// <summary>One propagation change of a fix.</summary>
/// <param name="Namespace">The namespace of the mount to change.</param>
/// <param name="MountPoint">The mount to change.</param>
/// <param name="Text">The change in words ("make /var/lib/kubelet shared in namespace host").</param>
/// <param name="Command">The command that makes it, run in <paramref name="Namespace"/> (<c>mount --make-rshared /var/lib/kubelet</c>); null when no single command does (joining an existing group: the mount must be bound again from a member).</param>
public sealed record WhyNotChange(string Namespace, string MountPoint, string Text, string? Command);
