using MountViz.Core.Operations;

namespace MountViz.Core.Simulation;

/// <summary>
/// <c>unshare -m --propagation X NAME</c> (R-CLONE): every mount of the source namespace is
/// copied (a shared mount's copy is a peer, a slave's a slave of the same master, an unbindable
/// one's copy is private on 6.18), then the propagation option is applied recursively to the new
/// namespace's workspace root, as the lab does: by path, so from the mount on top at <c>/</c>.
/// </summary>
internal static class NamespaceCloneSimulation
{
    public static void Clone(SimLab lab, CreateNamespaceOperation op)
    {
        if (lab.Namespaces.ContainsKey(op.Name))
        {
            throw new SimulationNotModelled($"The lab already has a namespace named {op.Name}; the lab refuses to create it (not a kernel error).");
        }

        string fromName = op.From ?? lab.Current.Name;
        if (!lab.Namespaces.TryGetValue(fromName, out SimNamespace? from))
        {
            throw new SimulationNotModelled($"The lab has no namespace named {fromName} to copy.");
        }

        var created = new SimNamespace(op.Name, lab);
        lab.Namespaces[op.Name] = created;
        foreach (SimMount root in from.Roots)
        {
            created.Roots.Add(Copy(lab, root, null, created));
        }

        lab.StructureChanged();

        lab.Explain(created, null, null, "R-CLONE", $"{op.Name} starts as a copy of {fromName}: shared mounts become peers of their originals, slaves stay slaves of the same master, private and unbindable mounts become private (an unbindable copy is bindable on Linux 6.18).");
        if (op.Propagation != NamespacePropagation.Unchanged)
        {
            PropagationType type = op.Propagation switch
            {
                NamespacePropagation.Private => PropagationType.Private,
                NamespacePropagation.Slave => PropagationType.Slave,
                _ => PropagationType.Shared,
            };
            // The call goes by path: it starts at the mount on top at the workspace root, so a
            // mount that an over-mount of / covers, and what hangs off it, keep their type.
            lab.ChangeTypes([.. SimLab.Resolve(created, "/").Subtree()], type);

            lab.Explain(created, null, null, "R-CLONE", $"Then --propagation {op.Propagation.ToWord()} applies mount --make-r{type.ToWord()} / in {op.Name}.");
        }
    }

    private static SimMount Copy(SimLab lab, SimMount original, SimMount? parent, SimNamespace ns)
    {
        var copy = new SimMount
        {
            Id = lab.NewId(),
            IsNew = true,
            Namespace = ns,
            Parent = parent,
            Dentry = original.Dentry,
            Root = original.Root,
            Filesystem = original.Filesystem,
            MountOptions = original.MountOptions,
            Group = original.Group,
            Master = original.Master,
        };
        foreach (SimMount child in original.Children)
        {
            copy.Children.Add(Copy(lab, child, copy, ns));
        }

        return copy;
    }
}
