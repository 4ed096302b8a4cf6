namespace MountViz.Core.Scenarios;

/// <summary>The three per-process files that describe a mount namespace's mounts.</summary>
public enum ProcMountFile
{
    /// <summary><c>/proc/PID/mounts</c>: fstab format (source, mount point, type, options).</summary>
    Mounts,

    /// <summary><c>/proc/PID/mountinfo</c>: IDs, root, propagation.</summary>
    MountInfo,

    /// <summary><c>/proc/PID/mountstats</c>: one <c>device ... mounted on ... with fstype ...</c> line per mount.</summary>
    MountStats,
}

/// <summary>File names for <see cref="ProcMountFile"/>.</summary>
public static class ProcMountFileNames
{
    /// <summary>mounts, mountinfo or mountstats: the file name under <c>/proc/PID/</c>, also the word scenario files use.</summary>
    public static string FileName(this ProcMountFile file) => file switch
    {
        ProcMountFile.Mounts => "mounts",
        ProcMountFile.MountInfo => "mountinfo",
        ProcMountFile.MountStats => "mountstats",
        _ => throw new ArgumentOutOfRangeException(nameof(file), file, "Not a /proc mount file."),
    };

    /// <summary>The file for a word of a scenario file, or null.</summary>
    public static ProcMountFile? Parse(string word) => word switch
    {
        "mounts" => ProcMountFile.Mounts,
        "mountinfo" => ProcMountFile.MountInfo,
        "mountstats" => ProcMountFile.MountStats,
        _ => null,
    };
}
