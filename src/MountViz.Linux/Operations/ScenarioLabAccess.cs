using System.Globalization;
using MountViz.Core.Labs;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Core.Scenarios;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using MountViz.Linux.Procfs;
using Tmds.Linux;

namespace MountViz.Linux.Operations;

/// <summary>
/// What scenarios need beyond lab operations (<see cref="IScenarioLabAccess"/>): a namespace
/// holder's /proc mount files, a file's bytes as the namespace sees it, and copying an
/// allow-listed host file (busybox) into the workspace. Files are read and written on the
/// executor thread inside the namespace, confined to the workspace as every lab file is
/// (<c>openat2(RESOLVE_IN_ROOT)</c>), and only on the lab's tmpfs, ramfs or overlay mounts.
/// Holds the lab's session throughout, so it queues with lab operations.
/// </summary>
public sealed class ScenarioLabAccess : IScenarioLabAccess
{
    private const ResolveFlags Confined = ResolveFlags.InRoot | ResolveFlags.NoMagicLinks;

    // rwxr-xr-x: the copies are programs (busybox) that a shell in the pivoted namespace runs.
    private const ushort ExecutableMode = 0x1ED;

    private readonly LabEngine _engine;

    /// <summary>Creates the access over <paramref name="engine"/>.</summary>
    public ScenarioLabAccess(LabEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <inheritdoc/>
    public Task<string> ReadProcFileAsync(string labId, string namespaceName, ProcMountFile file, CancellationToken cancellationToken = default)
    {
        LabInfo lab = _engine.FindLab(labId) ?? throw new LabException(LabErrorKind.NotFound, $"There is no lab {labId}.");
        LabNamespaceInfo ns = lab.Find(namespaceName) ?? throw new LabException(LabErrorKind.NotFound, $"Lab {labId} has no namespace named '{namespaceName}'.");
        string path = string.Create(CultureInfo.InvariantCulture, $"/proc/{ns.Pid}/{file.FileName()}");
        try
        {
            return Task.FromResult(MountText.Decode(ProcFiles.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LabException(LabErrorKind.HolderLost, $"{path} of namespace {namespaceName} (lab {labId}) could not be read: {e.Message} The holder process may have ended.", e);
        }
    }

    /// <inheritdoc/>
    public async Task<byte[]> ReadFileAsync(string labId, string namespaceName, string labPath, int maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        LabSession session = await _engine.OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        using (session)
        {
            return await session.RunInNamespaceAsync(namespaceName, context =>
            {
                try
                {
                    using ConfinedPath file = context.Resolve(labPath);
                    (_, _, uint mode) = Syscalls.Status(file.Fd);
                    if (!WorkContext.IsRegularFile(mode))
                    {
                        throw new LabException(LabErrorKind.InvalidRequest, $"{labPath} is not a regular file in namespace {namespaceName}; only regular files are read.");
                    }

                    // Re-opened through the verified O_PATH fd: exactly the checked file.
                    byte[] content = FileCalls.ReadAll(context.Proc, $"thread-self/fd/{file.Fd.Fd}");
                    return content.Length <= maxBytes
                        ? content
                        : throw new LabException(LabErrorKind.InvalidRequest, string.Create(CultureInfo.InvariantCulture, $"{labPath} holds {content.Length} bytes, more than the {maxBytes} read here."));
                }
                catch (PathRefusedException e)
                {
                    throw new LabException(e.Errno == LibC.ENOENT ? LabErrorKind.NotFound : LabErrorKind.InvalidRequest, e.Message, e);
                }
                catch (ErrnoException e)
                {
                    throw new LabException(LabErrorKind.KernelError, $"{labPath} could not be read in namespace {namespaceName}: {e.Message}", e);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task CopyHostFileAsync(string labId, string namespaceName, string hostPath, string labPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        ArgumentNullException.ThrowIfNull(labPath);
        if (!HostFileAllowList.Allows(hostPath))
        {
            throw new LabException(LabErrorKind.InvalidRequest, $"{hostPath} may not be copied into a lab; only {string.Join(", ", HostFileAllowList.Files.Keys)} may.");
        }

        if (!LabPath.IsAbsolute(labPath))
        {
            throw new LabException(LabErrorKind.InvalidRequest, $"The copy's target must be an absolute lab path, not '{labPath}'.");
        }

        byte[] content;
        try
        {
            // Read in the server's own namespace: the host file, before any lab path is touched.
            content = await File.ReadAllBytesAsync(hostPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new LabException(LabErrorKind.NotFound, $"{hostPath} does not exist on this machine, so it cannot be copied into the lab. It comes from {HostFileAllowList.InstallHint(hostPath)}.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LabException(LabErrorKind.KernelError, $"{hostPath} could not be read: {e.Message}", e);
        }

        LabSession session = await _engine.OpenSessionAsync(labId, cancellationToken).ConfigureAwait(false);
        using (session)
        {
            await session.RunInNamespaceAsync(namespaceName, context => Write(context, labPath, content), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Write(LabNamespaceContext context, string labPath, byte[] content)
    {
        try
        {
            (ConfinedPath parent, _) = context.ResolveParent(labPath);
            using (parent)
            {
                if (WorkContext.CheckLabFileSystem(parent.Fd, labPath) is RunOutcome refused)
                {
                    throw new LabException(LabErrorKind.InvalidRequest, refused.Refusal ?? $"{labPath} is not on a lab filesystem.");
                }
            }

            using ConfinedPath root = context.Resolve("/");
            int raw = Syscalls.TryOpenAt2(root.Fd, labPath.TrimStart('/'), LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW, ExecutableMode, Confined, out int errno);
            if (raw < 0)
            {
                throw new LabException(
                    errno == LibC.EEXIST ? LabErrorKind.Conflict : LabErrorKind.KernelError,
                    $"{labPath} could not be created: {ErrnoNames.NameOf(errno)} ({ErrnoNames.Describe(errno)}).{(errno == LibC.EEXIST ? " The copy makes a new file; choose a path where nothing is." : "")}");
            }

            using var fd = new SafeFd(raw);

            // Defence in depth, as for echo: what was created is in the workspace, on a lab filesystem.
            string absolute = Syscalls.ReadLink(context.Proc, $"thread-self/fd/{fd.Fd}");
            if (WorkspaceView.ToLabPath(absolute, context.WorkspacePath) is null)
            {
                throw new LabException(LabErrorKind.InvalidRequest, $"{labPath} resolved to {absolute}, outside the workspace; refused.");
            }

            if (WorkContext.CheckLabFileSystem(fd, labPath) is RunOutcome notLab)
            {
                throw new LabException(LabErrorKind.InvalidRequest, notLab.Refusal ?? $"{labPath} is not on a lab filesystem.");
            }

            FileCalls.Write(fd, content, labPath);
            return true;
        }
        catch (PathRefusedException e)
        {
            throw new LabException(e.Errno == LibC.ENOENT ? LabErrorKind.NotFound : LabErrorKind.InvalidRequest, e.Message, e);
        }
        catch (ErrnoException e)
        {
            throw new LabException(LabErrorKind.KernelError, $"{labPath} could not be written: {e.Message}", e);
        }
    }
}
