using System.Collections.Concurrent;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>What a sandbox left on the machine while it lived, for <see cref="HostGuard"/> to check it is all gone.</summary>
/// <param name="Holder">The holder process.</param>
/// <param name="Namespace">The holder's <c>/proc/PID/ns/mnt</c> link text, e.g. <c>mnt:[4026532301]</c>.</param>
/// <param name="ScratchDirectory">The host directory the sandbox mounted its tmpfs on.</param>
public sealed record SandboxRecord(ProcessIdentity Holder, string Namespace, string ScratchDirectory)
{
    private static readonly ConcurrentQueue<SandboxRecord> Created = new();

    /// <summary>Every sandbox this test host created, in order.</summary>
    public static IReadOnlyCollection<SandboxRecord> All => Created;

    internal static void Add(SandboxRecord record) => Created.Enqueue(record);
}
