using System.Globalization;
using MountViz.Linux.Operations;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>The filesystem magic numbers, dirent offsets and statfs layout <see cref="FileCalls"/> uses, against the C headers.</summary>
public sealed class FileCallsLayoutTests
{
    private const string Program = """
        #define _GNU_SOURCE
        #include <stdio.h>
        #include <stddef.h>
        #include <dirent.h>
        #include <sys/vfs.h>
        #include <linux/magic.h>
        #define P(name) printf("%s %llu\n", #name, (unsigned long long)(name))
        int main(void) {
            P(TMPFS_MAGIC); P(RAMFS_MAGIC); P(OVERLAYFS_SUPER_MAGIC); P(PROC_SUPER_MAGIC);
            P(DT_DIR); P(DT_REG); P(DT_LNK); P(DT_UNKNOWN);
            P(offsetof(struct dirent64, d_reclen)); P(offsetof(struct dirent64, d_type)); P(offsetof(struct dirent64, d_name));
            P(offsetof(struct statfs, f_type)); P(sizeof(((struct statfs *)0)->f_type)); P(sizeof(struct statfs));
            return 0;
        }
        """;

    private static readonly Lazy<Dictionary<string, ulong>> Header = new(Compile);

    public static TheoryData<string, ulong> Constants => new()
    {
        { "TMPFS_MAGIC", (ulong)FileCalls.TmpfsMagic },
        { "RAMFS_MAGIC", (ulong)FileCalls.RamfsMagic },
        { "OVERLAYFS_SUPER_MAGIC", (ulong)FileCalls.OverlayMagic },
        { "PROC_SUPER_MAGIC", (ulong)FileCalls.ProcMagic },
        { "DT_DIR", FileCalls.DirectoryType },
        { "DT_REG", FileCalls.RegularType },
        { "DT_LNK", FileCalls.SymlinkType },
        { "DT_UNKNOWN", FileCalls.UnknownType },
        { "offsetof(struct dirent64, d_reclen)", FileCalls.DirentRecordLength },
        { "offsetof(struct dirent64, d_type)", FileCalls.DirentType },
        { "offsetof(struct dirent64, d_name)", FileCalls.DirentName },
        { "offsetof(struct statfs, f_type)", 0 },
        { "sizeof(((struct statfs *)0)->f_type)", sizeof(long) },
    };

    [Theory]
    [MemberData(nameof(Constants))]
    public void A_constant_matches_the_C_header(string name, ulong value)
    {
        Assert.True(Header.Value.TryGetValue(name, out ulong expected), $"the C program printed no {name}");
        Assert.Equal(expected, value);
    }

    [Fact]
    public void The_statfs_buffer_holds_the_whole_struct() =>
        Assert.True(Header.Value["sizeof(struct statfs)"] <= FileCalls.StatfsBufferSize);

    private static Dictionary<string, ulong> Compile() =>
        CProgram.Print(Program).ToDictionary(p => p.Key, p => ulong.Parse(p.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
}
