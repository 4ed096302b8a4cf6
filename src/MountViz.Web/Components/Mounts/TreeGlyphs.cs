using System.Text;

namespace MountViz.Web.Components.Mounts;

/// <summary>Turns findmnt's ASCII tree connectors into box-drawing lines for the page.</summary>
internal static class TreeGlyphs
{
    /// <summary><c>"| `-"</c> becomes <c>"│ └─"</c>; each two-character unit maps to one glyph pair.</summary>
    public static string FromConnector(string connector)
    {
        var builder = new StringBuilder(connector.Length);
        for (int i = 0; i + 1 < connector.Length; i += 2)
        {
            builder.Append((connector[i], connector[i + 1]) switch
            {
                ('|', '-') => "├─",
                ('`', '-') => "└─",
                ('|', ' ') => "│ ",
                _ => "  ",
            });
        }

        return builder.ToString();
    }
}
