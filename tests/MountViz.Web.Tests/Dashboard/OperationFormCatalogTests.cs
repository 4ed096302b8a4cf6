using MountViz.Core.Commands;
using MountViz.Web.Components.Dashboard;

namespace MountViz.Web.Tests.Dashboard;

public sealed class OperationFormCatalogTests
{
    // Values for every field name the catalog uses; each form takes the ones it has.
    private static readonly Dictionary<string, string> Sample = new(StringComparer.Ordinal)
    {
        ["source"] = "source1",
        ["target"] = "target1",
        ["options"] = "size=1m",
        ["name"] = "c1",
        ["propagation"] = "slave",
        ["from"] = "base",
        ["current"] = "a",
        ["newroot"] = "new",
        ["putold"] = "new/old",
        ["path"] = "dir",
        ["file"] = "source1/f",
        ["text"] = "hello world",
        ["recursive"] = OperationFormCatalog.True,
        ["bind"] = OperationFormCatalog.True,
        ["parents"] = OperationFormCatalog.True,
        ["append"] = OperationFormCatalog.True,
    };

    [Fact]
    public void Offers_a_button_for_every_backend_operation_with_stable_hooks()
    {
        Assert.Equal(
            ["mount-tmpfs", "bind", "rbind", "move", "remount-ro", "remount-rw", "umount", "umount-lazy",
             "make-shared", "make-private", "make-slave", "make-unbindable", "unshare", "pivot-root", "mkdir", "write-file"],
            OperationFormCatalog.All.Select(s => s.Id));
        Assert.Equal<string>(["Mount", "Remount", "Unmount", "Propagation", "Namespace", "Files"], OperationFormCatalog.Groups);
    }

    [Theory]
    [InlineData("mount-tmpfs", "mount -t tmpfs -o size=1m source1 target1")]
    [InlineData("bind", "mount --bind source1 target1")]
    [InlineData("rbind", "mount --rbind source1 target1")]
    [InlineData("move", "mount --move source1 target1")]
    [InlineData("remount-ro", "mount -o remount,ro,bind target1")]
    [InlineData("remount-rw", "mount -o remount,rw,bind target1")]
    [InlineData("umount", "umount -R target1")]
    [InlineData("umount-lazy", "umount -l -R target1")]
    [InlineData("make-shared", "mount --make-rshared target1")]
    [InlineData("make-unbindable", "mount --make-runbindable target1")]
    [InlineData("unshare", "unshare -m --propagation slave --from base c1")]
    [InlineData("pivot-root", "pivot_root new new/old")]
    [InlineData("mkdir", "mkdir -p dir")]
    [InlineData("write-file", "echo 'hello world' >> source1/f")]
    public void Each_form_makes_the_line_the_command_language_reads_back_as_the_same_operation(string id, string expected)
    {
        OperationFormSpec spec = OperationFormCatalog.Find(id)!;

        string? line = OperationFormCatalog.TryBuild(spec, Sample, out string? error);

        Assert.Null(error);
        Assert.Equal(expected, line);
        CommandParseResult parsed = CommandParser.Parse(line!);
        Assert.True(parsed.Success, parsed.Error?.Message);
        Assert.Equal(spec.Build(Sample), parsed.Operation);
    }

    [Fact]
    public void Unticked_flags_and_the_namespace_it_runs_in_leave_their_options_out()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["target"] = "/t", ["name"] = "c2", ["from"] = "a", ["current"] = "a" };

        Assert.Equal("mount --make-private /t", OperationFormCatalog.TryBuild(OperationFormCatalog.Find("make-private")!, values, out _));
        Assert.Equal("umount /t", OperationFormCatalog.TryBuild(OperationFormCatalog.Find("umount")!, values, out _));
        Assert.Equal("mount -o remount,ro /t", OperationFormCatalog.TryBuild(OperationFormCatalog.Find("remount-ro")!, values, out _));
        // An empty source name and an empty propagation take the defaults the form shows.
        Assert.Equal("mount -t tmpfs tmpfs /t", OperationFormCatalog.TryBuild(OperationFormCatalog.Find("mount-tmpfs")!, values, out _));
        Assert.Equal("unshare -m --propagation private c2", OperationFormCatalog.TryBuild(OperationFormCatalog.Find("unshare")!, values, out _));
    }

    [Fact]
    public void Says_which_fields_are_missing_or_refused()
    {
        OperationFormSpec bind = OperationFormCatalog.Find("bind")!;
        Assert.Null(OperationFormCatalog.TryBuild(bind, new Dictionary<string, string> { ["source"] = "/a", ["target"] = "  " }, out string? missing));
        Assert.Equal("Fill in: target.", missing);

        Assert.Null(OperationFormCatalog.TryBuild(OperationFormCatalog.Find("unshare")!, new Dictionary<string, string> { ["name"] = "bad name" }, out string? refused));
        Assert.Contains("letters, digits", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void The_selection_prefills_the_source_of_a_bind_and_the_target_of_the_others()
    {
        Assert.Equal("/target1", OperationFormCatalog.Find("bind")!.Prefill("/target1", "base")["source"]);
        Assert.False(OperationFormCatalog.Find("bind")!.Prefill("/target1", "base").ContainsKey("target"));
        Assert.Equal("/target1", OperationFormCatalog.Find("make-slave")!.Prefill("/target1", "base")["target"]);
        Assert.Equal("/target1", OperationFormCatalog.Find("umount-lazy")!.Prefill("/target1", "base")["target"]);
        Assert.Equal("/target1/", OperationFormCatalog.Find("mkdir")!.Prefill("/target1", "base")["path"]);
        Assert.Equal("/", OperationFormCatalog.Find("mkdir")!.Prefill("/", "base")["path"]);
        Assert.Equal("/new/old", OperationFormCatalog.Find("pivot-root")!.Prefill("/new", "base")["putold"]);
        Assert.Equal("a", OperationFormCatalog.Find("unshare")!.Prefill(null, "a")["from"]);
        Assert.Equal("", OperationFormCatalog.Find("umount")!.Prefill(null, "base")["target"]);
    }
}
