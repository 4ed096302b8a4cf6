using System.Collections.Frozen;

namespace MountViz.Core.Operations;

/// <summary>
/// The option strings of <c>mount -o</c>, split the way mount(8) splits them: generic VFS
/// options become <see cref="MountFlags"/>, the rest is the filesystem's data string, and
/// a few filesystems (overlay) name lab paths in their options.
/// </summary>
public static class MountOptions
{
    /// <summary>The per-mount attributes a remount sets or clears: MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC.</summary>
    public const MountFlags RemountAttributes = MountFlags.ReadOnly | MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec;

    // mount(8)'s generic options (libmount's Linux option map): each sets or clears flags.
    private static readonly FrozenDictionary<string, (MountFlags Set, MountFlags Clear)> Vfs =
        new Dictionary<string, (MountFlags Set, MountFlags Clear)>
        {
            ["ro"] = (MountFlags.ReadOnly, MountFlags.None),
            ["rw"] = (MountFlags.None, MountFlags.ReadOnly),
            ["nosuid"] = (MountFlags.NoSuid, MountFlags.None),
            ["suid"] = (MountFlags.None, MountFlags.NoSuid),
            ["nodev"] = (MountFlags.NoDev, MountFlags.None),
            ["dev"] = (MountFlags.None, MountFlags.NoDev),
            ["noexec"] = (MountFlags.NoExec, MountFlags.None),
            ["exec"] = (MountFlags.None, MountFlags.NoExec),
            ["sync"] = (MountFlags.Synchronous, MountFlags.None),
            ["async"] = (MountFlags.None, MountFlags.Synchronous),
            ["dirsync"] = (MountFlags.DirSync, MountFlags.None),
            ["noatime"] = (MountFlags.NoAtime, MountFlags.None),
            ["atime"] = (MountFlags.None, MountFlags.NoAtime),
            ["nodiratime"] = (MountFlags.NoDirAtime, MountFlags.None),
            ["diratime"] = (MountFlags.None, MountFlags.NoDirAtime),
            ["relatime"] = (MountFlags.RelAtime, MountFlags.None),
            ["norelatime"] = (MountFlags.None, MountFlags.RelAtime),
            ["strictatime"] = (MountFlags.StrictAtime, MountFlags.None),
            ["nostrictatime"] = (MountFlags.None, MountFlags.StrictAtime),
            ["lazytime"] = (MountFlags.LazyTime, MountFlags.None),
            ["nolazytime"] = (MountFlags.None, MountFlags.LazyTime),
            ["nosymfollow"] = (MountFlags.NoSymFollow, MountFlags.None),
            ["symfollow"] = (MountFlags.None, MountFlags.NoSymFollow),
            ["silent"] = (MountFlags.Silent, MountFlags.None),
            ["loud"] = (MountFlags.None, MountFlags.Silent),
            ["defaults"] = (MountFlags.None, MountFlags.ReadOnly | MountFlags.NoSuid | MountFlags.NoDev | MountFlags.NoExec | MountFlags.Synchronous),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    // Options that choose the operation rather than modify it (mount -o bind, -o remount, ...).
    private static readonly FrozenSet<string> Keywords = new[]
    {
        "bind", "rbind", "move", "remount",
        "shared", "rshared", "private", "rprivate", "slave", "rslave", "unbindable", "runbindable",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Option keys whose values are lab paths, per filesystem type.
    private static readonly FrozenDictionary<string, FrozenSet<string>> PathKeys =
        new Dictionary<string, FrozenSet<string>>
        {
            ["overlay"] = new[] { "lowerdir", "upperdir", "workdir" }.ToFrozenSet(StringComparer.Ordinal),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The generic option names mount(8) turns into flags (ro, nosuid, noatime, ...).</summary>
    public static IEnumerable<string> GenericNames => Vfs.Keys;

    /// <summary>The options that select an operation instead (bind, rbind, move, remount, [r]shared, ...).</summary>
    public static IEnumerable<string> OperationKeywords => Keywords;

    /// <summary>Splits at commas; the empty string has no options.</summary>
    public static IReadOnlyList<string> Split(string options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Length == 0 ? [] : options.Split(',');
    }

    /// <summary>Whether <paramref name="option"/> is a generic option, and which flags it sets and clears.</summary>
    public static bool TryGetFlag(string option, out MountFlags set, out MountFlags clear)
    {
        if (Vfs.TryGetValue(option, out var flags))
        {
            (set, clear) = flags;
            return true;
        }

        set = clear = MountFlags.None;
        return false;
    }

    /// <summary>Whether <paramref name="option"/> selects an operation (bind, remount, rshared, ...).</summary>
    public static bool IsOperationKeyword(string option) => Keywords.Contains(option);

    /// <summary>
    /// The flags and data mount(8) passes for a new mount with these options: generic options
    /// applied left to right, everything else kept in order as the data string (null if none).
    /// </summary>
    public static (MountFlags Flags, string? Data) ToFlagsAndData(string options)
    {
        MountFlags flags = MountFlags.None;
        var data = new List<string>();
        foreach (string option in Split(options))
        {
            if (TryGetFlag(option, out MountFlags set, out MountFlags clear))
            {
                flags = (flags & ~clear) | set;
            }
            else
            {
                data.Add(option);
            }
        }

        return (flags, data.Count == 0 ? null : string.Join(',', data));
    }

    /// <summary>Whether the option <paramref name="key"/> of filesystem <paramref name="fsType"/> names paths.</summary>
    public static bool IsPathOption(string fsType, string key) =>
        PathKeys.TryGetValue(fsType, out var keys) && keys.Contains(key);

    /// <summary>Every path named in the options (overlay's lowerdir layers, upperdir, workdir).</summary>
    public static IReadOnlyList<string> PathsIn(string fsType, string options)
    {
        var paths = new List<string>();
        MapPaths(fsType, options, path =>
        {
            paths.Add(path);
            return path;
        });
        return paths;
    }

    /// <summary>
    /// The options with every path passed through <paramref name="map"/> (overlay's lowerdir
    /// layers are separated by ':'); other options are kept as they are.
    /// </summary>
    public static string MapPaths(string fsType, string options, Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!PathKeys.ContainsKey(fsType))
        {
            return options;
        }

        var result = new List<string>();
        foreach (string option in Split(options))
        {
            int equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !IsPathOption(fsType, option[..equals]))
            {
                result.Add(option);
                continue;
            }

            string key = option[..equals];
            string[] layers = option[(equals + 1)..].Split(':');
            for (int i = 0; i < layers.Length; i++)
            {
                if (layers[i].Length > 0)
                {
                    layers[i] = map(layers[i]);
                }
            }

            result.Add(key + "=" + string.Join(':', layers));
        }

        return string.Join(',', result);
    }
}
