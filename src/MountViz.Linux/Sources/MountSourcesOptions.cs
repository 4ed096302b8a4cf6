using MountViz.Linux.Watching;

namespace MountViz.Linux.Sources;

/// <summary>Settings of <see cref="MountSources"/>.</summary>
public sealed record MountSourcesOptions
{
    /// <summary>How watchers notice changes (periodic interval, fanotify, poll) and how feeds pace batches.</summary>
    public MountWatchOptions Watch { get; init; } = new();

    /// <summary>
    /// How long a scan of the host's namespaces is reused by <see cref="MountSources.List"/>
    /// (a scan reads <c>/proc/*/ns/mnt</c> and one mountinfo per namespace).
    /// </summary>
    public TimeSpan HostScanInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The procfs to read.</summary>
    public string ProcRoot { get; init; } = "/proc";

    /// <summary>Throws when a setting is unusable.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Watch);
        Watch.Validate();
        ArgumentException.ThrowIfNullOrEmpty(ProcRoot);
        if (HostScanInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HostScanInterval), HostScanInterval, "HostScanInterval cannot be negative; use TimeSpan.Zero to scan on every call.");
        }
    }
}
