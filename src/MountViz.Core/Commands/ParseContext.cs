using MountViz.Core.Operations;

namespace MountViz.Core.Commands;

/// <summary>The verb of the line being parsed and the tokens after it, with the checks every verb shares.</summary>
internal sealed class ParseContext(ShellToken verb, List<ShellToken> args)
{
    public ShellToken Verb { get; } = verb;

    public List<ShellToken> Args { get; } = args;

    /// <summary>Where something missing is reported: just after the last token.</summary>
    public int End => Args.Count > 0 ? Args[^1].End : Verb.End;

    public CommandException Missing(string what, params IReadOnlyList<string> accepted) =>
        CommandException.At(End, 0, $"Missing {what}.", accepted);

    /// <summary>Refuses redirections for every verb but echo.</summary>
    public void NoRedirect()
    {
        ShellToken? redirect = Args.Find(t => t.Kind != ShellTokenKind.Word);
        if (redirect is not null)
        {
            throw CommandException.At(
                redirect,
                $"`{redirect.Text}` writes output to a file, which only echo does here (echo TEXT > FILE); `{Verb.Text}` writes nothing.");
        }
    }

    public (List<ScannedOption> Options, List<ShellToken> Operands) Scan(params IReadOnlyList<OptionSpec> specs) => ScanWithHint(null, specs);

    /// <summary>Options and operands; <paramref name="unknownHint"/> is added to the error for an unknown option.</summary>
    public (List<ScannedOption> Options, List<ShellToken> Operands) ScanWithHint(string? unknownHint, params IReadOnlyList<OptionSpec> specs)
    {
        NoRedirect();
        return OptionScanner.Scan(Args, specs, Verb.Text, unknownHint);
    }

    /// <summary>Exactly the operands named, each reported missing or extra with the usage.</summary>
    public void Expect(List<ShellToken> operands, string usage, params string[] names)
    {
        if (operands.Count < names.Length)
        {
            throw Missing($"{string.Join(" and ", names[operands.Count..])}: {usage}", usage);
        }

        if (operands.Count > names.Length)
        {
            ShellToken extra = operands[names.Length];
            throw CommandException.At(
                extra,
                $"`{Verb.Text}` here takes {string.Join(" and ", names)}; `{extra.Text}` is one too many (quote a path that contains spaces).",
                usage);
        }
    }

    /// <summary>At least one operand.</summary>
    public void ExpectSome(List<ShellToken> operands, string name, string usage)
    {
        if (operands.Count == 0)
        {
            throw Missing($"{name}: {usage}", usage);
        }
    }

    /// <summary>The operand as a path: not empty.</summary>
    public static string PathOf(ShellToken operand) =>
        operand.Text.Length > 0
            ? operand.Text
            : throw CommandException.At(operand, "An empty path names nothing: write the path (/ is the workspace root).");

    /// <summary>The operand as a namespace name.</summary>
    public static string NamespaceOf(ShellToken operand) =>
        NamespaceName.IsValid(operand.Text)
            ? operand.Text
            : throw CommandException.At(operand, $"`{operand.Text}` is not a namespace name: use {NamespaceName.Rule}.");
}
