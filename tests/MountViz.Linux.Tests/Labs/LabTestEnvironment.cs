using System.Security.Cryptography;
using System.Text;
using MountViz.Core.Labs;
using MountViz.Linux.Labs;
using MountViz.Linux.Namespaces;
using MountViz.Linux.Procfs;

namespace MountViz.Linux.Tests.Labs;

/// <summary>
/// Shared by the lab tests: a scratch mount root under /tmp (instead of /run/mountviz), the
/// host's mountinfo taken before the first test, and a final check that the host's mount table
/// is byte-identical, that every engine was disposed, that no holder process and no process in
/// a lab namespace remains, and that the scratch directory is gone.
/// </summary>
public sealed class LabTestEnvironment : IDisposable
{
    private readonly byte[] _initMountInfo = ProcFiles.ReadAllBytes("/proc/1/mountinfo");
    private readonly byte[] _selfMountInfo = ProcFiles.ReadAllBytes("/proc/self/mountinfo");
    private readonly List<LabEngine> _engines = [];
    private readonly HashSet<ulong> _namespaces = [];
    private readonly HashSet<string> _labIds = [];

    /// <summary>A fresh scratch directory name (not created: the engine creates it).</summary>
    public string MountRoot { get; } = $"/tmp/mvz-labs-test-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    /// <summary>The workspace path every lab of these tests uses.</summary>
    public string WorkspacePath => MountRoot + "/workspace";

    /// <summary>The host's (this process's) mount namespace inode.</summary>
    public static ulong HostInode => Kernel.NamespaceInode("self");

    /// <summary>An engine on the scratch mount root; disposed by the test, or at the end at the latest.</summary>
    public LabEngine CreateEngine(LabLimits? limits = null) =>
        Track(new LabEngine(new LabEngineOptions { MountRoot = MountRoot, Limits = limits ?? LabLimits.Default }));

    /// <summary>An engine whose holders run <paramref name="holderCommand"/>; disposed by the test, or at the end at the latest.</summary>
    internal LabEngine CreateEngine(HolderCommand holderCommand) =>
        Track(new LabEngine(new LabEngineOptions { MountRoot = MountRoot }, holderCommand));

    /// <summary>Records a lab namespace so the final check looks for processes of ours left in it.</summary>
    public void Remember(ulong inode, string labId)
    {
        lock (_namespaces)
        {
            _namespaces.Add(inode);
            _labIds.Add(labId);
        }
    }

    /// <summary>Runs the final checks; throws (failing the run) with every problem named.</summary>
    public void Dispose()
    {
        var problems = new List<string>();
        LabEngine[] engines;
        lock (_engines)
        {
            engines = [.. _engines];
        }

        foreach (LabEngine engine in engines)
        {
            if (engine.ListLabs().Count > 0)
            {
                problems.Add($"an engine still had labs {string.Join(", ", engine.ListLabs().Select(l => l.Id))} at the end");
            }

            engine.Dispose();
        }

        if (!ProcFiles.ReadAllBytes("/proc/1/mountinfo").AsSpan().SequenceEqual(_initMountInfo))
        {
            problems.Add("/proc/1/mountinfo changed during the lab tests");
        }

        if (!ProcFiles.ReadAllBytes("/proc/self/mountinfo").AsSpan().SequenceEqual(_selfMountInfo))
        {
            problems.Add("/proc/self/mountinfo changed during the lab tests");
        }

        foreach (int pid in Kernel.HolderChildren())
        {
            problems.Add($"holder process {pid} ({Kernel.CommandLine(pid)}) is still running");
        }

        ulong[] namespaces;
        string[] labIds;
        lock (_namespaces)
        {
            namespaces = [.. _namespaces];
            labIds = [.. _labIds];
        }

        foreach ((int pid, ulong inode) in Kernel.OursIn(namespaces, labIds))
        {
            problems.Add($"process {pid} ({Kernel.CommandLine(pid)}) is still in lab namespace mnt:[{inode}]");
        }

        if (Directory.Exists(MountRoot))
        {
            try
            {
                Directory.Delete(MountRoot);
            }
            catch (IOException e)
            {
                problems.Add($"scratch mount root {MountRoot} could not be removed: {e.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(new StringBuilder("The lab tests left the host changed:").AppendJoin("\n  ", ["", .. problems]).ToString());
        }
    }

    private LabEngine Track(LabEngine engine)
    {
        engine.Changed += (_, e) => Remember(engine, e);
        lock (_engines)
        {
            _engines.Add(engine);
        }

        return engine;
    }

    private void Remember(LabEngine engine, LabEvent change)
    {
        if (engine.FindLab(change.LabId) is LabInfo lab)
        {
            foreach (LabNamespaceInfo ns in lab.Namespaces)
            {
                Remember(ns.Inode, lab.Id);
            }
        }
    }
}
