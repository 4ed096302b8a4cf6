namespace MountViz.Web.Cli.Screenshots;

/// <summary>The scenario screenshots cannot be taken: what is missing or what failed, and what to do.</summary>
public sealed class ScreenshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScreenshotException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public ScreenshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ScreenshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
