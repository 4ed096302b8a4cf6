using MountViz.Core.Labs;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>The directory tree a namespace sees, bounded, with mount points marked.</summary>
[Collection(LabKernelGroup.Name)]
public sealed class ListFilesTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task The_tree_shows_types_and_mount_points_as_the_namespace_sees_them()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll(
            "base",
            "mkdir -p /data/binding/source /data/binding/target",
            "touch /data/binding/source/a",
            "mount --bind /data/binding/source /data/binding/target");
        await lab.InNamespace("base", _ =>
        {
            File.CreateSymbolicLink($"{lab.Workspace}/data/link", "/etc");
            return true;
        });
        await lab.Ok("unshare -m --propagation private other");
        await lab.Ok("umount /data/binding/target", "other");

        FileTree tree = await lab.Operations.ListFilesAsync(lab.Id, "base", "/data");
        Assert.Equal("/data", tree.Path);
        Assert.False(tree.Truncated);
        Assert.Equal(("data", "directory", false), (tree.Root.Name, tree.Root.Type, tree.Root.IsMountPoint));
        Assert.Equal(["binding", "link"], tree.Root.Children.Select(c => c.Name));
        FileEntry link = tree.Root.Children[1];
        Assert.Equal(("symlink", true), (link.Type, link.Children.IsEmpty));
        FileEntry target = tree.Root.Children[0].Children.Single(c => c.Name == "target");
        Assert.True(target.IsMountPoint);
        Assert.Equal(("a", "file"), (target.Children.Single().Name, target.Children.Single().Type));

        // The other namespace does not have the bind: same directory, different view (experiment A).
        FileTree other = await lab.Operations.ListFilesAsync(lab.Id, "other", "/data/binding/target");
        Assert.False(other.Root.IsMountPoint);
        Assert.Empty(other.Root.Children);

        // Relative to the namespace's current directory; the root is '/'.
        await lab.Ok("cd /data/binding");
        FileTree relative = await lab.Operations.ListFilesAsync(lab.Id, "base", "target");
        Assert.Equal(["a"], relative.Root.Children.Select(c => c.Name));
        FileTree root = await lab.Operations.ListFilesAsync(lab.Id, "base", "/", maxDepth: 0);
        Assert.Equal(("/", true, true), (root.Root.Name, root.Root.IsMountPoint, root.Truncated));
        Assert.Empty(root.Root.Children);
    }

    [Fact]
    public async Task Depth_and_entries_are_bounded_and_bad_requests_say_why()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir -p /deep/1/2/3/4/5", "mkdir /many", "touch /many/a /many/b /many/c /many/d /many/e");

        FileTree shallow = await lab.Operations.ListFilesAsync(lab.Id, "base", "/deep", maxDepth: 2);
        Assert.True(shallow.Truncated);
        FileEntry two = shallow.Root.Children.Single().Children.Single();
        Assert.Equal(("2", true), (two.Name, two.Children.IsEmpty));
        Assert.False((await lab.Operations.ListFilesAsync(lab.Id, "base", "/deep", maxDepth: 6)).Truncated);

        FileTree few = await lab.Operations.ListFilesAsync(lab.Id, "base", "/many", maxEntries: 3);
        Assert.True(few.Truncated);
        Assert.Equal(3, few.Root.Children.Length);
        Assert.Equal(few.Root.Children.Select(c => c.Name).Order(StringComparer.Ordinal), few.Root.Children.Select(c => c.Name));

        LabException missing = await Assert.ThrowsAsync<LabException>(() => lab.Operations.ListFilesAsync(lab.Id, "base", "/etc"));
        Assert.Equal(LabErrorKind.NotFound, missing.Kind);
        Assert.Contains("'/etc' does not exist in the lab", missing.Message, StringComparison.Ordinal);
        LabException depth = await Assert.ThrowsAsync<LabException>(() => lab.Operations.ListFilesAsync(lab.Id, "base", "/", maxDepth: -1));
        Assert.Equal(LabErrorKind.InvalidRequest, depth.Kind);
        LabException entries = await Assert.ThrowsAsync<LabException>(() => lab.Operations.ListFilesAsync(lab.Id, "base", "/", maxEntries: 0));
        Assert.Equal(LabErrorKind.InvalidRequest, entries.Kind);
        LabException empty = await Assert.ThrowsAsync<LabException>(() => lab.Operations.ListFilesAsync(lab.Id, "base", ""));
        Assert.Equal(LabErrorKind.InvalidRequest, empty.Kind);
    }
}
