using System.Text;
using MountViz.Core.Model;

namespace MountViz.Web.Tests.TestSupport;

/// <summary>A small mountinfo with one of each case the views must show.</summary>
internal static class SampleMountinfo
{
    /// <summary>
    /// Root shared:1; /proc shared:2; /mnt shared:3 master:1 (shared+slave) with /mnt/a a slave
    /// of 3 that 5 over-mounts (so 4 is hidden); /data a bind of a subdirectory, unbindable;
    /// 7 an orphan whose parent 99 is absent; line 8 is malformed.
    /// </summary>
    public const string Text =
        "1 0 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" +
        "2 1 0:5 / /proc rw,nosuid shared:2 - proc proc rw\n" +
        "3 1 0:20 / /mnt rw shared:3 master:1 - tmpfs tmpfs rw\n" +
        "4 3 0:21 / /mnt/a rw master:3 - tmpfs tmpfs rw\n" +
        "5 3 0:22 / /mnt/a rw - tmpfs over rw\n" +
        "6 1 8:1 /srv/data /data rw unbindable - ext4 /dev/sda1 rw\n" +
        "7 99 0:23 / /lost rw - tmpfs lost rw\n" +
        "8 1 garbage\n";

    /// <summary>The sample as a table.</summary>
    public static MountTable Table() => MountTable.Parse(Encoding.UTF8.GetBytes(Text));

    /// <summary>Writes <paramref name="text"/> to a new temporary file and returns its path.</summary>
    public static string WriteTemp(string text) => WriteTemp(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to a new temporary file and returns its path.</summary>
    public static string WriteTemp(byte[] bytes)
    {
        string path = Path.Combine(Path.GetTempPath(), $"mvz-web-test-{Guid.NewGuid():N}.mountinfo");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
