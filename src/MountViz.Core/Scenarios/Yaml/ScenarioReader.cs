using System.Collections.Immutable;
using MountViz.Core.Commands;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MountViz.Core.Scenarios.Yaml;

/// <summary>
/// Walks the YAML node tree of a scenario file, keeping every error (with the node's position)
/// rather than stopping at the first, so one run shows everything to fix. The node tree, not a
/// deserializer, because each error must point at the exact key or value.
/// </summary>
internal sealed class ScenarioReader
{
    private static readonly string[] RootKeys = ["title", "introduction", "setup", "steps", "table"];
    private static readonly string[] SetupKeys = ["namespace", "run", "copy", "to"];
    private static readonly string[] StepKeys = ["title", "namespace", "run", "narrative", "expect", "show", "cell"];
    private static readonly string[] TableKeys = ["caption", "row-header", "column-header", "rows", "columns"];
    private static readonly string[] ShowKeys = ["path", "namespaces", "files"];
    private static readonly string[] CellKeys = ["row", "column"];
    private static readonly string[] ReferenceKeys = ["path", "namespace"];
    private static readonly string[] ExpectationKinds = ["mount", "no-mount", "listing", "file", "errno"];
    private static readonly string[] PropagationWords = ["shared", "private", "slave", "shared+slave", "unbindable"];

    private static readonly Dictionary<string, string[]> ExpectationKeys = new(StringComparer.Ordinal)
    {
        ["mount"] = ["mount", "namespace", "propagation", "peer-of", "slave-of"],
        ["no-mount"] = ["no-mount", "namespace"],
        ["listing"] = ["listing", "namespace", "entries"],
        ["file"] = ["file", "namespace", "content"],
        ["errno"] = ["errno"],
    };

    private readonly List<ScenarioError> _errors = [];

    // Namespaces that exist at the point being read: base, plus those unshare created so far.
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal) { Labs.LabInfo.BaseNamespace };
    private readonly HashSet<TableCell> _filledCells = [];

    private ScenarioReader()
    {
    }

    public static ScenarioLoadResult Read(string text, string name)
    {
        var reader = new ScenarioReader();
        Scenario? scenario = reader.ReadText(text, name);
        ImmutableArray<ScenarioError> errors = [.. reader._errors.OrderBy(e => e.Position.Line).ThenBy(e => e.Position.Column)];
        return new ScenarioLoadResult(errors.IsEmpty ? scenario : null, errors);
    }

    private static ScenarioPosition At(YamlNode node) => At(node.Start);

    private static ScenarioPosition At(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private void Error(YamlNode node, string message) => _errors.Add(new ScenarioError(At(node), message));

    private Scenario? ReadText(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet's message repeats the position; the error carries it already.
            string message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            _errors.Add(new ScenarioError(At(e.Start), $"not valid YAML: {message}"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            _errors.Add(new ScenarioError(new ScenarioPosition(1, 1), "the file is empty; a scenario has at least `title:` and `steps:`."));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, "a scenario file holds one YAML document; remove the `---` and what follows, or put it in its own file.");
        }

        Dictionary<string, YamlNode>? root = Keys(stream.Documents[0].RootNode, "a scenario", RootKeys, ["title", "steps"]);
        if (root is null)
        {
            return null;
        }

        string title = root.TryGetValue("title", out YamlNode? titleNode) ? Text(titleNode, "the title", required: true) ?? "" : "";
        string introduction = root.TryGetValue("introduction", out YamlNode? intro) ? Text(intro, "the introduction") ?? "" : "";
        ScenarioTable? table = root.TryGetValue("table", out YamlNode? tableNode) ? ReadTable(tableNode) : null;
        ImmutableArray<SetupAction> setup = root.TryGetValue("setup", out YamlNode? setupNode) ? ReadSetup(setupNode) : [];
        ImmutableArray<ScenarioStep> steps = root.TryGetValue("steps", out YamlNode? stepsNode) ? ReadSteps(stepsNode, table) : [];
        return new Scenario(name, title, introduction, setup, steps, table);
    }

    private ImmutableArray<SetupAction> ReadSetup(YamlNode node)
    {
        var actions = ImmutableArray.CreateBuilder<SetupAction>();
        foreach (YamlNode item in Sequence(node, "setup", "a list of items, each `- run: COMMAND` or `- copy: HOST_FILE` with `to: LAB_PATH`"))
        {
            Dictionary<string, YamlNode>? keys = Keys(item, "a setup item", SetupKeys, []);
            if (keys is null)
            {
                continue;
            }

            string ns = ReadNamespaceKey(keys);
            bool hasRun = keys.TryGetValue("run", out YamlNode? run);
            bool hasCopy = keys.TryGetValue("copy", out YamlNode? copy);
            if (hasRun == hasCopy)
            {
                Error(item, "a setup item has either `run:` (commands) or `copy:` (a host file, with `to:`), not " + (hasRun ? "both." : "neither."));
                continue;
            }

            if (hasRun)
            {
                actions.Add(new SetupAction(ns, ReadCommands(run!, ns), null));
                continue;
            }

            if (keys.ContainsKey("to") is false)
            {
                Error(item, "`copy:` needs `to:`, the lab path of the new file.");
                continue;
            }

            string? from = Text(copy!, "copy", required: true);
            string? to = ReadLabPath(keys["to"], "to");
            if (from is null || to is null)
            {
                continue;
            }

            if (!HostFileAllowList.Allows(from))
            {
                Error(copy!, $"`{from}` may not be copied into a lab; scenarios copy only {string.Join(", ", HostFileAllowList.Files.Keys)}.");
                continue;
            }

            actions.Add(new SetupAction(ns, [], new HostFileCopy(from, to)));
        }

        return actions.ToImmutable();
    }

    private ImmutableArray<ScenarioStep> ReadSteps(YamlNode node, ScenarioTable? table)
    {
        var steps = ImmutableArray.CreateBuilder<ScenarioStep>();
        List<YamlNode> items = Sequence(node, "steps", "a list of steps, each a mapping with `run:`, `expect:` or `show:`");
        if (items.Count == 0 && node is YamlSequenceNode)
        {
            Error(node, "`steps:` is empty; a scenario has at least one step.");
        }

        foreach (YamlNode item in items)
        {
            Dictionary<string, YamlNode>? keys = Keys(item, "a step", StepKeys, []);
            if (keys is null)
            {
                continue;
            }

            if (!keys.ContainsKey("run") && !keys.ContainsKey("expect") && !keys.ContainsKey("show"))
            {
                Error(item, "a step needs at least one of `run:` (commands), `expect:` (what to check) or `show:` (/proc lines to show).");
            }

            string ns = ReadNamespaceKey(keys);
            ImmutableArray<string> commands = keys.TryGetValue("run", out YamlNode? run) ? ReadCommands(run, ns) : [];
            string? title = keys.TryGetValue("title", out YamlNode? titleNode) ? Text(titleNode, "the step's title", required: true) : null;
            string narrative = keys.TryGetValue("narrative", out YamlNode? narrativeNode) ? Text(narrativeNode, "the narrative") ?? "" : "";
            ImmutableArray<Expectation> expectations = keys.TryGetValue("expect", out YamlNode? expect) ? ReadExpectations(expect, commands.Length) : [];
            ShowRequest? show = keys.TryGetValue("show", out YamlNode? showNode) ? ReadShow(showNode) : null;
            TableCell? cell = keys.TryGetValue("cell", out YamlNode? cellNode) ? ReadCell(cellNode, table) : null;
            title ??= commands.Length > 0 ? commands[0] : show is not null ? $"Show {show.Path}" : "Check";
            steps.Add(new ScenarioStep(steps.Count + 1, title, ns, commands, narrative, expectations, show, cell));
        }

        return steps.ToImmutable();
    }

    private string ReadNamespaceKey(Dictionary<string, YamlNode> keys)
    {
        if (!keys.TryGetValue("namespace", out YamlNode? node))
        {
            return Labs.LabInfo.BaseNamespace;
        }

        return ReadKnownNamespace(node) ?? Labs.LabInfo.BaseNamespace;
    }

    private string? ReadKnownNamespace(YamlNode node)
    {
        string? ns = Text(node, "a namespace name", required: true);
        if (ns is null)
        {
            return null;
        }

        if (!NamespaceName.IsValid(ns))
        {
            Error(node, $"`{ns}` is not a namespace name: {NamespaceName.Rule}.");
            return null;
        }

        if (!_namespaces.Contains(ns))
        {
            Error(node, $"namespace `{ns}` does not exist here (existing: {string.Join(", ", _namespaces.Order(StringComparer.Ordinal))}). Create it first with a command such as `unshare -m --propagation slave {ns}` in an earlier setup item or step.");
            return null;
        }

        return ns;
    }

    private ImmutableArray<string> ReadCommands(YamlNode node, string ns)
    {
        var commands = ImmutableArray.CreateBuilder<string>();
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        foreach (YamlNode item in items)
        {
            string? command = Text(item, "a command", required: true);
            if (command is null)
            {
                continue;
            }

            CommandParseResult parsed = CommandParser.Parse(command);
            if (!parsed.Success)
            {
                string accepted = parsed.Error.Accepted.Count > 0 ? $" Accepted: {string.Join("; ", parsed.Error.Accepted)}" : "";
                _errors.Add(new ScenarioError(CommandPosition(item, parsed.Error), $"`{command}` is not a command MountViz understands: {parsed.Error.Message}{accepted}"));
                continue;
            }

            Track(parsed.Operation, item, ns);
            commands.Add(command);
        }

        if (node is YamlSequenceNode { Children.Count: 0 })
        {
            Error(node, "`run:` is an empty list; give one command or a list of commands.");
        }

        return commands.ToImmutable();
    }

    // Namespaces that commands create and delete, so later references can be checked.
    private void Track(Operation operation, YamlNode node, string ns)
    {
        switch (operation)
        {
            case CreateNamespaceOperation create:
                if (create.From is string from && !_namespaces.Contains(from))
                {
                    Error(node, $"`--from {from}` names a namespace that does not exist here; existing: {string.Join(", ", _namespaces.Order(StringComparer.Ordinal))}.");
                }

                if (!_namespaces.Add(create.Name))
                {
                    Error(node, $"namespace `{create.Name}` already exists here; choose another name (or `rmns {create.Name}` first).");
                }

                break;
            case DeleteNamespaceOperation delete:
                if (delete.Name == Labs.LabInfo.BaseNamespace)
                {
                    Error(node, "the base namespace cannot be deleted.");
                }
                else if (!_namespaces.Remove(delete.Name))
                {
                    Error(node, $"`rmns {delete.Name}`: there is no namespace `{delete.Name}` here.");
                }
                else if (delete.Name == ns)
                {
                    Error(node, $"`rmns {delete.Name}` runs in the namespace it deletes; run it in another namespace.");
                }

                break;
        }
    }

    private static ScenarioPosition CommandPosition(YamlNode node, CommandError error)
    {
        ScenarioPosition start = At(node);
        if (node is YamlScalarNode scalar && scalar.Start.Line == scalar.End.Line)
        {
            int quote = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
            return start with { Column = start.Column + quote + error.Start };
        }

        return start;
    }

    private ImmutableArray<Expectation> ReadExpectations(YamlNode node, int commandCount)
    {
        var expectations = ImmutableArray.CreateBuilder<Expectation>();
        foreach (YamlNode item in Sequence(node, "expect", $"a list of expectations, each starting with one of: {string.Join(", ", ExpectationKinds)}"))
        {
            if (item is not YamlMappingNode map)
            {
                Error(item, $"an expectation is a mapping that starts with one of: {string.Join(", ", ExpectationKinds)} (e.g. `- mount: /target1`).");
                continue;
            }

            var kinds = map.Children.Keys.OfType<YamlScalarNode>().Where(k => ExpectationKinds.Contains(k.Value)).ToList();
            if (kinds.Count != 1)
            {
                Error(item, kinds.Count == 0
                    ? $"an expectation needs one of: {string.Join(", ", ExpectationKinds)}."
                    : $"an expectation checks one thing; this one has {string.Join(" and ", kinds.Select(k => k.Value))}: split it into two items.");
                continue;
            }

            string kind = kinds[0].Value!;
            Dictionary<string, YamlNode>? keys = Keys(item, $"a `{kind}` expectation", ExpectationKeys[kind], kind == "listing" ? [kind, "entries"] : kind == "file" ? [kind, "content"] : [kind]);
            if (keys is null)
            {
                continue;
            }

            string? ns = keys.TryGetValue("namespace", out YamlNode? nsNode) ? ReadKnownNamespace(nsNode) : null;
            Expectation? expectation = kind switch
            {
                "mount" => ReadMountExpectation(keys),
                "no-mount" => ReadLabPath(keys[kind], kind) is string path ? new NoMountExpectation(path) : null,
                "listing" => ReadListing(keys),
                "file" => ReadLabPath(keys[kind], kind) is string file && Text(keys["content"], "the content") is string content ? new FileContentExpectation(file, content) : null,
                _ => ReadErrno(keys[kind], commandCount),
            };
            if (expectation is not null)
            {
                expectations.Add(expectation with { Namespace = ns, Position = At(item) });
            }
        }

        return expectations.ToImmutable();
    }

    private MountExpectation? ReadMountExpectation(Dictionary<string, YamlNode> keys)
    {
        string? path = ReadLabPath(keys["mount"], "mount");
        Propagation? propagation = null;
        if (keys.TryGetValue("propagation", out YamlNode? node) && Text(node, "a propagation type", required: true) is string word)
        {
            propagation = word switch
            {
                "shared" => Propagation.Shared,
                "private" => Propagation.Private,
                "slave" => Propagation.Slave,
                "shared+slave" => Propagation.SharedAndSlave,
                "unbindable" => Propagation.Unbindable,
                _ => null,
            };
            if (propagation is null)
            {
                Error(node, $"`{word}` is not a propagation type; expected one of: {string.Join(", ", PropagationWords)}.");
            }
        }

        MountReference? peerOf = keys.TryGetValue("peer-of", out YamlNode? peer) ? ReadReference(peer, "peer-of") : null;
        MountReference? slaveOf = keys.TryGetValue("slave-of", out YamlNode? master) ? ReadReference(master, "slave-of") : null;
        return path is null ? null : new MountExpectation(path, propagation, peerOf, slaveOf);
    }

    private MountReference? ReadReference(YamlNode node, string key)
    {
        if (node is YamlScalarNode)
        {
            return ReadLabPath(node, key) is string path ? new MountReference(path, null) : null;
        }

        Dictionary<string, YamlNode>? keys = Keys(node, $"`{key}`", ReferenceKeys, ["path"]);
        if (keys is null)
        {
            return null;
        }

        string? ns = keys.TryGetValue("namespace", out YamlNode? nsNode) ? ReadKnownNamespace(nsNode) : null;
        return ReadLabPath(keys["path"], "path") is string refPath ? new MountReference(refPath, ns) : null;
    }

    private ListingExpectation? ReadListing(Dictionary<string, YamlNode> keys)
    {
        string? path = ReadLabPath(keys["listing"], "listing");
        YamlNode entriesNode = keys["entries"];
        var entries = new List<string>();
        foreach (YamlNode entry in Sequence(entriesNode, "entries", "a list of names (`[]` for an empty directory)"))
        {
            if (Text(entry, "a directory entry name", required: true) is string name)
            {
                if (name.Contains('/', StringComparison.Ordinal))
                {
                    Error(entry, $"`{name}` is not a name in a directory (it contains '/'); list only the names directly in {path}.");
                }

                entries.Add(name);
            }
        }

        return path is null ? null : new ListingExpectation(path, [.. entries]);
    }

    private ErrnoExpectation? ReadErrno(YamlNode node, int commandCount)
    {
        string? name = Text(node, "an errno name", required: true);
        if (name is null)
        {
            return null;
        }

        if (ErrnoTable.Find(name) is null)
        {
            Error(node, $"`{name}` is not an errno MountViz knows; expected one of: {string.Join(", ", ErrnoTable.All.Select(e => e.Name))}.");
            return null;
        }

        if (commandCount == 0)
        {
            Error(node, "`errno:` checks how the step's last command failed, but this step has no `run:`.");
            return null;
        }

        return new ErrnoExpectation(name);
    }

    private ShowRequest? ReadShow(YamlNode node)
    {
        Dictionary<string, YamlNode>? keys = Keys(node, "`show`", ShowKeys, ["path", "namespaces"]);
        if (keys is null)
        {
            return null;
        }

        string? path = ReadLabPath(keys["path"], "path");
        var namespaces = new List<string>();
        YamlNode nsNode = keys["namespaces"];
        foreach (YamlNode item in nsNode is YamlSequenceNode seq ? seq.Children : [nsNode])
        {
            if (ReadKnownNamespace(item) is string ns)
            {
                namespaces.Add(ns);
            }
        }

        var files = new List<ProcMountFile>();
        if (keys.TryGetValue("files", out YamlNode? filesNode))
        {
            foreach (YamlNode item in Sequence(filesNode, "files", "a list of: mounts, mountinfo, mountstats"))
            {
                if (Text(item, "a file name", required: true) is string word)
                {
                    if (ProcMountFileNames.Parse(word) is ProcMountFile file)
                    {
                        files.Add(file);
                    }
                    else
                    {
                        Error(item, $"`{word}` is not one of the files shown; expected one of: mounts, mountinfo, mountstats.");
                    }
                }
            }
        }
        else
        {
            files.AddRange(Enum.GetValues<ProcMountFile>());
        }

        return path is null ? null : new ShowRequest(path, [.. namespaces], [.. files]);
    }

    private ScenarioTable? ReadTable(YamlNode node)
    {
        Dictionary<string, YamlNode>? keys = Keys(node, "`table`", TableKeys, TableKeys);
        if (keys is null)
        {
            return null;
        }

        string? caption = Text(keys["caption"], "the caption", required: true);
        string? rowHeader = Text(keys["row-header"], "the row header", required: true);
        string? columnHeader = Text(keys["column-header"], "the column header", required: true);
        ImmutableArray<string> rows = Labels(keys["rows"], "rows");
        ImmutableArray<string> columns = Labels(keys["columns"], "columns");
        return caption is null || rowHeader is null || columnHeader is null ? null : new ScenarioTable(caption, rowHeader, columnHeader, rows, columns);

        ImmutableArray<string> Labels(YamlNode list, string key)
        {
            var labels = new List<string>();
            foreach (YamlNode item in Sequence(list, key, "a list of labels"))
            {
                if (Text(item, "a label", required: true) is string label)
                {
                    labels.Add(label);
                }
            }

            if (labels.Count == 0)
            {
                Error(list, $"`{key}:` needs at least one label.");
            }

            return [.. labels];
        }
    }

    private TableCell? ReadCell(YamlNode node, ScenarioTable? table)
    {
        Dictionary<string, YamlNode>? keys = Keys(node, "`cell`", CellKeys, CellKeys);
        if (keys is null)
        {
            return null;
        }

        if (table is null)
        {
            Error(node, "`cell:` places the step in the scenario's `table:`, but the scenario has no `table:`.");
            return null;
        }

        string? row = Text(keys["row"], "a row label", required: true);
        string? column = Text(keys["column"], "a column label", required: true);
        if (row is not null && !table.Rows.Contains(row))
        {
            Error(keys["row"], $"`{row}` is not a row of the table; expected one of: {string.Join(", ", table.Rows)}.");
            row = null;
        }

        if (column is not null && !table.Columns.Contains(column))
        {
            Error(keys["column"], $"`{column}` is not a column of the table; expected one of: {string.Join(", ", table.Columns)}.");
            column = null;
        }

        if (row is null || column is null)
        {
            return null;
        }

        var cell = new TableCell(row, column);
        if (!_filledCells.Add(cell))
        {
            Error(node, $"the cell {row} × {column} is already filled by an earlier step.");
            return null;
        }

        return cell;
    }

    private string? ReadLabPath(YamlNode node, string key)
    {
        string? path = Text(node, $"`{key}`", required: true);
        if (path is null)
        {
            return null;
        }

        if (!LabPath.IsAbsolute(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            Error(node, $"`{key}:` takes an absolute lab path ('/' is the lab's workspace root), not `{path}`.");
            return null;
        }

        return LabPath.Resolve(path, LabPath.Root);
    }

    private string? Text(YamlNode node, string what, bool required = false)
    {
        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"{what} is text (one value), not a {(node is YamlSequenceNode ? "list" : "mapping")}.");
            return null;
        }

        string value = scalar.Value ?? "";
        if (required && value.Length == 0)
        {
            Error(node, $"{what} is missing: give a value after the colon.");
            return null;
        }

        return value;
    }

    private List<YamlNode> Sequence(YamlNode node, string key, string expected)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        Error(node, $"`{key}:` takes {expected}.");
        return [];
    }

    private Dictionary<string, YamlNode>? Keys(YamlNode node, string what, string[] allowed, string[] required)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} is a mapping of `key: value` lines (keys: {string.Join(", ", allowed)}).");
            return null;
        }

        var keys = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach ((YamlNode keyNode, YamlNode value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: string key })
            {
                Error(keyNode, $"a key of {what} is a plain word; expected one of: {string.Join(", ", allowed)}.");
                continue;
            }

            if (!allowed.Contains(key))
            {
                Error(keyNode, $"unknown key `{key}` in {what}; expected one of: {string.Join(", ", allowed)}.");
                continue;
            }

            if (!keys.TryAdd(key, value))
            {
                Error(keyNode, $"`{key}` appears twice in {what}; keep one.");
            }
        }

        bool complete = true;
        foreach (string key in required.Where(k => !keys.ContainsKey(k)))
        {
            Error(node, $"{what} needs `{key}:`.");
            complete = false;
        }

        return complete ? keys : null;
    }
}
