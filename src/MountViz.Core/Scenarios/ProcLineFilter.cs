using System.Collections.Immutable;
using System.Text;

namespace MountViz.Core.Scenarios;

/// <summary>
/// Picks the lines of a /proc mount file whose mount point is a given path, as
/// <c>grep data/binding/target</c> does in the article, but by field, so a path that is a
/// prefix of another does not match it.
/// </summary>
public static class ProcLineFilter
{
    /// <summary>A path as the kernel writes it in these files: space, tab, newline and backslash as octal escapes.</summary>
    public static string Escape(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var escaped = new StringBuilder(path.Length);
        foreach (char c in path)
        {
            escaped.Append(c switch
            {
                ' ' => "\\040",
                '\t' => "\\011",
                '\n' => "\\012",
                '\\' => "\\134",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>The lines of <paramref name="text"/> (a <paramref name="file"/>) whose mount point is <paramref name="escapedPath"/>.</summary>
    public static ImmutableArray<string> LinesAbout(string text, ProcMountFile file, string escapedPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(escapedPath);
        var lines = ImmutableArray.CreateBuilder<string>();
        foreach (string line in text.Split('\n'))
        {
            string[] fields = line.Split(' ');
            bool match = file switch
            {
                // SOURCE MOUNTPOINT TYPE OPTIONS 0 0
                ProcMountFile.Mounts => fields.Length > 1 && fields[1] == escapedPath,

                // ID PARENT MAJ:MIN ROOT MOUNTPOINT ...
                ProcMountFile.MountInfo => fields.Length > 4 && fields[4] == escapedPath,

                // device SOURCE mounted on MOUNTPOINT with fstype TYPE ...
                _ => fields.Length > 5 && fields[0] == "device" && fields[2] == "mounted" && fields[3] == "on" && fields[4] == escapedPath,
            };
            if (match)
            {
                lines.Add(line);
            }
        }

        return lines.ToImmutable();
    }
}
