using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;
using MountViz.Core.Sources;
using MountViz.Web.Components.Dashboard;
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;

namespace MountViz.Web.Tests.Dashboard;

/// <summary>
/// A mount made in a lab namespace and copied by the kernel into its slave clone: each feed
/// brings its own namespace's addition, before or after the operation's result, and the clone's
/// copy must be drawn as arrived by propagation either way (the origin is where the operation ran).
/// </summary>
public sealed class OperationPropagationTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    // The clone's copy has the LOWER ID (a reused one), so only the origin can tell it is the copy.
    private static readonly MountInfo Made = DashboardTestContext.Mount("120 100 0:50 / /into rw shared:13 - tmpfs tmpfs rw");
    private static readonly MountInfo Received = DashboardTestContext.Mount("115 200 0:50 / /into rw master:13 - tmpfs tmpfs rw");

    private readonly HookedOperations _operations = new();
    private readonly ConsumedSources _sources;
    private readonly DashboardTestContext _test;

    public OperationPropagationTests()
    {
        ConsumedSources? sources = null;
        _test = new DashboardTestContext(services =>
        {
            services.AddSingleton<ILabOperations>(_operations);

            // Resolved when the page renders, by which time the decorator exists.
            services.AddSingleton<IMountSources>(_ => sources!);
        });
        _sources = sources = new ConsumedSources(_test.Backend.Sources);
    }

    public ValueTask DisposeAsync() => _test.DisposeAsync();

    [Fact]
    public async Task Batches_that_arrive_while_the_operation_runs_wait_for_its_result_and_the_clones_copy_is_propagated()
    {
        (IRenderedComponent<DashboardPage> page, string original, string clone) = await RenderLabAsync();
        int updatesBefore = 0;
        int updatesWhileRunning = 0;
        _operations.BeforeResult = async () =>
        {
            // The kernel is fast, the result slow: both namespaces' batches reach the page first.
            updatesBefore = _test.Updates.Count;
            Assert.Equal(1, _sources.Inner.Push(clone, new MountChange(MountChangeKind.Added, Received, null)));
            Assert.Equal(1, _sources.Inner.Push(original, new MountChange(MountChangeKind.Added, Made, null)));
            await _sources.WaitConsumedAsync(clone, 1);
            await _sources.WaitConsumedAsync(original, 1);

            // A host namespace is not the lab's: its batch is drawn at once.
            Assert.Equal(1, _sources.Inner.Push(DashboardTestContext.NginxSourceId, new MountChange(MountChangeKind.Added, DashboardTestContext.Mount("40 3 0:60 / /mnt/new rw - tmpfs tmpfs rw"), null)));
            await _sources.WaitConsumedAsync(DashboardTestContext.NginxSourceId, 1);
            updatesWhileRunning = _test.Updates.Count;
        };

        await RunAsync(page, original, "mount -t tmpfs tmpfs into");

        Assert.Equal(updatesBefore + 1, updatesWhileRunning);
        Assert.Equal([GraphIds.Mount(DashboardTestContext.NginxSourceId, 40)], _test.Updates[updatesBefore].Changes.Select(c => c.Node.Id));
        Dictionary<string, bool> drawn = Added(_test.Updates.Skip(updatesWhileRunning));
        Assert.Equal(
            new Dictionary<string, bool> { [GraphIds.Mount(original, 120)] = false, [GraphIds.Mount(clone, 115)] = true },
            drawn);
    }

    [Fact]
    public async Task Batches_that_arrive_after_the_result_one_namespace_at_a_time_are_marked_as_the_result_says()
    {
        (IRenderedComponent<DashboardPage> page, string original, string clone) = await RenderLabAsync();
        await RunAsync(page, original, "mount -t tmpfs tmpfs into");
        int updates = _test.Updates.Count;

        // The clone's feed first and alone: by itself its batch holds one mount and no copy of it.
        Assert.Equal(1, _sources.Inner.Push(clone, new MountChange(MountChangeKind.Added, Received, null)));
        page.WaitForAssertion(() => Assert.Equal(updates + 1, _test.Updates.Count), Wait);
        Assert.Equal(1, _sources.Inner.Push(original, new MountChange(MountChangeKind.Added, Made, null)));
        page.WaitForAssertion(() => Assert.Equal(updates + 2, _test.Updates.Count), Wait);

        Assert.Equal(new Dictionary<string, bool> { [GraphIds.Mount(clone, 115)] = true }, Added(_test.Updates.Skip(updates).Take(1)));
        Assert.Equal(new Dictionary<string, bool> { [GraphIds.Mount(original, 120)] = false }, Added(_test.Updates.Skip(updates + 1)));
    }

    /// <summary>A lab (base) and its slave clone (copy), both drawn; the command line set to base.</summary>
    private async Task<(IRenderedComponent<DashboardPage> Page, string Original, string Clone)> RenderLabAsync()
    {
        LabInfo lab = await _test.CreateLabAsync(FakeBackend.Table("100 100 0:40 / / rw shared:1 - tmpfs mvz-lab rw\n"));
        LabNamespaceInfo copy = await _test.Backend.Engine.CreateNamespaceAsync(lab.Id, "copy", "base", NamespacePropagation.Slave);
        _test.AddLabSource(copy, FakeBackend.Table("200 200 0:40 / / rw master:1 - tmpfs mvz-lab rw\n"));
        string original = lab.Namespaces[0].SourceId;
        _operations.NextResult = new OperationResult(
            true,
            null,
            "Done. Changes: base: 1 added; copy: 1 added.",
            "mount -t tmpfs tmpfs into",
            "mount(\"tmpfs\", \"/into\", \"tmpfs\", 0, NULL)",
            [new NamespaceChange("base", new MountChange(MountChangeKind.Added, Made, null)), new NamespaceChange("copy", new MountChange(MountChangeKind.Added, Received, null))])
        {
            Namespace = "base",
        };

        IRenderedComponent<DashboardPage> page = _test.Context.Render<DashboardPage>();
        await Tick(page, original);
        await Tick(page, copy.SourceId);
        await Tick(page, DashboardTestContext.NginxSourceId);
        page.WaitForAssertion(() => Assert.Equal(3, _test.Updates.Count), Wait);
        return (page, original, copy.SourceId);
    }

    private static async Task RunAsync(IRenderedComponent<DashboardPage> page, string sourceId, string line)
    {
        await page.Find("#cmd-ns").ChangeAsync(new ChangeEventArgs { Value = sourceId });
        await page.Find("#cmd-line").InputAsync(new ChangeEventArgs { Value = line });
        await page.Find("#cmd-line").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("ok", page.Find(".op-result .op-badge").TextContent);
    }

    private static Task Tick(IRenderedComponent<DashboardPage> page, string sourceId) =>
        page.Find($"input[id='sel-{sourceId}']").ChangeAsync(new ChangeEventArgs { Value = true });

    /// <summary>Every node added by <paramref name="updates"/>, with its "arrived by propagation" flag.</summary>
    private static Dictionary<string, bool> Added(IEnumerable<GraphBatchDto> updates) =>
        updates.SelectMany(u => u.Changes).Where(c => c.Kind == "added").ToDictionary(c => c.Node.Id, c => c.Node.Propagated, StringComparer.Ordinal);

    /// <summary>Runs a hook before it answers, so a test can make the feeds' batches arrive while the operation runs.</summary>
    private sealed class HookedOperations : ILabOperations
    {
        public Func<Task>? BeforeResult { get; set; }

        public OperationResult NextResult { get; set; } = new(true, null, "done", "true", "", []);

        public async Task<OperationResult> ExecuteAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default)
        {
            if (BeforeResult is not null)
            {
                await BeforeResult();
            }

            return NextResult;
        }

        public Task<OperationResult> ExecuteAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default) =>
            ExecuteAsync(labId, namespaceName, operation.ShellCommand, cancellationToken);

        public Task<Prediction> PredictAsync(string labId, string namespaceName, string command, CancellationToken cancellationToken = default) =>
            Task.FromResult(Prediction.Unsupported("This test predicts nothing."));

        public Task<Prediction> PredictAsync(string labId, string namespaceName, Operation operation, CancellationToken cancellationToken = default) =>
            PredictAsync(labId, namespaceName, operation.ShellCommand, cancellationToken);

        public Task<FileTree> ListFilesAsync(string labId, string namespaceName, string path, int maxDepth = 4, int maxEntries = 500, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FileTree("/", new FileEntry("/", "directory", true, []), false));

        public IReadOnlyList<OperationRecord> History(string labId) => [];

        public event EventHandler<LabHistoryEvent>? HistoryChanged { add { } remove { } }
    }

    /// <summary>
    /// The fake sources, counting per source the batches the page has handled: a subscriber asks
    /// for the next batch only once it is done with the one before.
    /// </summary>
    private sealed class ConsumedSources(FakeMountSources inner) : IMountSources
    {
        private readonly Lock _sync = new();
        private readonly Dictionary<string, int> _consumed = new(StringComparer.Ordinal);

        public FakeMountSources Inner { get; } = inner;

        public IReadOnlyList<SourceInfo> List() => Inner.List();

        public SourceInfo? Find(string sourceId) => Inner.Find(sourceId);

        public Task RefreshAsync(string sourceId) => Inner.RefreshAsync(sourceId);

        public MountSubscription Subscribe(string sourceId, CancellationToken cancellationToken = default)
        {
            MountSubscription subscription = Inner.Subscribe(sourceId, cancellationToken);
            return new MountSubscription(subscription.Snapshot, Count(sourceId, subscription.Changes, cancellationToken), subscription.DisposeAsync);
        }

        /// <summary>Waits until the page handled <paramref name="count"/> batches of <paramref name="sourceId"/>.</summary>
        public async Task WaitConsumedAsync(string sourceId, int count)
        {
            using var cts = new CancellationTokenSource(Wait);
            while (Consumed(sourceId) < count)
            {
                if (cts.IsCancellationRequested)
                {
                    throw new TimeoutException($"The page handled {Consumed(sourceId)} batches of {sourceId}, not {count}, within {Wait}.");
                }

                await Task.Delay(10, CancellationToken.None);
            }
        }

        private int Consumed(string sourceId)
        {
            lock (_sync)
            {
                return _consumed.GetValueOrDefault(sourceId);
            }
        }

        private async IAsyncEnumerable<ImmutableArray<MountChange>> Count(
            string sourceId, IAsyncEnumerable<ImmutableArray<MountChange>> changes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (ImmutableArray<MountChange> batch in changes.WithCancellation(cancellationToken))
            {
                yield return batch;

                // Resumed when the page asks for the next batch: this one is handled.
                lock (_sync)
                {
                    _consumed[sourceId] = _consumed.GetValueOrDefault(sourceId) + 1;
                }
            }
        }
    }
}
