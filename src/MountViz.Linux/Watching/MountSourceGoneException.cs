namespace MountViz.Linux.Watching;

/// <summary>
/// Thrown by a watcher's read function when the namespace is gone for good (its last process
/// ended, the lab namespace was deleted): the watcher stops and its feed's streams end.
/// </summary>
public sealed class MountSourceGoneException : Exception
{
    /// <summary>Creates the exception with a message for people.</summary>
    public MountSourceGoneException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that showed the source is gone.</summary>
    public MountSourceGoneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Not for use: say which source is gone.</summary>
    public MountSourceGoneException()
        : base("The mount source is gone.")
    {
    }
}
