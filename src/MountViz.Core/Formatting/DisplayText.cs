using System.Globalization;
using System.Text;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Formatting;

/// <summary>
/// Mount text made safe to show on one line of a terminal or a web page: bytes that are not
/// valid UTF-8 become kernel-style octal escapes (<c>\377</c>), and so do control characters,
/// because a path may legally hold a newline or an escape sequence that would break the layout.
/// </summary>
public static class DisplayText
{
    /// <summary>The display form of a decoded mountinfo field.</summary>
    public static string Of(string value)
    {
        string display = MountText.ToDisplay(value);
        if (!display.AsSpan().ContainsAnyInRange('\0', '\u001f') && !display.Contains('\u007f', StringComparison.Ordinal))
        {
            return display;
        }

        var builder = new StringBuilder(display.Length + 8);
        foreach (char c in display)
        {
            if (c < ' ' || c == '\u007f')
            {
                MountText.AppendOctal(builder, (byte)c);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The source as findmnt shows it: <c>source[/root]</c> when the mount shows a subdirectory
    /// of its filesystem (a bind mount), plain <c>source</c> otherwise.
    /// </summary>
    public static string SourceWithRoot(MountInfo mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        return mount.Root == "/" ? Of(mount.Source) : $"{Of(mount.Source)}[{Of(mount.Root)}]";
    }

    /// <summary>How many columns the text takes, counting each user-perceived character once.</summary>
    public static int Width(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Ascii.IsValid(text) ? text.Length : new StringInfo(text).LengthInTextElements;
    }
}
