using System.Diagnostics;
using System.Globalization;

namespace MountViz.Linux.Tests.Labs;

/// <summary>Holders never outlive their server, even when it is killed with SIGKILL.</summary>
[Collection(LabKernelGroup.Name)]
public sealed class HolderSigkillTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task No_holder_or_namespace_remains_after_the_server_is_SIGKILLed()
    {
        string assembly = typeof(SigkillHost).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[SigkillHost.Variable] = environment.MountRoot;

        using Process server = Process.Start(start)!;
        var holders = new List<(int Pid, ulong Inode)>();
        string? labId = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (await server.StandardOutput.ReadLineAsync(timeout.Token) is string line && line != "ready")
            {
                Assert.False(line.StartsWith("failed", StringComparison.Ordinal), line);
                Assert.False(line.StartsWith("stranded", StringComparison.Ordinal), $"a thread of the server was left in a lab namespace: {line}");
                string[] parts = line.Split(' ');
                if (parts is ["lab", string id])
                {
                    labId = id;
                }

                if (parts is ["holder", string pid, string inode])
                {
                    holders.Add((int.Parse(pid, CultureInfo.InvariantCulture), ulong.Parse(inode, CultureInfo.InvariantCulture)));
                }
            }

            Assert.NotNull(labId);
            Assert.Equal(3, holders.Count);
            Assert.Equal(3, holders.Select(h => h.Inode).Distinct().Count());
            foreach ((int pid, ulong inode) in holders)
            {
                environment.Remember(inode, labId);
                Assert.True(Kernel.IsHolderOf(pid, labId));
                Assert.Equal(inode, Kernel.TryNamespaceInode(pid));
                Assert.Contains($"\nPPid:\t{server.Id}\n", File.ReadAllText($"/proc/{pid}/status"), StringComparison.Ordinal);
            }
        }
        finally
        {
            // SIGKILL: no managed cleanup runs in the server.
            server.Kill();
            await server.WaitForExitAsync();
        }

        ulong[] inodes = [.. holders.Select(h => h.Inode)];
        string lab = labId!;
        bool gone = Kernel.WaitUntil(
            () => holders.All(h => !Kernel.IsHolderOf(h.Pid, lab)) && !Kernel.OursIn(inodes, [lab]).Any(),
            TimeSpan.FromSeconds(15));
        Assert.True(gone, $"still alive after SIGKILL of the server: {string.Join(", ", Kernel.OursIn(inodes, [lab]).Select(p => $"{p.Pid} ({Kernel.CommandLine(p.Pid)})"))}");
    }
}
