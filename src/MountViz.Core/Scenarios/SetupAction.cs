using System.Collections.Immutable;

namespace MountViz.Core.Scenarios;

/// <summary>
/// One item of a scenario's setup: commands of the command language run in a namespace, or a
/// host file copied into the lab (<see cref="Copy"/>). Exactly one of the two is set.
/// </summary>
/// <param name="Namespace">The lab namespace it runs in (<c>base</c> unless the file says otherwise).</param>
/// <param name="Commands">Command-language lines, run in order; empty for a copy.</param>
/// <param name="Copy">The host file to copy, or null.</param>
public sealed record SetupAction(string Namespace, ImmutableArray<string> Commands, HostFileCopy? Copy);
