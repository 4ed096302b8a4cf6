namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>What statx(2) says about a path: the device and the mount it lies on.</summary>
/// <param name="DevMajor">stx_dev_major: the filesystem's device, as mountinfo field 3 shows it.</param>
/// <param name="DevMinor">stx_dev_minor.</param>
/// <param name="MountId">stx_mnt_id (STATX_MNT_ID): the ID that mountinfo field 1 shows.</param>
public readonly record struct PathStat(uint DevMajor, uint DevMinor, int MountId);
