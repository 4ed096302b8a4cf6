using System.Globalization;

namespace MountViz.Web.Graph;

/// <summary>
/// Gives each peer group a colour and keeps it: a group seen once keeps its colour for the life
/// of the palette (one per graph), even after its mounts are gone, so a group that comes back
/// (a remount, a re-bind) is recognised. The first groups get a hand-picked set of distinct
/// colours (Tableau 10, without its grey: grey means hidden); later ones get golden-angle hues. Always <c>#rrggbb</c>.
/// </summary>
public sealed class PeerGroupPalette
{
    private static readonly string[] Distinct =
    [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
        "#76b7b2", "#edc948", "#ff9da7", "#9c755f",
    ];

    private readonly Dictionary<int, string> _colors = [];

    /// <summary>Every group that has a colour, in the order they got it.</summary>
    public IReadOnlyList<GraphPeerGroupDto> Groups => [.. _order.Select(Describe)];

    private readonly List<int> _order = [];

    /// <summary>The colour of <paramref name="group"/>, assigning the next free one on first sight.</summary>
    public string ColorOf(int group)
    {
        if (_colors.TryGetValue(group, out string? color))
        {
            return color;
        }

        int index = _order.Count;
        color = index < Distinct.Length
            ? Distinct[index]
            : HslToHex((index - Distinct.Length) * 137.508 % 360.0, 0.62, 0.50);
        _colors.Add(group, color);
        _order.Add(group);
        return color;
    }

    /// <summary>#rrggbb for a hue (degrees), saturation and lightness (0..1): the graph module mixes tints from hex.</summary>
    internal static string HslToHex(double hue, double saturation, double lightness)
    {
        double chroma = (1 - Math.Abs((2 * lightness) - 1)) * saturation;
        double h = hue / 60.0;
        double x = chroma * (1 - Math.Abs((h % 2) - 1));
        (double r, double g, double b) = h switch
        {
            < 1 => (chroma, x, 0.0),
            < 2 => (x, chroma, 0.0),
            < 3 => (0.0, chroma, x),
            < 4 => (0.0, x, chroma),
            < 5 => (x, 0.0, chroma),
            _ => (chroma, 0.0, x),
        };
        double m = lightness - (chroma / 2);
        return string.Create(CultureInfo.InvariantCulture, $"#{Channel(r + m):x2}{Channel(g + m):x2}{Channel(b + m):x2}");
    }

    private static int Channel(double value) => (int)Math.Round(Math.Clamp(value, 0, 1) * 255);

    /// <summary>The legend entry of a group (assigning its colour if needed).</summary>
    public GraphPeerGroupDto Describe(int group) =>
        new(group, string.Create(CultureInfo.InvariantCulture, $"shared:{group}"), ColorOf(group));
}
