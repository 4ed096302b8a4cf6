using System.Collections.Immutable;
using MountViz.Core.Operations;

namespace MountViz.Linux.Operations;

/// <summary>
/// What running an operation inside its namespace came to: done, a kernel refusal (errno, the
/// call that failed and, when the tables tell, the precondition), a refusal by MountViz itself
/// (a path that leaves the workspace, a filesystem that labs do not write), or a cap refusal.
/// </summary>
internal sealed record RunOutcome
{
    /// <summary>True when every call succeeded.</summary>
    public bool Ok { get; init; } = true;

    /// <summary>The errno of the call that failed (or of a refused path resolution).</summary>
    public int? Errno { get; init; }

    /// <summary>The call that failed, as C with lab paths; or what was being resolved.</summary>
    public string? FailedCall { get; init; }

    /// <summary>The failed precondition, in the user's terms.</summary>
    public FailureCause? Cause { get; init; }

    /// <summary>A refusal by MountViz with no errno: why.</summary>
    public string? Refusal { get; init; }

    /// <summary>Set when the operation was refused before running because it would exceed the mount cap.</summary>
    public string? CapRefusal { get; init; }

    /// <summary>The calls actually made, when they differ from the operation's own rendering (umount -R, pivot_root).</summary>
    public string? Syscall { get; init; }

    /// <summary>Remarks for the message (skipped calls, after-the-fact facts).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];

    /// <summary>The namespace's new current directory (cd; "/" after pivot_root), or null to keep it.</summary>
    public string? NewCwd { get; init; }

    /// <summary>A failure with errno.</summary>
    public static RunOutcome Failed(int errno, string? failedCall, FailureCause? cause = null) =>
        new() { Ok = false, Errno = errno, FailedCall = failedCall, Cause = cause };

    /// <summary>A refusal by MountViz.</summary>
    public static RunOutcome Refused(string refusal, FailureCause? cause = null) =>
        new() { Ok = false, Refusal = refusal, Cause = cause };
}
