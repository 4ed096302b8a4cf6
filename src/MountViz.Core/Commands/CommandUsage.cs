namespace MountViz.Core.Commands;

/// <summary>One form of a command of the command language, for help, errors and completion.</summary>
/// <param name="Verb">The first word (mount).</param>
/// <param name="Syntax">The form (<c>mount --bind SOURCE DIR</c>).</param>
/// <param name="Description">What it does.</param>
public sealed record CommandUsage(string Verb, string Syntax, string Description)
{
    /// <summary>The <see cref="Syntax"/>.</summary>
    public override string ToString() => Syntax;
}
