namespace MountViz.Core.Commands;

/// <summary>
/// Separates options from operands the way GNU getopt_long does for mount, umount, mkdir and
/// unshare: options may come after operands (<c>mount SRC DIR --bind</c>), short options combine
/// (<c>-lR</c>), an option's argument is attached or the next word (<c>-oro</c>, <c>-o ro</c>,
/// <c>--options=ro</c>), <c>--</c> ends the options, and <c>-</c> alone is an operand.
/// </summary>
internal static class OptionScanner
{
    public static (List<ScannedOption> Options, List<ShellToken> Operands) Scan(
        IReadOnlyList<ShellToken> args, IReadOnlyList<OptionSpec> specs, string verb, string? unknownHint = null)
    {
        var options = new List<ScannedOption>();
        var operands = new List<ShellToken>();
        bool endOfOptions = false;
        for (int i = 0; i < args.Count; i++)
        {
            ShellToken token = args[i];
            string text = token.Text;
            if (endOfOptions || text.Length < 2 || text[0] != '-')
            {
                operands.Add(token);
            }
            else if (text == "--")
            {
                endOfOptions = true;
            }
            else if (text.StartsWith("--", StringComparison.Ordinal))
            {
                options.Add(ScanLong(args, ref i, specs, verb, unknownHint));
            }
            else
            {
                ScanShort(args, ref i, specs, verb, unknownHint, options);
            }
        }

        return (options, operands);
    }

    public static IReadOnlyList<string> Accepted(IReadOnlyList<OptionSpec> specs) =>
        [.. specs.Select(s => s.Display), "-- (ends the options)"];

    private static ScannedOption ScanLong(IReadOnlyList<ShellToken> args, ref int i, IReadOnlyList<OptionSpec> specs, string verb, string? unknownHint)
    {
        ShellToken token = args[i];
        string body = token.Text[2..];
        int equals = body.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? body : body[..equals];
        OptionSpec spec = specs.FirstOrDefault(s => s.Long.Contains(name))
            ?? throw CommandException.At(token, $"`{verb}` has no option `--{name}`.{unknownHint}", Accepted(specs));
        if (spec.Argument is null)
        {
            return equals < 0
                ? new ScannedOption(spec, token, null, null)
                : throw CommandException.At(token, $"`--{name}` takes no value; write it without `={body[(equals + 1)..]}`.");
        }

        if (equals >= 0)
        {
            return new ScannedOption(spec, token, body[(equals + 1)..], token);
        }

        return i + 1 < args.Count && args[i + 1].Kind == ShellTokenKind.Word
            ? new ScannedOption(spec, token, args[++i].Text, args[i])
            : throw MissingArgument(token, spec);
    }

    private static void ScanShort(
        IReadOnlyList<ShellToken> args, ref int i, IReadOnlyList<OptionSpec> specs, string verb, string? unknownHint, List<ScannedOption> options)
    {
        ShellToken token = args[i];
        string text = token.Text;
        for (int j = 1; j < text.Length; j++)
        {
            char letter = text[j];
            OptionSpec spec = specs.FirstOrDefault(s => s.Short == letter)
                ?? throw CommandException.At(
                    token,
                    (text.Length == 2 ? $"`{verb}` has no option `-{letter}`." : $"`{verb}` has no option `-{letter}` (in `{text}`).") + unknownHint,
                    Accepted(specs));
            if (spec.Argument is null)
            {
                options.Add(new ScannedOption(spec, token, null, null));
                continue;
            }

            // The rest of the word is the argument (-ttmpfs); else the next word is (-t tmpfs).
            if (j + 1 < text.Length)
            {
                options.Add(new ScannedOption(spec, token, text[(j + 1)..], token));
            }
            else if (i + 1 < args.Count && args[i + 1].Kind == ShellTokenKind.Word)
            {
                options.Add(new ScannedOption(spec, token, args[i + 1].Text, args[i + 1]));
                i++;
            }
            else
            {
                throw MissingArgument(token, spec);
            }

            return;
        }
    }

    private static CommandException MissingArgument(ShellToken token, OptionSpec spec) =>
        CommandException.At(token, $"`{token.Text}` needs a value: {spec.Display}.");
}
