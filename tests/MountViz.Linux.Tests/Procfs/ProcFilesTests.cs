using System.Globalization;
using MountViz.Core.Model;
using MountViz.Linux.Procfs;
using MountViz.Linux.Tests.Sandboxing;

namespace MountViz.Linux.Tests.Procfs;

/// <summary>Reading procfs files whole, on a real kernel.</summary>
[Collection(KernelSandboxGroup.Name)]
public sealed class ProcFilesTests
{
    private const int MountCount = 600;
    private const int FirstChunk = 64 * 1024;

    [Fact]
    public void A_mountinfo_of_several_64_KiB_chunks_is_read_to_the_end()
    {
        using Sandbox sandbox = Sandbox.Start();
        string padding = new('p', 160); // Long lines: 600 of them make well over two chunks.
        var made = sandbox.Run(calls =>
        {
            var ids = new HashSet<int>();
            for (int i = 0; i < MountCount; i++)
            {
                byte[] path = BytePath.Join(sandbox.RootBytes, $"m{i:D3} {padding}");
                calls.MakeDirectory(path);
                calls.MountTmpfs("many"u8.ToArray(), path, "size=16k");
                ids.Add(calls.Stat(path).MountId);
            }

            return ids;
        });

        byte[] bytes = ProcFiles.ReadAllBytes(sandbox.MountInfoPath);
        MountTable table = MountTable.Parse(bytes);

        Assert.True(bytes.Length > 2 * FirstChunk, $"mountinfo is only {bytes.Length} bytes");
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(bytes.Count(b => b == (byte)'\n'), table.Mounts.Length);
        Assert.Empty(table.Diagnostics);
        Assert.Subset(table.Mounts.Select(m => m.Id).ToHashSet(), made);
        Assert.Equal(MountCount, made.Count);
        Assert.Equal(MountCount, table.Mounts.Count(m => m.Source == "many"));
        Assert.Equal(File.ReadAllBytes(sandbox.MountInfoPath), bytes); // .NET's own reader of size-0 files agrees.
        Assert.Equal(table.Mounts.Length, MountInfoReader.ReadPid(sandbox.HolderPid).Mounts.Length);
    }

    [Fact]
    public void Reading_the_mountinfo_of_a_pid_that_does_not_exist_throws_DirectoryNotFoundException()
    {
        // No PID exceeds pid_max, so /proc/<pid_max + 1> never exists. The directory /proc/PID is
        // what is missing, so .NET reports DirectoryNotFoundException (a FileNotFoundException
        // would mean the process exists without a mountinfo). Both are IOExceptions.
        int pid = int.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture) + 1;

        var error = Assert.Throws<DirectoryNotFoundException>(() => MountInfoReader.ReadPid(pid));
        Assert.Contains($"/proc/{pid}/mountinfo", error.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => ProcFiles.ReadAllBytes($"/proc/{pid}/mountinfo"));
    }

    [Fact]
    public void Reading_the_mountinfo_of_a_holder_that_was_killed_throws_DirectoryNotFoundException()
    {
        Sandbox sandbox = Sandbox.Start();
        int pid = sandbox.HolderPid;
        Assert.NotEmpty(MountInfoReader.ReadPid(pid).Mounts);

        sandbox.Dispose();

        Assert.Throws<DirectoryNotFoundException>(() => MountInfoReader.ReadPid(pid));
    }
}
