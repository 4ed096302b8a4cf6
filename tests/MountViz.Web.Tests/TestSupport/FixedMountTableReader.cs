using MountViz.Core.Model;
using MountViz.Web.Mounts;

namespace MountViz.Web.Tests.TestSupport;

/// <summary>Gives the page a fixed table (or a fixed failure) instead of this machine's.</summary>
internal sealed class FixedMountTableReader(Func<MountTable> read, string sourceName = "fixture.mountinfo") : IHostMountTableReader
{
    public FixedMountTableReader(MountTable table)
        : this(() => table)
    {
    }

    public int Reads { get; private set; }

    public string SourceName { get; } = sourceName;

    public MountTable Read()
    {
        Reads++;
        return read();
    }
}
