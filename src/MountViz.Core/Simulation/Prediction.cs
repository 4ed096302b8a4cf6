using System.Collections.Immutable;

namespace MountViz.Core.Simulation;

/// <summary>
/// What the simulator predicts for an operation: the errno the kernel returns, or the changes in
/// every namespace (changes are empty when it fails, because the kernel checks before it
/// changes anything, except for a command of several calls such as <c>umount -R</c>, which keeps
/// what the calls before the failing one did); and why. When the operation is outside what the simulator models,
/// <see cref="Supported"/> is false and <see cref="Reason"/> says why: no guess is made.
/// </summary>
public sealed record Prediction
{
    /// <summary>Whether the simulator models this operation in this state.</summary>
    public required bool Supported { get; init; }

    /// <summary>Why there is no prediction, when <see cref="Supported"/> is false.</summary>
    public string? Reason { get; init; }

    /// <summary>The errno name (<c>EINVAL</c>, <c>ELOOP</c>...) the operation fails with, or null when it succeeds.</summary>
    public string? Errno { get; init; }

    /// <summary>The changes per namespace; a namespace without changes is absent. A namespace the operation creates has every mount added.</summary>
    public ImmutableDictionary<string, ImmutableArray<PredictedChange>> Changes { get; init; } =
        ImmutableDictionary.Create<string, ImmutableArray<PredictedChange>>(StringComparer.Ordinal);

    /// <summary>Why each namespace receives or does not receive the event, and the rule that decided it.</summary>
    public ImmutableArray<PropagationExplanation> Explanations { get; init; } = [];

    /// <summary>Whether the operation succeeds (and is modelled).</summary>
    public bool Succeeds => Supported && Errno is null;

    /// <summary>No prediction, with the reason.</summary>
    public static Prediction Unsupported(string reason) => new() { Supported = false, Reason = reason };
}
