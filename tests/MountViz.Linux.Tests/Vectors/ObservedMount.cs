using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// A mount as the reference checker records it: ID, path relative to <c>$S</c> (a lab path),
/// root, source, the optional fields as tags, and its parent as <c>path:src</c>.
/// </summary>
/// <param name="Id">The mount ID.</param>
/// <param name="ParentId">The parent's ID when the parent is in the compared tree, else null.</param>
/// <param name="Path">The lab path (<c>/</c> is <c>$S</c>).</param>
/// <param name="Root">The mount's root within its filesystem.</param>
/// <param name="Src">The source (the workspace's own source reads as <see cref="WorkspaceSource"/>).</param>
/// <param name="Tags">Each optional field: <c>shared</c> → group, <c>master</c> → group, <c>propagate_from</c> → group, <c>unbindable</c> → null.</param>
/// <param name="On">The parent as <c>path:src</c>, or null when the parent is outside the compared tree.</param>
public sealed record ObservedMount(int Id, int? ParentId, string Path, string Root, string Src, IReadOnlyDictionary<string, string?> Tags, string? On)
{
    /// <summary>The reference's name for the tmpfs at <c>$S</c>; the lab's workspace tmpfs stands for it.</summary>
    public const string WorkspaceSource = "lab-root";

    /// <summary>
    /// Reads <paramref name="mount"/> in <paramref name="table"/> (lab paths). The source
    /// <paramref name="workspaceSource"/> (the lab's <c>mountviz-lab-ID</c>) reads as
    /// <see cref="WorkspaceSource"/>: the one name the lab cannot give its workspace.
    /// </summary>
    public static ObservedMount From(MountInfo mount, MountTable table, string? workspaceSource)
    {
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(table);
        var tags = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (string field in mount.OptionalFields)
        {
            int colon = field.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                tags[field] = null;
            }
            else
            {
                tags[field[..colon]] = field[(colon + 1)..];
            }
        }

        MountInfo? parent = mount.ParentId == mount.Id ? null : table.Find(mount.ParentId);
        return new ObservedMount(
            mount.Id,
            parent?.Id,
            mount.MountPoint,
            mount.Root,
            Alias(mount.Source, workspaceSource),
            tags,
            parent is null ? null : parent.MountPoint + ":" + Alias(parent.Source, workspaceSource));
    }

    /// <summary>The tags as a vector writes them: <c>shared:5 master:3</c>, <c>unbindable</c> or <c>private</c>.</summary>
    public string TagsText => Tags.Count == 0
        ? "private"
        : string.Join(' ', Tags.Select(t => t.Value is null ? t.Key : $"{t.Key}:{t.Value}"));

    /// <inheritdoc/>
    public override string ToString() => $"#{Id} {Path} src={Src}{(Root == "/" ? "" : " root=" + Root)} {TagsText} on={On ?? "(outside $S)"}";

    private static string Alias(string source, string? workspaceSource) =>
        workspaceSource is not null && source == workspaceSource ? WorkspaceSource : source;
}
