using MountViz.Core.Labs;
using MountViz.Core.Model;
using MountViz.Core.Operations;

namespace MountViz.Linux.Operations;

/// <summary>What one run of an operation inside a namespace gets: the resolved operation and the lab's tables from just before.</summary>
/// <param name="Operation">The operation with absolute lab paths.</param>
/// <param name="Namespace">The namespace it runs in.</param>
/// <param name="Before">Every readable namespace's mount table, read before the run (namespace order).</param>
/// <param name="Limits">The caps in force.</param>
internal sealed record RunInput(Operation Operation, string Namespace, IReadOnlyList<LabMountView> Before, LabLimits Limits)
{
    /// <summary>This namespace's table from before.</summary>
    public LabMountView Own => Before.First(v => v.Namespace.Name == Namespace);

    /// <summary>Each namespace's whole table, for receivers and caps.</summary>
    public IReadOnlyList<(string Namespace, MountTable Table)> Tables => [.. Before.Select(v => (v.Namespace.Name, v.All))];

    /// <summary>How many mounts each namespace has.</summary>
    public IReadOnlyDictionary<string, int> Counts => Before.ToDictionary(v => v.Namespace.Name, v => v.All.Mounts.Length, StringComparer.Ordinal);
}
