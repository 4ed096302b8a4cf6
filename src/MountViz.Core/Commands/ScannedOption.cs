namespace MountViz.Core.Commands;

/// <summary>An option found on the line, with its value and where both are.</summary>
/// <param name="Spec">Which option.</param>
/// <param name="Token">The token that names it.</param>
/// <param name="Value">Its argument, or null.</param>
/// <param name="ValueToken">The token that holds the argument (the same token for -oro and --options=ro).</param>
internal sealed record ScannedOption(OptionSpec Spec, ShellToken Token, string? Value, ShellToken? ValueToken);
