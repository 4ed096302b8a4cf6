using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Sources;
using MountViz.Web.Mounts;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Api.Support;

/// <summary>Fake engine, operations, sources and host table, registered before the real ones.</summary>
internal sealed class FakeBackend
{
    public const string HostSourceId = "host.4026531841";

    public FakeLabEngine Engine { get; } = new();

    public FakeLabOperations Operations { get; }

    public FakeMountSources Sources { get; } = new();

    public FakeBackend()
    {
        Operations = new FakeLabOperations { Engine = Engine };
        Sources.Add(
            new SourceInfo(HostSourceId, "host", "systemd", 4026531841, [1, 2], null) { RepresentativePid = 1 },
            SampleMountinfo.Table());
    }

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ILabEngine>(Engine);
        services.AddSingleton<ILabOperations>(Operations);
        services.AddSingleton<IMountSources>(Sources);
        services.AddSingleton<IHostMountTableReader>(new FixedMountTableReader(SampleMountinfo.Table()));
    }

    public Task<RunningServer> StartAsync(CancellationToken cancellationToken) => RunningServer.StartAsync(Register, cancellationToken);

    /// <summary>A table from mountinfo lines.</summary>
    public static MountTable Table(string mountinfo) => MountTable.Parse(Encoding.UTF8.GetBytes(mountinfo));
}
