using MountViz.Core.Scenarios;

namespace MountViz.Core.Tests.Scenarios;

public class ProcLineFilterTests
{
    [Fact]
    public void Lines_are_picked_by_the_mount_point_field_not_by_substring()
    {
        const string mountinfo = "88 87 0:40 /data/binding/source /w/data/binding/target rw master:1 - tmpfs lab rw\n"
            + "89 87 0:40 / /w/data/binding/target2 rw - tmpfs lab rw\n"
            + "90 87 0:40 /w/data/binding/target /x rw - tmpfs lab rw\n";
        const string mounts = "lab /w/data/binding/target tmpfs rw 0 0\nlab /w/data/binding/target2 tmpfs rw 0 0\n";
        const string stats = "device lab mounted on /w/data/binding/target with fstype tmpfs\ndevice lab mounted on /w with fstype tmpfs\n";

        Assert.Equal([mountinfo.Split('\n')[0]], ProcLineFilter.LinesAbout(mountinfo, ProcMountFile.MountInfo, "/w/data/binding/target").ToArray());
        Assert.Equal(["lab /w/data/binding/target tmpfs rw 0 0"], ProcLineFilter.LinesAbout(mounts, ProcMountFile.Mounts, "/w/data/binding/target").ToArray());
        Assert.Equal(["device lab mounted on /w/data/binding/target with fstype tmpfs"], ProcLineFilter.LinesAbout(stats, ProcMountFile.MountStats, "/w/data/binding/target").ToArray());
    }

    [Fact]
    public void Paths_are_escaped_as_the_kernel_writes_them()
    {
        Assert.Equal("/a\\040b\\011c\\012d\\134e", ProcLineFilter.Escape("/a b\tc\nd\\e"));
    }
}
