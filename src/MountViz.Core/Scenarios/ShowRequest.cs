using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>
/// Show, for each namespace, its identity (<c>mnt:[inode]</c>) and the lines of its
/// <c>/proc/PID/mounts</c>, <c>mountinfo</c> and <c>mountstats</c> about one lab path, as the
/// article's experiment A greps them.
/// </summary>
/// <param name="Path">The lab path whose lines are shown.</param>
/// <param name="Namespaces">The namespaces, side by side in this order.</param>
/// <param name="Files">Which files.</param>
public sealed record ShowRequest(string Path, ImmutableArray<string> Namespaces, ImmutableArray<ProcMountFile> Files);
