using MountViz.Core.Model;
using MountViz.Core.Mountinfo;
using MountViz.Linux.Tests.Sandboxing;
using Tmds.Linux;
using static MountViz.Linux.Tests.Sandboxing.BytePath;

namespace MountViz.Linux.Tests.Procfs;

/// <summary>
/// Class fixture: one sandbox in which the test creates mounts at paths with space, tab, newline,
/// backslash and bytes that are not UTF-8; sources with the same and <c>#</c>; a bind of a
/// subdirectory; mount flags and a read-only mount and bind; a shared mount with a peer, a slave
/// and a shared+slave bind and a mount propagated to all of them; an unbindable mount; an
/// over-mount (with a child under the covered one) and a mount over a directory above a mount.
/// The mountinfo is read before and after.
/// </summary>
public sealed class OddMountsScenario : IDisposable
{
    private const string SizeAndMode = "size=1m,mode=0750";
    private static readonly string[] SizeAndModeShown = ["size=1024k", "mode=750"];
    private static readonly byte[] Slash = Of("/");

    /// <summary>Directory names with every byte mountinfo escapes, and bytes that are not UTF-8.</summary>
    public static IReadOnlyList<(string Label, byte[] Name)> OddNames { get; } =
    [
        ("space", "sp ace"u8.ToArray()),
        ("tab", "t\tab"u8.ToArray()),
        ("newline", "new\nline"u8.ToArray()),
        ("backslash", "back\\slash"u8.ToArray()),
        ("invalid UTF-8", [.. "bad"u8, 0xFF, 0xFE, .. "utf8"u8]),
        ("all at once", [.. "all \t\n\\"u8, 0xFF, 0xFE, .. "#\u00e9"u8, 0x80]),
    ];

    /// <summary>Starts the sandbox and makes the mounts.</summary>
    public OddMountsScenario()
    {
        Sandbox = Sandbox.Start();
        try
        {
            Before = Sandbox.ReadMountTable();
            Expected = Sandbox.Run(Build);
            After = Sandbox.ReadMountTable();
        }
        catch
        {
            Sandbox.Dispose();
            throw;
        }
    }

    /// <summary>The sandbox the mounts live in.</summary>
    public Sandbox Sandbox { get; }

    /// <summary>The sandbox's table before the test made anything.</summary>
    public MountTable Before { get; }

    /// <summary>The sandbox's table after.</summary>
    public MountTable After { get; }

    /// <summary>Every mount the test made or caused, with what mountinfo must say.</summary>
    public IReadOnlyList<ExpectedMount> Expected { get; private set; } = [];

    /// <summary>The errno of binding the unbindable mount (EINVAL, 22, expected), or null if it succeeded.</summary>
    public int? UnbindableBindErrno { get; private set; }

    /// <summary>The expected mount with this label.</summary>
    public ExpectedMount this[string label] => Expected.Single(e => e.Label == label);

    /// <inheritdoc/>
    public void Dispose() => Sandbox.Dispose();

    private List<ExpectedMount> Build(NamespaceCalls calls)
    {
        byte[] root = Sandbox.RootBytes;
        var made = new List<ExpectedMount>();

        foreach ((string label, byte[] name) in OddNames)
        {
            byte[] path = Join(root, name);
            byte[] source = [.. "lab src:"u8, .. name];
            calls.MakeDirectory(path);
            made.Add(Record(calls, label, path, () => calls.MountTmpfs(source, path, SizeAndMode), Slash, source, "rw,relatime", ["rw", .. SizeAndModeShown]));
        }

        byte[] nested = Join(Join(root, OddNames[2].Name), [.. "in"u8, 0xFE, .. "ner"u8]);
        calls.MakeDirectory(nested);
        made.Add(Record(calls, "nested in newline", nested, () => calls.MountTmpfs(Of("nested"), nested, "size=64k"), Slash, Of("nested"), "rw,relatime", ["rw", "size=64k"]));

        byte[] flags = Join(root, "flags");
        calls.MakeDirectory(flags);
        ulong noSuidNoDevNoExecNoAtime = LibC.MS_NOSUID | LibC.MS_NODEV | LibC.MS_NOEXEC | LibC.MS_NOATIME;
        made.Add(Record(calls, "flags", flags, () => calls.MountTmpfs(Of("lab#src"), flags, "nr_inodes=100,uid=12,gid=34", noSuidNoDevNoExecNoAtime),
            Slash, Of("lab#src"), "rw,nosuid,nodev,noexec,noatime", ["rw", "nr_inodes=100", "uid=12", "gid=34"]));

        byte[] readOnly = Join(root, "read only");
        calls.MakeDirectory(readOnly);
        made.Add(Record(calls, "read-only tmpfs", readOnly, () => calls.MountTmpfs(Of("lab ro"), readOnly, "size=2m", LibC.MS_RDONLY),
            Slash, Of("lab ro"), "ro,relatime", ["ro", "size=2048k"]));

        // A bind of a subdirectory: root is that directory, device and source are the tmpfs's.
        ExpectedMount space = made[0];
        byte[] subName = [.. "sub dir\t\\"u8, 0xFF];
        byte[] sub = Join(Join(root, OddNames[0].Name), subName);
        calls.MakeDirectory(sub);
        byte[] bindOfSub = Join(root, "bind of sub");
        calls.MakeDirectory(bindOfSub);
        made.Add(Record(calls, "bind of subdirectory", bindOfSub, () => calls.Bind(sub, bindOfSub),
            [.. Slash, .. subName], space.Source, "rw,relatime", space.SuperOptions));

        byte[] roBind = Join(root, "ro bind");
        calls.MakeDirectory(roBind);
        made.Add(Record(calls, "read-only bind", roBind, () =>
        {
            calls.Bind(Join(root, OddNames[0].Name), roBind);
            calls.RemountBindReadOnly(roBind);
        }, Slash, space.Source, "ro,relatime", space.SuperOptions));

        // Propagation: a shared mount, its peer, a slave and a shared+slave, then a mount inside
        // the shared one that the kernel propagates to all three.
        byte[] shared = Join(root, "shared");
        byte[] peer = Join(root, "peer");
        byte[] slave = Join(root, "slave");
        byte[] sharedSlave = Join(root, "shared slave");
        foreach (byte[] path in (byte[][])[shared, peer, slave, sharedSlave])
        {
            calls.MakeDirectory(path);
        }

        string[] plainRw = ["rw"];
        ExpectedMount sharedMount = Record(calls, "shared", shared, () =>
        {
            calls.MountTmpfs(Of("lab shared"), shared, string.Empty);
            calls.MakeShared(shared);
        }, Slash, Of("lab shared"), "rw,relatime", plainRw) with { SharedGroup = "A" };
        made.Add(sharedMount);
        ExpectedMount peerMount = Record(calls, "peer", peer, () => calls.Bind(shared, peer), Slash, sharedMount.Source, "rw,relatime", plainRw) with { SharedGroup = "A" };
        made.Add(peerMount);
        ExpectedMount slaveMount = Record(calls, "slave", slave, () =>
        {
            calls.Bind(shared, slave);
            calls.MakeSlave(slave);
        }, Slash, sharedMount.Source, "rw,relatime", plainRw) with { MasterGroup = "A" };
        made.Add(slaveMount);
        ExpectedMount sharedSlaveMount = Record(calls, "shared+slave", sharedSlave, () =>
        {
            calls.Bind(shared, sharedSlave);
            calls.MakeSlave(sharedSlave);
            calls.MakeShared(sharedSlave);
        }, Slash, sharedMount.Source, "rw,relatime", plainRw) with { SharedGroup = "B", MasterGroup = "A" };
        made.Add(sharedSlaveMount);

        byte[] inside = Join(shared, "inside");
        calls.MakeDirectory(inside); // The directory is in the shared tmpfs: every bind of it sees it.
        ExpectedMount insideMount = Record(calls, "inside shared", inside, () => calls.MountTmpfs(Of("lab inside"), inside, string.Empty),
            Slash, Of("lab inside"), "rw,relatime", plainRw) with { SharedGroup = "C" };
        made.Add(insideMount);
        made.Add(Propagated(calls, "propagated to peer", Join(peer, "inside"), peerMount, insideMount) with { SharedGroup = "C" });
        made.Add(Propagated(calls, "propagated to slave", Join(slave, "inside"), slaveMount, insideMount) with { MasterGroup = "C" });
        made.Add(Propagated(calls, "propagated to shared+slave", Join(sharedSlave, "inside"), sharedSlaveMount, insideMount) with { SharedGroup = "D", MasterGroup = "C" });

        byte[] unbindable = Join(root, "unbindable");
        calls.MakeDirectory(unbindable);
        made.Add(Record(calls, "unbindable", unbindable, () =>
        {
            calls.MountTmpfs(Of("lab unbindable"), unbindable, string.Empty);
            calls.MakeUnbindable(unbindable);
        }, Slash, Of("lab unbindable"), "rw,relatime", plainRw) with { Unbindable = true });
        byte[] copy = Join(root, "unbindable copy");
        calls.MakeDirectory(copy);
        try
        {
            calls.Bind(unbindable, copy);
        }
        catch (SyscallException e)
        {
            UnbindableBindErrno = e.Errno;
        }

        // An over-mount: the lower tmpfs (and a mount on it) end up hidden under the upper one.
        byte[] over = Join(root, "over");
        calls.MakeDirectory(over);
        ExpectedMount lower = Record(calls, "over-mounted lower", over, () => calls.MountTmpfs(Of("lower"), over, "size=1m"),
            Slash, Of("lower"), "rw,relatime", ["rw", "size=1024k"]);
        byte[] lowerChild = Join(over, "child");
        calls.MakeDirectory(lowerChild);
        ExpectedMount child = Record(calls, "child of lower", lowerChild, () => calls.MountTmpfs(Of("lower child"), lowerChild, string.Empty),
            Slash, Of("lower child"), "rw,relatime", plainRw);
        made.Add(Record(calls, "over-mounting upper", over, () => calls.MountTmpfs(Of("upper"), over, string.Empty),
            Slash, Of("upper"), "rw,relatime", plainRw));
        made.Add(lower with { Hidden = true });
        made.Add(child with { Hidden = true });

        // A mount on a directory above another mount covers it too.
        byte[] above = Join(root, "above");
        byte[] deep = Join(above, "deep");
        calls.MakeDirectory(above);
        calls.MakeDirectory(deep);
        ExpectedMount covered = Record(calls, "covered deep", deep, () => calls.MountTmpfs(Of("covered"), deep, string.Empty),
            Slash, Of("covered"), "rw,relatime", plainRw);
        made.Add(Record(calls, "cover above", above, () => calls.MountTmpfs(Of("cover"), above, string.Empty),
            Slash, Of("cover"), "rw,relatime", plainRw));
        made.Add(covered with { Hidden = true });

        return made;
    }

    /// <summary>Makes one mount with <paramref name="mount"/> and takes its ID, parent and device from statx.</summary>
    private static ExpectedMount Record(NamespaceCalls calls, string label, byte[] mountPoint, Action mount, byte[] root, byte[] source,
        string mountOptions, IReadOnlyList<string> superOptions)
    {
        PathStat before = calls.Stat(mountPoint);
        mount();
        PathStat after = calls.Stat(mountPoint);
        if (after.MountId == before.MountId)
        {
            throw new InvalidOperationException($"{label}: statx shows the same mount before and after mounting; the mount did not happen.");
        }

        return new ExpectedMount
        {
            Label = label,
            Id = after.MountId,
            ParentId = before.MountId,
            Major = after.DevMajor,
            Minor = after.DevMinor,
            Root = root,
            MountPoint = mountPoint,
            MountOptions = mountOptions,
            Source = source,
            SuperOptions = superOptions,
        };
    }

    /// <summary>A copy the kernel made of <paramref name="original"/> under <paramref name="receiver"/>.</summary>
    private static ExpectedMount Propagated(NamespaceCalls calls, string label, byte[] path, ExpectedMount receiver, ExpectedMount original)
    {
        PathStat stat = calls.Stat(path);
        if (stat.MountId == receiver.Id || stat.MountId == original.Id)
        {
            throw new InvalidOperationException($"{label}: nothing was propagated to {MountText.ToDisplay(MountText.Decode(path))}.");
        }

        return original with
        {
            Label = label,
            Id = stat.MountId,
            ParentId = receiver.Id,
            MountPoint = path,
            Major = stat.DevMajor,
            Minor = stat.DevMinor,
            SharedGroup = null,
            MasterGroup = null,
        };
    }
}
