using System.Globalization;
using System.Runtime.InteropServices;
using MountViz.Core.Operations;
using MountViz.Linux.Interop;
using Tmds.Linux;

namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// The constants, syscall numbers and struct layouts of the interop layer against the C headers:
/// a tiny C program compiled with gcc prints the real values.
/// </summary>
public sealed class InteropLayoutTests
{
    private const string Program = """
        #define _GNU_SOURCE
        #include <stdio.h>
        #include <stddef.h>
        #include <string.h>
        #include <fcntl.h>
        #include <sched.h>
        #include <sys/mount.h>
        #include <sys/syscall.h>
        #include <linux/openat2.h>
        #define P(name) printf("%s %llu\n", #name, (unsigned long long)(name))
        int main(void) {
            P(sizeof(struct open_how)); P(offsetof(struct open_how, flags));
            P(offsetof(struct open_how, mode)); P(offsetof(struct open_how, resolve));
            P(RESOLVE_NO_XDEV); P(RESOLVE_NO_MAGICLINKS); P(RESOLVE_NO_SYMLINKS); P(RESOLVE_BENEATH); P(RESOLVE_IN_ROOT);
            P(CLONE_NEWNS); P(CLONE_FS);
            P(MS_RDONLY); P(MS_NOSUID); P(MS_NODEV); P(MS_NOEXEC); P(MS_REMOUNT); P(MS_BIND); P(MS_MOVE); P(MS_REC);
            P(MS_UNBINDABLE); P(MS_PRIVATE); P(MS_SLAVE); P(MS_SHARED);
            P(MNT_FORCE); P(MNT_DETACH); P(MNT_EXPIRE); P(UMOUNT_NOFOLLOW);
            P(SYS_openat2); P(SYS_pivot_root);
            P(O_PATH); P(O_DIRECTORY); P(O_CLOEXEC); P(O_NOFOLLOW); P(O_RDONLY);
            for (int e = 1; e <= 133; e++) { const char *n = strerrorname_np(e); if (n) printf("errno%d %s\n", e, n); }
            return 0;
        }
        """;

    private static readonly Lazy<Dictionary<string, string>> Header = new(Compile);

    public static TheoryData<string, ulong> Constants => new()
    {
        { "sizeof(struct open_how)", (ulong)Marshal.SizeOf<OpenHow>() },
        { "offsetof(struct open_how, flags)", (ulong)Marshal.OffsetOf<OpenHow>(nameof(OpenHow.Flags)) },
        { "offsetof(struct open_how, mode)", (ulong)Marshal.OffsetOf<OpenHow>(nameof(OpenHow.Mode)) },
        { "offsetof(struct open_how, resolve)", (ulong)Marshal.OffsetOf<OpenHow>(nameof(OpenHow.Resolve)) },
        { "RESOLVE_NO_XDEV", (ulong)ResolveFlags.NoCrossDevice },
        { "RESOLVE_NO_MAGICLINKS", (ulong)ResolveFlags.NoMagicLinks },
        { "RESOLVE_NO_SYMLINKS", (ulong)ResolveFlags.NoSymlinks },
        { "RESOLVE_BENEATH", (ulong)ResolveFlags.Beneath },
        { "RESOLVE_IN_ROOT", (ulong)ResolveFlags.InRoot },
        { "CLONE_NEWNS", (ulong)CloneFlags.NewMountNamespace },
        { "CLONE_FS", (ulong)CloneFlags.FileSystem },
        { "MS_RDONLY", (ulong)MountFlags.ReadOnly },
        { "MS_NOSUID", (ulong)MountFlags.NoSuid },
        { "MS_NODEV", (ulong)MountFlags.NoDev },
        { "MS_NOEXEC", (ulong)MountFlags.NoExec },
        { "MS_REMOUNT", (ulong)MountFlags.Remount },
        { "MS_BIND", (ulong)MountFlags.Bind },
        { "MS_MOVE", (ulong)MountFlags.Move },
        { "MS_REC", (ulong)MountFlags.Recursive },
        { "MS_UNBINDABLE", (ulong)MountFlags.Unbindable },
        { "MS_PRIVATE", (ulong)MountFlags.Private },
        { "MS_SLAVE", (ulong)MountFlags.Slave },
        { "MS_SHARED", (ulong)MountFlags.Shared },
        { "MNT_FORCE", (ulong)UmountFlags.Force },
        { "MNT_DETACH", (ulong)UmountFlags.Detach },
        { "MNT_EXPIRE", (ulong)UmountFlags.Expire },
        { "UMOUNT_NOFOLLOW", (ulong)UmountFlags.NoFollow },
        { "SYS_openat2", (ulong)SyscallNumbers.OpenAt2 },
        { "SYS_pivot_root", (ulong)SyscallNumbers.PivotRoot },
        { "O_PATH", (ulong)LibC.O_PATH },
        { "O_DIRECTORY", (ulong)LibC.O_DIRECTORY },
        { "O_CLOEXEC", (ulong)LibC.O_CLOEXEC },
        { "O_NOFOLLOW", (ulong)LibC.O_NOFOLLOW },
        { "O_RDONLY", (ulong)LibC.O_RDONLY },
    };

    [Theory]
    [MemberData(nameof(Constants))]
    public void A_constant_matches_the_C_header(string name, ulong value)
    {
        Assert.True(Header.Value.TryGetValue(name, out string? expected), $"the C program printed no {name}");
        Assert.Equal(ulong.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Errno_names_match_strerrorname_np()
    {
        int checkedNames = 0;
        for (int errno = 1; errno <= 133; errno++)
        {
            if (Header.Value.TryGetValue($"errno{errno}", out string? name))
            {
                Assert.Equal(name, ErrnoNames.NameOf(errno));
                Assert.Equal(errno, ErrnoNames.FromName(name));
                checkedNames++;
            }
            else
            {
                Assert.StartsWith("E#", ErrnoNames.NameOf(errno), StringComparison.Ordinal);
            }
        }

        Assert.True(checkedNames > 120, $"only {checkedNames} errno names came from the C library");
        Assert.Equal(LibC.EINVAL, ErrnoNames.FromName("EINVAL"));
        Assert.Equal(LibC.EAGAIN, ErrnoNames.FromName("EWOULDBLOCK"));
        Assert.Null(ErrnoNames.FromName("ENOTANERRNO"));
    }

    private static Dictionary<string, string> Compile() => CProgram.Print(Program);
}
