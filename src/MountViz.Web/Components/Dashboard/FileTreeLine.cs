namespace MountViz.Web.Components.Dashboard;

/// <summary>One line of a directory listing drawn like <c>tree</c>.</summary>
/// <param name="Prefix">The connectors before the name (<c>│   ├── </c>); empty for the listed path itself.</param>
/// <param name="Name">The entry's name (the whole path for the first line).</param>
/// <param name="Type">directory, file, symlink or other.</param>
/// <param name="IsMountPoint">A mount sits on this path in the namespace listed.</param>
public sealed record FileTreeLine(string Prefix, string Name, string Type, bool IsMountPoint);
