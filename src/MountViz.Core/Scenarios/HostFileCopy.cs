namespace MountViz.Core.Scenarios;

/// <summary>
/// A host file copied into the lab: only files of <see cref="HostFileAllowList"/> (busybox for
/// the pivot_root rootfs), written confined to the workspace like every lab file.
/// </summary>
/// <param name="From">The host path (one of <see cref="HostFileAllowList.Files"/>).</param>
/// <param name="To">The lab path of the new file.</param>
public sealed record HostFileCopy(string From, string To)
{
    /// <summary>The shell command a user would type: <c>cp /bin/busybox rootfs/bin/busybox</c>.</summary>
    public string ShellCommand => $"cp {Operations.ShellQuote.Quote(From)} {Operations.ShellQuote.Quote(To)}";
}
