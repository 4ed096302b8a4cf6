using System.Globalization;
using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Scenarios;

/// <summary>
/// Checks expectations against what the lab shows after a step: the namespaces' real mount
/// tables (workspace view), directory listings and file contents. Each result says what was
/// expected and what was observed, in the same terms.
/// </summary>
internal sealed class ExpectationEvaluator
{
    /// <summary>The largest file a file expectation reads.</summary>
    public const int MaxFileBytes = 64 * 1024;

    private readonly string _labId;
    private readonly ILabOperations _operations;
    private readonly IScenarioLabAccess _access;
    private readonly IReadOnlyList<NamespaceTable> _tables;
    private readonly IReadOnlyList<CommandOutcome> _outcomes;
    private readonly int _commandCount;

    public ExpectationEvaluator(string labId, ILabOperations operations, IScenarioLabAccess access, IReadOnlyList<NamespaceTable> tables, IReadOnlyList<CommandOutcome> outcomes, int commandCount)
    {
        _labId = labId;
        _operations = operations;
        _access = access;
        _tables = tables;
        _outcomes = outcomes;
        _commandCount = commandCount;
    }

    /// <summary>The topmost visible mount at <paramref name="path"/>, or null.</summary>
    public static MountInfo? MountAt(MountTable table, string path) =>
        table.Mounts.LastOrDefault(m => m.MountPoint == path && !table.IsHidden(m));

    /// <summary><c>mount 231 at /home/a/.m2: shared:126</c>.</summary>
    public static string DescribeMount(MountInfo mount) =>
        string.Create(CultureInfo.InvariantCulture, $"mount {mount.Id} at {mount.MountPoint} ({mount.FsType} {mount.Root}): {mount.PropagationTags}");

    public async Task<ExpectationResult> EvaluateAsync(Expectation expectation, string stepNamespace, CancellationToken cancellationToken)
    {
        string ns = expectation.Namespace ?? stepNamespace;
        string expected = expectation.Describe(stepNamespace);
        return expectation switch
        {
            MountExpectation mount => EvaluateMount(mount, ns, expected),
            NoMountExpectation none => EvaluateNoMount(none, ns, expected),
            ListingExpectation listing => await EvaluateListingAsync(listing, ns, expected, cancellationToken).ConfigureAwait(false),
            FileContentExpectation file => await EvaluateFileAsync(file, ns, expected, cancellationToken).ConfigureAwait(false),
            ErrnoExpectation errno => EvaluateErrno(errno, expected),
            _ => throw new NotSupportedException($"{expectation.GetType().Name} has no evaluation."),
        };
    }

    private MountTable? TableOf(string ns) => _tables.FirstOrDefault(t => t.Namespace == ns)?.Table;

    private ExpectationResult EvaluateMount(MountExpectation expectation, string ns, string expected)
    {
        if (TableOf(ns) is not MountTable table)
        {
            return new ExpectationResult(expectation, false, expected, $"namespace {ns} could not be read (it does not exist or lost its holder)");
        }

        if (MountAt(table, expectation.Path) is not MountInfo mount)
        {
            return new ExpectationResult(expectation, false, expected, $"no mount at {expectation.Path} in {ns}") { MountObserved = false };
        }

        var observed = new StringBuilder(DescribeMount(mount));
        var problems = new List<string>();
        if (expectation.Propagation is Propagation propagation && mount.Propagation != propagation)
        {
            problems.Add($"it is {mount.Propagation.ToWords()}, not {propagation.ToWords()}");
        }

        if (expectation.PeerOf is MountReference peer
            && PeerGroupOf(peer, ns, "peer", problems) is int peerGroup
            && mount.Shared != peerGroup)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the peer group of {peer.Describe()} is shared:{peerGroup}, and this mount is {(mount.Shared is int own ? $"in shared:{own}" : "in no peer group")}"));
        }

        if (expectation.SlaveOf is MountReference masterRef
            && PeerGroupOf(masterRef, ns, "slave", problems) is int masterGroup
            && mount.Master != masterGroup)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the peer group of {masterRef.Describe()} is shared:{masterGroup}, and this mount's master is {(mount.Master is int own ? $"master:{own}" : "none")}"));
        }

        if (problems.Count > 0)
        {
            observed.Append("; ").AppendJoin("; ", problems);
        }

        return new ExpectationResult(expectation, problems.Count == 0, expected, observed.ToString()) { MountObserved = true };
    }

    /// <summary>
    /// The peer group of the mount <paramref name="reference"/> names, which a peer-of or
    /// slave-of expectation compares with; null, with the reason added to
    /// <paramref name="problems"/>, when there is no such mount or it is in no peer group.
    /// </summary>
    private int? PeerGroupOf(MountReference reference, string ns, string relation, List<string> problems)
    {
        string refNs = reference.Namespace ?? ns;
        if (TableOf(refNs) is not MountTable table)
        {
            problems.Add($"namespace {refNs} could not be read");
            return null;
        }

        if (MountAt(table, reference.Path) is not MountInfo other)
        {
            problems.Add($"there is no mount at {reference.Path} in {refNs} to compare with");
            return null;
        }

        if (other.Shared is not int group)
        {
            problems.Add($"{DescribeMount(other)} is in no peer group, so nothing can be its {relation}");
            return null;
        }

        return group;
    }

    private ExpectationResult EvaluateNoMount(NoMountExpectation expectation, string ns, string expected)
    {
        if (TableOf(ns) is not MountTable table)
        {
            return new ExpectationResult(expectation, false, expected, $"namespace {ns} could not be read (it does not exist or lost its holder)");
        }

        var there = table.Mounts.Where(m => m.MountPoint == expectation.Path).ToList();
        return there.Count == 0
            ? new ExpectationResult(expectation, true, expected, $"no mount at {expectation.Path} in {ns}") { MountObserved = false }
            : new ExpectationResult(expectation, false, expected, string.Join("; ", there.Select(DescribeMount))) { MountObserved = true };
    }

    private async Task<ExpectationResult> EvaluateListingAsync(ListingExpectation expectation, string ns, string expected, CancellationToken cancellationToken)
    {
        FileTree tree;
        try
        {
            tree = await _operations.ListFilesAsync(_labId, ns, expectation.Path, maxDepth: 1, maxEntries: 1000, cancellationToken).ConfigureAwait(false);
        }
        catch (LabException e)
        {
            return new ExpectationResult(expectation, false, expected, $"{expectation.Path} could not be listed in {ns}: {e.Message}");
        }

        if (tree.Root.Type != "directory")
        {
            return new ExpectationResult(expectation, false, expected, $"{expectation.Path} in {ns} is a {tree.Root.Type}, not a directory");
        }

        var names = tree.Root.Children.Select(c => c.Name).ToList();
        bool same = names.Order(StringComparer.Ordinal).SequenceEqual(expectation.Entries.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        return new ExpectationResult(expectation, same, expected, $"{expectation.Path} in {ns} lists {ListingText.Of(names)}{(tree.Truncated ? " (truncated)" : "")}");
    }

    private async Task<ExpectationResult> EvaluateFileAsync(FileContentExpectation expectation, string ns, string expected, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await _access.ReadFileAsync(_labId, ns, expectation.Path, MaxFileBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (LabException e)
        {
            return new ExpectationResult(expectation, false, expected, $"{expectation.Path} could not be read in {ns}: {e.Message}");
        }

        string text = MountText.Decode(content);
        return new ExpectationResult(expectation, text == expectation.Content, expected, $"{expectation.Path} in {ns} reads {FileContentExpectation.Quoted(text)}");
    }

    private ExpectationResult EvaluateErrno(ErrnoExpectation expectation, string expected)
    {
        if (_outcomes.Count == 0)
        {
            return new ExpectationResult(expectation, false, expected, "no command ran");
        }

        if (_outcomes.Count < _commandCount)
        {
            return new ExpectationResult(expectation, false, expected, $"the last command did not run: the step stopped after `{_outcomes[^1].Command}`");
        }

        CommandOutcome last = _outcomes[^1];
        if (last.Error is string error)
        {
            return new ExpectationResult(expectation, false, expected, $"`{last.Command}` could not be run: {error}");
        }

        if (last.Result is { Ok: true })
        {
            return new ExpectationResult(expectation, false, expected, $"`{last.Command}` succeeded");
        }

        string observed = last.Result?.Errno is string errno
            ? $"`{last.Command}` failed with {errno}: {last.Result.Message}"
            : $"`{last.Command}` was refused by MountViz before the kernel was asked: {last.Result?.Message}";
        return new ExpectationResult(expectation, last.Result?.Errno == expectation.Errno, expected, observed);
    }
}
