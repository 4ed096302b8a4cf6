namespace MountViz.Core.Simulation;

/// <summary>The kernel refuses the operation: thrown before anything is changed.</summary>
internal sealed class SimulationRefusal(string errno, string rule, string message) : Exception(message)
{
    public string Errno { get; } = errno;

    public string Rule { get; } = rule;
}
