using System.Globalization;
using MountViz.Core.Model;
using MountViz.Linux.Discovery;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Sources;

/// <summary>
/// Reads a host namespace's table through a representative process, and finds another one
/// when it ends; when none is left, the namespace is gone for this reader
/// (<see cref="Watching.MountSourceGoneException"/>).
/// </summary>
internal sealed class HostNamespaceReader(ulong inode, int representative, string procRoot)
{
    private int _pid = representative;

    public int Pid => Volatile.Read(ref _pid);

    public MountTable Read()
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int pid = Pid;
            try
            {
                MountTable table = MountInfoReader.ReadFile($"{procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/mountinfo");

                // Checked after the read: if the PID was reused meanwhile, the table may be another namespace's.
                if (NamespaceDiscovery.TryNamespaceOf(procRoot, pid.ToString(CultureInfo.InvariantCulture)) == inode)
                {
                    return table;
                }
            }
            catch (IOException)
            {
                // The representative ended; look for another.
            }

            int? next = NamespaceDiscovery.FindRepresentative(inode, procRoot);
            if (next is not int found)
            {
                break;
            }

            Volatile.Write(ref _pid, found);
        }

        throw new Watching.MountSourceGoneException($"Mount namespace mnt:[{inode}] has no process left to read it through (its last process ended).");
    }
}
