using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>
/// Runs a translated vector through the real engine: a fresh lab, the setup steps (each must
/// succeed), every namespace read, the op, every namespace read again; deletes the lab whatever
/// happens. The op's reported changes become the observation; the tables read around the op
/// only cross-check that the report accounts for everything that changed.
/// </summary>
public sealed class VectorRunner(ILabEngine engine, ILabOperations operations)
{
    /// <summary>Runs <paramref name="vector"/> in a new lab, which is deleted before this returns.</summary>
    /// <exception cref="InvalidOperationException">A setup step failed: the starting state could not be built.</exception>
    public async Task<VectorRun> RunAsync(TranslatedVector vector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (!vector.Executable)
        {
            throw new InvalidOperationException($"{vector.Vector.Id} is skipped: {vector.SkipReason}");
        }

        LabInfo lab = await engine.CreateLabAsync(cancellationToken);
        try
        {
            return await RunInLabAsync(vector, vector.Op, lab, cancellationToken);
        }
        finally
        {
            await engine.DeleteLabAsync(lab.Id, CancellationToken.None);
        }
    }

    private async Task<VectorRun> RunInLabAsync(TranslatedVector vector, LabStep opStep, LabInfo lab, CancellationToken cancellationToken)
    {
        var log = new List<string>();
        var problems = new List<string>();

        // The workspace tmpfs stands for the reference's lab-root at $S.
        MountInfo workspaceRoot = Assert.Single(engine.ReadMounts(lab.Id, LabInfo.BaseNamespace).Workspace.Mounts);
        string workspaceSource = workspaceRoot.Source;

        foreach (LabStep step in vector.Setup)
        {
            OperationResult result = await operations.ExecuteAsync(lab.Id, step.Namespace, step.Command, cancellationToken);
            log.Add($"setup {step} -> {(result.Ok ? "ok" : result.Errno)}");
            if (!result.Ok)
            {
                throw new InvalidOperationException(
                    $"{vector.Vector.Id}: setup step {step} (from `{step.Line}`) failed with {result.Errno}: {result.Message}. The vector's starting state cannot be built.");
            }

            // A clone standing for a throw-away nested namespace must leave the others alone.
            if (step.MakesUnobservedNamespace)
            {
                foreach (NamespaceChange change in result.Changes.Where(c => !vector.Unobserved.Contains(c.Namespace)))
                {
                    problems.Add($"setup {step}: unexpected {change.Change.KindName} of {change.Change.Mount.MountPoint} in {change.Namespace}");
                }
            }
        }

        Dictionary<string, LabMountView> before = ReadAll(lab.Id);
        OperationResult op = await operations.ExecuteAsync(lab.Id, opStep.Namespace, opStep.Command, cancellationToken);
        Dictionary<string, LabMountView> after = ReadAll(lab.Id);
        log.Add($"op    {opStep} -> {(op.Ok ? "ok" : op.Errno)}: {op.Message}");
        foreach (NamespaceChange change in op.Changes)
        {
            log.Add($"      reported {change.Namespace}: {change.Change.KindName} #{change.Change.Mount.Id} {change.Change.Mount.MountPoint} {change.Change.Mount.PropagationTags}"
                + (change.Change.Before is { } b && change.Change.Kind != MountChangeKind.Removed ? $" (was {b.MountPoint} {b.PropagationTags})" : ""));
        }

        VectorObservation observation = ReportedChanges.Observe(
            op,
            before.ToDictionary(b => b.Key, b => b.Value.Workspace, StringComparer.Ordinal),
            workspaceSource,
            vector.Unobserved,
            out IReadOnlyDictionary<string, MountTable> rebuilt,
            problems);
        observation = observation with { OtherExistingGroups = ReportedChanges.GroupsIn(before.Values.Select(v => v.All)) };
        ReportedChanges.CrossCheck(rebuilt, after.ToDictionary(a => a.Key, a => a.Value.Workspace, StringComparer.Ordinal), vector.Unobserved, problems);
        return new VectorRun(vector, op, observation, problems, log);
    }

    private Dictionary<string, LabMountView> ReadAll(string labId)
    {
        LabInfo lab = engine.FindLab(labId) ?? throw new InvalidOperationException($"Lab {labId} is gone.");
        return lab.Namespaces.ToDictionary(n => n.Name, n => engine.ReadMounts(labId, n.Name), StringComparer.Ordinal);
    }
}
