using System.Collections.Immutable;
using MountViz.Core.Labs;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Labs;
using Tmds.Linux;

namespace MountViz.Linux.Operations;

/// <summary>
/// The directory tree a namespace sees under a lab path (like <c>tree</c>), read on the executor
/// thread inside the namespace through fds: the start is resolved inside the workspace, and every
/// step below it opens one name with <c>O_NOFOLLOW</c>, so symlinks are listed, never followed.
/// Mount points are the paths of the namespace's workspace mount table.
/// </summary>
internal sealed class FileTreeReader
{
    private readonly IReadOnlySet<string> _mountPoints;
    private readonly int _maxDepth;
    private int _budget;
    private bool _truncated;

    private FileTreeReader(IReadOnlySet<string> mountPoints, int maxDepth, int maxEntries)
    {
        _mountPoints = mountPoints;
        _maxDepth = maxDepth;
        _budget = maxEntries;
    }

    /// <summary>Reads the tree under <paramref name="labPath"/>, at most <paramref name="maxDepth"/> levels and <paramref name="maxEntries"/> entries below it.</summary>
    /// <exception cref="PathRefusedException">The path does not resolve inside the workspace.</exception>
    public static FileTree Read(LabNamespaceContext context, string labPath, IReadOnlySet<string> mountPoints, int maxDepth, int maxEntries)
    {
        var reader = new FileTreeReader(mountPoints, maxDepth, maxEntries);
        using ConfinedPath start = context.Resolve(labPath);
        string real = WorkspaceView.ToLabPath(start.AbsolutePath, context.WorkspacePath) ?? labPath;
        string name = real == "/" ? "/" : real[(real.LastIndexOf('/') + 1)..];
        (_, _, uint mode) = Syscalls.Status(start.Fd);
        ImmutableArray<FileEntry> children = [];
        if (Syscalls.IsDirectory(mode) && maxDepth > 0)
        {
            using SafeFd directory = FileCalls.OpenAt(start.Fd, ".", LibC.O_RDONLY | LibC.O_DIRECTORY, labPath);
            children = reader.ReadLevel(directory, real, 1);
        }
        else if (Syscalls.IsDirectory(mode))
        {
            reader.MarkIfNotEmpty(start.Fd);
        }

        var root = new FileEntry(MountText.ToDisplay(name), TypeName(mode), mountPoints.Contains(real), children);
        return new FileTree(labPath, root, reader._truncated);
    }

    private ImmutableArray<FileEntry> ReadLevel(SafeFd directory, string directoryPath, int depth)
    {
        List<(string Name, byte Type)> entries = FileCalls.ReadDirectory(directory, _budget + 1);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var result = ImmutableArray.CreateBuilder<FileEntry>(Math.Min(entries.Count, Math.Max(_budget, 0)));
        foreach ((string name, byte dirType) in entries)
        {
            if (_budget <= 0)
            {
                _truncated = true;
                break;
            }

            _budget--;
            string path = directoryPath == "/" ? "/" + name : directoryPath + "/" + name;
            uint mode = ModeOf(directory, name, dirType);
            ImmutableArray<FileEntry> children = [];
            if (Syscalls.IsDirectory(mode))
            {
                children = Below(directory, name, path, depth);
            }

            result.Add(new FileEntry(MountText.ToDisplay(name), TypeName(mode), _mountPoints.Contains(path), children));
        }

        return result.ToImmutable();
    }

    private ImmutableArray<FileEntry> Below(SafeFd directory, string name, string path, int depth)
    {
        SafeFd child;
        try
        {
            child = FileCalls.OpenAt(directory, name, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW, path);
        }
        catch (ErrnoException)
        {
            // Unreadable (or gone meanwhile): listed without its content.
            return [];
        }

        using (child)
        {
            if (depth >= _maxDepth)
            {
                MarkIfNotEmpty(child);
                return [];
            }

            return ReadLevel(child, path, depth + 1);
        }
    }

    private void MarkIfNotEmpty(SafeFd directory)
    {
        try
        {
            using SafeFd open = FileCalls.OpenAt(directory, ".", LibC.O_RDONLY | LibC.O_DIRECTORY);
            if (FileCalls.ReadDirectory(open, 1).Count > 0)
            {
                _truncated = true;
            }
        }
        catch (ErrnoException)
        {
            // Cannot tell; the listing is not cut by the bounds then.
        }
    }

    private static uint ModeOf(SafeFd directory, string name, byte dirType) => dirType switch
    {
        FileCalls.DirectoryType => (uint)LibC.S_IFDIR,
        FileCalls.RegularType => (uint)LibC.S_IFREG,
        FileCalls.SymlinkType => (uint)LibC.S_IFLNK,
        FileCalls.UnknownType => SafeModeAt(directory, name),
        _ => 0,
    };

    private static uint SafeModeAt(SafeFd directory, string name)
    {
        try
        {
            return FileCalls.ModeAt(directory, name);
        }
        catch (ErrnoException)
        {
            return 0;
        }
    }

    private static string TypeName(uint mode) => (mode & (uint)LibC.S_IFMT) switch
    {
        var t when t == (uint)LibC.S_IFDIR => "directory",
        var t when t == (uint)LibC.S_IFREG => "file",
        var t when t == (uint)LibC.S_IFLNK => "symlink",
        _ => "other",
    };
}
