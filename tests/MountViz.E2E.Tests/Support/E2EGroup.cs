namespace MountViz.E2E.Tests.Support;

/// <summary>
/// Every browser test shares one real server and one Chromium, and runs one at a time: the
/// machine has 2 cores, and each test's lab is then the only one it clicks in.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class E2EGroup : ICollectionFixture<DashboardServer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Dashboard in Chromium (real server, real labs)";
}
