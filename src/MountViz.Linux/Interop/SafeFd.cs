using System.Runtime.InteropServices;
using Tmds.Linux;

namespace MountViz.Linux.Interop;

/// <summary>An owned file descriptor (opened with <c>O_CLOEXEC</c>), closed exactly once.</summary>
internal sealed class SafeFd : SafeHandle
{
    /// <summary>Wraps <paramref name="fd"/>, taking ownership.</summary>
    public SafeFd(int fd)
        : base(new IntPtr(-1), ownsHandle: true) => SetHandle(new IntPtr(fd));

    /// <inheritdoc/>
    public override bool IsInvalid => handle == new IntPtr(-1);

    /// <summary>The descriptor number; only valid while this handle is alive.</summary>
    public int Fd => (int)handle;

    /// <summary>
    /// The path that reaches exactly this fd's object from the calling thread's procfs:
    /// <c>/proc/thread-self/fd/N</c>. Passing it to <c>mount(2)</c> acts on the object the fd
    /// was opened on, not on whatever a path names by the time of the call.
    /// </summary>
    public string ProcPath => $"/proc/thread-self/fd/{Fd}";

    /// <inheritdoc/>
    protected override bool ReleaseHandle() =>
        // close(2) must not be retried on EINTR on Linux: the fd is released either way.
        LibC.close((int)handle) == 0;
}
