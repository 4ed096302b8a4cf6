using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>Options split as mount(8) splits them: generic options become flags, the rest is data.</summary>
public sealed class MountOptionsTests
{
    [Theory]
    [InlineData("", MountFlags.None, null)]
    [InlineData("size=1m", MountFlags.None, "size=1m")]
    [InlineData("ro", MountFlags.ReadOnly, null)]
    [InlineData("ro,rw", MountFlags.None, null)]
    [InlineData("rw,ro", MountFlags.ReadOnly, null)]
    [InlineData("nosuid,nodev,noexec,size=1m,mode=1777", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec, "size=1m,mode=1777")]
    [InlineData("noatime,nodiratime,sync,dirsync,lazytime,nosymfollow", MountFlags.NoAtime | MountFlags.NoDirAtime | MountFlags.Synchronous | MountFlags.DirSync | MountFlags.LazyTime | MountFlags.NoSymFollow, null)]
    [InlineData("relatime,strictatime,silent", MountFlags.RelAtime | MountFlags.StrictAtime | MountFlags.Silent, null)]
    [InlineData("ro,nosuid,defaults", MountFlags.None, null)]
    [InlineData("nosuid,suid,nodev,dev,noexec,exec,atime,diratime,norelatime,async", MountFlags.None, null)]
    public void Splits_generic_flags_from_filesystem_data(string options, MountFlags flags, string? data)
    {
        Assert.Equal((flags, data), MountOptions.ToFlagsAndData(options));
    }

    [Fact]
    public void Knows_which_words_choose_an_operation()
    {
        Assert.All(["bind", "rbind", "move", "remount", "shared", "rshared", "private", "rprivate", "slave", "rslave", "unbindable", "runbindable"],
            w => Assert.True(MountOptions.IsOperationKeyword(w), w));
        Assert.False(MountOptions.IsOperationKeyword("ro"));
        Assert.False(MountOptions.IsOperationKeyword("size=1m"));
    }

    [Fact]
    public void Finds_and_maps_overlay_paths_only()
    {
        const string options = "lowerdir=a:/b::c,upperdir=u,workdir=w,index=off,redirect_dir=on";

        Assert.Equal(["a", "/b", "c", "u", "w"], MountOptions.PathsIn("overlay", options));
        Assert.Equal(
            "lowerdir=[a]:[/b]::[c],upperdir=[u],workdir=[w],index=off,redirect_dir=on",
            MountOptions.MapPaths("overlay", options, p => $"[{p}]"));
        Assert.Empty(MountOptions.PathsIn("tmpfs", "lowerdir=a"));
        Assert.Equal("lowerdir=a", MountOptions.MapPaths("tmpfs", "lowerdir=a", p => "X"));
    }

    [Fact]
    public void Operations_refuse_values_that_would_not_read_back_the_same()
    {
        Assert.Throws<ArgumentException>(() => MountFilesystemOperation.Tmpfs("s", "/x", "size=1m,bind"));
        Assert.Throws<ArgumentException>(() => MountFilesystemOperation.Tmpfs("s", "/x", "a,,b"));
        Assert.Throws<ArgumentException>(() => MountFilesystemOperation.Tmpfs("s", "/x", "rshared"));
        Assert.Throws<ArgumentException>(() => new MountFilesystemOperation("tmp fs", "s", "/x"));
        Assert.Throws<ArgumentException>(() => new MountFilesystemOperation("-t", "s", "/x"));
        Assert.Throws<ArgumentException>(() => MountFilesystemOperation.Tmpfs("", "/x"));
        Assert.Throws<ArgumentException>(() => new RemountOperation("/x", MountFlags.NoAtime));
        Assert.Throws<ArgumentException>(() => new RemountOperation("/x", Bind: true, Data: "size=1m"));
        Assert.Throws<ArgumentException>(() => new RemountOperation("/x", Data: "ro"));
        Assert.Throws<ArgumentException>(() => new RemountOperation("/x", Data: "noatime"));
        Assert.Throws<ArgumentException>(() => new RemountOperation("/x", Data: "remount"));
        Assert.Throws<ArgumentException>(() => new WriteFileOperation("f", "-n"));
        Assert.Throws<ArgumentException>(() => new WriteFileOperation("f", "-eE"));
        Assert.Throws<ArgumentException>(() => new WriteFileOperation("f", "a\0"));
        Assert.Throws<ArgumentException>(() => new CreateNamespaceOperation("bad name"));
        Assert.Throws<ArgumentException>(() => new CreateNamespaceOperation("c", From: "-x"));
        Assert.Throws<ArgumentException>(() => new DeleteNamespaceOperation(""));
        Assert.Throws<ArgumentException>(() => new MakeDirectoryOperation([]));
        Assert.Throws<ArgumentException>(() => new BindMountOperation("", "/b"));
        Assert.Throws<ArgumentException>(() => new UnmountOperation("/a\0"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChangePropagationOperation("/x", (PropagationType)9));
        Assert.Throws<ArgumentException>(() => MountFilesystemOperation.Overlay(["a,b"], null, null, "/m"));
        Assert.Throws<ArgumentException>(() => MountFilesystemOperation.Overlay(["a"], "/u", null, "/m"));
        Assert.Throws<ArgumentException>(() => MountFilesystemOperation.Overlay([], null, null, "/m"));
    }

    [Theory]
    [InlineData("base", true)]
    [InlineData("c1", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData("-x", false)]
    [InlineData(".x", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData("x\n", false)]
    [InlineData("é", false)]
    public void Namespace_names_are_safe_in_urls_and_commands(string name, bool valid)
    {
        Assert.Equal(valid, NamespaceName.IsValid(name));
        Assert.True(NamespaceName.IsValid(new string('a', 63)));
        Assert.False(NamespaceName.IsValid(new string('a', 64)));
    }
}
