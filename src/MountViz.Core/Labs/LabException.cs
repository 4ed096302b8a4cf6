namespace MountViz.Core.Labs;

/// <summary>
/// A lab request that cannot be done. The message says what happened, why, and what to do;
/// <see cref="Kind"/> lets the API choose the status code.
/// </summary>
public sealed class LabException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LabException(LabErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    /// <summary>Not for use: a lab exception needs a kind.</summary>
    public LabException()
        : this(LabErrorKind.KernelError, "The lab request failed.")
    {
    }

    /// <summary>Not for use: a lab exception needs a kind.</summary>
    public LabException(string message)
        : this(LabErrorKind.KernelError, message)
    {
    }

    /// <summary>Not for use: a lab exception needs a kind.</summary>
    public LabException(string message, Exception innerException)
        : this(LabErrorKind.KernelError, message, innerException)
    {
    }

    /// <summary>Why the request failed.</summary>
    public LabErrorKind Kind { get; }
}
