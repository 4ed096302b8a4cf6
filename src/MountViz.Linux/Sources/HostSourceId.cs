using System.Globalization;

namespace MountViz.Linux.Sources;

/// <summary>Source IDs of host namespaces: <c>host.INODE</c>.</summary>
public static class HostSourceId
{
    /// <summary>The prefix of every host source ID.</summary>
    public const string Prefix = "host.";

    /// <summary>The source ID of the host namespace <paramref name="inode"/>.</summary>
    public static string Format(ulong inode) => Prefix + inode.ToString(CultureInfo.InvariantCulture);

    /// <summary>The inode a host source ID names; false for anything else.</summary>
    public static bool TryParse(string? sourceId, out ulong inode)
    {
        inode = 0;
        return sourceId is not null
            && sourceId.StartsWith(Prefix, StringComparison.Ordinal)
            && ulong.TryParse(sourceId.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out inode);
    }
}
