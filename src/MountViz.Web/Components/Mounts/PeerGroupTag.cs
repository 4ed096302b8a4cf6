using System.Globalization;

namespace MountViz.Web.Components.Mounts;

/// <summary>An optional field that names a peer group: <c>shared:N</c>, <c>master:N</c> or <c>propagate_from:N</c>.</summary>
/// <param name="Kind">The CSS class of the badge: <c>shared</c>, <c>master</c> or <c>propagate-from</c>.</param>
/// <param name="Group">The peer group ID N.</param>
internal readonly record struct PeerGroupTag(string Kind, int Group)
{
    private static readonly (string Prefix, string Kind)[] Kinds = [("shared:", "shared"), ("master:", "master"), ("propagate_from:", "propagate-from")];

    /// <summary>Recognises the three tags that name a group; false for anything else.</summary>
    public static bool TryParse(string tag, out PeerGroupTag parsed)
    {
        foreach ((string prefix, string kind) in Kinds)
        {
            if (tag.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(tag.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int group))
            {
                parsed = new PeerGroupTag(kind, group);
                return true;
            }
        }

        parsed = default;
        return false;
    }

    /// <summary>
    /// A hue for the group, stepped by the golden angle so that groups with nearby IDs get
    /// clearly different colours.
    /// </summary>
    public static int Hue(int group) => (int)((group * 137.508) % 360.0);

    /// <summary>A tooltip in words.</summary>
    public string Describe() => Kind switch
    {
        "shared" => string.Create(CultureInfo.InvariantCulture, $"Member of peer group {Group}: shares mount events with its peers."),
        "master" => string.Create(CultureInfo.InvariantCulture, $"Slave of peer group {Group}: receives its mount events."),
        _ => string.Create(CultureInfo.InvariantCulture, $"Receives events from peer group {Group}, the nearest dominant group in this namespace."),
    };
}
