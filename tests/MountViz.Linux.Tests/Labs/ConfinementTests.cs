using System.Diagnostics;
using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using Tmds.Linux;

namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// Lab paths resolve inside the workspace, from inside the lab namespace: '..', absolute and
/// relative symlinks, magic links and a symlink swapped in during resolution cannot reach the
/// host's files.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class ConfinementTests(LabTestEnvironment environment)
{
    private static readonly (ulong Device, ulong Inode) HostEtc = Syscalls.Identity("/etc");
    private static readonly (ulong Device, ulong Inode) HostPasswd = Syscalls.Identity("/etc/passwd");

    [Fact]
    public async Task Dot_dot_and_symlinks_out_of_the_workspace_stay_inside_it()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await using LabSession session = await engine.OpenSessionAsync(lab.Id);
            string ws = environment.WorkspacePath;
            List<string> outcomes = await session.RunInNamespaceAsync("base", context =>
            {
                // Test setup with plain .NET file APIs: on the executor thread they act in the lab namespace.
                File.CreateSymbolicLink($"{ws}/abs", "/etc");
                File.CreateSymbolicLink($"{ws}/rel", "../../../../../../../etc");
                File.CreateSymbolicLink($"{ws}/procroot", "/proc/self/root");
                File.CreateSymbolicLink($"{ws}/host-passwd", "/etc/passwd");

                var results = new List<string>();
                foreach (string path in new[] { "/../../../etc/passwd", "/abs/passwd", "/rel/passwd", "/etc/passwd", "/host-passwd", "/procroot/etc/passwd" })
                {
                    results.Add(Refusal(context, path));
                }

                return results;
            });
            Assert.All(outcomes, o => Assert.StartsWith("ENOENT:", o, StringComparison.Ordinal));
            Assert.Contains("inside the workspace", outcomes[0], StringComparison.Ordinal);

            // Once the workspace has an /etc, every one of those routes leads to it, never to the host's /etc.
            List<(string Path, string Absolute, ulong Device, ulong Inode)> resolved = await session.RunInNamespaceAsync("base", context =>
            {
                Directory.CreateDirectory($"{ws}/etc");
                var results = new List<(string, string, ulong, ulong)>();
                foreach (string path in new[] { "/abs", "/rel", "/../../etc", "/etc/../../..", "/etc", "/rel/../../etc" })
                {
                    using ConfinedPath confined = context.Resolve(path);
                    (ulong device, ulong inode) = Syscalls.Identity(confined.Fd);
                    results.Add((path, confined.AbsolutePath, device, inode));
                }

                return results;
            });
            (ulong Device, ulong Inode) workspaceEtc = (resolved[0].Device, resolved[0].Inode);
            foreach ((string path, string absolute, ulong device, ulong inode) in resolved)
            {
                Assert.NotEqual(HostEtc, (device, inode));
                Assert.True(absolute == ws || absolute.StartsWith(ws + "/", StringComparison.Ordinal), $"{path} resolved to {absolute}");
                if (path != "/etc/../../..")
                {
                    Assert.Equal(workspaceEtc, (device, inode));
                    Assert.Equal($"{ws}/etc", absolute);
                }
            }

            Assert.Equal(ws, resolved[3].Absolute);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Magic_links_of_a_proc_mounted_in_the_workspace_are_refused()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await using LabSession session = await engine.OpenSessionAsync(lab.Id);
            string ws = environment.WorkspacePath;
            List<string> outcomes = await session.RunInNamespaceAsync("base", context =>
            {
                Directory.CreateDirectory($"{ws}/proc");
                Syscalls.Mount("proc", $"{ws}/proc", "proc", MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec, null);
                File.CreateSymbolicLink($"{ws}/procroot", "/proc/self/root");
                var results = new List<string>();
                foreach (string path in new[] { "/proc/self/root/etc/passwd", "/proc/1/root", "/proc/self/cwd", "/proc/thread-self/root/etc", "/procroot/etc", "/proc/self/fd/0" })
                {
                    results.Add(Refusal(context, path));
                }

                // An ordinary file of that proc is fine: it is inside the workspace.
                using ConfinedPath version = context.Resolve("/proc/version");
                results.Add(version.AbsolutePath);
                return results;
            });
            // /proc/1/root may already fail the ptrace access check (EACCES) before the magic-link rule.
            Assert.All(outcomes.Take(6), o => Assert.True(o.StartsWith("ELOOP:", StringComparison.Ordinal) || (o.StartsWith("EACCES:", StringComparison.Ordinal) && o.Contains("/proc/1/root", StringComparison.Ordinal)), o));
            Assert.Contains("magic link", outcomes[0], StringComparison.Ordinal);
            Assert.Equal($"{ws}/proc/version", outcomes[6]);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task Malformed_paths_and_parents_are_refused_with_a_reason()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await using LabSession session = await engine.OpenSessionAsync(lab.Id);
            string ws = environment.WorkspacePath;
            List<string> messages = await session.RunInNamespaceAsync("base", context =>
            {
                File.WriteAllText($"{ws}/file", "x");
                var results = new List<string>();
                foreach (Action attempt in new Action[]
                         {
                             () => context.Resolve("etc"),
                             () => context.Resolve("/a\0b"),
                             () => context.ResolveParent("/"),
                             () => context.ResolveParent("/x/.."),
                             () => context.ResolveParent("/file/x"),
                             () => context.Resolve("/file/x"),
                         })
                {
                    try
                    {
                        attempt();
                        results.Add("accepted");
                    }
                    catch (PathRefusedException e)
                    {
                        results.Add(e.Message);
                    }
                }

                // The root resolves to the workspace; a parent split gives the directory and the name.
                using ConfinedPath root = context.Resolve("/");
                results.Add(root.AbsolutePath);
                (ConfinedPath parent, string name) = context.ResolveParent("/new/");
                using (parent)
                {
                    results.Add($"{parent.AbsolutePath}|{name}|{parent.IsDirectory}");
                }

                return results;
            });
            Assert.Contains("relative", messages[0], StringComparison.Ordinal);
            Assert.Contains("NUL", messages[1], StringComparison.Ordinal);
            Assert.Contains("workspace root", messages[2], StringComparison.Ordinal);
            Assert.Contains("'..'", messages[3], StringComparison.Ordinal);
            Assert.Contains("not a directory", messages[4], StringComparison.Ordinal);
            Assert.Contains("ENOTDIR", messages[5], StringComparison.Ordinal);
            Assert.Equal(ws, messages[6]);
            Assert.Equal($"{ws}|new|True", messages[7]);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    [Fact]
    public async Task A_symlink_swapped_in_during_resolution_never_leads_out()
    {
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        string ws = environment.WorkspacePath;
        int holder = lab.Namespaces[0].Pid;
        try
        {
            await using LabSession session = await engine.OpenSessionAsync(lab.Id);
            await session.RunInNamespaceAsync("base", _ => Directory.CreateDirectory($"{ws}/etc").Exists);

            // Inside the lab namespace, flip /swap between a directory and symlinks to the host's /etc
            // and to far above the root, for a bounded time (it ends by itself even if this test dies).
            string script =
                $"cd {ws} && end=$((SECONDS+20)); while [ $SECONDS -lt $end ]; do " +
                "mkdir -p d/passwd; ln -sfn /etc s1; ln -sfn ../../../../../../etc s2; " +
                "mv -Tf d swap 2>/dev/null; mv -Tf s1 swap; mkdir -p d/passwd; mv -Tf s2 swap; rm -rf swap; done";
            using Process swapper = Process.Start(new ProcessStartInfo("nsenter", ["-t", $"{holder}", "-m", "bash", "-c", script]))!;
            try
            {
                (int Resolved, int Refused, List<string> Escapes) outcome = await session.RunInNamespaceAsync("base", context =>
                {
                    int resolved = 0, refused = 0;
                    var escapes = new List<string>();
                    var clock = Stopwatch.StartNew();
                    while (clock.Elapsed < TimeSpan.FromSeconds(2) || resolved < 50)
                    {
                        try
                        {
                            using ConfinedPath path = context.Resolve("/swap/passwd");
                            resolved++;
                            if (Syscalls.Identity(path.Fd) == HostPasswd || !path.AbsolutePath.StartsWith(ws + "/", StringComparison.Ordinal))
                            {
                                escapes.Add(path.AbsolutePath);
                            }
                        }
                        catch (PathRefusedException)
                        {
                            refused++;
                        }

                        if (clock.Elapsed > TimeSpan.FromSeconds(15))
                        {
                            break;
                        }
                    }

                    return (resolved, refused, escapes);
                });
                Assert.Empty(outcome.Escapes);
                Assert.True(outcome.Resolved > 0, $"nothing resolved ({outcome.Refused} refusals)");
            }
            finally
            {
                swapper.Kill();
                swapper.WaitForExit();
            }
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }

        Assert.False(Kernel.IsHolderOf(holder, lab.Id));
    }

    private static string Refusal(LabNamespaceContext context, string path)
    {
        try
        {
            using ConfinedPath resolved = context.Resolve(path);
            return $"resolved to {resolved.AbsolutePath}";
        }
        catch (PathRefusedException e)
        {
            Assert.Equal(path, e.LabPath);
            return $"{e.ErrnoName}: {e.Message}";
        }
    }

    [Fact]
    public void Errno_of_a_failed_open_carries_name_meaning_and_path()
    {
        ErrnoException e = Assert.Throws<ErrnoException>(() => Syscalls.Open("/nonexistent-mountviz-path/x", LibC.O_RDONLY));
        Assert.Equal(LibC.ENOENT, e.Errno);
        Assert.Equal("ENOENT", e.ErrnoName);
        Assert.Equal("No such file or directory", e.Description);
        Assert.Equal("/nonexistent-mountviz-path/x", e.Path);
        Assert.Equal("open /nonexistent-mountviz-path/x failed: ENOENT (No such file or directory)", e.Message);
        Assert.Equal("E#4242", new ErrnoException("x", 4242).ErrnoName);
    }
}
