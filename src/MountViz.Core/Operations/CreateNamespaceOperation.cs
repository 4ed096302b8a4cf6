namespace MountViz.Core.Operations;

/// <summary>
/// <c>unshare -m --propagation MODE [--from NAMESPACE] NAME</c>: clones a lab namespace (the one
/// the command runs in, or <see cref="From"/>) into a new lab namespace named
/// <see cref="Name"/>, then applies <see cref="Propagation"/> to the new namespace's copy of the
/// workspace (as unshare(1) applies it to <c>/</c>). <c>--from</c> is MountViz's own option,
/// the <c>from</c> of the REST API.
/// </summary>
/// <param name="Name">The new namespace's name (<see cref="NamespaceName"/>).</param>
/// <param name="Propagation">What happens to the copy: private (unshare's default), shared, slave or unchanged.</param>
/// <param name="From">The namespace to clone; null for the one the command runs in.</param>
public sealed record CreateNamespaceOperation(string Name, NamespacePropagation Propagation = NamespacePropagation.Private, string? From = null) : Operation
{
    /// <summary>The new namespace's name.</summary>
    public string Name { get; } = NamespaceName.Check(Name, nameof(Name));

    /// <summary>What happens to the copy of the workspace.</summary>
    public NamespacePropagation Propagation { get; } = Enum.IsDefined(Propagation)
        ? Propagation
        : throw new ArgumentOutOfRangeException(nameof(Propagation), Propagation, "Not a namespace propagation option.");

    /// <summary>The namespace to clone; null for the one the command runs in.</summary>
    public string? From { get; } = From is null ? null : NamespaceName.Check(From, nameof(From));

    /// <summary>
    /// The mount(2) call made in the new namespace after the clone, on its workspace root
    /// (<c>/</c>): MS_PRIVATE|MS_REC and so on; null for unchanged.
    /// </summary>
    public MountCall? PropagationCall => Propagation == NamespacePropagation.Unchanged
        ? null
        : new MountCall(null, LabPath.Root, null, Propagation.ToFlags(), null);

    /// <inheritdoc/>
    public override string ShellCommand =>
        $"unshare -m --propagation {Propagation.ToWord()}{(From is null ? "" : " --from " + From)} {Name}";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls
    {
        get
        {
            var calls = new List<string>();
            if (From is not null)
            {
                calls.Add($"setns(nsfd /* namespace {CString.Literal(From)} */, CLONE_NEWNS)");
            }

            calls.Add("unshare(CLONE_NEWNS)");
            if (PropagationCall is { } call)
            {
                calls.Add(call.ToString());
            }

            return calls;
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [];

    /// <inheritdoc/>
    public override CreateNamespaceOperation Resolve(string cwd) => this;
}
