using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using Tmds.Linux;

namespace MountViz.Linux.Operations;

/// <summary>
/// Runs one resolved operation on the executor thread inside its namespace (the work given to
/// <see cref="LabSession.RunInNamespaceAsync{T}"/>), and turns a refused path into a result
/// that says which path, what it was for, and why.
/// </summary>
internal static class OperationRunner
{
    /// <summary>Runs <see cref="RunInput.Operation"/>; namespace creation and deletion are not run here.</summary>
    public static RunOutcome Run(LabNamespaceContext context, RunInput input)
    {
        var work = new WorkContext(context, input);
        try
        {
            return input.Operation switch
            {
                MakeDirectoryOperation mkdir => FileWork.MakeDirectories(work, mkdir),
                CreateFileOperation touch => FileWork.CreateFiles(work, touch),
                WriteFileOperation echo => FileWork.WriteFile(work, echo),
                RemoveDirectoryOperation rmdir => FileWork.RemoveDirectories(work, rmdir),
                ChangeDirectoryOperation cd => FileWork.ChangeDirectory(work, cd),
                MountFilesystemOperation mount => MountWork.MountFileSystem(work, mount),
                BindMountOperation bind => MountWork.Bind(work, bind),
                MoveMountOperation move => MountWork.Move(work, move),
                RemountOperation remount => MountWork.Remount(work, remount),
                ChangePropagationOperation make => MountWork.ChangePropagation(work, make),
                UnmountOperation umount => UnmountWork.Run(work, umount),
                PivotRootOperation pivot => PivotRootWork.Run(work, pivot),
                _ => throw new NotSupportedException($"{input.Operation.GetType().Name} does not run inside a namespace."),
            };
        }
        catch (PathRefusedException e)
        {
            return Refusal(work, e);
        }
        catch (ErrnoException e)
        {
            // A call outside the operation's own (fstat, readlink of the fd): still the kernel's answer.
            return RunOutcome.Failed(e.Errno, e.Path is null ? $"{e.Operation}()" : $"{e.Operation}({CString.Literal(e.Path)})");
        }
    }

    private static RunOutcome Refusal(WorkContext work, PathRefusedException refusal)
    {
        string path = work.RolePath;
        string role = work.Role;
        string q = ShellQuote.Quote(path);
        (string precondition, string? fix) = refusal.Errno == LibC.ENOENT
            ? role switch
            {
                "mount point" => ("the mount point exists", $"Create it first: `mkdir -p {q}` (or `touch {q}` to bind a file onto it)."),
                "bind source" => ("the bind source exists", $"Create it first (`mkdir -p {q}`) or name an existing directory or file."),
                "mount to move" => ("the mount to move exists", "Name an existing mount point."),
                "overlay directory" => ("the overlay's directories exist", $"Create it first: `mkdir -p {q}`."),
                "new_root" or "put_old" => ($"{role} exists", $"Create it first: `mkdir -p {q}`."),
                "parent directory" or "directory holding the file" or "directory to remove" => ("the parent directory exists", "Create the parent directories first (`mkdir -p`)."),
                "directory" => ("the directory exists", $"Create it first: `mkdir -p {q}`."),
                _ => ("the path exists in the lab", null),
            }
            : ("the path stays inside the workspace", null);
        var cause = new FailureCause(precondition, $"the {role} {refusal.Message}", fix);
        return refusal.Errno is int errno
            ? RunOutcome.Failed(errno, $"resolving the {role} {path} inside the workspace", cause)
            : RunOutcome.Refused(refusal.Message, cause);
    }
}
