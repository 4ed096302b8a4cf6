using System.Text;
using MountViz.Core.Model;

namespace MountViz.Web.Tests.Graph;

/// <summary>Mount tables from mountinfo text, for the graph tests.</summary>
internal static class Tables
{
    public static MountTable Parse(params string[] lines) =>
        MountTable.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    /// <summary>Step 1 of the article's script: source1 is a shared tmpfs, bound to target1 (peers in group 7).</summary>
    public static readonly string[] Bound =
    [
        "100 100 0:40 / / rw,relatime shared:1 - tmpfs mvz-lab rw",
        "101 100 0:41 / /proc rw,nosuid shared:3 - proc proc rw",
        "102 100 0:42 / /source1 rw,relatime shared:7 - tmpfs src1 rw",
        "103 100 0:42 / /target1 rw,relatime shared:7 - tmpfs src1 rw",
    ];
}
