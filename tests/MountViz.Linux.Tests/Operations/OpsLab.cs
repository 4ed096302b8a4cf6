using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Linux.Labs;
using MountViz.Linux.Operations;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// One test's lab with its own engine and <see cref="LabOperations"/>: commands run through the
/// executor under test; disposing deletes the lab (holders, namespaces, mounts) and the engine.
/// </summary>
internal sealed class OpsLab : IAsyncDisposable
{
    private OpsLab(LabTestEnvironment environment, LabEngine engine, LabOperations operations, LabInfo lab)
    {
        Environment = environment;
        Engine = engine;
        Operations = operations;
        Lab = lab;
    }

    public LabTestEnvironment Environment { get; }

    public LabEngine Engine { get; }

    public LabOperations Operations { get; }

    public LabInfo Lab { get; }

    public string Id => Lab.Id;

    /// <summary>The workspace root in an unpivoted lab namespace's own paths.</summary>
    public string Workspace => Environment.WorkspacePath;

    public static async Task<OpsLab> StartAsync(LabTestEnvironment environment, LabLimits? limits = null)
    {
        LabEngine engine = environment.CreateEngine(limits);
        var operations = new LabOperations(engine);
        try
        {
            LabInfo lab = await engine.CreateLabAsync();
            return new OpsLab(environment, engine, operations, lab);
        }
        catch
        {
            operations.Dispose();
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one command line and returns the result, whatever it is.</summary>
    public Task<OperationResult> Run(string command, string ns = LabInfo.BaseNamespace) =>
        Operations.ExecuteAsync(Id, ns, command);

    /// <summary>Runs one command line that must succeed.</summary>
    public async Task<OperationResult> Ok(string command, string ns = LabInfo.BaseNamespace)
    {
        OperationResult result = await Run(command, ns);
        Assert.True(result.Ok, $"`{command}` in {ns}: {result.Message}");
        Assert.Null(result.Errno);
        return result;
    }

    /// <summary>Runs command lines in order, each of which must succeed.</summary>
    public async Task OkAll(string ns, params string[] commands)
    {
        foreach (string command in commands)
        {
            await Ok(command, ns);
        }
    }

    /// <summary>Runs one command line that the kernel must refuse with <paramref name="errno"/>.</summary>
    public async Task<OperationResult> Fails(string command, string errno, string ns = LabInfo.BaseNamespace)
    {
        OperationResult result = await Run(command, ns);
        Assert.False(result.Ok, $"`{command}` in {ns} should fail with {errno}: {result.Message}");
        Assert.Equal(errno, result.Errno);
        Assert.Contains(errno, result.Message, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Work on the executor thread inside a namespace (test setup and checks), outside the operations under test.</summary>
    public async Task<T> InNamespace<T>(string ns, Func<LabNamespaceContext, T> work)
    {
        await using LabSession session = await Engine.OpenSessionAsync(Id);
        return await session.RunInNamespaceAsync(ns, work);
    }

    /// <summary>A namespace's mount table now.</summary>
    public LabMountView Mounts(string ns = LabInfo.BaseNamespace) => Engine.ReadMounts(Id, ns);

    /// <summary>The workspace mount points of a namespace now.</summary>
    public List<string> MountPoints(string ns = LabInfo.BaseNamespace) => [.. Mounts(ns).Workspace.Mounts.Select(m => m.MountPoint)];

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Engine.FindLab(Id) is not null)
            {
                await Engine.DeleteLabAsync(Id);
            }
        }
        finally
        {
            Operations.Dispose();
            await Engine.DisposeAsync();
        }
    }

    /// <summary>The changes of a result as (namespace, kind, lab mount point).</summary>
    public static List<(string Namespace, string Kind, string MountPoint)> Changes(OperationResult result) =>
        [.. result.Changes.Select(c => (c.Namespace, c.Change.KindName, c.Change.Mount.MountPoint))];

    /// <summary>The mount points added in one namespace by a result.</summary>
    public static List<string> Added(OperationResult result, string ns) =>
        [.. result.Changes.Where(c => c.Namespace == ns && c.Change.Kind == MountChangeKind.Added).Select(c => c.Change.Mount.MountPoint)];

    /// <summary>The mount points removed in one namespace by a result.</summary>
    public static List<string> Removed(OperationResult result, string ns) =>
        [.. result.Changes.Where(c => c.Namespace == ns && c.Change.Kind == MountChangeKind.Removed).Select(c => c.Change.Mount.MountPoint)];
}
