using MountViz.Core.Labs;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>Operations on one lab queue: concurrent callers each get their own result, with only their own changes.</summary>
[Collection(LabKernelGroup.Name)]
public sealed class SerializationTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task Concurrent_commands_each_get_their_own_result()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("unshare -m --propagation unchanged peer");
        const int Count = 12;
        await lab.Ok("mkdir " + string.Join(' ', Enumerable.Range(0, Count).Select(i => $"/m{i}")));

        // Half from base, half from the peer; every mount propagates to the other namespace.
        OperationResult[] results = await Task.WhenAll(Enumerable.Range(0, Count).Select(i =>
            Task.Run(() => lab.Run($"mount -t tmpfs t{i} /m{i}", i % 2 == 0 ? "base" : "peer"))));

        for (int i = 0; i < Count; i++)
        {
            OperationResult result = results[i];
            Assert.True(result.Ok, result.Message);
            Assert.Equal(i % 2 == 0 ? "base" : "peer", result.Namespace);
            Assert.Equal($"mount -t tmpfs t{i} /m{i}", result.ShellCommand);
            Assert.Equal([("base", "added", $"/m{i}"), ("peer", "added", $"/m{i}")], OpsLab.Changes(result));
            Assert.All(result.Changes, c => Assert.Equal($"t{i}", c.Change.Mount.Source));
        }

        IReadOnlyList<OperationRecord> history = lab.Operations.History(lab.Id);
        Assert.Equal(Count + 2, history.Count);
        Assert.Equal(Enumerable.Range(1, Count + 2), history.Select(h => h.Sequence));
        Assert.Equal(2 * Count, history.Skip(2).Sum(h => h.Result.Changes.Length));
    }

    [Fact]
    public async Task History_is_per_lab_and_goes_with_the_lab()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("mkdir /h");
        OperationRecord record = Assert.Single(lab.Operations.History(lab.Id));
        Assert.Equal(("base", "mkdir /h", true), (record.Namespace, record.Result.ShellCommand, record.Result.Ok));
        Assert.True(record.At <= DateTimeOffset.UtcNow);

        await lab.Engine.DeleteLabAsync(lab.Id);
        LabException gone = Assert.Throws<LabException>(() => lab.Operations.History(lab.Id));
        Assert.Equal(LabErrorKind.NotFound, gone.Kind);
    }
}
