using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Mountinfo;
using MountViz.Core.Operations;
using MountViz.Linux.Confinement;
using MountViz.Linux.Interop;
using MountViz.Linux.Operations;
using MountViz.Linux.Tests.Labs;
using Tmds.Linux;

namespace MountViz.Linux.Tests.Operations;

/// <summary>mkdir, touch, echo, rmdir and cd through the command language, on the real kernel.</summary>
[Collection(LabKernelGroup.Name)]
public sealed class FileOperationTests(LabTestEnvironment environment)
{
    [Fact]
    public async Task Mkdir_touch_echo_and_rmdir_change_the_workspace_and_no_mount()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        OperationResult mkdir = await lab.Ok("mkdir -p /data/binding/source /data/binding/target");
        Assert.Empty(mkdir.Changes);
        Assert.Equal("mkdir -p /data/binding/source /data/binding/target", mkdir.ShellCommand);
        Assert.Contains("mkdir(\"/data\", 0755)", mkdir.Syscall, StringComparison.Ordinal);
        Assert.Equal("base", mkdir.Namespace);
        Assert.Contains("No mount changed", mkdir.Message, StringComparison.Ordinal);

        await lab.Ok("touch /data/binding/source/a");
        OperationResult echo = await lab.Ok("echo hello > /data/binding/source/a");
        Assert.Contains("O_TRUNC", echo.Syscall, StringComparison.Ordinal);
        await lab.Ok("echo world >> /data/binding/source/a");
        await lab.Ok("echo -n 'no newline' > /data/b");
        await lab.Ok("rmdir /data/binding/target");

        string ws = lab.Workspace;
        (string a, string b, bool targetGone, uint mode) = await lab.InNamespace("base", context =>
        {
            using ConfinedPath file = context.Resolve("/data/binding/source/a");
            return (
                File.ReadAllText($"{ws}/data/binding/source/a"),
                File.ReadAllText($"{ws}/data/b"),
                !Directory.Exists($"{ws}/data/binding/target"),
                Syscalls.Status(file.Fd).Mode);
        });
        Assert.Equal("hello\nworld\n", a);
        Assert.Equal("no newline", b);
        Assert.True(targetGone);
        Assert.Equal(0x81A4u, mode); // S_IFREG | 0644

        // Nothing of it is on the host.
        Assert.Empty(Directory.EnumerateFileSystemEntries(environment.MountRoot));
    }

    [Fact]
    public async Task File_errors_come_back_as_results_with_errno_and_meaning()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir /d", "touch /d/f", "mkdir -p /m", "mount -t tmpfs t /m");

        OperationResult exists = await lab.Fails("mkdir /d", "EEXIST");
        Assert.Contains("File exists", exists.Message, StringComparison.Ordinal);
        Assert.Contains("mkdir -p", exists.Message, StringComparison.Ordinal);
        await lab.Ok("mkdir -p /d");

        OperationResult missingParent = await lab.Fails("mkdir /x/y", "ENOENT");
        Assert.Contains("'/x' does not exist in the lab", missingParent.Message, StringComparison.Ordinal);

        OperationResult fileInTheWay = await lab.Fails("mkdir -p /d/f/g", "ENOTDIR");
        Assert.Contains("ENOTDIR", fileInTheWay.Message, StringComparison.Ordinal);

        OperationResult notEmpty = await lab.Fails("rmdir /d", "ENOTEMPTY");
        Assert.Contains("Empty the directory first", notEmpty.Message, StringComparison.Ordinal);

        OperationResult mountPoint = await lab.Fails("rmdir /m", "EBUSY");
        Assert.Contains("mount point", mountPoint.Message, StringComparison.Ordinal);

        OperationResult directory = await lab.Fails("echo x > /d", "EISDIR");
        Assert.Contains("name a file inside it", directory.Message, StringComparison.Ordinal);

        // Each result is in the history, failures included, in order.
        IReadOnlyList<OperationRecord> history = lab.Operations.History(lab.Id);
        Assert.Equal(Enumerable.Range(1, history.Count), history.Select(h => h.Sequence));
        Assert.Equal("echo x > /d", history[^1].Result.ShellCommand);
        Assert.False(history[^1].Result.Ok);

        // And each recording is announced, with the entry as the history holds it.
        var announced = new List<LabHistoryEvent>();
        void OnChanged(object? sender, LabHistoryEvent e) => announced.Add(e);
        lab.Operations.HistoryChanged += OnChanged;
        try
        {
            await lab.Fails("rmdir /d", "ENOTEMPTY");
        }
        finally
        {
            lab.Operations.HistoryChanged -= OnChanged;
        }

        LabHistoryEvent recorded = Assert.Single(announced);
        Assert.Equal(lab.Id, recorded.LabId);
        Assert.Equal(lab.Operations.History(lab.Id)[^1], recorded.Record);
        Assert.Equal(history.Count + 1, recorded.Record.Sequence);
    }

    [Fact]
    public async Task Cd_sets_the_directory_relative_paths_start_from_and_must_name_a_directory()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.Ok("mkdir -p /scratch/sub");
        OperationResult cd = await lab.Ok("cd /scratch");
        Assert.Empty(cd.Changes);
        Assert.Equal("/scratch", lab.Operations.CurrentDirectory(lab.Id, "base"));

        OperationResult mkdir = await lab.Ok("mkdir -p source target");
        Assert.Equal("mkdir -p source target", mkdir.ShellCommand);
        Assert.Contains("/scratch/source", mkdir.Syscall, StringComparison.Ordinal);
        OperationResult bind = await lab.Ok("mount --bind source target");
        Assert.Equal("mount --bind source target", bind.ShellCommand);
        Assert.Equal("mount(\"/scratch/source\", \"/scratch/target\", NULL, MS_BIND, NULL)", bind.Syscall);
        Assert.Equal(["/scratch/target"], OpsLab.Added(bind, "base"));

        await lab.Ok("cd sub/..");
        Assert.Equal("/scratch", lab.Operations.CurrentDirectory(lab.Id, "base"));

        // cd must name an existing directory; the current directory stays.
        await lab.Fails("cd /nowhere", "ENOENT");
        await lab.Ok("touch /scratch/file");
        await lab.Fails("cd file", "ENOTDIR");
        Assert.Equal("/scratch", lab.Operations.CurrentDirectory(lab.Id, "base"));

        // '..' above the lab's root stays at the root, as at a process's root.
        await lab.Ok("cd ../../../..");
        Assert.Equal("/", lab.Operations.CurrentDirectory(lab.Id, "base"));

        // The same Operation value through the other overload uses the same directory.
        await lab.Ok("cd /scratch");
        OperationResult touch = await lab.Operations.ExecuteAsync(lab.Id, "base", new CreateFileOperation(["made-by-value"]));
        Assert.True(touch.Ok, touch.Message);
        Assert.True(await lab.InNamespace("base", _ => File.Exists($"{lab.Workspace}/scratch/made-by-value")));

        // A namespace made from here starts in the same directory, as a shell running unshare would.
        await lab.Ok("unshare -m --propagation private c1");
        Assert.Equal("/scratch", lab.Operations.CurrentDirectory(lab.Id, "c1"));
    }

    [Fact]
    public async Task A_line_that_does_not_parse_is_an_invalid_request_pointing_at_the_token()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        LabException error = await Assert.ThrowsAsync<LabException>(() => lab.Run("mount --bnd /a /b"));
        Assert.Equal(LabErrorKind.InvalidRequest, error.Kind);
        string[] lines = error.Message.Split('\n');
        Assert.Equal("mount --bnd /a /b", lines[0]);
        Assert.Equal("      ^^^^^", lines[1]);
        Assert.Contains("Accepted:", error.Message, StringComparison.Ordinal);
        Assert.Contains("--bind", error.Message, StringComparison.Ordinal);
        Assert.Empty(lab.Operations.History(lab.Id));

        LabException unknown = await Assert.ThrowsAsync<LabException>(() => lab.Run("frobnicate /x"));
        Assert.Contains("mkdir [-p] DIR...", unknown.Message, StringComparison.Ordinal);

        LabException noLab = await Assert.ThrowsAsync<LabException>(() => lab.Operations.ExecuteAsync("00000000", "base", "mkdir /x"));
        Assert.Equal(LabErrorKind.NotFound, noLab.Kind);
        LabException noNamespace = await Assert.ThrowsAsync<LabException>(() => lab.Run("mkdir /x", "nope"));
        Assert.Equal(LabErrorKind.NotFound, noNamespace.Kind);
        Assert.Contains("base", noNamespace.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_are_written_only_on_the_labs_own_filesystems_never_through_a_proc_mount()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);
        await lab.OkAll("base", "mkdir /p", "mount -t proc proc /p");
        string before = File.ReadAllText("/proc/sys/kernel/hostname");

        OperationResult write = await lab.Run("echo evil > /p/sys/kernel/hostname");
        Assert.False(write.Ok);
        Assert.Null(write.Errno);
        Assert.Contains("proc filesystem", write.Message, StringComparison.Ordinal);
        Assert.Contains("was refused", write.Message, StringComparison.Ordinal);

        // Also through a symlink in the workspace that leads into the proc mount.
        await lab.InNamespace("base", _ =>
        {
            File.CreateSymbolicLink($"{lab.Workspace}/hn", "/p/sys/kernel/hostname");
            return true;
        });
        OperationResult viaLink = await lab.Run("echo evil > /hn");
        Assert.False(viaLink.Ok);
        Assert.Contains("proc filesystem", viaLink.Message, StringComparison.Ordinal);
        Assert.False((await lab.Run("touch /p/newfile")).Ok);
        Assert.False((await lab.Run("mkdir /p/newdir")).Ok);
        Assert.Equal(before, File.ReadAllText("/proc/sys/kernel/hostname"));
    }

    [Fact]
    public async Task Names_that_are_not_utf8_survive_the_round_trip()
    {
        await using OpsLab lab = await OpsLab.StartAsync(environment);

        // U+DCFF carries the raw byte 0xFF (MountText's lossless encoding).
        string name = "/caf\u00e9-\udcff";
        OperationResult mkdir = await lab.Ok(new MakeDirectoryOperation([name]).ShellCommand);
        Assert.Contains("\\377", mkdir.Syscall, StringComparison.Ordinal);
        byte[] raw = await lab.InNamespace("base", context =>
        {
            using ConfinedPath root = context.Resolve("/");
            using SafeFd directory = FileCalls.OpenAt(root.Fd, ".", LibC.O_RDONLY | LibC.O_DIRECTORY);
            return MountText.Encode(FileCalls.ReadDirectory(directory, 10).Single().Name);
        });
        Assert.Equal([.. Encoding.UTF8.GetBytes("caf\u00e9-"), 0xFF], raw);
        FileTree tree = await lab.Operations.ListFilesAsync(lab.Id, "base", "/");
        Assert.Equal("caf\u00e9-\\377", Assert.Single(tree.Root.Children).Name);
    }
}
