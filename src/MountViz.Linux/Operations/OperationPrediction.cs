using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;
using MountViz.Core.Simulation;

namespace MountViz.Linux.Operations;

/// <summary>
/// The simulator around a lab operation: a prediction from the tables read before it runs (the
/// same read the observed changes are diffed against, so nothing is read twice), and afterwards
/// the comparison with what the kernel did.
/// </summary>
internal static class OperationPrediction
{
    /// <summary>Predicts <paramref name="resolved"/> run in <paramref name="ns"/> from <paramref name="views"/>.</summary>
    public static Prediction Predict(IReadOnlyList<LabMountView> views, string ns, Operation resolved)
    {
        var tables = new Dictionary<string, MountTable>(views.Count, StringComparer.Ordinal);
        var wholes = new Dictionary<string, MountTable>(views.Count, StringComparer.Ordinal);
        foreach (LabMountView view in views)
        {
            tables[view.Namespace.Name] = view.Workspace;
            wholes[view.Namespace.Name] = view.All;
        }

        try
        {
            // The whole tables (same read, same IDs) decide a pivot_root: the namespace's root and
            // the workspace root's parent lie outside the workspace.
            return Simulator.Predict(tables, ns, resolved, wholes);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException or NullReferenceException)
        {
            // A simulator bug must not stop the kernel operation; it is said, not hidden.
            return Prediction.Unsupported($"The simulator failed on this lab's state ({e.GetType().Name}: {e.Message}), so there is no prediction. This is a MountViz bug; please report it with the command and the lab's tables.");
        }
    }

    /// <summary>The prediction beside the result, or null when there is no supported prediction.</summary>
    public static PredictionComparison? Compare(Prediction prediction, OperationResult result, IReadOnlyList<LabMountView> before)
    {
        if (!prediction.Supported)
        {
            return null;
        }

        var tables = new Dictionary<string, MountTable>(before.Count, StringComparer.Ordinal);
        foreach (LabMountView view in before)
        {
            tables[view.Namespace.Name] = view.Workspace;
        }

        // Groups of the whole tables: a group that only mounts outside the workspace used is not new.
        return PredictionComparison.Compare(prediction, result, tables, PredictionComparison.GroupsIn(before.Select(v => v.All)));
    }
}
