using System.Security.Cryptography;
using MountViz.Core.Labs;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Procfs;
using MountViz.Linux.Tests.Labs;

namespace MountViz.Linux.Tests.Operations;

/// <summary>
/// No command reaches outside the workspace: '..', symlinks to host paths, absolute host paths
/// and magic links mean the lab's own paths or are refused, also while a symlink is swapped in
/// and out during the calls; the host's mount table and files stay as they were.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class EscapeTests(LabTestEnvironment environment)
{
    private static readonly byte[] HostPasswd = SHA256.HashData(File.ReadAllBytes("/etc/passwd"));

    [Fact]
    public async Task Dot_dot_and_absolute_host_paths_mean_the_labs_own_paths()
    {
        byte[] hostBefore = ProcFiles.ReadAllBytes("/proc/self/mountinfo");
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("mkdir -p /a/b");

        // The lab has no /etc: every route to it is ENOENT, explained.
        OperationResult passwd = await lab.Fails("echo pwned > /etc/passwd", "ENOENT");
        Assert.Contains("'/etc' does not exist in the lab", passwd.Message, StringComparison.Ordinal);
        await lab.Fails("echo pwned > /../../../../etc/passwd", "ENOENT");
        await lab.Ok("cd /a/b");
        await lab.Fails("echo pwned > ../../../../../../etc/passwd", "ENOENT");
        OperationResult bind = await lab.Fails("mount --bind /etc /a", "ENOENT");
        Assert.Contains("bind source '/etc' does not exist in the lab", bind.Message, StringComparison.Ordinal);
        await lab.Fails("umount /proc", "ENOENT");
        await lab.Fails("mount --make-rshared /sys", "ENOENT");

        // '..' above the root is the root: this binds the lab's own root.
        OperationResult root = await lab.Ok("mount --bind ../../../.. /a");
        MountInfo bound = Assert.Single(root.Changes).Change.Mount;
        Assert.Equal(("/a", "/", $"mountviz-lab-{lab.Id}"), (bound.MountPoint, bound.Root, bound.Source));

        // With an /etc in the lab, /etc/passwd is the lab's file.
        await lab.OkAll("base", "mkdir /etc", "echo lab-passwd > /etc/passwd");
        Assert.Equal("lab-passwd\n", await lab.InNamespace("base", _ => File.ReadAllText($"{lab.Workspace}/etc/passwd")));
        Assert.Equal(HostPasswd, SHA256.HashData(File.ReadAllBytes("/etc/passwd")));
        Assert.Equal(hostBefore, ProcFiles.ReadAllBytes("/proc/self/mountinfo"));
    }

    [Fact]
    public async Task Symlinks_to_host_directories_resolve_inside_the_workspace()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("mkdir /target");
        await lab.InNamespace("base", _ =>
        {
            File.CreateSymbolicLink($"{lab.Workspace}/etc-link", "/etc");
            File.CreateSymbolicLink($"{lab.Workspace}/rel-link", "../../../../../../../etc");
            File.CreateSymbolicLink($"{lab.Workspace}/passwd-link", "/etc/passwd");
            return true;
        });

        foreach (string command in new[] { "echo pwned > /etc-link/passwd", "echo pwned > /rel-link/passwd", "echo pwned > /passwd-link", "touch /etc-link/new", "mkdir /rel-link/new" })
        {
            OperationResult result = await lab.Run(command);
            Assert.False(result.Ok, command);
            Assert.Equal("ENOENT", result.Errno);
        }

        await lab.Fails("mount --bind /etc-link /target", "ENOENT");
        await lab.Fails("mount --bind /target /rel-link", "ENOENT");

        // Once the lab has an /etc, the links lead to it.
        await lab.Ok("mkdir /etc");
        OperationResult bind = await lab.Ok("mount --bind /etc-link /target");
        MountInfo bound = Assert.Single(bind.Changes).Change.Mount;
        Assert.Equal(("/etc", $"mountviz-lab-{lab.Id}"), (bound.Root, bound.Source));
        await lab.Ok("echo lab > /passwd-link");
        Assert.Equal("lab\n", await lab.InNamespace("base", _ => File.ReadAllText($"{lab.Workspace}/etc/passwd")));
        Assert.Equal(HostPasswd, SHA256.HashData(File.ReadAllBytes("/etc/passwd")));
    }

    [Fact]
    public async Task Magic_links_of_a_proc_in_the_lab_are_refused()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir /p /a", "mount -t proc proc /p");
        OperationResult bind = await lab.Fails("mount --bind /p/self/root /a", "ELOOP");
        Assert.Contains("magic link", bind.Message, StringComparison.Ordinal);
        OperationResult pivot = await lab.Fails("pivot_root /p/thread-self/root /p/self/root/tmp", "ELOOP");
        Assert.Contains("magic link", pivot.Message, StringComparison.Ordinal);
        Assert.Empty(bind.Changes);
    }

    [Fact]
    public async Task A_symlink_swapped_in_and_out_during_the_calls_never_leads_out()
    {
        byte[] hostBefore = ProcFiles.ReadAllBytes("/proc/self/mountinfo");
        string victim = $"/tmp/mvz-exec-victim-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        Directory.CreateDirectory($"{victim}/t");
        try
        {
            await using OpsLab lab = await OpsLab.StartAsync(environment);
            await lab.OkAll("base", "mkdir -p /sw/t /src /spare", "touch /src/marker");
            await lab.InNamespace("base", _ =>
            {
                File.CreateSymbolicLink($"{lab.Workspace}/link", victim);
                return true;
            });
            string outside = string.Join('\n', lab.Mounts().All.Mounts.Where(m => WorkspaceOf(m, lab) is null).Select(m => m.Id + " " + m.MountPoint));

            // From the host, through the holder's root: the lab's /sw is a directory, then a
            // symlink to a host directory, over and over.
            string labRoot = $"/proc/{lab.Lab.Namespaces[0].Pid}/root{lab.Workspace}";
            using var stop = new CancellationTokenSource();
            int swaps = 0;
            Task swapper = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Directory.Move($"{labRoot}/sw", $"{labRoot}/sw-dir");
                    // Directory.Move renames the symlink itself (rename(2)); it leads to a directory.
                    Directory.Move($"{labRoot}/link", $"{labRoot}/sw");
                    Directory.Move($"{labRoot}/sw", $"{labRoot}/link");
                    Directory.Move($"{labRoot}/sw-dir", $"{labRoot}/sw");
                    swaps++;
                }
            });

            int ok = 0;
            int refused = 0;
            try
            {
                for (int i = 0; i < 150; i++)
                {
                    foreach (string command in new[] { "mount --bind /src /sw/t", "echo pwned > /sw/t/file", "umount -l /sw/t", "mount -t tmpfs t /sw/t", "umount -l /sw/t" })
                    {
                        OperationResult result;
                        try
                        {
                            result = await lab.Run(command);
                        }
                        catch (LabException e) when (e.Kind == LabErrorKind.LimitReached)
                        {
                            // A lost race can leave mounts behind (the umount hit a renamed path)
                            // and the peers multiply them; the mount cap refusing is a refusal too.
                            refused++;
                            continue;
                        }

                        if (result.Ok)
                        {
                            ok++;
                            // The swapper renames /sw meanwhile, so a mount may show at /sw-dir/t; a
                            // mount on the bind of /src propagates to /src (they are peers).
                            Assert.All(result.Changes, c => Assert.True(
                                c.Change.Mount.MountPoint.StartsWith("/sw", StringComparison.Ordinal) || c.Change.Mount.MountPoint == "/src",
                                c.Change.Mount.MountPoint));
                        }
                        else
                        {
                            refused++;
                        }
                    }
                }
            }
            finally
            {
                await stop.CancelAsync();
                await swapper;
            }

            Assert.True(swaps > 10, $"only {swaps} swaps happened");
            Assert.True(ok > 0 && refused > 0, $"{ok} succeeded, {refused} refused: the race was not exercised");

            // Nothing was mounted outside the workspace in the lab, nor written into the host directory.
            string outsideAfter = string.Join('\n', lab.Mounts().All.Mounts.Where(m => WorkspaceOf(m, lab) is null).Select(m => m.Id + " " + m.MountPoint));
            Assert.Equal(outside, outsideAfter);
            Assert.Empty(Directory.EnumerateFileSystemEntries($"{victim}/t"));
        }
        finally
        {
            Directory.Delete(victim, recursive: true);
        }

        Assert.Equal(hostBefore, ProcFiles.ReadAllBytes("/proc/self/mountinfo"));
    }

    private static string? WorkspaceOf(MountInfo mount, OpsLab lab) => WorkspaceView.ToLabPath(mount.MountPoint, lab.Workspace);
}
