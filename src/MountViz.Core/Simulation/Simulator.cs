using System.Collections.Immutable;
using MountViz.Core.Model;
using MountViz.Core.Operations;

namespace MountViz.Core.Simulation;

/// <summary>
/// Predicts what an operation does to a lab's mounts before it runs, with the kernel's
/// shared-subtree rules of <c>mount-propagation.md</c> §2 (Linux 6.18): the errno, or the
/// changes in every namespace, and why each namespace does or does not receive the event.
/// Pure: it reads the tables it is given and nothing else.
/// </summary>
public static class Simulator
{
    /// <summary>
    /// Predicts <paramref name="operation"/> run in <paramref name="namespaceName"/>.
    /// </summary>
    /// <param name="namespaces">Each namespace's workspace table (lab paths, <c>/</c> is the workspace root), as read now; group IDs are global.</param>
    /// <param name="namespaceName">The namespace the operation runs in.</param>
    /// <param name="operation">The operation, with absolute (resolved) lab paths.</param>
    /// <returns>The prediction; <see cref="Prediction.Supported"/> is false, with the reason, for anything not modelled.</returns>
    public static Prediction Predict(IReadOnlyDictionary<string, MountTable> namespaces, string namespaceName, Operation operation) =>
        Predict(namespaces, namespaceName, operation, null);

    /// <summary>
    /// Predicts <paramref name="operation"/> run in <paramref name="namespaceName"/>, with each
    /// namespace's whole table beside its workspace view: what lies outside the view (the
    /// namespace's root, the workspace root's parent) decides a pivot_root, so a successful one is
    /// predicted only with the whole table of the namespace it runs in.
    /// </summary>
    /// <param name="namespaces">Each namespace's workspace table (lab paths, <c>/</c> is the workspace root), as read now; group IDs are global.</param>
    /// <param name="namespaceName">The namespace the operation runs in.</param>
    /// <param name="operation">The operation, with absolute (resolved) lab paths.</param>
    /// <param name="wholeTables">Each namespace's whole table from the same read (its own paths, the same IDs), or null; a namespace may be missing.</param>
    /// <returns>The prediction; <see cref="Prediction.Supported"/> is false, with the reason, for anything not modelled.</returns>
    public static Prediction Predict(IReadOnlyDictionary<string, MountTable> namespaces, string namespaceName, Operation operation, IReadOnlyDictionary<string, MountTable>? wholeTables)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(namespaceName);
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.Paths.FirstOrDefault(p => !p.StartsWith('/')) is string relative)
        {
            return Prediction.Unsupported($"The path {relative} is relative; resolve the operation against the working directory first (Operation.Resolve).");
        }

        SimLab lab;
        try
        {
            lab = SimLab.From(namespaces);
        }
        catch (SimulationNotModelled e)
        {
            return Prediction.Unsupported(e.Message);
        }

        if (wholeTables is not null)
        {
            foreach ((string name, MountTable whole) in wholeTables)
            {
                lab.Whole[name] = whole;
            }
        }

        return Predict(lab, namespaceName, operation);
    }

    /// <summary>Predicts <paramref name="operation"/> on a model built (and possibly changed) by the caller; the model is changed by it.</summary>
    internal static Prediction Predict(SimLab lab, string namespaceName, Operation operation)
    {
        if (!lab.Namespaces.TryGetValue(namespaceName, out SimNamespace? ns))
        {
            return Prediction.Unsupported($"The lab has no namespace named {namespaceName}.");
        }

        lab.Current = ns;
        var before = new MountStates(lab);
        try
        {
            switch (operation)
            {
                case MountFilesystemOperation mount:
                    AttachSimulation.NewMount(lab, mount);
                    break;
                case BindMountOperation bind:
                    AttachSimulation.Bind(lab, bind);
                    break;
                case MoveMountOperation move:
                    AttachSimulation.Move(lab, move);
                    break;
                case UnmountOperation unmount:
                    UnmountSimulation.Unmount(lab, unmount);
                    break;
                case ChangePropagationOperation change:
                    ChangeType(lab, change);
                    break;
                case PivotRootOperation pivot:
                    PivotRootSimulation.PivotRoot(lab, pivot);
                    break;
                case CreateNamespaceOperation create:
                    NamespaceCloneSimulation.Clone(lab, create);
                    break;
                case ChangeDirectoryOperation:
                    lab.Explain(ns, null, null, "-", "Changing the working directory changes no mount.");
                    break;
                case MakeDirectoryOperation or CreateFileOperation or WriteFileOperation:
                    // Creating files never changes a mount table; only the errno depends on the directory tree.
                    lab.Explain(ns, null, null, "-", "Creating a file or directory changes no mount. The directory tree is not modelled, so whether it fails (EEXIST, ENOENT, ENOTDIR) is not predicted.");
                    break;
                default:
                    return Prediction.Unsupported($"`{operation.ShellCommand}` is not modelled yet: the simulator covers new tmpfs mounts, bind, rbind, move, umount, make-*, pivot_root and namespace clones.");
            }
        }
        catch (SimulationRefusal refusal)
        {
            // A single call fails before it changes anything; a command of several calls
            // (umount -R) keeps what the calls before the failing one did.
            ImmutableDictionary<string, ImmutableArray<PredictedChange>> partial = before.Diff(lab);
            var why = new PropagationExplanation(ns.Name, null, null, refusal.Rule, refusal.Message);
            return new Prediction
            {
                Supported = true,
                Errno = refusal.Errno,
                Changes = partial,
                Explanations = partial.IsEmpty ? [why] : [.. lab.Explanations, why],
            };
        }
        catch (SimulationNotModelled e)
        {
            return Prediction.Unsupported(e.Message);
        }

        return new Prediction
        {
            Supported = true,
            Changes = before.Diff(lab),
            Explanations = [.. lab.Explanations],
        };
    }

    private static void ChangeType(SimLab lab, ChangePropagationOperation op)
    {
        SimNamespace ns = lab.Current;
        SimMount mount = SimLab.MountRootAt(ns, op.Target, op.OptionName);
        List<SimMount> targets = op.Recursive ? [.. mount.Subtree()] : [mount];
        lab.ChangeTypes(targets, op.Type, (m, was) => lab.Explain(ns, m.Path, null, "R-STATE", was == m.TypeWords
            ? $"{m.Path} stays {was}."
            : $"{m.Path} was {was} and becomes {m.TypeWords}."));
    }
}
