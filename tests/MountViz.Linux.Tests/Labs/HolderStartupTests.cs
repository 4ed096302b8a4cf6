using System.Globalization;
using MountViz.Core.Labs;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using MountViz.Linux.Namespaces;

namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// A namespace is handed out only once its holder has finished starting. Right after
/// <c>execve</c>, <c>sleep</c> already shows its holder name while the dynamic loader still opens
/// libc from the holder's root; a pivot_root in that window moved the root to the workspace and
/// the loader exited 127, so the namespace was lost ("holder lost" after pivot_root, 1 run in 8).
/// A stand-in for <c>sleep</c> that takes a second before it needs a file from its root makes
/// that window wide and the failure certain, unless readiness waits for the sleep syscall.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class HolderStartupTests(LabTestEnvironment environment)
{
    /// <summary>Longer than any pause between mkns and the next operation in this test.</summary>
    private const int SlowStartMilliseconds = 1000;

    private const string SlowSleep = """
        #include <signal.h>
        #include <time.h>
        #include <unistd.h>

        /* Stands in for sleep(1) whose dynamic loader is slow: a wait that is not a sleep syscall
           (rt_sigtimedwait), then a file it needs from its root (exit 127 without it, as ld.so
           does), then it waits in pause() as sleep infinity does. */
        int main(void)
        {
            sigset_t none;
            struct timespec slow = { SLOW_START_MS / 1000, (SLOW_START_MS % 1000) * 1000000L };
            sigemptyset(&none);
            sigtimedwait(&none, NULL, &slow);
            if (access("/usr/lib", F_OK) != 0)
                return 127;
            for (;;)
                pause();
        }
        """;

    [Fact]
    public void The_sleep_syscall_numbers_are_the_headers()
    {
        Dictionary<string, string> values = CProgram.Print("""
            #include <stdio.h>
            #include <sys/syscall.h>

            int main(void)
            {
                printf("nanosleep %d\n", SYS_nanosleep);
                printf("clock_nanosleep %d\n", SYS_clock_nanosleep);
            #ifdef SYS_pause
                printf("pause %d\n", SYS_pause);
            #else
                printf("pause %d\n", SYS_ppoll); /* glibc's pause() where there is no pause syscall */
            #endif
                printf("rt_sigtimedwait %d\n", SYS_rt_sigtimedwait);
                printf("openat %d\n", SYS_openat);
                return 0;
            }
            """);
        Assert.True(SleepSyscalls.Contains(Number(values, "nanosleep")));
        Assert.True(SleepSyscalls.Contains(Number(values, "clock_nanosleep")));
        Assert.True(SleepSyscalls.Contains(Number(values, "pause")));
        Assert.False(SleepSyscalls.Contains(Number(values, "rt_sigtimedwait")));
        Assert.False(SleepSyscalls.Contains(Number(values, "openat")));
    }

    [Fact]
    public async Task A_holder_that_starts_slowly_survives_a_pivot_root_right_after_mkns()
    {
        string directory = Directory.CreateTempSubdirectory("mvz-slow-sleep-").FullName;
        try
        {
            string sleep = Compile(directory);
            await using LabEngine engine = environment.CreateEngine(HolderCommand.Resolve() with { SleepPath = sleep });
            LabInfo lab = await engine.CreateLabAsync();
            try
            {
                await engine.CreateNamespaceAsync(lab.Id, "p", "base", NamespacePropagation.Private);
                await using LabSession session = await engine.OpenSessionAsync(lab.Id);
                await session.RunInNamespaceAsync("p", context =>
                {
                    (ConfinedPath parent, string name) = context.ResolveParent("/old");
                    using (parent)
                    {
                        Syscalls.MakeDirectoryAt(parent.Fd, name, 0b111_101_101);
                    }

                    using (ConfinedPath root = context.Resolve("/"))
                    using (ConfinedPath old = context.Resolve("/old"))
                    {
                        Syscalls.PivotRoot(root.SyscallPath, old.SyscallPath);
                    }

                    Syscalls.Unmount("/old", UmountFlags.Detach);
                    context.SetWorkspacePath("/");
                    return true;
                });

                // Past the stand-in's slow start: a holder that was still starting has exited 127 by now.
                await Task.Delay(2 * SlowStartMilliseconds);
                MountInfo top = Assert.Single(session.ReadMounts("p").All.Mounts);
                Assert.Equal("/", top.MountPoint);
                Assert.True(engine.FindLab(lab.Id)!.Find("p")!.HolderAlive);
                Assert.True(engine.FindLab(lab.Id)!.Find("base")!.HolderAlive);
            }
            finally
            {
                await engine.DeleteLabAsync(lab.Id);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static long Number(Dictionary<string, string> values, string name) =>
        long.Parse(values[name], CultureInfo.InvariantCulture);

    private static string Compile(string directory)
    {
        string source = Path.Combine(directory, "slow-sleep.c");
        string binary = Path.Combine(directory, "slow-sleep");
        File.WriteAllText(source, SlowSleep);
        (int code, _, string errors) = Kernel.Run(
            "gcc", "-Wall", "-Werror", $"-DSLOW_START_MS={SlowStartMilliseconds.ToString(CultureInfo.InvariantCulture)}", "-o", binary, source);
        Assert.True(code == 0, $"gcc failed: {errors}");
        return binary;
    }
}
