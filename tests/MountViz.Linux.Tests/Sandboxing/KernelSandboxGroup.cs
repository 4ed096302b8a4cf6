namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>
/// Tests that make mounts in sandboxes. They run one at a time (one xunit collection) and share a
/// <see cref="HostGuard"/> that fails the run if the host's mount table changed or a sandbox is left.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KernelSandboxGroup : ICollectionFixture<HostGuard>
{
    /// <summary>The collection's name, for <c>[Collection(KernelSandboxGroup.Name)]</c>.</summary>
    public const string Name = "Kernel sandboxes";
}
