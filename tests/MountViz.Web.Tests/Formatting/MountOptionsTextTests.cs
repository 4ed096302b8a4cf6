using MountViz.Core.Formatting;

namespace MountViz.Web.Tests.Formatting;

public class MountOptionsTextTests
{
    [Theory]
    [InlineData("rw,relatime", "rw", "rw,relatime")]
    [InlineData("ro,nosuid,nodev,noexec,relatime", "rw", "ro,nosuid,nodev,noexec,relatime")]
    [InlineData("rw,nosuid", "rw,mode=755", "rw,nosuid,mode=755")]
    [InlineData("rw,noexec", "ro,journal=update", "ro,noexec,journal=update")]
    [InlineData("rw", "rw", "rw")]
    [InlineData("rw,relatime", "rw,context=\"system_u:object_r:a,b\",size=10k", "rw,relatime,context=\"system_u:object_r:a,b\",size=10k")]
    public void Merge_matches_libmount(string vfs, string fs, string expected) =>
        Assert.Equal(expected, MountOptionsText.Merge(vfs, fs));
}
