using System.Collections.Immutable;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Web.Graph;
using MountViz.Web.Tests.Api.Support;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Dashboard;

/// <summary>
/// A bUnit context for the dashboard: strict JS interop with only the graph module's calls set
/// up, and the fake engine, operations and channel-driven sources of the API tests.
/// </summary>
internal sealed class DashboardTestContext : IAsyncDisposable
{
    public const string NginxSourceId = "host.4026532500";

    /// <param name="services">Registrations after the fake backend's, which they replace (a test's own ILabOperations, say).</param>
    public DashboardTestContext(Action<IServiceCollection>? services = null)
    {
        // Services first: bUnit refuses registrations once one has been resolved.
        Backend.Register(Context.Services);
        services?.Invoke(Context.Services);
        Context.JSInterop.Mode = JSRuntimeMode.Strict;
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Module = Context.JSInterop.SetupModule("./js/graph.js");
        Graph = Module.SetupModule(invocation => invocation.Identifier == "create");
        Graph.SetupVoid("update", _ => true).SetVoidResult();
        Graph.SetupVoid("dispose").SetVoidResult();
        Graph.SetupVoid("fit").SetVoidResult();
        Backend.Sources.Add(
            new SourceInfo(NginxSourceId, "host", "/usr/sbin/nginx -g daemon off;", 4026532500, [310, 311], null)
            {
                Commands = ImmutableDictionary<int, string>.Empty.Add(310, "/usr/sbin/nginx -g daemon off;").Add(311, "php-fpm: pool www"),
            },
            SampleMountinfo.Table());
    }

    public BunitContext Context { get; } = new();

    public FakeBackend Backend { get; } = new();

    public BunitJSModuleInterop Module { get; }

    public BunitJSInterop Graph { get; }

    /// <summary>The batches handed to the graph module's <c>update</c>, in order.</summary>
    public IReadOnlyList<GraphBatchDto> Updates =>
        [.. Graph.Invocations["update"].Select(i => (GraphBatchDto)i.Arguments.Single()!)];

    /// <summary>Creates a lab in the fake engine and makes its namespaces subscribable sources.</summary>
    public async Task<LabInfo> CreateLabAsync(MountTable table)
    {
        LabInfo lab = await Backend.Engine.CreateLabAsync();
        foreach (LabNamespaceInfo ns in lab.Namespaces)
        {
            AddLabSource(ns, table);
        }

        return lab;
    }

    public void AddLabSource(LabNamespaceInfo ns, MountTable table) =>
        Backend.Sources.Add(new SourceInfo(ns.SourceId, "lab", ns.Name, ns.Inode, [ns.Pid], ns.LabId) { RepresentativePid = ns.Pid }, table);

    /// <summary>One mount from a mountinfo line.</summary>
    public static Core.Mountinfo.MountInfo Mount(string line) => FakeBackend.Table(line + "\n").Mounts.Single();

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
