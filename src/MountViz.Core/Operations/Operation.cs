namespace MountViz.Core.Operations;

/// <summary>
/// One thing a user does in a lab: a value that a button, a typed command
/// (<see cref="Commands.CommandParser"/>) or an API call produces, that the simulator predicts
/// and the Linux executor runs. Paths are lab paths (<see cref="LabPath"/>) as typed; relative
/// ones stay relative until <see cref="Resolve"/>. Two operations are equal when they do the
/// same thing with the same words (records compare by value).
/// </summary>
public abstract record Operation
{
    private protected Operation()
    {
    }

    /// <summary>
    /// The command as a user types it in a shell, POSIX-quoted (<c>mount --bind /a /b</c>).
    /// The command language reads it back as an equal operation.
    /// </summary>
    public abstract string ShellCommand { get; }

    /// <summary>
    /// The system calls that carry it out, as C (<c>mount("/a", "/b", NULL, MS_BIND, NULL)</c>),
    /// with the paths as they are in this value.
    /// </summary>
    public abstract IReadOnlyList<string> Syscalls { get; }

    /// <summary>The calls joined with "; ", for a single line.</summary>
    public string SyscallText => string.Join("; ", Syscalls);

    /// <summary>
    /// Every lab path the operation names (mount points, sources, overlay layers, files), in
    /// order, so that the executor can confine each of them to the workspace.
    /// </summary>
    public abstract IReadOnlyList<string> Paths { get; }

    /// <summary>
    /// The same operation with every path made absolute against <paramref name="cwd"/> and
    /// normalised lexically (see <see cref="LabPath.Resolve"/>).
    /// </summary>
    public abstract Operation Resolve(string cwd);

    /// <summary>The <see cref="ShellCommand"/>.</summary>
    public sealed override string ToString() => ShellCommand;
}
