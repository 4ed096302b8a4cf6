namespace MountViz.Linux.Interop;

/// <summary>
/// The <c>CLONE_*</c> flags MountViz passes to <c>unshare(2)</c> and <c>setns(2)</c>.
/// Checked against the C header by the interop tests.
/// </summary>
[Flags]
internal enum CloneFlags
{
    /// <summary><c>CLONE_FS</c>: stop sharing root, cwd and umask with the other threads.</summary>
    FileSystem = 0x200,

    /// <summary><c>CLONE_NEWNS</c>: a mount namespace.</summary>
    NewMountNamespace = 0x20000,
}
