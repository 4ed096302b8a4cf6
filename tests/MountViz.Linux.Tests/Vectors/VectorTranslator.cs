using System.Globalization;
using MountViz.Core.Labs;
using MountViz.Core.Operations;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// Turns a vector's bash lines (the helpers of the document's §5) into command-language lines
/// for lab namespaces. A line the command language cannot express makes the whole vector
/// skipped, with the reason; nothing is approximated.
/// </summary>
/// <remarks>
/// <para>
/// <b>$S.</b> The reference runs each vector in <c>unshare -m --propagation private</c> with a
/// fresh tmpfs named <c>lab-root</c> at <c>$S</c>, made private; only mounts at or under
/// <c>$S</c> are compared. A lab's workspace is the same kind of thing, a tmpfs at lab path
/// <c>/</c> whose parent lies outside what is compared, except that it is created shared (so
/// that clones are its peers). So <c>$S</c> maps to <c>/</c> (<c>$S/A</c> → <c>/A</c>) and the
/// first step is <c>mount --make-private /</c> in <c>base</c>: from then on the starting state is
/// the reference's, and a namespace cloned from <c>base</c> copies a private <c>$S</c> as
/// unshare does. The alternative, a tmpfs at <c>/S</c> under the shared workspace root, would
/// leave <c>$S</c> itself a mount under a shared parent, so mounting, unmounting or detaching it
/// in one namespace (as pivot_root's detach of the old root does) could propagate into the
/// others: a state the reference never has. The only difference left is the workspace's source
/// name (<c>mountviz-lab-ID</c> instead of <c>lab-root</c>), which the evaluator maps one to one.
/// </para>
/// <para>
/// <b>Raw syscalls.</b> <c>python3 $SC mount SRC TGT FLAGS</c> and <c>$SC umount TGT [DETACH]</c>
/// only exist in the reference to print the errno; when the flag set is exactly one command
/// language operation (MS_MOVE is <c>mount --move</c>, MS_BIND|MS_REC is <c>mount --rbind</c>,
/// MS_SHARED on a path is <c>mount --make-shared</c>, MNT_DETACH is <c>umount -l</c>) the line
/// becomes that command: the same mount(2)/umount2(2) call, and the engine reports the errno.
/// <c>unshare -m ... python3 $SC pivot NEW OLD</c> (pivot_root in a throw-away nested namespace
/// that the reference never snapshots) becomes a lab namespace cloned just before the "before"
/// snapshot plus <c>pivot_root NEW OLD</c> in it, and that namespace stays out of the
/// comparison, as it is out of the reference's. The lab's pivot_root also detaches the old
/// root afterwards; that happens in the unobserved namespace only, and every mount it detaches
/// there is private or a slave, so nothing of it can reach the compared namespaces (a change
/// in them would fail the vector).
/// </para>
/// </remarks>
public static class VectorTranslator
{
    /// <summary>The first step of every vector: <c>$S</c> (the workspace root) is private, as in the reference.</summary>
    public static LabStep Prelude { get; } = new(LabInfo.BaseNamespace, "mount --make-private /", "(prelude: $S is a private tmpfs in ns0, as the reference's lab-root)");

    // sc.py's flag names and values (mount(2)'s MS_*), checked against MountFlags by the tests.
    private static readonly Dictionary<string, MountFlags> RawFlags = new(StringComparer.Ordinal)
    {
        ["BIND"] = MountFlags.Bind,
        ["REC"] = MountFlags.Recursive,
        ["MOVE"] = MountFlags.Move,
        ["SHARED"] = MountFlags.Shared,
        ["SLAVE"] = MountFlags.Slave,
        ["PRIVATE"] = MountFlags.Private,
        ["UNBINDABLE"] = MountFlags.Unbindable,
    };

    /// <summary>The numeric values <c>sc.py</c> uses for its flag names.</summary>
    public static IReadOnlyDictionary<string, MountFlags> RawFlagValues => RawFlags;

    /// <summary>Translates a vector, or says why it is skipped.</summary>
    public static TranslatedVector Translate(PropagationVector vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var state = new State();
        var setup = new List<LabStep> { Prelude };
        foreach (string line in vector.Setup)
        {
            Line translated = TranslateLine(line, LabInfo.BaseNamespace, state);
            if (translated.Skip is string reason)
            {
                return Skipped(vector, $"setup `{line}`: {reason}");
            }

            setup.AddRange(translated.Steps);
        }

        Line op = TranslateLine(vector.Op, LabInfo.BaseNamespace, state);
        if (op.Skip is string opReason)
        {
            return Skipped(vector, $"op `{vector.Op}`: {opReason}");
        }

        if (op.Steps.Count == 0)
        {
            throw new FormatException($"Vector {vector.Id}: the op `{vector.Op}` is empty.");
        }

        // A nested unshare's clone is made before the snapshot; the last step is the operation.
        setup.AddRange(op.Steps.Take(op.Steps.Count - 1));
        VectorExpectation? expect = FoldOutput(vector, out string? outputReason);
        if (outputReason is not null)
        {
            return Skipped(vector, outputReason);
        }

        return new TranslatedVector
        {
            Vector = vector,
            Setup = setup,
            Op = op.Steps[^1],
            Expect = expect,
            Unobserved = state.Unobserved,
        };
    }

    private static TranslatedVector Skipped(PropagationVector vector, string reason) => new() { Vector = vector, SkipReason = reason };

    private static VectorExpectation? FoldOutput(PropagationVector vector, out string? skip)
    {
        skip = null;
        VectorExpectation expect = vector.Expect;
        bool succeeds = expect.Succeeds;

        // sc.py prints errno=0 on success and errno=NAME on failure; the result carries both.
        string? errno = expect.Errno;
        foreach (string text in expect.OutputContains)
        {
            if (!text.StartsWith("errno=", StringComparison.Ordinal) || text.Length == "errno=".Length)
            {
                skip = $"expect.output_contains `{text}` checks text the op prints; an operation result has no program output";
                return null;
            }

            string value = text["errno=".Length..];
            if (value == "0" ? !succeeds : succeeds)
            {
                throw new FormatException($"Vector {vector.Id} expects rc {(succeeds ? "0" : "nonzero")} but output {text}.");
            }

            if (value != "0")
            {
                if (errno is not null && errno != value)
                {
                    throw new FormatException($"Vector {vector.Id} expects errno {errno} and output {text}.");
                }

                errno = value;
            }
        }

        return expect with { Errno = errno, OutputContains = [] };
    }

    private static Line TranslateLine(string line, string ns, State state)
    {
        string[] words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return Line.Of();
        }

        string verb = words[0];
        string[] args = words[1..];

        // Processes the lab would have to start and keep: it runs none besides its holders.
        if (verb == "bg")
        {
            return Line.Skipped(args.Contains("$CP")
                ? "bg $CP starts chroot_pause, a chrooted process whose own mountinfo is read (propagate_from); the lab starts no user processes and reads namespaces through their holders"
                : "bg starts a helper process that keeps a directory busy (cd into a mount, then sleep); the lab starts no user processes, so nothing can hold a mount busy");
        }

        if (line.IndexOfAny(['\'', '"', '`', ';', '&', '|', '<', '>', '(', ')']) >= 0)
        {
            return Line.Skipped("a shell construct (quotes, pipes, command substitution, &&, redirection) that the command language does not have");
        }

        return verb switch
        {
            "t" => Tmpfs(args, ns),
            "mkdir" or "mount" or "umount" => Passthrough(verb, args, ns),
            "spawn" => Spawn(args, ns, state),
            "inns" => InNamespace(args, state),
            "python3" when args.Length > 0 && args[0] == "$SC" => RawSyscall(args[1..], ns, nested: false),
            "unshare" => Nested(args, ns, state),
            "$NA" => Line.Skipped("$NA uses the new mount API (open_tree, move_mount with MOVE_MOUNT_SET_GROUP), which the command language does not offer"),
            "$CP" => Line.Skipped("$CP (chroot_pause) chroots a process; the command language has no chroot"),
            "cd" => Line.Skipped("cd changes a shell's working directory to hold a mount busy; the lab has no user processes"),
            _ => Line.Skipped($"`{verb}` is not one of the helpers the command language can express (t, mkdir, mount, umount, spawn, inns, python3 $SC)"),
        };
    }

    private static Line Tmpfs(string[] args, string ns)
    {
        if (args.Length != 2)
        {
            throw new FormatException($"`t` takes SRC DIR, not `{string.Join(' ', args)}`.");
        }

        return Path(args[1], out string dir, out string? bad)
            ? Line.Of(new LabStep(ns, $"mount -t tmpfs {args[0]} {dir}", $"t {args[0]} {args[1]}"))
            : Line.Skipped(bad!);
    }

    private static Line Passthrough(string verb, string[] args, string ns)
    {
        var mapped = new List<string> { verb };
        foreach (string arg in args)
        {
            if (!Path(arg, out string word, out string? bad))
            {
                return Line.Skipped(bad!);
            }

            mapped.Add(word);
        }

        return Line.Of(new LabStep(ns, string.Join(' ', mapped), string.Join(' ', [verb, .. args])));
    }

    private static Line Spawn(string[] args, string ns, State state)
    {
        if (args.Length == 0)
        {
            throw new FormatException("`spawn` needs a NAME.");
        }

        string name = args[0];
        if (!Unshare(args[1..], out NamespacePropagation propagation, out string? bad, out int consumed) || consumed != args.Length - 1)
        {
            return Line.Skipped(bad ?? $"spawn runs `{string.Join(' ', args[(consumed + 1)..])}` after the unshare options; a lab namespace runs no command");
        }

        if (name == VectorNamespaces.Sandbox || name == LabInfo.BaseNamespace || !NamespaceName.IsValid(name) || !state.Known.Add(name))
        {
            throw new FormatException($"spawn {name}: not a new, valid namespace name.");
        }

        // spawn is a function of the vector's shell, which runs in ns0; nsenter cannot run it.
        if (ns != LabInfo.BaseNamespace)
        {
            throw new FormatException($"spawn {name} is used under inns; spawn only runs in ns0.");
        }

        return Line.Of(new LabStep(LabInfo.BaseNamespace, $"unshare -m --propagation {propagation.ToWord()} {name}", "spawn " + string.Join(' ', args)));
    }

    private static Line InNamespace(string[] args, State state)
    {
        if (args.Length < 2)
        {
            throw new FormatException("`inns` needs NAME and a command.");
        }

        string vectorName = args[0];
        if (!state.Known.Contains(vectorName))
        {
            throw new FormatException($"inns {vectorName}: no namespace of that name was spawned before.");
        }

        return TranslateLine(string.Join(' ', args[1..]), VectorNamespaces.ToLab(vectorName), state);
    }

    // `unshare -m [--propagation X] python3 $SC pivot NEW OLD`: a throw-away nested namespace.
    private static Line Nested(string[] args, string ns, State state)
    {
        if (!Unshare(args, out NamespacePropagation propagation, out string? bad, out int consumed))
        {
            return Line.Skipped(bad!);
        }

        string[] command = args[consumed..];
        if (command.Length != 5 || command[0] != "python3" || command[1] != "$SC" || command[2] != "pivot")
        {
            return Line.Skipped("a command run in a throw-away nested namespace that is not `python3 $SC pivot NEW OLD`");
        }

        string name = string.Create(CultureInfo.InvariantCulture, $"nested{state.Unobserved.Count + 1}");
        if (!state.Known.Add(name))
        {
            throw new FormatException($"A vector spawns a namespace named {name}, the name kept for nested namespaces.");
        }

        state.Unobserved.Add(name);
        Line pivot = RawSyscall(command[2..], name, nested: true);
        if (pivot.Skip is not null)
        {
            return pivot;
        }

        string line = "unshare " + string.Join(' ', args);
        var clone = new LabStep(ns, $"unshare -m --propagation {propagation.ToWord()} {name}", line) { MakesUnobservedNamespace = true };
        return Line.Of([clone, .. pivot.Steps]);
    }

    // unshare(1)'s options as spawn and nested commands use them: -m, --propagation MODE.
    private static bool Unshare(string[] args, out NamespacePropagation propagation, out string? bad, out int consumed)
    {
        propagation = NamespacePropagation.Private;
        bad = null;
        bool mount = false;
        int i = 0;
        for (; i < args.Length && args[i].StartsWith('-'); i++)
        {
            switch (args[i])
            {
                case "-m" or "--mount":
                    mount = true;
                    break;
                case "--propagation" when i + 1 < args.Length && NamespacePropagationNames.TryParse(args[i + 1], out propagation):
                    i++;
                    break;
                case "-U" or "--user" or "-r" or "--map-root-user":
                    bad = $"a user namespace (unshare {args[i]}: a less-privileged clone with locked mounts); MountViz labs are made of mount namespaces only";
                    consumed = i;
                    return false;
                default:
                    bad = $"unshare option `{args[i]}` is not in the command language (unshare -m [--propagation MODE] NAME)";
                    consumed = i;
                    return false;
            }
        }

        consumed = i;
        if (!mount)
        {
            bad = "unshare without -m makes no mount namespace";
            return false;
        }

        return true;
    }

    private static Line RawSyscall(string[] args, string ns, bool nested)
    {
        string line = "python3 $SC " + string.Join(' ', args);
        if (args.Length == 0)
        {
            throw new FormatException("`python3 $SC` needs a call.");
        }

        var paths = new List<string>();
        foreach (string arg in args[1..])
        {
            if (!Path(arg, out string mapped, out string? bad))
            {
                return Line.Skipped(bad!);
            }

            paths.Add(mapped);
        }

        Operation? operation = args[0] switch
        {
            "mount" when paths.Count >= 3 => RawMount(paths[0], paths[1], args[3..]),
            "umount" when paths.Count == 1 => new UnmountOperation(paths[0]),
            "umount" when paths.Count == 2 && args[2] == "DETACH" => new UnmountOperation(paths[0], Lazy: true),
            "pivot" when paths.Count == 2 && nested => new PivotRootOperation(paths[0], paths[1]),
            "pivot" when paths.Count == 2 => null,
            _ => throw new FormatException($"`{line}` is not a call sc.py knows."),
        };
        if (operation is null)
        {
            return Line.Skipped(args[0] == "pivot"
                ? "raw pivot_root(2) in the vector's own namespace; the lab's pivot_root also detaches the old root"
                : $"the flag set {string.Join('|', args[3..])} is not one command-language operation");
        }

        return Line.Of(new LabStep(ns, operation.ShellCommand, line));
    }

    private static Operation? RawMount(string source, string target, string[] flagNames)
    {
        var flags = MountFlags.None;
        foreach (string name in flagNames)
        {
            flags |= RawFlags.TryGetValue(name, out MountFlags flag) ? flag : throw new FormatException($"sc.py has no mount flag {name}.");
        }

        bool recursive = flags.HasFlag(MountFlags.Recursive);
        Operation? operation = (flags & ~MountFlags.Recursive) switch
        {
            MountFlags.Bind => new BindMountOperation(source, target, recursive),
            MountFlags.Move when !recursive => new MoveMountOperation(source, target),
            MountFlags.Shared => new ChangePropagationOperation(target, PropagationType.Shared, recursive),
            MountFlags.Slave => new ChangePropagationOperation(target, PropagationType.Slave, recursive),
            MountFlags.Private => new ChangePropagationOperation(target, PropagationType.Private, recursive),
            MountFlags.Unbindable => new ChangePropagationOperation(target, PropagationType.Unbindable, recursive),
            _ => null,
        };

        // The command must make the very call sc.py makes (a propagation change ignores the source).
        MountFlags? made = operation switch
        {
            BindMountOperation b => b.Flags,
            MoveMountOperation => MoveMountOperation.Flags,
            ChangePropagationOperation p => p.Flags,
            _ => null,
        };
        return made == flags ? operation : null;
    }

    // $S → /, $S/x → /x; any other shell variable cannot be expressed.
    private static bool Path(string word, out string mapped, out string? bad)
    {
        bad = null;
        if (word == "$S")
        {
            mapped = "/";
            return true;
        }

        if (word.StartsWith("$S/", StringComparison.Ordinal))
        {
            mapped = word[2..];
            return true;
        }

        mapped = word;
        if (word.Contains('$', StringComparison.Ordinal))
        {
            bad = $"`{word}` uses a shell variable other than $S";
            return false;
        }

        return true;
    }

    private sealed class State
    {
        public HashSet<string> Known { get; } = new(StringComparer.Ordinal) { VectorNamespaces.Sandbox };

        public HashSet<string> Unobserved { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Line(IReadOnlyList<LabStep> Steps, string? Skip)
    {
        public static Line Of(params LabStep[] steps) => new(steps, null);

        public static Line Skipped(string reason) => new([], reason);
    }
}
