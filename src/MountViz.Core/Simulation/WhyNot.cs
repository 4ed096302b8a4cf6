using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Operations;

namespace MountViz.Core.Simulation;

/// <summary>
/// "Why not?": does a mount event at a path in one namespace reach a path in another, through
/// which peer groups and master links, or which rule stops it, and which propagation change
/// would make it reach (as a user debugging a pod's <c>mountPropagation</c> needs). Answered
/// with the <see cref="Simulator"/> itself, not a second rule engine: a tmpfs mount at the first
/// path is simulated and the other namespace looked at; each candidate fix is applied to a fresh
/// model and the mount simulated again.
/// </summary>
public static class WhyNot
{
    /// <summary>The source name of the simulated probe mount.</summary>
    public const string ProbeSource = "whynot-probe";

    /// <summary>Answers whether a mount made at <paramref name="fromPath"/> in <paramref name="fromNamespace"/> appears at <paramref name="toPath"/> in <paramref name="toNamespace"/>.</summary>
    /// <param name="namespaces">The tables of the namespaces to consider, by name: a lab's workspace tables (lab paths), or host namespaces' whole tables. Group IDs are global.</param>
    /// <param name="fromNamespace">Where the mount event happens.</param>
    /// <param name="fromPath">The path the mount is made at (absolute, in that namespace's paths).</param>
    /// <param name="toNamespace">Where it should show up (may be the same namespace).</param>
    /// <param name="toPath">The path it should show up at (absolute).</param>
    /// <returns>The answer; <see cref="WhyNotAnswer.Supported"/> is false, with the reason, when the tables or paths cannot be simulated.</returns>
    public static WhyNotAnswer Explain(IReadOnlyDictionary<string, MountTable> namespaces, string fromNamespace, string fromPath, string toNamespace, string toPath)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(fromNamespace);
        ArgumentNullException.ThrowIfNull(fromPath);
        ArgumentNullException.ThrowIfNull(toNamespace);
        ArgumentNullException.ThrowIfNull(toPath);
        foreach (string ns in (string[])[fromNamespace, toNamespace])
        {
            if (!namespaces.ContainsKey(ns))
            {
                return WhyNotAnswer.Unsupported($"There is no namespace {ns} among {string.Join(", ", namespaces.Keys.Order(StringComparer.Ordinal))}.");
            }
        }

        if (Normalize(fromPath) is not string from || Normalize(toPath) is not string to)
        {
            return WhyNotAnswer.Unsupported($"Both paths must be absolute (start with /): from {fromPath}, to {toPath}.");
        }

        var question = new Question(namespaces, fromNamespace, from, toNamespace, to);
        SimLab lab;
        SimMount origin;
        SimMount target;
        try
        {
            lab = SimLab.From(namespaces);
            origin = SimLab.Resolve(lab.Namespaces[fromNamespace], from);
            target = SimLab.Resolve(lab.Namespaces[toNamespace], to);
        }
        catch (SimulationNotModelled e)
        {
            return WhyNotAnswer.Unsupported(e.Message);
        }

        ProbeResult probe = Probe(question, null);
        if (probe.Failure is string failure)
        {
            return WhyNotAnswer.Unsupported(failure);
        }

        string eventText = $"a mount at {fromNamespace}:{from}";
        if (probe.Arrival is string arrival)
        {
            SimMount receiver = lab.AllMounts.First(m => m.Id == probe.ReceiverId);
            ImmutableArray<WhyNotHop> chain = Chain(lab, origin, receiver, from, arrival);
            return new WhyNotAnswer
            {
                Supported = true,
                Reaches = true,
                Arrival = arrival,
                Chain = chain,
                Explanations = probe.Explanations,
                Summary = $"Yes: {eventText} appears at {toNamespace}:{arrival}. " + string.Join(" ", chain.Skip(1).Select(h => $"{h.Namespace}:{h.MountPoint} {h.Text}.")),
            };
        }

        (string rule, string stoppedBy) = StoppedBy(lab, origin, target, question, probe);
        ImmutableArray<WhyNotFix> fixes = Fixes(question, origin, target, lab);
        return new WhyNotAnswer
        {
            Supported = true,
            Reaches = false,
            Chain = [Origin(origin, from)],
            StoppedRule = rule,
            StoppedBy = stoppedBy,
            Fixes = fixes,
            Explanations = probe.Explanations,
            Summary = $"No: {eventText} does not appear at {toNamespace}:{to}. {stoppedBy}"
                + (fixes.IsEmpty ? " No propagation change of the mounts on the way makes it reach." : $" Smallest fix: {fixes[0].Text}."),
        };
    }

    private static string? Normalize(string path)
    {
        if (!path.StartsWith('/'))
        {
            return null;
        }

        try
        {
            return LabPath.Resolve(path, LabPath.Root);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Simulates the probe mount on a fresh model, after <paramref name="change"/>, and looks for its copy at the target.</summary>
    private static ProbeResult Probe(Question q, Action<SimLab>? change)
    {
        SimLab lab;
        try
        {
            lab = SimLab.From(q.Tables);
            change?.Invoke(lab);
        }
        catch (SimulationNotModelled e)
        {
            return new ProbeResult(e.Message, null, null, []);
        }

        lab.Explanations.Clear();
        Prediction p = Simulator.Predict(lab, q.FromNamespace, MountFilesystemOperation.Tmpfs(ProbeSource, q.From));
        if (!p.Supported || p.Errno is not null)
        {
            return new ProbeResult(p.Reason ?? $"A mount at {q.From} is predicted to fail with {p.Errno}.", null, null, p.Explanations);
        }

        // The probe itself is the first mount the simulation creates; every other new mount is a copy.
        int originId = p.Changes[q.FromNamespace].Where(c => c.Mount.IsNew).Min(c => c.Mount.Id);
        PredictedChange? hit = p.Changes.GetValueOrDefault(q.ToNamespace, [])
            .Where(c => c.Kind == MountChangeKind.Added && c.Mount.IsNew && c.Mount.Id != originId)
            .FirstOrDefault(c => SimPath.IsWithin(q.To, c.Mount.MountPoint));
        return new ProbeResult(null, hit?.Mount.MountPoint, hit?.Mount.ParentId, p.Explanations)
        {
            Elsewhere = [.. p.Changes.GetValueOrDefault(q.ToNamespace, []).Where(c => c.Kind == MountChangeKind.Added && c.Mount.IsNew && c.Mount.Id != originId).Select(c => c.Mount.MountPoint)],
        };
    }

    private static WhyNotHop Origin(SimMount origin, string from) => Hop(origin, origin.Group is null
        ? $"is where the mount at {from} is attached"
        : $"is where the mount at {from} is attached; it is shared ({Tags(origin)}), so its peers and their slaves receive the event");

    // The groups between the origin's group and the receiver, breadth first over master links.
    private static ImmutableArray<WhyNotHop> Chain(SimLab lab, SimMount origin, SimMount receiver, string from, string arrival)
    {
        var hops = ImmutableArray.CreateBuilder<WhyNotHop>();
        hops.Add(Origin(origin, from));
        if (origin.Group is not SimGroup start)
        {
            return hops.ToImmutable();
        }

        List<SimMount> all = [.. lab.AllMounts];
        var via = new Dictionary<SimGroup, (SimGroup Master, SimMount Slave)>();
        var queue = new Queue<SimGroup>([start]);
        var seen = new HashSet<SimGroup> { start };
        SimGroup? found = null;
        while (queue.Count > 0 && found is null)
        {
            SimGroup g = queue.Dequeue();
            if (receiver.Group == g || (receiver.Group is null && receiver.Master == g))
            {
                found = g;
                break;
            }

            foreach (SimMount slave in all.Where(m => m.Master == g && m.Group is not null))
            {
                if (seen.Add(slave.Group!))
                {
                    via[slave.Group!] = (g, slave);
                    queue.Enqueue(slave.Group!);
                }
            }
        }

        var path = new List<(SimGroup Group, SimGroup Master, SimMount Slave)>();
        for (SimGroup? g = found; g is not null && via.TryGetValue(g, out var step); g = step.Master)
        {
            path.Insert(0, (g, step.Master, step.Slave));
        }

        foreach ((SimGroup group, SimGroup master, SimMount slave) in path)
        {
            if (slave != receiver)
            {
                hops.Add(Hop(slave, $"is in {group.Label}, a slave of {master.Label}, so the event passes on to {group.Label}"));
            }
        }

        string how = receiver.Group == found
            ? (found == start ? $"is a peer of {Where(origin)} in {found.Label}" : $"is in {found!.Label}, a slave of {path[^1].Master.Label}")
            : $"is a slave of {found?.Label}";
        hops.Add(Hop(receiver, $"{how}, so the mount is copied to {arrival}"));
        return hops.ToImmutable();
    }

    private static (string Rule, string Text) StoppedBy(SimLab lab, SimMount origin, SimMount target, Question q, ProbeResult probe)
    {
        if (origin.Group is null)
        {
            return ("R-RECV", origin.Master is SimGroup master
                ? $"{Where(origin)} is a slave of {master.Label} and in no peer group: slaves receive mount events but never send them, so the mount stays in {q.FromNamespace}."
                : $"{Where(origin)} is {origin.TypeWords}: it is in no peer group, so a mount under it propagates nowhere.");
        }

        if (probe.Explanations.FirstOrDefault(e => e.Namespace == q.ToNamespace && e.Path == target.Path && e.Receives == false) is PropagationExplanation stop)
        {
            return (stop.Rule, stop.Text);
        }

        if (!probe.Elsewhere.IsEmpty)
        {
            return ("R-RECV", $"It reaches namespace {q.ToNamespace}, but at {string.Join(", ", probe.Elsewhere)}, not at {q.To}: {q.To} lies in {Where(target)} ({target.TypeWords}), which does not receive from {origin.Group.Label}.");
        }

        var upstream = new HashSet<SimGroup>();
        List<SimMount> all = [.. lab.AllMounts];
        for (SimGroup? g = origin.Master ?? all.FirstOrDefault(m => m.Group == origin.Group && m.Master is not null)?.Master; g is not null && upstream.Add(g);)
        {
            SimGroup current = g;
            g = all.FirstOrDefault(m => m.Group == current && m.Master is not null)?.Master;
        }

        return ("R-RECV", target.Group is not null && upstream.Contains(target.Group)
            ? $"{Where(target)} is in {target.Group.Label}, upstream of {Where(origin)} ({origin.TypeWords}): mount events flow from a master to its slaves, never back."
            : $"{Where(target)} is {target.TypeWords}, which is not reached from {origin.Group.Label} through peer groups and master links.");
    }

    private static ImmutableArray<WhyNotFix> Fixes(Question q, SimMount origin, SimMount target, SimLab lab)
    {
        var candidates = new List<(WhyNotChange[] Changes, Action<SimLab> Apply)>();
        WhyNotChange ShareOrigin() => new(q.FromNamespace, origin.Path, $"make {origin.Path} shared in namespace {q.FromNamespace}", MakeShared(origin));
        if (origin.Group is null)
        {
            candidates.Add(([ShareOrigin()], l => MakeShared(l, ById(l, origin.Id))));
        }

        if (target.Group is null && target != origin)
        {
            candidates.Add(([new(q.ToNamespace, target.Path, $"make {target.Path} shared in namespace {q.ToNamespace}", MakeShared(target))], l => MakeShared(l, ById(l, target.Id))));
        }

        if (origin.Group is SimGroup og && target.Group != og && target.Master != og && !Upstream(lab, og).Contains(target.Group ?? og))
        {
            candidates.Add(([SlaveOf(q, target, og.Label)], l => ById(l, target.Id).Master = ById(l, origin.Id).Group));
        }

        if (target.Group is SimGroup tg && origin.Group != tg)
        {
            candidates.Add(([PeerOf(q, origin, tg.Label, "Bidirectional")], l => JoinAsPeer(ById(l, origin.Id), ById(l, target.Id).Group!, l)));
        }

        if (target.Master is SimGroup tm && origin.Group != tm)
        {
            candidates.Add(([PeerOf(q, origin, tm.Label, "Bidirectional")], l => JoinAsPeer(ById(l, origin.Id), ById(l, target.Id).Master!, l)));
        }

        if (origin.Group is null && target != origin)
        {
            candidates.Add(([ShareOrigin(), SlaveOf(q, target, "its new group")], l =>
            {
                SimMount o = ById(l, origin.Id);
                MakeShared(l, o);
                ById(l, target.Id).Master = o.Group;
            }));
        }

        var fixes = new List<WhyNotFix>();
        foreach ((WhyNotChange[] changes, Action<SimLab> apply) in candidates)
        {
            if (Probe(q, apply).Arrival is not null)
            {
                fixes.Add(new WhyNotFix([.. changes], string.Join(", then ", changes.Select(c => c.Command is null ? c.Text : $"{c.Text} ({c.Command})"))));
            }
        }

        // Fewest changes first; among those, one a command makes before one that needs a new bind.
        return [.. fixes.OrderBy(f => f.Changes.Length).ThenBy(f => f.Changes.Count(c => c.Command is null))];
    }

    private static WhyNotChange SlaveOf(Question q, SimMount target, string group) => new(
        q.ToNamespace,
        target.Path,
        $"make {target.Path} in namespace {q.ToNamespace} a slave of {group} (bind it again from a mount of that group and make the bind a slave; in Kubernetes: mountPropagation: HostToContainer)",
        null);

    private static WhyNotChange PeerOf(Question q, SimMount origin, string group, string kubernetes) => new(
        q.FromNamespace,
        origin.Path,
        $"make {origin.Path} in namespace {q.FromNamespace} a peer of {group} (bind it again from a mount of {group}, shared; in Kubernetes: mountPropagation: {kubernetes})",
        null);

    // --make-rshared where mounts hang below it: those are where the next mounts usually land.
    private static string MakeShared(SimMount mount) => mount.Children.Count > 0 ? $"mount --make-rshared {mount.Path}" : $"mount --make-shared {mount.Path}";

    private static void MakeShared(SimLab lab, SimMount mount)
    {
        foreach (SimMount m in mount.Children.Count > 0 ? [.. mount.Subtree()] : new List<SimMount> { mount })
        {
            lab.ChangeType(m, PropagationType.Shared);
        }
    }

    private static void JoinAsPeer(SimMount mount, SimGroup group, SimLab lab)
    {
        // Peers share their master.
        mount.Group = group;
        mount.Master = lab.AllMounts.FirstOrDefault(m => m != mount && m.Group == group)?.Master;
        mount.Unbindable = false;
    }

    private static HashSet<SimGroup> Upstream(SimLab lab, SimGroup group)
    {
        var upstream = new HashSet<SimGroup>();
        List<SimMount> all = [.. lab.AllMounts];
        for (SimGroup? g = all.FirstOrDefault(m => m.Group == group && m.Master is not null)?.Master; g is not null && upstream.Add(g);)
        {
            SimGroup current = g;
            g = all.FirstOrDefault(m => m.Group == current && m.Master is not null)?.Master;
        }

        return upstream;
    }

    private static SimMount ById(SimLab lab, int id) => lab.AllMounts.First(m => m.Id == id);

    private static WhyNotHop Hop(SimMount m, string text) => new(m.Namespace.Name, m.Path, Tags(m), text);

    private static string Where(SimMount m) => $"{m.Namespace.Name}:{m.Path}";

    private static string Tags(SimMount m)
    {
        string[] tags = [.. new[] { m.Group is null ? null : m.Group.Label, m.Master is null ? null : "master:" + m.Master.Id, m.Unbindable ? "unbindable" : null }.OfType<string>()];
        return tags.Length == 0 ? "private" : string.Join(' ', tags);
    }

    private sealed record Question(IReadOnlyDictionary<string, MountTable> Tables, string FromNamespace, string From, string ToNamespace, string To);

    private sealed record ProbeResult(string? Failure, string? Arrival, int? ReceiverId, ImmutableArray<PropagationExplanation> Explanations)
    {
        public ImmutableArray<string> Elsewhere { get; init; } = [];
    }
}
