using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Simulation;
using MountViz.Linux.Tests.Labs;
using MountViz.Linux.Tests.Operations;

namespace MountViz.Linux.Tests.Differential;

/// <summary>
/// The prediction as the product serves it: <see cref="Linux.Operations.LabOperations.PredictAsync(string, string, string, CancellationToken)"/>
/// changes nothing, and every result carries the prediction made before it ran and its comparison with the kernel.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class PredictionInResultsTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task A_preview_changes_nothing_and_the_result_carries_the_same_prediction_matched()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir -p /a /b", "mount -t tmpfs t /a", "mount --make-shared /a", "mkdir /a/sub", "unshare -m --propagation unchanged ns2");
        List<string> before = lab.MountPoints("ns2");

        Prediction preview = await lab.Operations.PredictAsync(lab.Id, "base", "mount -t tmpfs x /a/sub");

        Assert.True(preview.Succeeds, preview.Reason);
        Assert.Equal(before, lab.MountPoints("ns2"));
        Assert.Equal(["/a/sub"], preview.Changes["ns2"].Select(c => c.Mount.MountPoint));
        Assert.Contains(preview.Explanations, e => e.Namespace == "ns2" && e.Receives == true);

        OperationResult result = await lab.Ok("mount -t tmpfs x /a/sub");

        Assert.NotNull(result.Predicted);
        Assert.Equal(preview.Changes.Keys.Order(StringComparer.Ordinal), result.Predicted.Changes.Keys.Order(StringComparer.Ordinal));
        Assert.True(result.Comparison?.Matches, string.Join("\n", result.Comparison?.Findings ?? []));
        Assert.Empty(result.Comparison!.Findings);
    }

    [Fact]
    public async Task A_predicted_refusal_matches_the_kernels_and_an_unmodelled_operation_has_no_comparison()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir -p /u /b", "mount -t tmpfs u /u", "mount --make-unbindable /u");

        Prediction preview = await lab.Operations.PredictAsync(lab.Id, "base", "mount --bind /u /b");
        Assert.Equal("EINVAL", preview.Errno);

        OperationResult refused = await lab.Fails("mount --bind /u /b", "EINVAL");
        Assert.True(refused.Comparison?.Matches);

        OperationResult remount = await lab.Run("mount -o remount,ro /u");
        Assert.False(remount.Predicted?.Supported);
        Assert.False(string.IsNullOrEmpty(remount.Predicted?.Reason));
        Assert.Null(remount.Comparison);
    }

    [Fact]
    public async Task Pivot_root_refusals_are_predicted_from_the_paths_looked_up_and_the_mount_rules_and_match_the_kernel()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation private q");
        await lab.OkAll("q", "mkdir -p /r/old /plain/old /elsewhere", "mount --bind /r /r", "touch /file /r/file");

        // (command, errno): lookups first (read in the namespace), then the mount rules (simulated).
        foreach ((string command, string errno) in ((string, string)[])[
            ("pivot_root /file /file", "ENOTDIR"),
            ("pivot_root /r /r/file", "ENOTDIR"),
            ("pivot_root /r /r/missing", "ENOENT"),
            ("pivot_root /r /elsewhere", "EINVAL"),
            ("pivot_root /plain /plain/old", "EINVAL")])
        {
            Prediction preview = await lab.Operations.PredictAsync(lab.Id, "q", command);
            Assert.True(preview.Supported, $"{command}: {preview.Reason}");
            Assert.Equal(errno, preview.Errno);

            OperationResult result = await lab.Fails(command, errno, "q");
            Assert.True(result.Comparison?.Matches, $"{command}: {string.Join(" ", result.Comparison?.Findings ?? [])}");
        }
    }

    [Fact]
    public async Task A_line_that_does_not_parse_is_an_invalid_request_for_a_preview_too()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);

        LabException e = await Assert.ThrowsAsync<LabException>(() => lab.Operations.PredictAsync(lab.Id, "base", "mount --bind /a"));

        Assert.Equal(LabErrorKind.InvalidRequest, e.Kind);
        Assert.Contains("mount --bind /a", e.Message, StringComparison.Ordinal);
        Assert.Empty(lab.Operations.History(lab.Id));
    }
}
