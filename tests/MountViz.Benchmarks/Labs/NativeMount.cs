using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

namespace MountViz.Benchmarks.Labs;

/// <summary>
/// mount(2) called directly, as a program other than MountViz would (MountViz.Linux keeps its
/// own syscall layer internal). Called on the lab's executor thread, so it acts in that
/// namespace: an "outside" change as far as the watcher knows.
/// </summary>
internal static class NativeMount
{
    /// <summary>Mounts a small tmpfs at <paramref name="target"/>.</summary>
    /// <exception cref="Win32Exception">The kernel refused.</exception>
    public static void Tmpfs(string source, string target)
    {
        if (mount(Z(source), Z(target), Z("tmpfs"), 0, Z("size=64k")) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"mount -t tmpfs {source} {target} failed: errno {errno}");
        }
    }

    private static byte[] Z(string text) => Encoding.UTF8.GetBytes(text + "\0");

    [DllImport("libc.so.6", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport's generated marshalling needs unsafe code, which this project does not enable.
    private static extern int mount(byte[] source, byte[] target, byte[] fileSystemType, nuint flags, byte[] data);
#pragma warning restore SYSLIB1054
}
