using MountViz.Core.Labs;
using MountViz.Core.Operations;
using MountViz.Linux.Labs;

namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// The child "server" of the SIGKILL test: creates a lab with 3 namespaces, prints
/// <c>lab ID</c>, <c>holder PID INODE</c> per namespace and <c>ready</c>, then waits for its stdin to close
/// (so it also ends if the test host dies) and exits.
/// </summary>
internal static class SigkillHost
{
    /// <summary>The environment variable that turns the test assembly into this host; its value is the mount root.</summary>
    public const string Variable = "MOUNTVIZ_LABS_TEST_SIGKILL_HOST";

    public static void Run(string mountRoot)
    {
        int code = 0;
        using (var engine = new LabEngine(new LabEngineOptions { MountRoot = mountRoot }))
        {
            try
            {
                LabInfo lab = engine.CreateLabAsync().GetAwaiter().GetResult();
                Console.WriteLine($"lab {lab.Id}");
                engine.CreateNamespaceAsync(lab.Id, "c1", "base", NamespacePropagation.Unchanged).GetAwaiter().GetResult();
                engine.CreateNamespaceAsync(lab.Id, "c2", "c1", NamespacePropagation.Slave).GetAwaiter().GetResult();
                foreach (LabNamespaceInfo ns in engine.FindLab(lab.Id)!.Namespaces)
                {
                    Console.WriteLine($"holder {ns.Pid} {ns.Inode}");
                }

                // Every thread of this fresh process must be back in the host's namespace: none
                // may have been started from the executor while it was inside a lab namespace.
                string home = new FileInfo("/proc/self/ns/mnt").LinkTarget!;
                foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
                {
                    if (new FileInfo(Path.Combine(task, "ns", "mnt")).LinkTarget is string ns && ns != home)
                    {
                        Console.WriteLine($"stranded {Path.GetFileName(task)} {ns}");
                    }
                }

                Console.WriteLine("ready");
                Console.Out.Flush();
                while (Console.ReadLine() is not null)
                {
                }
            }
            catch (LabException e)
            {
                Console.WriteLine($"failed {e.Message}");
                code = 1;
            }
        }

        Environment.Exit(code);
    }
}
