using MountViz.Linux.Interop;

namespace MountViz.Linux.Confinement;

/// <summary>
/// A lab path resolved inside the workspace: an <c>O_PATH</c> fd on exactly the object it named
/// at resolution time, plus the absolute path the kernel reports for that fd (checked to be at
/// or under the workspace). Syscalls should use <see cref="SyscallPath"/>, which reaches the fd's
/// object even if someone swaps a symlink into the path afterwards. Valid on the executor
/// thread, inside the namespace it was resolved in, until disposed.
/// </summary>
public sealed class ConfinedPath : IDisposable
{
    internal ConfinedPath(SafeFd fd, string labPath, string absolutePath, bool isDirectory, string syscallPath)
    {
        Fd = fd;
        LabPath = labPath;
        AbsolutePath = absolutePath;
        IsDirectory = isDirectory;
        SyscallPath = syscallPath;
    }

    /// <summary>The lab path as given (<c>/data/x</c>).</summary>
    public string LabPath { get; }

    /// <summary>The object's path in the namespace's own terms (<c>/run/mountviz/workspace/data/x</c>), verified under the workspace.</summary>
    public string AbsolutePath { get; }

    /// <summary>True when the object is a directory.</summary>
    public bool IsDirectory { get; }

    /// <summary>
    /// The path to hand to <c>mount(2)</c>, <c>umount2(2)</c> or <c>pivot_root(2)</c> on the
    /// executor thread: <c>/proc/thread-self/fd/N</c>, which acts on exactly the resolved object
    /// (a symlink swapped in afterwards changes nothing); or, in a namespace without a working
    /// <c>/proc</c> (after pivot_root), <see cref="AbsolutePath"/>.
    /// </summary>
    public string SyscallPath { get; }

    /// <summary>The <c>O_PATH</c> fd (usable as a dirfd for <c>*at</c> calls).</summary>
    internal SafeFd Fd { get; }

    /// <inheritdoc/>
    public void Dispose() => Fd.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"{LabPath} ({AbsolutePath})";
}
