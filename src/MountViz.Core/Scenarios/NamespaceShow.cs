using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>What <see cref="ShowRequest"/> shows for one namespace.</summary>
/// <param name="Namespace">The lab namespace.</param>
/// <param name="Pid">Its holder process (the file paths are <c>/proc/PID/...</c>).</param>
/// <param name="Identity">Its identity as <c>readlink /proc/PID/ns/mnt</c> prints it: <c>mnt:[4026532188]</c>.</param>
/// <param name="Files">For each file asked for, the lines about the path (empty when the namespace has no mount there).</param>
public sealed record NamespaceShow(string Namespace, int Pid, string Identity, ImmutableArray<ProcLines> Files);
