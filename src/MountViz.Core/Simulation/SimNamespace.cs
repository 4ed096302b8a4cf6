namespace MountViz.Core.Simulation;

/// <summary>One namespace of the simulated lab: the roots of its workspace view.</summary>
internal sealed class SimNamespace(string name)
{
    public string Name { get; } = name;

    /// <summary>Mounts whose parent lies outside the workspace view (normally the one workspace root).</summary>
    public List<SimMount> Roots { get; } = [];

    /// <summary>Every attached mount, roots first, parents before children.</summary>
    public IEnumerable<SimMount> Mounts => Roots.SelectMany(r => r.Subtree());
}
