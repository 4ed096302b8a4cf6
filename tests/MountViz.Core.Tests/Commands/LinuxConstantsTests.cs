using System.Diagnostics;
using System.Globalization;
using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>
/// The flag and errno values are the ones of this machine's C headers (as Tmds.LibC checks its
/// constants): a small C program prints them, and they must equal ours. scripts/test installs gcc.
/// </summary>
public sealed class LinuxConstantsTests
{
    private static readonly Lazy<Dictionary<string, string>> FromC = new(CompileAndRun);

    [Fact]
    public void Mount_flags_have_the_values_of_sys_mount_h()
    {
        foreach ((MountFlags flag, string name) in MountFlagNames.MountFlagsInOrder)
        {
            Assert.True(FromC.Value.TryGetValue(name, out string? value), $"{name} is not in the C output");
            Assert.Equal(ulong.Parse(value, CultureInfo.InvariantCulture), (ulong)flag);
        }
    }

    [Fact]
    public void Umount_flags_have_the_values_of_sys_mount_h()
    {
        foreach ((UmountFlags flag, string name) in MountFlagNames.UmountFlagsInOrder)
        {
            Assert.Equal(FromC.Value[name], ((int)flag).ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Errno_numbers_and_messages_are_those_of_errno_h_and_strerror()
    {
        foreach (ErrnoInfo errno in ErrnoTable.All)
        {
            Assert.True(FromC.Value.TryGetValue(errno.Name, out string? value), $"{errno.Name} is not in the C output");
            Assert.Equal(value, errno.Number.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(FromC.Value["strerror " + errno.Name], errno.Message);
        }
    }

    private static Dictionary<string, string> CompileAndRun()
    {
        string dir = Directory.CreateTempSubdirectory("mvz-constants-").FullName;
        try
        {
            var lines = new List<string>
            {
                "#include <errno.h>",
                "#include <stdio.h>",
                "#include <string.h>",
                "#include <sys/mount.h>",
                "int main(void) {",
            };
            lines.AddRange(MountFlagNames.MountFlagsInOrder.Select(f => $"  printf(\"{f.Name}\\t%lu\\n\", (unsigned long){f.Name});"));
            lines.AddRange(MountFlagNames.UmountFlagsInOrder.Select(f => $"  printf(\"{f.Name}\\t%d\\n\", {f.Name});"));
            foreach (ErrnoInfo errno in ErrnoTable.All)
            {
                lines.Add($"  printf(\"{errno.Name}\\t%d\\n\", {errno.Name});");
                lines.Add($"  printf(\"strerror {errno.Name}\\t%s\\n\", strerror({errno.Name}));");
            }

            lines.Add("  return 0;");
            lines.Add("}");
            string source = Path.Combine(dir, "constants.c");
            string program = Path.Combine(dir, "constants");
            File.WriteAllLines(source, lines);
            Run("gcc", $"-o {program} {source}", "gcc compiles the constants program (scripts/test installs gcc)");
            string output = Run(program, "", "the constants program runs");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('\t'))
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string file, string arguments, string what)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["LC_ALL"] = "C" },
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"Expected {what}; exit code {process.ExitCode}: {stderr.Result}");
        return stdout;
    }
}
