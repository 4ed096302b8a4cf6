using MountViz.Core.Model;
using MountViz.Linux.Procfs;

namespace MountViz.Web.Mounts;

/// <summary>Reads the server process's own <c>/proc/self/mountinfo</c>: the host namespace it runs in.</summary>
internal sealed class ProcSelfMountTableReader : IHostMountTableReader
{
    /// <inheritdoc/>
    public string SourceName => MountInfoReader.PathOf(null);

    /// <inheritdoc/>
    public MountTable Read() => MountInfoReader.ReadPid(null);
}
