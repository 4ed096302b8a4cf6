using System.Collections.Immutable;
using MountViz.Core.Labs;

namespace MountViz.Web.Components.Dashboard;

/// <summary>A <see cref="FileTree"/> as the lines <c>tree</c> prints: the path, then each entry under its parent with box-drawing connectors.</summary>
public static class FileTreeLines
{
    /// <summary>The lines, the listed path first.</summary>
    public static IReadOnlyList<FileTreeLine> Of(FileTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var lines = new List<FileTreeLine> { new("", tree.Path, tree.Root.Type, tree.Root.IsMountPoint) };
        Add(lines, tree.Root.Children, "");
        return lines;
    }

    /// <summary>"3 directories, 2 files", as <c>tree</c> ends its listing.</summary>
    public static string Summary(FileTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        int directories = 0;
        int files = 0;
        Count(tree.Root.Children, ref directories, ref files);
        return $"{directories} {(directories == 1 ? "directory" : "directories")}, {files} {(files == 1 ? "file" : "files")}";
    }

    private static void Add(List<FileTreeLine> lines, ImmutableArray<FileEntry> children, string indent)
    {
        for (int i = 0; i < children.Length; i++)
        {
            FileEntry entry = children[i];
            bool last = i == children.Length - 1;
            lines.Add(new FileTreeLine(indent + (last ? "└── " : "├── "), entry.Name, entry.Type, entry.IsMountPoint));
            if (!entry.Children.IsDefaultOrEmpty)
            {
                Add(lines, entry.Children, indent + (last ? "    " : "│   "));
            }
        }
    }

    private static void Count(ImmutableArray<FileEntry> entries, ref int directories, ref int files)
    {
        foreach (FileEntry entry in entries.IsDefault ? [] : entries)
        {
            if (entry.Type == "directory")
            {
                directories++;
                Count(entry.Children, ref directories, ref files);
            }
            else
            {
                files++;
            }
        }
    }
}
