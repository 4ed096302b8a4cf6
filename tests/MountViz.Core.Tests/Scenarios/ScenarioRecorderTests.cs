using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Core.Scenarios;

namespace MountViz.Core.Tests.Scenarios;

public class ScenarioRecorderTests
{
    private static LabNamespaceInfo Ns(string name, string? from = null, NamespacePropagation? propagation = null) =>
        new("0123abcd", name, $"lab.0123abcd.{name}", 100, 4026530000, from, propagation, "/run/mountviz/workspace", true);

    private static OperationRecord Record(int sequence, string ns, string command, bool ok = true, string? errno = null) =>
        new(sequence, DateTimeOffset.UnixEpoch, ns, new OperationResult(ok, errno, ok ? "Done." : "failed", command, "", ImmutableArray<NamespaceChange>.Empty) { Namespace = ns });

    [Fact]
    public void A_history_becomes_a_scenario_that_loads_with_one_step_per_operation()
    {
        var lab = new LabInfo("0123abcd", DateTimeOffset.UnixEpoch, "/run/mountviz/workspace", [Ns("base"), Ns("ns1", "base", NamespacePropagation.Slave)]);
        OperationRecord[] history =
        [
            Record(1, "base", "mkdir -p /a /b"),
            Record(2, "base", "echo 'x > y' > /a/f"),
            Record(3, "base", "unshare -m --propagation slave ns1"),
            Record(4, "ns1", "mount --bind /a /b"),
            Record(5, "ns1", "mount --bind /a /nope", ok: false, errno: "ENOENT"),
            Record(6, "ns1", "mount --bind /a /etc", ok: false),
        ];

        string yaml = ScenarioRecorder.ToYaml(lab, history);
        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "recorded");

        Assert.True(result.Success, yaml + "\n" + string.Join("\n", result.Errors));
        Scenario scenario = result.Scenario;
        Assert.Empty(scenario.Setup);
        Assert.Equal(["mkdir -p /a /b", "echo 'x > y' > /a/f", "unshare -m --propagation slave ns1", "mount --bind /a /b", "mount --bind /a /nope"], scenario.Steps.Select(s => s.Commands.Single()).ToArray());
        Assert.Equal(["base", "base", "base", "ns1", "ns1"], scenario.Steps.Select(s => s.Namespace).ToArray());
        Assert.Equal("ENOENT", Assert.IsType<ErrnoExpectation>(Assert.Single(scenario.Steps[4].Expectations)).Errno);
        Assert.Contains("# Left out (refused by MountViz, nothing changed): mount --bind /a /etc", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Namespaces_made_outside_the_history_are_created_first()
    {
        var lab = new LabInfo("0123abcd", DateTimeOffset.UnixEpoch, "/w", [Ns("base"), Ns("api1", "base", NamespacePropagation.Private), Ns("api2", "api1", NamespacePropagation.Unchanged)]);

        string yaml = ScenarioRecorder.ToYaml(lab, [Record(3, "api2", "mkdir /x")]);
        ScenarioLoadResult result = ScenarioLoader.Load(yaml, "recorded");

        Assert.True(result.Success, yaml + "\n" + string.Join("\n", result.Errors));
        Assert.Equal(["unshare -m --propagation private api1", "unshare -m --propagation unchanged --from api1 api2"], Assert.Single(result.Scenario.Setup).Commands.ToArray());
        Assert.Contains("history starts at operation 3", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_history_is_refused()
    {
        var lab = new LabInfo("0123abcd", DateTimeOffset.UnixEpoch, "/w", [Ns("base")]);

        Assert.Throws<ArgumentException>(() => ScenarioRecorder.ToYaml(lab, []));
    }
}
