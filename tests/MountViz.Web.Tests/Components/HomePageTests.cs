using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MountViz.Web.Components.Pages;
using MountViz.Web.Mounts;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Components;

public sealed class HomePageTests : IDisposable
{
    private readonly BunitContext _context = new();

    public HomePageTests()
    {
        // Strict: the page must make no JS interop call that a test has not set up.
        _context.JSInterop.Mode = JSRuntimeMode.Strict;
    }

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Shows_the_tree_rows_in_tree_order_with_indentation()
    {
        IRenderedComponent<Home> page = RenderWith(SampleMountinfo.Table());

        IReadOnlyList<IElement> rows = page.FindAll("table.mount-tree tbody tr");
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], rows.Select(r => r.GetAttribute("data-mount-id")));
        Assert.Equal(["/", "/proc", "/mnt", "/mnt/a", "/mnt/a", "/data", "/lost"], rows.Select(r => r.QuerySelector(".target")!.TextContent));
        Assert.Equal(["", "├─", "├─", "│ ├─", "│ └─", "└─", ""], rows.Select(r => r.QuerySelector(".tree-lines")!.TextContent));
        Assert.Equal("/dev/sda1[/srv/data]", rows[5].QuerySelector(".col-source")!.TextContent);
        Assert.Equal("ext4", rows[5].QuerySelector(".col-fstype")!.TextContent);
    }

    [Fact]
    public void Shows_propagation_in_words_with_a_badge_per_peer_group()
    {
        IRenderedComponent<Home> page = RenderWith(SampleMountinfo.Table());

        IReadOnlyList<IElement> rows = page.FindAll("table.mount-tree tbody tr");
        Assert.Equal(
            ["shared", "shared", "shared+slave", "slave", "private", "unbindable", "private"],
            rows.Select(r => r.QuerySelector(".prop-word")!.TextContent));

        IElement[] badges = [.. rows[2].QuerySelectorAll(".group-badge")];
        Assert.Equal(["shared:3", "master:1"], badges.Select(b => b.TextContent));
        Assert.Contains("shared", badges[0].ClassList);
        Assert.Contains("master", badges[1].ClassList);

        // The same group has the same colour wherever it appears: master:3 of /mnt/a matches shared:3 of /mnt.
        string? sharedThree = badges[0].GetAttribute("style");
        string? masterThree = rows[3].QuerySelector(".group-badge.master")!.GetAttribute("style");
        Assert.Equal(sharedThree, masterThree);
        Assert.NotEqual(sharedThree, badges[1].GetAttribute("style"));
        Assert.Empty(rows[4].QuerySelectorAll(".group-badge"));
    }

    [Fact]
    public void Greys_hidden_mounts_and_marks_orphans_but_not_the_root()
    {
        IRenderedComponent<Home> page = RenderWith(SampleMountinfo.Table());

        IReadOnlyList<IElement> rows = page.FindAll("table.mount-tree tbody tr");
        Assert.Equal(["4"], rows.Where(r => r.ClassList.Contains("is-hidden")).Select(r => r.GetAttribute("data-mount-id")));
        Assert.Equal("hidden", rows[3].QuerySelector(".hidden-tag")!.TextContent);
        Assert.Equal(["7"], rows.Where(r => r.ClassList.Contains("is-orphan")).Select(r => r.GetAttribute("data-mount-id")));
        Assert.Null(rows[0].QuerySelector(".orphan-tag"));
    }

    [Fact]
    public void Lists_diagnostics_and_counts()
    {
        IRenderedComponent<Home> page = RenderWith(SampleMountinfo.Table());

        IElement diagnostic = page.Find(".diagnostics .diagnostic");
        Assert.Contains("fixture.mountinfo line 8", diagnostic.TextContent, StringComparison.Ordinal);
        Assert.Equal("8 1 garbage", diagnostic.QuerySelector("code")!.TextContent);

        Dictionary<string, string> summary = page.FindAll(".summary > div")
            .ToDictionary(d => d.QuerySelector("dt")!.TextContent, d => d.QuerySelector("dd")!.TextContent);
        Assert.Equal("7", summary["mounts"]);
        Assert.Equal("3", summary["peer groups"]);
        Assert.Equal("2", summary["slaves"]);
        Assert.Equal("1", summary["hidden"]);
        Assert.Equal("1", summary["orphans"]);
        Assert.Equal("1", summary["unparsed lines"]);
    }

    [Fact]
    public void A_clean_table_shows_no_diagnostics_panel()
    {
        IRenderedComponent<Home> page = RenderWith(Core.Model.MountTable.Parse("1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n"u8));

        Assert.Empty(page.FindAll(".diagnostics"));
        Assert.Single(page.FindAll("table.mount-tree tbody tr"));
    }

    [Fact]
    public void Non_utf8_bytes_are_shown_as_octal_escapes()
    {
        byte[] mountinfo = [.. "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:20 / /mnt/caf"u8, 0xE9, .. " rw - tmpfs tmpfs rw\n"u8];
        IRenderedComponent<Home> page = RenderWith(Core.Model.MountTable.Parse(mountinfo));

        Assert.Equal("/mnt/caf\\351", page.FindAll(".target")[1].TextContent);
    }

    [Fact]
    public void A_read_failure_is_shown_instead_of_the_table()
    {
        var reader = new FixedMountTableReader(() => throw new FileNotFoundException("Could not find file '/proc/self/mountinfo'."), "/proc/self/mountinfo");
        _context.Services.AddSingleton<IHostMountTableReader>(reader);

        IRenderedComponent<Home> page = _context.Render<Home>();

        Assert.Contains("could not be read", page.Find(".error-panel").TextContent, StringComparison.Ordinal);
        Assert.Contains("Could not find file", page.Find(".error-panel").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("table.mount-tree"));
    }

    private IRenderedComponent<Home> RenderWith(Core.Model.MountTable table)
    {
        var reader = new FixedMountTableReader(table);
        _context.Services.AddSingleton<IHostMountTableReader>(reader);
        IRenderedComponent<Home> page = _context.Render<Home>();
        Assert.Equal(1, reader.Reads);
        return page;
    }
}
