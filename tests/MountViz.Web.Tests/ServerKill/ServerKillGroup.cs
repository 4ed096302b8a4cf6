namespace MountViz.Web.Tests.ServerKill;

/// <summary>
/// The server-kill test runs alone: it scans every process's mount namespace for the killed
/// server's lab namespaces, and namespace inode numbers are reused at once, so another test's
/// fresh lab namespace could otherwise look like a leftover.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerKillGroup
{
    /// <summary>The collection name.</summary>
    public const string Name = "Server kill (runs alone)";
}
