namespace MountViz.Core.Operations;

/// <summary>
/// <c>rmns NAME</c> (MountViz's own verb): deletes a lab namespace. Its holder process is
/// killed; the kernel frees the namespace and its mounts when nothing refers to it any more.
/// </summary>
/// <param name="Name">The namespace's name.</param>
public sealed record DeleteNamespaceOperation(string Name) : Operation
{
    /// <summary>The namespace's name.</summary>
    public string Name { get; } = NamespaceName.Check(Name, nameof(Name));

    /// <inheritdoc/>
    public override string ShellCommand => $"rmns {Name}";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => [$"kill(holder_pid /* namespace {CString.Literal(Name)} */, SIGKILL)"];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [];

    /// <inheritdoc/>
    public override DeleteNamespaceOperation Resolve(string cwd) => this;
}
