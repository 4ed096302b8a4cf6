using System.Diagnostics.CodeAnalysis;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// A vector in the command language: the steps that build its starting state, the operation,
/// and the expectation to check; or why it cannot be expressed (<see cref="SkipReason"/>).
/// </summary>
public sealed record TranslatedVector
{
    /// <summary>The vector.</summary>
    public required PropagationVector Vector { get; init; }

    /// <summary>Steps run before the "before" snapshot; each must succeed.</summary>
    public IReadOnlyList<LabStep> Setup { get; init; } = [];

    /// <summary>The operation whose reported result is checked; null when skipped.</summary>
    public LabStep? Op { get; init; }

    /// <summary>
    /// The expectation, with <c>output_contains</c> entries of the form <c>errno=X</c> (what the
    /// reference's <c>sc.py</c> prints) folded into <see cref="VectorExpectation.Succeeds"/> and
    /// <see cref="VectorExpectation.Errno"/>; the engine reports them directly.
    /// </summary>
    public VectorExpectation? Expect { get; init; }

    /// <summary>
    /// Lab namespaces that stand for the reference's throw-away nested namespaces (a command run
    /// under <c>unshare -m</c> without <c>spawn</c>): the reference never snapshots them, so
    /// they are not part of the comparison either.
    /// </summary>
    public IReadOnlySet<string> Unobserved { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Why the vector cannot run through the command language; null when it can.</summary>
    public string? SkipReason { get; init; }

    /// <summary>Whether the vector runs.</summary>
    [MemberNotNullWhen(true, nameof(Op), nameof(Expect))]
    public bool Executable => SkipReason is null && Op is not null && Expect is not null;
}
