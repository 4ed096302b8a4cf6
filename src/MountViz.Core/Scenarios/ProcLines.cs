using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>The lines of one /proc file about a path.</summary>
/// <param name="File">Which file.</param>
/// <param name="Path">The file's path: <c>/proc/PID/mountinfo</c>.</param>
/// <param name="Lines">The matching lines, as the kernel wrote them.</param>
public sealed record ProcLines(ProcMountFile File, string Path, ImmutableArray<string> Lines);
