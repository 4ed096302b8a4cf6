using MountViz.Core.Model;

namespace MountViz.Web.Mounts;

/// <summary>
/// Reads the mount table of the namespace the server runs in. An interface so that tests and
/// components can be given a fixed table instead of this machine's.
/// </summary>
public interface IHostMountTableReader
{
    /// <summary>Where the table is read from, for display (e.g. <c>/proc/self/mountinfo</c>).</summary>
    string SourceName { get; }

    /// <summary>Reads and parses the table now.</summary>
    /// <exception cref="IOException">The table cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission to read the table is denied.</exception>
    MountTable Read();
}
