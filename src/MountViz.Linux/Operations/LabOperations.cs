using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MountViz.Core.Commands;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Linux.Confinement;
using MountViz.Linux.Labs;
using Tmds.Linux;

namespace MountViz.Linux.Operations;

/// <summary>
/// Runs operations in lab namespaces on the real kernel (<see cref="ILabOperations"/>). Each
/// call holds the lab's <see cref="LabSession"/> throughout, so calls on one lab queue and each
/// result shows only its own effects: every namespace's mount table is read before, the
/// operation runs on the executor thread inside its namespace, every table is read again and
/// each namespace's workspace view is diffed (propagated mounts in other namespaces included).
/// The simulator predicts the operation from the tables read before it, and the result carries
/// the prediction beside what the kernel did (<see cref="OperationResult.Comparison"/>).
/// Keeps a current directory per namespace (for <c>cd</c> and relative paths) and each lab's
/// history. The host's namespaces are never entered.
/// </summary>
public sealed class LabOperations : ILabOperations, IDisposable
{
    /// <summary>How many operations a lab's history keeps (oldest dropped first).</summary>
    public const int HistoryLimit = 1000;

    /// <summary>The deepest and largest listing <see cref="ListFilesAsync"/> gives.</summary>
    public const int MaxListDepth = 64;

    /// <summary>The largest number of entries <see cref="ListFilesAsync"/> gives.</summary>
    public const int MaxListEntries = 100_000;

    private static readonly MountTable Empty = MountTable.Build([]);

    private readonly LabEngine _engine;
    private readonly MountViewCache _views = new();
    private readonly Lock _sync = new();
    private readonly Dictionary<string, LabState> _labs = new(StringComparer.Ordinal);

    /// <summary>Creates the executor over <paramref name="engine"/>; its <see cref="LabEngine.Limits"/> are the caps.</summary>
    public LabOperations(LabEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _engine.Changed += OnLabChanged;
    }

    /// <summary>The caps in force (the engine's).</summary>
    public LabLimits Limits => _engine.Limits;

    /// <summary>The current directory of a namespace (<c>/</c> until a <c>cd</c>).</summary>
    public string CurrentDirectory(string labId, string namespaceName)
    {
        lock (_sync)
        {
            return _labs.TryGetValue(labId, out LabState? state) && state.Cwd.TryGetValue(namespaceName, out string? cwd) ? cwd : LabPath.Root;
        }
    }

    /// <inheritdoc/>
    public async Task<OperationResult> ExecuteAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        LabSession session = await _engine.OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        using (session)
        {
            RequireNamespace(session, namespaceName);
            (Operation typed, Operation resolved) = ParseInSession(labId, namespaceName, command);
            return await ExecuteCoreAsync(session, namespaceName, typed, resolved, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<OperationResult> ExecuteAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        LabSession session = await _engine.OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        using (session)
        {
            RequireNamespace(session, namespaceName);
            Operation resolved = operation.Resolve(CurrentDirectory(labId, namespaceName));
            return await ExecuteCoreAsync(session, namespaceName, operation, resolved, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<Prediction> PredictAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        LabSession session = await _engine.OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        using (session)
        {
            RequireNamespace(session, namespaceName);
            (_, Operation resolved) = ParseInSession(labId, namespaceName, command);
            return await PredictCoreAsync(session, namespaceName, ReadAll(session, namespaceName), resolved, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<Prediction> PredictAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        LabSession session = await _engine.OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        using (session)
        {
            RequireNamespace(session, namespaceName);
            Operation resolved = operation.Resolve(CurrentDirectory(labId, namespaceName));
            return await PredictCoreAsync(session, namespaceName, ReadAll(session, namespaceName), resolved, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<FileTree> ListFilesAsync(string labId, string namespaceName, string path, int maxDepth = 4, int maxEntries = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (maxDepth is < 0 or > MaxListDepth)
        {
            throw new LabException(LabErrorKind.InvalidRequest, $"The depth of a listing must be between 0 and {MaxListDepth}, not {maxDepth}.");
        }

        if (maxEntries is < 1 or > MaxListEntries)
        {
            throw new LabException(LabErrorKind.InvalidRequest, $"The number of entries of a listing must be between 1 and {MaxListEntries}, not {maxEntries}.");
        }

        LabSession session = await _engine.OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        using (session)
        {
            RequireNamespace(session, namespaceName);
            string labPath;
            try
            {
                labPath = LabPath.Resolve(path, CurrentDirectory(labId, namespaceName));
            }
            catch (ArgumentException e)
            {
                throw new LabException(LabErrorKind.InvalidRequest, $"'{path}' is not a lab path: {e.Message}", e);
            }

            LabMountView view = _views.Read(session.Info.Find(namespaceName)!);
            HashSet<string> mountPoints = [.. view.Workspace.Mounts.Select(m => m.MountPoint)];
            try
            {
                return await session.RunInNamespaceAsync(
                    namespaceName,
                    context => FileTreeReader.Read(context, labPath, mountPoints, maxDepth, maxEntries),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (PathRefusedException e)
            {
                throw new LabException(e.Errno == LibC.ENOENT ? LabErrorKind.NotFound : LabErrorKind.InvalidRequest, e.Message, e);
            }
        }
    }

    /// <inheritdoc/>
    public event EventHandler<LabHistoryEvent>? HistoryChanged;

    /// <inheritdoc/>
    public IReadOnlyList<OperationRecord> History(string labId)
    {
        ArgumentNullException.ThrowIfNull(labId);
        lock (_sync)
        {
            if (_labs.TryGetValue(labId, out LabState? state))
            {
                return [.. state.History];
            }
        }

        return _engine.FindLab(labId) is null
            ? throw new LabException(LabErrorKind.NotFound, $"There is no lab {labId}.")
            : [];
    }

    /// <summary>Stops following the engine's lab events.</summary>
    public void Dispose() => _engine.Changed -= OnLabChanged;

    private static void RequireNamespace(LabSession session, string namespaceName)
    {
        ArgumentNullException.ThrowIfNull(namespaceName);
        LabInfo lab = session.Info;
        LabNamespaceInfo ns = lab.Find(namespaceName) ?? throw new LabException(
            LabErrorKind.NotFound,
            $"Lab {lab.Id} has no namespace named '{namespaceName}'; it has {string.Join(", ", lab.Namespaces.Select(n => n.Name))}.");
        if (!ns.HolderAlive)
        {
            throw new LabException(
                LabErrorKind.HolderLost,
                $"Namespace {namespaceName} of lab {lab.Id} has lost its holder process {ns.Pid}, so it cannot be used any more. Delete it (rmns {namespaceName}) or the lab.");
        }
    }

    /// <summary>
    /// Parses a line against the namespace's current directory: the operation as typed and with
    /// its paths resolved. Called inside the lab's session,
    /// so a queued <c>cd</c> before this line has taken effect (and a prediction sees the state
    /// after every queued operation).
    /// </summary>
    /// <exception cref="LabException">The line does not parse (<see cref="LabErrorKind.InvalidRequest"/>, with the parser's text).</exception>
    private (Operation Typed, Operation Resolved) ParseInSession(string labId, string namespaceName, string command)
    {
        CommandParseResult parsed = CommandParser.Parse(command, CurrentDirectory(labId, namespaceName));
        return parsed.Success
            ? (parsed.Operation, parsed.Resolved)
            : throw new LabException(LabErrorKind.InvalidRequest, Describe(parsed.Error, command));
    }

    private static string Describe(CommandError error, string line)
    {
        IReadOnlyList<string> accepted = error.Accepted.Count > 0 ? error.Accepted : CommandSyntax.AllForms;
        return new StringBuilder(error.Render(line))
            .Append('\n').Append(error.Message)
            .Append("\nAccepted: ").AppendJoin("; ", accepted)
            .ToString();
    }

    /// <summary>Every namespace's table, skipping other namespaces whose holder is gone (the one operated in must be readable).</summary>
    private List<LabMountView> ReadAll(LabSession session, string operatedIn)
    {
        var views = new List<LabMountView>();
        foreach (LabNamespaceInfo ns in session.Info.Namespaces)
        {
            if (!ns.HolderAlive && ns.Name != operatedIn)
            {
                continue;
            }

            try
            {
                views.Add(_views.Read(ns));
            }
            catch (LabException e) when (e.Kind == LabErrorKind.HolderLost && ns.Name != operatedIn)
            {
                // A namespace lost from outside does not stop work in the others.
            }
        }

        return views;
    }

    private static ImmutableArray<NamespaceChange> Diff(List<LabMountView> before, List<LabMountView> after)
    {
        var changes = ImmutableArray.CreateBuilder<NamespaceChange>();
        foreach (LabMountView now in after)
        {
            MountTable old = before.Find(v => v.Namespace.Name == now.Namespace.Name)?.Workspace ?? Empty;
            foreach (MountChange change in MountDiff.Compare(old, now.Workspace))
            {
                changes.Add(new NamespaceChange(now.Namespace.Name, change));
            }
        }

        foreach (LabMountView gone in before.Where(b => !after.Exists(a => a.Namespace.Name == b.Namespace.Name)))
        {
            foreach (MountChange change in MountDiff.Compare(gone.Workspace, Empty))
            {
                changes.Add(new NamespaceChange(gone.Namespace.Name, change));
            }
        }

        return changes.ToImmutable();
    }

    private static string Summary(ImmutableArray<NamespaceChange> changes)
    {
        if (changes.IsEmpty)
        {
            return "No mount changed in any namespace.";
        }

        IEnumerable<string> parts = changes
            .GroupBy(c => c.Namespace, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.GroupBy(c => c.Change.KindName).Select(k => $"{k.Count()} {k.Key}")));
        return $"Changes: {string.Join("; ", parts)}.";
    }

    private static string? CapExceeded(List<LabMountView> after, int cap)
    {
        var over = after.Where(v => v.All.Mounts.Length > cap).ToList();
        return over.Count == 0
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"Over the cap: {string.Join(", ", over.Select(v => $"namespace {v.Namespace.Name} now has {v.All.Mounts.Length} mounts"))}, more than the {cap} mounts per lab namespace allowed (MaxMountsPerNamespace); operations that add mounts are refused there until mounts are removed.");
    }

    private async Task<OperationResult> ExecuteCoreAsync(LabSession session, string ns, Operation typed, Operation resolved, CancellationToken cancellationToken)
    {
        List<LabMountView> before = ReadAll(session, ns);
        Prediction prediction = await PredictCoreAsync(session, ns, before, resolved, cancellationToken).ConfigureAwait(false);
        RunOutcome outcome;
        try
        {
            outcome = resolved switch
            {
                CreateNamespaceOperation create => await CreateNamespaceAsync(session, ns, create, cancellationToken).ConfigureAwait(false),
                DeleteNamespaceOperation delete => DeleteNamespace(session, delete),
                _ => await session.RunInNamespaceAsync(
                    ns,
                    context => OperationRunner.Run(context, new RunInput(resolved, ns, before, Limits)),
                    cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception e) when (e is not LabException and not OperationCanceledException)
        {
            // Not a kernel refusal of the operation (those are results) but a failure around it,
            // e.g. the executor thread stopped.
            throw new LabException(LabErrorKind.KernelError, $"`{typed.ShellCommand}` could not be run in namespace {ns} of lab {session.LabId}: {e.Message}", e);
        }

        if (outcome.CapRefusal is string refusal)
        {
            throw new LabException(LabErrorKind.LimitReached, refusal);
        }

        List<LabMountView> after = ReadAll(session, ns);
        ImmutableArray<NamespaceChange> changes = Diff(before, after);
        if (outcome.NewCwd is string cwd)
        {
            SetCurrentDirectory(session.LabId, ns, cwd);
        }

        var notes = new List<string>(outcome.Notes);
        if (CapExceeded(after, Limits.MaxMountsPerNamespace) is string exceeded)
        {
            notes.Add(exceeded);
        }

        OperationResult result = Compose(typed, resolved, ns, outcome, changes, notes);
        result = result with { Predicted = prediction, Comparison = OperationPrediction.Compare(prediction, result, before) };
        Record(session.LabId, ns, result);
        return result;
    }

    private static async Task<Prediction> PredictCoreAsync(LabSession session, string ns, List<LabMountView> views, Operation resolved, CancellationToken cancellationToken)
    {
        if (resolved is PivotRootOperation pivot
            && await session.RunInNamespaceAsync(ns, context => PivotRootLookups.Check(context, pivot, ns), cancellationToken).ConfigureAwait(false) is Prediction lookup)
        {
            return lookup;
        }

        return OperationPrediction.Predict(views, ns, resolved);
    }

    private async Task<RunOutcome> CreateNamespaceAsync(LabSession session, string ns, CreateNamespaceOperation create, CancellationToken cancellationToken)
    {
        string from = create.From ?? ns;
        LabNamespaceInfo created = await session.CreateNamespaceAsync(create.Name, from, create.Propagation, cancellationToken).ConfigureAwait(false);

        // As a shell that runs unshare keeps its directory.
        SetCurrentDirectory(session.LabId, created.Name, CurrentDirectory(session.LabId, from));
        return new RunOutcome
        {
            Notes = [$"Namespace {created.Name} (holder PID {created.Pid}, mnt:[{created.Inode}]) is a copy of {from}; enter it from a terminal with `{created.NsenterCommand}`."],
        };
    }

    private RunOutcome DeleteNamespace(LabSession session, DeleteNamespaceOperation delete)
    {
        session.DeleteNamespace(delete.Name);
        ForgetNamespace(session.LabId, delete.Name);
        return new RunOutcome();
    }

    private static OperationResult Compose(Operation typed, Operation resolved, string ns, RunOutcome outcome, ImmutableArray<NamespaceChange> changes, List<string> notes)
    {
        string shell = typed.ShellCommand;
        string syscall = outcome.Syscall ?? resolved.SyscallText;
        var message = new StringBuilder();
        string? errnoName = null;
        string? cause = null;
        if (outcome.Ok)
        {
            message.Append("Done. ").Append(Summary(changes));
        }
        else if (outcome.Errno is int errno)
        {
            ErrnoExplanation explanation = ErrnoExplanation.For(resolved, errno, outcome.Cause);
            errnoName = explanation.Errno.Name;
            message.Append(outcome.FailedCall ?? shell).Append(" failed with ").Append(explanation.Message);
            if (!changes.IsEmpty)
            {
                message.Append(' ').Append(Summary(changes));
            }
        }
        else
        {
            message.Append(shell).Append(" was refused: ").Append(outcome.Refusal);
            if (outcome.Cause?.Fix is string fix)
            {
                message.Append(" What to do: ").Append(fix);
            }

            if (!changes.IsEmpty)
            {
                message.Append(' ').Append(Summary(changes));
            }
        }

        if (outcome.Cause is FailureCause failure)
        {
            cause = failure.Explanation;
        }

        foreach (string note in notes)
        {
            message.Append(' ').Append(note);
        }

        return new OperationResult(outcome.Ok, errnoName, message.ToString(), shell, syscall, changes)
        {
            Cause = cause,
            Namespace = ns,
        };
    }

    private void Record(string labId, string ns, OperationResult result)
    {
        OperationRecord record;
        lock (_sync)
        {
            LabState state = StateOf(labId);
            state.Sequence++;
            record = new OperationRecord(state.Sequence, DateTimeOffset.UtcNow, ns, result);
            state.History.Add(record);
            if (state.History.Count > HistoryLimit)
            {
                state.History.RemoveAt(0);
            }
        }

        HistoryChanged?.Invoke(this, new LabHistoryEvent(labId, record));
    }

    private void SetCurrentDirectory(string labId, string ns, string cwd)
    {
        lock (_sync)
        {
            StateOf(labId).Cwd[ns] = cwd;
        }
    }

    private void ForgetNamespace(string labId, string ns)
    {
        lock (_sync)
        {
            if (_labs.TryGetValue(labId, out LabState? state))
            {
                state.Cwd.Remove(ns);
            }
        }
    }

    private LabState StateOf(string labId)
    {
        if (!_labs.TryGetValue(labId, out LabState? state))
        {
            state = new LabState();
            _labs[labId] = state;
        }

        return state;
    }

    private void OnLabChanged(object? sender, LabEvent change)
    {
        if (change.Kind == LabEventKind.LabDeleted)
        {
            lock (_sync)
            {
                _labs.Remove(change.LabId);
            }

            _views.Forget(change.LabId);
        }
        else if (change.Kind is LabEventKind.NamespaceDeleted or LabEventKind.HolderExited && change.NamespaceName is string name)
        {
            if (change.Kind == LabEventKind.NamespaceDeleted)
            {
                ForgetNamespace(change.LabId, name);
            }

            _views.Forget(change.LabId, name);
        }
    }

    private sealed class LabState
    {
        public Dictionary<string, string> Cwd { get; } = new(StringComparer.Ordinal);

        public List<OperationRecord> History { get; } = [];

        public int Sequence { get; set; }
    }
}
