namespace MountViz.Linux.Interop;

/// <summary>
/// A system call failed: carries the errno number, its symbolic name (<c>EINVAL</c>), the C
/// library's text for it and the path the call was about, so callers can explain the failure
/// in the user's terms and the API can return the errno name.
/// </summary>
public sealed class ErrnoException : IOException
{
    /// <summary>Creates the exception for a failed call.</summary>
    /// <param name="operation">The call that failed, e.g. <c>mount</c>.</param>
    /// <param name="errno">The errno value it returned.</param>
    /// <param name="path">The path the call was about, or null.</param>
    public ErrnoException(string operation, int errno, string? path = null)
        : base(Format(operation, errno, path))
    {
        Operation = operation;
        Errno = errno;
        Path = path;
        HResult = errno;
    }

    /// <summary>Not for use: an errno exception needs an operation and an errno.</summary>
    public ErrnoException()
        : this("unknown", 0)
    {
    }

    /// <summary>Not for use: an errno exception needs an operation and an errno.</summary>
    public ErrnoException(string message)
        : base(message)
    {
        Operation = "unknown";
    }

    /// <summary>Not for use: an errno exception needs an operation and an errno.</summary>
    public ErrnoException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "unknown";
    }

    /// <summary>The call that failed, e.g. <c>mount</c> or <c>setns</c>.</summary>
    public string Operation { get; }

    /// <summary>The errno value.</summary>
    public int Errno { get; }

    /// <summary>The symbolic name, e.g. <c>EINVAL</c>.</summary>
    public string ErrnoName => ErrnoNames.NameOf(Errno);

    /// <summary>The C library's description, e.g. "Invalid argument".</summary>
    public string Description => ErrnoNames.Describe(Errno);

    /// <summary>The path the call was about, or null.</summary>
    public string? Path { get; }

    private static string Format(string operation, int errno, string? path) =>
        path is null
            ? $"{operation} failed: {ErrnoNames.NameOf(errno)} ({ErrnoNames.Describe(errno)})"
            : $"{operation} {path} failed: {ErrnoNames.NameOf(errno)} ({ErrnoNames.Describe(errno)})";
}
