using MountViz.Core.Operations;

namespace MountViz.Core.Commands;

/// <summary>
/// The command language: one line, in the syntax people type in a shell and that the article
/// uses (<c>mount --bind source1 target1</c>, <c>umount -l /x</c>, <c>unshare -m --propagation
/// slave c1</c>), becomes one <see cref="Operation"/>; a line that is not understood gets a
/// <see cref="CommandError"/> pointing at the token, with what is accepted there.
/// <see cref="CommandSyntax"/> lists the forms. For every operation,
/// <c>Parse(op.ShellCommand)</c> gives back an equal operation.
/// </summary>
public static class CommandParser
{
    private static readonly OptionSpec Parents = new("p", 'p', ["parents"]);
    private static readonly OptionSpec Lazy = new("l", 'l', ["lazy"]);
    private static readonly OptionSpec Recursive = new("R", 'R', ["recursive"]);
    private static readonly OptionSpec MountNamespace = new("m", 'm', ["mount"]);
    private static readonly OptionSpec PropagationOption = new("propagation", '\0', ["propagation"], "private|shared|slave|unchanged");
    private static readonly OptionSpec FromOption = new("from", '\0', ["from"], "NAMESPACE");

    // Words people reach for that are not operations, with what to do instead.
    private static readonly Dictionary<string, string> NotOperations = new(StringComparer.Ordinal)
    {
        ["sudo"] = "Lab commands already run with the privileges they need: drop sudo.",
        ["nsenter"] = "A command runs in the namespace chosen for it: choose the namespace instead. (From a terminal, `nsenter -t HOLDER_PID -m` enters a lab namespace.)",
        ["ls"] = "The dashboard shows each namespace's directories; the command line runs operations.",
        ["tree"] = "The dashboard shows each namespace's directories; the command line runs operations.",
        ["cat"] = "The dashboard shows each namespace's files; the command line runs operations.",
        ["findmnt"] = "The dashboard shows each namespace's mounts; the command line runs operations.",
        ["rm"] = "Only empty directories can be removed: rmdir DIR.",
        ["chroot"] = "chroot only changes one process's root; the lab operation is pivot_root NEW_ROOT PUT_OLD.",
    };

    /// <summary>Parses <paramref name="line"/> with <c>/</c> (the workspace root) as the current directory.</summary>
    public static CommandParseResult Parse(string line) => Parse(line, LabPath.Root);

    /// <summary>
    /// Parses one command line. Relative paths stay relative in <see cref="CommandParseResult.Operation"/>
    /// and are resolved against <paramref name="cwd"/> (an absolute lab path) in
    /// <see cref="CommandParseResult.Resolved"/>. A trailing line break is ignored.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="cwd"/> is not an absolute lab path.</exception>
    public static CommandParseResult Parse(string line, string cwd)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(cwd);
        if (!LabPath.IsAbsolute(cwd) || cwd.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The current directory must be an absolute lab path, not '{cwd}'.", nameof(cwd));
        }

        string text = line.TrimEnd('\n', '\r');
        try
        {
            return CommandParseResult.Ok(ParseLine(text), LabPath.Resolve(cwd, LabPath.Root));
        }
        catch (CommandException e)
        {
            return CommandParseResult.Fail(e.Error, cwd);
        }
        catch (ArgumentException e)
        {
            // The parser checks what the operations check, so this is a gap in the parser; the
            // operation's own message still tells the user what is wrong with the line.
            return CommandParseResult.Fail(new CommandError(e.Message, 0, text.Length, CommandSyntax.AllForms), cwd);
        }
    }

    private static Operation ParseLine(string line)
    {
        List<ShellToken> tokens = ShellTokenizer.Tokenize(line);
        if (tokens.Count == 0)
        {
            throw CommandException.At(0, 0, "Type a command.", CommandSyntax.AllForms);
        }

        ShellToken verb = tokens[0];
        if (verb.Kind != ShellTokenKind.Word)
        {
            throw CommandException.At(verb, "A command starts with its verb; `>` goes after echo's text (echo TEXT > FILE).", CommandSyntax.AllForms);
        }

        var context = new ParseContext(verb, tokens.GetRange(1, tokens.Count - 1));
        return verb.Text switch
        {
            "mkdir" => ParseMkdir(context),
            "touch" => ParseTouch(context),
            "echo" => ParseEcho(context),
            "rmdir" => ParseRmdir(context),
            "mount" => MountCommandParser.Parse(context),
            "umount" => ParseUmount(context),
            "unshare" => ParseUnshare(context),
            "rmns" => ParseRmns(context),
            "pivot_root" => ParsePivotRoot(context),
            "cd" => ParseCd(context),
            _ => throw UnknownVerb(verb),
        };
    }

    private static MakeDirectoryOperation ParseMkdir(ParseContext context)
    {
        var (options, operands) = context.Scan(Parents);
        context.ExpectSome(operands, "DIR", "mkdir [-p] DIR...");
        return new MakeDirectoryOperation(new PathList(operands.Select(ParseContext.PathOf)), options.Count > 0);
    }

    private static CreateFileOperation ParseTouch(ParseContext context)
    {
        var (_, operands) = context.Scan();
        context.ExpectSome(operands, "FILE", "touch FILE...");
        return new CreateFileOperation(new PathList(operands.Select(ParseContext.PathOf)));
    }

    private static RemoveDirectoryOperation ParseRmdir(ParseContext context)
    {
        var (_, operands) = context.Scan();
        context.ExpectSome(operands, "DIR", "rmdir DIR...");
        return new RemoveDirectoryOperation(new PathList(operands.Select(ParseContext.PathOf)));
    }

    private static UnmountOperation ParseUmount(ParseContext context)
    {
        var (options, operands) = context.Scan(Lazy, Recursive);
        context.Expect(operands, "umount [-l] [-R] DIR", "DIR");
        return new UnmountOperation(
            ParseContext.PathOf(operands[0]),
            options.Exists(o => o.Spec == Lazy),
            options.Exists(o => o.Spec == Recursive));
    }

    private static CreateNamespaceOperation ParseUnshare(ParseContext context)
    {
        const string usage = "unshare -m [--propagation private|shared|slave|unchanged] [--from NAMESPACE] NAME";
        var (options, operands) = context.ScanWithHint(
            " MountViz labs are made of mount namespaces only; user, PID, network and other namespaces are not offered.",
            MountNamespace,
            PropagationOption,
            FromOption);
        if (!options.Exists(o => o.Spec == MountNamespace))
        {
            throw CommandException.At(context.Verb, "MountViz labs create mount namespaces: add -m (unshare -m NAME).", usage);
        }

        var propagation = NamespacePropagation.Private;
        string? from = null;
        foreach (ScannedOption option in options)
        {
            if (option.Spec == PropagationOption && !NamespacePropagationNames.TryParse(option.Value!, out propagation))
            {
                throw CommandException.At(
                    option.ValueToken!,
                    $"`{option.Value}` is not a propagation mode for the new namespace's copy of the workspace.",
                    [.. Enum.GetValues<NamespacePropagation>().Select(p => p.ToWord())]);
            }

            if (option.Spec == FromOption)
            {
                from = ParseContext.NamespaceOf(option.ValueToken! with { Text = option.Value! });
            }
        }

        if (operands.Count > 1)
        {
            throw CommandException.At(
                operands[1],
                $"unshare here takes one NAME, the new namespace's name, and runs no command; `{operands[1].Text}` is one too many.",
                usage);
        }

        context.Expect(operands, usage, "NAME");
        return new CreateNamespaceOperation(ParseContext.NamespaceOf(operands[0]), propagation, from);
    }

    private static DeleteNamespaceOperation ParseRmns(ParseContext context)
    {
        var (_, operands) = context.Scan();
        context.Expect(operands, "rmns NAME", "NAME");
        return new DeleteNamespaceOperation(ParseContext.NamespaceOf(operands[0]));
    }

    private static PivotRootOperation ParsePivotRoot(ParseContext context)
    {
        var (_, operands) = context.Scan();
        context.Expect(operands, "pivot_root NEW_ROOT PUT_OLD", "NEW_ROOT", "PUT_OLD");
        return new PivotRootOperation(ParseContext.PathOf(operands[0]), ParseContext.PathOf(operands[1]));
    }

    private static ChangeDirectoryOperation ParseCd(ParseContext context)
    {
        var (_, operands) = context.Scan();
        context.Expect(operands, "cd DIR", "DIR");
        if (operands[0].Text == "-")
        {
            throw CommandException.At(operands[0], "`cd -` (the previous directory) is not supported: name the directory.", "cd DIR");
        }

        return new ChangeDirectoryOperation(ParseContext.PathOf(operands[0]));
    }

    // echo as bash's builtin: leading words of the form -[neE]+ are options, the other words are
    // the text, joined by single spaces; the redirection may stand anywhere after the verb.
    private static WriteFileOperation ParseEcho(ParseContext context)
    {
        const string usage = "echo [-n] TEXT > FILE";
        var words = new List<ShellToken>();
        ShellToken? redirect = null;
        ShellToken? file = null;
        for (int i = 0; i < context.Args.Count; i++)
        {
            ShellToken token = context.Args[i];
            if (token.Kind == ShellTokenKind.Word)
            {
                words.Add(token);
                continue;
            }

            if (redirect is not null)
            {
                throw CommandException.At(token, "One redirection per line: echo writes to one file.", usage);
            }

            redirect = token;
            if (i + 1 >= context.Args.Count || context.Args[i + 1].Kind != ShellTokenKind.Word)
            {
                throw CommandException.At(token, $"`{token.Text}` needs a file name after it.", usage);
            }

            file = context.Args[++i];
        }

        if (redirect is null || file is null)
        {
            throw context.Missing("`> FILE`: here echo writes its text to a file (echo TEXT > FILE, or >> to append)", usage);
        }

        bool newline = true;
        int first = 0;
        while (first < words.Count && WriteFileOperation.IsEchoOption(words[first].Text))
        {
            if (words[first].Text.Contains('e', StringComparison.Ordinal))
            {
                throw CommandException.At(
                    words[first],
                    "echo -e (escape sequences) is not supported: type the characters themselves; quotes can hold spaces and line breaks.",
                    "-n", "-E");
            }

            newline &= !words[first].Text.Contains('n', StringComparison.Ordinal);
            first++;
        }

        string text = string.Join(' ', words.Skip(first).Select(w => w.Text));
        return new WriteFileOperation(ParseContext.PathOf(file), text, newline, redirect.Kind == ShellTokenKind.RedirectAppend);
    }

    private static CommandException UnknownVerb(ShellToken verb)
    {
        if (NotOperations.TryGetValue(verb.Text, out string? advice))
        {
            return CommandException.At(verb, $"`{verb.Text}` is not a lab operation. {advice}", CommandSyntax.AllForms);
        }

        string? near = CommandSyntax.Verbs
            .Select(v => (Verb: v, Distance: EditDistance(v, verb.Text)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Verb)
            .FirstOrDefault();
        string suggestion = near is null ? "" : $" Did you mean `{near}`?";
        return CommandException.At(verb, $"`{verb.Text}` is not a command MountViz knows.{suggestion}", CommandSyntax.AllForms);
    }

    private static int EditDistance(string a, string b)
    {
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
