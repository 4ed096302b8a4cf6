using MountViz.Core.Operations;

namespace MountViz.Core.Commands;

/// <summary>
/// <c>mount</c> in all its forms, as mount(8) reads them: the operation comes from --bind,
/// --rbind, --move, --make-*, or from -o bind / rbind / move / remount / [r]shared / ...; a new
/// filesystem from -t. Options may stand anywhere, -o may repeat, -r and -w mean -o ro and -o rw.
/// </summary>
internal static class MountCommandParser
{
    private const string NewUsage = "mount -t TYPE [-o OPTIONS] SOURCE DIR";
    private const string BindUsage = "mount --bind SOURCE DIR";
    private const string RbindUsage = "mount --rbind SOURCE DIR";
    private const string MoveUsage = "mount --move SOURCE DIR";
    private const string RemountUsage = "mount -o remount,ro|rw[,nosuid][,nodev][,noexec][,bind] DIR";
    private const string PropagationUsage = "mount --make-[r]shared|private|slave|unbindable DIR";

    private static readonly OptionSpec Types = new("t", 't', ["types"], "TYPE");
    private static readonly OptionSpec Options = new("o", 'o', ["options"], "OPTIONS");
    private static readonly OptionSpec Bind = new("bind", 'B', ["bind"]);
    private static readonly OptionSpec Rbind = new("rbind", 'R', ["rbind"]);
    private static readonly OptionSpec Move = new("move", 'M', ["move"]);
    private static readonly OptionSpec ReadOnly = new("ro", 'r', ["read-only"]);
    private static readonly OptionSpec ReadWrite = new("rw", 'w', ["rw", "read-write"]);

    private static readonly OptionSpec[] Specs =
    [
        Types, Options, Bind, Rbind, Move, ReadOnly, ReadWrite,
        .. from recursive in new[] { false, true }
           from type in Enum.GetValues<PropagationType>()
           let name = "make-" + (recursive ? "r" : "") + type.ToWord()
           select new OptionSpec(name, '\0', [name]),
    ];

    private static IReadOnlyList<string> Usages => CommandSyntax.FormsOf("mount");

    /// <summary>What the line asks mount to do.</summary>
    private enum Kind
    {
        New,
        Bind,
        Rbind,
        Move,
        Remount,
        Propagation,
    }

    /// <summary>One request for an operation kind, and the token that made it.</summary>
    private sealed record KindRequest(Kind Kind, string Name, ShellToken Token, PropagationType Type = default, bool Recursive = false);

    /// <summary>One -o option (or -r/-w) and the token it came from.</summary>
    private sealed record OptionWord(string Text, ShellToken Token);

    public static Operation Parse(ParseContext context)
    {
        var (scanned, operands) = context.Scan(Specs);
        if (scanned.Count == 0)
        {
            throw CommandException.At(
                context.Verb,
                operands.Count == 0
                    ? "mount without arguments lists mounts; the dashboard shows them. To mount, say what to mount."
                    : "Say what to mount: -t TYPE for a new filesystem, or --bind, --rbind or --move for an existing directory. (MountViz does not read /etc/fstab.)",
                Usages);
        }

        string? fsType = null;
        ShellToken? typeToken = null;
        var kinds = new List<KindRequest>();
        var words = new List<OptionWord>();
        foreach (ScannedOption option in scanned)
        {
            switch (option.Spec.Key)
            {
                case "t":
                    fsType = option.Value!;
                    typeToken = option.ValueToken!;
                    break;
                case "o":
                    SplitOptions(option, kinds, words);
                    break;
                case "bind":
                    kinds.Add(new KindRequest(Kind.Bind, "--bind", option.Token));
                    break;
                case "rbind":
                    kinds.Add(new KindRequest(Kind.Rbind, "--rbind", option.Token));
                    break;
                case "move":
                    kinds.Add(new KindRequest(Kind.Move, "--move", option.Token));
                    break;
                case "ro":
                    words.Add(new OptionWord("ro", option.Token));
                    break;
                case "rw":
                    words.Add(new OptionWord("rw", option.Token));
                    break;
                default:
                    kinds.Add(PropagationRequest(option.Spec.Key, "--" + option.Spec.Key, option.Token));
                    break;
            }
        }

        return ChooseKind(kinds) switch
        {
            Kind.New => NewMount(context, fsType, typeToken, words, operands),
            Kind.Bind => BindOrMove(context, Kind.Bind, fsType, typeToken, words, operands),
            Kind.Rbind => BindOrMove(context, Kind.Rbind, fsType, typeToken, words, operands),
            Kind.Move => BindOrMove(context, Kind.Move, fsType, typeToken, words, operands),
            Kind.Remount => Remount(context, kinds.Exists(k => k.Kind == Kind.Bind), typeToken, words, operands),
            _ => Propagation(context, kinds.First(k => k.Kind == Kind.Propagation), fsType, typeToken, words, operands),
        };
    }

    // -o bind,ro: keywords choose the operation; everything else is an option word.
    private static void SplitOptions(ScannedOption option, List<KindRequest> kinds, List<OptionWord> words)
    {
        ShellToken token = option.ValueToken!;
        if (option.Value!.Length == 0)
        {
            throw CommandException.At(token, "`-o` has an empty list of options: write them, comma-separated (-o size=1m,mode=755).");
        }

        foreach (string word in option.Value.Split(','))
        {
            if (word.Length == 0)
            {
                throw CommandException.At(token, $"`{option.Value}` has an empty option between commas: remove the extra comma.");
            }

            switch (word)
            {
                case "bind":
                    kinds.Add(new KindRequest(Kind.Bind, "-o bind", token));
                    break;
                case "rbind":
                    kinds.Add(new KindRequest(Kind.Rbind, "-o rbind", token));
                    break;
                case "move":
                    kinds.Add(new KindRequest(Kind.Move, "-o move", token));
                    break;
                case "remount":
                    kinds.Add(new KindRequest(Kind.Remount, "-o remount", token));
                    break;
                default:
                    if (MountOptions.IsOperationKeyword(word))
                    {
                        string key = "make-" + word;
                        kinds.Add(PropagationRequest(key, "-o " + word, token));
                    }
                    else
                    {
                        words.Add(new OptionWord(word, token));
                    }

                    break;
            }
        }
    }

    private static KindRequest PropagationRequest(string key, string name, ShellToken token)
    {
        // key is make-shared, make-rshared, ...; the r prefix makes it recursive.
        string word = key["make-".Length..];
        if (PropagationTypeNames.TryParse(word, out PropagationType type))
        {
            return new KindRequest(Kind.Propagation, name, token, type, Recursive: false);
        }

        return word.StartsWith('r') && PropagationTypeNames.TryParse(word[1..], out type)
            ? new KindRequest(Kind.Propagation, name, token, type, Recursive: true)
            : throw new InvalidOperationException($"'{key}' is in the option table but is no propagation change.");
    }

    // One line, one operation: a remount may be a bind remount; any other mix is refused at
    // the first request that disagrees with the first one.
    private static Kind ChooseKind(List<KindRequest> kinds)
    {
        if (kinds.Count == 0)
        {
            return Kind.New;
        }

        KindRequest? remount = kinds.Find(k => k.Kind == Kind.Remount);
        if (remount is not null)
        {
            foreach (KindRequest other in kinds)
            {
                if (other.Kind == Kind.Rbind)
                {
                    throw CommandException.At(other.Token, "A remount does not recurse: use -o remount,bind,... to change one mount's flags.", RemountUsage);
                }

                if (other.Kind is not (Kind.Remount or Kind.Bind))
                {
                    throw Conflict(remount, other);
                }
            }

            return Kind.Remount;
        }

        KindRequest first = kinds[0];
        foreach (KindRequest other in kinds)
        {
            if (other.Kind != first.Kind || other.Type != first.Type || other.Recursive != first.Recursive)
            {
                throw Conflict(first, other);
            }
        }

        return first.Kind;
    }

    private static CommandException Conflict(KindRequest first, KindRequest other) =>
        CommandException.At(
            other.Token,
            $"`{other.Name}` and `{first.Name}` are two operations; one line does one. Type them as two commands.",
            Usages);

    private static MountFilesystemOperation NewMount(
        ParseContext context, string? fsType, ShellToken? typeToken, List<OptionWord> words, List<ShellToken> operands)
    {
        if (fsType is null)
        {
            throw CommandException.At(
                words.Count > 0 ? words[0].Token : context.Verb,
                "Say what to mount: -t TYPE for a new filesystem, or --bind, --rbind or --move for an existing directory.",
                Usages);
        }

        if (fsType.Length == 0 || !char.IsAsciiLetterOrDigit(fsType[0]) || fsType.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-')))
        {
            throw CommandException.At(typeToken!, $"`{fsType}` is not a filesystem type name; /proc/filesystems lists them.", "tmpfs", "ramfs", "overlay", "proc");
        }

        if (operands.Count == 1)
        {
            throw context.Missing(
                $"SOURCE or DIR: {NewUsage} (for tmpfs the SOURCE is a name that shows in mountinfo; MountViz does not read /etc/fstab)",
                NewUsage);
        }

        context.Expect(operands, NewUsage, "SOURCE", "DIR");
        string source = operands[0].Text.Length > 0
            ? operands[0].Text
            : throw CommandException.At(operands[0], "The SOURCE cannot be empty: name the filesystem (for tmpfs any name, e.g. tmpfs).");
        return new MountFilesystemOperation(fsType, source, ParseContext.PathOf(operands[1]), string.Join(',', words.Select(w => w.Text)));
    }

    private static Operation BindOrMove(
        ParseContext context, Kind kind, string? fsType, ShellToken? typeToken, List<OptionWord> words, List<ShellToken> operands)
    {
        string usage = kind switch { Kind.Bind => BindUsage, Kind.Rbind => RbindUsage, _ => MoveUsage };
        string what = kind == Kind.Move ? "A move" : "A bind";
        if (fsType is not null && fsType != "none")
        {
            throw CommandException.At(typeToken!, $"{what} mounts an existing directory, not a new filesystem: drop -t {fsType}.", usage);
        }

        if (words.Count > 0)
        {
            OptionWord word = words[0];
            bool generic = MountOptions.TryGetFlag(word.Text, out _, out _);
            string message = kind == Kind.Move
                ? $"A move takes no options; `{word.Text}` does not apply to it."
                : generic
                    ? $"The kernel ignores `{word.Text}` in the bind itself: bind first, then change the flag with `mount -o remount,bind,{word.Text} DIR`."
                    : $"`{word.Text}` is an option of a new filesystem; a bind mounts an existing directory.";
            throw CommandException.At(word.Token, message, usage);
        }

        context.Expect(operands, usage, "SOURCE", "DIR");
        string source = ParseContext.PathOf(operands[0]);
        string target = ParseContext.PathOf(operands[1]);
        return kind == Kind.Move ? new MoveMountOperation(source, target) : new BindMountOperation(source, target, kind == Kind.Rbind);
    }

    private static RemountOperation Remount(
        ParseContext context, bool bind, ShellToken? typeToken, List<OptionWord> words, List<ShellToken> operands)
    {
        if (typeToken is not null)
        {
            throw CommandException.At(typeToken, "A remount changes an existing mount: drop -t.", RemountUsage);
        }

        MountFlags attributes = MountFlags.None;
        var data = new List<string>();
        foreach (OptionWord word in words)
        {
            if (MountOptions.TryGetFlag(word.Text, out MountFlags set, out MountFlags clear))
            {
                if (((set | clear) & ~MountOptions.RemountAttributes) != 0 || word.Text == "defaults")
                {
                    throw CommandException.At(
                        word.Token,
                        $"A remount here changes ro/rw, nosuid, nodev and noexec; `{word.Text}` is not supported.",
                        "ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec", "bind");
                }

                attributes = (attributes & ~clear) | set;
            }
            else if (bind)
            {
                throw CommandException.At(
                    word.Token,
                    $"`{word.Text}` is a filesystem option, but a bind remount changes only this mount's flags (ro, nosuid, nodev, noexec): drop bind to remount the filesystem.",
                    RemountUsage);
            }
            else
            {
                data.Add(word.Text);
            }
        }

        if (operands.Count == 2)
        {
            throw CommandException.At(operands[1], "A remount takes only the directory (mount -o remount,... DIR).", RemountUsage);
        }

        context.Expect(operands, RemountUsage, "DIR");
        return new RemountOperation(ParseContext.PathOf(operands[0]), attributes, bind, string.Join(',', data));
    }

    private static ChangePropagationOperation Propagation(
        ParseContext context, KindRequest request, string? fsType, ShellToken? typeToken, List<OptionWord> words, List<ShellToken> operands)
    {
        if (fsType is not null && fsType != "none")
        {
            throw CommandException.At(typeToken!, $"{request.Name} changes an existing mount: drop -t {fsType}.", PropagationUsage);
        }

        if (words.Count > 0)
        {
            throw CommandException.At(
                words[0].Token,
                $"{request.Name} takes no other options; `{words[0].Text}` needs its own command (mount -o remount,... DIR).",
                PropagationUsage);
        }

        if (operands.Count == 2)
        {
            throw CommandException.At(operands[0], $"{request.Name} takes only the directory: mount {request.Name} DIR.", PropagationUsage);
        }

        context.Expect(operands, PropagationUsage, "DIR");
        return new ChangePropagationOperation(ParseContext.PathOf(operands[0]), request.Type, request.Recursive);
    }
}
