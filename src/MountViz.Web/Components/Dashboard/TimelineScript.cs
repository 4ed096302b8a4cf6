using System.Globalization;
using System.Text;
using MountViz.Core.Commands;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// A lab's history as a runnable <c>sh</c> script: it rebuilds the lab in fresh namespaces
/// (each kept alive by a <c>sleep infinity</c> holder started with <c>unshare</c>, entered with
/// <c>nsenter</c>) on a tmpfs workspace, replays every operation in the namespace it ran in, and
/// says in comments what MountViz observed. Lab paths become paths relative to the namespace's
/// current directory in the workspace, where each command runs, so commands read as typed.
/// </summary>
public static class TimelineScript
{
    private const string Holder = "sleep infinity";

    /// <summary>The script for <paramref name="records"/> of <paramref name="lab"/> (null when the lab is gone: namespaces are then cloned from base).</summary>
    public static string Build(string labId, LabInfo? lab, IReadOnlyList<OperationRecord> records, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(labId);
        ArgumentNullException.ThrowIfNull(records);
        var script = new Writer(lab);
        StringBuilder s = script.Text;
        s.Append("#!/bin/sh\n")
            .Append(CultureInfo.InvariantCulture, $"# MountViz lab {labId}: {records.Count} operation{(records.Count == 1 ? "" : "s")} as a shell script, exported {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC.\n")
            .Append("# Replays them in fresh mount namespaces of this machine; run it as root: sh lab.sh\n")
            .Append("# Each namespace is a holder process (sleep infinity) made with unshare and entered with nsenter.\n")
            .Append("# Paths are relative to the workspace $WS, the lab's '/'. Nothing here changes this shell's mounts.\n")
            .Append("set -u\n\n")
            .Append("# Waits until holder $1 runs sleep: its namespace and propagation are then in place.\n")
            .Append("ready() { until [ \"$(cat /proc/\"$1\"/comm 2>/dev/null)\" = sleep ]; do sleep 0.05; done; }\n")
            .Append("# in_ns HOLDER DIR COMMAND: runs COMMAND with sh in HOLDER's namespace, in workspace directory DIR\n")
            .Append("# (cd after entering: nsenter --wd would open the directory in this shell's namespace).\n")
            .Append("in_ns() { nsenter -t \"$1\" -m sh -c 'cd \"$0\" && eval \"$1\"' \"$WS$2\" \"$3\"; }\n\n")
            .Append("WS=$(mktemp -d /tmp/mountviz-lab.XXXXXX)\n\n")
            .Append("# Namespace base: a copy of this shell's, made rslave first so nothing flows back,\n")
            .Append("# with the workspace: a tmpfs, shared so that copies of it are its peers.\n")
            .Append(CultureInfo.InvariantCulture, $"unshare -m --propagation slave {Holder} &\n")
            .Append("ns_base=$!\nready \"$ns_base\"\n")
            .Append(CultureInfo.InvariantCulture, $"nsenter -t \"$ns_base\" -m mount -t tmpfs -o mode=0755 mountviz-lab-{labId} \"$WS\"\n")
            .Append("nsenter -t \"$ns_base\" -m mount --make-shared \"$WS\"\n");
        script.Created(LabInfo.BaseNamespace);

        foreach (OperationRecord record in records)
        {
            script.Append(record);
        }

        string all = string.Join(' ', script.Holders.Select(v => "$" + v));
        s.Append("\necho \"Workspace: $WS. Holders:");
        foreach ((string name, string variable) in script.Live)
        {
            s.Append(' ').Append(name).Append("=$").Append(variable);
        }

        s.Append(".\"\n")
            .Append("echo \"Look:    nsenter -t $ns_base -m findmnt -R -o TARGET,SOURCE,PROPAGATION $WS\"\n")
            .Append(CultureInfo.InvariantCulture, $"echo \"End all: kill {all}\"\n");
        return s.ToString();
    }

    /// <summary>A lab path as a path relative to <paramref name="cwd"/> (both absolute lab paths); relative paths stay as they are.</summary>
    public static string Relative(string path, string cwd)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(cwd);
        if (!LabPath.IsAbsolute(path))
        {
            return path;
        }

        string[] to = LabPath.Resolve(path, LabPath.Root).Split('/', StringSplitOptions.RemoveEmptyEntries);
        string[] from = LabPath.Resolve(cwd, LabPath.Root).Split('/', StringSplitOptions.RemoveEmptyEntries);
        int common = 0;
        while (common < to.Length && common < from.Length && to[common] == from[common])
        {
            common++;
        }

        IEnumerable<string> parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common));
        string relative = string.Join('/', parts);
        return relative.Length == 0 ? "." : relative;
    }

    /// <summary>The operation with every absolute lab path made relative to <paramref name="cwd"/>.</summary>
    public static Operation RelativeTo(Operation operation, string cwd)
    {
        ArgumentNullException.ThrowIfNull(operation);
        string Map(string p) => Relative(p, cwd);
        PathList MapAll(PathList paths) => new(paths.Select(Map));
        return operation switch
        {
            BindMountOperation b => new BindMountOperation(Map(b.Source), Map(b.Target), b.Recursive),
            MoveMountOperation m => new MoveMountOperation(Map(m.Source), Map(m.Target)),
            MountFilesystemOperation f => new MountFilesystemOperation(f.FsType, f.Source, Map(f.Target), MountOptions.MapPaths(f.FsType, f.Options, Map)),
            RemountOperation r => new RemountOperation(Map(r.Target), r.Attributes, r.Bind, r.Data),
            ChangePropagationOperation c => new ChangePropagationOperation(Map(c.Target), c.Type, c.Recursive),
            UnmountOperation u => new UnmountOperation(Map(u.Target), u.Lazy, u.Recursive),
            MakeDirectoryOperation d => new MakeDirectoryOperation(MapAll(d.Directories), d.Parents),
            RemoveDirectoryOperation d => new RemoveDirectoryOperation(MapAll(d.Directories)),
            CreateFileOperation t => new CreateFileOperation(MapAll(t.Files)),
            WriteFileOperation w => new WriteFileOperation(Map(w.File), w.Text, w.Newline, w.Append),
            PivotRootOperation p => new PivotRootOperation(Map(p.NewRoot), Map(p.PutOld)),
            _ => operation,
        };
    }

    /// <summary>The script being written, with each namespace's holder variable and current directory.</summary>
    private sealed class Writer(LabInfo? lab)
    {
        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _cwd = new(StringComparer.Ordinal);
        private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);

        public StringBuilder Text { get; } = new();

        /// <summary>Every holder variable, in creation order.</summary>
        public List<string> Holders { get; } = [];

        /// <summary>The namespaces alive at the end, with their variables.</summary>
        public IEnumerable<(string Name, string Variable)> Live =>
            _variables.Where(v => !_deleted.Contains(v.Key)).Select(v => (v.Key, v.Value));

        public void Created(string name)
        {
            string variable = VariableFor(name);
            _variables[name] = variable;
            _cwd[name] = LabPath.Root;
            _deleted.Remove(name);
            if (!Holders.Contains(variable))
            {
                Holders.Add(variable);
            }
        }

        public void Append(OperationRecord record)
        {
            OperationResult result = record.Result;
            string ns = record.Namespace;
            Text.Append('\n').Append(CultureInfo.InvariantCulture, $"# {record.Sequence} · {record.At.UtcDateTime:HH:mm:ss} · in {ns}: {result.ShellCommand}\n");
            Ensure(ns);
            CommandParseResult parsed = CommandParser.Parse(result.ShellCommand, _cwd[ns]);
            if (!parsed.Success)
            {
                Comment($"not replayed: the line does not parse here ({parsed.Error!.Message})");
                Outcome(result);
                return;
            }

            switch (parsed.Resolved)
            {
                case ChangeDirectoryOperation cd:
                    if (result.Ok)
                    {
                        _cwd[ns] = cd.Path;
                        Comment($"the following commands in {ns} run in {cd.Path}");
                    }

                    Outcome(result);
                    return;
                case CreateNamespaceOperation create when result.Ok:
                    Outcome(result);
                    Clone(create.Name, create.From ?? ns, create.Propagation, null);
                    _cwd[create.Name] = _cwd.TryGetValue(create.From ?? ns, out string? fromCwd) ? fromCwd : LabPath.Root;
                    return;
                case CreateNamespaceOperation:
                    Comment("not replayed: it was refused");
                    Outcome(result);
                    return;
                case DeleteNamespaceOperation delete when result.Ok && _variables.TryGetValue(delete.Name, out string? victim):
                    Text.Append(CultureInfo.InvariantCulture, $"kill \"${victim}\"\n");
                    _deleted.Add(delete.Name);
                    Outcome(result);
                    return;
                case DeleteNamespaceOperation:
                    Comment("not replayed");
                    Outcome(result);
                    return;
                default:
                    break;
            }

            string command = RelativeTo(parsed.Resolved!, _cwd[ns]).ShellCommand;
            Text.Append(CultureInfo.InvariantCulture, $"in_ns \"${_variables[ns]}\" {ShellQuote.Quote(_cwd[ns])} {ShellQuote.Quote(command)}\n");
            Outcome(result);
        }

        /// <summary>A namespace the history uses before creating it (cloned before the history starts): made now, as the lab says it was.</summary>
        private void Ensure(string ns)
        {
            if (_variables.ContainsKey(ns) && !_deleted.Contains(ns))
            {
                return;
            }

            LabNamespaceInfo? info = lab?.Find(ns);
            string from = info?.ClonedFrom is string f && _variables.ContainsKey(f) ? f : LabInfo.BaseNamespace;
            NamespacePropagation propagation = info?.Propagation ?? NamespacePropagation.Unchanged;
            Clone(ns, from, propagation, info is null
                ? $"Namespace {ns} was made before this history starts and is gone now: made here as a copy of {from}."
                : $"Namespace {ns} was cloned before this history starts: made here, before its first operation, as a copy of {from} ({propagation.ToWord()}).");
            _cwd[ns] = LabPath.Root;
        }

        private void Clone(string name, string from, NamespacePropagation propagation, string? note)
        {
            if (note is not null)
            {
                Comment(note);
            }

            string fromVariable = _variables.TryGetValue(from, out string? v) ? v : _variables[LabInfo.BaseNamespace];
            Created(name);
            string variable = _variables[name];
            Text.Append(CultureInfo.InvariantCulture, $"nsenter -t \"${fromVariable}\" -m unshare -m --propagation unchanged {Holder} &\n")
                .Append(CultureInfo.InvariantCulture, $"{variable}=$!\n")
                .Append(CultureInfo.InvariantCulture, $"ready \"${variable}\"\n");
            if (propagation != NamespacePropagation.Unchanged)
            {
                // As the lab does: the propagation option applies to the copy of the workspace only.
                Text.Append(CultureInfo.InvariantCulture, $"nsenter -t \"${variable}\" -m mount --make-r{propagation.ToWord()} \"$WS\"\n");
            }
        }

        private void Outcome(OperationResult result)
        {
            Comment(result.Ok ? $"ok: {result.Message}" : $"refused ({result.Errno ?? "not run"}): {result.Message}");
            if (result.Cause is { Length: > 0 } cause)
            {
                Comment($"cause: {cause}");
            }

            if (result.Syscall.Length > 0)
            {
                Comment($"call: {result.Syscall}");
            }

            foreach (IGrouping<string, NamespaceChange> group in result.Changes.GroupBy(c => c.Namespace, StringComparer.Ordinal))
            {
                Comment($"{group.Key}: " + string.Join(", ", group.Select(c => $"{Sign(c.Change.Kind)} {MountText.ToDisplay(c.Change.Mount.MountPoint)}{Tags(c.Change.Mount)}")));
            }
        }

        private void Comment(string text)
        {
            foreach (string line in text.Split('\n'))
            {
                Text.Append("#   ").Append(line.TrimEnd()).Append('\n');
            }
        }

        private string VariableFor(string name)
        {
            if (_variables.TryGetValue(name, out string? existing))
            {
                return existing;
            }

            var variable = new StringBuilder("ns_");
            foreach (char c in name)
            {
                variable.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
            }

            // a-b and a_b make the same word: the second gets a number.
            string candidate = variable.ToString();
            for (int i = 2; _variables.ContainsValue(candidate); i++)
            {
                candidate = variable.ToString() + i.ToString(CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        private static string Sign(MountChangeKind kind) => kind switch
        {
            MountChangeKind.Added => "+",
            MountChangeKind.Removed => "-",
            MountChangeKind.Moved => "moved",
            MountChangeKind.PropagationChanged => "propagation",
            _ => "options",
        };

        private static string Tags(MountInfo mount) =>
            mount.PropagationTags is { Length: > 0 } tags ? $" ({tags})" : "";
    }
}
