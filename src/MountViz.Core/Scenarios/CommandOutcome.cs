using MountViz.Core.Labs;

namespace MountViz.Core.Scenarios;

/// <summary>One command of a setup item or step, and what it did.</summary>
/// <param name="Namespace">The namespace it ran in.</param>
/// <param name="Command">The command as the scenario gives it (a host-file copy as <c>cp HOST LAB</c>).</param>
/// <param name="Result">The lab's result, with the shell command, the system calls and every namespace's changes; null when it did not run to a result (<see cref="Error"/>) or for a copy.</param>
/// <param name="Error">Why it could not run (the lab's message), or null.</param>
public sealed record CommandOutcome(string Namespace, string Command, OperationResult? Result, string? Error)
{
    /// <summary>True when it ran and succeeded.</summary>
    public bool Ok => Error is null && (Result?.Ok ?? true);

    /// <summary>The shell command: the lab's for operations, <see cref="Command"/> otherwise.</summary>
    public string ShellCommand => Result?.ShellCommand ?? Command;

    /// <summary>The system calls with flag names, or null for a copy.</summary>
    public string? Syscall => Result?.Syscall;
}
