using MountViz.Core.Labs;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// A namespace that pivot_roots into its workspace (the article's experiment B) stays usable:
/// the executor goes in and comes home, paths resolve without a /proc, the view follows the new
/// root, and a clone of it (whose root has no holder programs) fails with a clear error.
/// </summary>
[Collection(LabKernelGroup.Name)]
public sealed class PivotRootTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task A_namespace_that_pivot_roots_into_the_workspace_keeps_working()
    {
        byte[] hostBefore = ProcFiles.ReadAllBytes("/proc/self/mountinfo");
        await using LabEngine engine = environment.CreateEngine();
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            LabNamespaceInfo p = await engine.CreateNamespaceAsync(lab.Id, "p", "base", NamespacePropagation.Private);
            await using LabSession session = await engine.OpenSessionAsync(lab.Id);
            string[] seen = await session.RunInNamespaceAsync<string[]>("p", context =>
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

                // The thread's root moved with the namespace's: detach the old root, then '/' is the workspace.
                Syscalls.Unmount("/old", UmountFlags.Detach);
                context.SetWorkspacePath("/");
                using ConfinedPath now = context.Resolve("/old");
                return [now.AbsolutePath, now.SyscallPath];
            });
            Assert.Equal(["/old", "/old"], seen);

            // Home again, and back in: resolution needs no /proc in the namespace.
            Assert.Equal(LabTestEnvironment.HostInode, await engine.Executor.RunAsync(engine.Executor.CurrentInode));
            Assert.Equal("/", await session.RunInNamespaceAsync("p", context =>
            {
                using ConfinedPath root = context.Resolve("/../..");
                return root.AbsolutePath;
            }));

            // The holder's view follows the new root: the workspace tmpfs is '/', nothing of the host is left.
            LabMountView view = session.ReadMounts("p");
            MountInfo top = Assert.Single(view.All.Mounts);
            Assert.Equal("/", top.MountPoint);
            Assert.Equal($"mountviz-lab-{lab.Id}", top.Source);
            Assert.Equal(view.All.Mounts.Select(m => (m.Id, m.MountPoint)), view.Workspace.Mounts.Select(m => (m.Id, m.MountPoint)));
            Assert.Equal("/", engine.FindLab(lab.Id)!.Find("p")!.WorkspacePath);

            // The base namespace is untouched.
            Assert.Equal(environment.WorkspacePath, session.ReadMounts("base").Original(session.ReadMounts("base").Workspace.Mounts[0])!.MountPoint);

            // Its root holds no setpriv/bash/sleep for a holder: cloning it is a clear error, and the executor comes home.
            LabException clone = await Assert.ThrowsAsync<LabException>(() => session.CreateNamespaceAsync("q", "p", NamespacePropagation.Unchanged));
            Assert.Equal(LabErrorKind.KernelError, clone.Kind);
            Assert.Contains("holder", clone.Message, StringComparison.Ordinal);
            Assert.Equal(LabTestEnvironment.HostInode, await engine.Executor.RunAsync(engine.Executor.CurrentInode));
            Assert.Equal(2, engine.FindLab(lab.Id)!.Namespaces.Length);
            Assert.True(Kernel.IsHolderOf(p.Pid, lab.Id));
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }

        Assert.Equal(hostBefore, ProcFiles.ReadAllBytes("/proc/self/mountinfo"));
    }
}
