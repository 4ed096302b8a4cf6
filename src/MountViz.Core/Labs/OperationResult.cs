using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Core.Labs;

/// <summary>What an operation did: ok, or the kernel's refusal explained; and every namespace's changes.</summary>
/// <param name="Ok">True when every call succeeded.</param>
/// <param name="Errno">The errno name (EINVAL...) when the kernel refused, else null.</param>
/// <param name="Message">For a refusal: the errno's meaning, which precondition failed in the user's terms, and what to do. For success: a short summary.</param>
/// <param name="ShellCommand">The equivalent shell command (<c>mount --bind /a /b</c>).</param>
/// <param name="Syscall">The system call(s) with flag names (<c>mount("/a", "/b", NULL, MS_BIND, NULL)</c>).</param>
/// <param name="Changes">The observed changes in every namespace of the lab (workspace view), propagated ones included.</param>
public sealed record OperationResult(
    bool Ok,
    string? Errno,
    string Message,
    string ShellCommand,
    string Syscall,
    ImmutableArray<NamespaceChange> Changes)
{
    /// <summary>The failed precondition in the user's terms ("bind source is unbindable"), when known.</summary>
    public string? Cause { get; init; }

    /// <summary>The namespace the operation ran in.</summary>
    public string Namespace { get; init; } = "";

    /// <summary>
    /// What the simulator predicted before the operation ran, from the same tables the changes
    /// are diffed against; <see cref="Prediction.Supported"/> is false (with the reason) where it
    /// makes no prediction. Null where no prediction was attempted.
    /// </summary>
    public Prediction? Predicted { get; init; }

    /// <summary>The prediction beside what the kernel did; null when there is no (supported) prediction.</summary>
    public PredictionComparison? Comparison { get; init; }
}

/// <summary>One observed change in one namespace of a lab.</summary>
public sealed record NamespaceChange(string Namespace, MountChange Change);

/// <summary>One entry of a lab's operation history.</summary>
public sealed record OperationRecord(int Sequence, DateTimeOffset At, string Namespace, OperationResult Result);
