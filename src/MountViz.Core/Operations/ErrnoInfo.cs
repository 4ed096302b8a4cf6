namespace MountViz.Core.Operations;

/// <summary>One errno value: its name, its number on x86_64 Linux, and what it means.</summary>
/// <param name="Name">The C name (EINVAL).</param>
/// <param name="Number">The value on x86_64 Linux (22).</param>
/// <param name="Message">The C library's text for it, as strerror(3) gives it ("Invalid argument").</param>
/// <param name="Meaning">What it means for the mount, namespace and file operations of a lab.</param>
public sealed record ErrnoInfo(string Name, int Number, string Message, string Meaning)
{
    /// <summary><c>EINVAL (Invalid argument)</c>.</summary>
    public override string ToString() => $"{Name} ({Message})";
}
