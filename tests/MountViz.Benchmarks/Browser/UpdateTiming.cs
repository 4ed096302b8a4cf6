namespace MountViz.Benchmarks.Browser;

/// <summary>One update() call in the page, in ms on the page's clock.</summary>
/// <param name="Start">update() was called (the batch had crossed the circuit).</param>
/// <param name="End">update() returned: the batch applied and laid out.</param>
/// <param name="Painted">The next animation frame after it (Cytoscape draws in that frame).</param>
/// <param name="Namespaces">Namespaces in the batch.</param>
/// <param name="Mounts">Mounts in its namespace snapshots.</param>
/// <param name="Changes">Node patches in it.</param>
internal sealed record UpdateTiming(double Start, double End, double Painted, int Namespaces, int Mounts, int Changes)
{
    /// <summary>Apply and layout: End - Start.</summary>
    public double Apply => End - Start;

    /// <summary>Apply, layout and the frame after: Painted - Start.</summary>
    public double ToPaint => Painted - Start;
}
