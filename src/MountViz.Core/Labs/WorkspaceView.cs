using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Labs;

/// <summary>
/// Translates between a namespace's own paths and lab paths, where <c>/</c> is the workspace
/// root. Pure string work on decoded (lossless) mountinfo paths.
/// </summary>
public static class WorkspaceView
{
    /// <summary>
    /// The lab path of <paramref name="namespacePath"/> when it is the workspace root or under
    /// it (<c>/run/mountviz/workspace/a</c> → <c>/a</c>); null otherwise.
    /// </summary>
    public static string? ToLabPath(string namespacePath, string workspacePath)
    {
        ArgumentNullException.ThrowIfNull(namespacePath);
        ArgumentNullException.ThrowIfNull(workspacePath);
        string root = workspacePath.Length > 1 ? workspacePath.TrimEnd('/') : workspacePath;
        if (root == "/")
        {
            return namespacePath.StartsWith('/') ? namespacePath : null;
        }

        if (namespacePath == root)
        {
            return "/";
        }

        return namespacePath.Length > root.Length
               && namespacePath[root.Length] == '/'
               && namespacePath.StartsWith(root, StringComparison.Ordinal)
            ? namespacePath[root.Length..]
            : null;
    }

    /// <summary>The namespace path of a lab path (<c>/a</c> → <c>/run/mountviz/workspace/a</c>).</summary>
    public static string ToNamespacePath(string labPath, string workspacePath)
    {
        ArgumentNullException.ThrowIfNull(labPath);
        ArgumentNullException.ThrowIfNull(workspacePath);
        if (!labPath.StartsWith('/'))
        {
            throw new ArgumentException($"A lab path starts with '/', not '{labPath}'.", nameof(labPath));
        }

        string root = workspacePath.TrimEnd('/');
        return labPath == "/" ? (root.Length == 0 ? "/" : root) : root + labPath;
    }

    /// <summary>
    /// The workspace part of <paramref name="all"/>: the mounts at or under
    /// <paramref name="workspacePath"/>, in file order, with mount points rewritten to lab
    /// paths. IDs, parents and every other field are kept, so <c>all.Find(id)</c> gives the
    /// original; the workspace root mount's parent is outside the view, so it is a root there.
    /// </summary>
    public static MountTable Rewrite(MountTable all, string workspacePath)
    {
        ArgumentNullException.ThrowIfNull(all);
        var mounts = ImmutableArray.CreateBuilder<MountInfo>();
        foreach (MountInfo mount in all.Mounts)
        {
            if (ToLabPath(mount.MountPoint, workspacePath) is string labPath)
            {
                mounts.Add(labPath == mount.MountPoint ? mount : mount with { MountPoint = labPath });
            }
        }

        return MountTable.Build(mounts.ToImmutable(), all.Diagnostics);
    }
}
