using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Linux.Labs;
using MountViz.Linux.Operations;
using MountViz.Linux.Sources;
using MountViz.Linux.Watching;

namespace MountViz.Benchmarks.Labs;

/// <summary>
/// The lab performance scenario of issue 3, on the real kernel (root): one lab with 3 peer
/// namespaces (base, n2 and n3 cloned with <c>unchanged</c>) of 200 mounts each, driven through
/// the real <see cref="LabEngine"/>, <see cref="LabOperations"/> and <see cref="MountSources"/>.
/// Measures the operation round trip (command in, every namespace re-read and diffed, result
/// out), the time from an outside mount to the change batch reaching a subscriber, and memory per
/// lab namespace; prints a Markdown table. The lab lives under a scratch mount root in /tmp and
/// is deleted at the end; the host's mount table is compared byte for byte before and after.
/// Arguments: <c>--operations N</c> (per kind, default 200), <c>--outside N</c> (mount(2)
/// tries, default 100), <c>--nsenter N</c> (nsenter tries, default 30), <c>--report FILE</c>.
/// </summary>
public static class LabBenchmark
{
    private const int MountsPerNamespace = 200;
    private const double RoundTripTarget = 5;
    private const double OutsideTarget = 20;
    private static readonly string[] Clones = ["n2", "n3"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Further apart than the feed's 50 ms batch pacing: each outside try is a first change after a quiet spell.
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(80);

    /// <summary>Runs the scenario; returns 0, or 1 when something went wrong or was left behind, 2 on bad arguments.</summary>
    public static int Run(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "--operations" or "--outside" or "--nsenter" or "--report" && i + 1 < args.Length)
            {
                settings[args[i]] = args[++i];
            }
            else
            {
                Console.Error.WriteLine($"labs: unknown argument '{args[i]}'. Usage: labs [--operations N] [--outside N] [--nsenter N] [--report FILE]");
                return 2;
            }
        }

        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("labs: the lab benchmark creates mount namespaces and needs root. Run it as root (sudo).");
            return 2;
        }

        int Count(string name, int fallback) => settings.TryGetValue(name, out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        try
        {
            return RunAsync(Count("--operations", 200), Count("--outside", 100), Count("--nsenter", 30), settings.GetValueOrDefault("--report"))
                .GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // Whatever failed, the harness reports it and exits non-zero.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"labs: the benchmark failed: {e}");
            return 1;
        }
    }

    private static async Task<int> RunAsync(int operationCount, int outsideCount, int nsenterCount, string? reportPath)
    {
        byte[] hostBefore = File.ReadAllBytes("/proc/self/mountinfo");
        string mountRoot = $"/tmp/mvz-bench-labs-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var rows = new List<string>();
        var notes = new List<string>();
        var holders = new List<int>();

        var engine = new LabEngine(new LabEngineOptions { MountRoot = mountRoot });
        var operations = new LabOperations(engine);
        var sources = new MountSources(engine);
        try
        {
            Console.WriteLine("== warm-up lab (JIT, first-use state; not measured)");
            await WarmUpAsync(engine, operations, sources);

            // Memory baseline: engine, operations and sources exist and have run once.
            long managedBefore = ManagedBytes();

            Console.WriteLine($"== lab: base + {string.Join(", ", Clones)} (peers), {MountsPerNamespace} mounts each");
            LabInfo lab = await engine.CreateLabAsync();
            foreach (string clone in Clones)
            {
                await engine.CreateNamespaceAsync(lab.Id, clone, LabInfo.BaseNamespace, NamespacePropagation.Unchanged);
            }

            lab = engine.FindLab(lab.Id)!;
            holders.AddRange(lab.Namespaces.Select(n => n.Pid));
            await FillAsync(engine, lab);

            var probes = new List<ArrivalProbe>();
            foreach (LabNamespaceInfo ns in lab.Namespaces)
            {
                probes.Add(new ArrivalProbe(ns.SourceId, sources.Subscribe(ns.SourceId)));
            }

            // One operation per namespace: its cached views exist, as in a lab someone is using.
            foreach (LabNamespaceInfo ns in lab.Namespaces)
            {
                await Ok(operations, lab.Id, $"mkdir /warm-{ns.Name}", ns.Name);
            }

            long managedAfter = ManagedBytes();
            MemoryRows(lab, managedBefore, managedAfter, rows);

            Console.WriteLine("== round trips, 3 namespaces watched by a subscriber each");
            await Ok(operations, lab.Id, "mkdir /m0/x");
            for (int i = 0; i < 60; i++)
            {
                await Ok(operations, lab.Id, i % 2 == 0 ? "mount --make-private /m2" : "mount --make-shared /m2");
            }

            List<LatencySamples> watched = await RoundTripsAsync(operations, lab.Id, operationCount, "watched");

            Console.WriteLine("== outside changes");
            (LatencySamples syscall, LatencySamples syscallAll, LatencySamples terminal, LatencySamples terminalExit) =
                await OutsideChangesAsync(engine, operations, lab, probes, outsideCount, nsenterCount);
            MountWatcher watcher = sources.FindWatcher(lab.Namespaces[0].SourceId)!;
            notes.Add($"base watcher: fanotify {(watcher.FanotifyActive ? "active" : "unavailable: " + watcher.FanotifyUnavailable)}, poll {(watcher.PollActive ? "active" : "off")}; {watcher.Counters}");
            long periodic = watcher.Counters.ChangesFoundBy(WakeReason.Periodic);
            notes.Add($"changes found by the periodic re-read (fallback) in base: {periodic}");

            foreach (ArrivalProbe probe in probes)
            {
                await probe.DisposeAsync();
            }

            Console.WriteLine("== round trips, nobody subscribed");
            List<LatencySamples> unwatched = await RoundTripsAsync(operations, lab.Id, operationCount, "unwatched");

            rows.Insert(0, "| Round trip (command in, 3 namespaces re-read and diffed, result out) | n | p50 ms | p90 ms | p99 ms | max ms | target |");
            rows.Insert(1, "|---|---:|---:|---:|---:|---:|---|");
            int at = 2;
            foreach (LatencySamples samples in watched.Concat(unwatched))
            {
                rows.Insert(at++, samples.Row(RoundTripTarget));
            }

            rows.Insert(at++, string.Empty);
            rows.Insert(at++, "| Outside change to subscriber | n | p50 ms | p90 ms | p99 ms | max ms | target |");
            rows.Insert(at++, "|---|---:|---:|---:|---:|---:|---|");
            rows.Insert(at++, syscall.Row(OutsideTarget));
            rows.Insert(at++, syscallAll.Row(OutsideTarget));
            rows.Insert(at++, terminal.Row(OutsideTarget));
            rows.Insert(at++, terminalExit.Row());
            rows.Insert(at, string.Empty);

            await engine.DeleteLabAsync(lab.Id);
        }
        finally
        {
            foreach (LabInfo left in engine.ListLabs())
            {
                await engine.DeleteLabAsync(left.Id);
            }

            await sources.DisposeAsync();
            operations.Dispose();
            await engine.DisposeAsync();
        }

        List<string> leftovers = Leftovers(hostBefore, holders, mountRoot);
        notes.Add(leftovers.Count == 0
            ? "cleanup: every lab deleted, no holder left, host /proc/self/mountinfo byte-identical before and after, scratch mount root removed"
            : "cleanup FAILED: " + string.Join("; ", leftovers));

        string report = Report(rows, notes);
        Console.WriteLine();
        Console.WriteLine(report);
        if (reportPath is not null)
        {
            await File.WriteAllTextAsync(reportPath, report);
        }

        return leftovers.Count == 0 ? 0 : 1;
    }

    private static async Task WarmUpAsync(LabEngine engine, LabOperations operations, MountSources sources)
    {
        LabInfo lab = await engine.CreateLabAsync();
        try
        {
            await engine.CreateNamespaceAsync(lab.Id, "n2", LabInfo.BaseNamespace, NamespacePropagation.Unchanged);
            LabNamespaceInfo ns = engine.FindLab(lab.Id)!.Namespaces[0];
            await using var probe = new ArrivalProbe(ns.SourceId, sources.Subscribe(ns.SourceId));
            await Ok(operations, lab.Id, "mkdir /w");
            for (int i = 0; i < 20; i++)
            {
                await Ok(operations, lab.Id, i % 2 == 0 ? "mount -t tmpfs w /w" : "umount /w");
                await Ok(operations, lab.Id, i % 2 == 0 ? "mount --make-private /" : "mount --make-shared /");
            }

            await Ok(operations, lab.Id, "mount -t tmpfs w /w");
            await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == "/w", Patience, "warm-up mount");
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id);
        }
    }

    /// <summary>Mounts tmpfs in base (outside the operations under test) until every namespace has 200 mounts.</summary>
    private static async Task FillAsync(LabEngine engine, LabInfo lab)
    {
        string workspace = lab.Namespaces[0].WorkspacePath;
        int extra = MountsPerNamespace - engine.ReadMounts(lab.Id, LabInfo.BaseNamespace).All.Mounts.Length;
        await using (LabSession session = await engine.OpenSessionAsync(lab.Id))
        {
            await session.RunInNamespaceAsync(LabInfo.BaseNamespace, _ =>
            {
                for (int i = 0; i < extra; i++)
                {
                    Directory.CreateDirectory($"{workspace}/m{i}");
                    NativeMount.Tmpfs($"mvz-bench-m{i}", $"{workspace}/m{i}");
                }

                return true;
            });
        }

        foreach (LabNamespaceInfo ns in lab.Namespaces)
        {
            int count = engine.ReadMounts(lab.Id, ns.Name).All.Mounts.Length;
            if (count != MountsPerNamespace)
            {
                throw new InvalidOperationException($"Namespace {ns.Name} has {count} mounts after the set-up, not {MountsPerNamespace}: the tmpfs mounts in base did not propagate to the peers.");
            }
        }
    }

    private static async Task<List<LatencySamples>> RoundTripsAsync(LabOperations operations, string labId, int count, string label)
    {
        var toggle = new LatencySamples($"make-private / make-shared toggle ({label})");
        var mount = new LatencySamples($"mount -t tmpfs, propagates to 3 namespaces ({label})");
        var umount = new LatencySamples($"umount, propagates to 3 namespaces ({label})");
        var mkdir = new LatencySamples($"mkdir ({label})");
        for (int i = 0; i < count; i++)
        {
            await Timed(toggle, operations, labId, i % 2 == 0 ? "mount --make-private /m1" : "mount --make-shared /m1");
        }

        for (int i = 0; i < count; i++)
        {
            OperationResult added = await Timed(mount, operations, labId, "mount -t tmpfs x /m0/x");
            if (i == 0)
            {
                int reached = added.Changes.Where(c => c.Change.Kind == MountChangeKind.Added).Select(c => c.Namespace).Distinct().Count();
                if (reached != 3)
                {
                    throw new InvalidOperationException($"mount -t tmpfs x /m0/x was reported in {reached} namespaces, not 3: the scenario's mounts are not peers.");
                }
            }

            await Timed(umount, operations, labId, "umount /m0/x");
        }

        for (int i = 0; i < count; i++)
        {
            await Timed(mkdir, operations, labId, $"mkdir /d-{label}-{i}");
        }

        return [toggle, mount, umount, mkdir];
    }

    private static async Task<OperationResult> Timed(LatencySamples samples, LabOperations operations, string labId, string command)
    {
        long start = Stopwatch.GetTimestamp();
        OperationResult result = await operations.ExecuteAsync(labId, LabInfo.BaseNamespace, command);
        samples.Add(start, Stopwatch.GetTimestamp());
        return result.Ok ? result : throw new InvalidOperationException($"`{command}` failed: {result.Message}");
    }

    private static async Task<(LatencySamples Syscall, LatencySamples SyscallAll, LatencySamples Terminal, LatencySamples TerminalExit)> OutsideChangesAsync(
        LabEngine engine, LabOperations operations, LabInfo lab, List<ArrivalProbe> probes, int syscallCount, int nsenterCount)
    {
        var syscall = new LatencySamples("mount(2) in base -> base subscriber");
        var syscallAll = new LatencySamples("mount(2) in base -> last of the 3 subscribers (propagated)");
        var terminal = new LatencySamples("`nsenter -t PID -m mount -t tmpfs ...` started -> base subscriber");
        var terminalExit = new LatencySamples("`nsenter ... mount ...` started -> process exited (for comparison)");
        LabNamespaceInfo ns = lab.Namespaces[0];
        string workspace = ns.WorkspacePath;

        await Ok(operations, lab.Id, "mkdir " + string.Join(' ', Enumerable.Range(0, syscallCount).Select(i => $"/o{i}")));
        await Ok(operations, lab.Id, "mkdir " + string.Join(' ', Enumerable.Range(0, nsenterCount).Select(i => $"/t{i}")));
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        probes.ForEach(p => p.Drain());

        await using (LabSession session = await engine.OpenSessionAsync(lab.Id))
        {
            for (int i = 0; i < syscallCount; i++)
            {
                string target = $"{workspace}/o{i}";
                long start = await session.RunInNamespaceAsync(LabInfo.BaseNamespace, _ =>
                {
                    long now = Stopwatch.GetTimestamp();
                    NativeMount.Tmpfs("mvz-bench-outside", target);
                    return now;
                });
                string labPath = $"/o{i}";
                long last = 0;
                foreach (ArrivalProbe probe in probes)
                {
                    long at = await probe.WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == labPath, Patience, $"mount {labPath}");
                    if (ReferenceEquals(probe, probes[0]))
                    {
                        syscall.Add(start, at);
                    }

                    last = Math.Max(last, at);
                }

                syscallAll.Add(start, last);
                await Task.Delay(Spacing);
            }
        }

        for (int i = 0; i < nsenterCount; i++)
        {
            string labPath = $"/t{i}";
            long start = Stopwatch.GetTimestamp();
            Nsenter(ns.Pid, "mount", "-t", "tmpfs", "-o", "size=64k", "mvz-bench-nsenter", workspace + labPath);
            terminalExit.Add(start, Stopwatch.GetTimestamp());
            long at = await probes[0].WaitForAsync(c => c.Kind == MountChangeKind.Added && c.Mount.MountPoint == labPath, Patience, $"mount {labPath}");
            terminal.Add(start, at);
            await Task.Delay(Spacing);
        }

        return (syscall, syscallAll, terminal, terminalExit);
    }

    private static void Nsenter(int pid, params string[] command)
    {
        var start = new ProcessStartInfo("nsenter") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["-t", pid.ToString(CultureInfo.InvariantCulture), "-m", "--", .. command])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nsenter -t {pid} -m {string.Join(' ', command)} exited {process.ExitCode}: {error}");
        }
    }

    private static void MemoryRows(LabInfo lab, long managedBefore, long managedAfter, List<string> rows)
    {
        var rss = lab.Namespaces.Select(n => (Name: n.Name, Rss: StatusKilobytes(n.Pid, "VmRSS"), Anon: StatusKilobytes(n.Pid, "RssAnon"))).ToList();
        double perNamespace = (managedAfter - managedBefore) / 1024.0 / lab.Namespaces.Length;
        rows.Add("| Memory per lab namespace (3 namespaces of 200 mounts, each watched by one subscriber) | value |");
        rows.Add("|---|---:|");
        foreach ((string name, long total, long anon) in rss)
        {
            rows.Add($"| holder process of {name}: VmRSS (of which RssAnon) | {total} kB ({anon} kB) |");
        }

        rows.Add(string.Create(CultureInfo.InvariantCulture, $"| server managed heap, per namespace: (GC.GetTotalMemory after − before) / {lab.Namespaces.Length} | {perNamespace:F0} kB |"));
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"| server managed heap, whole lab (before {managedBefore / 1024} kB, after {managedAfter / 1024} kB) | {(managedAfter - managedBefore) / 1024} kB |"));
        rows.Add(string.Empty);
    }

    private static long StatusKilobytes(int pid, string field)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field} line.");
    }

    private static long ManagedBytes()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task Ok(LabOperations operations, string labId, string command, string ns = LabInfo.BaseNamespace)
    {
        OperationResult result = await operations.ExecuteAsync(labId, ns, command);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"`{command}` in {ns} failed: {result.Message}");
        }
    }

    private static List<string> Leftovers(byte[] hostBefore, List<int> holders, string mountRoot)
    {
        var problems = new List<string>();
        if (!File.ReadAllBytes("/proc/self/mountinfo").AsSpan().SequenceEqual(hostBefore))
        {
            problems.Add("the host's /proc/self/mountinfo changed");
        }

        var deadline = Stopwatch.StartNew();
        List<int> alive;
        do
        {
            alive = [.. holders.Where(IsHolder)];
        }
        while (alive.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(5) && Sleep());
        problems.AddRange(alive.Select(pid => $"holder process {pid} is still running"));

        if (Directory.Exists(mountRoot))
        {
            try
            {
                Directory.Delete(mountRoot);
            }
            catch (IOException e)
            {
                problems.Add($"scratch mount root {mountRoot} could not be removed: {e.Message}");
            }
        }

        return problems;
    }

    private static bool Sleep()
    {
        Thread.Sleep(50);
        return true;
    }

    private static bool IsHolder(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("mountviz-holder", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Report(List<string> rows, List<string> notes)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        string memory = File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Lab benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {cpu}, {Environment.ProcessorCount} cores, {memory} RAM; Linux {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}; {RuntimeInformation.FrameworkDescription}, {typeof(LabBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown"} build.");
        text.AppendLine();
        foreach (string row in rows)
        {
            text.AppendLine(row);
        }

        foreach (string note in notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        return text.ToString();
    }
}
