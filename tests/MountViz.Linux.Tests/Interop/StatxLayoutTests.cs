using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using MountViz.Linux.Tests.Sandboxing;

namespace MountViz.Linux.Tests.Interop;

/// <summary>The statx layout the sandbox reads (stx_mnt_id sits in Tmds.LibC's private spare bytes), checked against linux/stat.h.</summary>
public sealed class StatxLayoutTests
{
    private const string Program = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/stat.h>
        int main(void)
        {
            printf("%zu %zu %zu %zu %u\n", offsetof(struct statx, stx_mnt_id), sizeof(struct statx),
                offsetof(struct statx, stx_dev_major), offsetof(struct statx, stx_dev_minor), (unsigned)STATX_MNT_ID);
            return 0;
        }
        """;

    [Fact]
    public void Offsets_and_constant_match_the_kernel_header()
    {
        DirectoryInfo work = Directory.CreateTempSubdirectory("mvz-statx-");
        try
        {
            string source = Path.Combine(work.FullName, "statx.c");
            string binary = Path.Combine(work.FullName, "statx");
            File.WriteAllText(source, Program);
            Assert.Equal(string.Empty, Run("gcc", "-o", binary, source));
            long[] values = [.. Run(binary).Split(' ', StringSplitOptions.TrimEntries).Select(v => long.Parse(v, CultureInfo.InvariantCulture))];

            Assert.Equal(
                [Statx.MountIdOffset, Statx.Size, (long)Marshal.OffsetOf<Tmds.Linux.statx>("stx_dev_major"), (long)Marshal.OffsetOf<Tmds.Linux.statx>("stx_dev_minor"), Statx.MountIdMask],
                values);
            Assert.Equal(Statx.Size, Marshal.SizeOf<Tmds.Linux.statx>());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run {file} ({e.Message}): the layout test needs gcc and the linux-libc-dev headers.", e);
        }

        using Process process = started ?? throw new InvalidOperationException($"Process.Start returned no process for {file}.");
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed ({process.ExitCode}): {output}");
        return output;
    }
}
