using System.Globalization;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// The inspector's words: the 11 mountinfo fields of a mount with their meanings (the table of
/// seed-guide.md §2) and its propagation as a sentence. Pure, so the wording is tested without a page.
/// </summary>
public static class MountFields
{
    /// <summary>The 11 fields of <paramref name="mount"/>, in line order.</summary>
    /// <param name="mount">The mount.</param>
    /// <param name="table">The table it belongs to: says whether its parent is listed.</param>
    public static IReadOnlyList<MountField> Of(MountInfo mount, MountTable table)
    {
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(table);
        string parent = mount.ParentId.ToString(CultureInfo.InvariantCulture);
        if (mount.ParentId == mount.Id)
        {
            parent += " (itself: the root of the tree)";
        }
        else if (table.IsOrphan(mount))
        {
            parent += " (not listed: outside this namespace's root)";
        }

        return
        [
            new(1, "mount ID", mount.Id.ToString(CultureInfo.InvariantCulture), "Unique ID of this mount."),
            new(2, "parent ID", parent, "The mount this one is attached to (its own ID at the root of the tree)."),
            new(3, "major:minor", mount.Device, "The device of the filesystem."),
            new(4, "root", MountText.ToDisplay(mount.Root), "Which directory of the filesystem is mounted here (not / for a bind of a subdirectory)."),
            new(5, "mount point", MountText.ToDisplay(mount.MountPoint), "Where it is mounted, relative to the process's root."),
            new(6, "mount options", MountText.ToDisplay(mount.MountOptions), "Per-mount options."),
            new(7, "optional fields", mount.OptionalFields.IsDefaultOrEmpty ? "(none)" : string.Join(' ', mount.OptionalFields), "Propagation tags: shared:N, master:N, propagate_from:N, unbindable."),
            new(8, "separator", "-", "Ends the optional fields."),
            new(9, "filesystem type", MountText.ToDisplay(mount.FsType), "The filesystem's type, e.g. ext4, tmpfs, fuse.sshfs."),
            new(10, "mount source", MountText.ToDisplay(mount.Source), "Filesystem-specific, e.g. /dev/sda1 or tmpfs."),
            new(11, "super options", MountText.ToDisplay(mount.SuperOptions), "Per-superblock options, shared by every mount of the filesystem."),
        ];
    }

    /// <summary>What the mount's propagation means for mount and unmount events, in one or two sentences.</summary>
    public static string PropagationInWords(MountInfo mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        string text = mount.Propagation switch
        {
            Propagation.Shared => $"Shared, peer group {mount.Shared}: mounts and unmounts below it propagate to every peer of group {mount.Shared}, and theirs reach it.",
            Propagation.Slave => $"Slave of peer group {mount.Master}: it receives mount events from group {mount.Master} but sends none back.",
            Propagation.SharedAndSlave => $"Shared and slave: it receives events from peer group {mount.Master} and passes them on, with its own, to its peers in group {mount.Shared}.",
            Propagation.Unbindable => "Unbindable: private (no events in or out), and it cannot be the source of a bind mount.",
            _ => "Private: it neither sends nor receives mount events.",
        };
        if (mount.PropagateFrom is int from)
        {
            text += $" propagate_from:{from}: events come from peer group {from}, the nearest dominant group this namespace can see.";
        }

        return text;
    }
}
