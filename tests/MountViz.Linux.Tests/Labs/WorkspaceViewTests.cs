using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Tests.Labs;

/// <summary>The workspace view: mounts at or under the workspace, with lab paths.</summary>
public sealed class WorkspaceViewTests
{
    private const string Table =
        "1 0 254:0 / / rw,relatime - ext4 /dev/vda rw\n" +
        "2 1 0:40 / /run/mountviz rw,nosuid - tmpfs mountviz-shelf rw\n" +
        "3 2 0:41 / /run/mountviz/workspace rw shared:5 - tmpfs mountviz-lab-x rw\n" +
        "4 3 0:42 / /run/mountviz/workspace/a rw shared:6 master:2 - tmpfs t rw\n" +
        "5 3 0:43 / /run/mountviz/workspace/with\\040space rw - tmpfs u rw\n" +
        "6 1 0:44 / /run/mountviz/workspace2 rw - tmpfs v rw\n" +
        "7 3 0:45 / /run/mountviz/workspace rw - tmpfs over rw\n";

    [Fact]
    public void Rewrite_keeps_workspace_mounts_with_lab_paths_and_the_originals()
    {
        MountTable all = MountTable.Parse(Encoding.ASCII.GetBytes(Table));
        MountTable view = WorkspaceView.Rewrite(all, "/run/mountviz/workspace");
        Assert.Equal([3, 4, 5, 7], view.Mounts.Select(m => m.Id));
        Assert.Equal(["/", "/a", "/with space", "/"], view.Mounts.Select(m => m.MountPoint));

        // Everything but the mount point is the namespace's own line.
        MountInfo a = view.Find(4)!;
        Assert.Equal(6, a.Shared);
        Assert.Equal(2, a.Master);
        Assert.Equal("/run/mountviz/workspace/a", all.Find(4)!.MountPoint);

        // The workspace root's parent (the shelf) is outside the view: a root there; the stacked mount is its child.
        Assert.Equal([3], view.Roots.Select(m => m.Id));
        Assert.Equal([4, 5, 7], view.ChildrenOf(view.Find(3)!).Select(m => m.Id));

        var lab = new LabMountView(new LabNamespaceInfo("x", "base", "lab.x.base", 1, 2, null, null, "/run/mountviz/workspace", true), all, view);
        Assert.Equal("/run/mountviz/workspace/a", lab.Original(a)!.MountPoint);
        Assert.Same(all, lab.For(LabMountScope.All));
        Assert.Same(view, lab.For(LabMountScope.Workspace));
    }

    [Theory]
    [InlineData("/run/mountviz/workspace", "/run/mountviz/workspace", "/")]
    [InlineData("/run/mountviz/workspace/", "/run/mountviz/workspace", "/")]
    [InlineData("/run/mountviz/workspace/a/b", "/run/mountviz/workspace", "/a/b")]
    [InlineData("/run/mountviz/workspace2", "/run/mountviz/workspace", null)]
    [InlineData("/run/mountviz", "/run/mountviz/workspace", null)]
    [InlineData("/", "/run/mountviz/workspace", null)]
    [InlineData("/anything", "/", "/anything")]
    public void Namespace_paths_map_to_lab_paths(string namespacePath, string workspace, string? expected) =>
        Assert.Equal(expected, WorkspaceView.ToLabPath(namespacePath, workspace));

    [Fact]
    public void Lab_paths_map_back_to_namespace_paths()
    {
        Assert.Equal("/run/mountviz/workspace", WorkspaceView.ToNamespacePath("/", "/run/mountviz/workspace"));
        Assert.Equal("/run/mountviz/workspace/a", WorkspaceView.ToNamespacePath("/a", "/run/mountviz/workspace/"));
        Assert.Equal("/a", WorkspaceView.ToNamespacePath("/a", "/"));
        Assert.Equal("/", WorkspaceView.ToNamespacePath("/", "/"));
        Assert.Throws<ArgumentException>(() => WorkspaceView.ToNamespacePath("a", "/"));
    }

    [Theory]
    [InlineData("lab.0123abcd.base", "0123abcd", "base")]
    [InlineData("lab.0123abcd.with.dots", "0123abcd", "with.dots")]
    public void Source_ids_round_trip(string id, string lab, string name)
    {
        Assert.Equal(id, LabSourceId.Format(lab, name));
        Assert.True(LabSourceId.TryParse(id, out string? parsedLab, out string? parsedName));
        Assert.Equal(lab, parsedLab);
        Assert.Equal(name, parsedName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("host.4026531841")]
    [InlineData("lab.")]
    [InlineData("lab.0123abcd")]
    [InlineData("lab.0123abcd.")]
    [InlineData("lab..base")]
    public void Other_ids_are_not_lab_sources(string? id) =>
        Assert.False(LabSourceId.TryParse(id, out _, out _));
}
