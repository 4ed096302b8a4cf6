using System.Collections.Immutable;

namespace MountViz.Core.Labs;

/// <summary>The directory tree a namespace sees under a path (like <c>tree</c>), bounded.</summary>
/// <param name="Path">The lab path listed.</param>
/// <param name="Root">The entry for that path, with its children.</param>
/// <param name="Truncated">True when the depth or entry bound cut the listing.</param>
public sealed record FileTree(string Path, FileEntry Root, bool Truncated);

/// <summary>One directory entry.</summary>
/// <param name="Name">The entry's name (display text; non-UTF-8 bytes as octal escapes).</param>
/// <param name="Type">directory, file, symlink or other.</param>
/// <param name="IsMountPoint">True when a mount sits on this path in that namespace.</param>
/// <param name="Children">Entries of a directory, sorted by name; empty otherwise.</param>
public sealed record FileEntry(string Name, string Type, bool IsMountPoint, ImmutableArray<FileEntry> Children);
