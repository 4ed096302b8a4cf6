using System.Collections.Immutable;
using System.Diagnostics;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Web.Components.Dashboard;

namespace MountViz.Web.Tests.Dashboard;

public sealed class TimelineScriptTests
{
    private const string LabId = "1a2b3c4d";
    private static readonly DateTimeOffset At = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static readonly LabInfo Lab = new(LabId, At, "/run/mountviz/workspace",
    [
        new LabNamespaceInfo(LabId, "base", $"lab.{LabId}.base", 100, 1, null, null, "/run/mountviz/workspace", true),
        new LabNamespaceInfo(LabId, "side-car", $"lab.{LabId}.side-car", 102, 3, "base", NamespacePropagation.Private, "/run/mountviz/workspace", true),
    ]);

    private static OperationRecord Record(int sequence, string ns, string command, bool ok = true, string? errno = null, params NamespaceChange[] changes) =>
        new(sequence, At.AddSeconds(sequence), ns, new OperationResult(ok, errno, ok ? "Done." : $"{errno}: refused.", command, "", [.. changes]));

    private static readonly IReadOnlyList<OperationRecord> Records =
    [
        Record(1, "base", "mkdir source1 target1 /deep"),
        Record(2, "base", "mount --bind /source1 target1", changes: new NamespaceChange("base", new MountChange(MountChangeKind.Added, DashboardTestContext.Mount("41 3 0:50 /source1 /target1 rw shared:3 - tmpfs tmpfs rw"), null))),
        Record(3, "base", "unshare -m --propagation slave c1"),
        Record(4, "c1", "cd /target1"),
        Record(5, "c1", "mount --make-private /target1"),
        Record(6, "c1", "umount /source1", ok: false, errno: "EINVAL"),
        Record(7, "side-car", "mkdir /x"),
        Record(8, "base", "rmns c1"),
        Record(9, "base", "echo \"it's\" > /deep/f"),
    ];

    [Theory]
    [InlineData("/source1", "/", "source1")]
    [InlineData("/", "/", ".")]
    [InlineData("/target1", "/target1", ".")]
    [InlineData("/target1/x", "/target1", "x")]
    [InlineData("/source1", "/target1/a", "../../source1")]
    [InlineData("rel/x", "/target1", "rel/x")]
    public void Lab_paths_become_relative_to_the_current_directory(string path, string cwd, string expected)
    {
        Assert.Equal(expected, TimelineScript.Relative(path, cwd));
    }

    [Fact]
    public void Replays_each_operation_in_its_namespace_with_paths_relative_to_its_directory()
    {
        string script = TimelineScript.Build(LabId, Lab, Records, At);

        Assert.StartsWith("#!/bin/sh\n# MountViz lab 1a2b3c4d: 9 operations", script, StringComparison.Ordinal);
        Assert.Contains("unshare -m --propagation slave sleep infinity &\nns_base=$!\nready \"$ns_base\"\n", script, StringComparison.Ordinal);
        Assert.Contains("in_ns \"$ns_base\" / 'mkdir source1 target1 deep'\n", script, StringComparison.Ordinal);
        Assert.Contains("in_ns \"$ns_base\" / 'mount --bind source1 target1'\n#   ok: Done.\n#   base: + /target1 (shared:3)\n", script, StringComparison.Ordinal);

        // unshare: a holder cloned from base, then the propagation applied to its copy of the workspace.
        Assert.Contains("nsenter -t \"$ns_base\" -m unshare -m --propagation unchanged sleep infinity &\nns_c1=$!\nready \"$ns_c1\"\nnsenter -t \"$ns_c1\" -m mount --make-rslave \"$WS\"\n", script, StringComparison.Ordinal);

        // cd moves where c1's commands run; their lab paths become relative to it.
        Assert.Contains("in_ns \"$ns_c1\" /target1 'mount --make-private .'\n", script, StringComparison.Ordinal);
        Assert.Contains("in_ns \"$ns_c1\" /target1 'umount ../source1'\n#   refused (EINVAL): EINVAL: refused.\n", script, StringComparison.Ordinal);

        // A namespace cloned before the history starts is made before its first operation.
        Assert.Contains("cloned before this history starts", script, StringComparison.Ordinal);
        Assert.Contains("nsenter -t \"$ns_base\" -m unshare -m --propagation unchanged sleep infinity &\nns_side_car=$!\n", script, StringComparison.Ordinal);
        Assert.Contains("nsenter -t \"$ns_side_car\" -m mount --make-rprivate \"$WS\"\n", script, StringComparison.Ordinal);

        Assert.Contains("kill \"$ns_c1\"\n", script, StringComparison.Ordinal);
        Assert.Contains("echo \"End all: kill $ns_base $ns_c1 $ns_side_car\"", script, StringComparison.Ordinal);
        Assert.Contains("Holders: base=$ns_base side-car=$ns_side_car.", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_is_valid_sh()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mvz-timeline-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, TimelineScript.Build(LabId, Lab, Records, At));
        try
        {
            // sh -n reads the whole script without running any of it.
            using Process sh = Process.Start(new ProcessStartInfo("sh", ["-n", path]) { RedirectStandardError = true })!;
            string errors = sh.StandardError.ReadToEnd();
            sh.WaitForExit();
            Assert.True(sh.ExitCode == 0, errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_command_with_quotes_reaches_the_namespace_shell_unchanged()
    {
        string line = TimelineScript.Build(LabId, Lab, Records, At).Split('\n').Single(l => l.Contains("echo", StringComparison.Ordinal) && l.StartsWith("in_ns", StringComparison.Ordinal));

        // in_ns hands its third word to `sh -c ... eval`: print it instead, then run it as eval would.
        Assert.Equal("echo 'it'\\''s' > deep/f", RunSh($"in_ns() {{ printf '%s' \"$3\"; }}; {line}"));
        Assert.Equal("it's", RunSh($"in_ns() {{ eval \"${{3%% >*}}\"; }}; {line}").TrimEnd('\n'));
    }

    private static string RunSh(string script)
    {
        using Process sh = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { RedirectStandardOutput = true })!;
        string output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        return output;
    }

    [Fact]
    public void A_lab_without_operations_still_builds_its_base_namespace()
    {
        string script = TimelineScript.Build(LabId, null, [], At);

        Assert.Contains("0 operations", script, StringComparison.Ordinal);
        Assert.Contains("mount -t tmpfs -o mode=0755 mountviz-lab-1a2b3c4d \"$WS\"", script, StringComparison.Ordinal);
        Assert.Contains("End all: kill $ns_base\"", script, StringComparison.Ordinal);
    }
}
