using Microsoft.Win32.SafeHandles;

namespace MountViz.Web.Tests.ServerKill;

/// <summary>
/// Mount namespaces kept open (<c>/proc/PID/ns/mnt</c>) while a test checks that no process is
/// left in them. A namespace that ends frees its inode number for the next new one at once, and
/// another test project running beside this one (<c>dotnet test</c> of the solution runs projects
/// in parallel; the E2E suite makes labs all the time) could put its own new lab namespace under
/// one of those numbers and be counted as a leftover. Held, the numbers stay these namespaces',
/// so a process found in one of them is a real leftover. Disposing closes them (the namespaces
/// then end, as nothing else is in them).
/// </summary>
internal sealed class HeldNamespaces : IDisposable
{
    private readonly List<SafeFileHandle> _handles = [];

    /// <summary>Opens the mount namespace of <paramref name="pid"/>, which must still be <c>mnt:[inode]</c>.</summary>
    public void Hold(int pid, ulong inode, string name)
    {
        SafeFileHandle handle = File.OpenHandle($"/proc/{pid}/ns/mnt");
        _handles.Add(handle);

        // The PID could have ended and been reused between reading its inode and opening it.
        string? target = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
        Assert.True(target == $"mnt:[{inode}]", $"holder {pid} of namespace {name} is no longer in mnt:[{inode}] (the namespace opened is {target ?? "unknown"})");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (SafeFileHandle handle in _handles)
        {
            handle.Dispose();
        }

        _handles.Clear();
    }
}
