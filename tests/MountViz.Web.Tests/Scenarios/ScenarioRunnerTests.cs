using System.Diagnostics.CodeAnalysis;
using MountViz.Core.Labs;
using MountViz.Core.Scenarios;
using MountViz.Linux.Labs;
using MountViz.Linux.Operations;

namespace MountViz.Web.Tests.Scenarios;

/// <summary>
/// The runner and record/replay over the REAL engine (as root): a recorded lab replays to the
/// same normalised mount tables, and the runner's lab is deleted however the run ends.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes them through IAsyncLifetime.DisposeAsync.")]
public sealed class ScenarioRunnerTests : IAsyncLifetime
{
    private readonly ScenarioSandbox _sandbox = new();
    private LabEngine _engine = null!;
    private LabOperations _operations = null!;
    private ScenarioRunner _runner = null!;

    public Task InitializeAsync()
    {
        _engine = new LabEngine(new LabEngineOptions { MountRoot = _sandbox.MountRoot });
        _operations = new LabOperations(_engine);
        _runner = new ScenarioRunner(_engine, _operations, new ScenarioLabAccess(_engine));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _operations.Dispose();
        await _engine.DisposeAsync();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task A_recorded_lab_replays_to_the_same_normalised_mount_tables()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        LabInfo lab = await _engine.CreateLabAsync(timeout.Token);
        List<NamespaceTable> original;
        string yaml;
        try
        {
            // A namespace made through the engine itself (not as an operation, as the API and the
            // dashboard make them) is not in the history; the recorder creates it first, which is
            // where it was made here.
            await _engine.CreateNamespaceAsync(lab.Id, "api", "base", Core.Operations.NamespacePropagation.Shared, timeout.Token);
            string[] baseCommands =
            [
                "mkdir -p /src/sub /dst /other /moved",
                "mount -t tmpfs -o size=1m src /src",
                "mkdir -p /src/sub",
                "mount --make-shared /src",
                "mount --bind /src /dst",
                "echo 'hello > world' > /src/file",
                "unshare -m --propagation slave ns1",
                "mount --bind /src/sub /other",
                "mount --make-unbindable /other",
                "mount --bind /other /moved",
                "cd /src",
                "mount -t tmpfs inner sub",
            ];
            foreach (string command in baseCommands)
            {
                OperationResult result = await _operations.ExecuteAsync(lab.Id, "base", command, timeout.Token);
                Assert.True(result.Ok || command == "mount --bind /other /moved", $"{command}: {result.Message}");
            }

            await _operations.ExecuteAsync(lab.Id, "ns1", "mount -t tmpfs only-ns1 /moved", timeout.Token);
            await _operations.ExecuteAsync(lab.Id, "ns1", "mount --make-private /dst", timeout.Token);
            await _operations.ExecuteAsync(lab.Id, "api", "mount -t tmpfs api /other", timeout.Token);
            original = ReadTables(lab.Id);
            yaml = ScenarioRecorder.ToYaml(_engine.FindLab(lab.Id)!, _operations.History(lab.Id));
        }
        finally
        {
            await _engine.DeleteLabAsync(lab.Id, CancellationToken.None);
        }

        ScenarioLoadResult loaded = ScenarioLoader.Load(yaml, "recorded");
        Assert.True(loaded.Success, yaml + "\n" + string.Join("\n", loaded.Errors));
        var results = await _runner.RunToEndAsync(loaded.Scenario, timeout.Token);

        Assert.All(results, r => Assert.True(r.Passed, $"{r.Title}: {r.Error} {string.Join("; ", r.Expectations.Select(e => e.Message))}"));
        Assert.Contains(loaded.Scenario.Steps, s => s.Expectations.Any(e => e is ErrnoExpectation { Errno: "EINVAL" }));
        string replayLab = results[^1].LabId;
        Assert.NotEqual(lab.Id, replayLab);

        Assert.Equal(["api", "base", "ns1"], results[^1].Tables.Select(t => t.Namespace).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(Normalized(original, lab.Id), Normalized([.. results[^1].Tables], replayLab));
        Assert.Null(_engine.FindLab(replayLab));
    }

    [Fact]
    public async Task The_lab_is_deleted_when_the_reader_stops_early()
    {
        Scenario scenario = BuiltInScenarios.Load("propagation-changes")!;
        string? labId = null;

        await foreach (StepResult result in _runner.RunAsync(scenario))
        {
            labId = result.LabId;
            Assert.NotNull(_engine.FindLab(labId));
            break;
        }

        Assert.NotNull(labId);
        Assert.Null(_engine.FindLab(labId));
        Assert.Empty(_engine.ListLabs());
        Assert.True(await ScenarioSandbox.HoldersGoneAsync(labId));
    }

    [Fact]
    public async Task The_lab_is_deleted_when_the_run_is_cancelled()
    {
        Scenario scenario = BuiltInScenarios.Load("propagation-changes")!;
        using var cancel = new CancellationTokenSource();
        var seen = new List<StepResult>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (StepResult result in _runner.RunAsync(scenario, cancel.Token))
            {
                seen.Add(result);
                await cancel.CancelAsync();
            }
        });

        StepResult setup = Assert.Single(seen);
        Assert.Equal(ScenarioPhase.Setup, setup.Phase);
        Assert.Empty(_engine.ListLabs());
        Assert.True(await ScenarioSandbox.HoldersGoneAsync(setup.LabId));
    }

    [Fact]
    public async Task Results_stream_one_step_at_a_time_with_operation_results_for_the_script()
    {
        Scenario scenario = BuiltInScenarios.Load("isolation")!;

        var results = await _runner.RunToEndAsync(scenario);

        Assert.Equal([ScenarioPhase.Setup, ScenarioPhase.Step, ScenarioPhase.Step, ScenarioPhase.Step], results.Select(r => r.Phase).ToArray());
        CommandOutcome bind = Assert.Single(results[2].Commands);
        Assert.Equal("p1", bind.Namespace);
        Assert.NotNull(bind.Result);
        Assert.Equal("mount --bind data/binding/source data/binding/target", bind.ShellCommand);
        Assert.Contains("MS_BIND", bind.Syscall, StringComparison.Ordinal);
        NamespaceShow[] shows = [.. results[3].Shows];
        Assert.Equal(["p1", "base"], shows.Select(s => s.Namespace).ToArray());
        Assert.NotEqual(shows[0].Identity, shows[1].Identity);
        Assert.Matches(@"^mnt:\[\d+\]$", shows[0].Identity);
        Assert.All(shows[0].Files, f => Assert.Single(f.Lines));
        Assert.All(shows[1].Files, f => Assert.Empty(f.Lines));
        string script = ScenarioScript.Render(scenario, results);
        Assert.Contains("# in p1\n#   mount(\"/data/binding/source\", \"/data/binding/target\", NULL, MS_BIND, NULL)\nmount --bind data/binding/source data/binding/target\n", script, StringComparison.Ordinal);
    }

    private List<NamespaceTable> ReadTables(string labId) =>
        [.. _engine.FindLab(labId)!.Namespaces.Select(n => new NamespaceTable(n.Name, _engine.ReadMounts(labId, n.Name).Workspace))];

    private static string[] Normalized(IEnumerable<NamespaceTable> tables, string labId) =>
        [.. MountTableNormalizer.Normalize(tables.OrderBy(t => t.Namespace, StringComparer.Ordinal), labId)];
}
