using System.Globalization;
using System.Text;

namespace MountViz.Benchmarks.Generation;

/// <summary>
/// Writes the mountinfo of a busy Kubernetes/Docker node, with as many lines as asked: a host
/// base (ext4 root, /proc, /sys, cgroup v1 controllers, /dev, tmpfs, removable media with
/// <c>\040</c> in their paths), then pods until the count is reached. Each pod adds a network
/// namespace file, a sandbox shm, overlay roots with long <c>lowerdir</c> lists, and kubelet
/// volumes: projected/secret tmpfs, subPath bind mounts that join the root's peer group,
/// CSI and NFS mounts, some slaves (<c>master:N</c>), a few private and unbindable mounts and
/// a few over-mounts. The same seed and count always give the same bytes.
/// </summary>
/// <remarks>
/// The shape matters for the benchmark: as on a real node, the pods' mounts are siblings under
/// a handful of parents (/var/lib/kubelet, /var/lib/docker, /run), peer group 1 grows with every
/// subPath bind, and long overlay lines sit between short tmpfs lines.
/// </remarks>
public sealed class RealisticMountinfoGenerator
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Random _random;
    private readonly StringBuilder _text = new();
    private readonly string[] _layers;
    private int _target;
    private int _lines;
    private int _nextId = 21;
    private int _nextGroup = 1;
    private int _nextAnonMinor = 60;
    private long _nextNsInode = 4026532300;

    // The host mounts that pods hang below.
    private int _runId;
    private int _dockerId;
    private int _kubeletId;

    /// <summary>Creates a generator whose output depends only on <paramref name="seed"/> and the count.</summary>
    public RealisticMountinfoGenerator(int seed)
    {
        // Seeded System.Random uses the same legacy algorithm on every .NET version, so files are stable.
        _random = new Random(seed);
        _layers = new string[600];
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i] = RandomString(Base32, 26);
        }
    }

    /// <summary>Generates exactly <paramref name="mountCount"/> lines of mountinfo.</summary>
    public byte[] Generate(int mountCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mountCount, 1);
        _target = mountCount;
        _text.Clear();
        _lines = 0;
        WriteHostBase();
        while (_lines < _target)
        {
            WritePod();
        }

        return Encoding.UTF8.GetBytes(_text.ToString());
    }

    private void WriteHostBase()
    {
        int root = Mount(1, "259:2", "/", "/", "rw,relatime", Shared(), "ext4", "/dev/nvme0n1p2", "rw,errors=remount-ro");
        int sys = Mount(root, "0:22", "/", "/sys", "rw,nosuid,nodev,noexec,relatime", Shared(), "sysfs", "sysfs", "rw");
        int proc = Mount(root, "0:23", "/", "/proc", "rw,nosuid,nodev,noexec,relatime", Shared(), "proc", "proc", "rw");
        int dev = Mount(root, "0:5", "/", "/dev", "rw,nosuid,relatime", Shared(), "devtmpfs", "udev", "rw,size=16318204k,nr_inodes=4079551,mode=755,inode64");
        Mount(dev, "0:24", "/", "/dev/pts", "rw,nosuid,noexec,relatime", Shared(), "devpts", "devpts", "rw,gid=5,mode=620,ptmxmode=000");
        _runId = Mount(root, "0:25", "/", "/run", "rw,nosuid,nodev,noexec,relatime", Shared(), "tmpfs", "tmpfs", "rw,size=3271376k,mode=755,inode64");
        Mount(sys, "0:6", "/", "/sys/kernel/security", "rw,nosuid,nodev,noexec,relatime", Shared(), "securityfs", "securityfs", "rw");
        Mount(dev, "0:26", "/", "/dev/shm", "rw,nosuid,nodev", Shared(), "tmpfs", "tmpfs", "rw,inode64");
        Mount(_runId, "0:27", "/", "/run/lock", "rw,nosuid,nodev,noexec,relatime", Shared(), "tmpfs", "tmpfs", "rw,size=5120k,inode64");
        int cgroup = Mount(sys, "0:28", "/", "/sys/fs/cgroup", "ro,nosuid,nodev,noexec", Shared(), "tmpfs", "tmpfs", "ro,mode=755,inode64");
        Mount(cgroup, "0:29", "/", "/sys/fs/cgroup/unified", "rw,nosuid,nodev,noexec,relatime", Shared(), "cgroup2", "cgroup2", "rw,nsdelegate");
        Mount(cgroup, "0:30", "/", "/sys/fs/cgroup/systemd", "rw,nosuid,nodev,noexec,relatime", Shared(), "cgroup", "cgroup", "rw,xattr,name=systemd");
        int minor = 33;
        foreach (string controller in (string[])["cpu,cpuacct", "memory", "pids", "blkio", "devices", "freezer", "net_cls,net_prio", "perf_event", "hugetlb", "cpuset", "rdma", "misc"])
        {
            Mount(cgroup, $"0:{minor++}", "/", "/sys/fs/cgroup/" + controller, "rw,nosuid,nodev,noexec,relatime", Shared(), "cgroup", "cgroup", "rw," + controller);
        }

        Mount(sys, "0:31", "/", "/sys/fs/pstore", "rw,nosuid,nodev,noexec,relatime", Shared(), "pstore", "pstore", "rw");
        Mount(sys, "0:32", "/", "/sys/fs/bpf", "rw,nosuid,nodev,noexec,relatime", Shared(), "bpf", "bpf", "rw,mode=700");
        int autofs = Mount(proc, "0:45", "/", "/proc/sys/fs/binfmt_misc", "rw,relatime", Shared(), "autofs", "systemd-1", "rw,fd=29,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=17925");
        Mount(dev, "0:20", "/", "/dev/mqueue", "rw,nosuid,nodev,noexec,relatime", Shared(), "mqueue", "mqueue", "rw");
        Mount(dev, "0:46", "/", "/dev/hugepages", "rw,relatime", Shared(), "hugetlbfs", "hugetlbfs", "rw,pagesize=2M");
        Mount(sys, "0:7", "/", "/sys/kernel/debug", "rw,nosuid,nodev,noexec,relatime", Shared(), "debugfs", "debugfs", "rw");
        Mount(sys, "0:12", "/", "/sys/kernel/tracing", "rw,nosuid,nodev,noexec,relatime", Shared(), "tracefs", "tracefs", "rw");
        Mount(sys, "0:47", "/", "/sys/fs/fuse/connections", "rw,nosuid,nodev,noexec,relatime", Shared(), "fusectl", "fusectl", "rw");
        Mount(sys, "0:21", "/", "/sys/kernel/config", "rw,nosuid,nodev,noexec,relatime", Shared(), "configfs", "configfs", "rw");
        int boot = Mount(root, "259:1", "/", "/boot", "rw,relatime", Shared(), "ext4", "/dev/nvme0n1p1", "rw");
        Mount(boot, "259:0", "/", "/boot/efi", "rw,relatime", Shared(), "vfat", "/dev/nvme0n1p0", "rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro");
        int home = Mount(root, "253:1", "/", "/home", "rw,relatime", Shared(), "ext4", "/dev/mapper/vg0-home", "rw");
        _dockerId = Mount(root, "253:2", "/", "/var/lib/docker", "rw,relatime", Shared(), "xfs", "/dev/mapper/vg0-docker", "rw,attr2,inode64,logbufs=8,logbsize=32k,noquota");
        _kubeletId = Mount(root, "259:2", "/var/lib/kubelet", "/var/lib/kubelet", "rw,relatime", "shared:1 ", "ext4", "/dev/nvme0n1p2", "rw,errors=remount-ro");

        // IDs are not dense on a real host: mounts come and go.
        _nextId += 3;
        Mount(autofs, "0:48", "/", "/proc/sys/fs/binfmt_misc", "rw,nosuid,nodev,noexec,relatime", Shared(), "binfmt_misc", "binfmt_misc", "rw");
        Mount(home, "8:17", "/", @"/home/alice/USB\040Drive", "rw,nosuid,nodev,relatime", Shared(), "fuseblk", "/dev/sdb1", "rw,user_id=0,group_id=0,default_permissions,allow_other,blksize=4096");
        int runUser = Mount(_runId, "0:49", "/", "/run/user/1000", "rw,nosuid,nodev,relatime", Shared(), "tmpfs", "tmpfs", "rw,size=3271372k,nr_inodes=817843,mode=700,uid=1000,gid=1000,inode64");
        Mount(runUser, "0:50", "/", "/run/user/1000/gvfs", "rw,nosuid,nodev,relatime", Shared(), "fuse.gvfsd-fuse", "gvfsd-fuse", "rw,user_id=1000,group_id=1000");
        Mount(root, "8:33", "/", "/media/alice/Donn\u00e9es", "rw,nosuid,nodev,relatime", Shared(), "vfat", "/dev/sdc1", "rw,fmask=0022,dmask=0022,codepage=437,iocharset=utf8,shortname=mixed,errors=remount-ro");
        Mount(root, "8:49", "/", @"/mnt/backup\040disk\0402", "rw,relatime", Shared(), "ext4", "/dev/sdd1", "rw");
        Mount(root, "0:51", "/", "/srv/nfs/home", "rw,relatime", Shared(), "nfs4", "10.0.0.5:/export/home", "rw,vers=4.2,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,clientaddr=10.0.0.21,local_lock=none,addr=10.0.0.5");
    }

    private void WritePod()
    {
        string podUid = Uuid();
        string sandbox = Hex64();
        string podDir = "/var/lib/kubelet/pods/" + podUid;

        Mount(_runId, "0:4", $"net:[{_nextNsInode++}]", "/run/netns/cni-" + Uuid(), "rw", Shared(), "nsfs", "nsfs", "rw");
        Mount(_runId, AnonDevice(), "/", $"/run/containerd/io.containerd.grpc.v1.cri/sandboxes/{sandbox}/shm", "rw,nosuid,nodev,noexec,relatime", Tags(), "tmpfs", "shm", "rw,size=65536k,inode64");
        Mount(_runId, AnonDevice(), "/", $"/run/containerd/io.containerd.runtime.v2.task/k8s.io/{sandbox}/rootfs", "rw,relatime", Tags(), "overlay", "overlay", Overlay(1));

        int containers = 1 + _random.Next(2);
        for (int c = 0; c < containers; c++)
        {
            Mount(_dockerId, AnonDevice(), "/", $"/var/lib/docker/overlay2/{Hex64()}/merged", "rw,relatime", Tags(), "overlay", "overlay", Overlay(1 + _random.Next(_random.Next(10) == 0 ? 40 : 6)));
        }

        Mount(_kubeletId, AnonDevice(), "/", $"{podDir}/volumes/kubernetes.io~projected/kube-api-access-{RandomString(Lower, 5)}", "rw,relatime", Tags(), "tmpfs", "tmpfs", $"rw,size={_random.Next(100_000, 16_000_000)}k,inode64");

        int volumes = 1 + _random.Next(4);
        for (int v = 0; v < volumes; v++)
        {
            int kind = _random.Next(10);
            if (kind < 4)
            {
                string volume = Pick("tls-certs", "db-credentials", "registry-auth", "webhook-cert", "token");
                Mount(_kubeletId, AnonDevice(), "/", $"{podDir}/volumes/kubernetes.io~secret/{volume}", "rw,relatime", Tags(), "tmpfs", "tmpfs", "rw,size=1048576k,inode64");
                if (_random.Next(100) == 0)
                {
                    // kubelet re-mounted the secret on top of the old one: the first is hidden.
                    Mount(_kubeletId, AnonDevice(), "/", $"{podDir}/volumes/kubernetes.io~secret/{volume}", "rw,relatime", Tags(), "tmpfs", "tmpfs", "rw,size=1048576k,inode64");
                }
            }
            else if (kind < 7)
            {
                // A subPath of an emptyDir: a bind of the root filesystem, so a peer of mount 1's group.
                string volume = Pick("cache", "data", "scratch", "logs", "tmp");
                string sub = _random.Next(20) == 0 ? @"user\040files" : Pick("conf", "state", "run", "www");
                string container = Pick("app", "sidecar", "init-db", "proxy");
                Mount(_kubeletId, "259:2", $"{podDir}/volumes/kubernetes.io~empty-dir/{volume}/{sub}", $"{podDir}/volume-subpaths/{volume}/{container}/{_random.Next(4)}", "rw,relatime", "shared:1 ", "ext4", "/dev/nvme0n1p2", "rw,errors=remount-ro");
            }
            else if (kind < 9)
            {
                // A CSI volume: staged once, then bind-mounted into the pod in the same peer group.
                string pvc = "pvc-" + Uuid();
                string device = $"/dev/rbd{_random.Next(512)}";
                string devno = $"252:{_random.Next(4096)}";
                int group = _nextGroup++;
                Mount(_kubeletId, devno, "/", $"/var/lib/kubelet/plugins/kubernetes.io/csi/rbd.csi.ceph.com/{Hex64()}/globalmount/{pvc}", "rw,relatime", $"shared:{group} ", "ext4", device, "rw,stripe=16");
                string slave = _random.Next(10) == 0 ? $"master:{1 + _random.Next(8)} " : string.Empty;
                Mount(_kubeletId, devno, "/", $"{podDir}/volumes/kubernetes.io~csi/{pvc}/mount", "rw,relatime", $"shared:{group} {slave}", "ext4", device, "rw,stripe=16");
            }
            else
            {
                string server = $"10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}";
                string export = Pick("shared", "media", "home", "builds");
                Mount(_kubeletId, AnonDevice(), "/", $"{podDir}/volumes/kubernetes.io~nfs/{export}", "rw,relatime", Tags(), "nfs4", $"{server}:/exports/{export}", $"rw,vers=4.1,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,clientaddr=10.0.0.21,local_lock=none,addr={server}");
            }
        }
    }

    /// <summary>Adds a mount with the next ID and returns that ID.</summary>
    private int Mount(int parent, string device, string root, string mountPoint, string options, string tags, string fsType, string source, string superOptions)
    {
        int id = _nextId++;
        Add(id, parent, device, root, mountPoint, options, tags, fsType, source, superOptions);
        return id;
    }

    private void Add(int id, int parent, string device, string root, string mountPoint, string options, string tags, string fsType, string source, string superOptions)
    {
        if (_lines >= _target)
        {
            return;
        }

        _lines++;
        _text.Append(id.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(parent.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(device).Append(' ')
            .Append(root).Append(' ')
            .Append(mountPoint).Append(' ')
            .Append(options).Append(' ')
            .Append(tags).Append("- ")
            .Append(fsType).Append(' ')
            .Append(source).Append(' ')
            .Append(superOptions).Append('\n');
    }

    private string Shared() => $"shared:{_nextGroup++} ";

    /// <summary>The propagation mix of mounts under the node's shared tree.</summary>
    private string Tags()
    {
        int roll = _random.Next(1000);
        return roll switch
        {
            < 800 => Shared(),
            < 900 => $"master:{1 + _random.Next(8)} ",
            < 950 => $"shared:{_nextGroup++} master:{1 + _random.Next(8)} ",
            < 995 => string.Empty,
            _ => "unbindable ",
        };
    }

    private string AnonDevice() => $"0:{_nextAnonMinor++}";

    private string Overlay(int layers)
    {
        var text = new StringBuilder("rw,lowerdir=", 64 + (layers * 47));
        int start = _random.Next(_layers.Length);
        for (int i = 0; i < layers; i++)
        {
            if (i > 0)
            {
                text.Append(':');
            }

            text.Append("/var/lib/docker/overlay2/l/").Append(_layers[(start + (i * 7)) % _layers.Length]);
        }

        string upper = Hex64();
        return text.Append(",upperdir=/var/lib/docker/overlay2/").Append(upper)
            .Append("/diff,workdir=/var/lib/docker/overlay2/").Append(upper)
            .Append("/work,nouserxattr").ToString();
    }

    private string Pick(params string[] choices) => choices[_random.Next(choices.Length)];

    private string Hex64()
    {
        Span<byte> bytes = stackalloc byte[32];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private string Uuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        string hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private string RandomString(string alphabet, int length)
    {
        return string.Create(length, (alphabet, _random), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
            }
        });
    }
}
