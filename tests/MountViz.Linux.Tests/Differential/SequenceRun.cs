namespace MountViz.Linux.Tests.Differential;

/// <summary>What running one sequence in a fresh lab showed.</summary>
/// <param name="Steps">The steps run, in order (generated, or the replayed ones whose namespace existed).</param>
/// <param name="Compared">Operations predicted with a prediction and compared with the kernel.</param>
/// <param name="Unsupported">Operations the simulator declined to predict, by reason.</param>
/// <param name="Mismatch">The first disagreement: the step's index in <paramref name="Steps"/> and what differs; null when all agreed.</param>
internal sealed record SequenceRun(
    IReadOnlyList<DiffStep> Steps,
    int Compared,
    IReadOnlyDictionary<string, int> Unsupported,
    (int Index, string Text)? Mismatch)
{
    /// <summary>Compared operations by command and outcome (<c>mount ok</c>, <c>umount EBUSY</c>...).</summary>
    public IReadOnlyDictionary<string, int> Outcomes { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}
