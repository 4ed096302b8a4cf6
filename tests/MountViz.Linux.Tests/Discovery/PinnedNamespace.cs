using MountViz.Linux.Tests.Sandboxing;

namespace MountViz.Linux.Tests.Discovery;

/// <summary>
/// A mount namespace with no process left, kept alive by an nsfs bind mount of it inside
/// another sandbox (the pin). Disposing the pin ends both.
/// </summary>
internal sealed class PinnedNamespace : IDisposable
{
    private PinnedNamespace(Sandbox pin, ulong inode)
    {
        Pin = pin;
        Inode = inode;
        PathInPin = $"{pin.Root}/nsref";
    }

    /// <summary>The sandbox whose tmpfs holds the bind mount.</summary>
    public Sandbox Pin { get; }

    /// <summary>The pinned namespace.</summary>
    public ulong Inode { get; }

    /// <summary>The bind mount's path inside the pin's namespace.</summary>
    public string PathInPin { get; }

    /// <summary>
    /// Makes two sandboxes, binds one's namespace file into the other and kills the bound one's
    /// only process. The kernel refuses a bind that could let namespaces hold each other in a
    /// loop, judging by namespace IDs (the newer may be bound into the older); on 6.18 those
    /// IDs do not follow creation order across CPUs, so both ways are tried.
    /// </summary>
    public static PinnedNamespace Create()
    {
        Sandbox first = Sandbox.Start();
        Sandbox? second = null;
        try
        {
            second = Sandbox.Start();
            foreach ((Sandbox pin, Sandbox pinned) in (ReadOnlySpan<(Sandbox, Sandbox)>)[(first, second), (second, first)])
            {
                CommandResult bind = pin.RunInside("sh", "-c", $"touch '{pin.Root}/nsref' && mount --bind /proc/{pinned.HolderPid}/ns/mnt '{pin.Root}/nsref'");
                if (bind.ExitCode == 0)
                {
                    ulong inode = NamespaceDiscoveryTests.InodeOf(pinned.Namespace);
                    pinned.Dispose();
                    return new PinnedNamespace(pin, inode);
                }
            }

            throw new InvalidOperationException("Neither sandbox's namespace file could be bind-mounted into the other.");
        }
        catch
        {
            first.Dispose();
            second?.Dispose();
            throw;
        }
    }

    public void Dispose() => Pin.Dispose();
}
