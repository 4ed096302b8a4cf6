namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// The lab tests: one at a time, and not in parallel with any other collection (namespace inode
/// numbers are reused at once, so concurrent kernel tests in this process would see each other's
/// namespaces and fds as their own leftovers). They share a <see cref="LabTestEnvironment"/> that
/// fails the run if the host's mount table changed or a holder, namespace or directory is left.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabKernelGroup : ICollectionFixture<LabTestEnvironment>
{
    /// <summary>The collection's name, for <c>[Collection(LabKernelGroup.Name)]</c>.</summary>
    public const string Name = "Labs on the real kernel";
}
