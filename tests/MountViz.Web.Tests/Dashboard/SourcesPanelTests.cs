using System.Collections.Immutable;
using Bunit;
using MountViz.Core.Labs;
using MountViz.Core.Sources;
using MountViz.Web.Components.Dashboard;

namespace MountViz.Web.Tests.Dashboard;

public sealed class SourcesPanelTests : IAsyncDisposable
{
    private readonly BunitContext _context = new();

    public ValueTask DisposeAsync() => _context.DisposeAsync();

    [Fact]
    public void A_host_namespace_is_named_by_its_program_and_another_servers_lab_by_its_lab_and_namespace()
    {
        SourceInfo systemd = Host(4026531841, "/usr/lib/systemd/systemd --system --deserialize=25", 1);
        SourceInfo holder = Host(4026532177, LabHolderName.Format("64fb769c", "base") + " infinity", 4242);

        IRenderedComponent<SourcesPanel> panel = _context.Render<SourcesPanel>(p => p
            .Add(s => s.Hosts, [systemd, holder])
            .Add(s => s.Labs, [])
            .Add(s => s.Selected, []));

        Assert.Equal(["systemd", "lab 64fb769c · base"], panel.FindAll(".ns-name-host").Select(n => n.TextContent));
        string[] meta = [.. panel.FindAll(".ns-list .ns-meta").Select(m => m.TextContent)];
        Assert.DoesNotContain("another MountViz server", meta[0], StringComparison.Ordinal);
        Assert.EndsWith("a lab of another MountViz server", meta[1], StringComparison.Ordinal);
        Assert.Equal("host · lab 64fb769c · base · mnt:[4026532177]", SourcesPanel.HostLabel(holder));
    }

    private static SourceInfo Host(ulong inode, string command, int pid) =>
        new($"host.{inode}", "host", command, inode, [pid], null) { Commands = ImmutableDictionary<int, string>.Empty.Add(pid, command) };
}
