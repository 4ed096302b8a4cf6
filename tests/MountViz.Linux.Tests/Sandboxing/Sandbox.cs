using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MountViz.Core.Model;
using MountViz.Linux.Procfs;
using Tmds.Linux;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>
/// A private mount namespace for one test, kept alive by a holder process
/// (<c>setpriv --pdeathsig KILL -- unshare --mount --propagation private -- sh -c '... exec sleep infinity'</c>).
/// The holder mounts a tmpfs (source <c>mvz-sandbox</c>) on a fresh <c>/tmp/mvz-test.XXXXXX</c>
/// inside its namespace only; everything a test creates goes below <see cref="Root"/>.
/// <see cref="Dispose"/> kills the holder by PID, which ends the namespace and all its mounts,
/// and removes the scratch directory. If the test host dies instead, the kernel kills the holder
/// (see <see cref="ProcessLauncher"/>), and the next sandbox sweeps the directory.
/// </summary>
public sealed class Sandbox : IDisposable
{
    /// <summary>The source name of the sandbox's own tmpfs, as mountinfo field 10 shows it.</summary>
    public const string RootSource = "mvz-sandbox";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _holder;
    private bool _disposed;

    private Sandbox(Process holder, ProcessIdentity identity, string ns, string root)
    {
        _holder = holder;
        Holder = identity;
        Namespace = ns;
        Root = root;
        RootBytes = BytePath.Of(root);
    }

    /// <summary>The holder process; <c>nsenter -t PID -m</c> enters the sandbox.</summary>
    public int HolderPid => Holder.Pid;

    /// <summary>The holder as PID plus start time.</summary>
    public ProcessIdentity Holder { get; }

    /// <summary>The namespace's <c>/proc/PID/ns/mnt</c> link text, e.g. <c>mnt:[4026532301]</c>.</summary>
    public string Namespace { get; }

    /// <summary>The sandbox's tmpfs mount point (the same path on the host is an empty directory).</summary>
    public string Root { get; }

    /// <summary><see cref="Root"/> as bytes, to join odd names to.</summary>
    public byte[] RootBytes { get; }

    /// <summary>The holder's mountinfo path.</summary>
    public string MountInfoPath => MountInfoReader.PathOf(HolderPid);

    /// <summary>Starts a sandbox whose holder is forked by the long-lived launcher thread.</summary>
    public static Sandbox Start() => Start(ProcessLauncher.Start);

    /// <summary>
    /// Starts a sandbox whose holder is forked by <paramref name="launch"/> on the calling thread's
    /// terms (the holder dies when the thread that forks it ends).
    /// </summary>
    internal static Sandbox Start(Func<ProcessStartInfo, Process> launch)
    {
        string root = ScratchDirectory.Create();
        Process? holder = null;
        try
        {
            var start = NewStartInfo([
                .. ProcessLauncher.DieWithParent,
                "unshare", "--mount", "--propagation", "private", "--",
                "sh", "-c", $"mount -t tmpfs -o mode=0755 {RootSource} \"$1\" && echo ready && exec sleep infinity", "mvz-sandbox-holder", root,
            ]);
            try
            {
                holder = launch(start);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException($"Cannot run setpriv ({e.Message}): the sandbox needs util-linux (setpriv, unshare, nsenter, mount).", e);
            }

            Task<string?> ready = holder.StandardOutput.ReadLineAsync();
            if (!ready.Wait(StartTimeout) || ready.Result != "ready")
            {
                Kill(holder);
                throw new InvalidOperationException(
                    $"The sandbox holder did not start (exit {(holder.HasExited ? holder.ExitCode : "none")}): {holder.StandardError.ReadToEnd().Trim()}. "
                    + "It needs root and util-linux's unshare, setpriv and mount.");
            }

            ProcessIdentity identity = ProcessIdentity.Of(holder.Id)
                ?? throw new InvalidOperationException($"The sandbox holder {holder.Id} vanished right after it started.");
            string ns = NamespaceOf($"/proc/{holder.Id}/ns/mnt");
            if (ns == NamespaceOf("/proc/self/ns/mnt"))
            {
                throw new InvalidOperationException($"The sandbox holder {holder.Id} is in the host's mount namespace ({ns}); refusing to use it.");
            }

            SandboxRecord.Add(new SandboxRecord(identity, ns, root));
            return new Sandbox(holder, identity, ns, root);
        }
        catch
        {
            if (holder is not null)
            {
                Kill(holder);
                holder.Dispose();
            }

            ScratchDirectory.Delete(root);
            throw;
        }
    }

    /// <summary>Reads and parses the sandbox's mount table from outside (<c>/proc/HOLDER/mountinfo</c>).</summary>
    public MountTable ReadMountTable() => MountInfoReader.ReadPid(HolderPid);

    /// <summary>
    /// Runs <paramref name="work"/> on a new thread that has entered the sandbox's mount namespace
    /// (unshare(CLONE_FS), then setns). The thread ends with the work; nothing else changes namespace.
    /// </summary>
    public void Run(Action<NamespaceCalls> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run<object?>(calls =>
        {
            work(calls);
            return null;
        });
    }

    /// <summary>As <see cref="Run(Action{NamespaceCalls})"/>, returning what the work returns.</summary>
    public T Run<T>(Func<NamespaceCalls, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                EnterNamespace();
                result = work(new NamespaceCalls(Environment.CurrentManagedThreadId));
            }
#pragma warning disable CA1031 // Rethrown on the calling thread below.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = $"mvz-sandbox-{HolderPid}",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    /// <summary>
    /// Runs a command inside the sandbox with <c>nsenter -t HOLDER -m</c> (arguments are passed as
    /// UTF-8; use <see cref="Run(Action{NamespaceCalls})"/> for paths that are not).
    /// </summary>
    public CommandResult RunInside(params string[] argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using Process process = ProcessLauncher.Start(NewStartInfo([
            .. ProcessLauncher.DieWithParent, "nsenter", "-t", HolderPid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "--", .. argv,
        ]));
        process.StandardInput.Close();
        using var stdout = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            Kill(process);
            throw new TimeoutException($"'{string.Join(' ', argv)}' inside sandbox {HolderPid} did not finish in {CommandTimeout.TotalSeconds} s; it was killed.");
        }

        Task.WaitAll(copy, stderr);
        return new CommandResult(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    /// <summary>Kills the holder (the namespace and its mounts end with it) and removes the scratch directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill(_holder);
        _holder.Dispose();
        if (Holder.IsAlive)
        {
            throw new InvalidOperationException($"Sandbox holder {HolderPid} is still alive after SIGKILL; its scratch directory {Root} is left in place.");
        }

        ScratchDirectory.Delete(Root);
    }

    private static ProcessStartInfo NewStartInfo(IEnumerable<string> argv)
    {
        using IEnumerator<string> words = argv.GetEnumerator();
        words.MoveNext();
        var start = new ProcessStartInfo(words.Current)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        while (words.MoveNext())
        {
            start.ArgumentList.Add(words.Current);
        }

        start.Environment["LC_ALL"] = "C";
        return start;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(); // SIGKILL to this PID only.
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.WaitForExit(StartTimeout);
    }

    private static string NamespaceOf(string link) =>
        new FileInfo(link).LinkTarget ?? throw new InvalidOperationException($"{link} is not a namespace link.");

    private unsafe void EnterNamespace()
    {
        string path = $"/proc/{HolderPid}/ns/mnt";
        int fd;
        fixed (byte* p = BytePath.NullTerminated(BytePath.Of(path)))
        {
            fd = SyscallException.Check(LibC.open(p, LibC.O_RDONLY | LibC.O_CLOEXEC, 0), "open", BytePath.Of(path));
        }

        try
        {
            // Checked after open: if the holder is still the same process now, the fd is its namespace.
            if (!Holder.IsAlive)
            {
                throw new InvalidOperationException($"Sandbox holder {HolderPid} is gone; its namespace cannot be entered.");
            }

            // .NET threads share one fs_struct; setns(CLONE_NEWNS) needs this thread to have its own.
            SyscallException.Check(LibC.unshare(LibC.CLONE_FS), "unshare(CLONE_FS)");
            SyscallException.Check(LibC.setns(fd, LibC.CLONE_NEWNS), "setns(CLONE_NEWNS)", BytePath.Of(path));
        }
        finally
        {
            _ = LibC.close(fd); // Nothing to do about a failed close of a read-only fd.
        }

        string now = NamespaceOf("/proc/thread-self/ns/mnt");
        if (now != Namespace)
        {
            throw new InvalidOperationException($"After setns this thread is in {now}, not the sandbox's {Namespace}; no mount call was made.");
        }
    }
}
