using MountViz.Linux.Interop;

namespace MountViz.Linux.Confinement;

/// <summary>
/// A lab path that could not be resolved inside the workspace: it does not exist there, it goes
/// through a <c>/proc</c> magic link, it is malformed, or it would leave the workspace. The
/// message says which and why; <see cref="Errno"/> is the kernel's answer when there was one.
/// </summary>
public sealed class PathRefusedException : Exception
{
    /// <summary>Creates the refusal.</summary>
    public PathRefusedException(string labPath, string message, int? errno = null, Exception? innerException = null)
        : base(message, innerException)
    {
        LabPath = labPath;
        Errno = errno;
    }

    /// <summary>Not for use: a refusal names its path.</summary>
    public PathRefusedException()
        : this(string.Empty, "The path was refused.")
    {
    }

    /// <summary>Not for use: a refusal names its path.</summary>
    public PathRefusedException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Not for use: a refusal names its path.</summary>
    public PathRefusedException(string message, Exception innerException)
        : this(string.Empty, message, null, innerException)
    {
    }

    /// <summary>The lab path as given.</summary>
    public string LabPath { get; }

    /// <summary>The errno of the refused resolution, or null when refused before any syscall.</summary>
    public int? Errno { get; }

    /// <summary>The errno's symbolic name (<c>ENOENT</c>), or null.</summary>
    public string? ErrnoName => Errno is int errno ? ErrnoNames.NameOf(errno) : null;
}
