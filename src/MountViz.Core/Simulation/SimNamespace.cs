namespace MountViz.Core.Simulation;

/// <summary>One namespace of the simulated lab: the roots of its workspace view.</summary>
internal sealed class SimNamespace(string name, SimLab lab)
{
    public string Name { get; } = name;

    /// <summary>The lab it belongs to (told when mounts are attached or detached here).</summary>
    public SimLab Lab { get; } = lab;

    /// <summary>Mounts whose parent lies outside the workspace view (normally the one workspace root).</summary>
    public List<SimMount> Roots { get; } = [];

    /// <summary>Every attached mount, roots first, parents before children.</summary>
    public List<SimMount> Mounts
    {
        get
        {
            var list = new List<SimMount>();
            foreach (SimMount root in Roots)
            {
                root.AddSubtreeTo(list);
            }

            return list;
        }
    }
}
