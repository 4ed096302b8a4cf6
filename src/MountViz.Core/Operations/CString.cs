using System.Text;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Operations;

/// <summary>Renders system-call arguments as C source text, as the article shows each call.</summary>
public static class CString
{
    /// <summary>
    /// A C string literal for <paramref name="text"/>, or <c>NULL</c> when it is null. Quotes,
    /// backslashes and control characters are escaped; bytes that are not UTF-8 (carried as
    /// U+DC80..U+DCFF, see <see cref="MountText"/>) become octal escapes of the exact byte.
    /// </summary>
    public static string Literal(string? text)
    {
        if (text is null)
        {
            return "NULL";
        }

        var builder = new StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                case >= '\uDC80' and <= '\uDCFF': AppendOctal(builder, c - 0xDC00); break;
                case < ' ' or '\u007F': AppendOctal(builder, c); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A file mode in octal, as C and chmod write it (<c>0755</c>).</summary>
    public static string Mode(int mode) => "0" + Convert.ToString(mode, 8).PadLeft(3, '0');

    private static void AppendOctal(StringBuilder builder, int value) =>
        builder.Append('\\').Append(Convert.ToString(value, 8).PadLeft(3, '0'));
}
