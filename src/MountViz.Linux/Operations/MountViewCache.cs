using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Linux.Interop;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Operations;

/// <summary>
/// Reads lab namespaces' mount tables through their holders (as <see cref="Labs.LabSession.ReadMounts"/>
/// does) and keeps the last read of each: when a namespace's mountinfo bytes are the same as last
/// time, the parsed view is reused. An operation reads every namespace before and after it runs;
/// the "before" of one is usually the "after" of the previous one, and namespaces an operation did
/// not touch read the same after as before, so most reads skip the parse.
/// </summary>
internal sealed class MountViewCache
{
    private readonly Lock _sync = new();
    private readonly Dictionary<(string LabId, string Name), Entry> _entries = [];

    /// <summary>Reads namespace <paramref name="ns"/> now.</summary>
    /// <exception cref="LabException">The holder is gone (<see cref="LabErrorKind.HolderLost"/>).</exception>
    public LabMountView Read(LabNamespaceInfo ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        byte[] raw;
        ulong inode;
        try
        {
            raw = ProcFiles.ReadAllBytes(MountInfoReader.PathOf(ns.Pid));

            // The PID could have been reused by another process since the holder died.
            inode = Syscalls.Identity($"/proc/{ns.Pid}/ns/mnt").Inode;
        }
        catch (IOException e)
        {
            throw new LabException(LabErrorKind.HolderLost, $"Namespace {ns.Name} of lab {ns.LabId} cannot be read through its holder {ns.Pid}: {e.Message}", e);
        }

        if (inode != ns.Inode)
        {
            throw new LabException(LabErrorKind.HolderLost, $"Namespace {ns.Name} of lab {ns.LabId} has lost its holder process {ns.Pid}, so it cannot be used any more.");
        }

        var key = (ns.LabId, ns.Name);
        lock (_sync)
        {
            if (_entries.TryGetValue(key, out Entry? last) && last.Matches(ns, raw))
            {
                return last.View with { Namespace = ns };
            }
        }

        MountTable all = MountTable.Parse(raw);
        var view = new LabMountView(ns, all, WorkspaceView.Rewrite(all, ns.WorkspacePath));
        lock (_sync)
        {
            _entries[key] = new Entry(raw, view);
        }

        return view;
    }

    /// <summary>Drops what is kept for a lab, or for one namespace of it.</summary>
    public void Forget(string labId, string? name = null)
    {
        lock (_sync)
        {
            foreach ((string LabId, string Name) key in _entries.Keys.Where(k => k.LabId == labId && (name is null || k.Name == name)).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed record Entry(byte[] Raw, LabMountView View)
    {
        public bool Matches(LabNamespaceInfo ns, byte[] raw) =>
            View.Namespace.Pid == ns.Pid
            && View.Namespace.Inode == ns.Inode
            && View.Namespace.WorkspacePath == ns.WorkspacePath
            && Raw.AsSpan().SequenceEqual(raw);
    }
}
