using System.Text;

namespace MountViz.Core.Operations;

/// <summary>
/// <c>mount -o remount,ro|rw[,nosuid][,nodev][,noexec][,bind] DIR</c>: changes the flags of
/// an existing mount (MS_REMOUNT). With bind (MS_REMOUNT|MS_BIND) only that mount's per-mount
/// flags change; without it the filesystem's flags change too, and filesystem options
/// (<see cref="Data"/>, e.g. tmpfs's size=) can be given.
/// <para>As with mount(2), the attributes are the complete new set: one not named is cleared
/// (<c>remount,nosuid</c> also makes the mount rw). The shell command therefore always names
/// ro or rw.</para>
/// </summary>
/// <param name="Target">The mount point.</param>
/// <param name="Attributes">The new attributes, a subset of <see cref="MountOptions.RemountAttributes"/>.</param>
/// <param name="Bind">Change only this mount's per-mount flags (MS_BIND).</param>
/// <param name="Data">Filesystem options for a plain remount, comma-separated; empty for none, and always empty with bind.</param>
public sealed record RemountOperation(string Target, MountFlags Attributes = MountFlags.None, bool Bind = false, string Data = "") : Operation
{
    /// <summary>The mount point.</summary>
    public string Target { get; } = LabPath.Check(Target, nameof(Target));

    /// <summary>The new attributes: MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC.</summary>
    public MountFlags Attributes { get; } = (Attributes & ~MountOptions.RemountAttributes) == 0
        ? Attributes
        : throw new ArgumentException(
            $"A remount sets only {MountOptions.RemountAttributes.ToC()}, not {(Attributes & ~MountOptions.RemountAttributes).ToC()}.",
            nameof(Attributes));

    /// <summary>Filesystem options for a plain remount; empty for none.</summary>
    public string Data { get; } = CheckData(Data, Bind, nameof(Data));

    /// <summary>MS_RDONLY: read-only (else read-write).</summary>
    public bool ReadOnly => Attributes.HasFlag(MountFlags.ReadOnly);

    /// <summary>MS_NOSUID.</summary>
    public bool NoSuid => Attributes.HasFlag(MountFlags.NoSuid);

    /// <summary>MS_NODEV.</summary>
    public bool NoDev => Attributes.HasFlag(MountFlags.NoDev);

    /// <summary>MS_NOEXEC.</summary>
    public bool NoExec => Attributes.HasFlag(MountFlags.NoExec);

    /// <summary>MS_REMOUNT, MS_BIND for a bind remount, and the attributes.</summary>
    public MountFlags Flags => MountFlags.Remount | (Bind ? MountFlags.Bind : MountFlags.None) | Attributes;

    /// <summary>The -o value: <c>remount,ro,nosuid,bind</c>.</summary>
    public string OptionString
    {
        get
        {
            var options = new StringBuilder("remount,").Append(ReadOnly ? "ro" : "rw");
            if (NoSuid)
            {
                options.Append(",nosuid");
            }

            if (NoDev)
            {
                options.Append(",nodev");
            }

            if (NoExec)
            {
                options.Append(",noexec");
            }

            if (Bind)
            {
                options.Append(",bind");
            }

            if (Data.Length > 0)
            {
                options.Append(',').Append(Data);
            }

            return options.ToString();
        }
    }

    /// <summary>The mount(2) call, with the path as it is in this value.</summary>
    public MountCall Call => ToCall(p => p);

    /// <inheritdoc/>
    public override string ShellCommand => ShellQuote.Command($"mount -o {ShellQuote.Quote(OptionString)}", Target);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls => [Call.ToString()];

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [Target];

    /// <summary>The mount(2) call with the mount point passed through <paramref name="mapPath"/>.</summary>
    public MountCall ToCall(Func<string, string> mapPath)
    {
        ArgumentNullException.ThrowIfNull(mapPath);
        return new MountCall(null, mapPath(Target), null, Flags, Data.Length == 0 ? null : Data);
    }

    /// <inheritdoc/>
    public override RemountOperation Resolve(string cwd) => new(LabPath.Resolve(Target, cwd), Attributes, Bind, Data);

    private static string CheckData(string data, bool bind, string paramName)
    {
        ArgumentNullException.ThrowIfNull(data, paramName);
        if (data.Length == 0)
        {
            return data;
        }

        if (bind)
        {
            throw new ArgumentException("A bind remount changes only per-mount flags; filesystem options need a plain remount.", paramName);
        }

        if (data.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("Options cannot contain a NUL character.", paramName);
        }

        foreach (string option in MountOptions.Split(data))
        {
            if (option.Length == 0 || MountOptions.IsOperationKeyword(option) || MountOptions.TryGetFlag(option, out _, out _))
            {
                throw new ArgumentException(
                    $"'{option}' is not a filesystem option (empty, an operation keyword or a generic option).", paramName);
            }
        }

        return data;
    }
}
