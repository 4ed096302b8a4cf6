using System.Collections.Immutable;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// One generated step: every path it names (created first with <c>mkdir -p</c>, so an op never
/// fails only because the directory tree, which the simulator does not model, lacks a path: also
/// after shrinking dropped the step that made it) and the
/// command under test, both run in <see cref="Namespace"/>. Shrinking drops whole steps.
/// </summary>
/// <param name="Namespace">The lab namespace the step runs in.</param>
/// <param name="Command">The command-language line under test.</param>
/// <param name="Directories">Lab paths created with <c>mkdir -p</c> just before the command.</param>
internal sealed record DiffStep(string Namespace, string Command, ImmutableArray<string> Directories)
{
    /// <summary>The step as command lines a user types into the lab's console in <see cref="Namespace"/>.</summary>
    public IEnumerable<string> Lines =>
        [.. Directories.IsEmpty ? [] : new[] { $"{Namespace}$ mkdir -p {string.Join(' ', Directories)}" }, $"{Namespace}$ {Command}"];

    /// <inheritdoc/>
    public override string ToString() => string.Join(" ; ", Lines);
}
