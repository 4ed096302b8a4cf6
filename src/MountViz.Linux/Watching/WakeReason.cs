namespace MountViz.Linux.Watching;

/// <summary>What made a watcher re-read a namespace's mount table.</summary>
public enum WakeReason
{
    /// <summary><c>POLLPRI</c> on the namespace's <c>/proc/PID/mountinfo</c>: a mount or unmount (every kernel).</summary>
    Poll,

    /// <summary>A fanotify <c>FAN_MNT_ATTACH</c>/<c>FAN_MNT_DETACH</c> event (Linux 6.15+).</summary>
    Fanotify,

    /// <summary>The periodic re-read: catches what wakes nothing, such as propagation changes (<c>--make-*</c>).</summary>
    Periodic,

    /// <summary>A caller asked for it (<see cref="MountWatcher.RefreshAsync"/>), e.g. right after an operation.</summary>
    Refresh,
}
