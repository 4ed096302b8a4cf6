using System.Security.Cryptography;

namespace MountViz.Web.Tests.Scenarios;

/// <summary>
/// A scratch mount root for the labs of one test, and the checks that the test left nothing
/// behind: the host's mount table byte-identical, no holder process of its labs alive.
/// </summary>
internal sealed class ScenarioSandbox : IDisposable
{
    private readonly byte[] _hostMountInfo = File.ReadAllBytes("/proc/self/mountinfo");

    public string MountRoot { get; } = $"/tmp/mvz-scenario-test-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    /// <summary>PIDs of live holder processes of lab <paramref name="labId"/> (their cmdline names the lab).</summary>
    public static List<int> HoldersOf(string labId)
    {
        var pids = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid))
            {
                continue;
            }

            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains("mountviz-holder", StringComparison.Ordinal) && cmdline.Contains($"lab={labId}", StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // Exited meanwhile.
            }
        }

        return pids;
    }

    /// <summary>Waits (briefly) until lab <paramref name="labId"/> has no holder left; false if one stays.</summary>
    public static async Task<bool> HoldersGoneAsync(string labId)
    {
        for (int i = 0; i < 100; i++)
        {
            if (HoldersOf(labId).Count == 0)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    public void Dispose()
    {
        if (Directory.Exists(MountRoot))
        {
            // The engine made the (empty) mount root on the host; only lab namespaces mounted on it.
            Directory.Delete(MountRoot, recursive: true);
        }

        Assert.True(File.ReadAllBytes("/proc/self/mountinfo").AsSpan().SequenceEqual(_hostMountInfo), "the host's mount table changed during the test");
    }
}
