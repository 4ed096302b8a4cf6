using System.Diagnostics.CodeAnalysis;
using MountViz.Core.Operations;

namespace MountViz.Core.Commands;

/// <summary>
/// What <see cref="CommandParser.Parse(string, string)"/> made of a line: the operation as typed
/// (relative paths kept, as its shell command shows them) and resolved against the current
/// directory (what the executor and the simulator use), or the error.
/// </summary>
public sealed class CommandParseResult
{
    private CommandParseResult(Operation? operation, Operation? resolved, CommandError? error, string cwd)
    {
        Operation = operation;
        Resolved = resolved;
        Error = error;
        Cwd = cwd;
    }

    /// <summary>The operation with its paths as typed; null on error.</summary>
    public Operation? Operation { get; }

    /// <summary>The operation with every path absolute (against <see cref="Cwd"/>); null on error.</summary>
    public Operation? Resolved { get; }

    /// <summary>Why the line was not understood; null on success.</summary>
    public CommandError? Error { get; }

    /// <summary>The current directory the line was parsed in.</summary>
    public string Cwd { get; }

    /// <summary>Whether the line was understood.</summary>
    [MemberNotNullWhen(true, nameof(Operation), nameof(Resolved))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Operation is not null;

    internal static CommandParseResult Ok(Operation operation, string cwd) => new(operation, operation.Resolve(cwd), null, cwd);

    internal static CommandParseResult Fail(CommandError error, string cwd) => new(null, null, error, cwd);
}
