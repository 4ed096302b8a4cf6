using System.Collections.Frozen;

namespace MountViz.Core.Scenarios;

/// <summary>
/// The only host files a scenario may copy into a lab, each with what to install when it is
/// missing. A short list on purpose: a scenario file must not be a way to read the host.
/// </summary>
public static class HostFileAllowList
{
    /// <summary>Host path → the package that provides it and how to install it.</summary>
    public static FrozenDictionary<string, string> Files { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/bin/busybox"] = "Debian's busybox-static package (a static binary that runs in an empty rootfs): install it with `apt-get install -y busybox-static`",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="hostPath"/> may be copied.</summary>
    public static bool Allows(string hostPath) => Files.ContainsKey(hostPath);

    /// <summary>What to install when <paramref name="hostPath"/> is missing; null for a path not on the list.</summary>
    public static string? InstallHint(string hostPath) => Files.GetValueOrDefault(hostPath);
}
