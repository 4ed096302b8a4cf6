namespace MountViz.Core.Simulation;

/// <summary>
/// The kernel's <c>propagate_from</c> for every slave of the model (fs/pnode.c
/// <c>get_dominating_id</c>, printed by fs/proc_namespace.c <c>show_mountinfo</c>): up the slave's
/// master chain, the first group with a member in the slave's own namespace (reachable from the
/// reader's root: in the model, attached in the namespace's workspace view) dominates it;
/// mountinfo prints it as <c>propagate_from:</c> when it is not the slave's own master. A group
/// with no member in any namespace of the lab lies outside it: it never dominates and its own
/// master is unknown, so the walk stops there (no <c>propagate_from</c>).
/// </summary>
/// <remarks>
/// Runs twice per prediction (before and after the operation) over every mount, so it allocates
/// nothing: the index of each group's master and of the namespace it was last seen in lives in
/// the group's scratch fields (<see cref="SimGroup"/>), stamped with a token per run and per
/// namespace, and each (namespace, master group) is walked once.
/// </remarks>
internal static class DominatingGroups
{
    private static int s_tokens;

    /// <summary>Sets <see cref="SimMount.PropagateFrom"/> of every attached mount of <paramref name="lab"/>.</summary>
    public static void Compute(SimLab lab)
    {
        // Each group's master, from any member in any namespace: peers share their master (a
        // copy of a peer joins its master's slaves), so the first member stands for the group.
        int run = Interlocked.Increment(ref s_tokens);
        bool anySlave = false;
        foreach (SimMount m in lab.AllMounts)
        {
            m.PropagateFrom = null;
            anySlave |= m.Master is not null;
            if (m.Group is SimGroup group && group.RunToken != run)
            {
                group.RunToken = run;
                group.ChainMaster = m.Master;
            }
        }

        if (!anySlave)
        {
            return;
        }

        foreach (SimNamespace ns in lab.Namespaces.Values)
        {
            int token = Interlocked.Increment(ref s_tokens);
            foreach (SimMount root in ns.Roots)
            {
                MarkGroups(root, token);
            }

            foreach (SimMount root in ns.Roots)
            {
                Resolve(root, run, token);
            }
        }
    }

    private static void MarkGroups(SimMount mount, int token)
    {
        if (mount.Group is SimGroup group)
        {
            group.NamespaceToken = token;
        }

        foreach (SimMount child in mount.Children)
        {
            MarkGroups(child, token);
        }
    }

    private static void Resolve(SimMount mount, int run, int token)
    {
        if (mount.Master is SimGroup master)
        {
            if (master.DominatedToken != token)
            {
                master.DominatedToken = token;
                master.Dominating = Walk(master, run, token);
            }

            mount.PropagateFrom = master.Dominating == master ? null : master.Dominating;
        }

        foreach (SimMount child in mount.Children)
        {
            Resolve(child, run, token);
        }
    }

    private static SimGroup? Walk(SimGroup master, int run, int token)
    {
        // The kernel's chains never loop; the bound only keeps an inconsistent table from hanging.
        SimGroup? group = master;
        for (int steps = 0; group is not null && steps < 10_000; steps++)
        {
            if (group.RunToken != run)
            {
                return null;
            }

            if (group.NamespaceToken == token)
            {
                return group;
            }

            group = group.ChainMaster;
        }

        return null;
    }
}
